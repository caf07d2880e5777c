package pipeline

import (
	"strconv"
	"strings"
	"testing"

	"vanban/extract"
)

const (
	decreeHead = "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 12/2026/NĐ-CP\nHà Nội, ngày 04 tháng 4 năm 2026\nNGHỊ ĐỊNH\nQuy định chi tiết về vận tải thủy\n" +
		"Điều 1. Phạm vi điều chỉnh\nNghị định này quy định chi tiết theo Mẫu số 01 tại Phụ lục ban hành kèm theo Nghị định này.\n" +
		"Điều 2. Trách nhiệm thi hành\nCác Bộ trưởng chịu trách nhiệm thi hành Nghị định này./.\n"
	decreeClosing = "Nơi nhận:\n- Ban Bí thư Trung ương Đảng;\n- Các bộ, cơ quan ngang bộ;\n- Lưu: VT, CN.\nTM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nTrần Văn Hà\n"
	// formWithHeading is a form annexed to a decree: its own heading,
	// "Nơi nhận" and signature lines.
	formWithHeading = "TÊN TỔ CHỨC\nSố: …/…\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n…, ngày … tháng … năm …\nĐƠN ĐỀ NGHỊ\nCấp giấy phép vận tải\nKính gửi: ……(1)\nĐịa chỉ: ……………… số điện thoại: ………\nĐề nghị cấp 02 giấy phép cho 03 phương tiện.\n" +
		"Nơi nhận:\n- Như trên;\n- Lưu: VT.\nĐỘI TRƯỞNG\n(Ký, ghi rõ họ tên, đóng dấu)\n"
)

// TestAppendices checks that the closing block is the document's own when
// appendices follow the signature, and that the appendices are kept as
// data with their own statistics and references.
func TestAppendices(t *testing.T) {
	tests := []struct {
		name     string
		tail     string // what follows the signature
		labels   []string
		titles   []string
		inAppend string // a phrase that must be in an appendix, not in the body
	}{
		{"numbered PHỤ LỤC with a list", "PHỤ LỤC I\nDANH MỤC CÁC NHIỆM VỤ\n(Kèm theo Nghị định số 12/2026/NĐ-CP ngày 04 tháng 4 năm 2026 của Chính phủ)\nTT Tên nhiệm vụ Cơ quan chủ trì\n1 Rà soát 25 văn bản theo Nghị định số 08/2021/NĐ-CP Bộ Xây dựng\nPHỤ LỤC II\nBIỂU TỔNG HỢP\n(Kèm theo Nghị định số 12/2026/NĐ-CP)\nTổng cộng 120 phương tiện\n",
			[]string{"PHỤ LỤC I", "PHỤ LỤC II"}, []string{"DANH MỤC CÁC NHIỆM VỤ", "BIỂU TỔNG HỢP"}, "Rà soát 25 văn bản"},
		{"title-case Phụ lục over a form with its own heading", "Phụ lục\n(Kèm theo Nghị định số 12/2026/NĐ-CP ngày 04 tháng 4 năm 2026 của Chính phủ)\n" + formWithHeading,
			[]string{"Phụ lục"}, []string{"ĐƠN ĐỀ NGHỊ"}, "Cấp giấy phép vận tải"},
		{"forms Mẫu số 01 and 02", "Mẫu số 01\n" + formWithHeading + "Mẫu số 02\nTỜ KHAI\nHọ và tên: ………\n",
			[]string{"Mẫu số 01", "Mẫu số 02"}, []string{"ĐƠN ĐỀ NGHỊ", "TỜ KHAI"}, "Họ và tên"},
		{"form with its own heading only", formWithHeading,
			[]string{""}, []string{"ĐƠN ĐỀ NGHỊ"}, "Kính gửi"},
		{"regulation annexed whole", "QUY CHẾ\nQUẢN LÝ PHƯƠNG TIỆN THỦY\n(Ban hành kèm theo Nghị định số 12/2026/NĐ-CP)\nChương I\nĐiều 1. Phạm vi\nQuy chế này áp dụng cho 45 cảng.\nĐiều 2. Đối tượng\n",
			[]string{""}, []string{"QUY CHẾ QUẢN LÝ PHƯƠNG TIỆN THỦY"}, "Quy chế này áp dụng"},
		{"list ban hành kèm theo", "DANH MỤC\nTHỦ TỤC HÀNH CHÍNH\n(Ban hành kèm theo Nghị định số 12/2026/NĐ-CP)\n1. Thủ tục cấp phép\n",
			[]string{""}, []string{"DANH MỤC THỦ TỤC HÀNH CHÍNH"}, "Thủ tục cấp phép"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := parseText(decreeHead + decreeClosing + tt.tail)
			want := sig{"TM.", "CHÍNH PHỦ", "KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG", "Trần Văn Hà", "TM. CHÍNH PHỦ|KT. THỦ TƯỚNG"}
			if got := sigOf(n.Signer); got != want {
				t.Errorf("signer\n got %+v\nwant %+v", got, want)
			}
			if r := strings.Join(n.Recipients, "|"); r != "Ban Bí thư Trung ương Đảng|Các bộ, cơ quan ngang bộ|Lưu: VT, CN" {
				t.Errorf("recipients %q", n.Recipients)
			}
			if len(n.Directives) != 2 || n.Directives[1].Text != "Trách nhiệm thi hành" {
				t.Errorf("directives %+v", n.Directives)
			}
			var labels, titles []string
			found := false
			for _, a := range n.Appendices {
				labels, titles = append(labels, a.Label), append(titles, a.Title)
				found = found || strings.Contains(a.Text, tt.inAppend)
				if a.Statistics == nil || a.References == nil {
					t.Errorf("appendix %q: nil list", a.Label)
				}
				for _, s := range a.Statistics {
					if !strings.Contains(a.Text, s.Text) {
						t.Errorf("appendix statistic %q not in its text", s.Text)
					}
				}
			}
			if strings.Join(labels, "|") != strings.Join(tt.labels, "|") || strings.Join(titles, "|") != strings.Join(tt.titles, "|") {
				t.Errorf("appendices\n got labels %q titles %q\nwant labels %q titles %q", labels, titles, tt.labels, tt.titles)
			}
			if !found || strings.Contains(n.Body, tt.inAppend) {
				t.Errorf("%q should be in an appendix and not in the body", tt.inAppend)
			}
			for _, s := range n.Statistics {
				if !strings.Contains(n.Body, s.Text) {
					t.Errorf("body statistic %q is not the body's", s.Text)
				}
			}
		})
	}
}

// TestNoAppendixBeforeTheSignature checks that appendix words in the body
// (a citation of "Mẫu số 01", a "Phụ lục" heading of the body itself) do
// not end the document proper when no closing block stands before them.
func TestNoAppendixBeforeTheSignature(t *testing.T) {
	body := "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 12/2026/NĐ-CP\nHà Nội, ngày 04 tháng 4 năm 2026\nNGHỊ ĐỊNH\nQuy định chi tiết\n" +
		"Điều 1. Hồ sơ gồm văn bản đề nghị theo\nMẫu số 01 ban hành kèm theo Nghị định này;\nPHỤ LỤC DANH MỤC\nĐiều 2. Trách nhiệm thi hành\nCác Bộ trưởng chịu trách nhiệm thi hành.\n" + decreeClosing
	n := parseText(body)
	if len(n.Appendices) != 0 {
		t.Errorf("appendices %+v", n.Appendices)
	}
	if !strings.Contains(n.Body, "Mẫu số 01 ban hành kèm theo") || n.Signer.Name != "Trần Văn Hà" {
		t.Errorf("body %q signer %+v", n.Body, n.Signer)
	}
}

// TestAppendixRecipientsStayOut checks that a document with many forms
// after its signature keeps only its own recipients, however many "Nơi
// nhận" lists and dotted lines the forms hold.
func TestAppendixRecipientsStayOut(t *testing.T) {
	var b strings.Builder
	b.WriteString(decreeHead + decreeClosing)
	for i := 1; i <= 200; i++ {
		b.WriteString("Mẫu số " + itoa(i) + "\n" + formWithHeading)
	}
	n := parseText(b.String())
	if len(n.Recipients) != 3 || n.Signer.Position != "KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG" {
		t.Errorf("recipients %d %q, signer %+v", len(n.Recipients), n.Recipients, n.Signer)
	}
	if len(n.Appendices) != 200 {
		t.Errorf("%d appendices, want 200", len(n.Appendices))
	}
}

// TestAppendixStatisticsFromProse checks that an appendix's statistics
// come from its sentences, not from table cells run together or from a
// rotated table's reversed text.
func TestAppendixStatisticsFromProse(t *testing.T) {
	tail := "PHỤ LỤC\nTIÊU CHÍ\n(Kèm theo Nghị định số 12/2026/NĐ-CP)\n" +
		"Mỗi phòng học được thiết kế cho tối đa 35 sinh viên và có ít nhất 19 máy tính.\n\n" +
		"1 xe máy 15 10 20 20 15\n\n" +
		"iộh ãX àv hnib gnơưhT gnộđ oaL ộB aủc 1202 măn 7 gnáht 81 yàgn hnàht 35 gnáht.\n"
	n := parseText(decreeHead + decreeClosing + tail)
	if len(n.Appendices) != 1 {
		t.Fatalf("appendices %+v", n.Appendices)
	}
	var got []string
	for _, s := range n.Appendices[0].Statistics {
		got = append(got, strconv.FormatFloat(s.Value, 'f', -1, 64)+" "+s.Unit)
	}
	if want := "35 sinh viên|19 máy tính"; strings.Join(got, "|") != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestRecipientsHeadingSlips: the "Nơi nhận" heading is found through the
// shared phrase matcher, with the slips of OCR and converters, typed
// without marks, or run together; a longer word after it is no heading.
func TestRecipientsHeadingSlips(t *testing.T) {
	for _, tt := range []struct {
		line string
		ok   bool
		rest string
	}{
		{"Nơi nhận:", true, ""},
		{"Nơi nhân:", true, ""},
		{"NƠI NHẬN:", true, ""},
		{"Noi nhan:", true, ""},
		{"Nơinhận: - Như trên;", true, "- Như trên;"},
		{"Nơi nhận xét của chi bộ", false, ""},
		{"Nơi nhận: các sở, ngành;", true, "các sở, ngành;"},
		{"Nơi nhân : các sở, ngành;", true, "các sở, ngành;"},
	} {
		rest, ok := recipientsHeading(tt.line)
		if ok != tt.ok || rest != tt.rest {
			t.Errorf("recipientsHeading(%q) = %q, %v; want %q, %v", tt.line, rest, ok, tt.rest, tt.ok)
		}
	}
	doc := "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 46/TB-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 24 tháng 01 năm 2025\nTHÔNG BÁO\nVề việc thụ lý\nNội dung thông báo gồm nhiều câu.\nNơi nhân:\n- Như trên;\n- Sở Tư pháp;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Phước Hiền\n"
	n := Parse(&extract.Document{Text: doc})
	if len(n.Recipients) != 3 || n.Recipients[0] != "Như trên" || n.Signer.Name != "Trần Phước Hiền" {
		t.Errorf("recipients %q, signer %+v", n.Recipients, n.Signer)
	}
}

// TestHeadingMarkWithSlips checks that an annexed form's own heading is
// seen with the slips of OCR and converters, as the first heading is.
func TestHeadingMarkWithSlips(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true},
		{"CỘNG HOÀ XA HỘI CHU NGHIA VIỆT NAM", true},
		{"ÐẢNG CỘNG SẢN VIỆT NAM", true},
		{"Độc lập - Tự do - Hạnh phúc", true},
		{"Cộng hòa xã hội chủ nghĩa Việt Nam là nhà nước pháp quyền", false},
		{"CỘNG ĐỒNG DÂN CƯ", false},
	}
	for _, tt := range tests {
		if got := isHeadingMark(tt.line); got != tt.want {
			t.Errorf("isHeadingMark(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}
