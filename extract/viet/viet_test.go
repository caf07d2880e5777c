package viet

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestCanonicalToneAndFold(t *testing.T) {
	for in, want := range map[string]string{
		"hòa": "hoà", "hoà": "hoà", "thụy": "thuỵ", "khỏe": "khoẻ", "quý": "quý",
		"hoàng": "hoàng", "thuyết": "thuyết", "tùy": "tuỳ", "a": "a", "hòa hợp": "hòa hợp",
	} {
		if got := CanonicalTone(in); got != want {
			t.Errorf("CanonicalTone(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"Đảng Cộng sản": "Dang Cong san", "nông thôn mới": "nong thon moi", norm.NFD.String("Tiền Giang"): "Tien Giang", "abc": "abc"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCanonicalTones(t *testing.T) {
	for in, want := range map[string]string{
		"Cộng hòa xã hội":  "Cộng hoà xã hội",
		"CỘNG HÒA, Ủy ban": "CỘNG HOÀ, Uỷ ban",
		"QUÝ, Thụy, khỏe":  "QUÝ, Thuỵ, khoẻ",
		"hoàng \xff hòa":   "hoàng \xff hoà",
		"":                 "",
	} {
		if got := CanonicalTones(in); got != want {
			t.Errorf("CanonicalTones(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Base('ữ'); got != 'U' {
		t.Errorf("Base(ữ) = %q", got)
	}
	if got := WithoutTone("Trường Đảng"); got != "Trương Đang" {
		t.Errorf("WithoutTone = %q", got)
	}
}

func FuzzCanonicalTones(f *testing.F) {
	for _, s := range []string{"hòa", "QUÝ", "\xffòa", "uỳ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := CanonicalTones(s)
		if utf8.RuneCountInString(got) != utf8.RuneCountInString(s) {
			t.Errorf("CanonicalTones(%q) = %q: a tone moves within a word, the letters stay as many", s, got)
		}
		if CanonicalTones(got) != got {
			t.Errorf("CanonicalTones(%q) is not stable", s)
		}
	})
}
