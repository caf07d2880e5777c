package pipeline

import "strings"

// recipientPhrases are the fixed phrases "Nơi nhận" lists open their
// entries with (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.9: "Như trên",
// "Lưu: VT"; the province's web portal, "Cổng thông tin điện tử", is a
// recipient of most provincial papers).
var recipientPhrases = []string{"Như trên", "Lưu", "Cổng TTĐT", "Cổng TT-ĐT", "Cổng thông tin điện tử", "Cổng Thông tin điện tử"}

// restoreRecipient mends the first words of a recipient entry of an OCR'd
// document where they spell a fixed phrase (recipientPhrases) with other
// marks, and only the words OCR was unsure of (doubtful): "Công TTĐT tỉnh"
// with "Công" doubtful is "Cổng TTĐT tỉnh". It returns the entry and
// whether it changed.
func restoreRecipient(entry string, doubtful func(string) bool) (string, bool) {
	words := strings.Fields(entry)
	for _, p := range recipientPhrases {
		pw := strings.Fields(p)
		if len(pw) > len(words) {
			continue
		}
		changed, ok := false, true
		for i, w := range pw {
			got := strings.TrimRight(words[i], ":;,.")
			if got == w {
				continue
			}
			if nameLetters(got) != nameLetters(w) || !doubtful(got) {
				ok = false
				break
			}
			changed = true
		}
		if !ok || !changed {
			continue
		}
		for i, w := range pw {
			got := strings.TrimRight(words[i], ":;,.")
			words[i] = w + words[i][len(got):]
		}
		return strings.Join(words, " "), true
	}
	return entry, false
}
