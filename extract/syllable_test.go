package extract

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestSplitGlued(t *testing.T) {
	tests := []struct{ in, want string }{
		{"TRUNGƯƠNG", "TRUNG ƯƠNG"},
		{"trungương", "trung ương"},
		{"NGHĨAVỤ", "NGHĨA VỤ"},
		{"ĐẢNGBỘ", "ĐẢNG BỘ"},
		// syllables, abbreviations, foreign words and codes stay whole
		{"TRUNG", "TRUNG"},
		{"NGHIÊNG", "NGHIÊNG"},
		{"KHUYẾN", "KHUYẾN"},
		{"HĐND", "HĐND"},
		{"UBND", "UBND"},
		{"ONLINE", "ONLINE"},
		{"VPTU", "VPTU"},
		{"Đảng,", "Đảng,"},
		{"TP.HCM", "TP.HCM"},
		{"BTGTU", "BTGTU"},
	}
	for _, tt := range tests {
		if got := strings.Join(splitGlued(tt.in), " "); got != tt.want {
			t.Errorf("splitGlued(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	ws := splitGluedWord(ocrWord{Text: "TRUNGƯƠNG", Box: [4]int{100, 10, 90, 40}, Conf: 91, Line: 3})
	if len(ws) != 2 || ws[0].Box != [4]int{100, 10, 50, 40} || ws[1].Box != [4]int{150, 10, 40, 40} || ws[1].Line != 3 {
		t.Errorf("boxes %+v", ws)
	}
}

func FuzzSplitGlued(f *testing.F) {
	for _, s := range []string{"TRUNGƯƠNG", "UBND", "", "ĐĐĐĐ", "ươươươ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parts := splitGlued(s)
		if len(parts) > 1 && strings.Join(parts, "") != s && strings.Join(parts, "") != norm.NFC.String(s) {
			t.Errorf("splitGlued(%q) = %q: the parts are not the word", s, parts)
		}
	})
}
