package pipeline

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanban/extract/viet"
)

// line is one logical line of a document after layout clean-up: a run of
// text that the printed page shows as one line of one column.
type line struct {
	text string // trimmed, inner white space folded to single spaces
	num  int    // 1-based line number in the source text
	// gap reports that blank lines or dropped page furniture stand
	// between this line and the previous kept one.
	gap bool
	// split reports that the line is a piece of a longer source line that
	// held several columns or fields (a header or closing block pasted
	// from a web page, say).
	split bool
}

var (
	// columnGap separates the columns of a line: a tab, a run of three or
	// more spaces, or a "|" cell border as web pages and PDF tables leave.
	columnGap = regexp.MustCompile(`\t+|\s{3,}|\s+\|\s*|\s*\|\s+`)
	// listLabel matches a list item's label standing alone: a bullet or
	// a number or letter with its stop.
	listLabel = regexp.MustCompile(`^(?:[-–—+•*·▪◦]|\d{1,2}[.)]|[a-zđ][.)]|[IVXLC]{1,5}[.)])$`)
	// pageFurniture matches running headers and page numbers of printed
	// pages: "CÔNG BÁO/Số 55/Ngày 26-01-2026", "24", "- 2 -", "Trang 3/5".
	// The gazette's running head is matched in any case ("Công báo/Số …").
	pageFurniture = regexp.MustCompile(`^(?:(?i:CÔNG\s*BÁO)\s*/\s*(?i:Số).*|[-–]?\s*\d{1,4}\s*[-–]?|Trang\s+\d+(?:\s*/\s*\d+)?)$`)
	// signatureOverlay matches the first line of the text a digital
	// signature stamps on a PDF page ("Ký bởi: …", "Người ký: …").
	signatureOverlay = regexp.MustCompile(`^(?:Ký bởi|Người ký|Được ký bởi)\s*:`)
	// overlayField matches the lines that follow it.
	overlayField = regexp.MustCompile(`^(?:Email|Cơ quan|Ngày ký|Thời gian ký|Chức vụ|Tổ chức)\s*:`)
)

// splitLines cuts text into lines, splits multi-column lines, folds white
// space and drops page furniture and signature overlays.
func splitLines(text string) []line {
	var out []line
	gap := false
	overlay := 0 // lines left in a signature overlay
	num := 0
	for len(text) > 0 {
		num++
		raw := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			raw, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		raw = strings.TrimSpace(raw)
		if raw == "" || raw == "|" {
			gap = true
			continue
		}
		if signatureOverlay.MatchString(raw) {
			overlay = 4
			gap = true
			continue
		}
		if overlay > 0 {
			overlay--
			if overlayField.MatchString(raw) {
				continue
			}
			overlay = 0
		}
		if pageFurniture.MatchString(raw) && !yearAfterNam(raw, out) {
			gap = true
			continue
		}
		parts := []string{raw}
		if hasColumnGap(raw) {
			parts = columnGap.Split(raw, -1)
			// "-<tab>Ngân hàng …": a list label and its text are one item.
			if len(parts) > 1 && listLabel.MatchString(strings.TrimSpace(parts[0])) {
				parts[1] = strings.TrimSpace(parts[0]) + " " + parts[1]
				parts = parts[1:]
			}
		}
		for _, p := range parts {
			p = foldSpace(p)
			if p == "" || p == "|" {
				continue
			}
			out = append(out, line{text: p, num: num, gap: gap, split: len(parts) > 1})
			gap = false
		}
	}
	return out
}

// yearAfterNam reports whether raw, a number alone on its line, is the year
// of a date line broken after "năm" ("…, ngày 09 tháng 10 năm" over
// "2024"), not a page number.
func yearAfterNam(raw string, out []line) bool {
	if len(raw) != 4 || len(out) == 0 {
		return false
	}
	prev := strings.ToLower(out[len(out)-1].text)
	return strings.HasSuffix(prev, "năm") && (strings.HasPrefix(raw, "19") || strings.HasPrefix(raw, "20"))
}

// hasColumnGap is a fast test for what columnGap matches.
func hasColumnGap(s string) bool {
	return strings.ContainsAny(s, "\t|") || strings.Contains(s, "   ")
}

// foldSpace trims s and folds each run of white space to one space.
func foldSpace(s string) string {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "  ") && !strings.ContainsAny(s, "\t\n\r\v\f") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// normDash replaces the dash look-alikes of Vietnamese documents (‐ ‑ ‒ – — −)
// with "-".
func normDash(s string) string {
	if !strings.ContainsAny(s, "‐‑‒–—−") {
		return s
	}
	return dashReplacer.Replace(s)
}

var dashReplacer = strings.NewReplacer("‐", "-", "‑", "-", "‒", "-", "–", "-", "—", "-", "−", "-")

// isUpperText reports whether s has at least two letters and none of them
// is lower case: the capitals of issuer names, type names and signing titles.
func isUpperText(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if unicode.IsLower(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

// startsLower reports whether the first letter or digit of s is a lower-case letter.
func startsLower(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return unicode.IsLower(r)
		}
		if unicode.IsDigit(r) {
			return false
		}
	}
	return false
}

// isDecoration reports whether s is a decorative rule or mark: "-----",
// "*", "***", "———", "___", "oOo", "-:-".
func isDecoration(s string) bool {
	if s == "oOo" || s == "o0o" {
		return true
	}
	// "-0-", "-o-", "*0*": the little mark under a legacy issuer.
	if len(s) <= 8 && strings.ContainsAny(s, "0oO") && strings.ContainsAny(s, "-*–") &&
		strings.Trim(s, "-*–0oO ") == "" {
		return true
	}
	for _, r := range s {
		switch r {
		case '-', '–', '—', '‐', '‒', '−', '_', '*', '=', '~', '.', ':', '·', '•', ' ', '/', '\\', '+', '─', '━', '⎯':
		default:
			return false
		}
	}
	return s != ""
}

// endsSentence reports whether s ends with punctuation that closes a
// sentence, clause or list item.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s, " \"”’'»)"))
	switch r {
	case '.', ';', ':', '!', '?', '…':
		return true
	}
	return false
}

// trimItem strips a list bullet before s and list punctuation after it.
func trimItem(s string) string {
	s = stripBullets(s)
	s = strings.TrimRight(s, ",;. ")
	return strings.TrimSpace(s)
}

// matchKey is the form in which fixed phrases are compared: upper case,
// the tone of "oa", "oe", "uy" placed as viet.CanonicalTone places it
// ("HÒA" and "HOÀ" are "HOÀ", "ỦY" and "UỶ" are "UỶ"), "-" for every
// dash, single spaces.
func matchKey(s string) string {
	return viet.CanonicalTones(strings.ToUpper(normDash(foldSpace(s))))
}

// keyPattern is a regular expression to match against matchKey's form:
// its letters are written as matchKey writes them, so a pattern may spell
// "ỦY BAN" either way.
func keyPattern(pattern string) *regexp.Regexp {
	return regexp.MustCompile(viet.CanonicalTones(pattern))
}
