package pipeline

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	// citedNumber matches the number of a cited document in running text:
	// "35-CT/TW", "số 18-NQ/TW", "số31-QĐ/TW", "30/2020/NĐ-CP", "07/CT-TTg".
	citedNumber = regexp.MustCompile(`(?:[Ss]ố\s*:?\s*)?(\d+[a-z]?\s*(?:[-–]\s*[A-ZĐ][A-Za-zĐđ]{0,4}\s*/\s*` + codeWord + `(?:-` + codeWord + `)*|/\s*(?:\d{4}\s*/\s*)?` + codeWord + `(?:-[A-Za-zĐđ0-9&]+)*))`)
	// citedDate matches the date right after a cited number.
	citedDate = regexp.MustCompile(`^\s*,?\s*(?:(?:được\s+)?ban hành\s+)?(?:ngày|ngay)\s+(?:(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})|(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}))`)
)

// citedTypes are the type names that introduce a citation, lower case,
// longer names before their prefixes.
var citedTypes = []string{"nghị quyết liên tịch", "thông tư liên tịch", "nghị quyết", "nghị định",
	"quyết định", "quy định", "chỉ thị", "kết luận", "hướng dẫn", "thông báo", "thông tri",
	"thông tư", "kế hoạch", "công văn", "công điện", "báo cáo", "chương trình", "đề án", "tờ trình",
	"quy chế", "pháp lệnh", "luật", "hiến pháp", "phương án", "quy trình", "điều lệ"}

// lastCitedType finds the last type name in s; it returns its bounds, or
// -1, -1.
func lastCitedType(s string) (int, int) {
	low := strings.ToLower(s)
	if len(low) != len(s) {
		return -1, -1
	}
	bs, be := -1, -1
	for _, name := range citedTypes {
		if i := strings.LastIndex(low, name); i > bs {
			bs, be = i, i+len(name)
		}
	}
	return bs, be
}

// typeSpan is a type name found in a paragraph: its byte bounds and its
// rank in citedTypes (a lower rank is a longer name of the same start).
type typeSpan struct{ start, end, rank int }

// citedTypeIndex finds the type names of a paragraph once, so that the
// name before each of its citations is a binary search, not a lower-casing
// and one search per name of an 80-byte window (which made a paragraph of
// a million citations take seconds).
type citedTypeIndex struct {
	text  string
	spans []typeSpan // by start, then rank
	ok    bool       // false: lower-casing changed the text's length; search per window
}

func newCitedTypeIndex(t string) *citedTypeIndex {
	x := &citedTypeIndex{text: t}
	low := strings.ToLower(t)
	if len(low) != len(t) {
		return x
	}
	x.ok = true
	for rank, name := range citedTypes {
		for i := 0; ; {
			j := strings.Index(low[i:], name)
			if j < 0 {
				break
			}
			x.spans = append(x.spans, typeSpan{i + j, i + j + len(name), rank})
			i += j + 1
		}
	}
	slices.SortFunc(x.spans, func(a, b typeSpan) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return a.rank - b.rank
	})
	return x
}

// last finds the last type name wholly inside text[win:s], as
// lastCitedType(text[win:s]) does; bounds are relative to win.
func (x *citedTypeIndex) last(win, s int) (int, int) {
	if !x.ok {
		return lastCitedType(x.text[win:s])
	}
	// The names starting before s, from the last back: the first that
	// ends by s is the latest start; among names of that start the
	// lowest rank comes first.
	k, _ := slices.BinarySearchFunc(x.spans, s, func(a typeSpan, s int) int { return a.start - s })
	best := -1
	for k--; k >= 0 && x.spans[k].start >= win; k-- {
		sp := x.spans[k]
		if best >= 0 && sp.start < x.spans[best].start {
			break
		}
		if sp.end <= s {
			best = k
		}
	}
	if best < 0 {
		return -1, -1
	}
	return x.spans[best].start - win, x.spans[best].end - win
}

// references finds the other documents cited by number in the paragraphs.
// Each number is listed once, with the first date given for it; the
// document's own number is left out.
func references(paras []paragraph, own string) []Reference {
	out := []Reference{}
	index := map[string]int{}
	// Numbers parsed so far by their text: a notice cites the same
	// number again and again.
	type parsedNumber struct {
		n  Number
		ok bool
	}
	numbers := map[string]parsedNumber{}
	for _, p := range paras {
		t := p.text
		var types *citedTypeIndex // built at the first citation
		citedNumbers(t, func(m []int) {
			s, e := m[0], m[1]
			if s > 0 {
				prev := t[s-1]
				if prev >= '0' && prev <= '9' || prev >= 'A' && prev <= 'Z' || prev >= 'a' && prev <= 'z' || prev == '/' {
					return
				}
			}
			raw := t[m[2]:m[3]]
			pn, seen := numbers[raw]
			if !seen {
				pn.n, _, pn.ok = parseNumber(raw)
				numbers[raw] = pn
			}
			n, ok := pn.n, pn.ok
			if !ok || n.Raw == own {
				return
			}
			// A number cited again adds at most its date.
			dup, seenBefore := index[n.Raw]
			if seenBefore && out[dup].Date != "" {
				return
			}
			ref := Reference{Number: n.Raw}
			rawStart, rawEnd := s, e
			if d := findCitedDate(t[e:]); d != nil {
				day, mon, yr := d[1], d[2], d[3]
				if d[4] != "" {
					day, mon, yr = d[4], d[5], d[6]
				}
				if iso, ok := isoDate(day, mon, yr); ok {
					ref.Date = iso
					rawEnd = e + len(d[0])
				}
			}
			if seenBefore {
				out[dup].Date = ref.Date
				return
			}
			// The type name stands at most six words before the number.
			win := max(0, s-80)
			for win < s && (t[win]&0xC0) == 0x80 {
				win++
			}
			var typeName string
			if types == nil {
				types = newCitedTypeIndex(t)
			}
			if ts, te := types.last(win, s); ts >= 0 {
				between := t[win+te : s]
				if fieldCount(between, 7) <= 6 && !strings.ContainsAny(between, ";.()") {
					typeName = t[win+ts : win+te]
					rawStart = win + ts
				}
			}
			ref.Raw = foldSpace(t[rawStart:rawEnd])
			ref.DocType = refType(n, typeName)
			index[ref.Number] = len(out)
			out = append(out, ref)
		})
	}
	return out
}

// citedNumbers calls found with each match of citedNumber in t (its
// submatch indexes, in order), as they are found: a paragraph of dense
// citations holds millions. Every cited number holds a slash, so the
// expression runs only on a window around each slash, which is much
// faster than running it over the whole paragraph.
func citedNumbers(t string, found func(m []int)) {
	end := 0 // end of the last match
	for i := strings.IndexByte(t, '/'); i >= 0; {
		if i >= end && mayCite(t, i) {
			ws := max(0, i-40, end)
			we := min(len(t), i+80)
			for ws > 0 && ws < len(t) && !utf8.RuneStart(t[ws]) {
				ws++
			}
			for we < len(t) && !utf8.RuneStart(t[we]) {
				we++
			}
			// The matches of the window from its left, as FindAll finds
			// them, up to the one holding the slash: not all of them (a
			// window of dense citations holds ten).
			for from := ws; from < i; {
				m := citedNumber.FindStringSubmatchIndex(t[from:we])
				if m == nil || from+m[0] > i {
					break
				}
				if from+m[1] <= i {
					from += max(m[1], 1)
					continue
				}
				for k := range m {
					if m[k] >= 0 {
						m[k] += from
					}
				}
				found(m)
				end = m[1]
				break
			}
		}
		j := strings.IndexByte(t[i+1:], '/')
		if j < 0 {
			break
		}
		i += 1 + j
	}
}

// mayCite is a quick test of the slash at t[i]: in a cited number it is
// followed by a code ("TB/TU", "123/QĐ-UBND") or by a year and a slash
// ("30/2020/NĐ-CP"); in a date it is followed by a day or month.
func mayCite(t string, i int) bool {
	if i+1 >= len(t) {
		return false
	}
	c := t[i+1]
	if c >= 'A' && c <= 'Z' || c >= 0x80 {
		return true
	}
	return i+6 < len(t) && t[i+5] == '/' && isDigits(t[i+1:i+5])
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// refType gives the type code of a cited document: the one in its number,
// or else the one its type name stands for.
func refType(n Number, typeName string) string {
	if n.TypeCode != "" {
		return n.TypeCode
	}
	if typeName == "" {
		return ""
	}
	if dt, _, ok := typeByName(typeName); ok {
		return codeFor(dt, KindState)
	}
	return ""
}

// findCitedDate matches citedDate at the start of s, after a quick look
// at its first word: most citations have no date after them.
func findCitedDate(s string) []string {
	rest := strings.TrimLeft(s, " \t\n,")
	if len(rest) < 4 {
		return nil
	}
	switch rest[0] {
	case 'n', 'b', 0xc4: // ngày/ngay, ban hành, được (đ is 0xc4 0x91)
	default:
		return nil
	}
	return citedDate.FindStringSubmatch(s)
}

// fieldCount counts the space-separated words of s, up to limit.
func fieldCount(s string, limit int) int {
	n, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
			continue
		}
		if !in {
			n++
			if n >= limit {
				return n
			}
		}
		in = true
	}
	return n
}
