package pipeline

import (
	"regexp"
	"strings"
)

// A consolidated text (văn bản hợp nhất, VBHN) prints the original
// document's heading and title at the top, but its own issuer, number,
// place and date in the certification block at the end (GOLD.md):
//
//	certification: issuer-line+ number-line? cert-heading number-line? place-date?
//	cert-heading:  ("XÁC THỰC" | "XÁC NHẬN") "VĂN BẢN HỢP NHẤT"
//
// The elements stand within a few lines of the certification heading, in
// any order, as the two columns of the block were extracted.
var certHeadings = [][]rune{keyOf("XÁC THỰC VĂN BẢN HỢP NHẤT"), keyOf("XÁC NHẬN VĂN BẢN HỢP NHẤT")}

// certWindow is how many lines around the certification heading its
// elements are looked for.
const certWindow = 6

// readCertification finds the certification block of a consolidated text
// after the header and, if there is one, takes the issuer, number, place
// and date from it.
func (h *header) readCertification(lines []line) {
	c := -1
	for i := len(lines) - 1; i >= h.bodyStart && i >= 0; i-- {
		t := lines[i].text
		if len(t) > 80 || !strings.Contains(t, "NH") || !isUpperText(t) {
			continue
		}
		k := newPhraseKey(t)
		for _, ch := range certHeadings {
			if _, _, ok := k.find(ch); ok && len(k.runes) <= len(ch)+2 {
				c = i
			}
		}
		if c >= 0 {
			break
		}
	}
	if c < 0 {
		return
	}
	lo, hi := max(h.bodyStart, c-certWindow), min(len(lines), c+certWindow+1)
	var number Number
	var style string
	numAt, dateAt := -1, -1
	for j := lo; j < hi; j++ {
		t := normDash(lines[j].text)
		if numAt < 0 && numberWord.MatchString(t) {
			if m := headerNumber.FindString(squeezeCode(t)); m != "" {
				if n, st, ok := parseNumber(stripNumberWord(m)); ok {
					number, style, numAt = n, st, j
				}
			}
		}
		if dateAt < 0 && j > lo && isPlaceDate(t) {
			dateAt = j
		}
	}
	if numAt < 0 && dateAt < 0 {
		return
	}
	// The issuer: the capitals lines right above the block's first element.
	top := c
	if numAt >= 0 && numAt < top {
		top = numAt
	}
	var issuer []string
	for j := top - 1; j >= lo; j-- {
		t := lines[j].text
		if isDecoration(t) {
			continue
		}
		if !isUpperText(t) || isSigningMode(t) || numberWord.MatchString(t) {
			break
		}
		issuer = append([]string{t}, issuer...)
	}
	h.certified, h.certLine = true, lines[c].num
	if len(issuer) > 0 {
		h.issuer, h.issuerSplit, h.issuerLine = issuer, false, lines[top-1].num
	}
	if numAt >= 0 {
		h.number, h.numStyle, h.hasNumber, h.numberLine = number, style, true, lines[numAt].num
	}
	if dateAt >= 0 {
		h.place, h.date, h.dateBlank = "", "", false
		h.readPlaceDate(lines[dateAt].text)
		h.dateLine = lines[dateAt].num
	}
}

// gazetteHeading matches the heading line under which a gazette or a
// collection republishes a text without its header (GOLD.md):
//
//	gazette-heading: type-name ("của" issuer)? "số" number "ngày" d "tháng" m "năm" y ("về" | "V/v") title
//
// "Quyết định của Thủ tướng Chính phủ số 115/2004/QĐ-TTg ngày 25 tháng 6
// năm 2004 về …".
var gazetteHeading = regexp.MustCompile(`^(\p{L}+(?:\s+\p{L}+){0,3}?)\s+(?:(?i:của)\s+[^\d]{2,120}?\s+)?(?i:số)\s*:?\s*(\S+)\s*,?\s+(?i:ngày)\s+(\d{1,2})\s+(?i:tháng)\s+(\d{1,2})\s+(?i:năm)\s+(\d{4})\s*,?\s*(?:((?:về|Về|VỀ|V/v)\s.*))?$`)

// readGazetteHeading reads number, date, type and title from a gazette
// heading line near the top, for a text that has no number of its own.
func (h *header) readGazetteHeading(lines []line) {
	for i := 0; i < len(lines) && i < 20; i++ {
		t := lines[i].text
		if len(t) > 600 {
			break
		}
		// The heading may wrap: join the next lines while they start lower case.
		j := i
		for j+1 < len(lines) && j < i+4 && !gazetteHeading.MatchString(t) && startsLower(lines[j+1].text) {
			j++
			t += " " + lines[j].text
		}
		m := gazetteHeading.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		dt, n, ok := typeByName(m[1])
		if !ok || strings.TrimSpace(m[1][n:]) != "" {
			continue
		}
		num, style, ok := parseNumber(m[2])
		if !ok {
			continue
		}
		h.number, h.numStyle, h.hasNumber, h.numberLine = num, style, true, lines[i].num
		h.republished = true
		if iso, ok := isoDate(m[3], m[4], m[5]); ok && !h.hasDateLine {
			h.date, h.hasDateLine, h.dateLine = iso, true, lines[i].num
		}
		if !h.hasType {
			h.docType, h.typeLine, h.hasType, h.typeLineNum = dt, m[1], true, lines[i].num
		}
		if len(h.title) == 0 && m[6] != "" {
			h.title = []string{m[6]}
			// The title may wrap onto the lines after it.
			for k := j + 1; k < len(lines) && k < j+6 && startsLower(lines[k].text); k++ {
				h.title = append(h.title, lines[k].text)
			}
		}
		if h.bodyStart <= i {
			h.bodyStart = j + 1
			for h.bodyStart < len(lines) && startsLower(lines[h.bodyStart].text) && h.bodyStart < j+6 {
				h.bodyStart++
			}
		}
		return
	}
}
