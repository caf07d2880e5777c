package extract

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/klippa-app/go-pdfium"
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
	for i := 0; i < n; i++ {
		page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}
		_, height := pdfiumPageSize(inst, page)
		gs, err := pdfiumPageGlyphs(inst, page, &glyphs)
		if err != nil {
			notes = append(notes, fmt.Sprintf("page %d: %v", i+1, err))
		}
		pages = append(pages, gs)
		heights = append(heights, height)
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

// pdfiumPageGlyphs reads one page's characters as glyphs, adding their
// number to *total and stopping at maxGlyphs.
func pdfiumPageGlyphs(inst pdfium.Pdfium, page requests.Page, total *int) ([]glyph, error) {
	st, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{Page: page, Mode: requests.GetPageTextStructuredModeChars, CollectFontInformation: true})
	if err != nil {
		return nil, err
	}
	var gs []glyph
	for _, c := range st.Chars {
		if c.Text == "" || c.Text == "\r" || c.Text == "\n" || strings.ContainsRune(c.Text, 0xFFFE) {
			continue
		}
		// The boxes are the ink's: their bottoms vary with the glyph
		// (the layout's line grouping allows for that) and their
		// widths end at the ink, a little short of the advance.
		p := c.PointPosition
		size := (p.Top - p.Bottom) * 1.2
		if f := c.FontInformation; f != nil {
			if f.RenderedSize > 0 {
				size = f.RenderedSize
			} else if f.Size > 0 {
				size = f.Size
			}
		}
		if *total >= maxGlyphs {
			break
		}
		*total++
		gs = append(gs, glyph{x: p.Left, y: p.Bottom, w: p.Right - p.Left, size: size, s: c.Text})
	}
	return gs, nil
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
