package extract

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/responses"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// The fallback reader: PDFium compiled to WebAssembly (go-pdfium with
// wazero: pure Go, the module ships inside the Go module, nothing to
// install). It opens files ledongthuc/pdf refuses — AES-256 encryption with
// an empty password, PDF 2.0 headers, broken cross-reference tables, junk
// around the file — and files on which that library hangs or runs out of
// memory. It runs only inside the worker process, with a cap on the
// WebAssembly memory and no host file system mounted.

// pdfiumMemoryPages caps the WebAssembly memory: 8192 pages of 64 KiB,
// 512 MiB (a flate bomb otherwise grows it to several GB).
const pdfiumMemoryPages = 8192

// pdfiumInstance starts PDFium in WebAssembly; close releases it.
func pdfiumInstance() (inst pdfium.Pdfium, close func(), err error) {
	ctx := context.Background()
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithMemoryLimitPages(pdfiumMemoryPages)
	// Compiling the module takes seconds; wazero keeps the result in a
	// cache folder when it can have one.
	if dir, err := os.UserCacheDir(); err == nil {
		if cache, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "vanban", "wazero")); err == nil {
			rc = rc.WithCompilationCache(cache)
		}
	}
	pool, err := webassembly.Init(webassembly.Config{
		Context: ctx, MinIdle: 1, MaxIdle: 1, MaxTotal: 1,
		RuntimeConfig: rc,
		FSConfig:      wazero.NewFSConfig(), // no host directory mounted
		Stdout:        discard{}, Stderr: discard{},
	})
	if err != nil {
		return nil, nil, fmt.Errorf("pdfium: %w", err)
	}
	inst, err = pool.GetInstance(30 * time.Second)
	if err != nil {
		pool.Close()
		return nil, nil, fmt.Errorf("pdfium: %w", err)
	}
	return inst, func() { inst.Close(); pool.Close() }, nil
}

// pdfiumOpen opens data in inst with the empty password; it returns the
// document and its page count.
func pdfiumOpen(inst pdfium.Pdfium, data []byte) (*responses.OpenDocument, int, error) {
	empty := ""
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data, Password: &empty})
	if err != nil {
		return nil, 0, fmt.Errorf("pdfium: %w", err)
	}
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
		return nil, 0, fmt.Errorf("pdfium: %w", err)
	}
	return doc, count.PageCount, nil
}

// pdfiumPages reads the text of data with PDFium: each page's characters
// with their boxes, as glyphs for layoutPages.
func pdfiumPages(data []byte) (pages [][]glyph, heights []float64, total int, notes []string, err error) {
	inst, closeInst, err := pdfiumInstance()
	if err != nil {
		return nil, nil, 0, nil, err
	}
	defer closeInst()
	doc, count, err := pdfiumOpen(inst, data)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	n := count
	if n > MaxPDFPages {
		notes = append(notes, fmt.Sprintf("only the first %d of %d pages were read", MaxPDFPages, n))
		n = MaxPDFPages
	}
	glyphs := 0
	fonts := map[string]*fontInfo{}
	for i := 0; i < n; i++ {
		page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}
		width, height := pdfiumPageSize(inst, page)
		gs, err := pdfiumPageGlyphs(inst, page, &glyphs, fonts)
		if err != nil {
			notes = append(notes, fmt.Sprintf("page %d: %v", i+1, err))
		}
		pages = append(pages, gs)
		heights = append(heights, upright(gs, width, height))
		if glyphs >= maxGlyphs {
			notes = append(notes, fmt.Sprintf("text stops at page %d: more than %d characters", i+1, maxGlyphs))
			return pages, heights, glyphs, notes, nil
		}
	}
	if glyphs == 0 {
		if count == 0 {
			return nil, nil, 0, notes, errors.New("the PDF has no pages")
		}
		return nil, nil, count, notes, errNoText
	}
	return pages, heights, count, notes, nil
}

// pdfiumPageSize is a page's width and height in points (A4 if unknown).
func pdfiumPageSize(inst pdfium.Pdfium, page requests.Page) (width, height float64) {
	width, height = 595, 842
	if size, err := inst.GetPageSize(&requests.GetPageSize{Page: page}); err == nil && size.Height > 0 && size.Width > 0 {
		width, height = size.Width, size.Height
	}
	return width, height
}

// pdfiumPageGlyphs reads one page's characters as glyphs (see
// pdfiumGlyph), adding their number to *total and stopping at maxGlyphs;
// fonts caches each font's facts across the document's pages.
func pdfiumPageGlyphs(inst pdfium.Pdfium, page requests.Page, total *int, fonts map[string]*fontInfo) ([]glyph, error) {
	st, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{Page: page, Mode: requests.GetPageTextStructuredModeChars, CollectFontInformation: true})
	if err != nil {
		return nil, err
	}
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: page})
	if err != nil {
		return nil, err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	var gs []glyph
	for ci, c := range st.Chars {
		if c.Text == "" || c.Text == "\r" || c.Text == "\n" || strings.ContainsRune(c.Text, 0xFFFE) {
			continue
		}
		if *total >= maxGlyphs {
			break
		}
		*total++
		gs = append(gs, pdfiumGlyph(inst, tp.TextPage, ci, c, fonts))
	}
	advances(gs)
	tcvn3Hyphens(gs)
	return gs, nil
}

// pdfiumGlyph makes a glyph of PDFium's character index ci on text page
// tp: at its origin (on the baseline), as wide as its advance (the loose
// box, from the font's widths, not the ink's box, which ends short of
// the advance and puts gaps inside words), in the direction of its
// angle, with its font's name (a .VnTimeH font draws capitals with
// lower-case TCVN3 codes).
func pdfiumGlyph(inst pdfium.Pdfium, tp references.FPDF_TEXTPAGE, ci int, c *responses.GetPageTextStructuredChar, fonts map[string]*fontInfo) glyph {
	p := c.PointPosition
	g := glyph{x: p.Left, y: p.Bottom, w: p.Right - p.Left, size: (p.Top - p.Bottom) * 1.2, s: c.Text}
	if f := c.FontInformation; f != nil {
		if f.RenderedSize > 0 {
			g.size = f.RenderedSize
		} else if f.Size > 0 {
			g.size = f.Size
		}
		name := f.Name
		if i := strings.IndexByte(name, '+'); i >= 0 && i < len(name)-1 {
			name = name[i+1:]
		}
		fi, ok := fonts[name]
		if !ok {
			fi = &fontInfo{name: name, legacy: legacyFontOf(name)}
			fonts[name] = fi
		}
		g.font = fi
	}
	// The angle is counter-clockwise, in radians.
	g.dir = uint8(int(math.Round(c.Angle/(math.Pi/2))+4) % 4)
	if o, err := inst.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: tp, Index: ci}); err == nil {
		g.x, g.y = o.X, o.Y
	}
	if b, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp, Index: ci}); err == nil {
		r := b.Rect
		if g.dir&1 == 1 {
			g.w = float64(r.Top - r.Bottom)
		} else {
			g.w = float64(r.Right - r.Left)
		}
		if g.w < 0 {
			g.w = -g.w
		}
	}
	return g
}

// follows reports whether b is drawn right after a on its line.
func follows(a, b *glyph) bool {
	return a.dir == 0 && b.dir == 0 && math.Abs(a.y-b.y) < 0.2*a.size && b.x > a.x && b.x-a.x < 2*a.size
}

// advances narrows each glyph's width to the distance to the next glyph
// of its line where that is less: the loose box of an accented capital
// reaches over its neighbour.
func advances(gs []glyph) {
	for i := 0; i+1 < len(gs); i++ {
		if follows(&gs[i], &gs[i+1]) {
			gs[i].w = math.Min(gs[i].w, gs[i+1].x-gs[i].x)
		}
	}
}

// tcvn3Hyphens gives back the TCVN3 letter "ư" that PDFium reads as a
// hyphen. In a TCVN3 font (.VnTime…) "ư" is code 0xAD, which
// WinAnsiEncoding names "hyphen", so PDFium reports "-". A Vietnamese
// syllable has "ư" after its initial consonant or at its start, never
// after a vowel, and never before a capital or a digit: a "-" so placed
// in a TCVN3 font is taken for "ư" (converted with the rest of the
// TCVN3 text later), a hyphen between words ("kinh tế-xã hội", "12-5",
// "Hà Nội - Huế") stays.
func tcvn3Hyphens(gs []glyph) {
	touches := func(a, b *glyph) bool { return follows(a, b) && a.s != " " && b.s != " " }
	for i := range gs {
		g := &gs[i]
		if g.s != "-" || g.font == nil || g.font.legacy == fontUnicode {
			continue
		}

		if i > 0 && touches(&gs[i-1], g) && !strings.ContainsAny(gs[i-1].s, "bcdghklmnpqrstvx\u00aeBCDGHKLMNPQRSTVX\u00a7") {
			continue
		}
		if i+1 < len(gs) && touches(g, &gs[i+1]) {
			r, _ := utf8.DecodeRuneInString(gs[i+1].s)
			if ('A' <= r && r <= 'Z') || unicode.IsDigit(r) || r == '-' || r == ' ' {
				if r != ' ' {
					continue
				}
			}
		} else if i > 0 && !touches(&gs[i-1], g) {
			continue // a dash standing alone
		}
		g.s = "\u00ad"
	}
}

// readPDFium is readPDFText's fallback: the same layout over PDFium's
// characters.
func readPDFium(data []byte) (res pdfText, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdfium: %v", r)
		}
	}()
	all, heights, pages, notes, err := pdfiumPages(data)
	if err != nil {
		return pdfText{Pages: pages, Notes: notes}, err
	}
	return laidOut(all, heights, pages, notes), nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
