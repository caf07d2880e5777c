package extract

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // image.DecodeConfig reads JPEG sizes
	_ "image/png"  // and PNG sizes
	"time"
)

// Image files — a scanner's PNG, JPEG or multi-page TIFF — are OCR'd page
// by page in the worker process, like scanned PDF pages.

// The image formats read through OCR.
const (
	FormatPNG  Format = "png"
	FormatJPEG Format = "jpeg"
	FormatTIFF Format = "tiff"
)

// sniffImage tells an image format by its magic number, or "".
func sniffImage(data []byte) Format {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return FormatPNG
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return FormatJPEG
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return FormatTIFF
	}
	return ""
}

// ErrBadImage: an image file that cannot be decoded or OCR'd.
var ErrBadImage = errors.New("unreadable image")

// errBadTIFF: the TIFF's directory chain cannot be followed.
var errBadTIFF = errors.New("malformed TIFF")

// tiffPageSizes returns the width and height in pixels of each page
// (image file directory) of a TIFF, at most MaxPDFPages of them; the
// directory chain is followed with a guard against loops.
func tiffPageSizes(data []byte) ([][2]int, error) {
	if len(data) < 8 {
		return nil, errBadTIFF
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if data[0] == 'M' {
		bo = binary.BigEndian
	}
	var sizes [][2]int
	seen := map[uint32]bool{}
	for off := bo.Uint32(data[4:]); off != 0 && len(sizes) < MaxPDFPages; {
		if seen[off] || int64(off)+2 > int64(len(data)) {
			return sizes, errBadTIFF
		}
		seen[off] = true
		n := int(bo.Uint16(data[off:]))
		end := int64(off) + 2 + 12*int64(n)
		if end+4 > int64(len(data)) {
			return sizes, errBadTIFF
		}
		var size [2]int
		for i := 0; i < n; i++ {
			e := data[int(off)+2+12*i:]
			tag, typ := bo.Uint16(e), bo.Uint16(e[2:])
			var v int
			switch typ {
			case 3: // SHORT
				v = int(bo.Uint16(e[8:]))
			case 4: // LONG
				v = int(bo.Uint32(e[8:]))
			}
			switch tag {
			case 256:
				size[0] = v
			case 257:
				size[1] = v
			}
		}
		sizes = append(sizes, size)
		off = bo.Uint32(data[end:])
	}
	if len(sizes) == 0 {
		return nil, errBadTIFF
	}
	return sizes, nil
}

// imagePageSizes is the size in pixels of each page of an image file.
func imagePageSizes(data []byte, format Format) ([][2]int, error) {
	if format == FormatTIFF {
		return tiffPageSizes(data)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("malformed %s: %w", format, err)
	}
	return [][2]int{{cfg.Width, cfg.Height}}, nil
}

// readImage OCRs an image file in a worker process.
func readImage(data []byte, format Format, sha string, opts Options) (*Document, error) {
	if opts.OCR == OCRNever {
		return nil, fmt.Errorf("%w: a %s image, and OCR is off (--ocr never)", ErrNoText, format)
	}
	sizes, err := imagePageSizes(data, format)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadImage, err)
	}
	res, err := runOCRWorker(data, ocrRequest{Mode: OCRAlways, Cache: opts.ocrCache(), SHA: sha, Image: string(format)}, len(sizes), opts.OnOCRPage)
	if err != nil {
		if errors.Is(err, ErrNoOCR) {
			return nil, fmt.Errorf("a %s image needs OCR: %w", format, err)
		}
		return nil, fmt.Errorf("%w: %v", ErrBadImage, err)
	}
	return ocrDocument(&Document{Format: format, Encoding: "unicode"}, res)
}

// readImageOCR reads the pages of an image file inside the worker.
func readImageOCR(data []byte, req ocrRequest, engine string) workerResult {
	sizes, err := imagePageSizes(data, Format(req.Image))
	if err != nil {
		return workerResult{Err: err.Error()}
	}
	r := &ocrReader{req: req, sum: ocrSummary{Engine: engine}}
	for i, size := range sizes {
		page := -1
		if req.Image == string(FormatTIFF) {
			page = i
		}
		r.page(i+1, func() (*ocrPage, error) {
			words, err := runTesseract(data, page, 0)
			if err != nil {
				return nil, err
			}
			// Tesseract takes the resolution from the image; the layout
			// only needs a consistent scale, so boxes are read as 300 dpi.
			return &ocrPage{Width: size[0], Height: size[1], DPI: ocrDPI, Words: words}, nil
		})
	}
	return r.result(len(sizes), 0)
}

// runOCRWorker runs an OCR request in a worker process, with the time
// limit grown by ocrPageTimeout for each of its pages. Without Tesseract
// the worker still tells whether a PDF has scanned pages: a typed PDF does
// not fail for want of it; a scan fails with ErrNoOCR.
func runOCRWorker(data []byte, req ocrRequest, pages int, onPage func()) (*workerResult, error) {
	engine, noEngine := tesseractVersion()
	if noEngine != nil && req.Image != "" {
		return nil, noEngine
	}
	req.Engine = engine
	js, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	lim := DefaultWorkerLimits
	lim.Timeout += ocrPageTimeout * time.Duration(max(pages, 1))
	lim.onPage = onPage
	res, err := runPDFWorker(data, lim, readerOCR+string(js))
	if err != nil {
		return nil, err
	}
	if res.OCR != nil && res.OCR.Unavailable {
		return nil, noEngine
	}
	if res.Err != "" {
		return nil, fmt.Errorf("OCR failed: %s", res.Err)
	}
	return res, nil
}
