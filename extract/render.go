package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"math"
	"os"
	"strconv"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/ledongthuc/pdf"
)

// The OCR worker: inside the worker process (see worker.go), PDFium tells
// which pages are scans and renders them, Tesseract reads them, and the
// words go through the PDF layout code. Pages are cached one by one as
// they are read, so an interrupted run keeps the pages it finished.

// readerOCR prefixes the worker's reader name for an OCR request; the JSON
// of the ocrRequest follows it.
const readerOCR = "ocr "

// Thresholds for telling a scanned page from a typed one.
const (
	// ocrTextCoverage: a page whose glyph boxes cover less than this
	// share of its area holds no real text layer, at most a signature
	// stamp or a page number, unless it is a typed page with little on it
	// (in 8 of 62 typed PDFs here a last page holds only the closing or a
	// few lines): such a page is OCR'd only if images cover most of it.
	ocrTextCoverage = 0.03
	// ocrImageCoverage: a page whose images cover this share of its area
	// is a scan, when its text is sparse.
	ocrImageCoverage = 0.5
	// ocrMaxPixels bounds a rendered page (a poster-sized page is
	// rendered at a lower resolution): 64 megapixels.
	ocrMaxPixels = 64 << 20
)

// textCoverage is the share of area (square points) that the boxes of gs
// cover (overlaps counted twice, so it may exceed 1).
func textCoverage(gs []glyph, area float64) float64 {
	if area <= 0 {
		return 0
	}
	sum := 0.0
	for _, g := range gs {
		if g.w > 0 && g.size > 0 && !math.IsNaN(g.w) && !math.IsNaN(g.size) {
			sum += g.w * g.size
		}
	}
	return sum / area
}

// sparsePages lists the pages (from 1) whose text covers less than
// ocrTextCoverage of the page: candidates for OCR, which the OCR worker
// checks for a scanned image. Page width is taken as the height over √2
// (the ISO page shape), which the walker does not read.
func sparsePages(pages [][]glyph, heights []float64) []int {
	var out []int
	for i, gs := range pages {
		h := 842.0
		if i < len(heights) && heights[i] > 0 {
			h = heights[i]
		}
		if textCoverage(gs, h*h/math.Sqrt2) < ocrTextCoverage {
			out = append(out, i+1)
		}
	}
	return out
}

// imagePages lists the pages (from 1) whose resources name an image or a
// form XObject (which may hold one): for a PDF without text, the pages
// there is something to OCR on. Resources are inherited from the page
// tree; the walk up it is bounded.
func imagePages(list []pdf.Page) []int {
	var out []int
	for i, p := range list {
		res := p.V.Key("Resources")
		v := p.V
		for j := 0; j < 32 && res.IsNull() && !v.IsNull(); j++ {
			v = v.Key("Parent")
			res = v.Key("Resources")
		}
		xo := res.Key("XObject")
		for _, k := range xo.Keys() {
			if st := xo.Key(k).Key("Subtype").Name(); st == "Image" || st == "Form" {
				out = append(out, i+1)
				break
			}
		}
	}
	return out
}

// readOCRWorker serves an OCR request inside the worker process.
func readOCRWorker(data []byte, reqJSON string) workerResult {
	var req ocrRequest
	if err := json.Unmarshal([]byte(reqJSON), &req); err != nil {
		return workerResult{Err: "bad OCR request: " + err.Error()}
	}
	if req.Image != "" {
		if req.Engine == "" {
			return workerResult{OCR: &ocrSummary{Unavailable: true}}
		}
		return readImageOCR(data, req, req.Engine)
	}
	return readPDFOCR(data, req, req.Engine)
}

// ocrReader reads pages one by one, from the cache when it can, and keeps
// their glyphs and summaries.
type ocrReader struct {
	req     ocrRequest
	sum     ocrSummary
	all     [][]glyph
	heights []float64
	notes   []string
	failed  int
	errs    []string
}

// page reads page num (from 1) with read unless the cache has it, and
// adds its glyphs.
func (r *ocrReader) page(num int, read func() (*ocrPage, error)) {
	p, cached := loadOCRPage(r.req.Cache, r.req.SHA, num, r.sum.Engine)
	if !cached {
		var err error
		if p, err = read(); err != nil {
			r.notes = append(r.notes, fmt.Sprintf("page %d: OCR failed: %v", num, err))
			r.errs = append(r.errs, fmt.Sprintf("page %d: %v", num, err))
			r.failed++
			r.all, r.heights = append(r.all, nil), append(r.heights, 842)
			return
		}
		p.Version, p.Engine = ocrCacheVersion, r.sum.Engine
		storeOCRPage(r.req.Cache, r.req.SHA, num, p)
	}
	gs, h, notes := ocrGlyphs(p)
	for _, n := range notes {
		r.notes = append(r.notes, fmt.Sprintf("page %d: %s", num, n))
	}
	r.all, r.heights = append(r.all, gs), append(r.heights, h)
	r.sum.Pages = append(r.sum.Pages, ocrPageSummary{Page: num, Confidence: math.Round(p.confidence()*10) / 10, Words: len(p.Words), Cached: cached, Doubtful: p.doubtful()})
	fmt.Fprintln(os.Stdout, ocrPageMarker)
}

// result lays out the pages read.
func (r *ocrReader) result(pages, textPages int) workerResult {
	if r.failed > 0 && len(r.sum.Pages) == 0 && textPages == 0 {
		return workerResult{Err: r.errs[0]}
	}
	res := workerResult{Extractor: "tesseract", OCR: &r.sum}
	if textPages > 0 {
		res.Extractor = "pdfium+tesseract"
	}
	res.pdfText = laidOut(r.all, r.heights, pages, r.notes)
	res.Notes = append(res.Notes, ocrNotes(&r.sum)...)
	return res
}

// readPDFOCR OCRs the scanned pages of a PDF (every page in OCRAlways
// mode) and reads the others' text with PDFium.
func readPDFOCR(data []byte, req ocrRequest, engine string) (res workerResult) {
	defer func() {
		if r := recover(); r != nil {
			res = workerResult{Err: fmt.Sprintf("pdfium: %v", r)}
		}
	}()
	inst, closeInst, err := pdfiumInstance()
	if err != nil {
		return workerResult{Err: err.Error()}
	}
	defer closeInst()
	doc, count, err := pdfiumOpen(inst, data)
	if err != nil {
		return workerResult{Err: err.Error()}
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	r := &ocrReader{req: req, sum: ocrSummary{Engine: engine}}
	n := min(count, MaxPDFPages)
	if count > n {
		r.notes = append(r.notes, fmt.Sprintf("only the first %d of %d pages were read", n, count))
	}
	walked := walkedPages(data, req.Walker, n)
	total, textPages := 0, 0
	fonts := map[string]*fontInfo{}
	for i := 0; i < n; i++ {
		page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}
		w, h := pdfiumPageSize(inst, page)
		gs, _ := pdfiumPageGlyphs(inst, page, &total, fonts)
		if req.Mode != OCRAlways && !scannedPage(inst, page, gs, w, h) {
			// The text layer, read by vanban's walker when it read the
			// file in the first place (it keeps word breaks PDFium loses).
			if walked != nil {
				gs = walked[i]
			}
			r.all, r.heights = append(r.all, gs), append(r.heights, h)
			textPages++
			continue
		}
		if engine == "" {
			return workerResult{OCR: &ocrSummary{Unavailable: true}}
		}
		r.page(i+1, func() (*ocrPage, error) {
			g, dpi, err := renderGray(inst, page, w, h)
			if err != nil {
				return nil, err
			}
			img, pw, ph := encodePGM(g), g.Rect.Dx(), g.Rect.Dy()
			if blankPGM(img) {
				return &ocrPage{Width: pw, Height: ph, DPI: dpi}, nil
			}
			words, err := runTesseract(img, -1, dpi)
			if err != nil {
				return nil, err
			}
			words = rereadDoubtful(g, words, func(pgm []byte) ([]ocrWord, error) { return runTesseractAs(pgm, -1, dpi, 6) })
			return &ocrPage{Width: pw, Height: ph, DPI: dpi, Words: words}, nil
		})
	}
	if len(r.sum.Pages) == 0 && r.failed == 0 {
		return workerResult{OCR: &ocrSummary{Engine: engine, NotNeeded: true}}
	}
	return r.result(count, textPages)
}

// walkedPages reads each page's glyphs with vanban's walker over
// ledongthuc/pdf when use is set and the walker finds the same n pages;
// nil otherwise (PDFium's glyphs are used then).
func walkedPages(data []byte, use bool, n int) (pages [][]glyph) {
	if !use {
		return nil
	}
	defer func() {
		if recover() != nil {
			pages = nil
		}
	}()
	rd, err := openPDF(data)
	if err != nil {
		return nil
	}
	list, _ := pageList(rd.Trailer().Key("Root").Key("Pages"), MaxPDFPages)
	if len(list) != n {
		return nil
	}
	total := 0
	fonts := docFonts{}
	for _, p := range list {
		gs, _, _ := walkPage(p, fonts, &total)
		pages = append(pages, gs)
	}
	return pages
}

// scannedPage reports a page that needs OCR: one mostly covered by images
// whose text, if any, covers little of it (a signature stamp). A page of a
// typed document without text or images (a blank page, a colophon drawn
// as outlines) is not OCR'd; when no page has text, every page is (the
// caller asks for OCRAlways).
func scannedPage(inst pdfium.Pdfium, page requests.Page, gs []glyph, w, h float64) bool {
	if textCoverage(gs, w*h) >= ocrTextCoverage {
		return false
	}
	return imageCoverage(inst, page, w, h) >= ocrImageCoverage
}

// imageCoverage is the share of the page's area its image objects cover
// (clipped to the page; overlaps counted twice, capped at 1).
func imageCoverage(inst pdfium.Pdfium, page requests.Page, w, h float64) float64 {
	n, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil || w <= 0 || h <= 0 {
		return 0
	}
	sum := 0.0
	for i := 0; i < n.Count && i < 10000; i++ {
		obj, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: i})
		if err != nil {
			continue
		}
		t, err := inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj.PageObject})
		if err != nil || t.Type != enums.FPDF_PAGEOBJ_IMAGE {
			continue
		}
		b, err := inst.FPDFPageObj_GetBounds(&requests.FPDFPageObj_GetBounds{PageObject: obj.PageObject})
		if err != nil {
			continue
		}
		dx := math.Min(float64(b.Right), w) - math.Max(float64(b.Left), 0)
		dy := math.Min(float64(b.Top), h) - math.Max(float64(b.Bottom), 0)
		if dx > 0 && dy > 0 {
			sum += dx * dy
		}
	}
	return math.Min(sum/(w*h), 1)
}

// renderGray renders a page of w×h points in 8-bit gray at ocrDPI (less
// for a page larger than ocrMaxPixels), coloured ink dropped
// (dropColour). It returns the image and the resolution used; encodePGM
// makes of it the binary PGM Tesseract reads without decoding work.
func renderGray(inst pdfium.Pdfium, page requests.Page, w, h float64) (g *image.Gray, dpi int, err error) {
	dpi = ocrDPI
	for dpi > 72 && w*h*float64(dpi*dpi)/(72*72) > ocrMaxPixels {
		dpi -= 50
	}
	r, err := inst.RenderPageInDPI(&requests.RenderPageInDPI{Page: page, DPI: dpi, RenderFlags: enums.FPDF_RENDER_FLAG_ANNOT})
	if err != nil {
		return nil, 0, fmt.Errorf("rendering: %w", err)
	}
	defer r.Cleanup()
	c, ok := r.Result.RenderedImage.(*image.RGBA)
	if !ok {
		return nil, 0, fmt.Errorf("rendering: unexpected image %T", r.Result.RenderedImage)
	}
	return dropColour(c), dpi, nil
}

// inkSaturation: a pixel whose channels differ by more than this is
// coloured ink.
const inkSaturation = 60

// dropColour turns a page into gray keeping only dark neutral ink: a
// coloured pixel takes its brightest channel, a neutral one its luminance. The red seal stamped over the signer's title
// and name and the blue ink of a signature become light, black print stays
// black (Vietnamese documents print text in black; seals are red).
func dropColour(c *image.RGBA) *image.Gray {
	b := c.Rect
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		src := c.Pix[y*c.Stride : y*c.Stride+4*b.Dx()]
		dst := g.Pix[y*g.Stride : y*g.Stride+b.Dx()]
		for x := range dst {
			r, gr, bl := src[4*x], src[4*x+1], src[4*x+2]
			hi, lo := max(r, gr, bl), min(r, gr, bl)
			if hi-lo > inkSaturation {
				dst[x] = hi
			} else {
				dst[x] = uint8((299*int(r) + 587*int(gr) + 114*int(bl)) / 1000)
			}
		}
	}
	return g
}

// blankPGM reports a rendered page with next to no ink: fewer than one
// pixel in 5,000 darker than mid-gray (a blank page; a page of text has
// one in 20 or more). Tesseract is not run on it.
func blankPGM(pgm []byte) bool {
	// Skip the header: three lines.
	for i := 0; i < 3; i++ {
		j := bytes.IndexByte(pgm, '\n')
		if j < 0 {
			return false
		}
		pgm = pgm[j+1:]
	}
	dark := 0
	for _, p := range pgm {
		if p < 128 {
			dark++
		}
	}
	return dark*5000 < len(pgm)
}

// encodePGM writes a gray image as a binary PGM (P5).
func encodePGM(g *image.Gray) []byte {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	head := "P5\n" + strconv.Itoa(w) + " " + strconv.Itoa(h) + "\n255\n"
	out := make([]byte, 0, len(head)+w*h)
	out = append(out, head...)
	for y := 0; y < h; y++ {
		off := y * g.Stride
		out = append(out, g.Pix[off:off+w]...)
	}
	return out
}
