package extract

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// Limits on what one PDF may cost the worker that reads it.
const (
	// MaxPDFPages is the most pages read from one PDF; later pages are
	// dropped with a note.
	MaxPDFPages = 2000
	// maxGlyphs bounds the glyphs kept from one document (about 40 MB).
	maxGlyphs = 4 << 20
	// maxFormDepth bounds nested form XObjects.
	maxFormDepth = 4
)

// errNoText: the PDF has pages but no text layer (a scan).
var errNoText = errors.New("no text layer")

// A glyph is one decoded character code drawn on a page, in page space
// (points, y growing upwards).
type glyph struct {
	x, y, w, size float64
	s             string
	font          *fontInfo
}

// fontInfo is what the walker needs of a font: how to decode its codes
// and how wide each code is.
type fontInfo struct {
	name    string // BaseFont without the subset prefix
	enc     pdf.TextEncoding
	twoByte bool // Type0 font: codes are two bytes
	first   int
	widths  []float64       // simple fonts: widths from first
	cidW    map[int]float64 // Type0 fonts: widths by CID
	dw      float64         // Type0 default width
	missing float64         // simple fonts: width of codes outside Widths
	bold    bool
	legacy  legacyFont // a TCVN3/VNI font family, by name
}

func (f *fontInfo) width(code int) float64 {
	if f.twoByte {
		if w, ok := f.cidW[code]; ok {
			return w
		}
		return f.dw
	}
	if i := code - f.first; i >= 0 && i < len(f.widths) {
		if w := f.widths[i]; w > 0 {
			return w
		}
	}
	return f.missing
}

func newFontInfo(v pdf.Value) *fontInfo {
	fnt := pdf.Font{V: v}
	name := fnt.BaseFont()
	if i := strings.IndexByte(name, '+'); i >= 0 && i < len(name)-1 {
		name = name[i+1:]
	}
	fi := &fontInfo{name: name, enc: fnt.Encoder(), missing: 500, dw: 1000}
	if fi.enc == nil {
		fi.enc = identityEncoding{}
	}
	low := strings.ToLower(name)
	fi.bold = strings.Contains(low, "bold") || strings.Contains(low, "black") || strings.Contains(low, "heavy")
	fi.legacy = legacyFontOf(name)
	if v.Key("Subtype").Name() == "Type0" {
		fi.twoByte = true
		desc := v.Key("DescendantFonts").Index(0)
		if dw := desc.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
			fi.dw = dw.Float64()
		}
		fi.cidW = readCIDWidths(desc.Key("W"))
		return fi
	}
	fi.first = fnt.FirstChar()
	ws := v.Key("Widths")
	n := ws.Len()
	if n > 65536 {
		n = 65536
	}
	fi.widths = make([]float64, n)
	for i := range fi.widths {
		fi.widths[i] = ws.Index(i).Float64()
	}
	if mw := v.Key("FontDescriptor").Key("MissingWidth"); mw.Kind() == pdf.Integer || mw.Kind() == pdf.Real {
		fi.missing = mw.Float64()
	}
	return fi
}

// readCIDWidths reads a CIDFont /W array: "c [w1 w2 …]" or "cfirst clast w".
func readCIDWidths(w pdf.Value) map[int]float64 {
	m := make(map[int]float64)
	for i := 0; i < w.Len(); {
		first := int(w.Index(i).Int64())
		next := w.Index(i + 1)
		if next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && j < 65536; j++ {
				m[first+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		last := int(next.Int64())
		wd := w.Index(i + 2).Float64()
		if last-first > 65536 || last < first {
			break
		}
		for c := first; c <= last; c++ {
			m[c] = wd
		}
		i += 3
	}
	return m
}

// identityEncoding passes codes through; used when a font gives none.
type identityEncoding struct{}

func (identityEncoding) Decode(raw string) string { return raw }

type matrix [3][3]float64

var ident = matrix{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}

func (x matrix) mul(y matrix) matrix {
	var z matrix
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			for k := 0; k < 3; k++ {
				z[i][j] += x[i][k] * y[k][j]
			}
		}
	}
	return z
}

type textState struct {
	tc, tw, th, tl, tfs, rise float64
	font                      *fontInfo
	tm, tlm, ctm              matrix
}

// pageWalker collects the glyphs of one page.
type pageWalker struct {
	fonts  map[string]*fontInfo
	glyphs []glyph
	total  *int // glyphs over the whole document
	full   bool
}

// walkPage interprets a page's content stream (and the form XObjects it
// draws) and returns its glyphs.
func walkPage(p pdf.Page, total *int) (gs []glyph, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed page content: %v", r)
		}
	}()
	w := &pageWalker{fonts: make(map[string]*fontInfo), total: total}
	content := p.V.Key("Contents")
	if content.IsNull() {
		return nil, nil
	}
	w.interpret(content, p.Resources(), ident, 0)
	return w.glyphs, nil
}

func num(v pdf.Value) float64 {
	f := v.Float64()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

func (w *pageWalker) font(res pdf.Value, name string) *fontInfo {
	if f, ok := w.fonts[name]; ok {
		return f
	}
	f := newFontInfo(res.Key("Font").Key(name))
	w.fonts[name] = f
	return f
}

func (w *pageWalker) interpret(strm, res pdf.Value, ctm matrix, depth int) {
	g := textState{th: 1, ctm: ctm, tm: ident, tlm: ident}
	var stack []textState
	fonts := w.fonts
	if depth > 0 {
		// A form has its own resources: its font names are its own.
		w.fonts = make(map[string]*fontInfo)
		defer func() { w.fonts = fonts }()
	}
	args := make([]pdf.Value, 0, 8)
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		args = args[:0]
		for n := stk.Len(); n > 0; n-- {
			args = append(args, pdf.Value{})
		}
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		if w.full {
			return
		}
		switch op {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, g)
			}
		case "Q":
			if n := len(stack); n > 0 {
				g = stack[n-1]
				stack = stack[:n-1]
			}
		case "cm":
			if len(args) == 6 {
				g.ctm = toMatrix(args).mul(g.ctm)
			}
		case "BT":
			g.tm, g.tlm = ident, ident
		case "Tc":
			if len(args) == 1 {
				g.tc = num(args[0])
			}
		case "Tw":
			if len(args) == 1 {
				g.tw = num(args[0])
			}
		case "Tz":
			if len(args) == 1 {
				g.th = num(args[0]) / 100
			}
		case "TL":
			if len(args) == 1 {
				g.tl = num(args[0])
			}
		case "Ts":
			if len(args) == 1 {
				g.rise = num(args[0])
			}
		case "Tf":
			if len(args) == 2 {
				g.font = w.font(res, args[0].Name())
				g.tfs = num(args[1])
			}
		case "Td", "TD":
			if len(args) == 2 {
				if op == "TD" {
					g.tl = -num(args[1])
				}
				g.tlm = matrix{{1, 0, 0}, {0, 1, 0}, {num(args[0]), num(args[1]), 1}}.mul(g.tlm)
				g.tm = g.tlm
			}
		case "Tm":
			if len(args) == 6 {
				g.tm = toMatrix(args)
				g.tlm = g.tm
			}
		case "T*":
			g.nextLine()
		case "'":
			if len(args) == 1 {
				g.nextLine()
				w.show(&g, args[0].RawString())
			}
		case "\"":
			if len(args) == 3 {
				g.tw, g.tc = num(args[0]), num(args[1])
				g.nextLine()
				w.show(&g, args[2].RawString())
			}
		case "Tj":
			if len(args) == 1 {
				w.show(&g, args[0].RawString())
			}
		case "TJ":
			if len(args) != 1 {
				return
			}
			a := args[0]
			for i := 0; i < a.Len(); i++ {
				x := a.Index(i)
				if x.Kind() == pdf.String {
					w.show(&g, x.RawString())
				} else {
					tx := -num(x) / 1000 * g.tfs * g.th
					g.tm = matrix{{1, 0, 0}, {0, 1, 0}, {tx, 0, 1}}.mul(g.tm)
				}
			}
		case "Do":
			if len(args) != 1 || depth >= maxFormDepth {
				return
			}
			xo := res.Key("XObject").Key(args[0].Name())
			if xo.Key("Subtype").Name() != "Form" {
				return
			}
			m := ident
			if mv := xo.Key("Matrix"); mv.Len() == 6 {
				vals := make([]pdf.Value, 6)
				for i := range vals {
					vals[i] = mv.Index(i)
				}
				m = toMatrix(vals)
			}
			fres := xo.Key("Resources")
			if fres.IsNull() {
				fres = res
			}
			w.interpret(xo, fres, m.mul(g.ctm), depth+1)
		}
	})
}

func toMatrix(a []pdf.Value) matrix {
	var m matrix
	for i := 0; i < 6; i++ {
		m[i/2][i%2] = num(a[i])
	}
	m[2][2] = 1
	return m
}

func (g *textState) nextLine() {
	g.tlm = matrix{{1, 0, 0}, {0, 1, 0}, {0, -g.tl, 1}}.mul(g.tlm)
	g.tm = g.tlm
}

// show draws a string of character codes, one glyph per code.
func (w *pageWalker) show(g *textState, raw string) {
	f := g.font
	if f == nil {
		return
	}
	step := 1
	if f.twoByte {
		step = 2
	}
	for i := 0; i+step <= len(raw); i += step {
		code := int(raw[i])
		if step == 2 {
			code = code<<8 | int(raw[i+1])
		}
		s := f.enc.Decode(raw[i : i+step])
		w0 := f.width(code)
		trm := matrix{{g.tfs * g.th, 0, 0}, {0, g.tfs, 0}, {0, g.rise, 1}}.mul(g.tm).mul(g.ctm)
		size := math.Hypot(trm[1][0], trm[1][1])
		adv := w0 / 1000 * g.tfs
		if step == 1 && code == ' ' {
			adv += g.tw
		}
		adv = (adv + g.tc) * g.th
		width := w0 / 1000 * math.Hypot(trm[0][0], trm[0][1])
		g.tm = matrix{{1, 0, 0}, {0, 1, 0}, {adv, 0, 1}}.mul(g.tm)
		if s == "" || !utf8.ValidString(s) {
			continue
		}
		if *w.total >= maxGlyphs {
			w.full = true
			return
		}
		// A combining mark drawn as its own glyph (NFD text) joins its base.
		if r, _ := utf8.DecodeRuneInString(s); unicode.Is(unicode.Mn, r) && len(w.glyphs) > 0 {
			w.glyphs[len(w.glyphs)-1].s += s
			continue
		}
		*w.total++
		w.glyphs = append(w.glyphs, glyph{x: trm[2][0], y: trm[2][1], w: width, size: size, s: s, font: f})
	}
}

// pdfText is what a PDF reader gives: the laid-out text, the number of
// pages, the legacy encoding the text was converted from, if any, and
// notes for the record's warnings.
type pdfText struct {
	Text   string         `json:"text"`
	Pages  int            `json:"pages"`
	Legacy legacyEncoding `json:"legacy,omitempty"`
	Notes  []string       `json:"notes,omitempty"`
	// Sparse lists the pages (from 1) with little or no text: OCR
	// candidates (render.go); for a PDF without any text, the pages with
	// images.
	Sparse []int `json:"sparse,omitempty"`
}

// laidOut lays the glyphs out (see layoutPages) into a pdfText.
func laidOut(all [][]glyph, heights []float64, pages int, notes []string) pdfText {
	text, legacy := layoutPages(all, heights)
	if legacy != legacyNone {
		notes = append(notes, legacy.note())
	}
	return pdfText{Text: text, Pages: pages, Legacy: legacy, Notes: notes, Sparse: sparsePages(all, heights)}
}

// readPDFText reads the text layer of a PDF with our own walker and lays it
// out. It may hang or exhaust memory on crafted files, so production code
// calls it only inside a worker process (see worker.go).
func readPDFText(data []byte) (res pdfText, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed PDF: %v", r)
		}
	}()
	r, err := openPDF(data)
	if err != nil {
		return res, err
	}
	var notes []string
	list, pages := pageList(r.Trailer().Key("Root").Key("Pages"), MaxPDFPages)
	if pages > len(list) {
		notes = append(notes, fmt.Sprintf("only the first %d of %d pages were read", len(list), pages))
	}
	total := 0
	var all [][]glyph
	var pageHeights []float64
	for i, p := range list {
		num := i + 1
		gs, err := walkPage(p, &total)
		if err != nil {
			notes = append(notes, fmt.Sprintf("page %d: %v", num, err))
		}
		all = append(all, gs)
		pageHeights = append(pageHeights, mediaHeight(p))
		if total >= maxGlyphs {
			notes = append(notes, fmt.Sprintf("text stops at page %d: more than %d characters", num, maxGlyphs))
			break
		}
	}
	if total == 0 {
		if pages == 0 {
			return pdfText{Notes: notes}, errors.New("the PDF has no pages")
		}
		return pdfText{Pages: pages, Notes: notes, Sparse: imagePages(list)}, errNoText
	}
	return laidOut(all, pageHeights, pages, notes), nil
}

// Bounds on walking a page tree: its depth, and the nodes visited for
// each page kept.
const (
	maxPageTreeDepth = 64
	pageTreeVisits   = 8
)

// pageList returns the pages under the page tree node root in document
// order, at most max of them, and how many it found in all (up to the
// visit budget). ledongthuc's Reader.Page follows /Count down the tree
// with no guard, so a tree whose /Kids lead back to an ancestor kept it
// busy until the worker's time limit; this walk stops at a depth of
// maxPageTreeDepth and after pageTreeVisits nodes per page kept. A node
// with /Kids is an inner node whatever its /Type says; any other with
// /Type /Page or with /Contents is a page.
func pageList(root pdf.Value, max int) (list []pdf.Page, found int) {
	budget := pageTreeVisits*max + 1000
	var walk func(node pdf.Value, depth int)
	walk = func(node pdf.Value, depth int) {
		if budget <= 0 || depth > maxPageTreeDepth || node.Kind() != pdf.Dict {
			return
		}
		budget--
		if kids := node.Key("Kids"); kids.Kind() == pdf.Array {
			for i := 0; i < kids.Len() && budget > 0; i++ {
				walk(kids.Index(i), depth+1)
			}
			return
		}
		if node.Key("Type").Name() == "Page" || !node.Key("Contents").IsNull() {
			found++
			if len(list) < max {
				list = append(list, pdf.Page{V: node})
			}
		}
	}
	walk(root, 0)
	return list, found
}

func mediaHeight(p pdf.Page) float64 {
	// MediaBox is inheritable; a /Parent cycle must not loop forever.
	box := p.V.Key("MediaBox")
	v := p.V
	for i := 0; i < 32 && box.IsNull() && !v.IsNull(); i++ {
		v = v.Key("Parent")
		box = v.Key("MediaBox")
	}
	if box.Len() == 4 {
		if h := num(box.Index(3)) - num(box.Index(1)); h > 0 {
			return h
		}
	}
	return 842
}

// openPDF opens data with ledongthuc/pdf, skipping junk before the header.
func openPDF(data []byte) (*pdf.Reader, error) {
	if start := bytes.Index(data, []byte("%PDF-")); start > 0 {
		data = data[start:]
	}
	return pdf.NewReader(bytes.NewReader(data), int64(len(data)))
}
