package index

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"vanban/extract/viet"
)

// The query language. A query is words, "quoted phrases", prefix* words,
// document numbers and dates:
//
//   - A word typed with diacritics matches that spelling only: "đảng"
//     finds "đảng" and "Đảng", not "đang", "đăng" or "dạng". NFC and NFD,
//     capitals, Ð/ð for Đ/đ and the old and new tone placement ("hòa",
//     "hoà") are the same spelling. A word typed without diacritics
//     matches every spelling that folds to it: "dang" finds all of them.
//   - Neighbouring unquoted words are a phrase: "đình công" finds the
//     notices holding "đình công", not those with "đình" in one place and
//     "công" in another (Query.Apart asks for that). A quoted phrase is a
//     phrase in any case; its words follow the same rule of spelling.
//   - A word that is a document number ("294-QĐ/TW", "05/2024/TT-BCA",
//     "Số 294 - QĐ/TW") is a phrase of its parts without diacritics and
//     without leading zeros; the notice bearing that number ranks first.
//   - A date ("09/10/2024", "9-10-2024", "ngày 9 tháng 10 năm 2024")
//     keeps the notices of that date.

// qterm is one word of a query: its folded form (fieldTextFold) and its
// exact form (fieldText); typed with diacritics (marked), the exact form
// alone matches. A word from the table of equivalents put in for words
// typed without diacritics has no exact form.
type qterm struct {
	fold   string
	exact  string
	marked bool
}

// unit is a phrase of the query, a single word being a phrase of one: a
// match holds its words in a row.
type unit []qterm

// qprefix is a prefix* word: exact (fieldText) when typed with
// diacritics, else folded.
type qprefix struct {
	form   string
	marked bool
}

// parsedQuery is the query text cut into its parts.
type parsedQuery struct {
	runs     [][]string // neighbouring unquoted words, in order
	phrases  []string   // "quoted"
	numbers  []string   // document numbers, as typed
	prefixes []string   // word*
	days     []int32    // dates, yyyymmdd
}

// exactForm is a word as AnalyzerExact indexes it: NFC, lower case, ð as
// đ, the tone of "oa", "oe", "uy" on the second vowel.
func exactForm(w []byte) string {
	s := strings.ToLower(norm.NFC.String(string(w)))
	s = strings.ReplaceAll(s, "ð", "đ")
	return viet.CanonicalTone(s)
}

// foldForm is a word as AnalyzerFolded indexes it.
func foldForm(w []byte) string { return string(trimZeros(appendFolded(nil, w))) }

// termOf is a word of query text as a qterm.
func termOf(w []byte) qterm {
	t := qterm{fold: foldForm(w), exact: exactForm(w)}
	t.marked = !isASCII([]byte(t.exact))
	return t
}

// termsOf cuts s into words as the index does and returns them as qterms;
// with folded, none keeps its diacritics.
func termsOf(s string, folded bool) unit {
	var out unit
	b := []byte(s)
	scanWords(b, func(start, end int) {
		t := termOf(b[start:end])
		if folded {
			t.exact, t.marked = "", false
		}
		out = append(out, t)
	})
	return out
}

// spacedDash finds a number's parts written with spaces around a dash or
// slash ("294 - QĐ/TW", "QĐ / TW"), to be joined into one word.
var spacedDash = regexp.MustCompile(`(\d)\s*([-–—‐‑‒/])\s*([\pL\d])|([\pL\d])\s*([-–—‐‑‒/])\s*(\d)|(\pL)\s*(/)\s*(\pL)`)

// Dates as typed: "09/10/2024", "9-10-2024", "9.10.2024", and as the
// documents write them, "ngày 9 tháng 10 năm 2024".
var (
	numericDate = regexp.MustCompile(`(^|[^\d/.\-\pL])(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*([/.\-])\s*(\d{4})($|[^\d/.\-\pL])`)
	wordDate    = regexp.MustCompile(`(?i)ng(?:ày|ay)\s+(\d{1,2})\s*,?\s*th(?:áng|ang)\s+(\d{1,2})\s*,?\s*n(?:ăm|am)\s+(\d{4})`)
)

// dayOf is a valid date as yyyymmdd, 0 otherwise.
func dayOf(d, m, y string) int32 {
	dt, ok := viet.DateOf(d, m, y)
	if !ok {
		return 0
	}
	return dt.Key()
}

// takeDates removes the dates from s and returns them.
func takeDates(s string) (string, []int32) {
	var days []int32
	s = wordDate.ReplaceAllStringFunc(s, func(m string) string {
		g := wordDate.FindStringSubmatch(m)
		if d := dayOf(g[1], g[2], g[3]); d != 0 {
			days = append(days, d)
			return " "
		}
		return m
	})
	for {
		g := numericDate.FindStringSubmatchIndex(s)
		if g == nil {
			break
		}
		sub := func(i int) string { return s[g[2*i]:g[2*i+1]] }
		d := dayOf(sub(2), sub(4), sub(6))
		if d == 0 || sub(3) != sub(5) {
			// Not a date: leave it, and look after it.
			rest, more := takeDates(s[g[7]:])
			return s[:g[7]] + rest, append(days, more...)
		}
		days = append(days, d)
		s = s[:g[2*2]] + " " + s[g[2*6+1]:]
	}
	return s, days
}

// isNumberWord reports a word that is a document number: it starts with
// a digit and holds a slash and a letter ("294-QĐ/TW", "05/2024/TT-BCA",
// "123/UBND-VP"), as the số ký hiệu of 36-HD/VPTW and of Nghị định
// 30/2020/NĐ-CP (Phụ lục I) are written.
func isNumberWord(w string) bool {
	w = strings.TrimLeft(w, "(:")
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsDigit(r) || !strings.Contains(w, "/") {
		return false
	}
	return strings.IndexFunc(w, unicode.IsLetter) >= 0
}

// numberKey is how a document number is looked up: its parts folded and
// without leading zeros, one space apart ("05/2024/TT-BCA" → "5 2024 tt
// bca"; "294-QĐ/TW" and "294/QĐ-TW" → "294 qd tw"); "" when it holds no
// digit.
func numberKey(raw string) string {
	var parts []string
	digit := false
	for _, t := range termsOf(raw, true) {
		parts = append(parts, t.fold)
		digit = digit || strings.IndexFunc(t.fold, unicode.IsDigit) >= 0
	}
	if !digit {
		return ""
	}
	return strings.Join(parts, " ")
}

// isSoWord reports "Số", "số:", "so" (the word before a number).
func isSoWord(w string) bool {
	return foldForm([]byte(strings.TrimRight(w, ":."))) == "so"
}

func parseText(s string) parsedQuery {
	var p parsedQuery
	s = norm.NFC.String(s)
	s, p.days = takeDates(s)
	s = spacedDash.ReplaceAllString(s, "$1$2$3$4$5$6$7$8$9")
	var run []string
	endRun := func() {
		if len(run) > 0 {
			p.runs = append(p.runs, run)
			run = nil
		}
	}
	for len(s) > 0 {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			break
		}
		if s[0] == '"' {
			end := strings.IndexByte(s[1:], '"')
			var ph string
			if end < 0 {
				ph, s = s[1:], ""
			} else {
				ph, s = s[1:1+end], s[end+2:]
			}
			if ph = strings.TrimSpace(ph); ph != "" {
				endRun()
				p.phrases = append(p.phrases, ph)
			}
			continue
		}
		end := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
		if end < 0 {
			end = len(s)
		}
		w := s[:end]
		s = s[end:]
		switch {
		case strings.HasSuffix(w, "*") && len(strings.TrimRight(w, "*")) > 0:
			endRun()
			p.prefixes = append(p.prefixes, strings.TrimRight(w, "*"))
		case isNumberWord(w):
			if len(run) > 0 && isSoWord(run[len(run)-1]) {
				run = run[:len(run)-1]
			}
			endRun()
			p.numbers = append(p.numbers, w)
		case strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0:
			run = append(run, w)
		}
	}
	endRun()
	return p
}
