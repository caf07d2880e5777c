package pipeline

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// numerals finds the numbers of t written the Vietnamese way, where "."
// groups thousands and "," is the decimal mark ("9.003", "6,18", "45"):
// the matches of `\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?`, by a
// hand-written scan that costs a fraction of the regular expression's.
func numerals(t string) [][2]int {
	var out [][2]int
	isDigit := func(i int) bool { return i < len(t) && t[i] >= '0' && t[i] <= '9' }
	for i := 0; i < len(t); {
		if !isDigit(i) {
			i++
			continue
		}
		s := i
		for isDigit(i) {
			i++
		}
		if i-s <= 3 {
			// Thousands groups: ".ddd" repeated.
			for i+3 < len(t)+0 && t[i] == '.' && isDigit(i+1) && isDigit(i+2) && isDigit(i+3) {
				i += 4
			}
		}
		if i+1 < len(t) && t[i] == ',' && isDigit(i+1) {
			i++
			for isDigit(i) {
				i++
			}
		}
		out = append(out, [2]int{s, i})
	}
	return out
}

// strongUnits are units that make a number a quantity whatever stands
// before it: money, area, length, mass, volume, power. Longer forms first.
var strongUnits = []string{
	"nghìn tỷ đồng", "ngàn tỷ đồng", "nghìn tỉ đồng", "ngàn tỉ đồng",
	"tỷ đồng", "tỉ đồng", "triệu đồng", "nghìn đồng", "ngàn đồng",
	"tỷ USD", "tỉ USD", "triệu USD", "nghìn USD", "ngàn USD", "USD",
	"tỷ đô la Mỹ", "tỉ đô la Mỹ", "triệu đô la Mỹ", "tỷ đô la", "tỉ đô la", "triệu đô la", "đô la Mỹ",
	"tr.đ", "trđ", "tỷ đ", "VNĐ", "VND", "EUR",
	"km²", "km2", "m²", "m2", "m³", "m3", "ha", "héc-ta", "hecta", "km", "mm", "cm", "m",
	"tấn", "kg", "tạ", "lít", "MW", "kWh", "kW", "GWh",
}

// canonicalUnit writes the spellings of one unit the same way, so that a
// facet or a sum over units counts them together: "tỉ" and "tỷ", "ngàn"
// and "nghìn" are one word (the Vietnamese Dictionary, Hoàng Phê, gives
// both); "đô la Mỹ" is "USD"; "VNĐ", "VND" and "đ" are "đồng"; "m²" is
// "m2" and "héc-ta" is "ha".
func canonicalUnit(u string) string {
	switch u {
	case "VNĐ", "VND", "đ":
		return "đồng"
	case "tỷ đ":
		return "tỷ đồng"
	case "tr.đ", "trđ":
		return "triệu đồng"
	case "héc-ta", "hecta":
		return "ha"
	}
	u = strings.Replace(u, "đô la Mỹ", "USD", 1)
	u = strings.Replace(u, "đô la", "USD", 1)
	words := strings.Fields(u)
	for i, w := range words {
		if c, ok := unitWordSpellings[w]; ok {
			words[i] = c
		}
	}
	return strings.Join(words, " ")
}

// unitWordSpellings are the other spellings of a unit's words.
var unitWordSpellings = map[string]string{
	"tỉ": "tỷ", "ngàn": "nghìn", "km²": "km2", "m²": "m2", "m³": "m3",
}

// multipliers scale a number and may be followed by a currency or a noun
// ("4,8 tỷ", "2 triệu lượt khách").
var multipliers = []string{"nghìn tỷ", "ngàn tỷ", "tỷ", "tỉ", "triệu", "nghìn", "ngàn"}

// notUnit are words that, right after a number, show it is not a
// quantity of things: periods and times ("9 tháng", "04 năm"), ordinals
// and levels ("lần", "cấp", "khóa").
var notUnit = map[string]bool{
	"năm": true, "tháng": true, "ngày": true, "giờ": true, "phút": true, "giây": true,
	"tuần": true, "quý": true, "lần": true, "cấp": true, "kỳ": true, "khóa": true,
	"khoá": true, "tuổi": true, "thế": true, "h": true, "g": true,
}

// notBefore are words that, right before a number, make it a name, a date,
// an ordinal or a reference rather than a quantity ("ngày 15", "Điều 4",
// "giai đoạn 1", "Đường tỉnh 864", "ô số 1", "mẫu 1").
var notBefore = map[string]bool{
	"ngày": true, "tháng": true, "năm": true, "quý": true, "số": true, "thứ": true,
	"lần": true, "đoạn": true, "kỳ": true, "khóa": true, "khoá": true, "điều": true,
	"khoản": true, "điểm": true, "mục": true, "chương": true, "phần": true, "lục": true,
	"mẫu": true, "cỡ": true, "tỉnh": true, "lộ": true, "tuyến": true, "tầng": true,
	"lô": true, "thửa": true, "bảng": true, "biểu": true, "trang": true, "dòng": true,
	"lớp": true, "tổ": true, "ấp": true, "khu": true, "phố": true, "phường": true, "quận": true,
	"đợt": true, "vòng": true, "hạng": true, "cấp": true, "loại": true, "hiệu": true,
	"iso": true, "tcvn": true, "quyết": true, "định": true, "thị": true, "luận": true,
	"báo": true, "hoạch": true, "dẫn": true, "văn": true, "tư": true, "lệnh": true, "luật": true,
	"ô": true, "kênh": true, "đường": true, "cầu": true, "xã": true, "huyện": true,
	"nhóm": true, "bậc": true, "cột": true, "hàng": true, "dãy": true, "giờ": true, "h": true,
	"lúc": true, "phút": true, "khổ": true, "size": true, "top": true, "vị": true,
}

// functionWords end a unit, and as the first word after a number show
// that nothing is being counted.
var functionWords = map[string]bool{
	"và": true, "của": true, "là": true, "được": true, "có": true, "cho": true, "với": true,
	"từ": true, "đến": true, "theo": true, "trên": true, "dưới": true, "tại": true,
	"trong": true, "ngoài": true, "để": true, "thì": true, "mà": true, "nhưng": true,
	"hoặc": true, "hay": true, "các": true, "những": true, "này": true, "đó": true,
	"đã": true, "đang": true, "sẽ": true, "không": true, "về": true, "so": true, "bị": true,
	"do": true, "vì": true, "nên": true, "như": true, "thuộc": true, "nhằm": true,
	"gồm": true, "kể": true, "sau": true, "trước": true, "giữa": true, "qua": true,
	"đạt": true, "tăng": true, "giảm": true, "còn": true, "trở": true, "lên": true,
	"xuống": true, "ra": true, "vào": true, "bằng": true, "mỗi": true, "cùng": true,
	"khoảng": true, "gần": true, "hơn": true, "ít": true, "nhất": true, "đều": true,
	"kèm": true, "phải": true, "chưa": true, "cần": true, "thực": true, "tới": true,
	"làm": true, "gây": true, "hết": true, "trở lên": true, "nữa": true, "đi": true,
}

// statistics finds every quantity stated in the paragraphs. A paragraph
// that is a cell of a table row (a printed line cut at its column gaps,
// whose cells start on the same source line) gives its statistics the
// row's label: the text of the row's first cell.
func statistics(paras []paragraph) []Statistic {
	out := []Statistic{}
	rowStart := 0 // first cell of the row paras[i] stands in
	for i, p := range paras {
		if i == 0 || p.line != paras[i-1].line {
			rowStart = i
		}
		row := ""
		if rowStart < i {
			if label := paras[rowStart].text; len(label) < 200 && hasLetterOrDigit(label) && len(numerals(label)) == 0 {
				row = label
			}
		}
		for _, st := range paragraphStats(p.text) {
			st.Row = row
			out = append(out, st)
		}
	}
	return out
}

func paragraphStats(t string) []Statistic {
	var out []Statistic
	locs := numerals(t)
	lastEnd := -1 // end of the last quantity, for "83,2%/50%"
	for k := 0; k < len(locs); k++ {
		s, e := locs[k][0], locs[k][1]
		if s > 0 {
			r, _ := utf8.DecodeLastRuneInString(t[:s])
			attached := unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".:_-–", r)
			if r == ',' && s >= 2 {
				// "thù lao,72": a footnote's number against the word it
				// notes, with no space after the comma.
				if r2, _ := utf8.DecodeLastRuneInString(t[:s-1]); unicode.IsLetter(r2) {
					attached = true
				}
			}
			if r == '/' && s-1 != lastEnd {
				// "83,2%/50%" continues a quantity; other slashes join
				// the parts of dates and document numbers.
				attached = true
			}
			if attached {
				continue
			}
		}
		if isDimension(t, s, e) {
			continue
		}
		if e < len(t) {
			r, size := utf8.DecodeRuneInString(t[e:])
			next, _ := utf8.DecodeRuneInString(t[e+size:])
			switch {
			case r == '/' && unicode.IsDigit(next):
				// "45.799/36.875 tỷ đồng": two values sharing a unit; a
				// date ("21/5", "19/5/1890") or a number is skipped.
				if k+1 < len(locs) && locs[k+1][0] == e+1 {
					s2, e2 := locs[k+1][0], locs[k+1][1]
					if e2 < len(t) && t[e2] == '/' || isDateLike(t[s:e], t[s2:e2]) {
						k++
						if e2 < len(t) && t[e2] == '/' && k+1 < len(locs) {
							k++
						}
						continue
					}
					unit, uEnd, strong := unitAfter(t, e2)
					if unit == "" || (!strong && wordBefore(t, s) != "" && notBefore[strings.ToLower(wordBefore(t, s))]) {
						k++
						continue
					}
					for _, loc := range [][2]int{{s, e}, {s2, e2}} {
						out = append(out, stat(t, loc[0], loc[1], uEnd, unit))
					}
					lastEnd = uEnd
					k++
				}
				continue
			case unicode.IsLetter(r) && !strings.HasPrefix(t[e:], "%"):
				if u, n := attachedUnit(t[e:]); u != "" {
					out = append(out, stat(t, s, e, e+n, u))
					lastEnd = e + n
				}
				continue
			case unicode.IsDigit(r), r == ':' && unicode.IsDigit(next),
				(r == '-' || r == '–') && (unicode.IsDigit(next) || unicode.IsLetter(next)):
				continue
			case r == '.' && unicode.IsDigit(next):
				continue
			}
		}
		unit, uEnd, strong := unitAfter(t, e)
		if unit == "" {
			continue
		}
		if !strong {
			prev := wordBefore(t, s)
			if notBefore[strings.ToLower(prev)] || (isCapitalizedName(t, s, prev) && !countsPeople(unit)) {
				continue
			}
			if isNumeralWord(prev) {
				continue // "5 8 điều 5,26": cells of a table row run together
			}
			if v := t[s:e]; len(v) == 4 && !strings.ContainsAny(v, ".,") && v >= "1900" && v <= "2100" {
				continue
			}
		} else if prev := strings.ToLower(wordBefore(t, s)); (prev == "ngày" || prev == "số" || prev == "điều" || prev == "khoản") && unit != "%" {
			continue
		}
		out = append(out, stat(t, s, e, uEnd, unit))
		lastEnd = uEnd
	}
	return out
}

// peopleNouns are nouns of the things notices count most: people, members,
// households, units of government. A count of them is a quantity even after
// a proper name ("cho ra khỏi Đảng 62 đảng viên").
var peopleNouns = []string{
	"người", "đảng viên", "cán bộ", "công chức", "viên chức", "hộ", "lượt", "học sinh",
	"sinh viên", "lao động", "doanh nghiệp", "hợp tác xã", "chi bộ", "tổ chức", "đơn vị",
	"xã", "huyện", "tỉnh", "trường hợp", "vụ", "con", "căn", "ngôi", "công trình", "dự án",
}

// countsPeople reports whether unit starts with one of peopleNouns.
func countsPeople(unit string) bool {
	for _, n := range peopleNouns {
		if hasWordPrefix(unit, n) {
			return true
		}
	}
	return false
}

// isDateLike reports whether "a/b" reads as a day and month.
func isDateLike(a, b string) bool {
	d, m := atoi(a), atoi(b)
	return d >= 1 && d <= 31 && m >= 1 && m <= 12
}

// attachedUnit recognises a unit written against its number ("10ha", "5km").
func attachedUnit(s string) (string, int) {
	for _, u := range []string{"ha", "km2", "km", "m2", "m3", "tấn", "kg", "USD", "đ"} {
		if strings.HasPrefix(s, u) {
			r, _ := utf8.DecodeRuneInString(s[len(u):])
			if len(s) == len(u) || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
				return u, len(u)
			}
		}
	}
	return "", 0
}

// unitAfter reads the unit that follows a number ending at e. strong
// reports a money or measurement unit (or "%"); a weak unit is the noun of
// a count ("căn nhà", "đảng viên"). It returns "" if nothing is counted.
func unitAfter(t string, e int) (unit string, end int, strong bool) {
	rest := t[e:]
	trimmed := strings.TrimLeft(rest, " ")
	off := e + len(rest) - len(trimmed)
	if strings.HasPrefix(trimmed, "%") {
		return "%", off + 1, true
	}
	if off == e && trimmed != "" {
		return "", 0, false // letters against the number were handled by the caller
	}
	for _, m := range multipliers {
		if hasWordPrefix(trimmed, m) {
			after := strings.TrimLeft(trimmed[len(m):], " ")
			aoff := off + len(trimmed) - len(after)
			for _, u := range strongUnits {
				if hasWordPrefix(after, u) && (u != "đồng" || !strings.HasPrefix(after, "đồng chí")) {
					return m + " " + u, aoff + len(u), true
				}
			}
			if hasWordPrefix(after, "đồng") && !strings.HasPrefix(after, "đồng chí") {
				return m + " đồng", aoff + len("đồng"), true
			}
			if w, n := countNoun(after); w != "" {
				return m + " " + w, aoff + n, true
			}
			return m, off + len(m), true
		}
	}
	for _, u := range strongUnits {
		if hasWordPrefix(trimmed, u) {
			return u, off + len(u), true
		}
	}
	if hasWordPrefix(trimmed, "đồng") && !strings.HasPrefix(trimmed, "đồng chí") {
		return "đồng", off + len("đồng"), true
	}
	if w, n := countNoun(trimmed); w != "" {
		return w, off + n, false
	}
	return "", 0, false
}

// countNoun reads the noun phrase that names what is counted: lower-case
// words up to the phrase's natural end, which is punctuation, a number, a
// capital (a proper name follows: "doanh nghiệp công nghệ số Việt Nam"), a
// function word or preposition ("và", "của", "tại", "ở"), or a verb that
// opens the predicate ("đạt", "thực hiện", "yêu cầu"). A measure word
// ("bộ", "bản", "căn") takes the noun after it ("01 bộ hồ sơ"). The phrase
// is at most maxUnitWords syllables, a bound no real unit reaches, which
// keeps the scan linear.
func countNoun(s string) (string, int) {
	var words []string
	pos, end := 0, 0
	next := func(from int) (string, int, int) { // the word at from: text, start, end
		for from < len(s) && s[from] == ' ' {
			from++
		}
		j := from
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !(unicode.IsLetter(r) || r == '-' && j > from) {
				break
			}
			j += size
		}
		return strings.TrimRight(s[from:j], "-"), from, j
	}
	for len(words) < maxUnitWords {
		if len(words) > 0 && strings.HasPrefix(s[pos:], " - ") && startsLower(s[pos+3:]) {
			words = append(words, "-") // "vùng kinh tế - đô thị"
			pos += 2
			continue
		}
		w, ws, j := next(pos)
		if w == "" {
			break
		}
		stop := functionWords[w] || unitStop[w]
		if stop && len(words) > 0 && unitCompounds[words[len(words)-1]+" "+w] {
			stop = false // "dự bị", "nhà ở": the word completes a noun
		}
		if !startsLower(w) || stop || (len(words) == 0 && notUnit[w]) || !hasVowel(w) {
			break // a Vietnamese syllable always has a vowel: "th", "ng" are fragments
		}
		if len(words) > 0 {
			// A verb or phrase of two syllables ends the noun phrase.
			if w2, _, _ := next(j); w2 != "" && unitStop2[w+" "+w2] {
				break
			}
		}
		words = append(words, w)
		end = ws + len(w)
		pos = j
		if j < len(s) && s[j] != ' ' {
			break // punctuation ends the phrase
		}
	}
	for len(words) > 0 && words[len(words)-1] == "-" {
		words = words[:len(words)-1]
	}
	if len(words) == 0 {
		return "", 0
	}
	return strings.Join(words, " "), end
}

// hasVowel reports whether w holds a vowel letter, as every Vietnamese
// syllable does. Every Vietnamese letter outside ASCII but "đ" is a vowel
// with its marks ("ế", "ư", "ơ").
func hasVowel(w string) bool {
	for _, r := range w {
		switch {
		case r >= 0x80:
			if r != 'đ' && r != 'Đ' && unicode.IsLetter(r) {
				return true
			}
		case strings.IndexByte("aeiouyAEIOUY", byte(r)) >= 0:
			return true
		}
	}
	return false
}

// isNumeralWord reports whether w is a number ("5", "4,22", "1.000").
func isNumeralWord(w string) bool {
	if w == "" || w[0] < '0' || w[0] > '9' {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; (c < '0' || c > '9') && c != '.' && c != ',' {
			return false
		}
	}
	return true
}

// maxUnitWords bounds a unit's syllables.
const maxUnitWords = 8

// unitStop are words (verbs, prepositions, adverbs) that end the noun
// phrase after a number, in addition to functionWords.
var unitStop = map[string]bool{
	"ở": true, "nếu": true, "khi": true, "nơi": true, "mà": true, "rằng": true, "bởi": true,
	"đối": true, "chịu": true, "nộp": true, "gửi": true, "lập": true, "chuyển": true, "giao": true,
	"chụp": true, "dùng": true, "nằm": true, "thuộc": true, "gồm": true, "chiếm": true, "đủ": true,
	"tương": true, "trở": true, "chưa": true, "vẫn": true, "cũng": true, "đều": true, "lại": true,
	"luôn": true, "thường": true, "riêng": true, "mỗi": true, "mọi": true, "từng": true, "cả": true,
	"tính": true, "kể": true, "ước": true, "bình": true, "tổng": true, "trung": true,
}

// unitCompounds are nouns whose second syllable is elsewhere a function
// word or verb.
var unitCompounds = map[string]bool{
	"dự bị": true, "thiết bị": true, "trang bị": true, "chuẩn bị": true, "nhà ở": true, "máy tính": true,
}

// unitStop2 are two-syllable verbs and phrases that end the noun phrase.
var unitStop2 = map[string]bool{
	"thực hiện": true, "triển khai": true, "tham gia": true, "hoàn thành": true, "yêu cầu": true,
	"đề nghị": true, "ban hành": true, "xây dựng": true, "thành lập": true, "sử dụng": true,
	"đầu tư": true, "bảo đảm": true, "đảm bảo": true, "hỗ trợ": true, "giải quyết": true,
	"tiếp nhận": true, "đăng ký": true, "được tặng": true, "bao gồm": true, "trong đó": true,
	"trở lên": true, "trở xuống": true, "tương đương": true, "đạt chuẩn": true, "có thể": true,
	"làm việc": true, "sinh sống": true, "hoạt động": true, "kết nạp": true,
	"phê duyệt": true, "thông qua": true, "ra khỏi": true, "bị thương": true,
	"tử vong": true, "thiệt hại": true, "đạt được": true, "tăng thêm": true, "giảm xuống": true,
	// Adverbs of the verb before the number ("nộp 01 bộ hồ sơ trực tiếp
	// hoặc qua bưu chính"), verbs of a relative clause ("01 bộ hồ sơ phục
	// vụ quản lý", "01 chỉ số đo lường mức độ", "con ốm đau").
	"trực tiếp": true, "gián tiếp": true, "trực tuyến": true, "đồng thời": true, "kịp thời": true,
	"phục vụ": true, "đo lường": true, "ốm đau": true, "bị ốm": true, "đáp ứng": true,
	"có thẩm": true, "liên quan": true, "tương ứng": true, "đủ điều": true,
}

// hasWordPrefix reports whether s starts with the word or phrase w.
func hasWordPrefix(s, w string) bool {
	if !strings.HasPrefix(s, w) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[len(w):])
	return len(s) == len(w) || !(unicode.IsLetter(r) || unicode.IsDigit(r))
}

// wordBefore returns the word right before position s, without punctuation.
// It looks back at most 48 bytes, which keeps the scan linear.
func wordBefore(t string, s int) string {
	from := max(0, s-48)
	for from < s && !utf8.RuneStart(t[from]) {
		from++
	}
	head := strings.TrimRight(t[from:s], " ")
	i := strings.LastIndexAny(head, " (\n")
	if i < 0 && from > 0 {
		return ""
	}
	return strings.Trim(head[i+1:], ",;:\"“”")
}

// isCapitalizedName reports whether the word before a number is part of a
// proper name ("Cầu Rạch Miễu 2", "Đại hội XIII"): it starts with a
// capital and does not open a sentence.
func isCapitalizedName(t string, s int, prev string) bool {
	if prev == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(prev)
	if !unicode.IsUpper(r) {
		return false
	}
	head := strings.TrimRight(t[:s], " ")
	head = strings.TrimRight(head[:len(head)-len(prev)], " ")
	if head == "" || strings.HasSuffix(head, ".") || strings.HasSuffix(head, ":") || strings.HasSuffix(head, "(") {
		return false
	}
	return true
}

// stat builds a Statistic for the number t[s:e] with its unit ending at uEnd.
func stat(t string, s, e, uEnd int, unit string) Statistic {
	return Statistic{
		Value:   parseNumeral(t[s:e]),
		Unit:    canonicalUnit(unit),
		Text:    t[s:uEnd],
		Context: clause(t, s, uEnd),
	}
}

// parseNumeral reads "9.003" as 9003 and "6,18" as 6.18.
func parseNumeral(s string) float64 {
	s = strings.ReplaceAll(s, ".", "")
	s = strings.Replace(s, ",", ".", 1)
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

// clause returns the clause around t[s:e]: the text between the nearest
// semicolons, brackets, colons, line breaks or sentence ends, at most 200
// bytes before the number and 160 after it; where no boundary falls within
// that reach the clause is cut at a space, never inside a word.
func clause(t string, s, e int) string {
	left, found := max(0, s-200), false
	for i := s - 1; i >= left; i-- {
		c := t[i]
		if c == ';' || c == '(' || c == ')' || c == ':' || c == '\n' || (c == '.' && i+1 < len(t) && t[i+1] == ' ') {
			left, found = i+1, true
			break
		}
	}
	if !found && left > 0 {
		for left < s && t[left-1] != ' ' {
			left++
		}
	}
	right := min(len(t), e+160)
	found = false
	for i := e; i < right; i++ {
		c := t[i]
		if c == ';' || c == '(' || c == ')' || c == '\n' || (c == '.' && (i+1 == len(t) || t[i+1] == ' ')) {
			right, found = i, true
			break
		}
	}
	if !found && right < len(t) {
		for right > e && t[right] != ' ' {
			right--
		}
	}
	for left > 0 && left < len(t) && !utf8.RuneStart(t[left]) {
		left++
	}
	for right < len(t) && right > 0 && !utf8.RuneStart(t[right]) {
		right--
	}
	return strings.Trim(t[left:right], " ,")
}

// isDimension reports whether the number t[s:e] is one side of a size
// ("ảnh 3 x 4", "66 mm x 98 mm", "4cm × 6cm"): a multiplication sign
// stands next to it (past a unit of length) with a number on its other
// side. It looks at 16 bytes either side.
func isDimension(t string, s, e int) bool {
	return dimensionAfter.MatchString(t[e:min(len(t), e+16)]) || dimensionBefore.MatchString(t[max(0, s-16):s])
}

var (
	dimensionAfter  = regexp.MustCompile(`^\s*(?:[cmkd]?m\s*)?[x×X]\s*\d`)
	dimensionBefore = regexp.MustCompile(`\d\s*(?:[cmkd]?m\s*)?[x×X]\s*$`)
)
