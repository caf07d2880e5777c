package pipeline

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// The document proper ends where its first appendix begins. Nghị định
// 30/2020/NĐ-CP (Art. 8 and Phụ lục I, "Phụ lục") puts appendices after the
// signature and the "Nơi nhận" list, each under its own label ("PHỤ LỤC
// I", "Mẫu số 01") or its own heading ("DANH MỤC … ban hành kèm theo …",
// "QUY CHẾ … (Ban hành kèm theo …)"); a form annexed to a decree also
// carries a heading of its own (the national motto, "Số: …", its own
// "Nơi nhận" and signature lines). The closing block of the record is the
// one above the first appendix, never one inside it.

var (
	// appendixLabel matches an appendix's label at the start of a line:
	// "PHỤ LỤC", "PHỤ LỤC I", "Phụ lục số 02:", "Mẫu số 01", "MẪU SỐ 2a",
	// "Biểu số 3", "Mẫu 01/TK". The rest of the line is in group 2.
	appendixLabel = regexp.MustCompile(`^((?:PHỤ LỤC|Phụ lục|PHỤ BIỂU|Phụ biểu)(?:\s+(?:(?:số|SỐ)\s*)?(?:[IVXLC]+|\d{1,3}[a-zđ]?|[A-ZĐ])(?:[.\-]\d{1,3})?)?|(?:MẪU|Mẫu|BIỂU|Biểu)(?:\s+(?:số|SỐ))?\s*\d{1,3}[a-zđA-Z]?(?:[./-][\p{L}\d]+)*)\b\s*[:.\-–]?\s*(.*)$`)
	// annexedNote matches the note under an appendix heading that says what
	// it is annexed to: "(Ban hành kèm theo Quyết định số …)", "(Kèm theo …)".
	annexedNote = regexp.MustCompile(`^\(?\s*(?i:(?:được\s+)?ban hành kèm theo|kèm theo)\b`)
	// annexHead matches the heading words of a document annexed whole: a
	// list, a regulation, a charter, a form or a table.
	annexHead = regexp.MustCompile(`^(?:DANH MỤC|QUY CHẾ|QUY ĐỊNH|ĐIỀU LỆ|QUY TRÌNH|HƯỚNG DẪN|BẢNG|BIỂU|MẪU)(?:\s|$)`)
	// formLeader matches the dotted leaders of a blank form: "……", "......".
	formLeader = regexp.MustCompile(`(?:…\s*){2,}|\.{5,}|_{5,}`)
)

// appendixStart reports whether lines[i] begins an appendix, judged by the
// line and the few that follow it. It does not look at what comes before.
func appendixStart(lines []line, i int) bool {
	t := lines[i].text
	if m := appendixLabel.FindStringSubmatch(t); m != nil {
		rest := m[2]
		// A label stands alone or before a heading; running text after
		// it ("Mẫu số 01 ban hành kèm theo Nghị định này;") is a citation.
		return rest == "" || isUpperText(rest) || annexedNote.MatchString(rest) || !endsSentence(rest) && utf8.RuneCountInString(rest) < 120 && !startsLower(rest)
	}
	if isHeadingMark(t) {
		return true
	}
	if annexHead.MatchString(t) && isUpperText(t) {
		for j := i + 1; j < len(lines) && j <= i+8; j++ {
			if annexedNote.MatchString(lines[j].text) {
				return true
			}
			if !isUpperText(lines[j].text) && !strings.HasPrefix(lines[j].text, "(") {
				break
			}
		}
	}
	return false
}

// isHeadingMark reports whether t is the party or state heading or the
// motto, which a second document (an annexed form) prints again.
func isHeadingMark(t string) bool {
	if r, _ := utf8.DecodeRuneInString(t); r != 'C' && r != 'c' && r != 'Đ' && r != 'đ' && r != eth || len(t) > 120 {
		return false // not "CỘNG HÒA …", "ĐẢNG CỘNG SẢN …", "Độc lập …"
	}
	if isPhrase(t, phrasePartyHeading) || isPhrase(t, phraseStateHeading) {
		return true
	}
	_, _, ok := findPhrase(t, phraseMotto)
	return ok && utf8.RuneCountInString(t) < 40
}

// closingSignal reports whether t is a line of a closing block: "Nơi
// nhận", a signing form, a "(Đã ký)" note, the "./." that ends a text.
func closingSignal(t string) bool {
	if strings.HasSuffix(t, "./.") {
		return true
	}
	switch r, _ := utf8.DecodeRuneInString(t); r { // cheap tests before the expressions
	case 'N', 'n':
		return isRecipientsHeading(t)
	case 'T', 'K':
		return isSigningMode(t) || signedNote.MatchString(t)
	case '(', '[', 'đ', 'Đ', 'k', 'c', 'C':
		return signedNote.MatchString(t)
	}
	return false
}

// properEnd returns the index of the first line of the first appendix
// among lines[from:], or len(lines) when the document has none. An
// appendix starts only after a closing block has begun (a "Nơi nhận"
// heading, a signing form, the "./." that ends a text, or a name under a
// title in capitals); a heading of its own opens at the top of its group
// (the "TÊN CƠ QUAN" and "Số: …" lines beside the motto). Linear in the
// number of lines.
func properEnd(lines []line, from int) int {
	signal := -1 // last line of a closing block seen so far
	for i := from; i < len(lines); i++ {
		t := lines[i].text
		if signal >= 0 && i > signal && appendixStart(lines, i) {
			if isHeadingMark(t) {
				return headingTop(lines, i, signal)
			}
			return i
		}
		if closingSignal(t) || i > from && len(lines[i-1].text) < 180 && isUpperText(lines[i-1].text) && isNameLine(t) {
			signal = i
		}
	}
	return len(lines)
}

// headingTop walks up from the heading mark at lines[i] over the other
// lines of a heading group (an issuer in capitals, "Số: …", a rule, a
// form's dotted leaders), but not above lines[floor].
func headingTop(lines []line, i, floor int) int {
	top := i
	for j := i - 1; j > floor && j >= i-4; j-- {
		t := lines[j].text
		if isUpperText(t) || isDecoration(t) || formLeader.MatchString(t) || strings.HasPrefix(t, "Số") || isHeadingMark(t) {
			top = j
			continue
		}
		break
	}
	return top
}

// proseOf keeps the paragraphs that read as sentences: eight words or
// more, ending with a stop. The cells of an appendix's tables, which text
// extraction gives as runs of fragments (and rotated tables as reversed
// text), hold no statistic that can be read with its unit and context.
func proseOf(paras []paragraph) []paragraph {
	var out []paragraph
	for _, p := range paras {
		words := strings.Fields(p.text)
		if endsSentence(p.text) && len(words) >= 8 && !reversed(words) {
			out = append(out, p)
		}
	}
	return out
}

// reversed reports whether words read backwards, as the text of a table
// rotated on its page may come out ("gnáht" for "tháng"): no Vietnamese
// syllable begins with "gn", "hn", "ht", "hc", "hk", "hp" or "rt", and in
// such text every tenth word or more does.
func reversed(words []string) bool {
	n := 0
	for _, w := range words {
		if len(w) >= 3 {
			switch strings.ToLower(w[:2]) {
			case "gn", "hn", "ht", "hc", "hk", "hp", "rt":
				n++
			}
		}
	}
	return n*10 >= len(words)
}

// readAppendices cuts lines (the part after the document proper) into
// appendices: a new one begins at each label ("PHỤ LỤC II", "Mẫu số 02")
// and at each annexed heading that does not stand right under a label.
func readAppendices(lines []line, own string) []Appendix {
	var starts []int
	lastLabel := -100
	for i := range lines {
		if i == 0 {
			starts = append(starts, 0)
			if appendixLabel.MatchString(lines[0].text) {
				lastLabel = 0
			}
			continue
		}
		if !appendixStart(lines, i) {
			continue
		}
		isLabel := appendixLabel.MatchString(lines[i].text)
		if !isLabel && i-lastLabel <= 12 || i-starts[len(starts)-1] <= 3 {
			continue // the heading of the appendix just begun
		}
		at := i
		if isHeadingMark(lines[i].text) {
			at = headingTop(lines, i, starts[len(starts)-1])
		}
		starts = append(starts, at)
		if isLabel {
			lastLabel = i
		}
	}
	out := make([]Appendix, 0, len(starts))
	for k, s := range starts {
		e := len(lines)
		if k+1 < len(starts) {
			e = starts[k+1]
		}
		out = append(out, readAppendix(lines[s:e], own))
	}
	return out
}

// readAppendix reads one appendix: its label, its title (the heading lines
// under the label, without the "(Kèm theo …)" note) and its text.
func readAppendix(lines []line, own string) Appendix {
	a := Appendix{Statistics: []Statistic{}, References: []Reference{}}
	if len(lines) == 0 {
		return a
	}
	var title []string
	k := 0
	if m := appendixLabel.FindStringSubmatch(lines[0].text); m != nil {
		a.Label = foldSpace(m[1])
		if m[2] != "" {
			title = append(title, m[2])
		}
		k = 1
	}
	// A form with a heading of its own: the title is its type name, the
	// first line in capitals under the heading and date lines.
	mark := -1
	for j := k; j < len(lines) && j < k+8; j++ {
		if t := lines[j].text; isHeadingMark(t) || mark >= 0 && placeDate.MatchString(t) {
			mark = j
		}
	}
	if mark >= 0 && len(title) == 0 {
		k = mark + 1
		for k < len(lines) && k < mark+4 && (!isUpperText(lines[k].text) || strings.HasPrefix(lines[k].text, "Số")) {
			k++
		}
	}
	for ; k < len(lines) && len(title) < 6; k++ {
		t := lines[k].text
		if annexedNote.MatchString(t) || isHeadingMark(t) || isDecoration(t) {
			break
		}
		if !isUpperText(t) || strings.HasPrefix(t, "Số") {
			if len(title) == 0 && a.Label != "" && !endsSentence(t) && utf8.RuneCountInString(t) < 200 {
				title = append(title, t) // "Phụ lục" over a title in ordinary case
				continue
			}
			break
		}
		title = append(title, t)
	}
	a.Title = strings.Join(title, " ")
	paras := buildParagraphs(lines)
	texts := make([]string, len(paras))
	for i, p := range paras {
		texts[i] = p.text
	}
	a.Text = strings.Join(texts, "\n\n")
	a.Statistics = statistics(proseOf(paras))
	a.References = references(paras, own)
	return a
}
