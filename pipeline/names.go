package pipeline

import (
	"strings"
	"unicode"

	"vanban/extract/viet"

	"golang.org/x/text/unicode/norm"
)

// Vietnamese personal names are a closed vocabulary: a surname (họ) from a
// short list, then middle and given syllables (tên đệm, tên) from a longer
// but still limited one. OCR slips on a name are nearly always one tone
// mark lost or swapped ("Trân Phước Hiên" for Trần Phước Hiền, "Tuần" for
// Tuấn), and the slipped syllable is itself a Vietnamese word, so no
// spelling check sees it. restoreName mends such a syllable when OCR was
// unsure of it and the name vocabulary offers exactly one spelling with
// its letters.

// surnames are the Vietnamese family names, the commonest first; names
// sharing their letters ("La|Lã") are equally likely and never chosen
// between.
var surnames = nameTable(`Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý
	Đào Đoàn Vương Trịnh Trương Đinh Lâm Phùng Mai Tô Hà Tạ Lương Lưu Châu Cao Quách Thái
	Tăng Lại Triệu Kiều Từ Âu Hứa Mạc Doãn Khổng Kim Giang Tống Thân Nghiêm Chu|Chử Diệp
	Lục Nông Hầu Tiêu Bạch Khúc Đồng Lò Quan|Quản Ông Phương Đàm Ninh La|Lã Mã|Ma Vi Cù Thạch
	Danh Sơn Kha Lữ Giáp Khương Tôn Hàn Phí Thiều Bế Lỗ Dư Cung Cấn Nhan Khuất Bàn Tất Mông
	Hoa Đồ Yên Viên Lạc Văn Trang Đường Ứng Mẫn Nhữ Bì Chế Thều`)

// givenNames are the middle and given syllables of Vietnamese names, the
// commonest spelling of a set of letters first; "Hùng|Hưng" marks
// spellings too close in use to choose between.
var givenNames = nameTable(`Văn|Vân Thị Đức Minh Ngọc Hữu Quốc Thanh|Thành Xuân Hoàng Công Đình|Định
	Quang Kim Thu|Thư Bảo Gia Anh Hồng Phước Phúc Tấn|Tân Trung Việt Tiến|Tiên Mạnh Duy Khánh
	Hải Nhật Tuấn Như Thế Trọng Đăng Bá Viết Huy Sỹ Sĩ Phương Thái Chí Hoài Mỹ|My
	Thúy|Thủy|Thùy Bích Diệu Hà Dũng|Dung Hùng|Hưng Cường Sơn Long Nam Bình Hòa|Hoa Lan Mai
	Linh Trang Hương Hiền Huyền Hằng Hạnh Nga Ngân Nhung Phượng Quyên Thảo Trinh Uyên Vy Yến
	Oanh Loan Liên Liễu Lộc Lợi Luân Lực Lượng Nghĩa Nguyên Nhân Ninh Phong Phú Quân Quý Sang
	Tài Tâm Thắng Thịnh Thông Thuận Toàn Trí Tùng Tú Vinh|Vĩnh Vũ Vương Đạt Định Đông|Đồng
	Dương Giang Hiếu Hiệp Hiển Hiến Hoan|Hoàn Hội Hợp Hậu Khoa Khôi Kiên Lâm Lân Lập Lĩnh
	Lưu Mẫn Nhàn Nhi Phát Quảng Quỳnh Tạo Thạch Thiện|Thiên Thọ|Thơ Thư Tín Tịnh Tình Tĩnh
	Triều Triệu Trường|Trương Tuyên Tuyến Tuyết Tường Vân Vượng Xương Ánh Ân Bắc Bằng Cảnh
	Châu Chiến Chinh|Chính Chung Cúc Diễm Diệp Doãn Dân Đào Điền Điệp Đoan Đôn Hạ Hân Hảo|Hào
	Huệ Hưởng Kha Khải Khang Khiêm Kiều Lai Lành Lệ|Lê Liêm Loan Luyến Lý|Ly Mạnh Nghị
	Ngà Nhạn Nhu Nữ Phấn Phụng Quế Quyết Sâm Sinh Sương Tám Thạnh Thân Thục Thường Tiệp
	Toản Tôn Trà Trâm Trân Trực Tuệ Tự Ưng Vạn Vinh Xuyến Yên Ý Cầm|Cẩm Cần Cận Chương
	Đoàn Hiền Hòe Khuê Lụa Lưỡng Miên Niên Nhị Phi Quyền Sáu Tạc Thà Thiềm Thống Thu Tiềm
	Tuân Tụng Ước Vĩ Vọng Vui Xuân Thoa Thơm Tươi Hạnh Hường Kỳ Lam Lương Mười Năm Tuất Ngọ`)

// nameSpelling is one entry of a name table: its spellings (tones in
// the new placement), the first the usual one; ambiguous when two are
// used alike.
type nameSpelling struct {
	forms     []string
	ambiguous bool
}

// names is a name table: known spellings, and by folded letters the first
// entry listed with those letters.
type names struct {
	known   map[string]bool
	byLetts map[string]nameSpelling
}

func nameTable(list string) names {
	t := names{known: map[string]bool{}, byLetts: map[string]nameSpelling{}}
	for _, e := range strings.Fields(list) {
		forms := strings.Split(e, "|")
		for i, f := range forms {
			forms[i] = viet.CanonicalTone(f)
			t.known[forms[i]] = true
		}
		k := nameLetters(forms[0])
		if _, ok := t.byLetts[k]; ok {
			continue
		}
		sp := nameSpelling{forms: forms}
		for _, f := range forms[1:] {
			sp.ambiguous = sp.ambiguous || nameLetters(f) == k
		}
		t.byLetts[k] = sp
	}
	return t
}

// nameLetters is a syllable's letters: folded and lower-cased.
func nameLetters(s string) string { return strings.ToLower(viet.Fold(s)) }

// spelling returns the table's one spelling of syllable w's letters, in
// w's case, when w (in any case and tone placement) is not itself a
// spelling of the table and the table's choice is not ambiguous.
func (t names) spelling(w string) (string, bool) {
	title := titleCase(viet.CanonicalTone(w))
	if t.known[title] {
		return "", false
	}
	sp, ok := t.byLetts[nameLetters(w)]
	if !ok || sp.ambiguous {
		return "", false
	}
	if isUpperWord(w) {
		return strings.ToUpper(sp.forms[0]), true
	}
	return sp.forms[0], true
}

// restoreName mends the syllables of a person's name that OCR was unsure
// of (doubtful reports the words read with little confidence): the first
// syllable from the surname table, the others from the given-name table,
// each only when the table has exactly one spelling of its letters. It
// returns the mended name and whether anything changed; a name of one
// syllable or of more than five, or with other than letters, is left.
func restoreName(name string, doubtful func(string) bool) (string, bool) {
	sy := strings.Fields(name)
	if len(sy) < 2 || len(sy) > 5 {
		return name, false
	}
	for _, s := range sy {
		for _, r := range s {
			if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
				return name, false
			}
		}
	}
	changed := false
	for i, s := range sy {
		if !doubtful(s) {
			continue
		}
		table := givenNames
		if i == 0 {
			table = surnames
		}
		if r, ok := table.spelling(s); ok {
			sy[i], changed = r, true
		}
	}
	if !changed {
		return name, false
	}
	return strings.Join(sy, " "), true
}

// titleCase is s with its first letter upper case and the rest lower.
func titleCase(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + strings.ToLower(s[i+len(string(r)):])
	}
	return s
}

// isUpperWord reports whether s has letters and no lower-case one.
func isUpperWord(s string) bool {
	return strings.ContainsFunc(s, unicode.IsLetter) && !strings.ContainsFunc(s, unicode.IsLower)
}

// doubtfulWords is the set test of the words OCR read with little
// confidence (extract.OCRInfo.Doubtful), compared without the
// punctuation glued to them and in the new tone placement.
func doubtfulWords(words []string) func(string) bool {
	set := map[string]bool{}
	for _, w := range words {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		set[viet.CanonicalTone(norm.NFC.String(w))] = true
	}
	return func(s string) bool { return set[viet.CanonicalTone(s)] }
}
