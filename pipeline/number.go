package pipeline

import (
	"regexp"
	"strings"
)

// Number grammar (format.md §1.3, §2.2), after dashes are folded to "-":
//
//	party:  seq "-" type "/" issuer ("-" issuer)*     250-TB/TU, 09 - HD/BTCTU
//	state:  seq "/" [year "/"] code ("-" code)*       123/QĐ-UBND, 01/2026/TT-BTC
//
// A hyphen right after the digits means party style, a slash state style.
const (
	codeWord   = `[A-ZĐ][A-Za-zĐđ0-9&]*`
	partyNumRe = `(\d+[a-zA-Z]?)?\s*-\s*([A-ZĐ][A-Za-zĐđ]{0,4})\s*/\s*(` + codeWord + `(?:\s*-\s*` + codeWord + `)*)`
	stateNumRe = `(\d+[a-zA-Z]?)?\s*/\s*(?:(\d{4})\s*/\s*)?(` + codeWord + `(?:\s*-\s*[A-ZĐa-zđ0-9][A-Za-zĐđ0-9&]*)*)`
)

var (
	// headerNumber matches the number line of a header: "Số 250-TB/TU",
	// "Số: 123/QĐ-UBND", "Số: ......./QĐ-UBND" (a number not yet filled in).
	headerNumber = regexp.MustCompile(`Số\s*:?\s*(?:[.…_]+\s*)?(?:` + partyNumRe + `|` + stateNumRe + `)`)
	// bareNumber matches a number standing alone on a header line.
	bareNumber = regexp.MustCompile(`^(?:` + partyNumRe + `|` + stateNumRe + `)$`)
	partyNum   = regexp.MustCompile(`^` + partyNumRe + `$`)
	stateNum   = regexp.MustCompile(`^` + stateNumRe + `$`)
	spaceRun   = regexp.MustCompile(`\s+`)
)

// parseNumber splits a number and symbol ("250-TB/TU", "01/2026/TT-BTC")
// into its parts. It returns ok false if s follows neither grammar.
func parseNumber(s string) (n Number, style string, ok bool) {
	s = spaceRun.ReplaceAllString(normDash(strings.TrimSpace(s)), "")
	s = strings.TrimLeft(s, ".…_")
	s = strings.TrimRight(s, ".,;:")
	if m := partyNum.FindStringSubmatch(s); m != nil {
		return Number{Raw: s, Seq: m[1], TypeCode: m[2], IssuerCode: m[3]}, "party", true
	}
	if m := stateNum.FindStringSubmatch(s); m != nil {
		n = Number{Raw: s, Seq: m[1]}
		code := m[3]
		if i := strings.IndexByte(code, '-'); i > 0 && isTypeCode(code[:i]) {
			n.TypeCode, n.IssuerCode = code[:i], code[i+1:]
		} else {
			n.IssuerCode = code
		}
		return n, "state", true
	}
	return Number{}, "", false
}
