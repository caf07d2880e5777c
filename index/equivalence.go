package index

import "strings"

// Equivalent spellings, applied to the words of a query both ways: a
// query for the long form of an administrative abbreviation also finds
// the abbreviation, and the other way round; a syllable ending in i or y
// where the two spellings are both in use (qui/quy, kĩ/kỹ, lí/lý) finds
// both. The documents themselves are indexed as written.

// abbreviations are the abbreviations of party and state bodies that
// documents and people write for the long names (36-HD/VPTW, Phụ lục 1,
// writes the long names; texts and signatures use both).
var abbreviations = [][2]string{
	{"UBND", "Ủy ban nhân dân"},
	{"HĐND", "Hội đồng nhân dân"},
	{"BCH", "Ban Chấp hành"},
	{"TW", "Trung ương"},
	{"BTV", "Ban Thường vụ"},
	{"MTTQ", "Mặt trận Tổ quốc"},
}

// maxAlternatives bounds the spellings one phrase of a query stands for.
const maxAlternatives = 8

// alts is a phrase of a query and its equivalent spellings: a match holds
// one of them. The first is the phrase as typed.
type alts []unit

// equivalents returns u with its equivalent spellings.
func equivalents(u unit) alts {
	out := alts{u}
	seen := map[string]bool{u.key(): true}
	add := func(v unit) {
		if k := v.key(); !seen[k] && len(out) < maxAlternatives {
			seen[k] = true
			out = append(out, v)
		}
	}
	for _, ab := range abbreviations {
		short, long := termsOf(ab[0], false), termsOf(ab[1], false)
		for i := 0; i < len(out); i++ {
			if v, ok := replaceWords(out[i], short, long); ok {
				add(v)
			}
			if v, ok := replaceWords(out[i], long, short); ok {
				add(v)
			}
		}
	}
	for i := 0; i < len(out); i++ {
		for k, t := range out[i] {
			if s, ok := t.otherIY(); ok {
				v := append(unit{}, out[i]...)
				v[k] = s
				add(v)
			}
		}
	}
	return out
}

// key is u written out, to tell alternatives apart.
func (u unit) key() string {
	var b strings.Builder
	for _, t := range u {
		b.WriteString(t.fold)
		b.WriteByte('|')
		b.WriteString(t.exact)
		b.WriteByte(' ')
	}
	return b.String()
}

// replaceWords replaces the first occurrence in u of the words from (by
// their folded form) with the words to, spelled with diacritics if any
// word replaced was typed with them, folded otherwise.
func replaceWords(u, from, to unit) (unit, bool) {
	for i := 0; i+len(from) <= len(u); i++ {
		match, marked := true, false
		for k, t := range from {
			match = match && u[i+k].fold == t.fold
			marked = marked || u[i+k].marked
		}
		if !match {
			continue
		}
		out := append(unit{}, u[:i]...)
		for _, t := range to {
			if !marked {
				t.exact, t.marked = "", false
			}
			out = append(out, t)
		}
		return append(out, u[i+len(from):]...), true
	}
	return nil, false
}

// The vowels i and y with each tone, in the same order.
var (
	iTones = []rune("iíìỉĩị")
	yTones = []rune("yýỳỷỹỵ")
)

// otherIY is t with its final i written y or y written i, where both
// spellings are in use: after qu (qui/quy, quí/quý) and after the single
// consonants h, k, l, m, s, t (hi/hy, kĩ/kỹ, lí/lý, mĩ/mỹ, sĩ/sỹ, tỉ/tỷ).
func (t qterm) otherIY() (qterm, bool) {
	swap := func(s string) (string, bool) {
		r := []rune(s)
		n := len(r)
		if n < 2 || n > 3 {
			return "", false
		}
		onset := string(r[:n-1])
		switch onset {
		case "qu", "h", "k", "l", "m", "s", "t":
		default:
			return "", false
		}
		for i := range iTones {
			switch r[n-1] {
			case iTones[i]:
				return onset + string(yTones[i]), true
			case yTones[i]:
				return onset + string(iTones[i]), true
			}
		}
		return "", false
	}
	if t.marked {
		e, ok := swap(t.exact)
		if !ok {
			return t, false
		}
		f, _ := swap(t.fold)
		return qterm{fold: f, exact: e, marked: true}, true
	}
	f, ok := swap(t.fold)
	return qterm{fold: f}, ok
}
