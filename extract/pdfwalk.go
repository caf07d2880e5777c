package extract

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
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
	// maxFormDepth bounds nested form XObjects (annotation appearances
	// count as one level).
	maxFormDepth = 12
	// maxPageOps bounds the content-stream operators interpreted for one
	// page, its form XObjects and annotation appearances included: a form
	// that draws itself, or forms fanning out into each other, stop there
	// instead of costing minutes and gigabytes.
	maxPageOps = 1 << 20
	// formCost is what drawing a form XObject costs of maxPageOps beyond
	// its own operators (opening and decoding its stream).
	formCost = 64
	// maxAnnots bounds the annotations drawn on one page.
	maxAnnots = 1000
)

// errPageOps stops a page's drawing at maxPageOps.
var errPageOps = errors.New("too many drawing operators")

// errNoText: the PDF has pages but no text layer (a scan).
var errNoText = errors.New("no text layer")

// A glyph is one decoded character code drawn on a page, in page space
// (points, y growing upwards) as the page is displayed (its /Rotate
// applied). dir is the direction its text runs in that space, in
// quarter turns counter-clockwise (0: left to right; 1: upwards; 2:
// upside down; 3: downwards). Glyphs of one run were drawn one after the
// other on one line of one text object. sig marks a glyph drawn by a digital
// signature's widget (its appearance stream), not by the page.
type glyph struct {
	x, y, w, size float64
	s             string
	font          *fontInfo
	run           int32 // the text line it was drawn in (see pageWalker.run)
	dir           uint8
	sig           bool
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
	space   float64         // simple fonts: width of the space (code 32), 0 if unknown
	bold    bool
	legacy  legacyFont // a TCVN3/VNI font family, by name
	// decoded codes (see decode)
	done1 [256]bool
	text1 [256]string
	text2 map[int]string
}

// decode is the text of one character code (raw, its bytes), decoded
// once per font: ledongthuc's CMap decoder scans its whole table for
// every code. Invalid UTF-8 decodes to "".
func (f *fontInfo) decode(code int, raw []byte) string {
	if code < 256 {
		if f.done1[code] {
			return f.text1[code]
		}
	} else if s, ok := f.text2[code]; ok {
		return s
	}
	s := f.enc.Decode(string(raw))
	if !utf8.ValidString(s) {
		s = ""
	}
	if code < 256 {
		f.done1[code], f.text1[code] = true, s
	} else {
		if f.text2 == nil {
			f.text2 = map[int]string{}
		}
		f.text2[code] = s
	}
	return s
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
	if i := ' ' - fi.first; i >= 0 && i < len(fi.widths) && fi.enc.Decode(" ") == " " {
		fi.space = fi.widths[i]
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

// docFonts caches the fonts of one document by their dictionary (its
// printed form names the objects it refers to), so that a font used on
// every page, or in every form, is read once.
type docFonts map[string]*fontInfo

// pageWalker collects the glyphs of one page.
type pageWalker struct {
	fonts  docFonts
	glyphs []glyph
	total  *int // glyphs over the whole document
	full   bool
	ops    int             // operators interpreted on this page
	active map[string]bool // the form XObjects being drawn, by identity
	sig    bool            // drawing a signature widget's appearance
	run    int32           // counts text objects and line moves
}

// walkPage interprets a page's content stream (and the form XObjects it
// draws), then the appearance streams of the annotations a viewer shows
// on it, and returns its glyphs in displayed page space with the page's
// displayed height. A malformed stream or a page over maxPageOps ends
// with an error and the glyphs found until then.
func walkPage(p pdf.Page, fonts docFonts, total *int) (gs []glyph, height float64, err error) {
	w := &pageWalker{fonts: fonts, total: total, active: map[string]bool{}}
	rot, width, height := pageRotation(p)
	defer func() {
		if r := recover(); r != nil {
			if r == errPageOps {
				err = fmt.Errorf("drawing stopped after %d operators", maxPageOps)
			} else {
				err = fmt.Errorf("malformed page content: %v", r)
			}
		}
		gs = w.glyphs
		if cap(gs) > 2*len(gs)+64 {
			// Drawings take content too: keep no room they did not fill.
			gs = append([]glyph(nil), gs...)
		}
		height = upright(gs, width, height)
	}()
	if content := p.V.Key("Contents"); !content.IsNull() {
		w.interpret(content, p.Resources(), rot, 0)
	}
	w.drawAnnots(p.V.Key("Annots"), rot)
	return
}

// pageRotation returns the matrix from default user space to the page
// as displayed (its /Rotate, clockwise, in multiples of 90°, inheritable)
// and the displayed width and height.
func pageRotation(p pdf.Page) (m matrix, width, height float64) {
	x0, y0, x1, y1 := 0.0, 0.0, 595.0, 842.0
	if box := inherited(p, "MediaBox"); box.Len() == 4 {
		a, b, c, d := num(box.Index(0)), num(box.Index(1)), num(box.Index(2)), num(box.Index(3))
		if c-a > 0 && d-b > 0 {
			x0, y0, x1, y1 = a, b, c, d
		}
	}
	w, h := x1-x0, y1-y0
	switch ((inherited(p, "Rotate").Int64()%360 + 360) % 360) / 90 {
	case 1:
		return matrix{{0, -1, 0}, {1, 0, 0}, {-y0, x1, 1}}, h, w
	case 2:
		return matrix{{-1, 0, 0}, {0, -1, 0}, {x1, y1, 1}}, w, h
	case 3:
		return matrix{{0, 1, 0}, {-1, 0, 0}, {y1, -x0, 1}}, h, w
	}
	return matrix{{1, 0, 0}, {0, 1, 0}, {-x0, -y0, 1}}, w, h
}

// upright turns a page whose text mostly runs in another direction than
// left to right (a landscape table printed sideways on a portrait page)
// so that it does, in place, and returns the height of the page so
// turned. The page is width × height points with its origin at the
// lower left.
func upright(gs []glyph, width, height float64) float64 {
	var n [4]int
	for i := range gs {
		n[gs[i].dir&3] += utf8.RuneCountInString(gs[i].s)
	}
	d := uint8(0)
	for q := uint8(1); q < 4; q++ {
		if n[q] > n[d] {
			d = q
		}
	}
	if d == 0 {
		return height
	}
	for i := range gs {
		g := &gs[i]
		switch d {
		case 1:
			g.x, g.y = g.y, width-g.x
		case 2:
			g.x, g.y = width-g.x, height-g.y
		case 3:
			g.x, g.y = height-g.y, g.x
		}
		g.dir = (g.dir + 4 - d) & 3
	}
	if d == 2 {
		return height
	}
	return width
}

// inherited looks key up on the page and its ancestors (MediaBox,
// Rotate, Resources are inheritable), at most 32 levels up, so a /Parent
// cycle cannot loop.
func inherited(p pdf.Page, key string) pdf.Value {
	v := p.V
	for i := 0; i < 32 && !v.IsNull(); i++ {
		if x := v.Key(key); !x.IsNull() {
			return x
		}
		v = v.Key("Parent")
	}
	return pdf.Value{}
}

// Annotation flags (PDF 32000-1 §12.5.3) that hide an annotation from a
// viewer.
const (
	annotHidden = 1 << 1
	annotNoView = 1 << 5
)

// drawAnnots draws the normal appearance (/AP /N) of each annotation a
// viewer shows whose appearance carries text: form fields and signature
// widgets (the number and the day that signing software writes into
// the gaps of "Số:      /TB-UBND" and "ngày      tháng"), stamps and free
// text. Hidden and NoView annotations are left out. The appearance's
// /BBox, transformed by its /Matrix, is mapped onto the annotation's
// /Rect (PDF 32000-1 §12.5.5), and its glyphs go where the page's own
// glyphs go, so that they join the lines they stand on.
func (w *pageWalker) drawAnnots(annots pdf.Value, base matrix) {
	for i := 0; i < annots.Len() && i < maxAnnots; i++ {
		a := annots.Index(i)
		switch a.Key("Subtype").Name() {
		case "Widget", "Stamp", "FreeText":
		default:
			continue
		}
		if a.Key("F").Int64()&(annotHidden|annotNoView) != 0 {
			continue
		}
		ap := a.Key("AP").Key("N")
		if ap.Kind() == pdf.Dict {
			ap = ap.Key(a.Key("AS").Name()) // one appearance per state
		}
		rect := a.Key("Rect")
		if ap.Kind() != pdf.Stream || rect.Len() != 4 {
			continue
		}
		m, ok := appearanceMatrix(ap, rect)
		if !ok {
			continue
		}
		w.sig = a.Key("FT").Name() == "Sig" || a.Key("Parent").Key("FT").Name() == "Sig"
		// The form's own /Matrix is applied by drawForm: m maps its
		// transformed box onto the rectangle.
		w.drawForm(ap, ap.Key("Resources"), m.mul(base), 0)
		w.sig = false
	}
}

// appearanceMatrix is the matrix A of PDF 32000-1 §12.5.5: it maps the
// appearance's /BBox, transformed by its /Matrix, onto the annotation's
// /Rect (scaling and translating only).
func appearanceMatrix(ap, rect pdf.Value) (matrix, bool) {
	rx0, ry0, rx1, ry1 := num(rect.Index(0)), num(rect.Index(1)), num(rect.Index(2)), num(rect.Index(3))
	if rx0 > rx1 {
		rx0, rx1 = rx1, rx0
	}
	if ry0 > ry1 {
		ry0, ry1 = ry1, ry0
	}
	bb := ap.Key("BBox")
	if bb.Len() != 4 {
		return ident, false
	}
	fm := formMatrix(ap)
	bx0, by0, bx1, by1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, c := range [][2]int{{0, 1}, {0, 3}, {2, 1}, {2, 3}} {
		x, y := num(bb.Index(c[0])), num(bb.Index(c[1]))
		tx := x*fm[0][0] + y*fm[1][0] + fm[2][0]
		ty := x*fm[0][1] + y*fm[1][1] + fm[2][1]
		bx0, by0, bx1, by1 = math.Min(bx0, tx), math.Min(by0, ty), math.Max(bx1, tx), math.Max(by1, ty)
	}
	sx, sy := 1.0, 1.0
	if bx1-bx0 > 1e-6 {
		sx = (rx1 - rx0) / (bx1 - bx0)
	}
	if by1-by0 > 1e-6 {
		sy = (ry1 - ry0) / (by1 - by0)
	}
	if sx == 0 || sy == 0 {
		return ident, false
	}
	return matrix{{sx, 0, 0}, {0, sy, 0}, {rx0 - bx0*sx, ry0 - by0*sy, 1}}, true
}

// formMatrix is a form XObject's /Matrix, the identity by default.
func formMatrix(xo pdf.Value) matrix {
	mv := xo.Key("Matrix")
	if mv.Len() != 6 {
		return ident
	}
	vals := make([]pdf.Value, 6)
	for i := range vals {
		vals[i] = mv.Index(i)
	}
	return valueMatrix(vals)
}

func num(v pdf.Value) float64 {
	f := v.Float64()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

// font returns the font res names name, read once per document.
func (w *pageWalker) font(res pdf.Value, name string) *fontInfo {
	v := res.Key("Font").Key(name)
	key := v.String()
	if f, ok := w.fonts[key]; ok {
		return f
	}
	f := newFontInfo(v)
	w.fonts[key] = f
	return f
}

// drawForm draws the form XObject xo with resources res (its own, or
// the caller's when it has none) under ctm: its /Matrix, then its
// content, its graphics state saved and restored around it. A form
// being drawn is not drawn again inside itself, nesting stops at
// maxFormDepth, and a malformed form is skipped without losing the
// page.
func (w *pageWalker) drawForm(xo, res pdf.Value, ctm matrix, depth int) {
	if depth > maxFormDepth || xo.Kind() != pdf.Stream {
		return
	}
	// A stream prints as its dictionary and its offset in the file:
	// its identity.
	key := xo.String()
	if i := strings.LastIndexByte(key, '@'); i >= 0 {
		key = key[i:]
	}
	if w.active[key] {
		return
	}
	w.count(formCost)
	w.active[key] = true
	defer delete(w.active, key)
	defer func() {
		if r := recover(); r != nil && r == errPageOps {
			panic(r)
		}
	}()
	w.interpret(xo, res, formMatrix(xo).mul(ctm), depth)
}

// count charges n operators to the page and stops it at maxPageOps.
func (w *pageWalker) count(n int) {
	w.ops += n
	if w.ops > maxPageOps {
		panic(errPageOps)
	}
}

func (w *pageWalker) interpret(strm, res pdf.Value, ctm matrix, depth int) {
	w.run++
	g := textState{th: 1, ctm: ctm, tm: ident, tlm: ident}
	var stack []textState
	// Font names are the resource dictionary's own.
	fonts := map[string]*fontInfo{}
	data := contentBytes(strm)
	if w.glyphs == nil {
		// About one glyph per eight bytes of content: grow once or twice,
		// not a dozen times.
		w.glyphs = make([]glyph, 0, min(len(data)/8, 8192)+16)
	}
	lexContent(data, func(op string, args []operand) {
		if w.full {
			return
		}
		w.count(1)
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
			w.run++
		case "Tc":
			if len(args) == 1 {
				g.tc = args[0].num
			}
		case "Tw":
			if len(args) == 1 {
				g.tw = args[0].num
			}
		case "Tz":
			if len(args) == 1 {
				g.th = args[0].num / 100
			}
		case "TL":
			if len(args) == 1 {
				g.tl = args[0].num
			}
		case "Ts":
			if len(args) == 1 {
				g.rise = args[0].num
			}
		case "Tf":
			if len(args) == 2 {
				name := args[0].s
				f, ok := fonts[name]
				if !ok {
					f = w.font(res, name)
					fonts[name] = f
				}
				g.font = f
				g.tfs = args[1].num
			}
		case "Td", "TD":
			if len(args) == 2 {
				if op == "TD" {
					g.tl = -args[1].num
				}
				g.tlm.translate(args[0].num, args[1].num)
				g.tm = g.tlm
				w.run++
			}
		case "Tm":
			if len(args) == 6 {
				g.tm = toMatrix(args)
				g.tlm = g.tm
				w.run++
			}
		case "T*":
			g.nextLine()
			w.run++
		case "'":
			if len(args) == 1 {
				g.nextLine()
				w.run++
				w.show(&g, args[0].b)
			}
		case "\"":
			if len(args) == 3 {
				g.tw, g.tc = args[0].num, args[1].num
				g.nextLine()
				w.run++
				w.show(&g, args[2].b)
			}
		case "Tj":
			if len(args) == 1 {
				w.show(&g, args[0].b)
			}
		case "TJ":
			if len(args) != 1 {
				return
			}
			for _, x := range args[0].arr {
				switch x.kind {
				case opString:
					w.show(&g, x.b)
				case opNumber:
					g.tm.translate(-x.num/1000*g.tfs*g.th, 0)
				}
			}
		case "Do":
			if len(args) != 1 {
				return
			}
			xo := res.Key("XObject").Key(args[0].s)
			if xo.Key("Subtype").Name() != "Form" {
				return
			}
			fres := xo.Key("Resources")
			if fres.IsNull() {
				fres = res
			}
			w.drawForm(xo, fres, g.ctm, depth+1)
		}
	})
}

// toMatrix reads the six operands of cm or Tm.
func toMatrix(a []operand) matrix {
	var m matrix
	for i := 0; i < 6; i++ {
		m[i/2][i%2] = a[i].num
	}
	m[2][2] = 1
	return m
}

// valueMatrix reads a six-number array such as a form's /Matrix.
func valueMatrix(a []pdf.Value) matrix {
	var m matrix
	for i := 0; i < 6; i++ {
		m[i/2][i%2] = num(a[i])
	}
	m[2][2] = 1
	return m
}

func (g *textState) nextLine() {
	g.tlm.translate(0, -g.tl)
	g.tm = g.tlm
}

// translate moves m by (tx, ty) in its own space: m becomes
// [1 0 0; 0 1 0; tx ty 1] × m.
func (m *matrix) translate(tx, ty float64) {
	m[2][0] += tx*m[0][0] + ty*m[1][0]
	m[2][1] += tx*m[0][1] + ty*m[1][1]
}

// show draws a string of character codes, one glyph per code.
func (w *pageWalker) show(g *textState, raw []byte) {
	f := g.font
	if f == nil {
		return
	}
	step := 1
	if f.twoByte {
		step = 2
	}
	// Text space to page space is tm × ctm; each glyph moves it along
	// its x axis only, so it is computed once and then translated.
	m := g.tm.mul(g.ctm)
	size := g.tfs * math.Hypot(m[1][0], m[1][1])
	scale := g.tfs * g.th * math.Hypot(m[0][0], m[0][1]) / 1000
	dir := direction(m)
	for i := 0; i+step <= len(raw); i += step {
		code := int(raw[i])
		if step == 2 {
			code = code<<8 | int(raw[i+1])
		}
		s := f.decode(code, raw[i:i+step])
		w0 := f.width(code)
		x := g.rise*m[1][0] + m[2][0]
		y := g.rise*m[1][1] + m[2][1]
		adv := w0 / 1000 * g.tfs
		if step == 1 && code == ' ' {
			adv += g.tw
		}
		adv = (adv + g.tc) * g.th
		m[2][0] += adv * m[0][0]
		m[2][1] += adv * m[0][1]
		g.tm[2][0] += adv * g.tm[0][0]
		g.tm[2][1] += adv * g.tm[0][1]
		if s == "" {
			continue
		}
		if *w.total >= maxGlyphs {
			w.full = true
			return
		}
		// A combining mark drawn as its own glyph (NFD text) joins its base.
		if r, _ := utf8.DecodeRuneInString(s); r >= 0x300 && unicode.Is(unicode.Mn, r) && len(w.glyphs) > 0 {
			w.glyphs[len(w.glyphs)-1].s += s
			continue
		}
		*w.total++
		w.glyphs = append(w.glyphs, glyph{x: x, y: y, w: w0 * scale, size: size, s: s, font: f, run: w.run, dir: dir, sig: w.sig})
	}
}

// direction is the quarter turn nearest to the direction of the text
// space's x axis under trm (see glyph.dir).
func direction(trm matrix) uint8 {
	a := math.Atan2(trm[0][1], trm[0][0])
	q := int(math.Round(a/(math.Pi/2))+4) % 4
	return uint8(q)
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
	fonts := docFonts{}
	for i, p := range list {
		num := i + 1
		gs, height, err := walkPage(p, fonts, &total)
		if err != nil {
			notes = append(notes, fmt.Sprintf("page %d: %v", num, err))
		}
		all = append(all, gs)
		pageHeights = append(pageHeights, height)
		if total >= maxGlyphs {
			notes = append(notes, fmt.Sprintf("text stops at page %d: more than %d characters", num, maxGlyphs))
			break
		}
	}
	if total == 0 || !hasPageText(all) {
		if pages == 0 {
			return pdfText{Notes: notes}, errors.New("the PDF has no pages")
		}
		return pdfText{Pages: pages, Notes: notes, Sparse: imagePages(list)}, errNoText
	}
	res = laidOut(all, pageHeights, pages, notes)
	// A page with little text is a scan only if it holds an image: a typed
	// page ending a document (a signature, a short annex) is not sent to
	// OCR, which would start PDFium to look at it.
	images := imagePages(list)
	res.Sparse = slices.DeleteFunc(res.Sparse, func(p int) bool { return !slices.Contains(images, p) })
	return res, nil
}

// hasPageText reports whether any glyph was drawn by a page itself, not
// by a signature widget: a scan signed digitally has the signature's
// text and no text layer.
func hasPageText(pages [][]glyph) bool {
	for _, gs := range pages {
		for i := range gs {
			if !gs[i].sig {
				return true
			}
		}
	}
	return false
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

// openPDF opens data with ledongthuc/pdf, skipping junk before the header.
func openPDF(data []byte) (*pdf.Reader, error) {
	if start := bytes.Index(data, []byte("%PDF-")); start > 0 {
		data = data[start:]
	}
	return pdf.NewReader(bytes.NewReader(data), int64(len(data)))
}
