package pipeline

import (
	"strings"
	"unicode"
)

// recipientPhrases are the fixed phrases "Nơi nhận" lists open their
// entries with (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.9: "Như trên",
// "Lưu: VT"; the province's web portal, "Cổng thông tin điện tử", is a
// recipient of most provincial papers).
var recipientPhrases = []string{"Như trên", "Lưu", "Cổng TTĐT", "Cổng TT-ĐT", "Cổng thông tin điện tử", "Cổng Thông tin điện tử"}

// restoreRecipient mends the first words of a recipient entry of an OCR'd
// document where they spell a fixed phrase (recipientPhrases) with other
// marks, and only the words OCR was unsure of (doubtful): "Công TTĐT tỉnh"
// with "Công" doubtful is "Cổng TTĐT tỉnh". It returns the entry and
// whether it changed.
func restoreRecipient(entry string, doubtful func(string) bool) (string, bool) {
	words := strings.Fields(entry)
	for _, p := range recipientPhrases {
		pw := strings.Fields(p)
		if len(pw) > len(words) {
			continue
		}
		changed, ok := false, true
		for i, w := range pw {
			got := strings.TrimRight(words[i], ":;,.")
			if got == w {
				continue
			}
			if nameLetters(got) != nameLetters(w) || !doubtful(got) {
				ok = false
				break
			}
			changed = true
		}
		if !ok || !changed {
			continue
		}
		for i, w := range pw {
			got := strings.TrimRight(words[i], ":;,.")
			words[i] = w + words[i][len(got):]
		}
		return strings.Join(words, " "), true
	}
	return entry, false
}

// contextWords are a document's words, for mendByContext: each word's
// lower-case spellings counted beside each neighbour.
type contextWords struct {
	// next[{letters(a), lower(b)}][lower(a)]: how often a stands before b;
	// prev[{lower(a), letters(b)}][lower(b)]: how often b stands after a.
	next, prev map[[2]string]map[string]int
}

// trimWord strips the punctuation around a word.
func trimWord(w string) string {
	return strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// newContextWords counts the words of text that OCR read with
// confidence (not doubtful).
func newContextWords(text string, doubtful func(string) bool) *contextWords {
	c := &contextWords{next: map[[2]string]map[string]int{}, prev: map[[2]string]map[string]int{}}
	add := func(m map[[2]string]map[string]int, k [2]string, spelling string) {
		if m[k] == nil {
			m[k] = map[string]int{}
		}
		m[k][spelling]++
	}
	for _, line := range strings.Split(text, "\n") {
		ws := strings.Fields(line)
		for i := 0; i+1 < len(ws); i++ {
			ra, rb := trimWord(ws[i]), trimWord(ws[i+1])
			a, b := strings.ToLower(ra), strings.ToLower(rb)
			if a == "" || b == "" {
				continue
			}
			if !doubtful(ra) {
				add(c.next, [2]string{nameLetters(a), b}, a)
			}
			if !doubtful(rb) {
				add(c.prev, [2]string{a, nameLetters(b)}, b)
			}
		}
	}
	return c
}

// mendByContext mends, in a field of an OCR'd document (the title, the
// issuer's name, the place), each word OCR was unsure of (doubtful) that
// the document spells otherwise, with the same letters, beside the same
// neighbour, more often than as read (counting only the words read with
// confidence): "TỈNH TUYẾN QUANG" in a title where the date line reads
// "Tuyên Quang", "BỐ NHIỆM" where the body says "bổ nhiệm". The word
// keeps its case. It returns the field and whether it changed.
func (c *contextWords) mendByContext(field string, doubtful func(string) bool) (string, bool) {
	ws := strings.Fields(field)
	changed := false
	for i, raw := range ws {
		w := trimWord(raw)
		if w == "" || !doubtful(w) {
			continue
		}
		lw := strings.ToLower(w)
		votes := map[string]int{}
		if i+1 < len(ws) {
			if b := strings.ToLower(trimWord(ws[i+1])); b != "" {
				for s, n := range c.next[[2]string{nameLetters(lw), b}] {
					votes[s] += n
				}
			}
		}
		if i > 0 {
			if a := strings.ToLower(trimWord(ws[i-1])); a != "" {
				for s, n := range c.prev[[2]string{a, nameLetters(lw)}] {
					votes[s] += n
				}
			}
		}
		best, bestN := "", 0
		for s, n := range votes {
			if s != lw && (n > bestN || n == bestN && s < best) {
				best, bestN = s, n
			}
		}
		if best == "" || bestN <= votes[lw] {
			continue
		}
		switch {
		case isUpperWord(w):
			best = strings.ToUpper(best)
		case w != lw:
			best = titleCase(best)
		}
		ws[i] = strings.Replace(raw, w, best, 1)
		changed = true
	}
	if !changed {
		return field, false
	}
	return strings.Join(ws, " "), true
}
