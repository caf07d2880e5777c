package main

// Vietnamese conventions of the served pages: dates as dd/mm/yyyy, type
// names beside their codes, names of bodies as Vietnamese writers spell
// them in running text, and the citation line of a document.

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"vanban/extract/viet"
	"vanban/pipeline"
)

// vnDate writes an ISO date ("2024-10-09") the Vietnamese way
// ("09/10/2024"); anything else is returned as it is.
func vnDate(iso string) string {
	if d, ok := viet.ParseISO(iso); ok {
		return d.Vietnamese()
	}
	return iso
}

// parseDateParam reads a date typed in a search form or given to the API
// or the CLI in any form viet.ParseDate reads: dd/mm/yyyy (also d/m/yyyy,
// with "-" or "." between the parts) as Vietnamese readers write it, ISO
// yyyy-mm-dd, or "ngày 9 tháng 10 năm 2024". It returns the ISO date, ""
// for "", and an error naming the accepted forms otherwise.
func parseDateParam(name, s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	if d, ok := viet.ParseDate(s); ok {
		return d.ISO(), nil
	}
	return "", fmt.Errorf("%w: %s %q is not a date like 31/12/2024 (dd/mm/yyyy) or 2024-12-31", errBadParam, name, s)
}

// typeLabel is a type code as people read it: "Thông báo (TB)"; the code
// alone when it is not in the table, "Không rõ loại" for "".
func typeLabel(code string) string {
	if code == "" {
		return "Không rõ loại"
	}
	if name := pipeline.TypeName(code); name != "" {
		return name + " (" + code + ")"
	}
	return code
}

// kindLabel is the short name of a kind for the facet: "Đảng", "Nhà nước".
func kindLabel(k string) string {
	switch k {
	case pipeline.KindParty:
		return "Đảng"
	case pipeline.KindState:
		return "Nhà nước"
	}
	return "Không rõ"
}

// foldQuery removes the diacritics of a query ("nông thôn mới" → "nong
// thon moi"; đ → d), for the "search without diacritics" suggestion.
func foldQuery(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteRune('d')
		case r == 'Đ':
			b.WriteRune('D')
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// Words of the names of bodies, lower-case, for bodyName.
var (
	// placeWords introduce a place name, which is capitalised: "tỉnh Tiền
	// Giang", "thành phố Hồ Chí Minh" (the place word itself stays lower
	// case unless it begins the name).
	placeWords = [][]string{{"thành", "phố"}, {"thị", "xã"}, {"thị", "trấn"}, {"tỉnh"}, {"huyện"}, {"quận"}, {"xã"}, {"phường"}}
	// committeeHeads form a party committee with "ủy" (Tỉnh ủy, Huyện
	// ủy…), a name of its own, followed by its place name.
	committeeHeads = map[string]bool{"tỉnh": true, "thành": true, "huyện": true, "quận": true, "thị": true, "đảng": true, "xã": true, "phường": true}
	// unitHeads are bodies whose function name follows, capitalised: "Ban
	// Tổ chức", "Bộ Tài chính", "Sở Y tế", "Ủy ban Kiểm tra" (but "Ủy ban
	// nhân dân").
	unitHeads = [][]string{{"ủy", "ban"}, {"ngân", "hàng"}, {"văn", "phòng"}, {"tổng", "cục"}, {"học", "viện"}, {"hội", "đồng"}, {"đảng", "đoàn"}, {"ban", "cán", "sự"}, {"ban"}, {"bộ"}, {"sở"}, {"cục"}, {"vụ"}, {"viện"}, {"trường"}}
	// abbreviations stay in capitals.
	abbreviations = map[string]bool{"ubnd": true, "hđnd": true, "mttq": true, "tw": true, "tp": true, "tp.": true, "đcsvn": true}
)

// bodyName writes the name of a body, printed in capitals in the header
// ("BAN TỔ CHỨC THÀNH ỦY HÀ NỘI"), as Vietnamese writers spell it in
// running text ("Ban Tổ chức Thành ủy Hà Nội"; Nghị định 30/2020/NĐ-CP
// Phụ lục II, "viết hoa tên cơ quan, tổ chức": the first letter of the
// name, of the word naming the function or field, of party committees
// and of place names). A name already in mixed case is kept as printed.
func bodyName(s string) string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return ""
	}
	if s != strings.ToUpper(s) {
		return strings.Join(words, " ")
	}
	low := make([]string, len(words))
	for i, w := range words {
		low[i] = strings.ToLower(w)
	}
	capital := make([]bool, len(words))
	capital[0] = true
	match := func(i int, seq []string) bool {
		if i+len(seq) > len(low) {
			return false
		}
		for j, w := range seq {
			if low[i+j] != w {
				return false
			}
		}
		return true
	}
	capitalFrom := func(i int) {
		for j := i; j < len(low); j++ {
			capital[j] = true
		}
	}
	for i := 0; i < len(low); i++ {
		w := low[i]
		switch {
		case w == "đảng", match(i, []string{"trung", "ương"}):
			capital[i] = true
		case match(i, []string{"việt", "nam"}):
			capital[i], capital[i+1] = true, true
		}
		// A party committee (Tỉnh ủy, Đảng ủy…) and the place after it.
		if committeeHeads[w] && match(i+1, []string{"ủy"}) {
			capital[i] = true
			capitalFrom(i + 2)
			return spell(words, low, capital)
		}
		// A place word and the place name after it.
		for _, pw := range placeWords {
			if match(i, pw) && i+len(pw) < len(low) {
				capitalFrom(i + len(pw))
				return spell(words, low, capital)
			}
		}
		// A unit and the first word of its function, which is skipped
		// with the next ("Ban Thường vụ": "vụ" heads no unit here).
		for _, uh := range unitHeads {
			if !match(i, uh) || uh[0] == "bộ" && i > 0 && (low[i-1] == "đảng" || low[i-1] == "chi") {
				continue
			}
			capital[i] = true
			next := i + len(uh)
			i = next - 1
			if next < len(low) && low[next] != "nhân" && !abbreviations[low[next]] && !startsPlace(low, next) {
				capital[next] = true
				i = next + 1
			}
			break
		}
	}
	return spell(words, low, capital)
}

// startsPlace reports whether low[i:] begins with a place word or a party
// committee.
func startsPlace(low []string, i int) bool {
	if committeeHeads[low[i]] && i+1 < len(low) && low[i+1] == "ủy" {
		return true
	}
	for _, pw := range placeWords {
		if i+len(pw) <= len(low) && strings.Join(low[i:i+len(pw)], " ") == strings.Join(pw, " ") {
			return true
		}
	}
	return false
}

// spell joins the words of a name, capitalising those marked and keeping
// abbreviations as printed.
func spell(words, low []string, capital []bool) string {
	out := make([]string, len(words))
	for i, w := range low {
		switch {
		case abbreviations[w]:
			out[i] = words[i]
		case capital[i]:
			r, size := utf8.DecodeRuneInString(w)
			out[i] = string(unicode.ToUpper(r)) + w[size:]
		default:
			out[i] = w
		}
	}
	return strings.Join(out, " ")
}

// placeAt returns the index of the first word of name (split on spaces)
// that begins a place or a party committee, or -1.
func placeAt(name string) int {
	low := strings.Fields(strings.ToLower(name))
	for i := range low {
		if startsPlace(low, i) {
			return i
		}
	}
	return -1
}

// issuerPhrase names the issuer in a citation: the body, and the body above
// it when the name alone does not say where it stands ("Ban Tổ chức Thành
// ủy Hà Nội"; for a state body the parent's place: "Sở Y tế tỉnh Quảng
// Nam").
func issuerPhrase(is pipeline.Issuer, kind string) string {
	name := bodyName(is.Name)
	if is.Parent == "" || name == "" || placeAt(is.Name) >= 0 {
		return name
	}
	parent := bodyName(is.Parent)
	if i := placeAt(is.Parent); kind == pipeline.KindState && i > 0 {
		return name + " " + strings.Join(strings.Fields(parent)[i:], " ")
	}
	return name + " " + parent
}

// citation is the line by which Vietnamese writers cite a document: "Thông
// báo số 250-TB/TU ngày 09/10/2024 của Tỉnh ủy Tiền Giang về kết luận…".
// Parts the record lacks are left out.
func citation(n *pipeline.Notice) string {
	var b strings.Builder
	typ := n.DocType.Name
	if typ == "" {
		typ = "Văn bản"
	}
	b.WriteString(typ)
	if n.Number.Raw != "" {
		b.WriteString(" số " + n.Number.Raw)
	}
	if n.Date != "" {
		b.WriteString(" ngày " + vnDate(n.Date))
	}
	if is := issuerPhrase(n.Issuer, n.Kind); is != "" {
		b.WriteString(" của " + is)
	}
	if t := titlePhrase(n.Title); t != "" {
		b.WriteString(" " + t)
	}
	return b.String()
}

// titlePhrase is a trích yếu as it reads after the issuer in a citation:
// "về …" (a công văn's "V/v" spelled out; a title in capitals lowered).
func titlePhrase(t string) string {
	t = strings.Join(strings.Fields(t), " ")
	if t == "" {
		return ""
	}
	if t == strings.ToUpper(t) {
		t = strings.ToLower(t)
	}
	low := strings.ToLower(t)
	switch {
	case strings.HasPrefix(low, "v/v "), strings.HasPrefix(low, "v/v:"):
		return "về " + strings.TrimSpace(strings.TrimPrefix(t[3:], ":"))
	case strings.HasPrefix(low, "về "):
		return "về " + t[len("về "):]
	}
	r, size := utf8.DecodeRuneInString(t)
	if unicode.IsUpper(r) && !strings.HasPrefix(t, strings.ToUpper(strings.Fields(t)[0])+" ") {
		t = string(unicode.ToLower(r)) + t[size:]
	}
	return "về " + t
}
