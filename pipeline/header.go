package pipeline

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// header holds what the first part of a document says: the national or
// party heading, the issuer, the number, place and date, the type name and
// the title (trích yếu).
type header struct {
	kind        string
	issuer      []string // issuer candidate lines, top to bottom
	issuerSplit bool     // some issuer line came from a line with other fields on it
	number      Number
	numStyle    string // "party" or "state" grammar
	hasNumber   bool
	place       string
	date        string
	dateBlank   bool // a date line with the day or month not filled in
	hasDateLine bool
	docType     docTypeInfo
	typeLine    string // the type name as printed
	hasType     bool
	title       []string
	vv          bool // the title is a công văn's "V/v …" line
	bodyStart   int  // index of the first body line
}

var (
	partyMarker = regexp.MustCompile(`(?i)ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM`)
	stateMarker = regexp.MustCompile(`(?i)CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM`)
	motto       = regexp.MustCompile(`(?i)Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc`)
	// placeDate matches "<place>, ngày 09 tháng 10 năm 2024", with the
	// day and month possibly blank ("ngày    tháng    năm 2025") or
	// written with slashes ("ngày 09/10/2024").
	placeDate = regexp.MustCompile(`(?i)(?:^|[,\s])ngày\s*(?:(\d{1,2}|[.…_]*)\s*tháng\s*(\d{1,2}|[.…_]*)\s*năm\s*(\d{4}|\d{2}[.…_]+)|(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}))`)
	vvLine    = regexp.MustCompile(`^(?:V/v|V/V|v/v|Về việc|VỀ VIỆC)\b`)
	// headerMark matches the secrecy, urgency, circulation and draft marks
	// that may stand in the header (format.md §1.2: 10a, 10b, 11a, 11b).
	headerMark = regexp.MustCompile(`^(?i:(?:TÀI LIỆU|BẢN SAO|DỰ THẢO|MẬT|TỐI MẬT|TUYỆT MẬT|KHẨN|THƯỢNG KHẨN|HỎA TỐC|HOẢ TỐC|HẸN GIỜ|LƯU HÀNH NỘI BỘ)\b)`)
)

// headerKeys are the two headings in matchKey form; a line that is a piece
// of one ("CỘNG HÒA XÃ HỘI" over "CHỦ NGHĨA VIỆT NAM") is a heading too.
var (
	partyKey = matchKey("ĐẢNG CỘNG SẢN VIỆT NAM")
	stateKey = matchKey("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
)

// segments cuts one header line at the fields it holds, so that a header
// pasted onto one line ("TỈNH ỦY X ĐẢNG CỘNG SẢN VIỆT NAM Số 250-TB/TU
// Tiền Giang, ngày …") reads like the printed one.
func segments(s string) []string {
	var cuts []int
	s = normDash(s)
	low := strings.ToLower(s)
	// Run each expression only on lines that hold its key word.
	for _, a := range []struct {
		key string
		re  *regexp.Regexp
	}{{"cộng", partyMarker}, {"cộng", stateMarker}, {"tự do", motto}, {"số", headerNumber}} {
		if !strings.Contains(low, a.key) {
			continue
		}
		for _, m := range a.re.FindAllStringIndex(s, -1) {
			cuts = append(cuts, m[0], m[1])
		}
	}
	if strings.Contains(low, "ngày") {
		for _, m := range placeDate.FindAllStringIndex(s, -1) {
			cuts = append(cuts, m[1]) // the place stays with its date
		}
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
		if p := strings.Trim(s[prev:c], " ,;|"); p != "" {
			out = append(out, p)
		}
		prev = c
	}
	return out
}

// maxHeaderLines bounds how far down the header is looked for.
const maxHeaderLines = 60

// parseHeader reads the header from the top of lines.
//
//	header: (heading | issuer | number | place-date | mark | decoration)* type-line title
//
// The parts of the two printed columns may come in any order; the header
// ends at the first line that is none of them. The title runs from the
// type line to a rule, a blank line, a change of case or the first body line.
func parseHeader(lines []line) header {
	var h header
	seen := false     // any header field found
	prevHeading := "" // the heading piece just read, for one wrapped in a narrow column
	i := 0
	for ; i < len(lines) && i < maxHeaderLines; i++ {
		ln := lines[i]
		if len([]rune(ln.text)) > 400 && !seen {
			break
		}
		text := ln.text
		// "Tuyên Quang, ngày" over "10 tháng 12 năm 2013": a date line
		// wrapped in a narrow column is joined back.
		if brokenDate.MatchString(text) && i+1 < len(lines) {
			i++
			text += " " + lines[i].text
		}
		segs := segments(text)
		stop := false
		for k := 0; k < len(segs) && !stop; k++ {
			s := segs[k]
			ns := normDash(s)
			split := len(segs) > 1 || ln.split
			wasHeading := prevHeading
			prevHeading = ""
			switch {
			case isDecoration(s):
			case partyMarker.MatchString(s) && len(s) < 40:
				h.kind, seen = KindParty, true
			case stateMarker.MatchString(s) && len(s) < 60, motto.MatchString(s) && len(s) < 50:
				h.kind, seen = KindState, true
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
			case strings.HasPrefix(s, "Số") && headerNumber.MatchString(ns):
				if !h.hasNumber {
					m := headerNumber.FindString(ns)
					raw := strings.TrimSpace(strings.TrimLeft(strings.TrimPrefix(m, "Số"), " :"))
					if n, style, ok := parseNumber(raw); ok {
						h.number, h.numStyle, h.hasNumber = n, style, true
					}
				}
				seen = true
			case !h.hasNumber && seen && bareNumber.MatchString(ns):
				if n, style, ok := parseNumber(s); ok {
					h.number, h.numStyle, h.hasNumber = n, style, true
				}
			case !h.hasDateLine && isPlaceDate(s):
				h.readPlaceDate(s)
				seen = true
			case vvLine.MatchString(s) && len(h.title) == 0:
				h.vv = true
				h.title = append(h.title, s)
				// A V/v title may wrap; its pieces start lower case.
				for i+1 < len(lines) && k == len(segs)-1 && startsLower(lines[i+1].text) && len(segments(lines[i+1].text)) == 1 {
					i++
					h.title = append(h.title, lines[i].text)
				}
				seen = true
			case headerMark.MatchString(s) && isUpperText(s):
			case h.startType(s, seen):
				seen = true
				rest := strings.TrimSpace(strings.Join(segs[k:], " ")[len(h.typeLine):])
				h.bodyStart = h.readTitle(lines, i, rest)
				return h
			case isUpperText(s) && k == 0 && h.hasNumber && h.hasDateLine && len(h.issuer) > 0:
				// Issuer, number and date are all read: an upper-case line
				// now is a title printed without its type name ("XỬ LÝ KỶ
				// LUẬT …" under "Số 102-QĐ/TW"); the number tells the type.
				h.bodyStart = h.readTitle(lines, i, strings.Join(segs, " "))
				return h
			case isUpperText(s) && !h.hasType:
				h.issuer = append(h.issuer, s)
				h.issuerSplit = h.issuerSplit || split
				seen = true
			default:
				stop = true
			}
		}
		if stop {
			break
		}
	}
	if !seen {
		return header{}
	}
	h.bodyStart = i
	return h
}

// brokenDate matches a date line cut short before its day, month or year.
var brokenDate = regexp.MustCompile(`(?i),?\s*ngày(?:\s+\d{1,2})?(?:\s+tháng(?:\s+\d{1,2})?)?(?:\s+năm)?$`)

// isPlaceDate reports whether s is a place-and-date line: a date with at
// most a short place name before it ("Tiền Giang, ngày 09 tháng 10 năm
// 2024"), not a sentence that mentions a date.
func isPlaceDate(s string) bool {
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
	if !isUpperText(s) {
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
	place = strings.Trim(place, " ,.*-–")
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
	}
}

// isoDate turns day, month and year strings into "YYYY-MM-DD" if they make
// a real calendar date between 1900 and 2100.
func isoDate(d, m, y string) (string, bool) {
	dd, err1 := strconv.Atoi(d)
	mm, err2 := strconv.Atoi(m)
	yy, err3 := strconv.Atoi(y)
	if err1 != nil || err2 != nil || err3 != nil {
		return "", false
	}
	if yy < 1900 || yy > 2100 || mm < 1 || mm > 12 || dd < 1 || dd > daysIn(mm, yy) {
		return "", false
	}
	return strconv.Itoa(yy) + "-" + pad2(mm) + "-" + pad2(dd), true
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
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
// the index of the first body line.
func (h *header) readTitle(lines []line, at int, rest string) int {
	// "QUY ĐỊNH 102-QĐ/TW": the number repeated after the type name.
	if bareNumber.MatchString(normDash(rest)) {
		rest = ""
	}
	rest = strings.Trim(rest, " :-–")
	if rest != "" {
		h.title = append(h.title, rest)
	}
	i := at + 1
	for ; i < len(lines) && len(h.title) < 12; i++ {
		t := lines[i].text
		if isDecoration(t) {
			if len(h.title) > 0 {
				return i + 1
			}
			continue
		}
		if len(h.title) == 0 {
			// A second type line ("QUY ĐỊNH XỬ LÝ …" under "QUY ĐỊNH
			// 102-QĐ/TW") repeats the name before the title.
			if dt, n, ok := typeByName(t); ok && dt.name == h.docType.name && isUpperText(t[:n]) {
				if r := strings.TrimSpace(t[n:]); r != "" && !bareNumber.MatchString(normDash(r)) {
					t = r
				} else {
					continue
				}
			}
			if bodyCue.MatchString(t) || len([]rune(t)) > 400 {
				return i
			}
			h.title = append(h.title, t)
			continue
		}
		prev := h.title[len(h.title)-1]
		switch {
		case lines[i].gap,
			bodyCue.MatchString(t),
			len([]rune(t)) > 250,
			isUpperText(prev) != isUpperText(t),
			endsSentence(prev) && !startsLower(t):
			return i
		}
		h.title = append(h.title, t)
	}
	return i
}

// issuerWrapStart matches the words that begin the second line of a
// wrapped issuer name: a locality under "ỦY BAN NHÂN DÂN", or a connector.
var issuerWrapStart = regexp.MustCompile(`^(?:TỈNH|THÀNH PHỐ|TP\.?|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|VÀ|-|&|CỦA|VIỆT NAM|TRUNG ƯƠNG)(?:\s|$)`)

// committeeWord follows a locality word when the line names a committee of
// its own ("TỈNH ỦY …"), which is not the continuation of a wrapped name.
var committeeWord = regexp.MustCompile(`^\S+\s+(?:ỦY|UỶ|ĐOÀN)\b`)

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
			if (issuerWrapStart.MatchString(k) && !committeeWord.MatchString(k)) || !strings.Contains(k, " ") ||
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
	parentHead = regexp.MustCompile(`^(?:ĐẢNG BỘ|BAN CHẤP HÀNH|TỈNH ỦY|THÀNH ỦY|HUYỆN ỦY|QUẬN ỦY|THỊ ỦY|ĐẢNG ỦY|ỦY BAN NHÂN DÂN|UBND|BỘ|TỔNG CỤC)\s`)
	bodyHead   = regexp.MustCompile(`\s(?:VĂN PHÒNG|BAN [^\s]+|ỦY BAN KIỂM TRA|ĐẢNG ỦY|ĐẢNG ĐOÀN|CHI BỘ|HUYỆN ỦY|QUẬN ỦY|THÀNH ỦY|THỊ ỦY|TỈNH ỦY|SỞ|CỤC|TỔNG CỤC|VỤ|PHÒNG)\s`)
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
	for i := 2; i < len(kw); i++ {
		tail := " " + strings.Join(kw[i:], " ") + " "
		if loc := bodyHead.FindStringIndex(tail); loc != nil && loc[0] == 0 {
			return strings.Join(words[i:], " "), strings.Join(words[:i], " ")
		}
	}
	return s, ""
}

// titleText joins title lines with single spaces.
func titleText(lines []string) string {
	t := strings.Join(lines, " ")
	t = strings.TrimFunc(t, func(r rune) bool { return unicode.IsSpace(r) || r == '-' || r == '*' })
	return foldSpace(t)
}
