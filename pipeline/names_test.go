package pipeline

import (
	"strings"
	"testing"

	"vanban/extract"
)

// TestRestoreName: OCR's slips on a signer's name (a tone mark lost or
// swapped on a word it was unsure of) are mended from the name tables;
// words read with confidence, spellings the tables hold, and letters with
// two equally common spellings are left as read.
func TestRestoreName(t *testing.T) {
	tests := []struct {
		name     string
		doubtful []string
		want     string
	}{
		{"Trân Văn Hiên", []string{"Trân", "Hiên"}, "Trần Văn Hiền"},
		{"Nguyên Thị Thu Hăng", []string{"Nguyên", "Hăng"}, "Nguyễn Thị Thu Hằng"},
		{"Phạm Minh Tuần", []string{"Tuần"}, "Phạm Minh Tuấn"},
		{"TRÂN VĂN TUẦN", []string{"TRÂN", "TUẦN"}, "TRẦN VĂN TUẤN"},
		{"Trân Văn Hiên", []string{"Hiên,"}, "Trân Văn Hiền"},           // OCR's word with its comma; only it is mended
		{"Trân Phước Hiên", nil, "Trân Phước Hiên"},                     // read with confidence: left
		{"Lê Văn Hung", []string{"Hung"}, "Lê Văn Hung"},                // Hùng or Hưng: not chosen
		{"Lê Ngọc Trân", []string{"Trân"}, "Lê Ngọc Trân"},              // a given name in its own right
		{"Lê Thị Hoà", []string{"Hoà"}, "Lê Thị Hoà"},                   // old tone placement of Hòa
		{"Y Bih Niê", []string{"Bih", "Niê"}, "Y Bih Niê"},              // not in the tables
		{"Hiên", []string{"Hiên"}, "Hiên"},                              // one syllable: not a full name
		{"Trân Văn 3", []string{"Trân"}, "Trân Văn 3"},                  // not letters
		{"Đặng Quôc Khánh", []string{"Quôc"}, "Đặng Quốc Khánh"},        // a lost acute
		{"Võ Thi Sáu", []string{"Thi"}, "Võ Thị Sáu"},                   // the middle name Thị
		{"Hà Thị Lê Vân", []string{"Hà", "Lê", "Vân"}, "Hà Thị Lê Vân"}, // each a spelling of the tables
	}
	for _, tt := range tests {
		got, changed := restoreName(tt.name, doubtfulWords(tt.doubtful))
		if got != tt.want || changed != (tt.want != tt.name) {
			t.Errorf("restoreName(%q, doubtful %q) = %q, %v; want %q", tt.name, tt.doubtful, got, changed, tt.want)
		}
	}
}

// TestParseRestoresOCRName: the parser mends the signer's name of an
// OCR'd document, with a warning, and leaves a typed one as it is.
func TestParseRestoresOCRName(t *testing.T) {
	text := "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 46/TB-UBND\nQuảng Ngãi, ngày 24 tháng 01 năm 2025\nTHÔNG BÁO\nVề việc thụ lý đơn\n" +
		stdBody + "Nơi nhận:\n- Như trên;\n- Bộ Tài chính:\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrân Phước Hiên\n"
	for _, tc := range []struct {
		ocr  *extract.OCRInfo
		want string
	}{
		{&extract.OCRInfo{Engine: "tesseract 5.3.0", Doubtful: []string{"Trân", "Hiên", "nhân"}}, "Trần Phước Hiền"},
		{&extract.OCRInfo{Engine: "tesseract 5.3.0"}, "Trân Phước Hiên"},
		{nil, "Trân Phước Hiên"},
	} {
		n := Parse(&extract.Document{Path: "scan.pdf", Format: extract.FormatPDF, Text: extract.Normalize(text), OCR: tc.ocr})
		if n.Signer.Name != tc.want {
			t.Errorf("OCR %+v: signer %q, want %q", tc.ocr, n.Signer.Name, tc.want)
		}
		// OCR's ":" for the ";" ending an entry goes; typed, it is as printed.
		wantBo := "Bộ Tài chính"
		if tc.ocr == nil {
			wantBo += ":"
		}
		if len(n.Recipients) != 3 || n.Recipients[1] != wantBo {
			t.Errorf("OCR %+v: recipients %q, want %q second", tc.ocr, n.Recipients, wantBo)
		}
		warned := false
		for _, w := range n.Warnings {
			warned = warned || w.Field == "signer.name" && strings.Contains(w.Message, "restored")
		}
		if warned != (tc.want != "Trân Phước Hiên") {
			t.Errorf("OCR %+v: restoration warning %v: %+v", tc.ocr, warned, n.Warnings)
		}
	}
}

// TestRestoreRecipient: a recipient entry opening with a fixed phrase
// misread in its marks is mended where OCR was unsure of the words.
func TestRestoreRecipient(t *testing.T) {
	tests := []struct {
		entry    string
		doubtful []string
		want     string
	}{
		{"Công TTĐT tỉnh", []string{"Công"}, "Cổng TTĐT tỉnh"},
		{"Công TT-ĐT tỉnh;", []string{"Công"}, "Cổng TT-ĐT tỉnh;"},
		{"Nhu trên;", []string{"Nhu"}, "Như trên;"},
		{"Công TTĐT tỉnh", nil, "Công TTĐT tỉnh"},              // read with confidence
		{"Công an tỉnh", []string{"Công"}, "Công an tỉnh"},     // not the phrase
		{"Cổng TTĐT tỉnh", []string{"Cổng"}, "Cổng TTĐT tỉnh"}, // already right
		{"Lưu: VT, NC", []string{"Lưu"}, "Lưu: VT, NC"},
	}
	for _, tt := range tests {
		got, changed := restoreRecipient(tt.entry, doubtfulWords(tt.doubtful))
		if got != tt.want || changed != (tt.want != tt.entry) {
			t.Errorf("restoreRecipient(%q, %q) = %q, %v; want %q", tt.entry, tt.doubtful, got, changed, tt.want)
		}
	}
	// "~ " is OCR's short dash: a bullet like "-".
	n := parseText("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 5/UBND-KTTH\nQuảng Ngãi, ngày 04 tháng 02 năm 2025\nV/v báo cáo\n" +
		stdBody + "Nơi nhận:\n~ Như trên;\n- Bộ Tài chính;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nHà Thị Lê Vân\n")
	if strings.Join(n.Recipients, "|") != "Như trên|Bộ Tài chính|Lưu: VT" {
		t.Errorf("recipients %q", n.Recipients)
	}
}

// TestMendByContext: a word OCR was unsure of is spelled as the document
// spells it, with confidence, beside the same neighbour; words read with
// confidence, and spellings no confident word supports, are left.
func TestMendByContext(t *testing.T) {
	text := "ỦY BAN NHÂN DÂN\nTỈNH TUYÊN QUANG\nTuyên Quang, ngày 10 tháng 12 năm 2013\nKẾ HOẠCH\nCẢI CÁCH HÀNH CHÍNH TỈNH TUYẾN QUANG NĂM 2014\n" +
		"Phân cấp quản lý cán bộ và bổ nhiệm, giới thiệu cán bộ. Việc bổ nhiệm lần đầu.\nÔng bố nhiệm vụ mới.\n"
	doubtful := doubtfulWords([]string{"TUYẾN", "TUYÊN", "Tuyến", "BỐ", "CÁCH"})
	ctx := newContextWords(text, doubtful)
	tests := []struct{ field, want string }{
		{"CẢI CÁCH HÀNH CHÍNH TỈNH TUYẾN QUANG NĂM 2014", "CẢI CÁCH HÀNH CHÍNH TỈNH TUYÊN QUANG NĂM 2014"},
		{"ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG", "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG"},
		{"VỀ CÁN BỘ VÀ BỐ NHIỆM, GIỚI THIỆU", "VỀ CÁN BỘ VÀ BỔ NHIỆM, GIỚI THIỆU"}, // "bổ nhiệm" ×2 against "bố nhiệm" ×1
		{"Tuyến Quang", "Tuyên Quang"}, // case kept
		{"TUYẾN ĐƯỜNG", "TUYẾN ĐƯỜNG"}, // no confident word beside "ĐƯỜNG"
		{"BỐ MẸ", "BỐ MẸ"},
	}
	for _, tt := range tests {
		got, changed := ctx.mendByContext(tt.field, doubtful)
		if got != tt.want || changed != (tt.want != tt.field) {
			t.Errorf("mendByContext(%q) = %q, %v; want %q", tt.field, got, changed, tt.want)
		}
	}
}
