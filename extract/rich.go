package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Word 97 and RTF files say which font each run of text is set in, so their
// legacy text is converted by font: a run in a TCVN3 font (.VnTime) is
// TCVN3, in a VNI font (VNI-Times) VNI, and a run in a TCVN3 capitals font
// (.VnTimeH), whose lower-case codes are drawn as capitals, is written in
// capitals. A run that holds letters only Unicode has ("ư", "ạ") is Unicode
// whatever its font says: the word processor drew those letters from
// another font. Text in Unicode fonts is then judged by its letters, as
// plain text is (a file whose fonts were lost or renamed).

// renderRuns converts the runs of lines by font, renders them and lays them
// out as the DOCX reader does. legacy is the encoding most text was
// converted from.
func renderRuns(lines []docxLine) (text string, legacy legacyEncoding, notes []string) {
	converted := map[legacyEncoding]int{}
	rendered := make([][]string, len(lines))
	var rest strings.Builder // the text of runs in Unicode fonts
	for i, l := range lines {
		rendered[i] = make([]string, len(l.runs))
		for j, r := range l.runs {
			s := r.text
			unicodeOnly := strings.ContainsFunc(s, vietOnly)
			switch {
			case (r.font == fontTCVN3 || r.font == fontTCVN3Cap) && !unicodeOnly:
				s = convertTCVN3(s)
				if s != r.text {
					converted[legacyTCVN3] += len(s)
				}
				if r.font == fontTCVN3Cap {
					s = strings.ToUpper(s)
				}
			case r.font == fontVNI && !unicodeOnly:
				s = convertVNI(s)
				if s != r.text {
					converted[legacyVNI] += len(s)
				}
			default:
				rest.WriteString(s)
				rest.WriteByte('\n')
			}
			rendered[i][j] = s
		}
	}
	// Runs in Unicode fonts may still be legacy text whose font was lost.
	if enc := detectLegacy(rest.String()); enc != legacyNone {
		for i, l := range lines {
			for j, r := range l.runs {
				if r.font == fontUnicode {
					rendered[i][j] = convertLegacy(r.text, enc)
					if rendered[i][j] != r.text {
						converted[enc] += len(r.text)
					}
				}
			}
		}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		var b strings.Builder
		for j, r := range l.runs {
			s := rendered[i][j]
			if r.caps {
				s = strings.ToUpper(s)
			}
			b.WriteString(s)
		}
		out[i] = b.String()
	}
	for _, enc := range []legacyEncoding{legacyTCVN3, legacyVNI} {
		if converted[enc] > 0 {
			notes = append(notes, enc.note())
			if legacy == legacyNone || converted[enc] > converted[legacy] {
				legacy = enc
			}
		}
	}
	spaceColumns(lines, out)
	return layoutLines(lines, out), legacy, notes
}

// spaceGap is a gap of spaces wide enough to part two columns.
var spaceGap = regexp.MustCompile(`(\S)[ \t]*( {5,}|\t)[ \t]*(\S)`)

// spaceColumns turns the column gaps of a layout typed with spaces into
// tabs, so that layoutLines unweaves it as it does tab stops: typists of
// legacy files set the header ("BỘ TÀI CHÍNH      CỘNG HOÀ XÃ HỘI…") and
// the closing ("Nơi nhận:      KT/ BỘ TRƯỞNG") in two columns with runs of
// spaces. A line pushed right with spaces (the date line under the motto)
// joins the right column when it follows such a line.
func spaceColumns(lines []docxLine, out []string) {
	prevTabbed := false
	for i, l := range lines {
		if l.blank || l.inBox {
			prevTabbed = false
			continue
		}
		s := out[i]
		trimmed := strings.TrimLeft(s, " ")
		var loc []int
		if strings.Contains(trimmed, "     ") || strings.Contains(trimmed, "\t") {
			loc = spaceGap.FindStringSubmatchIndex(trimmed)
		}
		if loc != nil && isColumnGap(trimmed[:loc[3]], trimmed[loc[6]:]) {
			out[i] = strings.Repeat(" ", len(s)-len(trimmed)) + trimmed[:loc[3]] + "\t" + trimmed[loc[6]:]
			prevTabbed = true
			continue
		}
		if lead := len(s) - len(trimmed); prevTabbed && lead >= 12 && !strings.Contains(trimmed, "\t") && trimmed != "" {
			out[i] = "\t" + trimmed
			continue
		}
		prevTabbed = prevTabbed && strings.Contains(s, "\t")
	}
}

// isColumnGap tells a gap between two columns from a blank left in a
// sentence: the columns of a header or closing are short (each at most
// half a line), while a blank is left for a number or a date to be filled
// in by hand ("Số:      /QĐ-UB", "ngày      tháng     năm 2007") or runs
// on in a long paragraph.
func isColumnGap(left, right string) bool {
	if utf8.RuneCountInString(left) > 60 || utf8.RuneCountInString(left)+utf8.RuneCountInString(right) > 130 {
		return false
	}
	if strings.ContainsAny(right[:1], "/.,;)") {
		return false
	}
	words := strings.Fields(strings.ToLower(left))
	switch strings.Trim(words[len(words)-1], ":") {
	case "số", "ngày", "tháng", "năm", "":
		return false
	}
	return true
}
