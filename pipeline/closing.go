package pipeline

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	// recipientsMark matches the "Nơi nhận:" heading of the recipients list.
	recipientsMark = regexp.MustCompile(`^(?i:n[ơo]i\s+nh[ậa]n)\s*:?\s*`)
	// signingMode matches a signing-form line: the mode and what follows
	// it in capitals ("T/M BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "TM ỦY BAN NHÂN DÂN").
	signingMode = regexp.MustCompile(`^(T\s*/\s*M|K\s*/\s*T|T\s*/\s*L|T\s*/\s*UQ|T\.\s*M|K\.\s*T|T\.\s*L|TM|KT|TL|TUQ)(\.?)\s+(\S.*)$`)
	// signedNote matches what stands for the handwritten signature in
	// transcriptions: "(Đã ký)", "(đã ký và đóng dấu)", "(Ký tên, đóng dấu)".
	signedNote = regexp.MustCompile(`^\(?(?i:đã ký|ký tên|ký,|ký và|chữ ký|ký số|đã ký số)[^)]*\)?$`)
	// positionTitle matches a signer's title written in ordinary case
	// under the signing form ("phó Thống đốc" under "KT. THỐNG ĐỐC").
	positionTitle = regexp.MustCompile(`^(?i:(?:phó\s+|thường trực\s+|quyền\s+)?(?:tổng bí thư|bí thư|chủ tịch|trưởng ban|chánh văn phòng|thủ tướng|bộ trưởng|thứ trưởng|thống đốc|giám đốc|cục trưởng|vụ trưởng|tổng cục trưởng|chủ nhiệm|tổng kiểm toán|viện trưởng|chánh án|trưởng phòng))$`)
	// bullet matches the bullet of a list item.
	bullet = regexp.MustCompile(`^[-–—‐+•*·▪◦]\s*`)
	// rank matches a military or academic rank written before a name.
	rank = regexp.MustCompile(`^(?:(?:Đại|Thượng|Trung|Thiếu) (?:tướng|tá|úy|uý)|GS\.?\s*TS\.?|PGS\.?\s*TS\.?|GS\.|PGS\.|TS\.|ThS\.|BS\.|KS\.|CN\.|Giáo sư|Phó giáo sư|Tiến sĩ|Thạc sĩ|Bác sĩ|Luật sư|Nhà giáo nhân dân|Nhà giáo ưu tú)\s+`)
	// closingSplit finds where one pasted line holds several closing
	// fields: a bullet after list punctuation, a signing mode, a
	// "(Đã ký)" note.
	closingSplit = regexp.MustCompile(`[,;.:]\s+[-–—+•]\s+|\s(?:T/M|K/T|T/L|T/UQ|TM\.|KT\.|TL\.|TUQ\.)\s|\s\((?i:đã ký)[^)]*\)\s*`)
)

// modeName normalises a printed signing mode: party forms keep the slash
// ("T/M"), state forms end with a dot ("TM.").
func modeName(m, dot string) string {
	m = strings.ReplaceAll(m, " ", "")
	switch m {
	case "T/M", "K/T", "T/L", "T/UQ":
		return m
	case "T.M":
		return "T/M"
	case "K.T":
		return "K/T"
	case "T.L":
		return "T/L"
	}
	return m + "."
}

// isSigningMode reports whether t is a signing-form line.
func isSigningMode(t string) bool {
	m := signingMode.FindStringSubmatch(t)
	return m != nil && isUpperText(m[3]) && len([]rune(t)) < 90
}

// isNameLine reports whether t looks like a person's name: two to six
// words, each a capital followed by lower-case letters ("Phạm Thị Mai Tiên").
func isNameLine(t string) bool {
	t = rank.ReplaceAllString(t, "")
	f := strings.Fields(t)
	if len(f) < 2 || len(f) > 6 {
		return false
	}
	for _, w := range f {
		if rs := []rune(w); !unicode.IsUpper(rs[0]) || !isLowerRunes(rs[1:]) {
			return false
		}
	}
	return true
}

// closingLines re-cuts the lines of the closing block where one line holds
// several of its fields, as when a web page flattened the block.
func closingLines(lines []line) []line {
	var cut []line
	for _, ln := range lines {
		cut = append(cut, splitClosingLine(ln)...)
	}
	// A signing form run together with the name under it ("KT. CHỦ TỊCH
	// PHÓ CHỦ TỊCH Nguyễn Văn Bình") is two lines.
	var out []line
	for _, ln := range cut {
		if head, name, ok := splitTrailingName(ln.text); ok && isSigningMode(head) {
			out = append(out, line{text: head, num: ln.num, split: true}, line{text: name, num: ln.num, split: true})
			continue
		}
		out = append(out, ln)
	}
	return out
}

// splitTrailingName splits t into the words before a person's name at its
// end and the name, if those words are in capitals.
func splitTrailingName(t string) (head, name string, ok bool) {
	f := strings.Fields(t)
	n := 0 // trailing words written as a name's are
	for i := len(f) - 1; i >= 0 && n < 6; i-- {
		rs := []rune(f[i])
		if !unicode.IsUpper(rs[0]) || !isLowerRunes(rs[1:]) {
			break
		}
		n++
	}
	if n < 2 || n == len(f) {
		return "", "", false
	}
	head, name = strings.Join(f[:len(f)-n], " "), strings.Join(f[len(f)-n:], " ")
	if !isUpperText(head) || !isNameLine(name) {
		return "", "", false
	}
	return head, name, true
}

func isLowerRunes(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// splitClosingLine cuts one line where it holds several closing fields
// (see closingSplit).
func splitClosingLine(ln line) []line {
	t := ln.text
	if !closingSplit.MatchString(t) {
		return []line{ln}
	}
	var out []line
	prev := 0
	for _, m := range closingSplit.FindAllStringIndex(t, -1) {
		cut := m[0]
		if strings.ContainsAny(t[m[0]:m[0]+1], ",;.:") {
			cut++ // keep the punctuation with the item before
		}
		if p := strings.TrimSpace(t[prev:cut]); p != "" {
			out = append(out, line{text: p, num: ln.num, split: true})
		}
		prev = cut
		if strings.Contains(t[m[0]:m[1]], "(") { // the note is its own line
			note := strings.TrimSpace(t[m[0]:m[1]])
			if i := strings.Index(note, "("); i >= 0 {
				note = note[i:]
			}
			out = append(out, line{text: note, num: ln.num, split: true})
			prev = m[1]
		}
	}
	if p := strings.TrimSpace(t[prev:]); p != "" {
		out = append(out, line{text: p, num: ln.num, split: true})
	}
	return out
}

// findClosing returns the index of the first line of the closing block
// (signature and recipients) among lines[from:], or len(lines) if there is
// none. The block is found from the end: the last "Nơi nhận" heading and
// the last signing-form line, or, failing both, a name under capitals.
func findClosing(lines []line, from int) int {
	end := len(lines)
	recip, mode := -1, -1
	for i := end - 1; i >= from; i-- {
		t := lines[i].text
		if recip < 0 && recipientsMark.MatchString(t) {
			recip = i
		}
		if mode < 0 && isSigningMode(t) {
			mode = i
		}
		if recip >= 0 && mode >= 0 {
			break
		}
	}
	if mode >= 0 {
		// Walk up over stacked modes ("TM. ỦY BAN NHÂN DÂN" over "KT. CHỦ TỊCH").
		for j := mode - 1; j >= from && j >= mode-4; j-- {
			t := lines[j].text
			if isSigningMode(t) {
				mode = j
			} else if !bullet.MatchString(t) && !recipientsMark.MatchString(t) {
				break
			}
		}
	}
	switch {
	case recip >= 0 && mode >= 0:
		if mode < recip && recip-mode > 12 {
			// A signing line far above the recipients is not the signature.
			return recip
		}
		return min(recip, mode)
	case recip >= 0:
		return recip
	case mode >= 0:
		return mode
	}
	// No mode and no recipients: a name near the end under title lines.
	for i := end - 1; i >= from && i >= end-8; i-- {
		if !isNameLine(lines[i].text) {
			continue
		}
		j := i - 1
		for j >= from && signedNote.MatchString(lines[j].text) {
			j--
		}
		k := j
		for k >= from && isUpperText(lines[k].text) && len([]rune(lines[k].text)) < 60 {
			k--
		}
		if k < j {
			return k + 1
		}
		break
	}
	return end
}

// parseClosing reads the signature and the recipients from the closing
// block. The two printed columns ("Nơi nhận" on the left, the signature on
// the right) may arrive interleaved line by line; each line is told apart by
// what it is: a heading, a bullet item, a signing form, a title in capitals,
// a name.
func parseClosing(lines []line) (sig Signer, recipients []string, sawRecipients bool) {
	lines = closingLines(lines)
	var positions []string
	var items [][]string // each recipient's pieces, joined at the end
	inRecip := false
	open := false // the last recipient may continue on the next line
	sigStarted := false
	addRecipient := func(t string) {
		t = trimItem(t)
		if t != "" {
			items = append(items, []string{t})
			open = !endsSentence(t) && !strings.HasSuffix(strings.TrimSpace(t), ",")
		}
	}
	for _, ln := range lines {
		t := ln.text
		switch {
		case recipientsMark.MatchString(t):
			inRecip, sawRecipients = true, true
			if rest := strings.TrimSpace(recipientsMark.ReplaceAllString(t, "")); rest != "" {
				addRecipient(rest)
			}
		case isSigningMode(t):
			m := signingMode.FindStringSubmatch(t)
			if sig.Mode == "" && len(positions) == 0 {
				sig.Mode = modeName(m[1], m[2])
				sig.OnBehalfOf = strings.TrimSpace(m[3])
				if ln.split {
					sig.OnBehalfOf, positions = splitAuthority(sig.Mode, sig.OnBehalfOf, positions)
				}
			} else {
				positions = append(positions, t)
			}
			sigStarted = true
		case signedNote.MatchString(t):
		case bullet.MatchString(t) && !isDecoration(t):
			addRecipient(t)
			inRecip = true
		case isUpperText(t) && len([]rune(t)) < 80 && sig.Name == "",
			sigStarted && sig.Name == "" && positionTitle.MatchString(t):
			positions = append(positions, t)
			sigStarted = true
		case sig.Name == "" && isNameLine(t) && (sigStarted || !inRecip || !open):
			sig.Name = rank.ReplaceAllString(t, "")
		case inRecip && len(items) > 0 && (open || startsLower(t)):
			if p := trimItem(t); p != "" {
				items[len(items)-1] = append(items[len(items)-1], p)
			}
			open = !endsSentence(t)
		case inRecip && sig.Name == "":
			addRecipient(t)
		}
	}
	sig.Position = strings.Join(positions, " ")
	for _, it := range items {
		recipients = append(recipients, strings.Join(it, " "))
	}
	return sig, recipients, sawRecipients
}

// positionHead matches the words that begin a signer's title, to split a
// pasted "K/T CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG" into the authority and
// the position.
var positionHead = regexp.MustCompile(`\s(PHÓ |TỔNG BÍ THƯ|BÍ THƯ|CHỦ TỊCH|TRƯỞNG BAN|CHÁNH VĂN PHÒNG|THỦ TƯỚNG|BỘ TRƯỞNG|THỨ TRƯỞNG|GIÁM ĐỐC|THỐNG ĐỐC|THƯỜNG TRỰC|ỦY VIÊN|UỶ VIÊN|CHỦ NHIỆM|TRƯỞNG)`)

// splitAuthority splits the text after a signing mode into the authority
// and a position when a pasted line ran the two together.
func splitAuthority(mode, s string, positions []string) (string, []string) {
	words := strings.Fields(s)
	if len(words) < 3 {
		return s, positions
	}
	for _, loc := range positionHead.FindAllStringIndex(s, -1) {
		head, tail := strings.TrimSpace(s[:loc[0]]), strings.TrimSpace(s[loc[0]:])
		if head == "" || tail == "" {
			continue
		}
		if mode == "K/T" || mode == "KT." {
			// The deputy's title repeats the head's: "CHỦ TỊCH" / "PHÓ CHỦ TỊCH".
			if !strings.HasPrefix(tail, "PHÓ ") && !strings.Contains(tail, head) {
				continue
			}
		}
		return head, append(positions, tail)
	}
	return s, positions
}
