package pipeline

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanban/extract/viet"
)

// header holds what the first part of a document says: the national or
// party heading, the issuer, the number, place and date, the type name and
// the title (trích yếu), with the line each was read from (0: not found).
type header struct {
	kind        string
	issuer      []string // issuer candidate lines, top to bottom
	issuerSplit bool     // some issuer line came from a line with other fields on it
	number      Number
	numStyle    string // "party" or "state" grammar
	hasNumber   bool
	place       string
	date        string
	dateBlank   bool   // a date line with the day or month not filled in
	dateBad     string // the day or month as printed when it is not legible ("2Š")
	hasDateLine bool
	docType     docTypeInfo
	typeLine    string // the type name as printed
	hasType     bool
	title       []string
	vv          bool // the title is a công văn's "V/v …" line
	bodyStart   int  // index of the first body line

	// Source lines (1-based) of the elements, for warnings.
	headingLine, issuerLine, numberLine, dateLine, typeLineNum, lastLine int
	headingSlip                                                          bool   // a heading read with a wrong mark
	badNumber                                                            string // a "Số" line whose number follows no grammar
	badNumberAt                                                          int
	consolidated                                                         bool // a "VĂN BẢN HỢP NHẤT" banner heads the text
	certified                                                            bool // issuer, number, place and date come from a VBHN certification block
	republished                                                          bool // number and date come from a gazette heading line
	certLine                                                             int
}

var (
	// placeDate matches the place-and-date element (36-HD/VPTW §1.3 (4),
	// 30/2020/NĐ-CP Phụ lục I §4):
	//
	//	place-date: place? ","? "ngày" day "tháng" month "năm" year stray?
	//	          | place? ","? "ngày" day "/" month "/" year
	//	day, month: digits | blank | illegible
	//	            blank: dots, underscores or nothing; illegible: up to
	//	            three other characters, as OCR reads a handwritten day
	//	            ("2Š"): the place is kept, the date left blank
	//	year:       4 digits | 2 digits and dots ("20..")
	//	stray:      one digit glued to the year (a footnote marker: "20264")
	//
	// in any case ("NGÀY", "Ngày").
	placeDate = regexp.MustCompile(`(?i)(?:^|[,\s])ngày\s*(?:(\d{1,2}|[.…_]*|[^\s,]{1,3})\s*tháng\s*(\d{1,2}|[.…_]*|[^\s,]{1,3})\s*năm\s*(\d{4}|\d{2}[.…_]+)\d?|(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}))`)
	// vvLine matches the opening of a công văn's subject line ("V/v …",
	// "Về việc …") or of a title displaced above the type name by the
	// layout ("Về thanh toán …").
	vvLine = regexp.MustCompile(`^(?:V/v|V/V|v/v|Về việc|VỀ VIỆC|Về)\s`)
	// vvForm tells the subject line of a công văn from a displaced title.
	vvForm = regexp.MustCompile(`^(?:V/v|V/V|v/v|Về việc|VỀ VIỆC)\b`)
	// headerMark matches the secrecy, urgency, circulation and draft marks
	// that may stand in the header (format.md §1.2: 10a, 10b, 11a, 11b).
	headerMark = regexp.MustCompile(`^(?i:(?:TÀI LIỆU|BẢN SAO|DỰ THẢO|MẬT|TỐI MẬT|TUYỆT MẬT|KHẨN|THƯỢNG KHẨN|HỎA TỐC|HOẢ TỐC|HẸN GIỜ|LƯU HÀNH NỘI BỘ|KHÔNG LƯU HÀNH)\b)`)
	// inlineVv finds a "V/v" line run onto the end of another field.
	inlineVv = regexp.MustCompile(`\sV/[vV]\s`)
)

// partyKey and stateKey are the two headings in matchKey form; a line that
// is a piece of one ("CỘNG HÒA XÃ HỘI" over "CHỦ NGHĨA VIỆT NAM") is a
// heading too.
var (
	partyKey = matchKey(phrasePartyHeading)
	stateKey = matchKey(phraseStateHeading)
)

// headings are the fixed headings of the header's right column
// (36-HD/VPTW §1.3 (1); 30/2020/NĐ-CP Art. 8 (1)) and the kind each marks.
// The Youth Union's heading marks no kind but is a heading all the same.
var headings = []struct {
	phrase string
	key    []rune
	kind   string
}{
	{phrasePartyHeading, keyOf(phrasePartyHeading), KindParty},
	{phraseStateHeading, keyOf(phraseStateHeading), KindState},
	{phraseMotto, keyOf(phraseMotto), KindState},
	{"ĐOÀN TNCS HỒ CHÍ MINH", keyOf("ĐOÀN TNCS HỒ CHÍ MINH"), ""},
	{"ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH", keyOf("ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH"), ""},
}

// furniture are lines of a gazette or archive copy that stand in the
// header zone but are no element of the document's own header: gazette
// section headings and the banner of a consolidated text.
//
//	furniture: "VĂN BẢN QUY PHẠM PHÁP LUẬT" | "VĂN BẢN PHÁP LUẬT KHÁC"
//	         | "VĂN BẢN KHÁC" | "VĂN BẢN HỢP NHẤT" "-"? | "PHẦN I" …
var furniture = [][]rune{
	keyOf("VĂN BẢN QUY PHẠM PHÁP LUẬT"),
	keyOf("VĂN BẢN PHÁP LUẬT KHÁC"),
	keyOf("VĂN BẢN KHÁC"),
	keyOf("VĂN BẢN HỢP NHẤT"),
	keyOf("VĂN BẢN HỢP NHẤT"),
}

// consolidatedKey is the banner of a consolidated text.
var consolidatedKey = keyOf("VĂN BẢN HỢP NHẤT")

// headingMatch is one heading found in a line: its byte span, its kind,
// the number of key runes it covers and whether it was read exactly.
type headingMatch struct {
	span  [2]int
	kind  string
	runes int
	exact bool
}

// bannerIssuer returns the issuer's name when s is the banner of a
// consolidated text run onto it ("VĂN BẢN HỢP NHẤT - BỘ Y TẾ"), else "".
func bannerIssuer(s string) string {
	if len(s) > 200 || !isUpperText(s) {
		return ""
	}
	k := newPhraseKey(s)
	if m, _ := k.matchAt(0, consolidatedKey); !m || len(k.runes) == len(consolidatedKey) {
		return ""
	}
	rest := strings.TrimSpace(s[k.end[len(consolidatedKey)-1]:])
	if !strings.HasPrefix(normDash(rest), "-") {
		return ""
	}
	return strings.TrimSpace(strings.TrimLeft(normDash(rest), "- "))
}

// typedNumber is the number of a number line that opens with the type
// name, as laws and resolutions of the National Assembly print it:
//
//	typed-number: type-name ("số" | "Số") ":"? number
//
// It returns "" when s is no such line.
func typedNumber(s string) string {
	if len(s) > 80 {
		return ""
	}
	_, n, ok := typeByName(s)
	if !ok {
		return ""
	}
	rest := strings.TrimSpace(s[n:])
	if !numberWord.MatchString(rest) {
		return ""
	}
	num := stripNumberWord(rest)
	if !bareNumber.MatchString(num) {
		return ""
	}
	return num
}

// headingIn finds the headings in k.
func headingIn(k phraseKey) []headingMatch {
	var out []headingMatch
	for i := 0; i < len(k.runes); {
		found := false
		for _, h := range headings {
			if k.runes[i] != h.key[0] && k.runes[i+min(1, len(k.runes)-i-1)] != h.key[1] {
				continue // neither of the first two runes fits
			}
			if m, ex := k.matchAt(i, h.key); m {
				out = append(out, headingMatch{[2]int{int(k.start[i]), int(k.end[i+len(h.key)-1])}, h.kind, len(h.key), ex})
				i += len(h.key)
				found = true
				break
			}
		}
		if !found {
			i++
		}
	}
	return out
}

// headingOf reports whether s is a heading and nothing else, with its kind.
func headingOf(s string) (kind string, exact, ok bool) {
	if len(s) > 160 || len(s) < 10 {
		return "", false, false // the longest heading is 51 bytes
	}
	k := newPhraseKey(s)
	hs := headingIn(k)
	// Little may stand beside it: "*", a rule, a stray letter.
	if len(hs) != 1 || len(k.runes) > hs[0].runes+2 {
		return "", false, false
	}
	return hs[0].kind, hs[0].exact, true
}

// isFurniture reports whether s is a gazette section heading or banner.
func isFurniture(s string) bool {
	if len(s) > 80 {
		return false
	}
	k := newPhraseKey(s)
	for _, f := range furniture {
		if m, _ := k.matchAt(0, f); m && len(k.runes) == len(f) {
			return true
		}
	}
	return false
}

// segments cuts one header line at the elements it holds, so that a header
// pasted onto one line ("TỈNH ỦY X ĐẢNG CỘNG SẢN VIỆT NAM Số 250-TB/TU
// Tiền Giang, ngày …") reads like the printed one:
//
//	line: (heading | number-line | place-date | "V/v" … | other)*
//
// Headings are found first, so a number run into a heading ("Số: 41 -
// QĐ/TWĐTN-VPĐOÀN TNCS HỒ CHÍ MINH") ends where the heading begins.
func segments(s string) []string {
	var spans [][2]int
	if len(s) >= 10 {
		// The headings stand near the start of a line run together.
		head := s[:min(len(s), 1200)]
		for !utf8.ValidString(head) {
			head = head[:len(head)-1]
		}
		for _, h := range headingIn(newPhraseKey(head)) {
			spans = append(spans, h.span)
		}
	}
	var out []string
	add := func(p string) {
		if p = strings.Trim(p, " ,;|*"); p != "" {
			out = append(out, p)
		}
	}
	prev := 0
	for _, sp := range spans {
		for _, p := range cutFields(s[prev:sp[0]]) {
			add(p)
		}
		add(s[sp[0]:sp[1]])
		prev = sp[1]
	}
	for _, p := range cutFields(s[prev:]) {
		add(p)
	}
	if len(out) == 0 {
		return []string{s}
	}
	return out
}

// cutFields cuts a piece of a header line at number lines, date lines and
// "V/v" lines.
func cutFields(s string) []string {
	if s == "" {
		return nil
	}
	if i := numberWordIndex(s); i >= 0 {
		s = s[:i] + squeezeCode(s[i:])
	}
	var cuts []int
	if numberWordIndex(s) >= 0 {
		for _, m := range headerNumber.FindAllStringIndex(s, -1) {
			cuts = append(cuts, m[0], m[1])
		}
	}
	if strings.Contains(strings.ToLower(s), "ngày") {
		for _, m := range placeDate.FindAllStringIndex(s, -1) {
			cuts = append(cuts, m[1]) // the place stays with its date
		}
	}
	for _, m := range inlineVv.FindAllStringIndex(s, -1) {
		cuts = append(cuts, m[0])
	}
	if len(cuts) == 0 {
		return []string{s}
	}
	sort.Ints(cuts)
	var out []string
	prev := 0
	for _, c := range append(cuts, len(s)) {
		if c <= prev {
			continue
		}
		out = append(out, s[prev:c])
		prev = c
	}
	return out
}

// numberWordIndex is the byte offset of the first "Số" in s, or -1.
func numberWordIndex(s string) int {
	best := -1
	for _, w := range []string{"Số", "SỐ", "số", "SÔ", "Sô"} {
		i := strings.Index(s, w)
		if w == "số" && i > 0 {
			// Inside a line, "số" cites a document; a number line starts
			// with "Số" in capitals or stands at the start of its piece.
			continue
		}
		if i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	return best
}

// maxHeaderLines bounds how far down the header is looked for.
const maxHeaderLines = 60

// maxPrelude bounds the lines of other matter (the end of the previous
// text on a gazette page, a signature overlay) skipped before the header.
const maxPrelude = 8

// parseHeader reads the header from the top of lines. It returns the lines
// again, re-cut where the whole document stood on one line.
//
//	header: prelude? (heading | furniture | issuer | number-line | place-date
//	        | mark | decoration | pre-title)* type-name title
//
// Each element is recognised by its own grammar (segments, number.go,
// placeDate, headings, typeByName), wherever the line breaks fall: a date
// or number line broken over several lines is joined back first
// (joinBroken). The header ends at the first line that is none of them.
// A consolidated text's certification block and a republished text's
// gazette heading line supply what the header lacks (vbhn.go).
func parseHeader(lines []line) (header, []line) {
	lines = recutOneLine(lines)
	h := parseHeaderZone(lines)
	h.readCertification(lines)
	if !h.hasNumber && !h.hasType {
		h.readGazetteHeading(lines)
	}
	return h, lines
}

// parseHeaderZone reads the header elements from the top of lines.
func parseHeaderZone(lines []line) header {
	var h header
	seen := false     // any header field found
	prevHeading := "" // the heading piece just read, for one wrapped in a narrow column
	i := 0
	for ; i < len(lines) && i < maxHeaderLines; i++ {
		ln := lines[i]
		if !seen && len(ln.text) > 600 {
			// A paragraph, not a header line (a header run onto one
			// line was re-cut by recutOneLine).
			if i < maxPrelude && headerAhead(lines, i) {
				continue
			}
			break
		}
		text := ln.text
		if j, t := joinBroken(lines, i); j > i {
			text, i = t, j
		}
		h.lastLine = lines[i].num
		segs := segments(text)
		stop := false
		for k := 0; k < len(segs) && !stop; k++ {
			s := segs[k]
			ns := normDash(s)
			split := len(segs) > 1 || ln.split
			wasHeading := prevHeading
			prevHeading = ""
			kind, exact, isHead := headingOf(s)
			switch {
			case isDecoration(s):
			case isHead:
				if kind != "" && h.kind == "" {
					h.kind = kind
				}
				if h.headingLine == 0 {
					h.headingLine = ln.num
				}
				h.headingSlip = h.headingSlip || !exact
				seen = true
			case isHeadingPiece(s) || (wasHeading != "" && isHeadingPiece(wasHeading+" "+s)):
				prevHeading = s
				if wasHeading != "" {
					prevHeading = wasHeading + " " + s
				}
				if h.kind == "" {
					if strings.Contains(stateKey, matchKey(s)) && !strings.Contains(partyKey, matchKey(s)) {
						h.kind = KindState
					} else if strings.Contains(partyKey, matchKey(s)) && !strings.Contains(stateKey, matchKey(s)) {
						h.kind = KindParty
					}
				}
				seen = true
			case isFurniture(s):
				if m, _ := newPhraseKey(s).matchAt(0, consolidatedKey); m {
					h.consolidated = true
				}
			case bannerIssuer(s) != "":
				// "VĂN BẢN HỢP NHẤT - VĂN PHÒNG QUỐC HỘI": the banner of a
				// consolidated text run onto the issuer's name.
				h.consolidated = true
				h.issuer = append(h.issuer, bannerIssuer(s))
				if h.issuerLine == 0 {
					h.issuerLine = ln.num
				}
				seen = true
			case typedNumber(ns) != "" && !h.hasNumber:
				// "Nghị quyết số: 24/2022/UBTVQH15", "Luật số: 25/2008/QH12".
				if n, style, ok := parseNumber(typedNumber(ns)); ok {
					h.number, h.numStyle, h.hasNumber, h.numberLine = n, style, true, ln.num
				}
				seen = true
			case numberWord.MatchString(s):
				if !h.hasNumber {
					if m := headerNumber.FindString(ns); m != "" && strings.HasPrefix(ns, m) {
						// The same span of s, with its dashes as printed.
						raw := stripNumberWord(string([]rune(s)[:utf8.RuneCountInString(m)]))
						if n, style, ok := parseNumber(raw); ok {
							h.number, h.numStyle, h.hasNumber, h.numberLine = n, style, true, ln.num
						}
					} else if h.badNumber == "" {
						h.badNumber, h.badNumberAt = s, ln.num
					}
				}
				seen = true
			case !h.hasNumber && seen && bareNumber.MatchString(ns):
				if n, style, ok := parseNumber(s); ok {
					h.number, h.numStyle, h.hasNumber, h.numberLine = n, style, true, ln.num
				}
			case !h.hasDateLine && isPlaceDate(s):
				h.readPlaceDate(s)
				h.dateLine = ln.num
				seen = true
			case vvLine.MatchString(s) && len(h.title) == 0 && (seen || vvForm.MatchString(s)):
				h.vv = vvForm.MatchString(s)
				h.title = append(h.title, s)
				if k == len(segs)-1 {
					i = h.readSubjectWrap(lines, i)
				}
				seen = true
			case headerMark.MatchString(s) && isUpperText(s):
			case isSigningMode(s) && !h.hasNumber:
				// "KT. BỘ TRƯỞNG" of the text before on a gazette page
				// is never an issuer; what was taken for one above it
				// belongs to that text too.
				h.issuer, h.issuerLine = nil, 0
				for i+1 < len(lines) && k == len(segs)-1 {
					t := lines[i+1].text
					if _, _, hd := headingOf(t); hd || numberWord.MatchString(t) || len([]rune(t)) > 60 ||
						!(isUpperText(t) || isNameLine(t) || signedNote.MatchString(t) || isDecoration(t)) {
						break
					}
					i++
					if isNameLine(t) {
						break // the signer's name ends the block
					}
				}
			case h.startType(s, seen):
				seen = true
				h.typeLineNum = ln.num
				rest := strings.TrimSpace(strings.Join(segs[k:], " ")[len(h.typeLine):])
				h.bodyStart = h.readTitle(lines, i, rest)
				return h
			case isUpperText(s) && k == 0 && h.hasNumber && h.hasDateLine && len(h.issuer) > 0:
				// Issuer, number and date are all read: an upper-case line
				// now is a title printed without its type name ("XỬ LÝ KỶ
				// LUẬT …" under "Số 102-QĐ/TW"); the number tells the type.
				h.bodyStart = h.readTitle(lines, i, strings.Join(segs, " "))
				return h
			case !h.hasType && (isUpperText(s) || (len(h.issuer) == 0 && !h.hasNumber && isCaselessIssuer(s, lines, i, len(segs) == 1))):
				h.issuer = append(h.issuer, s)
				if h.issuerLine == 0 {
					h.issuerLine = ln.num
				}
				h.issuerSplit = h.issuerSplit || split
				seen = true
			default:
				stop = true
			}
		}
		if stop {
			if !seen && i < maxPrelude && headerAhead(lines, i) {
				continue
			}
			// Only issuer-like lines so far, then other matter, then a
			// heading or number: what was read was a prelude (a signature
			// stamp's text, the end of the text before).
			if seen && h.kind == "" && h.headingLine == 0 && !h.hasNumber && !h.hasDateLine && len(h.title) == 0 &&
				i < 2*maxPrelude && headerAhead(lines, i) {
				h, seen, prevHeading = header{}, false, ""
				continue
			}
			break
		}
	}
	if !seen {
		return header{}
	}
	h.bodyStart = i
	return h
}

// headerAhead reports whether a heading or a number line follows lines[i]
// closely: the lines before it are a prelude, not the document's start.
func headerAhead(lines []line, i int) bool {
	for j := i + 1; j < len(lines) && j <= i+maxPrelude; j++ {
		t := lines[j].text
		if len(t) > 200 {
			continue
		}
		if _, _, ok := headingOf(t); ok {
			return true
		}
		if numberWord.MatchString(t) && headerNumber.MatchString(t) {
			return true
		}
	}
	return false
}

// readSubjectWrap reads the lines a công văn's "V/v …" subject wraps onto
// after lines[at] and returns the index of the last one read:
//
//	subject: ("V/v" | "Về việc") text (NL continuation)*
//	continuation: a line starting lower case, or a cited document
//	              ("Quyết định số 12/QĐ-UBND …") inside the subject
//
// A line holding another element (date, number, heading) ends it.
func (h *header) readSubjectWrap(lines []line, at int) int {
	for at+1 < len(lines) && len(h.title) < 8 {
		t := lines[at+1].text
		prev := h.title[len(h.title)-1]
		if endsSentence(prev) || isPlaceDate(t) {
			break
		}
		if _, _, hd := headingOf(t); hd || bodyCue.MatchString(t) || numberWord.MatchString(t) {
			break
		}
		// A lower-case line, a cited document, or a short mixed-case line
		// ending a name ("Thủ tướng" over "Chính phủ") goes on.
		if !citesDocument(t) && (isUpperText(t) || len(segments(t)) != 1 || (!startsLower(t) && len(strings.Fields(t)) > 4)) {
			break
		}
		at++
		h.title = append(h.title, t)
	}
	return at
}

// citation matches a cited document at the start of a line: a type name
// followed by "số" ("Quyết định số 12/QĐ-UBND …").
var citation = regexp.MustCompile(`^\S+(?:\s+\S+){0,3}\s+số\s+\d`)

// citesDocument reports whether t starts by citing a document by its
// number ("Quyết định số 12/QĐ-UBND …"): inside a subject line this is no
// type name of the document's own.
func citesDocument(t string) bool {
	_, n, ok := typeByName(t)
	return ok && citation.MatchString(t) && strings.HasPrefix(strings.TrimSpace(t[n:]), "số")
}

// isCaselessIssuer reports whether s, not in capitals, is still the
// issuer's line: legacy text converted without its capitals font and OCR
// give "Chính phủ" over "Số: 28/2003/NĐ-CP". It must be a short name alone
// on its line, followed by a number line, a heading or a rule.
func isCaselessIssuer(s string, lines []line, i int, alone bool) bool {
	if !alone || strings.ContainsAny(s, "0123456789:;,.()") || len(strings.Fields(s)) > 10 || !unicode.IsLetter([]rune(s)[0]) {
		return false
	}
	if _, _, ok := headingOf(s); ok || isHeadingPiece(s) {
		return false
	}
	for j := i + 1; j < len(lines) && j <= i+2; j++ {
		t := lines[j].text
		if isDecoration(t) {
			return true
		}
		if numberWord.MatchString(t) {
			return true
		}
		if _, _, ok := headingOf(t); ok || isHeadingPiece(t) {
			return true
		}
		if isUpperText(t) {
			return false
		}
	}
	return false
}

// joinBroken joins lines[i] with the lines after it when an element was
// broken over them: "Số:" over "17/2023/QĐ-UBND", "Lâm Đồng, ngày 05"
// over "tháng 7 năm 2023", "Hà" over "Nội, ngày 01 tháng 4 năm 2009". It
// returns the index of the last line used and the joined text, or i and
// lines[i].text when nothing was joined.
func joinBroken(lines []line, i int) (int, string) {
	t := lines[i].text
	// "Số:" alone, the number on the next line.
	if numberWord.MatchString(t) && len(strings.Fields(stripNumberWord(t))) == 0 && i+1 < len(lines) {
		if n := normDash(lines[i+1].text); numberStart.MatchString(n) {
			return i + 1, t + " " + lines[i+1].text
		}
	}
	// A heading or the motto broken over two lines ("cộng hoà xã hội" over
	// "chủ nghĩa Việt nam", "Độc" over "lập-Tự do-Hạnh phúc").
	if i+1 < len(lines) && len(t) < 60 && len(lines[i+1].text) < 60 {
		if _, _, ok := headingOf(t); !ok {
			joined := t + " " + lines[i+1].text
			if _, _, ok := headingOf(joined); ok {
				if _, _, ok := headingOf(lines[i+1].text); !ok {
					return i + 1, joined
				}
			}
		}
	}
	// "Số: 565" and "/TB-UBND" cut apart at a run of spaces left for the
	// stamp.
	if numberWord.MatchString(t) && i+1 < len(lines) && seqOnly.MatchString(stripNumberWord(t)) {
		if n := normDash(lines[i+1].text); numberStart.MatchString(n) && (n[0] == '/' || n[0] == '-') {
			return i + 1, t + lines[i+1].text
		}
	}
	// A place in capitals ("HÀ NỘI,") joins only a following "ngày …".
	// So does a piece of a place in capitals over the rest of its date
	// line in capitals ("HÀ" over "NỘI, NGÀY 28 THÁNG 5 NĂM 2004"): a
	// short line that names no body.
	upperPlace := isUpperText(t) && i+1 < len(lines) &&
		(strings.HasPrefix(strings.ToLower(lines[i+1].text), "ngày") ||
			(len(strings.Fields(t)) <= 3 && !startsBody(t) && isUpperText(lines[i+1].text) && isPlaceDate(lines[i+1].text)))
	if isPlaceDate(t) || (isUpperText(t) && !hasDateWord(t) && !upperPlace) || isDecoration(t) || len([]rune(t)) > 60 {
		return i, t
	}
	// A date line broken anywhere: join up to three short lines.
	joined := t
	for j := i + 1; j < len(lines) && j <= i+3; j++ {
		next := lines[j].text
		if len([]rune(next)) > 40 || (isUpperText(next) && !hasDateWord(next)) {
			break
		}
		joined += " " + next
		if hasNgay(joined) && isPlaceDate(joined) {
			return j, joined
		}
	}
	return i, t
}

// seqOnly matches a number line's seq standing without its code.
var seqOnly = regexp.MustCompile(`^\d+[a-zA-Z]?\s*$`)

// hasNgay is a fast test for the word "ngày" in the cases it is printed in.
func hasNgay(s string) bool {
	return strings.Contains(s, "gày") || strings.Contains(s, "GÀY")
}

// hasDateWord reports whether s holds a word of the date line in any case.
func hasDateWord(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "ngày") || strings.Contains(l, "tháng") || strings.Contains(l, "năm")
}

// inlineCue finds where a body paragraph starts inside one long line: a
// numbered or lettered item, a Roman section, "Căn cứ", an article.
var inlineCue = regexp.MustCompile(`\s(?:(?:[IVX]{1,4}|\d{1,2})[.)]\s+\p{Lu}|Căn cứ\s|Điều\s+\d+[.:]\s|Kính gửi\s*:|Nơi nhận\s*:)`)

// recutOneLine re-cuts a document that stands on one line (a web page
// flattened into text): if one of the first lines is long and holds a
// heading or a number line near its start, it is cut where body paragraphs
// begin, so the header and the body read as they were printed.
func recutOneLine(lines []line) []line {
	for i := 0; i < len(lines) && i < 3; i++ {
		t := lines[i].text
		if len(t) < 300 {
			continue
		}
		head := t[:min(len(t), 400)]
		for !utf8.ValidString(head) {
			head = head[:len(head)-1]
		}
		if len(headingIn(newPhraseKey(head))) == 0 && !headerNumber.MatchString(head) {
			continue
		}
		var parts []line
		prev := 0
		for _, m := range inlineCue.FindAllStringIndex(t, -1) {
			if m[0] <= prev {
				continue
			}
			parts = append(parts, line{text: strings.TrimSpace(t[prev:m[0]]), num: lines[i].num, split: true})
			prev = m[0] + 1
		}
		parts = append(parts, line{text: strings.TrimSpace(t[prev:]), num: lines[i].num, split: true})
		if len(parts) == 1 {
			return lines
		}
		parts[0].gap = lines[i].gap
		out := append([]line(nil), lines[:i]...)
		out = append(out, parts...)
		return append(out, lines[i+1:]...)
	}
	return lines
}

// isPlaceDate reports whether s is a place-and-date line: a date with at
// most a short place name before it ("Tiền Giang, ngày 09 tháng 10 năm
// 2024"), not a sentence that mentions a date.
func isPlaceDate(s string) bool {
	if !hasNgay(s) {
		return false
	}
	loc := placeDate.FindStringIndex(s)
	if loc == nil {
		return false
	}
	place := strings.Trim(s[:loc[0]], " ,")
	if strings.ContainsAny(place, "0123456789;:()") || len(strings.Fields(place)) > 7 {
		return false
	}
	return len(strings.TrimSpace(s[loc[1]:])) == 0
}

// isHeadingPiece reports whether s is a piece of one of the two headings,
// as when "CỘNG HÒA XÃ HỘI" and "CHỦ NGHĨA VIỆT NAM" stand on two lines.
func isHeadingPiece(s string) bool {
	if len(s) > 60 {
		return false
	}
	k := matchKey(s)
	// Two words are too few: "VIỆT NAM" ends issuer names too.
	if len(k) < 8 || strings.Count(k, " ") < 2 {
		return false
	}
	return strings.Contains(partyKey, k) || strings.Contains(stateKey, k)
}

// readPlaceDate reads "<place>, ngày DD tháng MM năm YYYY".
func (h *header) readPlaceDate(s string) {
	h.hasDateLine = true
	loc := placeDate.FindStringSubmatchIndex(s)
	place := s[:loc[0]]
	place = strings.Trim(place, " ,.*-–_|")
	// Drop an upper-case run (a stray issuer piece) before a mixed-case place.
	if f := strings.Fields(place); len(f) > 1 {
		j := 0
		for j < len(f) && isUpperText(f[j]) && len([]rune(f[j])) > 1 {
			j++
		}
		if j > 0 && j < len(f) {
			place = strings.Join(f[j:], " ")
		}
	}
	h.place = place
	m := make([]string, 7)
	for g := 1; g <= 6; g++ {
		if loc[2*g] >= 0 {
			m[g] = s[loc[2*g]:loc[2*g+1]]
		}
	}
	d, mo, y := m[1], m[2], m[3]
	if m[4] != "" {
		d, mo, y = m[4], m[5], m[6]
	}
	if iso, ok := isoDate(d, mo, y); ok {
		h.date = iso
	} else {
		h.dateBlank = true
		for _, part := range []string{d, mo} {
			if strings.Trim(part, ".…_") != "" && !isDigits(part) {
				h.dateBad = part
			}
		}
	}
}

// adoptedOn matches the adoption sentence that closes a law or a
// resolution of an elected body ("Luật này được Quốc hội … khóa XV, kỳ
// họp thứ 7 thông qua ngày 29 tháng 6 năm 2024."; Luật Ban hành văn bản
// quy phạm pháp luật: such texts print no place and date line, their date
// is the day of adoption).
var adoptedOn = regexp.MustCompile(`(?i)\bthông\s+qua\s+(?:vào\s+)?ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})`)

// adoptionDate reads the date of the adoption sentence in the last
// paragraphs of a body that has no place and date line: the ISO date and
// the sentence's line, or false when the body ends without one.
func adoptionDate(paras []paragraph) (iso string, line int, ok bool) {
	for i := len(paras) - 1; i >= 0 && i >= len(paras)-3; i-- {
		g := adoptedOn.FindAllStringSubmatch(paras[i].text, -1)
		if len(g) == 0 || strings.HasPrefix(paras[i].text, "Căn cứ") {
			continue
		}
		last := g[len(g)-1]
		if iso, ok := isoDate(last[1], last[2], last[3]); ok {
			return iso, paras[i].line, true
		}
	}
	return "", 0, false
}

// isoDate turns day, month and year strings into "YYYY-MM-DD" if they make
// a real calendar date (viet.DateOf) between 1900 and 2100, the years a
// document can bear; a year outside them is a misread.
func isoDate(d, m, y string) (string, bool) {
	dt, ok := viet.DateOf(d, m, y)
	if !ok || dt.Year < 1900 || dt.Year > 2100 {
		return "", false
	}
	return dt.ISO(), true
}

// startType reports whether s begins with a document type name and, if so,
// records it. The name must be printed in capitals ("THÔNG BÁO"), or stand
// alone, or follow a number or date line in a mixed-case transcription.
func (h *header) startType(s string, seen bool) bool {
	dt, n, ok := typeByName(s)
	if !ok {
		return false
	}
	name := s[:n]
	rest := strings.TrimSpace(s[n:])
	switch {
	case isUpperText(name):
	case rest == "":
	case seen && (h.hasNumber || h.hasDateLine) && len(s) < 300:
	default:
		return false
	}
	h.docType, h.typeLine, h.hasType = dt, name, true
	return true
}

// bodyCue matches the openings of body paragraphs: the preamble of legal
// bases, addresses, list items and the like. A title never starts so.
var bodyCue = regexp.MustCompile(`^(?:Căn cứ|Kính gửi|Thực hiện|Triển khai|Xét đề nghị|Theo đề nghị|Trên cơ sở|Ngày \d|Vào ngày|Hôm nay|Để |Qua |Trong |Sáng |Chiều |Tại |Điều \d|Chương [IVXLC\d]|Phần [IVXLC\d]|Mục [IVXLC\d]|[-–—+•]\s|[IVXLC]+\s*[.\-)]\s|\d{1,2}\s*[.)]\s*\p{L}|\d{1,2}\s*-\s*\p{L})`)

// readTitle reads the title that starts with rest (what follows the type
// name on its line) and goes on over the lines after lines[at]. It returns
// the index of the first body line. Title lines read before the type name
// (a subject displaced by the layout) stay in front.
//
//	title:   of-line? subject (NL subject)* paren?
//	of-line: "CỦA" issuing body          "CỦA BAN THƯỜNG VỤ TỈNH ỦY"
//	paren:   "(" … ")"                   "(Báo cáo chính trị … tại Đại hội …)"
//
// The title ends at a rule, a blank line after it, a change of case, a
// paragraph ending in ":", the first body line (bodyCue) or the
// enacting-authority line of a state document ("BỘ TRƯỞNG BỘ Y TẾ",
// "ỦY BAN NHÂN DÂN TỈNH …", "HỘI ĐỒNG NHÂN DÂN … KHÓA XVII, KỲ HỌP THỨ 8";
// GOLD.md, 30/2020/NĐ-CP Phụ lục I), which stands before "Căn cứ".
func (h *header) readTitle(lines []line, at int, rest string) int {
	// "QUY ĐỊNH 102-QĐ/TW": the number repeated after the type name.
	if bareNumber.MatchString(normDash(rest)) {
		rest = ""
	}
	rest = strings.Trim(rest, " :-–")
	// "QUYẾT ĐỊNH CỦA BỘ TRƯỞNG BỘ TÀI CHÍNH" on one line: in a state
	// document the enacting authority on the type line is no part of the
	// title (a party "CỦA BAN THƯỜNG VỤ" line under the type name is).
	if h.kind == KindState && strings.HasPrefix(strings.ToLower(rest), "của ") {
		rest = ""
	}
	own := 0 // lines read here
	if rest != "" {
		// A title run onto the same line as the first body paragraph.
		if m := inlineCue.FindStringIndex(rest); m != nil && m[0] > 0 {
			rest = rest[:m[0]]
		}
		h.title = append(h.title, rest)
		own++
	}
	i := at + 1
	for ; i < len(lines) && own < 20; i++ {
		t := lines[i].text
		if isDecoration(t) {
			if own > 0 {
				return i + 1
			}
			continue
		}
		if own == 0 {
			// A second type line ("QUY ĐỊNH XỬ LÝ …" under "QUY ĐỊNH
			// 102-QĐ/TW") repeats the name before the title.
			if dt, n, ok := typeByName(t); ok && dt.name == h.docType.name && isUpperText(t[:n]) {
				if r := strings.TrimSpace(t[n:]); r != "" && !bareNumber.MatchString(normDash(r)) {
					t = r
				} else {
					continue
				}
			}
			if firstLineCue.MatchString(t) || len([]rune(t)) > 400 || h.enactingAt(lines, i) {
				return i
			}
			h.title = append(h.title, t)
			own++
			continue
		}
		prev := h.title[len(h.title)-1]
		ofLine := own == 1 && strings.HasPrefix(matchKey(prev), "CỦA ") && isUpperText(prev)
		switch {
		case lines[i].gap && !(ofLine && own == 1) && !(startsLower(t) && !endsSentence(prev)),
			bodyCue.MatchString(t),
			len([]rune(t)) > 250,
			endsColon(prev), endsColon(t),
			h.enactingAt(lines, i),
			isUpperText(prev) != isUpperText(t) && !ofLine && !strings.HasPrefix(t, "("),
			endsSentence(prev) && !startsLower(t) && !strings.HasPrefix(t, "("):
			return i
		}
		h.title = append(h.title, t)
		own++
	}
	return i
}

// firstLineCue matches the openings that end a title before its first
// line: right under the type name only a paragraph that cannot be a title
// ("Căn cứ …", "Kính gửi: …", an article or a numbered item) is body.
var firstLineCue = regexp.MustCompile(`^(?:Căn cứ|Kính gửi|Xét đề nghị|Theo đề nghị|Ngày \d|Vào ngày|Hôm nay|Điều \d|Chương [IVXLC\d]|Phần [IVXLC\d]|Mục [IVXLC\d]|[-–—+•]\s|[IVXLC]+\s*[.\-)]\s|\d{1,2}\s*[.)]\s*\p{L}|\d{1,2}\s*-\s*\p{L})`)

// endsColon reports whether a title line ends in ":", as the paragraph that
// opens the body does ("QUYẾT ĐỊNH:", "Kính gửi:").
func endsColon(s string) bool { return strings.HasSuffix(strings.TrimSpace(s), ":") }

// enactingHead matches the opening of a state document's enacting-authority
// line, in matchKey form.
var enactingHead = keyPattern(`^(?:ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND|CHÍNH PHỦ|THỦ TƯỚNG|QUỐC HỘI|ỦY BAN THƯỜNG VỤ QUỐC HỘI|CHỦ TỊCH|BỘ TRƯỞNG|THỐNG ĐỐC|TỔNG KIỂM TOÁN|CHÁNH ÁN|VIỆN TRƯỞNG|GIÁM ĐỐC|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG)\b`)

// enactingAt reports whether lines[i] is the enacting-authority line of a
// state document: an authority in capitals, perhaps over a "KHÓA …, KỲ
// HỌP …" line, followed by the first body line.
func (h *header) enactingAt(lines []line, i int) bool {
	t := lines[i].text
	if !isUpperText(t) || !enactingHead.MatchString(matchKey(t)) {
		return false
	}
	for j := i + 1; j < len(lines) && j <= i+3; j++ {
		n := lines[j].text
		switch {
		case bodyCue.MatchString(n), endsColon(n) && isUpperText(n):
			return true
		case isUpperText(n) && len([]rune(n)) < 80:
			continue
		default:
			return false
		}
	}
	return false
}

// issuerWrapStart matches the words that begin the second line of a
// wrapped issuer name: a locality under "ỦY BAN NHÂN DÂN", or a connector.
var issuerWrapStart = regexp.MustCompile(`^(?:TỈNH|THÀNH PHỐ|TP\.?|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|VÀ|-|&|CỦA|VIỆT NAM|TRUNG ƯƠNG)(?:\s|$)`)

// bodyHeads are the words that begin the name of a body. An issuer line that begins otherwise ("TRIỂN NÔNG THÔN"
// under "BỘ NÔNG NGHIỆP VÀ PHÁT") continues the name above it, wrapped in
// a narrow column (36-HD/VPTW §1.3 (2); 30/2020/NĐ-CP Phụ lục I §2).
var bodyHeads = func() (keys [][]rune) {
	for _, p := range strings.Split("ĐẢNG|BAN|TỈNH ỦY|THÀNH ỦY|HUYỆN ỦY|QUẬN ỦY|THỊ ỦY|CHI BỘ|ỦY BAN|UBND|HĐND|BỘ|SỞ|CỤC|TỔNG|VỤ|VIỆN|PHÒNG|VĂN PHÒNG|HỘI|CHÍNH PHỦ|THỦ TƯỚNG|QUỐC HỘI|TRƯỜNG|TRUNG ƯƠNG|LIÊN|CÔNG|ĐOÀN|MẶT TRẬN|NGÂN HÀNG|KHO BẠC|BẢO HIỂM|ĐẠI|HỌC VIỆN|TÒA|KIỂM|THANH TRA|QUÂN|BQL|THƯỜNG TRỰC|TỔ|ĐÀI|BÁO|TẠP CHÍ|NHÀ|TRUNG TÂM|CHI CỤC|HẠT|ĐỒN|BỆNH VIỆN|KHU|ĐƠN VỊ|TẬP ĐOÀN|HIỆP HỘI|CÂU LẠC BỘ|BCH|BTV|UB|TIỂU BAN|CƠ QUAN|CÔNG AN|TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN", "|") {
		keys = append(keys, keyOf(p))
	}
	return keys
}()

// startsBody reports whether an issuer line begins with a word that begins
// the name of a body (bodyHeads), compared word by word as phrase keys.
func startsBody(s string) bool {
	f := strings.Fields(s)
	k := newPhraseKey(strings.Join(f[:min(len(f), 3)], " "))
	for _, h := range bodyHeads {
		if m, _ := k.matchAt(0, h); m && (len(k.runes) == len(h) || wordEndsAt(k, len(h))) {
			return true
		}
	}
	return false
}

// wordEndsAt reports whether a word of the keyed text ends after n key runes.
func wordEndsAt(k phraseKey, n int) bool {
	return n == len(k.runes) || k.start[n] > k.end[n-1]
}

// committeeWord follows a locality word when the line names a committee of
// its own ("TỈNH ỦY …"), which is not the continuation of a wrapped name.
var committeeWord = keyPattern(`^\S+\s+(?:ỦY|UỶ|ĐOÀN)\b`)

// issuerNames turns the issuer lines into the issuer's name and parent.
// Wrapped lines are joined; repeated copies (a running header that repeats
// the first page's issuer) are dropped; the last body named is the issuer
// and the ones above it are its parent.
func issuerNames(lines []string, split bool) (name, parent string) {
	var merged []string
	for _, l := range lines {
		l = strings.Trim(l, " *")
		if l == "" {
			continue
		}
		if n := len(merged); n > 0 {
			prev := merged[n-1]
			k := matchKey(l)
			// A lone word ("QUANG" under "ỦY BAN NHÂN DÂN TỈNH TUYÊN") is
			// the end of a name wrapped in a narrow column: no body is
			// named in one word.
			if (issuerWrapStart.MatchString(k) && !committeeWord.MatchString(k)) || !strings.Contains(k, " ") || !startsBody(l) ||
				strings.HasSuffix(prev, "-") || strings.HasSuffix(prev, ",") || strings.HasSuffix(matchKey(prev), " VÀ") {
				merged[n-1] = prev + " " + l
				continue
			}
		}
		merged = append(merged, l)
	}
	// Drop repeated copies.
	var uniq []string
	for _, m := range merged {
		dup := false
		for _, u := range uniq {
			if matchKey(u) == matchKey(m) {
				dup = true
			}
		}
		if !dup {
			uniq = append(uniq, m)
		}
	}
	switch len(uniq) {
	case 0:
		return "", ""
	case 1:
		if split {
			return splitIssuer(uniq[0])
		}
		return uniq[0], ""
	}
	return uniq[len(uniq)-1], strings.Join(uniq[:len(uniq)-1], " ")
}

// parentHead and bodyHead name the bodies that can stand above another
// and the bodies that can stand below one, for an issuer pasted on one line
// ("BAN CHẤP HÀNH TRUNG ƯƠNG VĂN PHÒNG").
var (
	parentHead = keyPattern(`^(?:ĐẢNG BỘ|BAN CHẤP HÀNH|TỈNH ỦY|THÀNH ỦY|HUYỆN ỦY|QUẬN ỦY|THỊ ỦY|ĐẢNG ỦY|ỦY BAN NHÂN DÂN|UBND|BỘ|TỔNG CỤC)\s`)
	bodyHead   = keyPattern(`\s(?:VĂN PHÒNG|BAN [^\s]+|ỦY BAN KIỂM TRA|ĐẢNG ỦY|ĐẢNG ĐOÀN|CHI BỘ|HUYỆN ỦY|QUẬN ỦY|THÀNH ỦY|THỊ ỦY|TỈNH ỦY|SỞ|CỤC|TỔNG CỤC|VỤ|PHÒNG)\s`)
)

// splitIssuer splits a one-line "PARENT NAME" issuer, if it is one.
func splitIssuer(s string) (name, parent string) {
	k := matchKey(s)
	if !parentHead.MatchString(k + " ") {
		return s, ""
	}
	words := strings.Fields(s)
	kw := strings.Fields(k)
	if len(kw) != len(words) {
		return s, ""
	}
	for i := 2; i < len(kw)-1; i++ { // a body is named in two words or more
		tail := " " + strings.Join(kw[i:], " ") + " "
		if loc := bodyHead.FindStringIndex(tail); loc != nil && loc[0] == 0 {
			return strings.Join(words[i:], " "), strings.Join(words[:i], " ")
		}
	}
	return s, ""
}

// titleText joins title lines with single spaces. A dash between two
// numbers spaced on one side only ("2021- 2026", OCR glueing the dash to
// the word before it) is spaced on both.
func titleText(lines []string) string {
	t := strings.Join(lines, " ")
	t = strings.TrimFunc(t, func(r rune) bool { return unicode.IsSpace(r) || r == '-' || r == '*' })
	return lopsidedDash.ReplaceAllString(foldSpace(t), "$1 - $2")
}

// lopsidedDash is a dash between digits with a space on one side only.
var lopsidedDash = regexp.MustCompile(`(\d)(?:- | -)(\d)`)

// restoreAbout puts back the "về" a trích yếu lost before "việc" ("\W
// việc thụ lý …" read by OCR, the word dropped as a speck): a subject
// line never begins with "việc" alone. The subject of a party document
// begins in lower case ("về …"), a state document's in upper case ("Về
// việc …"; 36-HD/VPTW mục 5, 30/2020/NĐ-CP Phụ lục I §5). A công văn's
// subject begins "V/v" or in its own words, so it is left as read, and so
// is "việc làm" (employment), a noun a subject may begin with. ok is false
// when nothing changed.
func restoreAbout(title, kind, typeCode string) (string, bool) {
	if !strings.HasPrefix(title, "việc ") || strings.HasPrefix(title, "việc làm ") || typeCode == "CV" {
		return title, false
	}
	if kind == KindParty {
		return "về " + title, true
	}
	return "Về " + title, true
}

// firstWords is the first n words of s.
func firstWords(s string, n int) string {
	w := strings.Fields(s)
	return strings.Join(w[:min(n, len(w))], " ")
}
