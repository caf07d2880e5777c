package viet

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
		if got := strings.Join(SplitGlued(tt.in), " "); got != tt.want {
			t.Errorf("SplitGlued(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzSplitGlued(f *testing.F) {
	for _, s := range []string{"TRUNGƯƠNG", "UBND", "", "ĐĐĐĐ", "ươươươ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parts := SplitGlued(s)
		if len(parts) > 1 && strings.Join(parts, "") != s && strings.Join(parts, "") != norm.NFC.String(s) {
			t.Errorf("SplitGlued(%q) = %q: the parts are not the word", s, parts)
		}
	})
}
