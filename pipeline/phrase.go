package pipeline

import (
	"unicode"
	"unicode/utf8"

	"vanban/extract/viet"
)

// The fixed phrases of a document (the two headings and the motto, the
// type names, the signing forms, "Nơi nhận", the certification heading of
// a consolidated text) are recognised by their folded, space-free form, so
// that the slips of real text do not hide them:
//
//	phrase-key: (letter | digit)*     upper case, old-style tone ("HÒA"),
//	                                  "Ð" (U+00D0) read as "Đ"; spaces,
//	                                  dashes and punctuation dropped
//
// "CỘ NG HÒA", "Cộng hoà", "CỘNG  HOÀ" and "Ðộc lập-Tự do-Hạnh phúc" all
// have the key of the printed phrase. A phrase of six or more key runes
// also matches with one wrong mark: one rune replaced by another where at
// least one of the two is a marked letter ("CỘNG HỊA", "VĂN PHỊNG", "LÂN
// THỨ"), as legacy converters and OCR leave them. The text is never
// rewritten: a match gives the byte span of the printed phrase.

// phraseKey is the folded form of a text with, for each key rune, the byte
// offsets in the text where that rune's source starts and ends.
type phraseKey struct {
	runes []rune
	start []int32
	end   []int32
}

// eth is the Icelandic capital eth (U+00D0), which converters and fonts
// give for "Đ" (U+0110).
const eth = 'Ð'

// newPhraseKey folds s into its key.
func newPhraseKey(s string) phraseKey {
	var k phraseKey
	k.runes = make([]rune, 0, len(s))
	k.start = make([]int32, 0, len(s))
	k.end = make([]int32, 0, len(s))
	for i, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		k.start = append(k.start, int32(i))
		k.end = append(k.end, int32(i+utf8.RuneLen(r)))
		switch r {
		case eth, 'ð':
			r = 'Đ'
		}
		k.runes = append(k.runes, unicode.ToUpper(r))
	}
	// One tone placement for "oa", "oe", "uy" at a word's end ("HÒA" and
	// "HOÀ" are one key), as matchKey and the index write it.
	for i := 0; i+1 < len(k.runes); i++ {
		if i+2 < len(k.runes) && k.start[i+2] == k.end[i+1] {
			continue // the word goes on past the pair
		}
		before := rune(0)
		if i > 0 && k.end[i-1] == k.start[i] {
			before = k.runes[i-1]
		}
		if p, l, ok := viet.CanonicalPair(before, k.runes[i], k.runes[i+1]); ok && k.end[i] == k.start[i+1] {
			k.runes[i], k.runes[i+1] = p, l
		}
	}
	return k
}

// keyOf is the key of a phrase as a rune slice.
func keyOf(phrase string) []rune { return newPhraseKey(phrase).runes }

// minTolerant is the shortest phrase key matched with one wrong mark.
const minTolerant = 6

// maxSlips is the number of wrong marks a phrase key of n runes tolerates:
// none under minTolerant runes, one under 12, then one per four runes, so
// that the motto or a heading OCR'd with a mark lost on several words
// ("CỘNG HOÀ XA HỘI CHU NGHIA VIỆT NAM", "ĐĂNG CỒNG SAN VIÊT NAM") is
// still the phrase, while a short word with a wrong mark is another word.
func maxSlips(n int) int {
	switch {
	case n < minTolerant:
		return 0
	case n < 12:
		return 1
	}
	return n / 4
}

// matchAt reports whether phrase stands in k at key index i, exactly or
// with wrong marks, and whether the match was exact. One wrong mark may
// change the letter under it (a converter's "HỊA" for "HÒA"); any further
// slip keeps the letter and loses or changes only its marks ("XA" for
// "XÃ"), up to maxSlips in all.
func (k phraseKey) matchAt(i int, phrase []rune) (ok, exact bool) {
	if i < 0 || i+len(phrase) > len(k.runes) || len(phrase) == 0 {
		return false, false
	}
	miss, swapped, limit := 0, false, maxSlips(len(phrase))
	for j, r := range phrase {
		t := k.runes[i+j]
		if t == r {
			continue
		}
		miss++
		if miss > limit || !unicode.IsLetter(t) {
			return false, false
		}
		if viet.Base(t) != viet.Base(r) {
			if swapped || (t < utf8.RuneSelf && r < utf8.RuneSelf) {
				return false, false
			}
			swapped = true
		}
	}
	return true, miss == 0
}

// hasPrefix reports whether s begins with phrase (leading punctuation and
// spaces aside), and returns the byte offset in s just past it.
func hasPhrasePrefix(s, phrase string) (end int, ok bool) {
	// Only the start of s can match: its key is built for that much (a
	// phrase's letters, with room for the marks and spaces between them).
	if limit := 4*len(phrase) + 64; len(s) > limit {
		for limit < len(s) && !utf8.RuneStart(s[limit]) {
			limit++
		}
		s = s[:limit]
	}
	k := newPhraseKey(s)
	p := keyOf(phrase)
	if m, _ := k.matchAt(0, p); !m {
		return 0, false
	}
	return int(k.end[len(p)-1]), true
}

// isPhrase reports whether s is phrase and nothing else (punctuation and
// spaces aside).
func isPhrase(s, phrase string) bool {
	k := newPhraseKey(s)
	p := keyOf(phrase)
	m, _ := k.matchAt(0, p)
	return m && len(k.runes) == len(p)
}

// findPhrase finds the first occurrence of phrase in s and returns its byte
// span; an exact occurrence is preferred to one with a wrong mark.
func findPhrase(s, phrase string) (start, end int, ok bool) {
	return newPhraseKey(s).find(keyOf(phrase))
}

// find finds phrase in k, an exact occurrence before a tolerant one.
func (k phraseKey) find(p []rune) (start, end int, ok bool) {
	if len(p) == 0 || len(p) > len(k.runes) {
		return 0, 0, false
	}
	tolerant := -1
	for i := 0; i+len(p) <= len(k.runes); i++ {
		m, exact := k.matchAt(i, p)
		if !m {
			continue
		}
		if exact {
			return int(k.start[i]), int(k.end[i+len(p)-1]), true
		}
		if tolerant < 0 {
			tolerant = i
		}
	}
	if tolerant < 0 {
		return 0, 0, false
	}
	return int(k.start[tolerant]), int(k.end[tolerant+len(p)-1]), true
}

// The fixed phrases of the header and the closing block
// (36-HD/VPTW §1.3, 30/2020/NĐ-CP Art. 8 and Phụ lục I).
const (
	phrasePartyHeading = "ĐẢNG CỘNG SẢN VIỆT NAM"
	phraseStateHeading = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	phraseMotto        = "Độc lập - Tự do - Hạnh phúc"
	phraseRecipients   = "Nơi nhận"
)
