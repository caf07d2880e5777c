package pipeline

import (
	"strings"
	"testing"
)

// hdr is the header fields a test checks; an empty want field is checked
// as empty too.
type hdr struct {
	kind, issuer, parent, raw, typeCode, issuerCode, docCode, place, date, title string
}

func headerOf(n *Notice) hdr {
	return hdr{n.Kind, n.Issuer.Name, n.Issuer.Parent, n.Number.Raw, n.Number.TypeCode, n.Number.IssuerCode, n.DocType.Code, n.Place, n.Date, n.Title}
}

// headerCase is one invented header of a kind of issue 17.
type headerCase struct {
	name   string
	header string // the header; a body and closing are added
	want   hdr
}

func runHeaderCases(t *testing.T, cases []headerCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			n := parseText(tt.header + "\n" + stdBody + stdClosing)
			if got := headerOf(n); got != tt.want {
				t.Errorf("\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// Kind 1: table cells from web pages, every cell on its own lines.
func TestHeaderTableCells(t *testing.T) {
	runHeaderCases(t, []headerCase{
		{"cells, Số alone, date broken after the day",
			"ỦY BAN NHÂN DÂN\nTỈNH KON TUM\n-------\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n|\nSố:\n41/2022/QĐ-UBND\n|\nKon Tum, ngày 14\ntháng 9 năm 2022\n|\nQUYẾT ĐỊNH\nBan hành quy chế phối hợp\n",
			hdr{"state", "ỦY BAN NHÂN DÂN TỈNH KON TUM", "", "41/2022/QĐ-UBND", "QĐ", "UBND", "QĐ", "Kon Tum", "2022-09-14", "Ban hành quy chế phối hợp"}},
		{"issuer broken mid-phrase, place broken",
			"BỘ\nCHÍNH TRỊ\n*\n|\nĐẢNG CỘNG SẢN VIỆT NAM\n|\nSố 77-KL/TW\n|\nHà\nNội, ngày 08 tháng 6 năm 2011\n|\nKẾT LUẬN\ncủa Bộ Chính trị về một đề án\n",
			hdr{"party", "BỘ CHÍNH TRỊ", "", "77-KL/TW", "KL", "TW", "KL", "Hà Nội", "2011-06-08", "của Bộ Chính trị về một đề án"}},
		{"date broken before the year",
			"TỈNH ỦY SƠN LA\n*\n|\nĐẢNG CỘNG SẢN VIỆT NAM\n|\nSố 310-TB/TU\n|\nSơn La, ngày 21 tháng 3\nnăm 2023\n|\nTHÔNG BÁO\nkết luận của Thường trực Tỉnh ủy\n",
			hdr{"party", "TỈNH ỦY SƠN LA", "", "310-TB/TU", "TB", "TU", "TB", "Sơn La", "2023-03-21", "kết luận của Thường trực Tỉnh ủy"}},
	})
}

// Kind 2: the whole document on one line.
func TestHeaderOneLine(t *testing.T) {
	tests := []struct {
		name string
		text string
		want hdr
		// first directive's text, to see the body was re-cut
		firstDirective string
	}{
		{"party guide run together",
			"BAN CHẤP HÀNH TRUNG ƯƠNG VĂN PHÒNG * Số 21-HD/VPTW ĐẢNG CỘNG SẢN VIỆT NAM Hà Nội, ngày 07 tháng 5 năm 2021 HƯỚNG DẪN về lưu trữ hồ sơ điện tử I. YÊU CẦU CHUNG 1. Bảo đảm an toàn dữ liệu của cơ quan đảng. 2. Thống nhất quy trình trong toàn hệ thống. Nơi nhận: - Các tỉnh ủy, - Lưu Văn phòng. K/T CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG Trần Văn Bình",
			hdr{"party", "VĂN PHÒNG", "BAN CHẤP HÀNH TRUNG ƯƠNG", "21-HD/VPTW", "HD", "VPTW", "HD", "Hà Nội", "2021-05-07", "về lưu trữ hồ sơ điện tử"},
			"Bảo đảm an toàn dữ liệu"},
		{"columns without spaces, type glued to Về",
			"BAN CHẤP HÀNH TRUNG ƯƠNG***Số: 58 - QĐ/TWĐTN-VPĐOÀN TNCS HỒ CHÍ MINH Hà Nội, ngày 9 tháng 8 năm 2016 QUYẾT ĐỊNHVề việc khen thưởng tập thể Điều 1. Tặng Bằng khen cho các tập thể. Điều 2. Quyết định có hiệu lực từ ngày ký. Nơi nhận: - Như Điều 2, - Lưu VP. T/M BAN BÍ THƯ BÍ THƯ Lê Văn Cường",
			hdr{"party", "BAN CHẤP HÀNH TRUNG ƯƠNG", "", "58-QĐ/TWĐTN-VP", "QĐ", "TWĐTN-VP", "QĐ", "Hà Nội", "2016-08-09", "Về việc khen thưởng tập thể"},
			"Tặng Bằng khen cho các tập thể"},
		{"state decision run together",
			"ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 12/QĐ-UBND Phú Yên, ngày 03 tháng 01 năm 2020 QUYẾT ĐỊNH Về việc giao chỉ tiêu biên chế Căn cứ Luật Tổ chức chính quyền địa phương; QUYẾT ĐỊNH: Điều 1. Giao chỉ tiêu cho các sở. Điều 2. Quyết định có hiệu lực từ ngày ký. Nơi nhận: - Như Điều 2; - Lưu: VT. TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Nguyễn Văn Hòa",
			hdr{"state", "ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN", "", "12/QĐ-UBND", "QĐ", "UBND", "QĐ", "Phú Yên", "2020-01-03", "Về việc giao chỉ tiêu biên chế"},
			"Giao chỉ tiêu cho các sở"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := parseText(tt.text)
			got := headerOf(n)
			if tt.want.kind == "party" && n.Kind == KindParty && !strings.Contains(tt.text, "ĐẢNG CỘNG SẢN") {
				got.kind = "party" // inferred from the number
			}
			if got != tt.want {
				t.Errorf("\n got %+v\nwant %+v", got, tt.want)
			}
			if len(n.Directives) == 0 || !strings.HasPrefix(n.Directives[0].Text, tt.firstDirective) {
				t.Errorf("directives %+v", n.Directives)
			}
		})
	}
}

// Kind 3: blank parts left for the stamp.
func TestHeaderBlankParts(t *testing.T) {
	runHeaderCases(t, []headerCase{
		{"blank number, blank day",
			"ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố:        /KH-UBND\nNghệ An, ngày    tháng 01 năm 2023\nKẾ HOẠCH\nTriển khai chuyển đổi số năm 2023\n",
			hdr{"state", "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "", "/KH-UBND", "KH", "UBND", "KH", "Nghệ An", "", "Triển khai chuyển đổi số năm 2023"}},
		{"dots for the number, dots for day and month",
			"BỘ TƯ PHÁP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: ....../TTr-BTP\nHà Nội, ngày ..... tháng ..... năm 2024\nTỜ TRÌNH\nVề dự án Luật Công chứng sửa đổi\n",
			hdr{"state", "BỘ TƯ PHÁP", "", "/TTr-BTP", "TTr", "BTP", "TTr", "Hà Nội", "", "Về dự án Luật Công chứng sửa đổi"}},
		{"blank date cut into columns by runs of spaces",
			"BỘ CÔNG THƯƠNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố:   815 /QĐ-BCT\nHà Nội, ngày       tháng      năm 2025\nQUYẾT ĐỊNH\nVề việc đính chính Thông tư số 05/2025/TT-BCT\n",
			hdr{"state", "BỘ CÔNG THƯƠNG", "", "815/QĐ-BCT", "QĐ", "BCT", "QĐ", "Hà Nội", "", "Về việc đính chính Thông tư số 05/2025/TT-BCT"}},
	})
}

// Kind 4: any case (legacy conversions, OCR).
func TestHeaderAnyCase(t *testing.T) {
	runHeaderCases(t, []headerCase{
		{"lower-case legacy state header",
			"Chính phủ\nSỐ: 41 /2004/NĐ-CP\nCộng hoà xã hội chủ nghĩa việt nam\nĐộc lập - tự do - hạnh phúc\nHà Nội, ngày 12 tháng 2 năm 2004\nNghị định của chính phủ\nVề việc quản lý khoáng sản\n",
			hdr{"state", "Chính phủ", "", "41/2004/NĐ-CP", "NĐ", "CP", "NĐ", "Hà Nội", "2004-02-12", "Về việc quản lý khoáng sản"}},
		{"mixed-case party heading, NGÀY in capitals",
			"TỈNH ỦY BẾN TRE\n*\nĐảng Cộng sản Việt Nam\nsố 55-CT/TU\nBẾN TRE, NGÀY 04 THÁNG 7 NĂM 2022\nCHỈ THỊ\nvề tăng cường công tác dân vận\n",
			hdr{"party", "TỈNH ỦY BẾN TRE", "", "55-CT/TU", "CT", "TU", "CT", "BẾN TRE", "2022-07-04", "về tăng cường công tác dân vận"}},
		{"legacy conversion: lower-case issuer, heading and motto broken, -0- mark, authority on the type line",
			"bộ nội vụ                cộng hoà xã hội\nchủ  nghĩa Việt nam\n -0-           Độc\nlập-Tự do-Hạnh phúc\nSố:  27 /2001/QĐ/BNV\nHà nội, ngày  14  tháng 3 năm 2001\n   quyết định của bộ trưởng bộ nội vụ\nvề việc ban hành quy chế làm việc\n",
			hdr{"state", "bộ nội vụ", "", "27/2001/QĐ/BNV", "QĐ", "BNV", "QĐ", "Hà nội", "2001-03-14", "về việc ban hành quy chế làm việc"}},
		{"VNI conversion: V/v title in paragraphs, old dotted code",
			"UBND TỈNH QUẢNG TRỊ     CỘNG HOÀ XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\n\nBQL KHU KINH TẾ       Độc lập – Tự do\n– Hạnh phúc\n\n   TỈNH QUẢNG TRỊ\n   *****\n   Số :          /QĐ. BQL–KH\t Đông Hà , ngày\ntháng     năm 2008\n\nQUYẾT ĐỊNH\n\nV/v : Ban hành quy chế thi đua,\n\nkhen thưởng của cơ quan\n\n",
			hdr{"state", "BQL KHU KINH TẾ TỈNH QUẢNG TRỊ", "UBND TỈNH QUẢNG TRỊ", "/QĐ.BQL–KH", "QĐ", "BQL–KH", "QĐ", "Đông Hà", "", "V/v : Ban hành quy chế thi đua, khen thưởng của cơ quan"}},
		{"ornament of colons and dashes under a legacy issuer, columns of spaces",
			"BỘ  TÀI  CHÍNH\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n-:-\n\nĐộc lập - Tự do - Hạnh phúc\nSố: 08 /2001/TT-BTC\nHà nội, ngày  18  tháng 1  năm 2001\n\nTHÔNG TƯ\n\nHướng dẫn bổ sung quy định về thuế\n\n",
			hdr{"state", "BỘ TÀI CHÍNH", "", "08/2001/TT-BTC", "TT", "BTC", "TT", "Hà nội", "2001-01-18", "Hướng dẫn bổ sung quy định về thuế"}},
		{"ornament ':::' under a party issuer",
			"TỈNH ỦY LONG AN\n:::\nSố 15-TB/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nLong An, ngày 3 tháng 5 năm 2022\nTHÔNG BÁO\nkết luận của Ban Thường vụ\n",
			hdr{"party", "TỈNH ỦY LONG AN", "", "15-TB/TU", "TB", "TU", "TB", "Long An", "2022-05-03", "kết luận của Ban Thường vụ"}},
		{"OCR of a handwritten day: the place and the title are kept, the date left blank",
			"ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: /TB-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 2Š tháng 11 năm 2024\n\nTHÔNG BÁO\nKết luận của Phó Chủ tịch UBND tỉnh\n",
			hdr{"state", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "", "/TB-UBND", "TB", "UBND", "TB", "Quảng Ngãi", "", "Kết luận của Phó Chủ tịch UBND tỉnh"}},
		{"OCR of a handwritten day and month in a party header",
			"HUYỆN ỦY CHÂU THÀNH\n*\nSố -TB/HU\nĐẢNG CỘNG SẢN VIỆT NAM\nChâu Thành, ngày l? tháng O3 năm 2025\nTHÔNG BÁO\nKết luận của Ban Thường vụ Huyện ủy\n",
			hdr{"party", "HUYỆN ỦY CHÂU THÀNH", "", "-TB/HU", "TB", "HU", "TB", "Châu Thành", "", "Kết luận của Ban Thường vụ Huyện ủy"}},
		{"lower-case motto only",
			"BỘ Y TẾ\n-------\ncộng hòa xã hội chủ nghĩa việt nam\nđộc lập - tự do - hạnh phúc\nSố: 3090/QĐ-BYT\nHà Nội, ngày 30 tháng 10 năm 2023\nQUYẾT ĐỊNH\nVề việc ban hành hướng dẫn chuyên môn\n",
			hdr{"state", "BỘ Y TẾ", "", "3090/QĐ-BYT", "QĐ", "BYT", "QĐ", "Hà Nội", "2023-10-30", "Về việc ban hành hướng dẫn chuyên môn"}},
	})
}

// Kind 5: slips of converters, OCR and typing.
func TestHeaderSlips(t *testing.T) {
	runHeaderCases(t, []headerCase{
		{"space inside syllables, spaced code",
			"THỦ TƯỚNG CHÍNH PHỦ\nCỘ NG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạ nh phúc\nSố: 14/C T-TTg\nHà Nội, ngày 11 tháng 4 năm 2025\nCHỈ THỊ\nVề tăng cường phòng cháy rừng\n",
			hdr{"state", "THỦ TƯỚNG CHÍNH PHỦ", "", "14/CT-TTg", "CT", "TTg", "CT", "Hà Nội", "2025-04-11", "Về tăng cường phòng cháy rừng"}},
		{"wrong marks from a converter",
			"BAN CHẤP HÀNH TRUNG ƯƠNG\nVĂN PHỊNG\n*\nÐẢNG CỘNG SẢN VIỆT NAM\nSố 19-HD/VPTW\nHà Nội, ngày 02 tháng 11 năm 2015\nHƯỚNG DẪN\nvề công tác văn thư\n",
			hdr{"party", "VĂN PHỊNG", "BAN CHẤP HÀNH TRUNG ƯƠNG", "19-HD/VPTW", "HD", "VPTW", "HD", "Hà Nội", "2015-11-02", "về công tác văn thư"}},
		{"CỘNG HỊA, Vietnamese capital in the code, K ÉT LUẬN",
			"TỈNH ỦY HÀ GIANG\n*\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 445-KL/TƯ\nHà Giang, ngày 15 tháng 12 năm 2019\nK ÉT LUẬN\ncủa Ban Thường vụ về công tác cán bộ\n",
			hdr{"party", "TỈNH ỦY HÀ GIANG", "", "445-KL/TƯ", "KL", "TƯ", "KL", "Hà Giang", "2019-12-15", "của Ban Thường vụ về công tác cán bộ"}},
		{"state heading with one wrong mark",
			"ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN\nCỘNG HỊA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 77/TB-UBND\nĐiện Biên, ngày 06 tháng 6 năm 2024\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n",
			hdr{"state", "ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN", "", "77/TB-UBND", "TB", "UBND", "TB", "Điện Biên", "2024-06-06", "Kết luận của Chủ tịch UBND tỉnh"}},
	})
}

// Kind 6: the elements in another order.
func TestHeaderOrder(t *testing.T) {
	runHeaderCases(t, []headerCase{
		{"date after the V/v line",
			"ỦY BAN NHÂN DÂN\nHUYỆN ĐẠI LỘC\nSố: 208/UBND-VP\nV/v tổ chức trực Tết Nguyên đán\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐại Lộc, ngày 10 tháng 01 năm 2024\n",
			hdr{"state", "ỦY BAN NHÂN DÂN HUYỆN ĐẠI LỘC", "", "208/UBND-VP", "", "UBND-VP", "CV", "Đại Lộc", "2024-01-10", "V/v tổ chức trực Tết Nguyên đán"}},
		{"number beside the heading",
			"ĐẢNG CỘNG SẢN VIỆT NAM Số 12-BC/HU\nHUYỆN ỦY CỦ CHI\nCủ Chi, ngày 02 tháng 6 năm 2021\nBÁO CÁO\nsơ kết công tác 6 tháng đầu năm\n",
			hdr{"party", "HUYỆN ỦY CỦ CHI", "", "12-BC/HU", "BC", "HU", "BC", "Củ Chi", "2021-06-02", "sơ kết công tác 6 tháng đầu năm"}},
		{"heading and issuer swapped",
			"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSỞ TÀI CHÍNH\nTỈNH LONG AN\nLong An, ngày 19 tháng 8 năm 2022\nSố: 45/KH-STC\nKẾ HOẠCH\nKiểm tra tài chính năm 2022\n",
			hdr{"state", "SỞ TÀI CHÍNH TỈNH LONG AN", "", "45/KH-STC", "KH", "STC", "KH", "Long An", "2022-08-19", "Kiểm tra tài chính năm 2022"}},
	})
}

// Kind 7: issuers.
func TestHeaderIssuers(t *testing.T) {
	runHeaderCases(t, []headerCase{
		{"name wrapped in a narrow column",
			"BỘ NÔNG NGHIỆP VÀ PHÁT\nTRIỂN NÔNG THÔN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 11/2019/TT-BNNPTNT\nHà Nội, ngày 30 tháng 10 năm 2019\nTHÔNG TƯ\nHướng dẫn về quản lý giống cây trồng\n",
			hdr{"state", "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "", "11/2019/TT-BNNPTNT", "TT", "BNNPTNT", "TT", "Hà Nội", "2019-10-30", "Hướng dẫn về quản lý giống cây trồng"}},
		{"name wrapped after a hyphen word",
			"BỘ VĂN HÓA - THỂ\nTHAO VÀ DU LỊCH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 08/2022/TT-BVHTTDL\nHà Nội, ngày 05 tháng 9 năm 2022\nTHÔNG TƯ\nQuy định về quản lý di tích\n",
			hdr{"state", "BỘ VĂN HÓA - THỂ THAO VÀ DU LỊCH", "", "08/2022/TT-BVHTTDL", "TT", "BVHTTDL", "TT", "Hà Nội", "2022-09-05", "Quy định về quản lý di tích"}},
		{"name printed twice, banner and gazette section heading",
			"VĂN BẢN QUY PHẠM PHÁP LUẬT\nTÀI LIỆU NỘI BỘ - KHÔNG LƯU HÀNH\nBỘ XÂY DỰNG\nBỘ XÂY DỰNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 06/2024/TT-BXD\nHà Nội, ngày 01 tháng 7 năm 2024\nTHÔNG TƯ\nHướng dẫn về định mức xây dựng\n",
			hdr{"state", "BỘ XÂY DỰNG", "", "06/2024/TT-BXD", "TT", "BXD", "TT", "Hà Nội", "2024-07-01", "Hướng dẫn về định mức xây dựng"}},
		{"signature of the text before on a gazette page",
			"KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Văn Sinh\nBỘ CÔNG AN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 22/2023/TT-BCA\nHà Nội, ngày 15 tháng 6 năm 2023\nTHÔNG TƯ\nQuy định về đăng ký xe\n",
			hdr{"state", "BỘ CÔNG AN", "", "22/2023/TT-BCA", "TT", "BCA", "TT", "Hà Nội", "2023-06-15", "Quy định về đăng ký xe"}},
	})
}

// Kind 8: titles.
func TestHeaderTitles(t *testing.T) {
	runHeaderCases(t, []headerCase{
		{"CỦA line under the type name",
			"TỈNH ỦY THÁI BÌNH\n*\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 09-NQ/TU\nThái Bình, ngày 20 tháng 5 năm 2022\nNGHỊ QUYẾT\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\nvề phát triển nông nghiệp hữu cơ\n",
			hdr{"party", "TỈNH ỦY THÁI BÌNH", "", "09-NQ/TU", "NQ", "TU", "NQ", "Thái Bình", "2022-05-20", "CỦA BAN THƯỜNG VỤ TỈNH ỦY về phát triển nông nghiệp hữu cơ"}},
		{"parenthetical line under the title",
			"ĐẢNG BỘ TỈNH NINH BÌNH\nBAN CHẤP HÀNH\n*\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 01-BC/TU\nNinh Bình, ngày 10 tháng 9 năm 2020\nBÁO CÁO\nkết quả nhiệm kỳ 2015 - 2020\n(Trình Đại hội đại biểu lần thứ XXII)\n",
			hdr{"party", "BAN CHẤP HÀNH", "ĐẢNG BỘ TỈNH NINH BÌNH", "01-BC/TU", "BC", "TU", "BC", "Ninh Bình", "2020-09-10", "kết quả nhiệm kỳ 2015 - 2020 (Trình Đại hội đại biểu lần thứ XXII)"}},
		{"enacting authority in capitals under a title in capitals",
			"ỦY BAN NHÂN DÂN\nTỈNH BẮC KẠN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 30/2021/QĐ-UBND\nBắc Kạn, ngày 15 tháng 11 năm 2021\nQUYẾT ĐỊNH\nBAN HÀNH QUY CHẾ QUẢN LÝ CỤM CÔNG NGHIỆP\nỦY BAN NHÂN DÂN TỈNH BẮC KẠN\nCăn cứ Luật Tổ chức chính quyền địa phương;\n",
			hdr{"state", "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", "", "30/2021/QĐ-UBND", "QĐ", "UBND", "QĐ", "Bắc Kạn", "2021-11-15", "BAN HÀNH QUY CHẾ QUẢN LÝ CỤM CÔNG NGHIỆP"}},
		{"council with its term and session",
			"HỘI ĐỒNG NHÂN DÂN\nTỈNH CAO BẰNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/2023/NQ-HĐND\nCao Bằng, ngày 07 tháng 7 năm 2023\nNGHỊ QUYẾT\nQUY ĐỊNH MỨC CHI HỖ TRỢ HỌC SINH\nHỘI ĐỒNG NHÂN DÂN TỈNH CAO BẰNG\nKHÓA XVII, KỲ HỌP THỨ 12\nCăn cứ Luật Ngân sách nhà nước;\n",
			hdr{"state", "HỘI ĐỒNG NHÂN DÂN TỈNH CAO BẰNG", "", "12/2023/NQ-HĐND", "NQ", "HĐND", "NQ", "Cao Bằng", "2023-07-07", "QUY ĐỊNH MỨC CHI HỖ TRỢ HỌC SINH"}},
		{"V/v wrapped over a cited decision",
			"ỦY BAN NHÂN DÂN\nTỈNH HẬU GIANG\nSố: 1502/UBND-NCTH\nV/v triển khai thực hiện\nQuyết định số 88/QĐ-TTg của Thủ tướng\nChính phủ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHậu Giang, ngày 02 tháng 8 năm 2023\n",
			hdr{"state", "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG", "", "1502/UBND-NCTH", "", "UBND-NCTH", "CV", "Hậu Giang", "2023-08-02", "V/v triển khai thực hiện Quyết định số 88/QĐ-TTg của Thủ tướng Chính phủ"}},
		{"title stops before a paragraph ending in a colon",
			"BỘ TÀI CHÍNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 71/QĐ-BTC\nHà Nội, ngày 18 tháng 1 năm 2024\nQUYẾT ĐỊNH\nVề việc công bố thủ tục hành chính\nBỘ TRƯỞNG BỘ TÀI CHÍNH\nQUYẾT ĐỊNH:\n",
			hdr{"state", "BỘ TÀI CHÍNH", "", "71/QĐ-BTC", "QĐ", "BTC", "QĐ", "Hà Nội", "2024-01-18", "Về việc công bố thủ tục hành chính"}},
	})
}

// Kind 9: documents whose facts are not in the header.
func TestHeaderFactsElsewhere(t *testing.T) {
	cert := "CÔNG BÁO/Số 411 + 412/Ngày 20-3-2024\nVĂN BẢN HỢP NHẤT -\nBỘ GIAO THÔNG VẬN TẢI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTHÔNG TƯ\nQuy định về đào tạo lái xe\n" +
		"Thông tư số 12/2017/TT-BGTVT ngày 15 tháng 4 năm 2017 được sửa đổi bởi:\nCăn cứ Luật Giao thông đường bộ;\nĐiều 1. Phạm vi điều chỉnh\nĐiều 2. Hiệu lực thi hành./.\n" +
		"BỘ GIAO THÔNG VẬN TẢI\nSố: 07/VBHN-BGTVT\nXÁC THỰC VĂN BẢN HỢP NHẤT\nHà Nội, ngày 05 tháng 3 năm 2024\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nLê Đình Thọ\n"
	n := parseText(cert)
	want := hdr{"state", "BỘ GIAO THÔNG VẬN TẢI", "", "07/VBHN-BGTVT", "VBHN", "BGTVT", "VBHN", "Hà Nội", "2024-03-05", "Quy định về đào tạo lái xe"}
	if got := headerOf(n); got != want {
		t.Errorf("certification block, XÁC THỰC:\n got %+v\nwant %+v", got, want)
	}
	// XÁC NHẬN, the number above the heading, the issuer wrapped.
	cert2 := strings.Replace(strings.Replace(cert, "BỘ GIAO THÔNG VẬN TẢI\nSố: 07/VBHN-BGTVT\nXÁC THỰC", "BỘ GIAO THÔNG\nVẬN TẢI\nSố: 07/VBHN-BGTVT\n\nXÁC NHẬN", 1), "Lê Đình Thọ", "Lê Đình Thọ\n1 Thông tư số 05/2023/TT-BGTVT sửa đổi.", 1)
	if got := headerOf(parseText(cert2)); got != want {
		t.Errorf("certification block, XÁC NHẬN:\n got %+v\nwant %+v", got, want)
	}
	// The banner run onto the issuer's name on one line.
	cert3 := strings.Replace(cert, "VĂN BẢN HỢP NHẤT -\nBỘ GIAO THÔNG VẬN TẢI\n", "VĂN BẢN HỢP NHẤT - BỘ GIAO THÔNG VẬN TẢI\n", 1)
	if got := headerOf(parseText(cert3)); got != want {
		t.Errorf("banner on the issuer's line:\n got %+v\nwant %+v", got, want)
	}
	// A number line that opens with the type name (National Assembly).
	nq := "ỦY BAN THƯỜNG VỤ QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nNghị quyết số: 17/2023/UBTVQH15\nNGHỊ QUYẾT\nVề việc thành lập thị xã\n" + stdBody + stdClosing
	if got := headerOf(parseText(nq)); got.raw != "17/2023/UBTVQH15" || got.docCode != "NQ" || got.title != "Về việc thành lập thị xã" || got.issuer != "ỦY BAN THƯỜNG VỤ QUỐC HỘI" {
		t.Errorf("typed number line: %+v", got)
	}
	// A republished text under its gazette heading line.
	rep := "Quyết định của Thủ tướng Chính phủ số 131/2004/QĐ-TTg ngày 19 tháng 7 năm 2004 về việc thành lập Quỹ hỗ trợ\nphát triển hợp tác xã\nTHỦ TƯỚNG CHÍNH PHỦ\nCăn cứ Luật Tổ chức Chính phủ;\nQUYẾT ĐỊNH:\nĐiều 1. Thành lập Quỹ.\nĐiều 2. Hiệu lực thi hành.\n"
	n = parseText(rep)
	if n.Number.Raw != "131/2004/QĐ-TTg" || n.Date != "2004-07-19" || n.DocType.Code != "QĐ" || n.Title != "về việc thành lập Quỹ hỗ trợ phát triển hợp tác xã" {
		t.Errorf("gazette heading line: %+v", headerOf(n))
	}
	// The gazette's running head is furniture, even in mixed case.
	g := "Công báo/Số 88/Ngày 02-02-2024\nBỘ NỘI VỤ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 03/2024/TT-BNV\nHà Nội, ngày 15 tháng 1 năm 2024\nTHÔNG TƯ\nHướng dẫn về biên chế\n"
	if got := headerOf(parseText(g + stdBody + stdClosing)); got.issuer != "BỘ NỘI VỤ" || got.date != "2024-01-15" || got.title != "Hướng dẫn về biên chế" {
		t.Errorf("gazette running head: %+v", got)
	}
}
