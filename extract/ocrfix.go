package extract

import (
	"fmt"
	"strings"
	"unicode"

	"vanban/extract/viet"
)

// The fixed phrases OCR misreads ("CỌNG HOA", "Nơi nhân", "K ÉT LUẬN")
// are left as read: package pipeline finds them by their folded form with
// the slips OCR leaves (pipeline/phrase.go), as it does for pasted and
// converted text. Only the "Số" label, which decides whether handwritten
// digits are kept, is mended here, where the words' confidences are known.

// foldOCR is s without tone marks, diacritics, spaces and punctuation other
// than the phrase's own letters: "Nơi nhận:" → "Noinhan", "CỌNG" →
// "CONG"; case is kept.
func foldOCR(s string) string {
	var b strings.Builder
	for _, r := range viet.Fold(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ocrLegibleDigits is the confidence (0–100) under which the handwritten
// or smudged characters glued to the "Số" label are taken as illegible.
const ocrLegibleDigits = 60

// fixNumberLabel restores the "Số" label that opens the số ký hiệu line
// (Nghị định 30/2020/NĐ-CP, Phụ lục I; Hướng dẫn 36-HD/VPTW) when OCR
// misread its mark ("Só", "Sô") or glued to it a number written by hand.
// The glued characters are kept when read with confidence, else dropped,
// with a note: a number nobody could read is left blank, never guessed.
func fixNumberLabel(ws []ocrWord) ([]ocrWord, string) {
	if len(ws) == 0 {
		return ws, ""
	}
	w := ws[0]
	rs := []rune(w.Text)
	if len(rs) < 2 || foldOCR(string(rs[:2])) != "So" || (len(rs) > 2 && unicode.IsLetter(rs[2])) {
		return ws, ""
	}
	rest := strings.TrimLeft(string(rs[2:]), ":.;, ")
	fixed := append([]ocrWord(nil), ws...)
	var dropped []string
	switch {
	case rest == "":
		fixed[0].Text = "Số" + string(rs[2:])
	case w.Conf >= ocrLegibleDigits:
		fixed[0].Text = "Số: " + rest
	default:
		fixed[0].Text = "Số:"
		dropped = append(dropped, fmt.Sprintf("%q (confidence %.0f)", rest, w.Conf))
	}
	// Words read with doubt between the label and the symbol ("/TB-UBND").
	for len(fixed) > 1 && !strings.Contains(fixed[1].Text, "/") && fixed[1].Conf < ocrLegibleDigits {
		dropped = append(dropped, fmt.Sprintf("%q (confidence %.0f)", fixed[1].Text, fixed[1].Conf))
		fixed = append(fixed[:1], fixed[2:]...)
	}
	if len(dropped) == 0 {
		return fixed, ""
	}
	return fixed, "the number after \"Số\" was not legible to OCR (" + strings.Join(dropped, ", ") + "): left blank"
}
