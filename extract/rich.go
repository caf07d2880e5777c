package extract

import "strings"

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
	return layoutLines(lines, out), legacy, notes
}
