package extract

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// cp1252 encodes s in Windows-1252, as a legacy file stores it.
func cp1252(t testing.TB, s string) []byte {
	t.Helper()
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLegacyText(t *testing.T) {
	tests := []struct {
		name, in, want, enc string
	}{
		{"TCVN3", "Ng©n hµng Nhµ n\u00adíc ViÖt Nam h\u00adíng dÉn mét sè néi dung vÒ gãp vèn thµnh lËp Quü b¶o l·nh tÝn dông",
			"Ngân hàng Nhà nước Việt Nam hướng dẫn một số nội dung về góp vốn thành lập Quỹ bảo lãnh tín dụng", "tcvn3"},
		{"VNI", "UÛY BAN NHAÂN DAÂN TÆNH Tieàn Giang thoâng baùo keát luaän cuûa ñoàng chí Bí thö Tænh uûy veà xaây döïng noâng thoân môùi",
			"ỦY BAN NHÂN DÂN TỈNH Tiền Giang thông báo kết luận của đồng chí Bí thư Tỉnh ủy về xây dựng nông thôn mới", "vni"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("old.txt", cp1252(t, tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Text != tt.want {
				t.Errorf("text\n%q\nwant\n%q", doc.Text, tt.want)
			}
			if !strings.HasSuffix(doc.Encoding, "+"+tt.enc) || len(doc.Notes) == 0 {
				t.Errorf("encoding %q notes %q", doc.Encoding, doc.Notes)
			}
		})
	}
}

// TestUnicodeIsNotLegacy guards against converting ordinary Unicode text,
// which shares many Latin-1 letters (à, é, ô, ù…) with the legacy codes.
func TestUnicodeIsNotLegacy(t *testing.T) {
	for _, s := range []string{
		"Thông báo kết luận của đồng chí Bí thư Tỉnh ủy về xây dựng nông thôn mới năm 2024",
		"Hà Nội, ngày 20 tháng 02 năm 2006. Ông Bà Cô Dì Chú Bác đều có mặt ở đó.",
		"Café résumé naïve à la carte: éèêë ìíîï òóôõö ùúûü — a French text, not Vietnamese.",
		"Tiền Giang ©2024 · Bản quyền thuộc Tỉnh ủy · Địa chỉ: số 1 đường 30/4",
	} {
		if enc := detectLegacy(s); enc != legacyNone {
			t.Errorf("%q detected as %s", s, enc)
		}
	}
}

func TestLegacyFontNames(t *testing.T) {
	for name, want := range map[string]legacyFont{
		".VnTime": fontTCVN3, "VnTimeH": fontTCVN3Cap, "FBHPFO+VnTimeHBold": fontUnicode, // subset prefix is stripped by the walker
		"VnTimeHBold": fontTCVN3Cap, ".VnArialH": fontTCVN3Cap, ".VnCentury Schoolbook": fontTCVN3,
		"VNI-Times": fontUnicode, "Times New Roman": fontUnicode, "VnTimeBoldItalic": fontTCVN3,
	} {
		if got := legacyFontOf(name); got != want {
			t.Errorf("%q: %v, want %v", name, got, want)
		}
	}
}

func FuzzLegacy(f *testing.F) {
	f.Add("ng©n hµng nhµ n−íc")
	f.Add("UÛY BAN NHAÂN DAÂN")
	f.Fuzz(func(t *testing.T, s string) {
		for _, enc := range []legacyEncoding{legacyTCVN3, legacyVNI} {
			_ = convertLegacy(s, enc)
		}
		_ = detectLegacy(s)
	})
}

// TestMixedFontsPDF: an old TCVN3 body under a Unicode header that someone
// retyped. Only the glyphs of the TCVN3 fonts are converted; the header,
// whose Latin-1 letters (à, ô, ú…) are also TCVN3 codes, stays as written.
func TestMixedFontsPDF(t *testing.T) {
	uni := &fontInfo{name: "TimesNewRomanPSMT", legacy: fontUnicode}
	vn := &fontInfo{name: "VnTime", legacy: fontTCVN3}
	vnCaps := &fontInfo{name: "VnTimeH", legacy: fontTCVN3Cap}
	line := func(y float64, f *fontInfo, words string) []glyph {
		var gs []glyph
		x := 72.0
		for _, w := range strings.Fields(words) {
			gs = append(gs, glyph{x: x, y: y, w: 6 * float64(len([]rune(w))), size: 12, s: w, font: f})
			x += 6*float64(len([]rune(w))) + 4
		}
		return gs
	}
	var page []glyph
	page = append(page, line(800, uni, "TỈNH ỦY TIỀN GIANG Số 250-TB/TU Mỹ Tho, ngày 9 tháng 10 năm 2024")...)
	page = append(page, line(780, vnCaps, "th«ng b¸o")...)
	page = append(page, line(760, vn, "Ng©n hµng Nhµ n\u00adíc ViÖt Nam h\u00adíng dÉn mét sè néi dung vÒ gãp vèn thµnh lËp Quü b¶o l·nh tÝn dông")...)
	text, enc := layoutPages([][]glyph{page}, []float64{842})
	for _, want := range []string{"TỈNH ỦY TIỀN GIANG Số 250-TB/TU Mỹ Tho, ngày 9 tháng 10 năm 2024", "THÔNG BÁO", "Ngân hàng Nhà nước Việt Nam hướng dẫn"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if enc != legacyTCVN3 {
		t.Errorf("encoding %q", enc)
	}
	// Without TCVN3 font names, a document is judged whole, as before.
	if _, enc := layoutPages([][]glyph{line(700, nil, "TỈNH ỦY TIỀN GIANG thông báo kết luận của đồng chí Bí thư Tỉnh ủy về xây dựng nông thôn mới")}, []float64{842}); enc != legacyNone {
		t.Errorf("Unicode text without font names converted as %q", enc)
	}
}
