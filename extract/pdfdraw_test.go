package extract

import (
	"bytes"
	"compress/lzw"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// helvetica is a simple font with every code 500/1000 em wide.
const helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /Widths [" + "500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500" + "] >>"

// formStream is a form XObject with the given dictionary entries.
func formStream(dict, content string) string {
	return fmt.Sprintf("<< /Type /XObject /Subtype /Form %s /Length %d >>\nstream\n%s\nendstream", dict, len(content), content)
}

// signedHeader is the page of a signed notice before signing: the
// number and the day are left blank (spaces), in 12-point text of
// 6-point glyphs. "So:" runs from x 72 to 90, the blank to 120; "ngay"
// from 300 to 324, the blank to 360.
const signedHeader = "BT /F1 12 Tf 72 700 Td (So:     /TB-UBND) Tj ET\n" +
	"BT /F1 12 Tf 240 700 Td (Ha Noi, ngay      thang 11 nam 2025) Tj ET\n" +
	"BT /F1 12 Tf 72 600 Td (THONG BAO) Tj ET"

// annotPDF is a one-page PDF with signedHeader and the annotations
// annots (objects 5 on, each followed by the objects it needs).
func annotPDF(annots []string, refs string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R /Annots [" + refs + "] >>",
		helvetica,
		stream(signedHeader),
	}
	return buildPDF(append(objs, annots...), "")
}

// TestSignatureAppearanceFillsTheBlanks: the number and the day that
// signing software draws into a signature widget's appearance join the
// lines "So: … /TB-UBND" and "ngay … thang" where they stand, whatever
// the appearance's box and matrix; hidden annotations stay out.
func TestSignatureAppearanceFillsTheBlanks(t *testing.T) {
	const font = "/Resources << /Font << /F1 4 0 R >> >>"
	tests := []struct {
		name   string
		annots []string // objects 6 on
		refs   string
		number string // what the first line must read
		day    string
	}{
		{"widget with identity matrix",
			[]string{
				"<< /Type /Annot /Subtype /Widget /FT /Sig /F 132 /Rect [92 695 116 715] /AP << /N 7 0 R >> >>",
				formStream("/BBox [0 0 24 20] "+font, "BT /F1 12 Tf 2 5 Td (565) Tj ET"),
				"<< /Type /Annot /Subtype /Widget /FT /Sig /F 4 /Rect [322 695 346 715] /AP << /N 9 0 R >> >>",
				formStream("/BBox [0 0 24 20] "+font, "BT /F1 12 Tf 2 5 Td (08) Tj ET"),
			}, "6 0 R 8 0 R", "So: 565 /TB-UBND", "Ha Noi, ngay 08 thang 11 nam 2025"},
		{"box twice the rectangle, offset",
			// The box [100 100 148 140] is mapped onto the 24 × 20
			// rectangle: a 24-point font becomes 12 points.
			[]string{
				"<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [92 695 116 715] /AP << /N 7 0 R >> >>",
				formStream("/BBox [100 100 148 140] "+font, "BT /F1 24 Tf 104 110 Td (4) Tj ET"),
			}, "6 0 R", "So: 4 /TB-UBND", "Ha Noi, ngay thang 11 nam 2025"},
		{"rotated matrix",
			// /Matrix turns the box a quarter: [0 0 20 24] becomes
			// [-24 0 0 20], and text running down the form's space
			// runs left to right on the page.
			[]string{
				"<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [92 695 116 715] /AP << /N 7 0 R >> >>",
				formStream("/BBox [0 0 20 24] /Matrix [0 1 -1 0 0 0] "+font, "BT /F1 12 Tf 0 -1 1 0 5 22 Tm (77) Tj ET"),
			}, "6 0 R", "So: 77 /TB-UBND", "Ha Noi, ngay thang 11 nam 2025"},
		{"appearance states",
			[]string{
				"<< /Type /Annot /Subtype /Widget /FT /Tx /AS /On /Rect [92 695 116 715] /AP << /N << /On 7 0 R /Off 8 0 R >> >> >>",
				formStream("/BBox [0 0 24 20] "+font, "BT /F1 12 Tf 2 5 Td (12) Tj ET"),
				formStream("/BBox [0 0 24 20] "+font, "BT /F1 12 Tf 2 5 Td (99) Tj ET"),
			}, "6 0 R", "So: 12 /TB-UBND", "Ha Noi, ngay thang 11 nam 2025"},
		{"stamp and free text",
			[]string{
				"<< /Type /Annot /Subtype /Stamp /Rect [92 695 116 715] /AP << /N 7 0 R >> >>",
				formStream("/BBox [0 0 24 20] "+font, "BT /F1 12 Tf 2 5 Td (31) Tj ET"),
				"<< /Type /Annot /Subtype /FreeText /Rect [322 695 346 715] /AP << /N 9 0 R >> >>",
				formStream("/BBox [0 0 24 20] "+font, "BT /F1 12 Tf 2 5 Td (17) Tj ET"),
			}, "6 0 R 8 0 R", "So: 31 /TB-UBND", "Ha Noi, ngay 17 thang 11 nam 2025"},
		{"hidden and no-view left out",
			[]string{
				"<< /Type /Annot /Subtype /Widget /FT /Sig /F 2 /Rect [92 695 116 715] /AP << /N 7 0 R >> >>",
				formStream("/BBox [0 0 24 20] "+font, "BT /F1 12 Tf 2 5 Td (565) Tj ET"),
				"<< /Type /Annot /Subtype /Widget /FT /Sig /F 32 /Rect [322 695 346 715] /AP << /N 9 0 R >> >>",
				formStream("/BBox [0 0 24 20] "+font, "BT /F1 12 Tf 2 5 Td (08) Tj ET"),
			}, "6 0 R 8 0 R", "So: /TB-UBND", "Ha Noi, ngay thang 11 nam 2025"},
		{"signature label on its own is not text",
			[]string{
				"<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [400 780 590 830] /AP << /N 7 0 R >> >>",
				formStream("/BBox [0 0 190 50] "+font, "BT /F1 8 Tf 2 30 Td (Ky boi: VAN PHONG) Tj 0 -10 Td (2025-11-08 10:00) Tj ET"),
			}, "6 0 R", "So: /TB-UBND", "Ha Noi, ngay thang 11 nam 2025"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := readPDFText(annotPDF(tt.annots, tt.refs))
			if err != nil {
				t.Fatal(err)
			}
			lines := textLines(res.Text)
			if !has(lines, tt.number) || !has(lines, tt.day) {
				t.Errorf("lines %q\nwant %q and %q", lines, tt.number, tt.day)
			}
			if strings.Contains(res.Text, "Ky boi") {
				t.Errorf("signature label in the text: %q", res.Text)
			}
		})
	}
}

// textLines lists the non-empty lines of s.
func textLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func has(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

// appendUpdate appends an incremental update to a PDF: the objects
// objs (by number, replacing older versions), a cross-reference section
// for them and a trailer whose /Prev is the file's last startxref.
func appendUpdate(base []byte, objs map[int]string, size int) []byte {
	m := regexp.MustCompile(`startxref\s+(\d+)`).FindAllSubmatch(base, -1)
	prev, _ := strconv.Atoi(string(m[len(m)-1][1]))
	var b bytes.Buffer
	b.Write(base)
	offsets := map[int]int{}
	for n := 1; n < size; n++ {
		if o, ok := objs[n]; ok {
			offsets[n] = b.Len()
			fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, o)
		}
	}
	xref := b.Len()
	b.WriteString("xref\n0 1\n0000000000 65535 f \n")
	for n := 1; n < size; n++ {
		if off, ok := offsets[n]; ok {
			fmt.Fprintf(&b, "%d 1\n%010d 00000 n \n", n, off)
		}
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", size, prev, xref)
	return b.Bytes()
}

// TestIncrementalSignature: signing appends a revision that gives the
// page a widget; the newest revision of the page is the one read.
func TestIncrementalSignature(t *testing.T) {
	base := annotPDF(nil, "")
	const font = "/Resources << /Font << /F1 4 0 R >> >>"
	signed := appendUpdate(base, map[int]string{
		3: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R /Annots [6 0 R 8 0 R] >>",
		6: "<< /Type /Annot /Subtype /Widget /FT /Sig /F 132 /Rect [92 695 116 715] /AP << /N 7 0 R >> >>",
		7: formStream("/BBox [0 0 24 20] "+font, "BT /F1 12 Tf 2 5 Td (565) Tj ET"),
		8: "<< /Type /Annot /Subtype /Widget /FT /Sig /F 132 /Rect [322 695 346 715] /AP << /N 9 0 R >> >>",
		9: formStream("/BBox [0 0 24 20] "+font, "BT /F1 12 Tf 2 5 Td (08) Tj ET"),
	}, 10)
	// A second update that changes nothing of the page: the
	// signature's revision stays.
	signed = appendUpdate(signed, map[int]string{2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"}, 10)
	doc, err := Read("signed.pdf", signed)
	if err != nil {
		t.Fatal(err)
	}
	lines := textLines(doc.Text)
	for _, want := range []string{"So: 565 /TB-UBND", "Ha Noi, ngay 08 thang 11 nam 2025"} {
		if !has(lines, want) {
			t.Errorf("lines %q lack %q", lines, want)
		}
	}
}

// TestFormXObjectBounds: a form that draws itself, and forms fanning out
// into each other, end at once with the page's text; forms bring their
// matrix and resources.
func TestFormXObjectBounds(t *testing.T) {
	page := func(extra string) string {
		return "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /X 6 0 R >> >> /Contents 5 0 R " + extra + ">>"
	}
	head := func(content string) []string {
		return []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page(""), helvetica, stream(content)}
	}
	self := append(head("BT /F1 12 Tf 72 720 Td (before) Tj ET /X Do BT /F1 12 Tf 72 680 Td (after) Tj ET"),
		formStream("/Resources << /Font << /F1 4 0 R >> /XObject << /X 6 0 R >> >>", strings.Repeat("/X Do ", 50)+"BT /F1 12 Tf 72 700 Td (inside) Tj ET"))
	// Six levels of 40 calls each: 40^6 forms if nothing stopped them.
	fan := head("BT /F1 12 Tf 72 720 Td (before) Tj ET /X Do")
	for i := 0; i < 6; i++ {
		fan = append(fan, formStream(fmt.Sprintf("/Resources << /XObject << /Y %d 0 R >> >>", 7+i), strings.Repeat("/Y Do ", 40)))
	}
	fan = append(fan, formStream("", "0 0 m 1 1 l S"))
	// A form with its own font under its own name, moved by its matrix
	// and by the cm before it.
	moved := append(head("q 1 0 0 1 0 -100 cm /X Do Q BT /F1 12 Tf 72 700 Td (page) Tj ET"),
		formStream("/Matrix [1 0 0 1 100 0] /Resources << /Font << /G 4 0 R >> >>", "BT /G 12 Tf 72 700 Td (form) Tj ET"))
	tests := []struct {
		name  string
		data  []byte
		want  []string
		stops bool
	}{
		{"self-invoking", buildPDF(self, ""), []string{"before", "inside", "after"}, false},
		{"fan-out", buildPDF(fan, ""), []string{"before"}, true},
		{"matrix and resources", buildPDF(moved, ""), []string{"page", "form"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := readPDFText(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Fields(res.Text); strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("words %q, want %q", got, tt.want)
			}
			stopped := strings.Contains(strings.Join(res.Notes, ";"), "drawing stopped")
			if stopped != tt.stops {
				t.Errorf("notes %q", res.Notes)
			}
		})
	}
}

// TestWordBreaks: words are rebuilt from glyph positions and widths: a
// space glyph of another line lying under a symbol does not split it,
// while real spaces, gaps without space glyphs and condensed text keep
// their word breaks.
func TestWordBreaks(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"stray space under a symbol",
			// "C" runs from 114 to 120; an empty line's space of
			// another font size lies over it and the "T".
			"BT /F1 12 Tf 72 700 Td (So: 21/CT-TTg) Tj ET BT /F1 14 Tf 116 698.5 Td ( ) Tj ET",
			"So: 21/CT-TTg"},
		{"stray spaces in capitals",
			"BT /F1 12 Tf 72 700 Td (CONG HOA) Tj ET BT /F1 13 Tf 80 699 Td ( ) Tj 20 0 Td ( ) Tj ET",
			"CONG HOA"},
		{"condensed with real spaces",
			// Character spacing of -1.5 points: the space glyph's box
			// reaches into both neighbours, yet it is a space.
			"BT /F1 12 Tf -1.5 Tc 72 700 Td (HOA XA HOI) Tj ET",
			"HOA XA HOI"},
		{"words placed without spaces",
			"BT /F1 12 Tf 72 700 Td (Hanh) Tj 27 0 Td (phuc) Tj ET",
			"Hanh phuc"},
		{"kerned word stays whole",
			"BT /F1 12 Tf 72 700 Td [(Ha) 80 (nh) -40 (phuc)] TJ ET",
			"Hanhphuc"},
		{"word spacing",
			"BT /F1 12 Tf 3 Tw 72 700 Td (Doc lap) Tj ET",
			"Doc lap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := readPDFText(onePagePDF(tt.content))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(textLines(res.Text), "|"); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestOldVnTimePDF: a PDF 1.2 of the pdfFactory era: TrueType fonts
// named .VnTime in WinAnsi encoding (TCVN3 codes), and content streams
// compressed with LZW, which ledongthuc/pdf cannot decode. "No text" from
// that reader is no verdict: PDFium reads the file, and the TCVN3 text
// is converted either way.
func TestOldVnTimePDF(t *testing.T) {
	const (
		caps = "CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM"
		body = "Ng©n hµng Nhµ n\u00adíc ViÖt Nam h\u00adíng dÉn mét sè néi dung vÒ gãp vèn thµnh lËp Quü b¶o l·nh tÝn dông kinh tÕ-x· héi"
	)
	content := "BT /F1 13 Tf 60 760 Td (" + string(cp1252(t, caps)) + ") Tj ET\n" +
		"BT /F2 13 Tf 60 700 Td (" + string(cp1252(t, body)) + ") Tj ET"
	font := func(name string) string {
		return "<< /Type /Font /Subtype /TrueType /Name /F1 /BaseFont /" + name + " /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 /Widths [" +
			strings.Repeat("500 ", 224) + "] /FontDescriptor << /Type /FontDescriptor /FontName /" + name + " /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >> >>"
	}
	var lzwed bytes.Buffer
	zw := lzw.NewWriter(&lzwed, lzw.MSB, 8)
	zw.Write([]byte(content))
	zw.Close()
	objs := func(strm string) []string {
		return []string{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> >>",
			"<< /Type /Page /Parent 2 0 R /Contents 6 0 R >>",
			font(".VnTimeH"),
			font(".VnTime"),
			strm,
		}
	}
	tests := []struct {
		name, extractor string
		data            []byte
	}{
		{"plain", "ledongthuc/pdf", buildPDF(objs(stream(content)), "")},
		{"LZW", "pdfium", buildPDF(objs(fmt.Sprintf("<< /Length %d /Filter /LZWDecode >>\nstream\n%s\nendstream", lzwed.Len(), lzwed.Bytes())), "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := bytes.Replace(tt.data, []byte("%PDF-1.4"), []byte("%PDF-1.2"), 1)
			doc, err := Read("old.pdf", data)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Ngân hàng Nhà nước Việt Nam hướng dẫn một số nội dung", "kinh tế-xã hội"} {
				if !strings.Contains(doc.Text, want) {
					t.Errorf("text lacks %q:\n%s", want, doc.Text)
				}
			}
			if doc.Extractor != tt.extractor || doc.Encoding != "unicode+tcvn3" {
				t.Errorf("extractor %q, encoding %q", doc.Extractor, doc.Encoding)
			}
		})
	}
}

// TestRotatedPages: pages turned by /Rotate, and text drawn sideways or
// upside down, come out in reading direction, lines in reading order;
// a note up the margin of an upright page comes after the page's text.
func TestRotatedPages(t *testing.T) {
	page := func(rotate, content string) []byte {
		return buildPDF([]string{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + rotate + " /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
			helvetica,
			stream(content),
		}, "")
	}
	two := func(tm1, tm2 string) string {
		return "BT /F1 12 Tf " + tm1 + " Tm (Ngay nhan bao cao) Tj ET BT /F1 12 Tf " + tm2 + " Tm (So lieu thang 5) Tj ET"
	}
	want := []string{"Ngay nhan bao cao", "So lieu thang 5"}
	tests := []struct {
		name string
		data []byte
		want []string
	}{
		{"upright", page("", two("1 0 0 1 72 700", "1 0 0 1 72 680")), want},
		{"/Rotate 90, text running up", page("/Rotate 90", two("0 1 -1 0 100 72", "0 1 -1 0 120 72")), want},
		{"/Rotate 180, text upside down", page("/Rotate 180", two("-1 0 0 -1 500 100", "-1 0 0 -1 500 120")), want},
		{"/Rotate 270, text running down", page("/Rotate -90", two("0 -1 1 0 500 770", "0 -1 1 0 480 770")), want},
		{"sideways table, no /Rotate", page("", two("0 1 -1 0 100 72", "0 1 -1 0 120 72")), want},
		{"upside down, no /Rotate", page("", two("-1 0 0 -1 500 100", "-1 0 0 -1 500 120")), want},
		{"note up the margin", page("", two("1 0 0 1 72 700", "1 0 0 1 72 680")+" BT /F1 8 Tf 0 1 -1 0 30 300 Tm (Ban sao) Tj ET"), append(want, "Ban sao")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := readPDFText(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			// Lines that fill no line are joined as one paragraph: the
			// words and their order are what tell.
			if got, w := strings.Join(strings.Fields(res.Text), " "), strings.Join(tt.want, " "); got != w {
				t.Errorf("text %q, want %q", got, w)
			}
		})
	}
}
