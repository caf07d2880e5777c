package extract

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// needTesseract skips a test, saying why, when Tesseract with its
// Vietnamese model is not installed (.ci/run installs it).
func needTesseract(t *testing.T) {
	t.Helper()
	if _, err := tesseractVersion(); err != nil {
		t.Skipf("skipped: %v", err)
	}
}

func TestParseTSV(t *testing.T) {
	const head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
	tests := []struct {
		name, tsv string
		want      []ocrWord
		err       bool
	}{
		{"not TSV", "Số 12/TB-UBND\n", nil, true},
		{"header only", head, nil, false},
		{"words on two lines of two blocks; page, block and line rows skipped",
			head +
				"1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n" +
				"4\t1\t1\t1\t1\t0\t300\t200\t400\t50\t-1\t\n" +
				"5\t1\t1\t1\t1\t1\t300\t200\t80\t50\t96.5\tỦY\n" +
				"5\t1\t1\t1\t1\t2\t390\t205\t100\t45\t91\tBAN\n" +
				"5\t1\t2\t1\t1\t1\t1300\t200\t150\t50\t88\tCỘNG\n",
			[]ocrWord{
				{Text: "ỦY", Box: [4]int{300, 200, 80, 50}, Conf: 96.5, Line: 1},
				{Text: "BAN", Box: [4]int{390, 205, 100, 45}, Conf: 91, Line: 1},
				{Text: "CỘNG", Box: [4]int{1300, 200, 150, 50}, Conf: 88, Line: 2},
			}, false},
		{"empty words and negative confidence left out",
			head +
				"5\t1\t1\t1\t1\t1\t10\t10\t5\t5\t95\t \n" +
				"5\t1\t1\t1\t1\t2\t10\t10\t5\t5\t-1\tx\n" +
				"5\t1\t1\t1\t2\t1\t10\t30\t50\t20\t70\tSố:\n",
			[]ocrWord{{Text: "Số:", Box: [4]int{10, 30, 50, 20}, Conf: 70, Line: 1}}, false},
		{"a quote in a word is text", head + "5\t1\t1\t1\t1\t1\t1\t2\t3\t4\t90\t\"về\n",
			[]ocrWord{{Text: "\"về", Box: [4]int{1, 2, 3, 4}, Conf: 90, Line: 1}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseTSV(strings.NewReader(tt.tsv))
			if (err != nil) != tt.err {
				t.Fatalf("err %v, want error %v", err, tt.err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestJunkWordsAndMarks(t *testing.T) {
	words := []struct {
		text string
		conf float64
		junk bool
	}{
		{"¬", 42, true},          // a speck
		{"_", 59, true},          // a table border, no letter at all
		{"°", 79.9, true},        //
		{"°", 80, false},         // read with confidence: kept
		{"-", 79, true},          //
		{"-", 93, false},         // the motto's dash
		{"(*)", 60, true},        //
		{"...", 50, true},        //
		{"…", 95, false},         //
		{"z", 30, true},          // one letter, little confidence
		{"k", 60, false},         // one letter, some confidence
		{"3⁄4", 48, true},        // a handwritten day read as a fraction
		{"1.", 45, true},         // one digit, little confidence
		{"1", 60, false},         //
		{"T/M", 20, true},        // letters apart, little confidence
		{"K/T", 85, false},       //
		{"V/v", 80, false},       //
		{"Số", 30, false},        // two letters: a word, however doubtful
		{"46", 20, false},        // digits together are kept: the parser judges them
		{"m2", 10, false},        //
		{"50%", 10, false},       //
		{"%", 10, true},          //
		{">k", 75, false},        // as a word; as a line of its own it is a mark
		{"NC(Tr112)", 40, false}, //
		{"Nơi nhận:", 95, false}, //
		{"", 10, true},           //
	}
	for _, w := range words {
		if got := junkWord(ocrWord{Text: w.text, Conf: w.conf}); got != w.junk {
			t.Errorf("junkWord(%q, %.1f) = %v, want %v", w.text, w.conf, got, w.junk)
		}
	}
	// Specks: a word read with little confidence in a box under 0.4 of
	// the text height (40 px here) is a stroke of a signature or a seal.
	specks := []struct {
		w    ocrWord
		junk bool
	}{
		{ocrWord{Text: "Q2", Conf: 1.1, Box: [4]int{0, 0, 105, 10}}, true},
		{ocrWord{Text: "TU", Conf: 13.7, Box: [4]int{0, 0, 9, 9}}, true},
		{ocrWord{Text: "46", Conf: 20, Box: [4]int{0, 0, 60, 55}}, false}, // a handwritten number, larger than print
		{ocrWord{Text: "a", Conf: 90, Box: [4]int{0, 0, 12, 12}}, false},  // small but read with confidence
	}
	for _, sp := range specks {
		if got := speck(sp.w, 40); got != sp.junk {
			t.Errorf("speck(%+v) = %v, want %v", sp.w, got, sp.junk)
		}
	}
	ws := splitGluedWord(ocrWord{Text: "TRUNGƯƠNG", Box: [4]int{100, 10, 90, 40}, Conf: 91, Line: 3})
	if len(ws) != 2 || ws[0].Text != "TRUNG" || ws[0].Box != [4]int{100, 10, 50, 40} || ws[1].Box != [4]int{150, 10, 40, 40} || ws[1].Line != 3 {
		t.Errorf("splitGluedWord: %+v", ws)
	}
	if h := medianWordHeight([]ocrWord{{Conf: 90, Box: [4]int{0, 0, 50, 40}}, {Conf: 95, Box: [4]int{0, 0, 50, 42}}, {Conf: 10, Box: [4]int{0, 0, 5, 5}}}); h != 42 {
		t.Errorf("medianWordHeight = %d, want 42", h)
	}
	lines := []struct {
		words []ocrWord
		mark  bool
	}{
		{[]ocrWord{{Text: ">k", Conf: 75}}, true},                            // the star under a party issuer
		{[]ocrWord{{Text: "*", Conf: 62}}, true},                             //
		{[]ocrWord{{Text: "x", Conf: 55}}, true},                             //
		{[]ocrWord{{Text: "2", Conf: 60}}, false},                            // a page number
		{[]ocrWord{{Text: "12", Conf: 40}}, false},                           //
		{[]ocrWord{{Text: "*", Conf: 95}}, false},                            // a clear asterisk
		{[]ocrWord{{Text: "VỀ", Conf: 70}, {Text: "VIỆC", Conf: 90}}, false}, // two words
		{[]ocrWord{{Text: "BÁO", Conf: 70}}, false},                          // three letters
	}
	for _, l := range lines {
		if got := markLine(l.words); got != l.mark {
			t.Errorf("markLine(%v) = %v, want %v", l.words, got, l.mark)
		}
	}
}

// TestOCRGlyphsUnweaveColumns lays out invented word boxes of a state
// header, issuer and motto on the same Tesseract lines, and requires the
// PDF layout code to write the left column first, as for a typed PDF.
func TestOCRGlyphsUnweaveColumns(t *testing.T) {
	w := func(text string, x, y, width, line int) ocrWord {
		return ocrWord{Text: text, Box: [4]int{x, y, width, 50}, Conf: 95, Line: line}
	}
	p := &ocrPage{Width: 2480, Height: 3508, DPI: 300, Words: []ocrWord{
		w("ỦY", 300, 200, 75, 1), w("BAN", 390, 200, 110, 1), w("NHÂN", 515, 200, 155, 1), w("DÂN", 685, 200, 115, 1),
		w("CỘNG", 1200, 200, 160, 1), w("HÒA", 1375, 200, 120, 1), w("XÃ", 1510, 200, 75, 1), w("HỘI", 1600, 200, 100, 1),
		w("TỈNH", 350, 265, 135, 2), w("AN", 500, 265, 70, 2), w("GIANG", 585, 265, 180, 2),
		w("Độc", 1300, 265, 95, 2), w("lập", 1410, 265, 75, 2), w("-", 1500, 280, 17, 2), w("Tự", 1530, 265, 70, 2), w("do", 1615, 265, 57, 2),
		w(">k", 500, 330, 21, 3), // the star, read with doubt below
		w("Số:", 330, 400, 60, 4), w("12/TB-UBND", 400, 400, 300, 4),
		w("An", 1300, 400, 60, 4), w("Giang,", 1375, 400, 150, 4), w("ngày", 1540, 400, 100, 4), w("3", 1655, 400, 25, 4),
		w("THÔNG", 1000, 700, 210, 5), w("BÁO", 1225, 700, 125, 5),
		w("TRUNG", 300, 900, 180, 6), w("ƯƠNG", 482, 900, 150, 6), // words 2 px apart stay two words
	}}
	p.Words[16].Conf = 75
	gs, h, _ := ocrGlyphs(p)
	if h < 841 || h > 843 {
		t.Errorf("page height %.1f pt, want 842 (3508 px at 300 dpi)", h)
	}
	res := laidOut([][]glyph{gs}, []float64{h}, 1, nil)
	want := "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 12/TB-UBND\n\nCỘNG HÒA XÃ HỘI\nĐộc lập - Tự do\nAn Giang, ngày 3\n"
	if !strings.Contains(res.Text, want) {
		t.Errorf("text:\n%s\nwant the columns apart:\n%s", res.Text, want)
	}
	for _, s := range []string{"THÔNG BÁO", "TRUNG ƯƠNG"} {
		if !strings.Contains(res.Text, s) {
			t.Errorf("text lacks %q:\n%s", s, res.Text)
		}
	}
	if strings.Contains(res.Text, ">k") {
		t.Errorf("the doubtful mark was kept:\n%s", res.Text)
	}
}

func TestTIFFPageSizes(t *testing.T) {
	pages := []*image.Gray{image.NewGray(image.Rect(0, 0, 30, 20)), image.NewGray(image.Rect(0, 0, 7, 9)), image.NewGray(image.Rect(0, 0, 1, 1))}
	data, err := encodeTIFF(pages, 300)
	if err != nil {
		t.Fatal(err)
	}
	if sniffImage(data) != FormatTIFF {
		t.Fatalf("not sniffed as TIFF")
	}
	sizes, err := tiffPageSizes(data)
	if err != nil || fmt.Sprint(sizes) != "[[30 20] [7 9] [1 1]]" {
		t.Errorf("sizes %v, %v", sizes, err)
	}
	bad := map[string][]byte{
		"truncated":      data[:20],
		"header only":    []byte("II*\x00"),
		"offset outside": []byte("II*\x00\xff\xff\xff\x00"),
		"no directory":   []byte("MM\x00*\x00\x00\x00\x00"),
		"a loop":         []byte("II*\x00\x08\x00\x00\x00\x00\x00\x08\x00\x00\x00"),
	}
	for name, b := range bad {
		if _, err := tiffPageSizes(b); !errors.Is(err, errBadTIFF) {
			t.Errorf("%s: err %v, want errBadTIFF", name, err)
		}
	}
}

// FuzzTIFFPageSizes: the directory walk over untrusted bytes ends, without
// panicking, within MaxPDFPages pages.
func FuzzTIFFPageSizes(f *testing.F) {
	page, _ := encodeTIFF([]*image.Gray{image.NewGray(image.Rect(0, 0, 3, 2)), image.NewGray(image.Rect(0, 0, 2, 2))}, 300)
	f.Add(page)
	f.Add([]byte("MM\x00*\x00\x00\x00\x08\x00\x01\x01\x00\x00\x03\x00\x00\x00\x01\x00\x05\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sizes, _ := tiffPageSizes(data)
		if len(sizes) > MaxPDFPages {
			t.Fatalf("%d pages", len(sizes))
		}
	})
}

// typedPage is page 1 of a typed fixture, rendered in gray at dpi.
func typedPage(t *testing.T, name string, dpi int) *image.Gray {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "formats", name))
	if err != nil {
		t.Fatal(err)
	}
	pages, err := rasterise(data, dpi)
	if err != nil {
		t.Fatal(err)
	}
	return pages[0]
}

// TestOCRImageFile OCRs a typed notice rasterised into a TIFF, and reads it
// again from the cache.
func TestOCRImageFile(t *testing.T) {
	needTesseract(t)
	page := typedPage(t, "web-029.pdf", 300)
	tiff, err := encodeTIFF([]*image.Gray{page}, 300)
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	pages := 0
	opts := Options{OCRCache: cache, OnOCRPage: func() { pages++ }}
	doc, err := ReadWith("scan.tiff", tiff, opts)
	if err != nil {
		t.Fatal(err)
	}
	if pages != 1 {
		t.Errorf("OnOCRPage called %d times, want once", pages)
	}
	if doc.Format != FormatTIFF || doc.Extractor != "tesseract" || doc.Pages != 1 || doc.OCR == nil {
		t.Fatalf("format %s extractor %s pages %d ocr %+v", doc.Format, doc.Extractor, doc.Pages, doc.OCR)
	}
	if !strings.HasPrefix(doc.OCR.Engine, "tesseract ") || doc.OCR.Confidence < 80 || len(doc.OCR.Pages) != 1 || doc.OCR.Pages[0].Words < 100 {
		t.Errorf("ocr %+v: want the engine, confidence over 80 on a clean rendering, the page's words", doc.OCR)
	}
	for _, s := range []string{"Chủ tịch Hồ Chí Minh", "Nơi nhận", "Trần Thị Kim Liên"} {
		if !strings.Contains(doc.Text, s) {
			t.Errorf("text lacks %q:\n%s", s, doc.Text)
		}
	}
	cached, _ := filepath.Glob(filepath.Join(cache, doc.SHA256[:2], doc.SHA256, "p*.json"))
	if len(cached) != 1 {
		t.Fatalf("cache holds %v, want one page", cached)
	}
	again, err := ReadWith("scan.tiff", tiff, opts)
	if err != nil || again.Text != doc.Text {
		t.Errorf("read from the cache: err %v, text differs: %v", err, err == nil && again.Text != doc.Text)
	}
	if _, err := ReadWith("scan.tiff", tiff, Options{OCR: OCRNever}); !errors.Is(err, ErrNoText) {
		t.Errorf("--ocr never: err %v, want ErrNoText", err)
	}
}

// scanPDF wraps a gray page image in a PDF page of 595×842 points, with
// stamp drawn as text in the top right corner (an e-signature's stamp).
func scanPDF(g *image.Gray, stamp string) []byte {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	for y := 0; y < g.Rect.Dy(); y++ {
		zw.Write(g.Pix[y*g.Stride : y*g.Stride+g.Rect.Dx()])
	}
	zw.Close()
	img := fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream",
		g.Rect.Dx(), g.Rect.Dy(), z.Len(), z.String())
	content := "q 595 0 0 842 0 0 cm /Im1 Do Q\n"
	if stamp != "" {
		content += "BT /F1 7 Tf 420 820 Td (" + stamp + ") Tj ET"
	}
	return buildPDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /Im1 6 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /Widths [" + strings.Repeat("500 ", 95) + "] >>",
		stream(content),
		img,
	}, "")
}

// TestOCRScannedPDF reads a scanned page under a signature stamp: auto
// mode OCRs it, never mode keeps the stamp's text, and a scan without any
// text layer is OCR'd too.
func TestOCRScannedPDF(t *testing.T) {
	needTesseract(t)
	page := typedPage(t, "web-029.pdf", 200)
	for _, stamp := range []string{"Ky boi: Van phong Tinh uy 26/01/2025", ""} {
		pdf := scanPDF(page, stamp)
		doc, err := ReadWith("scan.pdf", pdf, Options{OCRCache: "-"})
		if err != nil {
			t.Fatalf("stamp %q: %v", stamp, err)
		}
		if doc.Extractor != "tesseract" || doc.OCR == nil || len(doc.OCR.Pages) != 1 || !strings.Contains(doc.Text, "Nơi nhận") {
			t.Errorf("stamp %q: extractor %s ocr %+v text:\n%s", stamp, doc.Extractor, doc.OCR, doc.Text)
		}
		never, err := ReadWith("scan.pdf", pdf, Options{OCR: OCRNever})
		switch {
		case stamp == "" && !errors.Is(err, ErrNoText):
			t.Errorf("no text layer, --ocr never: err %v, want ErrNoText", err)
		case stamp != "" && (err != nil || strings.TrimSpace(never.Text) != stamp || never.OCR != nil):
			t.Errorf("--ocr never: err %v, want the stamp's text alone", err)
		}
	}
}

// TestOCRWithoutTesseract: without Tesseract a typed PDF with a sparse
// page still reads, and a scan or an image file fails with ErrNoOCR
// saying how to install it.
func TestOCRWithoutTesseract(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	saved := tesseract
	tesseract = new(tesseractProbe)
	t.Cleanup(func() { tesseract = saved })

	doc, err := ReadWith("typed.pdf", onePagePDF("BT /F1 9 Tf 72 700 Td (Trang cuoi) Tj ET"), Options{OCRCache: "-"})
	if err != nil || !strings.Contains(doc.Text, "Trang cuoi") || doc.OCR != nil {
		t.Fatalf("a typed page with little text: err %v", err)
	}
	white := image.NewGray(image.Rect(0, 0, 60, 85))
	for i := range white.Pix {
		white.Pix[i] = 255
	}
	tiff, _ := encodeTIFF([]*image.Gray{white}, 300)
	for name, data := range map[string][]byte{
		"scan.pdf":         scanPDF(white, ""),
		"stamped-scan.pdf": scanPDF(white, "Ky boi: So Noi vu"),
		"scan.tiff":        tiff,
	} {
		_, err := ReadWith(name, data, Options{OCRCache: "-"})
		if !errors.Is(err, ErrNoOCR) || !strings.Contains(err.Error(), "apt-get install tesseract-ocr tesseract-ocr-vie") || !strings.HasPrefix(err.Error(), name+": ") {
			t.Errorf("%s: err %v, want ErrNoOCR naming the file and saying how to install Tesseract", name, err)
		}
	}
}

func TestBlankPGM(t *testing.T) {
	page := func(dark int) []byte {
		g := image.NewGray(image.Rect(0, 0, 100, 100))
		for i := range g.Pix {
			g.Pix[i] = 250
		}
		for i := 0; i < dark; i++ {
			g.Pix[i*37%len(g.Pix)] = 10
		}
		return encodePGM(g)
	}
	for _, tt := range []struct {
		dark  int
		blank bool
	}{{0, true}, {1, true}, {2, false}, {500, false}} {
		if got := blankPGM(page(tt.dark)); got != tt.blank {
			t.Errorf("%d dark pixels of 10,000: blank %v, want %v", tt.dark, got, tt.blank)
		}
	}
}

// TestSparsePagesNeedAnImage: a page with little text is offered to OCR
// only when it holds an image (a scan under a stamp), not when it is a
// typed page that ends a document.
func TestSparsePagesNeedAnImage(t *testing.T) {
	white := image.NewGray(image.Rect(0, 0, 60, 85))
	for name, tt := range map[string]struct {
		data []byte
		want []int
	}{
		"typed page with little text": {onePagePDF("BT /F1 9 Tf 72 700 Td (Trang cuoi) Tj ET"), nil},
		"scan under a typed stamp":    {scanPDF(white, "Ky boi: So Noi vu"), []int{1}},
	} {
		res, err := readPDFText(tt.data)
		if err != nil && !errors.Is(err, errNoText) {
			t.Fatalf("%s: %v", name, err)
		}
		if !slices.Equal(res.Sparse, tt.want) {
			t.Errorf("%s: sparse pages %v, want %v", name, res.Sparse, tt.want)
		}
	}
}

// TestDoubtfulRegions: a word read with little confidence seeds a region
// with its close neighbours on its line, not the words of another column
// on the same line; specks, confident words and single letters seed
// none; overlapping regions merge.
func TestDoubtfulRegions(t *testing.T) {
	page := image.Rect(0, 0, 2400, 3400)
	w := func(text string, x, y, wd, conf float64, line int) ocrWord {
		return ocrWord{Text: text, Box: [4]int{int(x), int(y), int(wd), 40}, Conf: conf, Line: line}
	}
	words := []ocrWord{
		w("Nơi", 330, 2636, 84, 96, 31), w("nhận:", 424, 2639, 123, 96, 31), w("KT.", 1545, 2636, 86, 96, 31), w("CHỦ", 1649, 2636, 116, 96, 31),
		w("„S", 332, 2693, 201, 0, 32), w("PHÓ", 1529, 2693, 114, 93, 32), // the lost "- Như trên;" beside the signer's column
		w("-", 331, 2764, 12, 92, 33), w("CT,", 358, 2746, 68, 92, 33), w("PCT", 440, 2748, 83, 91, 33),
		w("x", 900, 1000, 20, 5, 20),                                                                    // one letter
		w("ĐAI", 498, 2181, 40, 0, 25), w("Bộ", 561, 2182, 27, 69, 25), w("tha", 605, 2182, 73, 11, 25), // one merged line, two seeds
	}
	got := doubtfulRegions(words, 40, page)
	want := []image.Rectangle{image.Rect(498, 2181, 678, 2222), image.Rect(332, 2693, 533, 2733)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("regions %v, want %v", got, want)
	}
}

// TestReplaceRegion: a surer second reading replaces the words centred in
// the region, in their place, on new lines; a reading no surer, or empty,
// leaves them.
func TestReplaceRegion(t *testing.T) {
	words := []ocrWord{
		{Text: "nhận:", Box: [4]int{424, 2639, 123, 46}, Conf: 96, Line: 31},
		{Text: "„S", Box: [4]int{332, 2693, 201, 44}, Conf: 0, Line: 32},
		{Text: "CT,", Box: [4]int{358, 2746, 68, 42}, Conf: 92, Line: 33},
	}
	r := image.Rect(332, 2693, 533, 2737)
	again := []ocrWord{{Text: "-", Box: [4]int{335, 2712, 12, 5}, Conf: 90, Line: 1}, {Text: "Như", Box: [4]int{360, 2695, 80, 40}, Conf: 95, Line: 1}, {Text: "trên;", Box: [4]int{450, 2695, 80, 44}, Conf: 94, Line: 1}}
	out, ok := replaceRegion(words, r, again)
	var texts []string
	for _, w := range out {
		texts = append(texts, fmt.Sprintf("%s/%d", w.Text, w.Line))
	}
	if !ok || strings.Join(texts, " ") != "nhận:/31 -/34 Như/34 trên;/34 CT,/33" {
		t.Errorf("replaced %v: %v", ok, texts)
	}
	for _, tc := range [][]ocrWord{nil, {{Text: "~", Box: [4]int{335, 2700, 12, 5}, Conf: 12, Line: 1}}} {
		if out, ok := replaceRegion(words, r, tc); ok || len(out) != len(words) {
			t.Errorf("a reading of confidence %.0f replaced the old: %v", meanConfidence(tc), out)
		}
	}
}
