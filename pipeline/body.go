package pipeline

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// paragraph is one paragraph of the body.
type paragraph struct {
	text string
	line int // source line of its first line
}

var (
	// arabicItem matches a numbered item: "1.", "1-", "1)", "(1)", with or
	// without a space before the text ("1.Tiêu đề" in blog copies).
	arabicItem = regexp.MustCompile(`^\(?(\d{1,2})\s*([.)]|-)\s*(.*)$`)
	// romanSection matches a Roman-numeral section heading: "I.", "II-",
	// "IV)", and in older texts "II/ " (but not "V/v", a công văn's subject).
	romanSection = regexp.MustCompile(`^([IVXLC]{1,6})\s*(?:[.\-)]|/(?:\s|$))\s*(\S.*)?$`)
	// letterSection matches a lettered section heading: "A- PHÂN CẤP …".
	letterSection = regexp.MustCompile(`^([A-ZĐ])\s*[.\-)]\s+(\p{Lu}.*)$`)
	// chapter matches a chapter, part or section heading: "Chương III",
	// "PHẦN A", "Mục 2".
	chapter = regexp.MustCompile(`^((?i:chương|phần|mục))\s+([IVXLC]+|\d+|[A-ZĐ])\b`)
	// article matches an article: "Điều 1.", "Điều 2:", "Điều 3 ", and an
	// article inserted by an amendment, "Điều 3a." The number is followed
	// by its stop or a space, never by a comma ("Điều 7, khoản 1 …" is a
	// citation).
	article = regexp.MustCompile(`^Điều\s+(\d{1,3}[a-zđ]?)(?:\s*[.:]\s*|\s+|$)(.*)$`)
	// footnoteMark matches a footnote number glued to the end of a heading
	// ("Hiệu lực thi hành6"), as consolidated texts print them.
	footnoteMark = regexp.MustCompile(`(\p{Ll})\d{1,3}$`)
	// footnoteLead matches a footnote number glued to an article's stop
	// ("Điều 5.3 (được bãi bỏ)").
	footnoteLead = regexp.MustCompile(`^\d{1,3}\s+\(`)
	// closingFormula matches the sentence that ends the body of a notice
	// after its list ("Trên đây là …").
	closingFormula = regexp.MustCompile(`^(?:Trên đây là|Trên đây|Nhận được (?:thông báo|văn bản) này)`)
)

// listItem reports whether t starts with a list or section marker, which
// always begins a new paragraph.
func listItem(t string) bool {
	if startsLower(t) && !(len(t) > 1 && t[1] == ')') {
		return false
	}
	if m := arabicItem.FindStringSubmatch(t); m != nil && itemText(m) {
		return true
	}
	return romanSection.MatchString(t) || letterSection.MatchString(t) || chapter.MatchString(t) ||
		article.MatchString(t) || bullet.MatchString(t) || strings.HasPrefix(t, "a)") ||
		(len(t) > 2 && t[1] == ')' && t[0] >= 'a' && t[0] <= 'z')
}

// itemText reports whether an arabicItem match is a list item rather than
// a number that happens to start the line ("1.356 thủ tục", "2021-2025",
// "1.1.", "9 tháng").
func itemText(m []string) bool {
	rest := m[3]
	if rest == "" {
		return m[2] == "." || m[2] == ")"
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if r >= '0' && r <= '9' {
		return false
	}
	if m[2] == "-" && strings.HasPrefix(rest, "-") {
		return false
	}
	return true
}

// buildParagraphs joins the body lines into paragraphs. Lines wrapped by
// a page width or a web page are joined back: a line continues the one
// before when that one does not end a sentence and this one starts in
// lower case, or when the text is hard-wrapped and the line before ran to
// the wrap width.
func buildParagraphs(lines []line) []paragraph {
	if len(lines) == 0 {
		return nil
	}
	width := wrapWidth(lines)
	hard := width >= 40 && width < 160
	var out []paragraph
	var cur []string
	start := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, paragraph{text: joinWrapped(cur), line: start})
			cur = cur[:0]
		}
	}
	for i, ln := range lines {
		t := ln.text
		if i == 0 || len(cur) == 0 {
			cur, start = append(cur, t), ln.num
			continue
		}
		prev := lines[i-1].text
		if joins(prev, t, ln.gap, hard, width) {
			cur = append(cur, t)
			continue
		}
		flush()
		cur, start = append(cur, t), ln.num
	}
	flush()
	return out
}

// joinWrapped joins the lines of one paragraph with spaces, except after a
// code cut at its hyphen or slash ("43/2023/TT-" over "BTC").
func joinWrapped(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev := lines[i-1]
			if n := len(prev); n >= 2 && (prev[n-1] == '-' || prev[n-1] == '/') && prev[n-2] != ' ' && !startsLower(l) {
				b.WriteString(l)
				continue
			}
			b.WriteByte(' ')
		}
		b.WriteString(l)
	}
	return b.String()
}

// joins reports whether line t continues the paragraph whose last line is prev.
func joins(prev, t string, gap, hard bool, width int) bool {
	if endsSentence(prev) || listItem(t) {
		return false
	}
	pu, tu := isUpperText(prev), isUpperText(t)
	if pu || tu {
		// A heading wrapped over two lines stays one heading.
		return pu && tu && !gap && !listItem(t) && !chapter.MatchString(prev)
	}
	if startsLower(t) {
		return true
	}
	if gap {
		return false
	}
	if strings.HasSuffix(prev, ",") {
		return true
	}
	return hard && utf8.RuneCountInString(prev) >= width*6/10
}

// wrapWidth estimates the width at which the text was wrapped: the 90th
// percentile of line lengths in runes.
func wrapWidth(lines []line) int {
	if len(lines) < 10 {
		return 0
	}
	n := make([]int, len(lines))
	for i, ln := range lines {
		n[i] = utf8.RuneCountInString(ln.text)
	}
	sort.Ints(n)
	return n[len(n)*9/10]
}

// directives finds the top-level numbered items of the body.
//
//	directives: article+ | (section? item+)+
//
// In a document built of articles ("Điều 1.", "Điều 2." …) the articles
// are the directives. Otherwise they are the Arabic-numbered items in
// sequence (1, 2, 3 …), written in one style ("1." or "1-" or "1)"); the
// numbering may restart at 1 after a Roman-numeral, lettered or chapter
// heading. Each item runs until the next item or heading.
func directives(paras []paragraph) []Directive {
	if d := articles(paras); len(d) >= 2 {
		return d
	}
	var out []Directive
	more := map[int][]string{}
	style := ""
	last := 0
	section := false // a section heading since the last item
	open := false    // the last item takes continuation paragraphs
	var path sectionPath
	for _, p := range paras {
		t := p.text
		if path.enter(t) {
			section, open = true, false
			continue
		}
		if m := arabicItem.FindStringSubmatch(t); m != nil && itemText(m) {
			n := atoi(m[1])
			ok := false
			switch {
			case style == "":
				ok = n == 1
			case m[2] != style:
			case n == last+1:
				ok = true
			case n == 1 && section:
				ok = true
			}
			if ok {
				style, last, section, open = m[2], n, false, true
				text := strings.TrimSpace(m[3])
				out = append(out, Directive{Number: m[1], Text: text, FullText: text, Section: path.String()})
				continue
			}
		}
		if closingFormula.MatchString(t) {
			open = false
		}
		if open && len(out) > 0 {
			more[len(out)-1] = append(more[len(out)-1], t)
		}
	}
	return withContinuations(out, more)
}

// withContinuations sets each directive's FullText to its Text followed by
// its continuation paragraphs. (Joining once at the end keeps long items
// linear.)
func withContinuations(ds []Directive, more map[int][]string) []Directive {
	for i := range ds {
		if m := more[i]; len(m) > 0 {
			ds[i].FullText = ds[i].Text + "\n" + strings.Join(m, "\n")
		}
	}
	return ds
}

// articles returns the articles of a document built of them, numbered in
// sequence from 1; an article quoted inside another (an amendment) starts
// with a quotation mark and is not one of them.
func articles(paras []paragraph) []Directive {
	var out []Directive
	more := map[int][]string{}
	last := 0 // number of the last article
	var path sectionPath
	for _, p := range paras {
		if m := article.FindStringSubmatch(p.text); m != nil {
			n, inserted := articleNumber(m[1])
			if n == last+1 && !inserted || n == last && inserted && last > 0 {
				last = n
				text := articleHeading(m[2])
				out = append(out, Directive{Number: m[1], Text: text, FullText: text, Section: path.String()})
				continue
			}
		}
		if chapter.MatchString(p.text) {
			path.enter(p.text)
		}
		if len(out) > 0 && !chapter.MatchString(p.text) && !isUpperText(p.text) {
			more[len(out)-1] = append(more[len(out)-1], p.text)
		}
	}
	return withContinuations(out, more)
}

// articleNumber reads an article's number: "3" is 3, "3a" is 3 inserted.
func articleNumber(s string) (n int, inserted bool) {
	if k := len(s) - 1; k > 0 && (s[k] < '0' || s[k] > '9') {
		i := strings.LastIndexAny(s, "0123456789") + 1
		return atoi(s[:i]), true
	}
	return atoi(s), false
}

// articleHeading is an article's heading without the footnote numbers a
// consolidated text glues to it ("Điều 5.3 (được bãi bỏ)", "Hiệu lực thi
// hành6").
func articleHeading(s string) string {
	s = strings.TrimSpace(s)
	if m := footnoteLead.FindStringIndex(s); m != nil {
		s = s[m[1]-1:]
	}
	if !endsSentence(s) && utf8.RuneCountInString(s) < 200 {
		s = footnoteMark.ReplaceAllString(s, "$1")
	}
	return s
}

// sectionPath is the stack of section labels above a point of the body:
// "PHẦN A", "II". A heading of a kind already on the stack replaces it
// and everything under it, so the nesting is learnt from the document.
type sectionPath struct {
	kinds, labels []string
}

// enter reads t as a section heading and updates the path; it reports
// whether t is one: a part, chapter or mục ("PHẦN A", "Chương III"), a
// Roman-numeral ("II.") or a lettered ("A-") section.
func (p *sectionPath) enter(t string) bool {
	var kind, label string
	if m := chapter.FindStringSubmatch(t); m != nil {
		kind, label = strings.ToLower(m[1]), m[1]+" "+m[2]
	} else if m := romanSection.FindStringSubmatch(t); m != nil {
		kind, label = "roman", m[1]
	} else if l, ok := p.nextRomanUnstopped(t); ok {
		kind, label = "roman", l
	} else if m := letterSection.FindStringSubmatch(t); m != nil {
		kind, label = "letter", m[1]
	} else {
		return false
	}
	for i, k := range p.kinds {
		if k == kind {
			p.kinds, p.labels = p.kinds[:i], p.labels[:i]
			break
		}
	}
	p.kinds = append(p.kinds, kind)
	p.labels = append(p.labels, label)
	return true
}

// romanUnstopped matches a Roman numeral and a heading in capitals with
// no stop between them ("II NHIỆM VỤ TRỌNG TÂM"), as OCR reads "II." when
// it loses the dot.
var romanUnstopped = regexp.MustCompile(`^([IVXLC]{1,6})\s+(\p{Lu}.*)$`)

// nextRomanUnstopped reads t as a Roman-numeral heading whose stop was
// lost, which it is only when its numeral follows the path's last Roman
// label ("II" after "I."): "VI PHẠM HÀNH CHÍNH" or "XI MĂNG" opening a
// line are words, not sections.
func (p *sectionPath) nextRomanUnstopped(t string) (string, bool) {
	m := romanUnstopped.FindStringSubmatch(t)
	if m == nil || !isUpperText(m[2]) {
		return "", false
	}
	for i := len(p.kinds) - 1; i >= 0; i-- {
		if p.kinds[i] == "roman" {
			prev := romanValue(p.labels[i])
			return m[1], prev > 0 && romanValue(m[1]) == prev+1
		}
	}
	return "", false
}

// romanValue is the value of a Roman numeral of the letters I, V, X, L,
// C ("IV" is 4); 0 if s is none.
func romanValue(s string) int {
	val := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100}
	n := 0
	for i := 0; i < len(s); i++ {
		v := val[s[i]]
		if v == 0 {
			return 0
		}
		if i+1 < len(s) && val[s[i+1]] > v {
			n -= v
		} else {
			n += v
		}
	}
	return n
}

// String gives the path as "PHẦN A / II"; "" outside any section.
func (p *sectionPath) String() string {
	return strings.Join(p.labels, " / ")
}

// atoi parses a short run of ASCII digits; it returns -1 for anything else.
func atoi(s string) int {
	if s == "" || len(s) > 9 {
		return -1
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}
