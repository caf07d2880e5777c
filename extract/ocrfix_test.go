package extract

import (
	"strings"
	"testing"
)

// words makes one line of words, each read with confidence conf.
func words(conf float64, texts ...string) []ocrWord {
	ws := make([]ocrWord, len(texts))
	for i, s := range texts {
		ws[i] = ocrWord{Text: s, Box: [4]int{100 * i, 10, 80, 40}, Conf: conf, Line: 1}
	}
	return ws
}

func lineText(ws []ocrWord) string {
	s := make([]string, len(ws))
	for i, w := range ws {
		s[i] = w.Text
	}
	return strings.Join(s, " ")
}

func TestFixNumberLabel(t *testing.T) {
	tests := []struct {
		name string
		line []ocrWord
		want string
		note bool
	}{
		{"typed, read well", words(95, "Số:", "250-TB/TU"), "Số: 250-TB/TU", false},
		{"mark misread", words(90, "Só:", "46/TB-UBND"), "Số: 46/TB-UBND", false},
		{"digits glued, read with confidence", words(85, "Sô:46", "/TB-UBND"), "Số: 46 /TB-UBND", false},
		{"handwriting glued to the label", words(33, "Só:4@`", "/TB-UBND"), "Số: /TB-UBND", true},
		{"handwriting as a word of its own", append(words(96, "Số:"), append(words(20, "O{_"), words(92, "/TTr-UBND")...)...), "Số: /TTr-UBND", true},
		{"a legible number stays", append(words(96, "Số:"), append(words(88, "575"), words(92, "/UBND-KTTH")...)...), "Số: 575 /UBND-KTTH", false},
		{"a place, not the label", words(40, "Sóc", "Trăng,", "ngày"), "Sóc Trăng, ngày", false},
		{"another line", words(40, "Căn", "cứ"), "Căn cứ", false},
	}
	for _, tt := range tests {
		got, note := fixNumberLabel(tt.line)
		if lineText(got) != tt.want || (note != "") != tt.note {
			t.Errorf("%s: %q, note %q; want %q, a note %v", tt.name, lineText(got), note, tt.want, tt.note)
		}
	}
}
