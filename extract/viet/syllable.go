package viet

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Vietnamese is written one syllable a word, and a syllable has a fixed
// shape: an initial consonant, a vowel group and a final consonant, each
// from a short list (Đoàn Thiện Thuật, Ngữ âm tiếng Việt, ch. 4; the
// orthography of Quyết định 240/QĐ 1984). OCR sometimes loses the space
// between two syllables ("TRUNGƯƠNG" for "TRUNG ƯƠNG"); such a word is no
// syllable, but splits into two.

// syllableOnsets are the initial consonants, longest first.
var syllableOnsets = []string{
	"NGH", "NG", "GH", "GI", "KH", "PH", "TH", "TR", "CH", "NH", "QU",
	"B", "C", "D", "Đ", "G", "H", "K", "L", "M", "N", "P", "R", "S", "T", "V", "X", "",
}

// syllableCodas are the final consonants, longest first.
var syllableCodas = []string{"NG", "NH", "CH", "C", "M", "N", "P", "T", ""}

// syllableVowels are the vowel groups (with a final glide where it is
// written as a vowel: "AI", "ƯƠU"), written without tone marks.
var syllableVowels = func() map[string]bool {
	m := map[string]bool{}
	for _, v := range strings.Fields(`A Ă Â E Ê I O Ô Ơ U Ư Y
		IA IÊ YÊ UA UÔ ƯA ƯƠ OA OĂ OE UÂ UÊ UY UYÊ UƠ OO
		AI AO AU AY ÂU ÂY EO ÊU IU OI ÔI ƠI UI ƯI ƯU
		IÊU YÊU UÔI ƯƠI ƯƠU OAI OAY OEO UÂY UYA UYU OAO`) {
		m[v] = true
	}
	return m
}()

// IsSyllable reports whether s is one Vietnamese syllable (in upper case
// without tone marks: "TRƯƠNG", as strings.ToUpper(WithoutTone(w)) gives).
func IsSyllable(s string) bool {
	for _, on := range syllableOnsets {
		rest, ok := strings.CutPrefix(s, on)
		if !ok {
			continue
		}
		for _, co := range syllableCodas {
			if v, ok := strings.CutSuffix(rest, co); ok && syllableVowels[v] {
				return true
			}
		}
	}
	return false
}

// SplitGlued splits a word OCR read without the space between two
// syllables: "TRUNGƯƠNG" gives "TRUNG", "ƯƠNG". It splits only a word of
// letters alone that holds a Vietnamese letter (a mark, or "Đ"), is no
// syllable itself and is two syllables, the first as long as it can be;
// anything else (an abbreviation like "UBND", a foreign word, a syllable)
// is returned whole.
func SplitGlued(w string) []string {
	if utf8.RuneCountInString(w) < 4 || len(w) == utf8.RuneCountInString(w) {
		return []string{w} // short, or ASCII only
	}
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return []string{w}
		}
	}
	bare := strings.ToUpper(WithoutTone(w))
	if IsSyllable(bare) {
		return []string{w}
	}
	rs := []rune(norm.NFC.String(w))
	bareRunes := []rune(bare)
	if len(rs) != len(bareRunes) {
		return []string{w}
	}
	for i := len(rs) - 1; i >= 1; i-- {
		if IsSyllable(string(bareRunes[:i])) && IsSyllable(string(bareRunes[i:])) {
			return []string{string(rs[:i]), string(rs[i:])}
		}
	}
	return []string{w}
}
