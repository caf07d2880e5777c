// Package viet holds what vanban knows of Vietnamese letters, in one
// place for every stage: folding away the marks (Fold, FoldRune, Base),
// the two placements of a tone mark on "oa", "oe" and "uy" (CanonicalTone),
// and the shape of a syllable (IsSyllable, SplitGlued). The extractors
// use it to mend OCR, the parser to match the documents' fixed phrases,
// the index to analyse words: all three agree on what a letter is.
//
// The letter tables are built once from Unicode decompositions, so that
// callers need no normalisation pass.
package viet

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var (
	foldTable  = make([]string, maxLatinEx+1) // letter → letters without marks ("ộ" → "o"); "" if none
	toneSplit  = map[rune][2]rune{}           // letter → its letter without tone, and the tone
	toneJoin   = map[[2]rune]rune{}           // the reverse
	maxLatinEx = rune(0x1EFF)
)

func init() {
	for r := rune(0xC0); r <= maxLatinEx; r++ {
		if r > 0x24F && r < 0x1E00 {
			continue
		}
		d := []rune(norm.NFD.String(string(r)))
		if len(d) < 2 {
			continue
		}
		var b strings.Builder
		tone := rune(0)
		var rest []rune
		for _, x := range d {
			if unicode.Is(unicode.Mn, x) {
				if IsTone(x) {
					tone = x
				} else {
					rest = append(rest, x)
				}
				continue
			}
			b.WriteRune(x)
			rest = append(rest, x)
		}
		foldTable[r] = b.String()
		if tone != 0 {
			base := []rune(norm.NFC.String(string(rest)))
			if len(base) == 1 {
				toneSplit[r] = [2]rune{base[0], tone}
				toneJoin[[2]rune{base[0], tone}] = r
			}
		}
	}
	// đ is a letter of its own, not d with a mark; Ð and ð (Icelandic
	// eth) stand in for Đ and đ in some files.
	foldTable['đ'], foldTable['Đ'] = "d", "D"
	foldTable['ð'], foldTable['Ð'] = "d", "D"
}

// IsTone reports whether r is one of the five tone marks of Vietnamese as
// a combining character: huyền, sắc, ngã, hỏi, nặng.
func IsTone(r rune) bool {
	switch r {
	case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
		return true
	}
	return false
}

// FoldRune is r without its marks ("ộ" → "o", "Đ" → "D"), "" if r has
// none to remove.
func FoldRune(r rune) string {
	if r >= 0 && int(r) < len(foldTable) {
		return foldTable[r]
	}
	return ""
}

// Base is r without its marks, in upper case: "ữ" → 'U', "đ" → 'D'.
func Base(r rune) rune {
	if f := FoldRune(r); f != "" {
		b, _ := utf8.DecodeRuneInString(f)
		return unicode.ToUpper(b)
	}
	return unicode.ToUpper(r)
}

// Fold removes Vietnamese diacritics and maps đ/Đ to d/D: "Đảng Cộng sản"
// → "Dang Cong san". Unicode decomposition alone leaves đ, which is a
// letter of its own, not d with a mark. Combining marks (NFD text) go too.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			b.WriteByte(byte(r))
			continue
		}
		if f := FoldRune(r); f != "" {
			b.WriteString(f)
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// WithoutTone is s without its tone marks; the letters' own marks (ă, â,
// ê, ô, ơ, ư, đ) and the case stay: "Trường" → "Trương".
func WithoutTone(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !IsTone(r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// CanonicalPair gives the last two letters of a word, prev and last, with
// the tone of an open "oa", "oe" or "uy" syllable on its second vowel, as
// the current rules write it ("òa" → "oà"); before is the letter before
// prev (0 if none), which tells "quý" (the u belongs to the consonant)
// from "thụy". ok is false when nothing moves. Case is kept.
func CanonicalPair(before, prev, last rune) (p, l rune, ok bool) {
	sp, found := toneSplit[prev]
	if !found {
		return prev, last, false
	}
	lp, ll := unicode.ToLower(sp[0]), unicode.ToLower(last)
	switch {
	case lp == 'o' && (ll == 'a' || ll == 'e'):
	case lp == 'u' && ll == 'y':
		if unicode.ToLower(before) == 'q' {
			return prev, last, false
		}
	default:
		return prev, last, false
	}
	moved, found := toneJoin[[2]rune{last, sp[1]}]
	if !found {
		return prev, last, false
	}
	return sp[0], moved, true
}

// CanonicalTone puts the tone mark of an open "oa", "oe" or "uy" syllable
// on its second vowel, as the current rules write it: "hòa" → "hoà",
// "khỏe" → "khoẻ", "thụy" → "thuỵ". Both placements are in use, old
// documents mostly having the first. Other syllables ("hoàng", "quý",
// "thuyết") are spelled alike in both styles and are left as they are.
// s is one word, in NFC, of either case.
func CanonicalTone(s string) string {
	last, n2 := utf8.DecodeLastRuneInString(s)
	if n2 == 0 || n2 > len(s) {
		return s
	}
	prev, n1 := utf8.DecodeLastRuneInString(s[:len(s)-n2])
	if n1 == 0 {
		return s
	}
	head := s[:len(s)-n2-n1]
	before, _ := utf8.DecodeLastRuneInString(head)
	if before == utf8.RuneError {
		before = 0
	}
	p, l, ok := CanonicalPair(before, prev, last)
	if !ok {
		return s
	}
	return head + string(p) + string(l)
}

// CanonicalTones applies CanonicalTone to every word of s (a run of
// letters): "Cộng hòa xã hội" → "Cộng hoà xã hội".
func CanonicalTones(s string) string {
	var b strings.Builder
	changed := false
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := s[start:end]
		if c := CanonicalTone(w); c != w {
			if !changed {
				b.Grow(len(s))
				b.WriteString(s[:start])
				changed = true
			}
			b.WriteString(c)
		} else if changed {
			b.WriteString(w)
		}
		start = -1
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			i += size
			continue
		}
		flush(i)
		if changed {
			b.WriteString(s[i : i+size]) // the bytes as they are, valid or not
		}
		i += size
	}
	flush(len(s))
	if !changed {
		return s
	}
	return b.String()
}
