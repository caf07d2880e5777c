package extract

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// OCR slips in the fixed phrases. Tesseract drops or swaps a tone mark or
// a dot below ("CỌNG HOA" for CỘNG HÒA, "Nơi nhân" for "Nơi nhận"), reads
// Đ as Ð, or splits a word ("K ÉT LUẬN"). The phrases every document
// prints the same way — the state motto and slogan (Nghị định
// 30/2020/NĐ-CP, Phụ lục I), the party heading (Hướng dẫn 36-HD/VPTW), the
// type names and "Nơi nhận" — are found among an OCR'd line's words by
// their form without marks and spaces, in the same case, and written as
// printed. Words that fold the same are the same word in these phrases,
// so nothing else is changed.

// fixedPhrases are the phrases restored in OCR'd text.
var fixedPhrases = []string{
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	"Độc lập - Tự do - Hạnh phúc",
	"ĐẢNG CỘNG SẢN VIỆT NAM",
	"Nơi nhận:",
	"Kính gửi:",
	// Type names, in capitals as printed above the title.
	"THÔNG BÁO", "QUYẾT ĐỊNH", "NGHỊ QUYẾT", "CHỈ THỊ", "KẾT LUẬN", "QUY ĐỊNH",
	"QUY CHẾ", "HƯỚNG DẪN", "KẾ HOẠCH", "BÁO CÁO", "TỜ TRÌNH", "CÔNG VĂN",
	"THÔNG TƯ", "NGHỊ ĐỊNH", "CÔNG ĐIỆN", "CHƯƠNG TRÌNH", "BIÊN BẢN",
}

// foldOCR is s without tone marks, diacritics, spaces and punctuation other
// than the phrase's own letters: "Nơi nhận:" → "Noinhan", "CỌNG" →
// "CONG"; case is kept.
func foldOCR(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r == 'đ':
			b.WriteRune('d')
		case r == 'Đ' || r == 'Ð' || r == 'ð':
			if r == 'ð' {
				b.WriteRune('d')
			} else {
				b.WriteRune('D')
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

var foldedPhrases = func() []string {
	out := make([]string, len(fixedPhrases))
	for i, p := range fixedPhrases {
		out[i] = foldOCR(p)
	}
	return out
}()

// fixPhrases rewrites, in one line's words (left to right), each run of
// words that folds to a fixed phrase: the run becomes one word with the
// phrase as printed and the run's box. A run must start and end at word
// boundaries and hold letters only where the phrase has them.
func fixPhrases(ws []ocrWord) []ocrWord {
	folded := make([]string, len(ws))
	for i, w := range ws {
		folded[i] = foldOCR(w.Text)
	}
	var out []ocrWord
	for i := 0; i < len(ws); {
		n, phrase := matchPhrase(folded[i:])
		if n == 0 {
			out = append(out, ws[i])
			i++
			continue
		}
		run := ws[i : i+n]
		left, top := run[0].Box[0], run[0].Box[1]
		right, bottom := left, top
		conf := 0.0
		for _, w := range run {
			left, top = min(left, w.Box[0]), min(top, w.Box[1])
			right, bottom = max(right, w.Box[0]+w.Box[2]), max(bottom, w.Box[1]+w.Box[3])
			conf += w.Conf
		}
		// The run's last word may carry punctuation the phrase lacks
		// ("VIỆT NAM," is rare; "nhận:" is in the phrase).
		out = append(out, ocrWord{Text: phrase, Box: [4]int{left, top, right - left, bottom - top}, Conf: conf / float64(n), Line: run[0].Line})
		i += n
	}
	return out
}

// matchPhrase finds the fixed phrase the words at the start of folded
// spell, and how many words it takes; 0 if none.
func matchPhrase(folded []string) (int, string) {
	for p, want := range foldedPhrases {
		got := ""
		for n := 1; n <= len(folded) && len(got) < len(want); n++ {
			got += folded[n-1]
			if got == want {
				return n, fixedPhrases[p]
			}
			if !strings.HasPrefix(want, got) {
				break
			}
		}
	}
	return 0, ""
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
