package pipeline

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Number grammar (36-HD/VPTW §1.3, 30/2020/NĐ-CP Phụ lục I §3; format.md
// §1.3, §2.2), after dashes are folded to "-":
//
//	number-line: ("Số" | "SỐ" | "số") ":"? number
//	number:      party | state
//	party:       seq? "-" type "/" issuer ("-" issuer)*    250-TB/TU, 09 - HD/BTCTU, 445-KL/TƯ
//	state:       seq? "/" (year "/")? code (sep code)*     123/QĐ-UBND, 01/2026/TT-BTC
//	sep:         "-" | "/" | "."                           old forms: 144/2002/QĐ/BTC, /QĐ.BQL-VP
//	seq:         digits letter?                            left out when blank: "Số:   /KH-UBND"
//	code:        capital (letter | digit | "&")*           capitals include Ư, Ơ, Đ …
//
// A hyphen right after the digits means party style, a slash state style.
// A space inside a code ("21/C T-TTg", a letter-spaced slip) is dropped
// before the grammar is applied.
const (
	codeWord   = `\p{Lu}[\p{L}0-9&]*`
	dashRe     = `[-‐‑‒–—−]` // "-" and the look-alikes normDash folds
	partyNumRe = `(\d+[a-zA-Z]?)?\s*` + dashRe + `\s*(\p{Lu}\p{L}{0,4})\s*/\s*(` + codeWord + `(?:\s*` + dashRe + `\s*` + codeWord + `)*)`
	stateNumRe = `(\d+[a-zA-Z]?)?\s*/\s*(?:(\d{4})\s*/\s*)?(` + codeWord + `(?:(?:\s*(?:` + dashRe + `|/)\s*|\.)[\p{L}0-9][\p{L}0-9&]*)*)`
)

var (
	// headerNumber matches the number line of a header: "Số 250-TB/TU",
	// "Số: 123/QĐ-UBND", "Số: ......./QĐ-UBND" (a number not yet filled in).
	headerNumber = regexp.MustCompile(`(?:Số|SỐ|số|SÔ|Sô)\s*:?\s*(?:[.…_]+\s*)?(?:` + partyNumRe + `|` + stateNumRe + `)`)
	// numberWord matches the word "Số" that opens a number line.
	numberWord = regexp.MustCompile(`^(?:Số|SỐ|số|SÔ|Sô)(?:[\s:.\d/…_-]|$)`)
	// bareNumber matches a number standing alone on a header line.
	bareNumber = regexp.MustCompile(`^(?:` + partyNumRe + `|` + stateNumRe + `)$`)
	// numberStart matches a number at the start of a line ("Số:" stood
	// alone on the line above).
	numberStart = regexp.MustCompile(`^(?:` + partyNumRe + `|` + stateNumRe + `)`)
	partyNum    = regexp.MustCompile(`^` + partyNumRe + `$`)
	stateNum    = regexp.MustCompile(`^` + stateNumRe + `$`)
	spaceRun    = regexp.MustCompile(`\s+`)
	// spacedCode matches a lone capital split off the rest of its code by
	// a slip of the keyboard or the extractor: the "C T" of "21/C T-TTg".
	spacedCode = regexp.MustCompile(`([/-]\s*\p{Lu}) (\p{Lu}\p{L}*\s*[-/])`)
	// spacedDot matches a space after the dot of an old code ("/QĐ. BQL-VP").
	spacedDot = regexp.MustCompile(`(\p{Lu}\.)\s+(\p{Lu}+\s*[-–])`)
)

// stripNumberWord removes the word "Số" and its colon from a number line.
func stripNumberWord(s string) string {
	for _, w := range []string{"Số", "SỐ", "số", "SÔ", "Sô"} {
		if strings.HasPrefix(s, w) {
			return strings.TrimLeft(s[len(w):], " :")
		}
	}
	return s
}

// squeezeCode drops the spaces that split a code inside a number line.
func squeezeCode(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	s = spacedCode.ReplaceAllString(s, "$1$2")
	return spacedDot.ReplaceAllString(s, "$1$2")
}

// parseNumber splits a number and symbol ("250-TB/TU", "01/2026/TT-BTC")
// into its parts. It returns ok false if s follows neither grammar.
//
// The grammar is applied with dashes folded to "-", but the record keeps
// the symbol as printed (GOLD.md: number.raw is the number "with spaces
// removed"): a dash inside the symbol stays as printed ("/QĐ.BQL–VP"); only
// the party separator between the sequence number and the type code, the
// hyphen of the grammar itself, is written "-" ("357 –CV/HNDTW" gives
// "357-CV/HNDTW", format.md §1.3).
func parseNumber(s string) (n Number, style string, ok bool) {
	printed := spaceRun.ReplaceAllString(strings.TrimSpace(s), "")
	printed = strings.TrimLeft(printed, ".…_")
	printed = strings.TrimRight(printed, ".,;:")
	s = normDash(printed)
	// asPrinted gives back the printed form of s[i:j] (normDash replaces
	// one rune by one rune, so rune counts agree).
	asPrinted := func(i, j int) string {
		if s == printed || i < 0 {
			return s[max(i, 0):max(j, 0)]
		}
		pr := []rune(printed)
		a, b := utf8.RuneCountInString(s[:i]), utf8.RuneCountInString(s[:j])
		return string(pr[a:b])
	}
	if m := partyNum.FindStringSubmatchIndex(s); m != nil {
		n = Number{Seq: asPrinted(m[2], m[3]), TypeCode: asPrinted(m[4], m[5]), IssuerCode: asPrinted(m[6], m[7])}
		// The separator after the sequence number is the grammar's hyphen.
		n.Raw = n.Seq + "-" + asPrinted(m[4], len(s))
		return n, "party", true
	}
	if m := stateNum.FindStringSubmatchIndex(s); m != nil {
		n = Number{Raw: asPrinted(0, len(s)), Seq: asPrinted(m[2], m[3])}
		code := asPrinted(m[6], m[7])
		if i := strings.IndexAny(code, "-/.‐‑‒–—−"); i > 0 && isTypeCode(code[:i]) {
			_, size := utf8.DecodeRuneInString(code[i:])
			n.TypeCode, n.IssuerCode = code[:i], code[i+size:]
		} else {
			n.IssuerCode = code
		}
		return n, "state", true
	}
	return Number{}, "", false
}
