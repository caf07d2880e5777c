package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Vietnamese text typed before Unicode used 8-bit font encodings: TCVN3
// (also called ABC; fonts .VnTime, .VnTimeH, .VnArial…) and VNI (fonts
// VNI-Times…). A reader that does not know them shows the bytes as Latin-1
// or Windows-1252 letters: "ng©n hµng nhµ n−íc" (TCVN3) or "UÛY BAN NHAÂN
// DAÂN" (VNI). detectLegacy recognises them from the letters themselves —
// font names mislead, since many Unicode files still name .VnTime — and
// convertTCVN3 and convertVNI map them back to Unicode.

// legacyEncoding names a pre-Unicode Vietnamese encoding.
type legacyEncoding string

const (
	legacyNone  legacyEncoding = ""
	legacyTCVN3 legacyEncoding = "tcvn3"
	legacyVNI   legacyEncoding = "vni"
)

// tcvn3 maps a TCVN3 byte (as read through Windows-1252) to its letter.
var tcvn3 = map[rune]rune{
	0xA1: 'Ă', 0xA2: 'Â', 0xA3: 'Ê', 0xA4: 'Ô', 0xA5: 'Ơ', 0xA6: 'Ư', 0xA7: 'Đ',
	0xA8: 'ă', 0xA9: 'â', 0xAA: 'ê', 0xAB: 'ô', 0xAC: 'ơ', 0xAD: 'ư', 0xAE: 'đ',
	0xB5: 'à', 0xB6: 'ả', 0xB7: 'ã', 0xB8: 'á', 0xB9: 'ạ',
	0xBB: 'ằ', 0xBC: 'ẳ', 0xBD: 'ẵ', 0xBE: 'ắ', 0xC6: 'ặ',
	0xC7: 'ầ', 0xC8: 'ẩ', 0xC9: 'ẫ', 0xCA: 'ấ', 0xCB: 'ậ',
	0xCC: 'è', 0xCE: 'ẻ', 0xCF: 'ẽ', 0xD0: 'é', 0xD1: 'ẹ',
	0xD2: 'ề', 0xD3: 'ể', 0xD4: 'ễ', 0xD5: 'ế', 0xD6: 'ệ',
	0xD7: 'ì', 0xD8: 'ỉ', 0xDC: 'ĩ', 0xDD: 'í', 0xDE: 'ị',
	0xDF: 'ò', 0xE1: 'ỏ', 0xE2: 'õ', 0xE3: 'ó', 0xE4: 'ọ',
	0xE5: 'ồ', 0xE6: 'ổ', 0xE7: 'ỗ', 0xE8: 'ố', 0xE9: 'ộ',
	0xEA: 'ờ', 0xEB: 'ở', 0xEC: 'ỡ', 0xED: 'ớ', 0xEE: 'ợ',
	0xEF: 'ù', 0xF1: 'ủ', 0xF2: 'ũ', 0xF3: 'ú', 0xF4: 'ụ',
	0xF5: 'ừ', 0xF6: 'ử', 0xF7: 'ữ', 0xF8: 'ứ', 0xF9: 'ự',
	0xFA: 'ỳ', 0xFB: 'ỷ', 0xFC: 'ỹ', 0xFD: 'ý', 0xFE: 'ỵ',
	// PDF producers name some of these glyphs differently.
	'−': 'ư', '∙': 'ã', '‐': 'ư',
}

// vniMarks maps a VNI diacritic byte (as read through Windows-1252) to the
// combining marks it adds to the vowel before it.
var vniMarks = map[rune]string{
	'â': "\u0302", 'ê': "\u0306", 'ù': "\u0301", 'ø': "\u0300", 'û': "\u0309",
	'õ': "\u0303", 'ï': "\u0323", 'á': "\u0302\u0301", 'à': "\u0302\u0300",
	'å': "\u0302\u0309", 'ã': "\u0302\u0303", 'ä': "\u0302\u0323",
	'é': "\u0306\u0301", 'è': "\u0306\u0300", 'ú': "\u0306\u0309",
	'ü': "\u0306\u0303", 'ë': "\u0306\u0323",
}

// vniLetters maps VNI bytes that stand for a whole letter.
var vniLetters = map[rune]rune{
	'ô': 'ơ', 'Ô': 'Ơ', 'ö': 'ư', 'Ö': 'Ư', 'ñ': 'đ', 'Ñ': 'Đ',
	'ì': 'ì', 'í': 'í', 'æ': 'ỉ', 'ó': 'ĩ', 'ò': 'ị',
	'Ì': 'Ì', 'Í': 'Í', 'Æ': 'Ỉ', 'Ó': 'Ĩ', 'Ò': 'Ị', 'î': 'ỵ', 'Î': 'Ỵ',
}

// vietOnly reports letters that occur in Unicode Vietnamese but in neither
// legacy encoding's Latin-1 disguise: proof that text is already Unicode.
func vietOnly(r rune) bool {
	return (r >= 0x1EA0 && r <= 0x1EF9) || r == 'ă' || r == 'Ă' || r == 'đ' || r == 'Đ' ||
		r == 'ơ' || r == 'Ơ' || r == 'ư' || r == 'Ư' || r == 'ĩ' || r == 'Ĩ' || r == 'ũ' || r == 'Ũ'
}

// tcvn3Tell reports characters that TCVN3 text shows often and Unicode
// Vietnamese never: the Latin-1 letters and signs that are not Vietnamese.
func tcvn3Tell(r rune) bool {
	if _, ok := tcvn3[r]; !ok {
		return false
	}
	switch r {
	case 'à', 'á', 'â', 'ã', 'è', 'é', 'ê', 'ì', 'í', 'ò', 'ó', 'ô', 'õ', 'ù', 'ú', 'ý',
		'Â', 'Ê', 'Ò', 'Ó', 'Ô', 'Ý', 'É', 'Ì', 'Í', 'Ù', 'Ú', 'È':
		return false
	}
	return true
}

func isVowel(r rune) bool {
	switch unicode.ToLower(r) {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'ô', 'ö':
		return true
	}
	return false
}

// vniTell reports a vowel followed by a VNI mark that no Unicode Vietnamese
// word has after a vowel ("aø", "oû", "eä"…).
func vniTell(prev, r rune) bool {
	if !isVowel(prev) {
		return false
	}
	switch unicode.ToLower(r) {
	case 'ø', 'û', 'õ', 'ï', 'å', 'ä', 'ë', 'ü':
		return true
	}
	return false
}

// detectLegacy decides from letter statistics whether s is TCVN3 or VNI
// text shown through Windows-1252, or neither.
func detectLegacy(s string) legacyEncoding {
	var viet, tcvn, signs, vni, letters int
	prev := rune(0)
	for _, r := range s {
		if r < utf8.RuneSelf {
			// ASCII tells nothing but counts as letters.
			if r|0x20 >= 'a' && r|0x20 <= 'z' {
				letters++
			}
			prev = r
			continue
		}
		if unicode.IsLetter(r) {
			letters++
		}
		switch {
		case vietOnly(r):
			viet++
		case tcvn3Tell(r):
			tcvn++
			if !unicode.IsLetter(r) || r == 'µ' {
				signs++
			}
		}
		if vniTell(prev, r) || r == 'ñ' || r == 'Ñ' {
			vni++
		}
		prev = r
	}
	if letters < 20 {
		return legacyNone
	}
	// Unicode Vietnamese has a marked letter in most words; a legacy text
	// has its tells instead and almost none of those.
	switch {
	case vni >= 5 && vni > 3*viet && vni >= tcvn/2:
		return legacyVNI
	// TCVN3 shows signs as well as letters (©, ¸, ¹, §, ®: â, á, ạ, Đ, đ);
	// a French or German text has the letters only.
	case tcvn >= 5 && tcvn > 3*viet && signs >= 2 && signs*10 >= tcvn:
		return legacyTCVN3
	}
	return legacyNone
}

// note is the warning a conversion from enc leaves on the record.
func (enc legacyEncoding) note() string {
	return "text converted from the legacy " + string(enc) + " encoding"
}

// containerEncoding names the encoding of text read out of a PDF or DOCX:
// Unicode, converted from enc if it is a legacy one.
func containerEncoding(enc legacyEncoding) string {
	if enc == legacyNone {
		return "unicode"
	}
	return "unicode+" + string(enc)
}

// convertLegacy converts the lines of s that are in enc to Unicode. Lines
// that already hold Vietnamese-only letters are left alone: a document may
// mix a legacy body with Unicode additions.
func convertLegacy(s string, enc legacyEncoding) string {
	switch enc {
	case legacyTCVN3:
		return mapLines(s, convertTCVN3)
	case legacyVNI:
		return convertVNI(s)
	}
	return s
}

func mapLines(s string, f func(string) string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if !strings.ContainsFunc(l, vietOnly) {
			lines[i] = f(l)
		}
	}
	return strings.Join(lines, "\n")
}

// convertTCVN3 maps TCVN3 text (as Windows-1252) to NFC Unicode.
func convertTCVN3(s string) string {
	return strings.Map(func(r rune) rune {
		if u, ok := tcvn3[r]; ok {
			return u
		}
		return r
	}, s)
}

// convertVNI maps VNI text (as Windows-1252) to NFC Unicode, line by line.
func convertVNI(s string) string {
	return mapLines(s, func(l string) string {
		var b strings.Builder
		prev := rune(0)
		for _, r := range l {
			if marks, ok := vniMarks[unicode.ToLower(r)]; ok && isVowel(prev) {
				b.WriteString(marks)
				continue
			}
			if u, ok := vniLetters[r]; ok {
				r = u
				prev = 'o' // ơ, ư and i take marks after them
				if u == 'đ' || u == 'Đ' {
					prev = 0
				}
				b.WriteRune(r)
				continue
			}
			b.WriteRune(r)
			prev = r
		}
		return norm.NFC.String(b.String())
	})
}

// legacyFont classifies a font name.
type legacyFont int

const (
	fontUnicode  legacyFont = iota
	fontTCVN3               // .VnTime, .VnArial…
	fontTCVN3Cap            // .VnTimeH, .VnArialH…: draws lowercase codes as capitals
	fontVNI                 // VNI-Times, VNI-Helve…: only fontClass returns it
)

// fontClass tells the legacy encoding of a font from its name as a word
// processor's font table gives it: TCVN3 (".VnTime", ".VnTimeH", "VnTime"),
// VNI ("VNI-Times", "VNI Times") or neither. Word's charset suffixes
// (".VnTimeH Tur", "VNI-Times CE") are ignored.
func fontClass(name string) legacyFont {
	name = strings.TrimSpace(name)
	for _, suffix := range []string{" CE", " Cyr", " Greek", " Tur", " Baltic", " (Vietnamese)", " (Hebrew)", " (Arabic)"} {
		name = strings.TrimSuffix(name, suffix)
	}
	if u := strings.ToUpper(name); strings.HasPrefix(u, "VNI-") || strings.HasPrefix(u, "VNI ") {
		return fontVNI
	}
	return legacyFontOf(name)
}

// legacyFontOf tells a TCVN3 font family from its name ("VnTimeH",
// ".VnArialH-Bold", "FBHPFO+VnTimeHBold").
func legacyFontOf(name string) legacyFont {
	n := strings.TrimPrefix(name, ".")
	if !strings.HasPrefix(n, "Vn") || strings.HasPrefix(n, "VNI") {
		return fontUnicode
	}
	base := n
	for _, suffix := range []string{"BoldItalic", "Bold", "Italic", ",Bold", ",Italic"} {
		base = strings.TrimSuffix(strings.TrimSuffix(base, "-"+suffix), suffix)
	}
	base = strings.TrimSuffix(base, ",")
	if strings.HasSuffix(base, "H") {
		return fontTCVN3Cap
	}
	return fontTCVN3
}

// convertGlyphsTCVN3 converts the text of the glyphs keep accepts from
// TCVN3; glyphs drawn in a capitals font (.VnTimeH) become capitals, as a
// reader sees them.
func convertGlyphsTCVN3(pages [][]glyph, keep func(*glyph) bool) {
	for _, gs := range pages {
		for i := range gs {
			if !keep(&gs[i]) {
				continue
			}
			s := convertTCVN3(gs[i].s)
			if gs[i].font != nil && gs[i].font.legacy == fontTCVN3Cap {
				s = strings.ToUpper(s)
			}
			gs[i].s = s
		}
	}
}
