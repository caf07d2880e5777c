package extract

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"

	"github.com/klippa-app/go-pdfium/requests"
)

// RasterisePDF renders every page of a trusted PDF at dpi (dots per inch)
// in 8-bit gray and returns them as one uncompressed multi-page TIFF: the
// file a scanner would give for the printed document. Tests and the OCR
// benchmark use it to OCR typed fixtures and score them against the same
// gold labels. It runs PDFium in the calling process, without the
// worker's bounds, so it is not for untrusted files.
func RasterisePDF(data []byte, dpi int) ([]byte, error) {
	pages, err := rasterise(data, dpi)
	if err != nil {
		return nil, err
	}
	return encodeTIFF(pages, dpi)
}

// rasterise renders every page of data at dpi in gray.
func rasterise(data []byte, dpi int) ([]*image.Gray, error) {
	inst, closeInst, err := pdfiumInstance()
	if err != nil {
		return nil, err
	}
	defer closeInst()
	doc, count, err := pdfiumOpen(inst, data)
	if err != nil {
		return nil, err
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	var pages []*image.Gray
	for i := 0; i < count; i++ {
		r, err := inst.RenderPageInDPI(&requests.RenderPageInDPI{
			Page:        requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}},
			DPI:         dpi,
			ImageFormat: requests.RenderImageFormatGrayscale,
		})
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		g, ok := r.Result.RenderedImage.(*image.Gray)
		if !ok {
			r.Cleanup()
			return nil, fmt.Errorf("page %d: unexpected image %T", i+1, r.Result.RenderedImage)
		}
		// The pixels live in WebAssembly memory until Cleanup.
		c := image.NewGray(image.Rect(0, 0, g.Rect.Dx(), g.Rect.Dy()))
		for y := 0; y < c.Rect.Dy(); y++ {
			copy(c.Pix[y*c.Stride:(y+1)*c.Stride], g.Pix[y*g.Stride:])
		}
		r.Cleanup()
		pages = append(pages, c)
	}
	return pages, nil
}

// encodeTIFF writes gray pages as an uncompressed little-endian TIFF, one
// image file directory per page, each page one strip, with its resolution.
func encodeTIFF(pages []*image.Gray, dpi int) ([]byte, error) {
	if len(pages) == 0 {
		return nil, errors.New("no pages")
	}
	var b bytes.Buffer
	le := binary.LittleEndian
	b.WriteString("II*\x00")
	binary.Write(&b, le, uint32(8))
	const entries = 11
	for i, g := range pages {
		w, h := g.Rect.Dx(), g.Rect.Dy()
		ifd := uint32(b.Len())
		res := ifd + 2 + 12*entries + 4
		pix := res + 16
		next := uint32(0)
		if i < len(pages)-1 {
			next = pix + uint32(w*h)
		}
		binary.Write(&b, le, uint16(entries))
		entry := func(tag, typ uint16, count, value uint32) {
			binary.Write(&b, le, tag)
			binary.Write(&b, le, typ)
			binary.Write(&b, le, count)
			binary.Write(&b, le, value)
		}
		entry(256, 4, 1, uint32(w))   // ImageWidth
		entry(257, 4, 1, uint32(h))   // ImageLength
		entry(258, 3, 1, 8)           // BitsPerSample
		entry(259, 3, 1, 1)           // Compression: none
		entry(262, 3, 1, 1)           // PhotometricInterpretation: black is zero
		entry(273, 4, 1, pix)         // StripOffsets
		entry(277, 3, 1, 1)           // SamplesPerPixel
		entry(278, 4, 1, uint32(h))   // RowsPerStrip
		entry(279, 4, 1, uint32(w*h)) // StripByteCounts
		entry(282, 5, 1, res)         // XResolution
		entry(283, 5, 1, res+8)       // YResolution
		binary.Write(&b, le, next)
		for range 2 {
			binary.Write(&b, le, uint32(dpi))
			binary.Write(&b, le, uint32(1))
		}
		for y := 0; y < h; y++ {
			b.Write(g.Pix[y*g.Stride : y*g.Stride+w])
		}
	}
	return b.Bytes(), nil
}
