package pipeline

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// docTypeInfo describes one document type: its name and the abbreviations
// (type codes) by which party and state numbers write it.
type docTypeInfo struct {
	name  string // "Thông báo"
	party string // code in party numbers ("TB"), "" if the party has none
	state string // code in state numbers, "" if none
}

// docTypes lists the document types of party documents (Quy định
// 66-QĐ/TW and 399-QĐ/TW, Hướng dẫn 36-HD/VPTW) and state documents (Nghị
// định 30/2020/NĐ-CP Phụ lục III, plus the legal normative types that
// archives hold). Longer names come before their prefixes ("Thông tư liên
// tịch" before "Thông tư") because type lines are matched by prefix.
var docTypes = []docTypeInfo{
	{"Thông tư liên tịch", "", "TTLT"},
	{"Nghị quyết liên tịch", "NQLT", "NQLT"},
	{"Thông báo", "TB", "TB"},
	{"Thông cáo", "TC", "TC"},
	{"Thông tri", "TT", ""},
	{"Thông tư", "", "TT"},
	{"Nghị quyết", "NQ", "NQ"},
	{"Nghị định", "", "NĐ"},
	{"Quyết định", "QĐ", "QĐ"},
	{"Quy định", "QĐ", "QyĐ"},
	{"Quy chế", "QC", "QC"},
	{"Quy trình", "QTr", "QTr"},
	{"Quy hoạch", "", ""},
	{"Chỉ thị", "CT", "CT"},
	{"Kết luận", "KL", "KL"},
	{"Hướng dẫn", "HD", "HD"},
	{"Báo cáo", "BC", "BC"},
	{"Kế hoạch", "KH", "KH"},
	{"Chương trình", "CTr", "CTr"},
	{"Tờ trình", "TTr", "TTr"},
	{"Đề án", "ĐA", "ĐA"},
	{"Phương án", "PA", "PA"},
	{"Dự án", "DA", "DA"},
	{"Biên bản", "BB", "BB"},
	{"Công văn", "CV", ""},
	{"Công điện", "CĐ", "CĐ"},
	{"Hợp đồng", "", "HĐ"},
	{"Bản ghi nhớ", "", "BGN"},
	{"Bản thỏa thuận", "", "BTT"},
	{"Bản sao y", "", "SY"},
	{"Bản trích sao", "", "TrS"},
	{"Bản sao lục", "", "SL"},
	{"Bản sao", "BS", ""},
	{"Giấy ủy quyền", "", "GUQ"},
	{"Giấy mời", "GM", "GM"},
	{"Giấy giới thiệu", "GGT", "GGT"},
	{"Giấy nghỉ phép", "GNP", "GNP"},
	{"Giấy chứng nhận", "GCN", "GCN"},
	{"Giấy đi đường", "GĐĐ", "GĐĐ"},
	{"Phiếu gửi", "PG", "PG"},
	{"Phiếu chuyển", "PC", "PC"},
	{"Phiếu báo", "", "PB"},
	{"Pháp lệnh", "", "PL"},
	{"Luật", "", "L"},
	{"Điều lệ", "ĐL", ""},
	{"Cương lĩnh", "", ""},
	{"Chiến lược", "", ""},
	{"Tuyên bố", "", ""},
	{"Lời kêu gọi", "", ""},
	{"Văn bản hợp nhất", "", "VBHN"},
}

// extraCodes are type codes that appear in numbers besides the ones above.
var extraCodes = map[string]string{
	"QĐI": "Quy định", // 08-QĐi/TW
	"CTR": "Chương trình",
	"UQ":  "Giấy ủy quyền",
	"GN":  "Bản ghi nhớ",
	"TTH": "Bản thỏa thuận",
	"NP":  "Giấy nghỉ phép",
	"TTG": "", // an issuer code (Thủ tướng), never a type
}

// TypeName is the name of the document type a type code stands for, as
// numbers carry the code ("TB" gives "Thông báo"); a code that names one
// type in party numbers and another in state numbers gives both, party
// first ("TT": "Thông tri, Thông tư"; "QĐ": "Quyết định, Quy định"). An
// unknown code gives "". Sources: docTypes and extraCodes above.
func TypeName(code string) string {
	if code == "" {
		return ""
	}
	var names []string
	for _, dt := range docTypes {
		if (dt.party == code || dt.state == code) && !slices.Contains(names, dt.name) {
			names = append(names, dt.name)
		}
	}
	if len(names) == 0 {
		return extraCodes[strings.ToUpper(code)]
	}
	return strings.Join(names, ", ")
}

// docTypeKeys are the names of docTypes as phrase keys.
var docTypeKeys = func() [][]rune {
	keys := make([][]rune, len(docTypes))
	for i, dt := range docTypes {
		keys[i] = keyOf(dt.name)
	}
	return keys
}()

// typeByName finds the document type whose name starts s and returns it
// with the length in bytes of the prefix of s it covers. ok is false if no
// type name starts s at a word boundary.
//
//	type-name: name-key (boundary | glued)
//	glued:     capital lower …     "QUYẾT ĐỊNHVề việc": a name in capitals
//	                               run together with a mixed-case word
//
// The name is compared as a phrase key (see phrase.go): any case, spaces
// inside syllables, one wrong mark. An exact name is preferred.
func typeByName(s string) (t docTypeInfo, n int, ok bool) {
	// The longest name ("Nghị quyết liên tịch") is 26 bytes; keying a
	// prefix keeps long lines cheap.
	if len(s) > 64 {
		cut := 64
		for cut < len(s) && !utf8.RuneStart(s[cut]) {
			cut++
		}
		s = s[:cut]
	}
	k := newPhraseKey(s)
	if len(k.runes) == 0 {
		return docTypeInfo{}, 0, false
	}
	best := -1
	for i, name := range docTypeKeys {
		m, exact := k.matchAt(0, name)
		if !m || !typeNameEnds(s, k, len(name)) {
			continue
		}
		if exact {
			return docTypes[i], int(k.end[len(name)-1]), true
		}
		if best < 0 {
			best = i
		}
	}
	if best < 0 {
		return docTypeInfo{}, 0, false
	}
	return docTypes[best], int(k.end[len(docTypeKeys[best])-1]), true
}

// typeNameEnds reports whether the key prefix of length n ends a word of s:
// the next rune is no letter or digit, or the name is printed in capitals
// and a mixed-case word is glued to it.
func typeNameEnds(s string, k phraseKey, n int) bool {
	end := k.end[n-1]
	if n == len(k.runes) || k.start[n] > end {
		return true // a space or punctuation follows
	}
	if !isUpperText(s[:end]) {
		return false
	}
	// Glued: the next word has a lower-case letter after its first.
	rest := []rune(s[end:])
	return len(rest) > 1 && unicode.IsUpper(rest[0]) && unicode.IsLower(rest[1])
}

// typeByCode finds the document type of a type code ("TB", "QĐ", "QyĐ").
// kind ("party" or "state") picks between the two tables where a code
// means different things (TT: Thông tri or Thông tư).
func typeByCode(code, kind string) (docTypeInfo, bool) {
	up := strings.ToUpper(code)
	var first docTypeInfo
	found := false
	for _, dt := range docTypes {
		p, s := strings.ToUpper(dt.party), strings.ToUpper(dt.state)
		if kind == "party" && p == up && p != "" {
			return dt, true
		}
		if kind != "party" && s == up && s != "" {
			return dt, true
		}
		if !found && ((p == up && p != "") || (s == up && s != "")) {
			first, found = dt, true
		}
	}
	if found {
		return first, true
	}
	if name, ok := extraCodes[up]; ok && name != "" {
		return docTypeInfo{name: name}, true
	}
	return docTypeInfo{}, false
}

// isTypeCode reports whether code is a known document-type abbreviation.
func isTypeCode(code string) bool {
	_, ok := typeByCode(code, "")
	return ok
}

// codeFor returns the type code that documents of the given kind use for dt.
func codeFor(dt docTypeInfo, kind string) string {
	if kind == "party" && dt.party != "" {
		return dt.party
	}
	if dt.state != "" && kind != "party" {
		return dt.state
	}
	if dt.party != "" {
		return dt.party
	}
	return dt.state
}
