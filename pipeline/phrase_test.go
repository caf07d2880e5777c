package pipeline

import "testing"

func TestPhraseMatch(t *testing.T) {
	tests := []struct {
		text, phrase string
		want         bool
	}{
		// exact, any case, spaces and dashes aside
		{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", phraseStateHeading, true},
		{"Cộng hoà xã hội chủ nghĩa việt nam", phraseStateHeading, true},
		{"UỶ BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN", true},
		{"QUÝ", "QÚY", false},
		{"CỘ NG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", phraseStateHeading, true},
		{"Độc lập-Tự do-Hạ nh phúc", phraseMotto, true},
		{"Độc lập – Tự do – Hạnh phúc", phraseMotto, true},
		// one wrong mark from a converter or OCR
		{"CỘNG HỊA XÃ HỘI CHỦ NGHĨA VIỆT NAM", phraseStateHeading, true},
		{"ÐẢNG CỘNG SẢN VIỆT NAM", phrasePartyHeading, true},
		{"VĂN PHỊNG", "VĂN PHÒNG", true},
		{"ĐẠI HỘI LÂN THỨ XII", "ĐẠI HỘI LẦN THỨ XII", true},
		{"nơi nhân", phraseRecipients, true},
		// OCR's slips of the marks alone on a long phrase, one per four
		// key runes (these were extract's fixPhrases cases)
		{"CỌNG HOA XÃ HỘI CHỦ NGHĨA VIỆT NAM", phraseStateHeading, true},
		{"CỘNG HOÀ XA HỘI CHU NGHIA VIỆT NAM", phraseStateHeading, true},
		{"CỘNG HỊA XÃ HỘI CHỦ NGHÌA VIỆT NAM", phraseStateHeading, true},
		{"Độc lập - Tư do - Hanh phúc", phraseMotto, true},
		{"ĐĂNG CỒNG SAN VIÊT NAM", phrasePartyHeading, true},
		{"K ÉT LUẬN", "KẾT LUẬN", true},
		{"THÔNG BAO", "THÔNG BÁO", true},
		{"Kinh gửi", "Kính gửi", true},
		// but not two wrong letters, a wrong plain letter, too many slips
		// or a short phrase
		{"CỘNG HỊA XÃ HỘI CHỈ NGHĨA VIỆT NAM", phraseStateHeading, false},
		{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAN", phraseStateHeading, false},
		{"CONG HOA XA HOI CHU NGHIA VIET NAM", phraseStateHeading, false},
		{"TƠ TRINH", "TỜ TRÌNH", false},
		{"THÔNG BÁOS", "THÔNG BÁO", false},
		{"THÔNG CÁO", "THÔNG BÁO", false},
		{"LUÂT", "LUẬT", false},
		{"ĐẢNG CỘNG SẢN", phrasePartyHeading, false},
	}
	for _, tt := range tests {
		if got := isPhrase(tt.text, tt.phrase); got != tt.want {
			t.Errorf("isPhrase(%q, %q) = %v, want %v", tt.text, tt.phrase, got, tt.want)
		}
	}
}

func TestFindPhraseKeepsPrintedText(t *testing.T) {
	tests := []struct {
		text, phrase, want string
	}{
		{"TỈNH ỦY X ĐẢNG CỘNG SẢN VIỆT NAM Số 1-TB/TU", phrasePartyHeading, "ĐẢNG CỘNG SẢN VIỆT NAM"},
		{"Số: 41 - QĐ/TWĐTN-VPĐOÀN TNCS HỒ CHÍ MINH Hà Nội", "ĐOÀN TNCS HỒ CHÍ MINH", "ĐOÀN TNCS HỒ CHÍ MINH"},
		{"abc Cộng  hoà xã hội chủ nghĩa Việt Nam!", phraseStateHeading, "Cộng  hoà xã hội chủ nghĩa Việt Nam"},
		{"x CỘNG HỊA XÃ HỘI CHỦ NGHĨA VIỆT NAM y", phraseStateHeading, "CỘNG HỊA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
	}
	for _, tt := range tests {
		s, e, ok := findPhrase(tt.text, tt.phrase)
		if !ok || tt.text[s:e] != tt.want {
			t.Errorf("findPhrase(%q) = %q, %v; want %q", tt.text, tt.text[s:min(e, len(tt.text))], ok, tt.want)
		}
	}
	if end, ok := hasPhrasePrefix("Nơi  nhận: - A", phraseRecipients); !ok || end != len("Nơi  nhận") {
		t.Errorf("hasPhrasePrefix: %d %v", end, ok)
	}
}

func TestTypeByName(t *testing.T) {
	tests := []struct {
		text, name, printed string
	}{
		{"QUYẾT ĐỊNH", "Quyết định", "QUYẾT ĐỊNH"},
		{"QUYẾT ĐỊNHVề việc khen thưởng", "Quyết định", "QUYẾT ĐỊNH"},
		{"K ÉT LUẬN", "Kết luận", "K ÉT LUẬN"},
		{"Nghị định của chính phủ", "Nghị định", "Nghị định"},
		{"THÔNG TƯ LIÊN TỊCH", "Thông tư liên tịch", "THÔNG TƯ LIÊN TỊCH"},
		{"QUY ĐỊNH 102-QĐ/TW", "Quy định", "QUY ĐỊNH"},
		{"Thông tưliên", "", ""},
		{"THÔNG TIN", "", ""},
	}
	for _, tt := range tests {
		dt, n, ok := typeByName(tt.text)
		if tt.name == "" {
			if ok {
				t.Errorf("typeByName(%q) = %q", tt.text, dt.name)
			}
			continue
		}
		if !ok || dt.name != tt.name || tt.text[:n] != tt.printed {
			t.Errorf("typeByName(%q) = %q %q %v; want %q %q", tt.text, dt.name, tt.text[:n], ok, tt.name, tt.printed)
		}
	}
}

func TestHeaderWarningsNameTheLine(t *testing.T) {
	text := "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nCỘNG HỊA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố:        /KH-UBND\nNghệ An, ngày    tháng 01 năm 2023\nKẾ HOẠCH\nTriển khai chuyển đổi số\n" + stdBody + stdClosing
	n := parseText(text)
	want := map[string]int{"kind": 3, "number.seq": 4, "date": 5}
	for field, line := range want {
		found := false
		for _, w := range n.Warnings {
			if w.Field == field && w.Line == line {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s warning on line %d: %+v", field, line, n.Warnings)
		}
	}
	// A missing element is reported at the end of the header zone.
	n = parseText("TỈNH ỦY AN GIANG\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 3-TB/TU\nTHÔNG BÁO\nkết luận hội nghị\n" + stdBody + stdClosing)
	for _, w := range n.Warnings {
		if w.Field == "date" && w.Line != 4 {
			t.Errorf("date warning on line %d, want 4: %+v", w.Line, w)
		}
	}
	if !hasWarning(n, "date") {
		t.Errorf("no date warning: %+v", n.Warnings)
	}
}

func TestTypeName(t *testing.T) {
	for _, tt := range []struct{ code, want string }{
		{"TB", "Thông báo"},
		{"TT", "Thông tri, Thông tư"}, // party, then state
		{"QĐ", "Quyết định, Quy định"},
		{"QyĐ", "Quy định"},
		{"QĐi", "Quy định"}, // an old party code (08-QĐi/TW)
		{"VBHN", "Văn bản hợp nhất"},
		{"L", "Luật"},
		{"XYZ", ""},
		{"", ""},
	} {
		if got := TypeName(tt.code); got != tt.want {
			t.Errorf("TypeName(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

// TestKeyPatternsTakeBothTonePlacements checks that the patterns matched
// against matchKey's form find a body written in either tone placement.
func TestKeyPatternsTakeBothTonePlacements(t *testing.T) {
	for _, s := range []string{"ỦY BAN NHÂN DÂN TỈNH AN GIANG", "UỶ BAN NHÂN DÂN TỈNH AN GIANG", "Uỷ ban nhân dân tỉnh An Giang"} {
		if !enactingHead.MatchString(matchKey(s)) {
			t.Errorf("enactingHead misses %q (key %q)", s, matchKey(s))
		}
		if !parentHead.MatchString(matchKey(s) + " ") {
			t.Errorf("parentHead misses %q", s)
		}
	}
	if matchKey("Hòa Bình") != matchKey("HOÀ BÌNH") {
		t.Errorf("matchKey: %q != %q", matchKey("Hòa Bình"), matchKey("HOÀ BÌNH"))
	}
}
