package pipeline

import (
	"strconv"
	"strings"
	"testing"

	"vanban/extract"
)

// parseText parses a document given as text.
func parseText(s string) *Notice {
	return Parse(&extract.Document{Path: "t.txt", Format: extract.FormatText, Encoding: "utf-8", Text: extract.Normalize(s)})
}

const (
	stdBody = `Ngày 02/10/2024, Ban Thường vụ Tỉnh ủy họp và kết luận như sau:
1. Tập trung hoàn thành các chỉ tiêu năm 2024.
2. Đẩy nhanh tiến độ các dự án trọng điểm.
`
	stdClosing = `Nơi nhận:
- Các huyện ủy,
- Lưu Văn phòng Tỉnh ủy.
T/L BAN THƯỜNG VỤ
CHÁNH VĂN PHÒNG
Phạm Thị Mai Tiên
`
)

func TestHeaderVariants(t *testing.T) {
	type want struct {
		kind, issuer, parent, raw, seq, typeCode, issuerCode, docCode, place, date, title string
	}
	tests := []struct {
		name   string
		header string
		want   want
	}{
		{"party, number without colon", "TỈNH ỦY TIỀN GIANG\nĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 250-TB/TU\nTiền Giang, ngày 09 tháng 10 năm 2024\nTHÔNG BÁO\nkết luận của Ban Thường vụ\n-----\n",
			want{"party", "TỈNH ỦY TIỀN GIANG", "", "250-TB/TU", "250", "TB", "TU", "TB", "Tiền Giang", "2024-10-09", "kết luận của Ban Thường vụ"}},
		{"state, colon and slash", "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 123/QĐ-UBND\nAn Giang, ngày 05 tháng 3 năm 2020\nQUYẾT ĐỊNH\nVề việc thành lập Ban chỉ đạo\n",
			want{"state", "ỦY BAN NHÂN DÂN TỈNH AN GIANG", "", "123/QĐ-UBND", "123", "QĐ", "UBND", "QĐ", "An Giang", "2020-03-05", "Về việc thành lập Ban chỉ đạo"}},
		{"spaces around the hyphen, parent line", "ĐẢNG BỘ TỈNH BẮC NINH\nBAN CHẤP HÀNH\n*\nSố 09 - HD/BTCTU\nĐẢNG CỘNG SẢN VIỆT NAM\nBắc Ninh, ngày 9 tháng 1 năm 2024\nHƯỚNG DẪN\nvề công tác đảng viên\n",
			want{"party", "BAN CHẤP HÀNH", "ĐẢNG BỘ TỈNH BẮC NINH", "09-HD/BTCTU", "09", "HD", "BTCTU", "HD", "Bắc Ninh", "2024-01-09", "về công tác đảng viên"}},
		{"en dash, place without comma", "TRUNG ƯƠNG HỘI NÔNG DÂN VIỆT NAM\nSố 357 –CV/HNDTW\nHà Nội ngày 15 tháng 02 năm 2019\nV/v tổ chức hội nghị\n",
			want{"party", "TRUNG ƯƠNG HỘI NÔNG DÂN VIỆT NAM", "", "357-CV/HNDTW", "357", "CV", "HNDTW", "CV", "Hà Nội", "2019-02-15", "V/v tổ chức hội nghị"}},
		{"en dashes: the separator is the grammar's hyphen, a dash inside the symbol stays as printed", "TỈNH ĐOÀN BÌNH ĐỊNH\nSố 41 – KH/TĐTN–VP\nĐOÀN TNCS HỒ CHÍ MINH\nQuy Nhơn, ngày 2 tháng 3 năm 2014\nKẾ HOẠCH\nTổ chức tháng thanh niên\n",
			want{"party", "TỈNH ĐOÀN BÌNH ĐỊNH", "", "41-KH/TĐTN–VP", "41", "KH", "TĐTN–VP", "KH", "Quy Nhơn", "2014-03-02", "Tổ chức tháng thanh niên"}},
		{"state number with an en dash", "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 45/KH–UBND\nAn Giang, ngày 05 tháng 3 năm 2020\nKẾ HOẠCH\nThực hiện chương trình\n",
			want{"state", "ỦY BAN NHÂN DÂN TỈNH AN GIANG", "", "45/KH–UBND", "45", "KH", "UBND", "KH", "An Giang", "2020-03-05", "Thực hiện chương trình"}},
		{"legal document with year", "BỘ TÀI CHÍNH\n———\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 01/2026/TT-BTC\nHà Nội, ngày 01 tháng 01 năm 2026\nTHÔNG TƯ\nQuy định việc quản lý kinh phí\nbảo đảm trật tự an toàn giao thông\n\n",
			want{"state", "BỘ TÀI CHÍNH", "", "01/2026/TT-BTC", "01", "TT", "BTC", "TT", "Hà Nội", "2026-01-01", "Quy định việc quản lý kinh phí bảo đảm trật tự an toàn giao thông"}},
		{"number left blank, date not filled in", "THÀNH ỦY HÀ NỘI\nBAN TỔ CHỨC\n*\nSố -HD/BTCTU\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Nội, ngày     tháng 11 năm 2025\nHƯỚNG DẪN\nNghiệp vụ công tác tổ chức đảng\n",
			want{"party", "BAN TỔ CHỨC", "THÀNH ỦY HÀ NỘI", "-HD/BTCTU", "", "HD", "BTCTU", "HD", "Hà Nội", "", "Nghiệp vụ công tác tổ chức đảng"}},
		{"header pasted on one line", "TỈNH ỦY TIỀN GIANG ĐẢNG CỘNG SẢN VIỆT NAM Số 250-TB/TU Tiền Giang, ngày 09 tháng 10 năm 2024\nTHÔNG BÁO\nkết luận của Ban Thường vụ\n-----\n",
			want{"party", "TỈNH ỦY TIỀN GIANG", "", "250-TB/TU", "250", "TB", "TU", "TB", "Tiền Giang", "2024-10-09", "kết luận của Ban Thường vụ"}},
		{"columns separated by runs of spaces", "TỈNH ỦY TIỀN GIANG            ĐẢNG CỘNG SẢN VIỆT NAM\n        *\nSố 250-TB/TU          Tiền Giang, ngày 09 tháng 10 năm 2024\n\n                 THÔNG BÁO\n     kết luận của Ban Thường vụ\n            -----\n",
			want{"party", "TỈNH ỦY TIỀN GIANG", "", "250-TB/TU", "250", "TB", "TU", "TB", "Tiền Giang", "2024-10-09", "kết luận của Ban Thường vụ"}},
		{"columns separated by bars", "BAN CHẤP HÀNH TRUNG ƯƠNG | ĐẢNG CỘNG SẢN VIỆT NAM\nVĂN PHÒNG |\nSố 36-HD/VPTW | Hà Nội, ngày 03 tháng 4 năm 2018\nHƯỚNG DẪN VỀ THỂ THỨC VÀ KỸ THUẬT TRÌNH BÀY VĂN BẢN CỦA ĐẢNG\n",
			want{"party", "VĂN PHÒNG", "BAN CHẤP HÀNH TRUNG ƯƠNG", "36-HD/VPTW", "36", "HD", "VPTW", "HD", "Hà Nội", "2018-04-03", "VỀ THỂ THỨC VÀ KỸ THUẬT TRÌNH BÀY VĂN BẢN CỦA ĐẢNG"}},
		{"mixed-case type name, decorations", "HUYỆN ỦY ĐỊNH HOÁ\n***\nSố 12-KH/HU\nĐịnh Hoá, ngày 20 tháng 02 năm 2018\n\nKế hoạch\ntriển khai Nghị quyết\n*\n",
			want{"unknown", "HUYỆN ỦY ĐỊNH HOÁ", "", "12-KH/HU", "12", "KH", "HU", "KH", "Định Hoá", "2018-02-20", "triển khai Nghị quyết"}},
		{"state heading on two lines, date wrapped", "ỦY BAN NHÂN DÂN\nTỈNH TUYÊN QUANG\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\nSố: 87/KH-UBND\nTuyên Quang, ngày\n10 tháng 12 năm 2013\nKẾ HOẠCH\nCẢI\nCÁCH HÀNH CHÍNH NĂM 2014\nTriển khai Nghị quyết số 30c/NQ-CP, Ủy ban nhân dân tỉnh xây dựng kế hoạch:\n",
			want{"state", "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG", "", "87/KH-UBND", "87", "KH", "UBND", "KH", "Tuyên Quang", "2013-12-10", "CẢI CÁCH HÀNH CHÍNH NĂM 2014"}},
		{"page furniture and a repeated issuer", "CÔNG BÁO/Số 297 + 298/Ngày 15-4-2022\n47\nBỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n\nBỘ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI\nSố: 32/2021/TT-BLĐTBXH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà Nội, ngày 28 tháng 12 năm 2021\nTHÔNG TƯ\nQuy định về lồng ghép giáo dục\n\n",
			want{"state", "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "", "32/2021/TT-BLĐTBXH", "32", "TT", "BLĐTBXH", "TT", "Hà Nội", "2021-12-28", "Quy định về lồng ghép giáo dục"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := parseText(tt.header + stdBody + stdClosing)
			got := want{n.Kind, n.Issuer.Name, n.Issuer.Parent, n.Number.Raw, n.Number.Seq, n.Number.TypeCode, n.Number.IssuerCode, n.DocType.Code, n.Place, n.Date, n.Title}
			if tt.name == "mixed-case type name, decorations" {
				// No heading: the kind is inferred from the number, with a warning.
				if n.Kind != KindParty || !hasWarning(n, "kind") {
					t.Errorf("kind %q without a warning", n.Kind)
				}
				got.kind = "unknown"
			}
			if got != tt.want {
				t.Errorf("\n got %+v\nwant %+v", got, tt.want)
			}
			if len(n.Directives) != 2 {
				t.Errorf("directives %+v", n.Directives)
			}
		})
	}
}

func hasWarning(n *Notice, field string) bool {
	for _, w := range n.Warnings {
		if w.Field == field {
			return true
		}
	}
	return false
}

// sig is a Signer in comparable form: forms as "MODE OF|MODE OF".
type sig struct{ mode, of, position, name, forms string }

func sigOf(s Signer) sig {
	var forms []string
	for _, f := range s.Forms {
		forms = append(forms, f.Mode+" "+f.Of)
	}
	return sig{s.Mode, s.OnBehalfOf, s.Position, s.Name, strings.Join(forms, "|")}
}

func TestClosingVariants(t *testing.T) {
	head := "TỈNH ỦY TIỀN GIANG\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 250-TB/TU\nTiền Giang, ngày 09 tháng 10 năm 2024\nTHÔNG BÁO\nkết luận\n-----\n" + stdBody
	tests := []struct {
		name    string
		closing string
		want    sig
		recips  []string
	}{
		{"interleaved columns", "Nơi nhận:\n T/L BAN THƯỜNG VỤ\n- Các UVBCH Đảng bộ tỉnh,\nCHÁNH VĂN PHÒNG\n- Các ban đảng,\n- Lưu Văn phòng Tỉnh ủy.\nPhạm Thị Mai Tiên\n",
			sig{"T/L", "BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", "Phạm Thị Mai Tiên", "T/L BAN THƯỜNG VỤ"}, []string{"Các UVBCH Đảng bộ tỉnh", "Các ban đảng", "Lưu Văn phòng Tỉnh ủy"}},
		{"signature before recipients", "T/M BỘ CHÍNH TRỊ\nTHƯỜNG TRỰC BAN BÍ THƯ\nTrần Quốc Vượng\nNơi nhận:\n– Các tỉnh ủy, thành ủy,\n– Lưu Văn phòng Trung ương Đảng.\n",
			sig{"T/M", "BỘ CHÍNH TRỊ", "THƯỜNG TRỰC BAN BÍ THƯ", "Trần Quốc Vượng", "T/M BỘ CHÍNH TRỊ"}, []string{"Các tỉnh ủy, thành ủy", "Lưu Văn phòng Trung ương Đảng"}},
		{"stacked state forms", "Nơi nhận:\n- Như trên;\n- Lưu: VT, NC.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nNguyễn Văn An\n",
			sig{"TM.", "ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Nguyễn Văn An", "TM. ỦY BAN NHÂN DÂN|KT. CHỦ TỊCH"}, []string{"Như trên", "Lưu: VT, NC"}},
		{"own name, columns on one line", "Nơi nhận:                                TRƯỞNG BAN\n- Ban Tuyên giáo Tỉnh ủy (b/c);\n- Lưu BTG.                                Trần Thị Kim Liên\n",
			sig{"", "", "TRƯỞNG BAN", "Trần Thị Kim Liên", ""}, []string{"Ban Tuyên giáo Tỉnh ủy (b/c)", "Lưu BTG"}},
		{"flattened on one line", "Nơi nhận: - Các tỉnh ủy, thành ủy, - Lưu Văn phòng Trung ương Đảng. K/T CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG (Đã ký) Phạm Quang Khải\n",
			sig{"K/T", "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Phạm Quang Khải", "K/T CHÁNH VĂN PHÒNG"}, []string{"Các tỉnh ủy, thành ủy", "Lưu Văn phòng Trung ương Đảng"}},
		{"rank before the name, wrapped recipient", "Nơi nhận:\n- HĐND, UBND các tỉnh, thành phố trực thuộc\ntrung ương;\n- Lưu: VT.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nThượng tướng Lương Tam Quang\n",
			sig{"KT.", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "Lương Tam Quang", "KT. BỘ TRƯỞNG"}, []string{"HĐND, UBND các tỉnh, thành phố trực thuộc trung ương", "Lưu: VT"}},
		{"no recipients list", "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\n  Nguyễn Thị Bích Ngọc\n",
			sig{"KT.", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "Nguyễn Thị Bích Ngọc", "KT. BỘ TRƯỞNG"}, nil},
		{"signature and name on one line after the list", "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn Bình\n",
			sig{"TM.", "ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Nguyễn Văn Bình", "TM. ỦY BAN NHÂN DÂN|KT. CHỦ TỊCH"}, []string{"Như Điều 3", "Lưu: VT"}},
		{"whole closing on one line", "Nơi nhận: - Như Điều 3; - TT. Tỉnh ủy; - Lưu: VT. TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn Bình\n",
			sig{"TM.", "ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Nguyễn Văn Bình", "TM. ỦY BAN NHÂN DÂN|KT. CHỦ TỊCH"}, []string{"Như Điều 3", "TT. Tỉnh ủy", "Lưu: VT"}},
		{"party form, position and name on one line", "Nơi nhận:\n- Các huyện ủy,\n- Lưu VP.\nT/M BAN THƯỜNG VỤ PHÓ BÍ THƯ Nguyễn Văn An\n",
			sig{"T/M", "BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Văn An", "T/M BAN THƯỜNG VỤ"}, []string{"Các huyện ủy", "Lưu VP"}},
		// Layout artefacts.
		{"stray bracket where the signature image was", "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n[\nLê Minh Khái\n",
			sig{"KT.", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "Lê Minh Khái", "KT. THỦ TƯỚNG"}, []string{"Như trên", "Lưu: VT"}},
		{"stray bracket after the last recipient", "Nơi nhận:\n- Các bộ, ngành;\n- Lưu: VT, KTTH [\nTHỦ TƯỚNG\n|\n•\nPhạm Văn Bình\n",
			sig{"", "", "THỦ TƯỚNG", "Phạm Văn Bình", ""}, []string{"Các bộ, ngành", "Lưu: VT, KTTH"}},
		{"digital signature note in brackets", "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n[ KÝ BỞI CHỮ KÝ SỐ HỢP LỆ ]\nNgô Văn Tám\n",
			sig{"KT.", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Ngô Văn Tám", "KT. CHỦ TỊCH"}, []string{"Như trên", "Lưu: VT"}},
		{"title one line above Nơi nhận", "BỘ TRƯỞNG\nNơi nhận:\n- Văn phòng Chính phủ;\n- Lưu: VT, PC.\nTrần Văn Sơn\n",
			sig{"", "", "BỘ TRƯỞNG", "Trần Văn Sơn", ""}, []string{"Văn phòng Chính phủ", "Lưu: VT, PC"}},
		{"title above Nơi nhận, mode in the list", "CHỦ TỊCH\nNơi nhận:\n- Sở Nội vụ;\n- Lưu: VT.\nLê Thị Hoa\n",
			sig{"", "", "CHỦ TỊCH", "Lê Thị Hoa", ""}, []string{"Sở Nội vụ", "Lưu: VT"}},
		{"name on the line of the last recipient", "Nơi nhận:\nTM. ỦY BAN NHÂN DÂN\n- Như Điều 3;\nCHỦ TỊCH\n- Lưu: VT, NC. Nguyễn Văn An\n",
			sig{"TM.", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An", "TM. ỦY BAN NHÂN DÂN"}, []string{"Như Điều 3", "Lưu: VT, NC"}},
		{"name beside the archive item, party style", "Nơi nhận:\nT/M BAN THƯỜNG VỤ\n- Các huyện ủy,\nBÍ THƯ\n- Lưu Văn phòng. Hồ Văn Lâm\n",
			sig{"T/M", "BAN THƯỜNG VỤ", "BÍ THƯ", "Hồ Văn Lâm", "T/M BAN THƯỜNG VỤ"}, []string{"Các huyện ủy", "Lưu Văn phòng"}},
		// Stacked forms, as GOLD.md reads them.
		{"K/T over PHÓ TRƯỞNG BAN", "Nơi nhận:\n- Các chi bộ,\n- Lưu VP.\nK/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\nNguyễn Thị Lan\n",
			sig{"K/T", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Thị Lan", "K/T TRƯỞNG BAN"}, []string{"Các chi bộ", "Lưu VP"}},
		{"K/T interleaved with the list", "Nơi nhận:\nK/T TRƯỞNG BAN\n- Các đảng ủy,\nPHÓ TRƯỞNG BAN\n- Lưu BTC.\nVõ Văn Hùng\n",
			sig{"K/T", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Võ Văn Hùng", "K/T TRƯỞNG BAN"}, []string{"Các đảng ủy", "Lưu BTC"}},
		{"K/T and PHÓ broken over lines", "Nơi nhận:\n- Các đảng ủy,\n- Lưu BTC.\nK/T\nTRƯỞNG BAN\nPHÓ\nTRƯỞNG BAN\nVõ Văn Hùng\n",
			sig{"K/T", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Võ Văn Hùng", "K/T TRƯỞNG BAN"}, []string{"Các đảng ủy", "Lưu BTC"}},
		{"K/T with its position on one line", "Nơi nhận:\n- Các đảng ủy,\n- Lưu BTC.\nK/T TRƯỞNG BAN PHÓ TRƯỞNG BAN\nVõ Văn Hùng\n",
			sig{"K/T", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Võ Văn Hùng", "K/T TRƯỞNG BAN"}, []string{"Các đảng ủy", "Lưu BTC"}},
		{"authority echoed above the form", "Nơi nhận:\n- Các đảng ủy,\n- Lưu BTC.\nTRƯỞNG BAN\nK/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\nVõ Văn Hùng\n",
			sig{"K/T", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Võ Văn Hùng", "K/T TRƯỞNG BAN"}, []string{"Các đảng ủy", "Lưu BTC"}},
		{"TL. over KT.", "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\nPhùng Văn Long\n",
			sig{"TL.", "CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG", "Phùng Văn Long", "TL. CHỦ TỊCH|KT. CHÁNH VĂN PHÒNG"}, []string{"Như trên", "Lưu: VT"}},
		{"mode on the Nơi nhận line", "Nơi nhận: K/T TRƯỞNG BAN\n- Các đảng ủy,\nPHÓ TRƯỞNG BAN\n- Lưu BTC.\nVõ Văn Hùng\n",
			sig{"K/T", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Võ Văn Hùng", "K/T TRƯỞNG BAN"}, []string{"Các đảng ủy", "Lưu BTC"}},
		{"old state form with a slash", "Nơi nhận :\n- Như điều 3;\n- Lưu VP.\nKT/ BỘ TRƯỞNG BỘ TÀI CHÍNH\nTHỨ TRƯỞNG\nTrương Văn Trung\n",
			sig{"KT.", "BỘ TRƯỞNG BỘ TÀI CHÍNH", "THỨ TRƯỞNG", "Trương Văn Trung", "KT. BỘ TRƯỞNG BỘ TÀI CHÍNH"}, []string{"Như điều 3", "Lưu VP"}},
		{"old state form run into its authority", "Nơi nhận :\n- Như điều 3;\n- Lưu VP.\nKT.BỘ TRƯỞNG BỘ TÀI CHÍNH\nTHỨ TRƯỞNG\nVũ Văn Ninh\n",
			sig{"KT.", "BỘ TRƯỞNG BỘ TÀI CHÍNH", "THỨ TRƯỞNG", "Vũ Văn Ninh", "KT. BỘ TRƯỞNG BỘ TÀI CHÍNH"}, []string{"Như điều 3", "Lưu VP"}},
		// Recipients.
		{"wrapped recipient keeps its inner comma", "Nơi nhận:\n- Các Sở: Tài chính, Xây dựng,\nNội vụ;\n- Lưu: VT.\nCHỦ TỊCH\nĐỗ Văn Minh\n",
			sig{"", "", "CHỦ TỊCH", "Đỗ Văn Minh", ""}, []string{"Các Sở: Tài chính, Xây dựng, Nội vụ", "Lưu: VT"}},
		{"wrapped party recipient over three lines", "Nơi nhận:\n- Các ban: Tổ chức, Tuyên giáo,\nDân vận, Nội chính,\nKiểm tra,\n- Lưu VP.\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\nTrần Văn Tư\n",
			sig{"T/M", "BAN THƯỜNG VỤ", "BÍ THƯ", "Trần Văn Tư", "T/M BAN THƯỜNG VỤ"}, []string{"Các ban: Tổ chức, Tuyên giáo, Dân vận, Nội chính, Kiểm tra", "Lưu VP"}},
		{"list longer than the signature", "Nơi nhận:\nKT. CHỦ TỊCH\n- Bộ Tài chính;\nPHÓ CHỦ TỊCH\n- Sở Y tế;\nNguyễn Thị Hà\n- Sở Nội vụ;\n- Lưu: VT.\n",
			sig{"KT.", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thị Hà", "KT. CHỦ TỊCH"}, []string{"Bộ Tài chính", "Sở Y tế", "Sở Nội vụ", "Lưu: VT"}},
		{"a stop typed for the dash, archive units on the next line", "Nơi nhận:\n- Văn phòng Trung ương Đảng\n. Văn phòng Quốc hội\n- Công báo\n- Lưu: VP (HC, TH)\nTCT (HC, NV3)\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nTrần Văn Tâm\n",
			sig{"KT.", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "Trần Văn Tâm", "KT. BỘ TRƯỞNG"}, []string{"Văn phòng Trung ương Đảng", "Văn phòng Quốc hội", "Công báo", "Lưu: VP (HC, TH) TCT (HC, NV3)"}},
		{"archive units after the name", "Nơi nhận:\nKT/ BỘ TRƯỞNG\n- Công báo\nTHỨ TRƯỞNG\n- Cục thuế,\nTrần Văn Tâm\n- Lưu: VP (TH, HC).\nTCT(HC, NV3)\n",
			sig{"KT.", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "Trần Văn Tâm", "KT. BỘ TRƯỞNG"}, []string{"Công báo", "Cục thuế", "Lưu: VP (TH, HC). TCT(HC, NV3)"}},
		{"notes after the name are not recipients", "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nBỘ TRƯỞNG\nLê Văn Hải\nGhi chú:\n- Mẫu này dùng cho tổ chức;\n- Địa chỉ: ……\n",
			sig{"", "", "BỘ TRƯỞNG", "Lê Văn Hải", ""}, []string{"Như trên", "Lưu: VT"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := parseText(head + tt.closing)
			if got := sigOf(n.Signer); got != tt.want {
				t.Errorf("signer\n got %+v\nwant %+v", got, tt.want)
			}
			if strings.Join(n.Recipients, "|") != strings.Join(tt.recips, "|") {
				t.Errorf("recipients\n got %q\nwant %q", n.Recipients, tt.recips)
			}
			if strings.Contains(n.Body, "Nơi nhận") || strings.Contains(n.Body, tt.want.name) {
				t.Errorf("the closing block leaked into the body: %q", n.Body)
			}
		})
	}
}

func TestStatistics(t *testing.T) {
	tests := []struct {
		text string
		want []Statistic // value and unit only
	}{
		{"tổng thu ngân sách 9.003 tỷ đồng, đạt 102,3% kế hoạch", []Statistic{{Value: 9003, Unit: "tỷ đồng"}, {Value: 102.3, Unit: "%"}}},
		{"tổng kim ngạch xuất khẩu 4,25 tỷ USD", []Statistic{{Value: 4.25, Unit: "tỷ USD"}}},
		{"làm sập 194 căn nhà, ngã đổ 264 cây ăn trái", []Statistic{{Value: 194, Unit: "căn nhà"}, {Value: 264, Unit: "cây ăn trái"}}},
		{"đã có 876 ha cây sầu riêng và 6,8 km bờ sông", []Statistic{{Value: 876, Unit: "ha"}, {Value: 6.8, Unit: "km"}}},
		{"thu ngân sách 45.799/36.875 tỷ đồng; tỷ lệ 83,2%/50% tổng số xã", []Statistic{{Value: 45799, Unit: "tỷ đồng"}, {Value: 36875, Unit: "tỷ đồng"}, {Value: 83.2, Unit: "%"}, {Value: 50, Unit: "%"}}},
		{"cho ra khỏi Đảng 62 đảng viên", []Statistic{{Value: 62, Unit: "đảng viên"}}},
		{"diện tích 10ha", []Statistic{{Value: 10, Unit: "ha"}}},
		// Not statistics: dates, years, periods, ordinals, names, document numbers, ranges.
		{"Ngày 02/10/2024, trong 9 tháng năm 2024, nhiệm kỳ 2020 - 2025, lần thứ 2", nil},
		{"Đường tỉnh 864 (giai đoạn 1), Cầu Rạch Miễu 2, Điều 4 khoản 1", nil},
		{"theo Chỉ thị 35-CT/TW và Nghị định số 30/2020/NĐ-CP, tiêu chuẩn TCVN ISO 9001:2008", nil},
		{"kỷ niệm 130 năm Ngày sinh, (19/5/1890 - 19/5/2020), sơ kết 04 năm", nil},
		{"GRDP theo giá so sánh 2010 tăng; tầm nhìn 2050 để phát triển", nil},
	}
	for _, tt := range tests {
		got := paragraphStats(tt.text)
		var g []Statistic
		for _, s := range got {
			g = append(g, Statistic{Value: s.Value, Unit: s.Unit})
		}
		if len(g) != len(tt.want) {
			t.Errorf("%q:\n got %+v\nwant %+v", tt.text, g, tt.want)
			continue
		}
		for i := range g {
			if g[i] != tt.want[i] {
				t.Errorf("%q: stat %d = %+v, want %+v", tt.text, i, g[i], tt.want[i])
			}
		}
		for _, s := range got {
			if !strings.Contains(tt.text, s.Text) || !strings.Contains(tt.text, s.Context) || s.Context == "" {
				t.Errorf("%q: text %q / context %q not taken from the sentence", tt.text, s.Text, s.Context)
			}
		}
	}
}

// TestStatisticUnits checks that a unit is the whole noun phrase the
// number counts, up to the phrase's natural end, and that sizes, times of
// day and ordinals are not statistics.
func TestStatisticUnits(t *testing.T) {
	tests := []struct {
		text string
		want []string // "value unit"
	}{
		// Whole noun phrases, ended by a verb, a preposition, punctuation,
		// a number, a capital, "và", "của", "tại".
		{"thành lập 2 tổ chức cơ sở đảng mới trở lên", []string{"2 tổ chức cơ sở đảng mới"}},
		{"kết nạp 3 đảng viên chính thức và 2 đảng viên dự bị", []string{"3 đảng viên chính thức", "2 đảng viên dự bị"}},
		{"công bố 15 thủ tục hành chính của Sở Tư pháp", []string{"15 thủ tục hành chính"}},
		{"rà soát 42 văn bản quy phạm pháp luật tại địa phương", []string{"42 văn bản quy phạm pháp luật"}},
		{"nộp 01 bộ hồ sơ trực tiếp hoặc qua bưu chính", []string{"1 bộ hồ sơ"}},
		{"lập 01 bộ hồ sơ phục vụ quản lý, sử dụng công trình", []string{"1 bộ hồ sơ"}},
		{"có 02 con ốm đau dưới 7 tuổi", []string{"2 con"}},
		// A footnote number against its word is no quantity.
		{"không tăng lương,71 giảm trừ tiền lương, thù lao,72 khiển trách", nil},
		// One spelling per unit: tỉ and tỷ, ngàn and nghìn, đô la Mỹ and USD, VNĐ and đồng.
		{"đạt 344,17 tỷ đô la Mỹ, 2 tỉ đồng, 5 ngàn tỷ đồng, 300 VNĐ, 12 m²", []string{"344.17 tỷ USD", "2 tỷ đồng", "5 nghìn tỷ đồng", "300 đồng", "12 m2"}},
		{"có 60 doanh nghiệp công nghệ số Việt Nam đạt doanh thu", []string{"60 doanh nghiệp công nghệ số"}},
		{"hộ có điểm B ≥ 30 điểm ở khu vực nông thôn", []string{"30 điểm"}},
		{"chia thành 3 giai đoạn triển khai thực hiện đề án", []string{"3 giai đoạn"}},
		{"hình thành 4 vùng kinh tế - đô thị động lực", []string{"4 vùng kinh tế - đô thị động lực"}},
		{"tổ chức 12 buổi sinh hoạt chuyên đề, 5 hội nghị", []string{"12 buổi sinh hoạt chuyên đề", "5 hội nghị"}},
		{"tăng 5,5 %, đạt 120 tỷ đồng", []string{"5.5 %", "120 tỷ đồng"}},
		// Sizes and dimensions are not statistics.
		{"nộp 02 ảnh 3 x 4 và bản sao", []string{"2 ảnh"}},
		{"khổ 66 mm x 98 mm, kích thước 4cm × 6cm, in trên giấy khổ A4", nil},
		{"(dài x rộng x cao) 12 x 3,5 x 4 m", nil},
		// Times of day and ordinals are not statistics.
		{"họp lúc 14 giờ 30 phút, từ 8h00 đến 11 giờ", nil},
		{"Hội nghị lần thứ 10, đơn vị nhóm 2 tự bảo đảm, xếp hạng 1", nil},
		// Fragments: letters without a vowel are no Vietnamese word, and
		// numbers run together are the cells of a table row.
		{"ng\\'b5y 21 th 12 n 2000 v 4 nh", nil},
		{"Mã 5 8 điều 5,26 4,46 4,22 chỉnh", nil},
	}
	for _, tt := range tests {
		got := paragraphStats(tt.text)
		var g []string
		for _, s := range got {
			g = append(g, strconv.FormatFloat(s.Value, 'f', -1, 64)+" "+s.Unit)
		}
		if strings.Join(g, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q:\n got %q\nwant %q", tt.text, g, tt.want)
		}
	}
}

// TestStatisticContext checks that a statistic's context is a clause of
// whole words.
func TestStatisticContext(t *testing.T) {
	long := strings.Repeat("các cơ quan đơn vị phối hợp chặt chẽ ", 12)
	for _, text := range []string{
		long + "đã hỗ trợ 120 hộ nghèo theo Kế hoạch ngày 12/6/2025 của Ủy ban nhân dân tỉnh " + long,
		"Kết quả: đạt 98,5% kế hoạch; vượt 3,5% so với cùng kỳ.",
	} {
		for _, s := range paragraphStats(text) {
			c := s.Context
			i := strings.Index(text, c)
			if c == "" || i < 0 {
				t.Fatalf("context %q not in the text", c)
			}
			before, after := text[:i], text[i+len(c):]
			if before != "" && !strings.HasSuffix(before, " ") && !strings.ContainsAny(before[len(before)-1:], ";:(\n.") ||
				after != "" && !strings.HasPrefix(after, " ") && !strings.ContainsAny(after[:1], ";.)") {
				t.Errorf("context cut inside a word: …%q|%q|%q…", before[max(0, len(before)-10):], c, after[:min(len(after), 10)])
			}
		}
	}
}

// TestTableStatistics checks that statistics in a table row keep the
// row's label, whatever separates the cells.
func TestTableStatistics(t *testing.T) {
	body := "Kết quả như sau:\nChỉ tiêu\tThực hiện\tTỷ lệ\nThu ngân sách\t9.003 tỷ đồng\t102,3%\nKim ngạch xuất khẩu   4,25 tỷ USD   98%\nSố hộ thoát nghèo | 1.200 hộ | 85%\nNăm nay tăng 5% so với năm trước.\n"
	n := parseText("TỈNH ỦY X\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 1-TB/TU\nX, ngày 1 tháng 1 năm 2024\nTHÔNG BÁO\nkết luận\n-----\n" + body + stdClosing)
	var got []string
	for _, s := range n.Statistics {
		got = append(got, s.Row+"="+strconv.FormatFloat(s.Value, 'f', -1, 64))
	}
	want := "Thu ngân sách=9003|Thu ngân sách=102.3|Kim ngạch xuất khẩu=4.25|Kim ngạch xuất khẩu=98|Số hộ thoát nghèo=1200|Số hộ thoát nghèo=85|=5"
	if strings.Join(got, "|") != want {
		t.Errorf("\n got %q\nwant %q", strings.Join(got, "|"), want)
	}
}

func TestReferences(t *testing.T) {
	text := "Thực hiện Chỉ thị 35-CT/TW ngày 14/6/2024 của Bộ Chính trị, Nghị quyết số 18-NQ/TW, " +
		"Công văn số 8011-CV/BTCTW, ngày 27/02/2025, Quyết định của Bộ Chính trị số31-QĐ/TW, ngày 01-10-1997, " +
		"Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 và Nghị quyết số 30c/NQ-CP; nhắc lại Chỉ thị 35-CT/TW; số 250-TB/TU."
	got := references([]paragraph{{text: text}}, "250-TB/TU")
	want := []Reference{
		{"Chỉ thị 35-CT/TW ngày 14/6/2024", "CT", "35-CT/TW", "2024-06-14"},
		{"Nghị quyết số 18-NQ/TW", "NQ", "18-NQ/TW", ""},
		{"Công văn số 8011-CV/BTCTW, ngày 27/02/2025", "CV", "8011-CV/BTCTW", "2025-02-27"},
		{"Quyết định của Bộ Chính trị số31-QĐ/TW, ngày 01-10-1997", "QĐ", "31-QĐ/TW", "1997-10-01"},
		{"Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020", "NĐ", "30/2020/NĐ-CP", "2020-03-05"},
		{"Nghị quyết số 30c/NQ-CP", "NQ", "30c/NQ-CP", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d references %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("reference %d\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestDirectives(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string // "number text-prefix"
	}{
		{"dot style", "Mở đầu:\n1. Một việc.\nTiếp tục việc một.\n2. Hai việc.\n", []string{"1 Một việc.", "2 Hai việc."}},
		{"hyphen style with nested sub-items", "1- Việc một:\na) Ý a;\n2- Việc hai.\n", []string{"1 Việc một:", "2 Việc hai."}},
		{"Roman sections restart the numbering", "I. MỤC TIÊU\n1. Mục tiêu một.\n2. Mục tiêu hai.\nII. NHIỆM VỤ\n1. Nhiệm vụ một.\n", []string{"1 Mục tiêu một.", "2 Mục tiêu hai.", "1 Nhiệm vụ một."}},
		{"restart without a section is not an item", "1. Một.\n2. Hai.\n1. Không phải.\n3. Ba.\n", []string{"1 Một.", "2 Hai.", "3 Ba."}},
		{"articles win over inner items", "Chương I\nĐiều 1. Phạm vi\n1- Khoản một.\nĐiều 2. Đối tượng\n“Điều 5. Trích dẫn\n", []string{"1 Phạm vi", "2 Đối tượng"}},
		{"numbers that are not items", "1.356 thủ tục hành chính được công bố.\n2021-2025 là giai đoạn.\n9 tháng đầu năm.\n", nil},
		{"soft-wrapped item", "1. Nâng cao\nhiệu quả cải cách.\n2. Xây\ndựng đội ngũ.\n", []string{"1 Nâng cao hiệu quả cải cách.", "2 Xây dựng đội ngũ."}},
		{"no space after the number", "1.Tiêu đề\n2.Tên cơ quan\n", []string{"1 Tiêu đề", "2 Tên cơ quan"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := directives(buildParagraphs(splitLines(tt.body)))
			var got []string
			for _, d := range ds {
				got = append(got, d.Number+" "+d.Text)
				if !strings.HasPrefix(d.FullText, d.Text) {
					t.Errorf("full text %q does not start with text %q", d.FullText, d.Text)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestDirectiveSections checks that each directive keeps the labels of the
// sections it stands in, so that II.1 and IV.1 differ.
func TestDirectiveSections(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string // "section|number"
	}{
		{"Roman sections", "I. MỤC TIÊU\n1. Một.\n2. Hai.\nII. NHIỆM VỤ\n1. Ba.\nIV. TỔ CHỨC\n1. Bốn.\n", []string{"I|1", "I|2", "II|1", "IV|1"}},
		{"parts over Roman sections", "PHẦN A. KẾT QUẢ\nI. KINH TẾ\n1. Một.\nII. XÃ HỘI\n1. Hai.\nPHẦN B. NHIỆM VỤ\nI. KINH TẾ\n1. Ba.\n", []string{"PHẦN A / I|1", "PHẦN A / II|1", "PHẦN B / I|1"}},
		{"lettered sections over Roman ones, hyphen style", "A- PHÂN CẤP\nI- CẤP TỈNH\n1- Một.\nB- THỦ TỤC\nI- CẤP TỈNH\n1- Hai.\n", []string{"A / I|1", "B / I|1"}},
		{"no section", "1. Một.\n2. Hai.\n", []string{"|1", "|2"}},
		{"a Roman heading whose stop OCR lost", "I. MỤC TIÊU\n1. Một.\n2. Hai.\n\nII NHIỆM VỤ TRỌNG TÂM\n\n1. Ba.\n2. Bốn.\n", []string{"I|1", "I|2", "II|1", "II|2"}},
		{"a word of Roman letters is no heading", "I. CHUNG\n1. Một.\n\nVI PHẠM HÀNH CHÍNH\n\n2. Hai.\n\nIII CỤ THỂ\n\n3. Ba.\n", []string{"I|1", "I|2", "I|3"}},
		{"older slash style", "I/ CHUNG\n1. Một.\nII/ CỤ THỂ\n1. Hai.\nV/v không phải mục\n2. Ba.\n", []string{"I|1", "II|1", "II|2"}},
		{"articles under chapters", "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nChương II\nĐiều 2. Tổ chức\n", []string{"Chương I|1", "Chương II|2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range directives(buildParagraphs(splitLines(tt.body))) {
				got = append(got, d.Section+"|"+d.Number)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestArticleHeadings checks articles inserted by an amendment ("Điều 3a")
// and footnote numbers glued to article headings in consolidated texts.
func TestArticleHeadings(t *testing.T) {
	body := "Điều 1. Phạm vi điều chỉnh\nĐiều 2. Đối tượng2\nĐiều 2a. Điều khoản chèn3\nĐiều 3.4 (được bãi bỏ)\nĐiều 4. Tổ chức thực hiện theo Điều 7, khoản 1\nĐiều 7, khoản 1 và khoản 2 Điều 8 Thông tư\nĐiều 5. Hiệu lực thi hành11\n"
	want := []string{"1 Phạm vi điều chỉnh", "2 Đối tượng", "2a Điều khoản chèn", "3 (được bãi bỏ)", "4 Tổ chức thực hiện theo Điều 7, khoản 1", "5 Hiệu lực thi hành"}
	var got []string
	for _, d := range directives(buildParagraphs(splitLines(body))) {
		got = append(got, d.Number+" "+d.Text)
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
}

func TestNotANotice(t *testing.T) {
	for _, s := range []string{"", "   \n\n", "xin chào", strings.Repeat("1. ", 1000), "Nơi nhận:\nT/M\n", "Số: \nngày tháng năm\n"} {
		n := parseText(s)
		if n.Kind != KindUnknown && n.Kind != KindParty && n.Kind != KindState {
			t.Errorf("%q: kind %q", s, n.Kind)
		}
		if len(n.Warnings) == 0 {
			t.Errorf("%q: a non-notice gave no warnings", s)
		}
		if n.Directives == nil || n.Statistics == nil || n.References == nil || n.Recipients == nil || n.Warnings == nil {
			t.Errorf("%q: nil list in record", s)
		}
	}
}
