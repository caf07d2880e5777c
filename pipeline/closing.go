package pipeline

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanban/extract/viet"
)

var (
	// recipientsMark matches the "Nơi nhận:" heading of the recipients list.
	recipientsMark = regexp.MustCompile(`^(?i:n[ơo]i\s+nh[ậa]n)\s*:?\s*`)
	// signingMode matches a signing-form line: the mode and what follows
	// it in capitals ("T/M BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "TM ỦY BAN NHÂN DÂN").
	// Older state texts write the mode with a slash or run it into the
	// authority: "KT/ BỘ TRƯỞNG", "KT.BỘ TRƯỞNG"; both read as "KT.".
	signingMode = regexp.MustCompile(`^(T\s*/\s*M|K\s*/\s*T|T\s*/\s*L|T\s*/\s*UQ|T\.\s*M|K\.\s*T|T\.\s*L|TM|KT|TL|TUQ)(?:([./])\s*|\s+)(\S.*)$`)
	// signedNote matches what stands for the handwritten signature in
	// transcriptions: "(Đã ký)", "(đã ký và đóng dấu)", "(Ký tên, đóng dấu)".
	// A digital signature's note in brackets counts too: "[ KÝ BỞI CHỮ
	// KÝ SỐ HỢP LỆ ]".
	signedNote = regexp.MustCompile(`^[(\[]?\s*(?i:đã ký|ký tên|ký,|ký và|ký bởi|chữ ký|ký số|đã ký số)[^)\]]*[)\]]?$`)
	// positionTitle matches a signer's title written in ordinary case
	// under the signing form ("phó Thống đốc" under "KT. THỐNG ĐỐC").
	positionTitle = regexp.MustCompile(`^(?i:(?:phó\s+|thường trực\s+|quyền\s+)?(?:tổng bí thư|bí thư|chủ tịch|trưởng ban|chánh văn phòng|thủ tướng|bộ trưởng|thứ trưởng|thống đốc|giám đốc|cục trưởng|vụ trưởng|tổng cục trưởng|chủ nhiệm|tổng kiểm toán|viện trưởng|chánh án|trưởng phòng))$`)
	// bullet matches the bullet of a list item; "~ " is OCR's reading of
	// a short dash.
	bullet = regexp.MustCompile(`^(?:[-–—‐+•*·▪◦]\s*|~\s+)`)
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
	// A name is two to six words: a long line is none (and splitting a
	// line of megabytes into words cost more than the rest of the parse).
	if len(t) > 400 {
		return false
	}
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
// several of its fields, as when a web page flattened the block, and mends
// what layout leaves in it: a line of punctuation only (a "[" where the
// signature image stood) goes, and so does such a word at a line's end; a
// signing mode or "PHÓ" printed alone over the words it belongs to joins
// them.
func closingLines(lines []line) []line {
	var cut []line
	for _, ln := range lines {
		for _, p := range splitClosingLine(ln) {
			if p.text = dropStrayTail(p.text); hasLetterOrDigit(p.text) {
				cut = append(cut, p)
			}
		}
	}
	var out []line
	for i := 0; i < len(cut); i++ {
		ln := cut[i]
		if i+1 < len(cut) && (bareMode.MatchString(ln.text) || ln.text == "PHÓ") && isUpperText(cut[i+1].text) {
			// "KT." over "CHỦ TỊCH", "PHÓ" over "TRƯỞNG BAN".
			ln.text += " " + cut[i+1].text
			i++
		}
		// A signing form run together with the name under it ("KT. CHỦ TỊCH
		// PHÓ CHỦ TỊCH Nguyễn Văn Bình") is two lines; so is the last
		// recipient with the name beside it ("- Lưu: VT. Nguyễn Văn An").
		if head, name, ok := splitTrailingName(ln.text); ok && isSigningMode(head) {
			out = append(out, line{text: head, num: ln.num, split: true}, line{text: name, num: ln.num, split: true})
			continue
		}
		if head, name, ok := splitRecipientName(ln.text); ok {
			out = append(out, line{text: head, num: ln.num, split: true}, line{text: name, num: ln.num, split: true})
			continue
		}
		out = append(out, ln)
	}
	return out
}

// bareMode matches a signing mode printed on a line of its own.
var bareMode = regexp.MustCompile(`^(?:T\s*/\s*M|K\s*/\s*T|T\s*/\s*L|T\s*/\s*UQ|TM[./]?|KT[./]?|TL[./]?|TUQ[./]?)$`)

// hasLetterOrDigit reports whether s holds a letter or a digit.
func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// dropStrayTail removes a last word of punctuation only ("Lưu: VT [")
// unless it is the whole line.
func dropStrayTail(s string) string {
	i := strings.LastIndexByte(s, ' ')
	if i <= 0 || hasLetterOrDigit(s[i+1:]) || strings.ContainsAny(s[i+1:], ")”\"") {
		return s
	}
	return strings.TrimRight(s[:i], " ")
}

// stripBullets removes the bullets (one or more, with their spaces) that
// open a list item.
func stripBullets(t string) string {
	t = strings.TrimSpace(t)
	for {
		loc := bullet.FindStringIndex(t)
		if loc == nil || loc[1] == 0 {
			return t
		}
		t = strings.TrimSpace(t[loc[1]:])
	}
}

// splitRecipientName splits a recipient line that ends with the signer's
// name after the item's closing punctuation: "- Lưu: VT, NC. Nguyễn Văn An".
func splitRecipientName(t string) (head, name string, ok bool) {
	if !bullet.MatchString(t) {
		return "", "", false
	}
	i := strings.LastIndexAny(t, ".;")
	if i < 0 || i+1 >= len(t) || t[i+1] != ' ' {
		return "", "", false
	}
	name = strings.TrimSpace(t[i+1:])
	if !isNameLine(name) {
		return "", "", false
	}
	return t[:i+1], name, true
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
		if _, ok := recipientsHeading(t); recip < 0 && ok {
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
			} else if _, ok := recipientsHeading(t); !bullet.MatchString(t) && !ok {
				break
			}
		}
	}
	start := -1
	switch {
	case recip >= 0 && mode >= 0:
		start = min(recip, mode)
		if mode < recip && recip-mode > 12 {
			// A signing line far above the recipients is not the signature.
			start = recip
		}
	case recip >= 0:
		start = recip
	case mode >= 0:
		start = mode
	}
	if start >= 0 {
		// A consolidated text signs under its certification block, whose
		// issuer and number lines stand above the signature.
		for i := start - 1; i >= from && i >= start-8; i-- {
			if certificationMark.MatchString(lines[i].text) {
				return certificationTop(lines, i, from)
			}
		}
		// A signer's title standing one line above "Nơi nhận" ("BỘ
		// TRƯỞNG" over "Nơi nhận:", the columns written row by row).
		if start == recip && start-1 >= from && isTitleLine(lines[start-1].text) {
			start--
		}
		return start
	}
	for i := end - 1; i >= from && i >= end-40; i-- {
		if certificationMark.MatchString(lines[i].text) {
			return certificationTop(lines, i, from)
		}
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

// certificationTop returns the first line of the certification block
// whose heading is lines[i]: the issuer's capitals and the "Số: …" line
// above it, but not above lines[from].
func certificationTop(lines []line, i, from int) int {
	top := i
	for j := i - 1; j >= from && j >= i-4; j-- {
		if t := lines[j].text; isUpperText(t) && !endsSentence(t) || strings.HasPrefix(t, "Số") {
			top = j
			continue
		}
		break
	}
	return top
}

// isTitleLine reports whether t reads as a signer's title in capitals
// ("BỘ TRƯỞNG", "PHÓ CHỦ TỊCH"): short, with no digit and no closing
// punctuation, and not a section heading.
func isTitleLine(t string) bool {
	if !isUpperText(t) || utf8.RuneCountInString(t) > 60 || strings.ContainsAny(t, "0123456789:;.,") {
		return false
	}
	return !romanSection.MatchString(t) && !letterSection.MatchString(t) && !chapter.MatchString(t)
}

// parseClosing reads the signature and the recipients from the closing
// block. The two printed columns ("Nơi nhận" on the left, the signature on
// the right) may arrive interleaved line by line; each line is told apart by
// what it is: a heading, a bullet item, a signing form, a title in capitals,
// a name. The list ends at its archive item ("Lưu …"): after that and
// after the signer's name only a new "Nơi nhận" heading opens it again.
func parseClosing(lines []line) (sig Signer, recipients []string, sawRecipients bool) {
	lines = closingLines(lines)
	sig.Forms = []SigningForm{}
	var positions []string
	var items [][]string // each recipient's pieces, joined at the end
	inRecip := false
	open := false   // the last recipient may continue on the next line
	closed := false // the archive item ended the list
	sigStarted := false
	lastItem := false // the line before added to a recipient
	addRecipient := func(t string) {
		if closed || sig.Name != "" && !inRecip {
			return
		}
		t = stripBullets(t)
		if trimItem(t) != "" {
			items = append(items, []string{t})
			open = !endsSentence(t)
			closed = strings.HasPrefix(t, "Lưu") && (sig.Name != "" || endsSentence(t))
		}
	}
	takeMode := func(t string, split bool) {
		m := signingMode.FindStringSubmatch(t)
		mode, of := modeName(m[1], m[2]), strings.TrimSpace(m[3])
		var pos []string
		switch {
		case split:
			of, pos = splitAuthority(mode, of, nil)
		case mode == "K/T" || mode == "KT.":
			// "K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN": the deputy's title is the
			// head's with "PHÓ" before it.
			if i := strings.Index(of, " PHÓ "); i > 0 && of[i+len(" PHÓ "):] == of[:i] {
				of, pos = of[:i], []string{of[i+1:]}
			}
		}
		sig.Forms = append(sig.Forms, SigningForm{Mode: mode, Of: of})
		if sig.Mode == "" && (len(positions) == 0 || strings.Join(positions, " ") == of) {
			// Capitals above the first form that only repeat its
			// authority are a layout echo of it.
			positions = positions[:0]
			sig.Mode, sig.OnBehalfOf = mode, of
			positions = append(positions, pos...)
		} else {
			positions = append(positions, t)
		}
		sigStarted = true
	}
	for _, ln := range lines {
		t := ln.text
		wasItem := lastItem
		lastItem = false
		switch {
		case wasItem && len(items) > 0 && strings.HasPrefix(items[len(items)-1][0], "Lưu") && archiveTail(t):
			// "- Lưu: VP (HC, TH)" over "TCT (HC, NV3)": the archive
			// item's other units.
			items[len(items)-1] = append(items[len(items)-1], t)
			lastItem = true
		case isRecipientsHeading(t):
			inRecip, sawRecipients, closed = true, true, false
			if rest, _ := recipientsHeading(t); rest != "" {
				if isSigningMode(rest) {
					takeMode(rest, true)
				} else {
					addRecipient(rest)
				}
			}
		case certificationMark.MatchString(t):
			// A consolidated text's certification block: the capitals
			// above were its issuer, not a title.
			positions, sigStarted = positions[:0], false
		case isSigningMode(t):
			takeMode(t, ln.split)
		case signedNote.MatchString(t):
		case bullet.MatchString(t) && !isDecoration(t), inRecip && strings.HasPrefix(t, ". ") && !closed:
			// (". Văn phòng Quốc hội": a stop typed for the dash.)
			if sig.Name != "" && !inRecip {
				continue // after the signature: a form's or a note's list
			}
			addRecipient(strings.TrimPrefix(t, ". "))
			inRecip = !closed
			lastItem = true
		case isUpperText(t) && len([]rune(t)) < 80 && sig.Name == "" && !strings.HasPrefix(t, "Số"),
			sigStarted && sig.Name == "" && positionTitle.MatchString(t):
			positions = append(positions, t)
			sigStarted = true
		case sig.Name == "" && isNameLine(t) && (sigStarted || !inRecip || !open):
			sig.Name = rank.ReplaceAllString(t, "")
			inRecip = inRecip && !closed
		case inRecip && !closed && len(items) > 0 && (open || startsLower(t)):
			if p := strings.TrimSpace(t); trimItem(p) != "" {
				items[len(items)-1] = append(items[len(items)-1], p)
			}
			open = !endsSentence(t)
			lastItem = true
		case inRecip && sig.Name == "":
			addRecipient(t)
		}
	}
	sig.Position = strings.Join(positions, " ")
	for _, it := range items {
		recipients = append(recipients, trimItem(strings.Join(it, " ")))
	}
	return sig, recipients, sawRecipients
}

// archiveTail reports whether t continues an archive item ("Lưu: VP") on
// the next line: short, without lower case, with the units' punctuation
// ("TCT (HC, NV3)", "P.NC.").
func archiveTail(t string) bool {
	if utf8.RuneCountInString(t) > 30 || !strings.ContainsAny(t, "(,.") || isSigningMode(t) {
		return false
	}
	for _, r := range t {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// certificationMark matches the heading of a consolidated text's
// certification block ("XÁC THỰC VĂN BẢN HỢP NHẤT"), under which the
// signature of the consolidated text stands.
var certificationMark = regexp.MustCompile(`^(?i:XÁC (?:THỰC|NHẬN) VĂN BẢN HỢP NHẤT)\s*$`)

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
			// The deputy signs: "CHỦ TỊCH" / "PHÓ CHỦ TỊCH", "BỘ TRƯỞNG" /
			// "THỨ TRƯỞNG"; "BỘ TRƯỞNG BỘ TÀI CHÍNH" is one authority.
			if !strings.HasPrefix(tail, "PHÓ ") && !strings.HasPrefix(tail, "THỨ TRƯỞNG") {
				continue
			}
		}
		return head, append(positions, tail)
	}
	return s, positions
}

// recipientsHeading reads the "Nơi nhận:" heading that opens the
// recipients list (30/2020/NĐ-CP Phụ lục I §9; 36-HD/VPTW): typed without
// marks ("Noi nhan"), or found by the shared phrase matcher with the slips
// of OCR and converters ("Nơi nhân", "NƠI NHẬN", "Nơinhận"). It returns
// the rest of the line, the first recipient when it stands there; a line
// that goes on in lower case without a colon is a sentence, not the heading.
func recipientsHeading(t string) (rest string, ok bool) {
	end := -1
	if loc := recipientsMark.FindStringIndex(t); loc != nil {
		end = loc[1]
	} else if e, ok := hasPhrasePrefix(t, phraseRecipients); ok {
		end = e
	}
	if end < 0 {
		return "", false
	}
	rest = strings.TrimSpace(strings.TrimLeft(t[end:], " :"))
	colon := strings.Contains(t[:end], ":") || strings.HasPrefix(strings.TrimSpace(t[end:]), ":")
	if r, _ := utf8.DecodeRuneInString(rest); !colon && unicode.IsLower(r) {
		return "", false // a sentence going on: "Nơi nhận xét của chi bộ"
	}
	return rest, true
}

// isRecipientsHeading reports whether t opens the recipients list.
func isRecipientsHeading(t string) bool {
	_, ok := recipientsHeading(t)
	return ok
}

// deputyTitle is the title a deputy signing "KT." (K/T, ký thay) for the
// head named in the form bears: the head's title with "PHÓ" before it
// ("KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG" over "PHÓ
// CHÁNH VĂN PHÒNG"), or "THỨ TRƯỞNG" under "KT. BỘ TRƯỞNG" (30/2020/NĐ-CP
// Điều 13 and Phụ lục I §7; 36-HD/VPTW on K/T). "" for another mode.
func deputyTitle(f SigningForm) string {
	if f.Mode != "KT." && f.Mode != "K/T" || f.Of == "" || !isUpperText(f.Of) {
		return ""
	}
	if strings.HasPrefix(f.Of, "BỘ TRƯỞNG") {
		return "THỨ TRƯỞNG"
	}
	if strings.HasPrefix(f.Of, "PHÓ ") {
		return ""
	}
	return "PHÓ " + f.Of
}

// baseLetters is the key of s by its base letters alone: upper case,
// marks dropped (viet.Base: đ as D), everything but letters and digits
// left out; "PHO CHU TỊCH" and "PHÓ CHỦ TỊCH" share it. It is ASCII.
func baseLetters(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(viet.Base(unicode.ToUpper(r)))
		}
	}
	return b.String()
}

// junkTail reports words left after a title by a signature's strokes read
// as text ("À ` LA"): each of two letters at most.
func junkTail(words []string) bool {
	for _, w := range words {
		if utf8.RuneCountInString(baseLetters(w)) > 2 {
			return false
		}
	}
	return true
}

// restoreDeputyTitle gives position the spelling of the deputy's title
// the signing form implies (deputyTitle) when the title it ends with was
// read with its marks lost ("PHO CHU TỊCH"), its last letter lost ("PHÓ
// CHỦ TỊC"), or strokes of the signature after it ("PHÓ CHỦ TỊCH À ` LA"),
// as OCR and converters leave it. It only restores what the letters say:
// a title whose base letters are another's ("PHÓ CHỦ TỊCH THƯỜNG TRỰC",
// "ỦY VIÊN") is left as read, and one read whole keeps its printed case
// ("phó Thống đốc"). ok is false when nothing changed.
func restoreDeputyTitle(position string, forms []SigningForm) (restored string, ok bool) {
	if len(forms) == 0 || position == "" {
		return position, false
	}
	want := deputyTitle(forms[len(forms)-1])
	if want == "" || strings.HasSuffix(position, want) {
		return position, false
	}
	key := baseLetters(want)
	words := strings.Fields(position)
	for i := range words {
		for j := len(words); j > i; j-- {
			if !junkTail(words[j:]) {
				break
			}
			got := baseLetters(strings.Join(words[i:j], " "))
			lostLast := len(key) >= 8 && got == key[:len(key)-1]
			if got != key && !lostLast {
				continue
			}
			core := strings.Join(words[i:j], " ")
			if strings.EqualFold(core, want) {
				// Read whole, as printed ("phó Thống đốc"): only the
				// strokes after it go.
				if j == len(words) {
					return position, false
				}
				want = core
			}
			return strings.Join(append(append([]string{}, words[:i]...), want), " "), true
		}
	}
	return position, false
}
