package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Limits on a DOCX package. A zip bomb or a deeply nested part is refused
// before it costs memory.
const (
	// MaxDOCXSize is the largest DOCX file Read accepts, in bytes.
	MaxDOCXSize = 128 << 20
	// maxPartSize is the largest uncompressed part read from a package.
	maxPartSize = 64 << 20
	// maxXMLDepth is the deepest element nesting accepted in a part.
	maxXMLDepth = 256
)

// ErrNotDOCX: a zip file that is not a Word document.
var ErrNotDOCX = errors.New("not a Word document")

// readDOCX reads the main text of a Word (OOXML) package: paragraphs in
// order, each table cell as its own block, tabs and line breaks kept, text
// boxes included, and Word's automatic list numbers rebuilt from
// numbering.xml so that "1." is in the text as the reader sees it.
func readDOCX(data []byte) (text string, legacy legacyEncoding, notes []string, err error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", legacyNone, nil, fmt.Errorf("%w: broken zip package: %v", ErrNotDOCX, err)
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[strings.ToLower(f.Name)] = f
	}
	main := parts["word/document.xml"]
	if main == nil {
		return "", legacyNone, nil, fmt.Errorf("%w: the package has no word/document.xml", ErrNotDOCX)
	}
	d := &docxReader{styles: map[string]numRef{}, lists: newListNumbering()}
	if f := parts["word/numbering.xml"]; f != nil {
		if err := readPart(f, d.lists.read); err != nil {
			notes = append(notes, "numbering.xml ignored: "+err.Error())
		}
	}
	if f := parts["word/styles.xml"]; f != nil {
		if err := readPart(f, d.readStyles); err != nil {
			notes = append(notes, "styles.xml ignored: "+err.Error())
		}
	}
	if err := readPart(main, d.readBody); err != nil {
		return "", legacyNone, nil, err
	}
	text = d.text()
	if legacy = detectLegacy(text); legacy != legacyNone {
		text = convertLegacy(d.textWith(legacy), legacy)
		notes = append(notes, legacy.note())
	}
	return text, legacy, notes, nil
}

// readPart opens one package part within the size and depth limits and
// hands its XML tokens to fn.
func readPart(f *zip.File, fn func(*xml.Decoder) error) error {
	if f.UncompressedSize64 > maxPartSize {
		return fmt.Errorf("%w: part %s unpacks to %d MiB (limit %d MiB)", ErrTooLarge, f.Name, f.UncompressedSize64>>20, maxPartSize>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%w: part %s: %v", ErrNotDOCX, f.Name, err)
	}
	defer rc.Close()
	// The size in the header may lie; the limit reader does not.
	lr := &limitedReader{r: rc, n: maxPartSize, name: f.Name}
	dec := xml.NewDecoder(lr)
	dec.Strict = false
	if err := fn(dec); err != nil {
		if lr.err != nil {
			return lr.err
		}
		return fmt.Errorf("%w: part %s: %v", ErrNotDOCX, f.Name, err)
	}
	return nil
}

type limitedReader struct {
	r    io.Reader
	n    int64
	name string
	err  error
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		l.err = fmt.Errorf("%w: part %s unpacks to more than %d MiB", ErrTooLarge, l.name, maxPartSize>>20)
		return 0, l.err
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// tokens walks a decoder's tokens, refusing nesting deeper than
// maxXMLDepth. fn sees start and end elements and character data.
func tokens(dec *xml.Decoder, fn func(tok xml.Token, depth int)) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxXMLDepth {
				return fmt.Errorf("elements nested more than %d deep", maxXMLDepth)
			}
			fn(tok, depth)
		case xml.EndElement:
			fn(tok, depth)
			depth--
		case xml.CharData:
			fn(tok, depth)
		}
	}
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// onOff reads a WordprocessingML toggle such as <w:b/> or <w:caps w:val="0"/>.
func onOff(e xml.StartElement) bool {
	switch attr(e, "val") {
	case "0", "false", "off", "none":
		return false
	}
	return true
}

// numRef points a paragraph at a list level.
type numRef struct {
	numID string
	level int
}

// A run is a piece of paragraph text with what matters of its formatting.
type run struct {
	text string
	caps bool       // shown in capitals (w:caps)
	font legacyFont // a TCVN3 font family, by name
}

// A docxLine is a paragraph (or a piece of one after a line break).
type docxLine struct {
	runs  []run
	inBox bool // in a table cell or text box: never part of a tab layout
	blank bool // block separator
}

type docxReader struct {
	styles map[string]numRef
	lists  *listNumbering
	lines  []docxLine
}

func (d *docxReader) readStyles(dec *xml.Decoder) error {
	var id string
	var ref numRef
	return tokens(dec, func(tok xml.Token, _ int) {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "style":
				id, ref = attr(t, "styleId"), numRef{}
			case "numId":
				ref.numID = attr(t, "val")
			case "ilvl":
				ref.level, _ = strconv.Atoi(attr(t, "val"))
			}
		case xml.EndElement:
			if t.Name.Local == "style" && ref.numID != "" {
				d.styles[id] = ref
			}
		}
	})
}

// paraState is the paragraph being read; text boxes nest paragraphs.
type paraState struct {
	runs   []run
	cur    run
	num    numRef
	hasNum bool
	style  string
	inBox  bool
}

func (d *docxReader) readBody(dec *xml.Decoder) error {
	var stack []*paraState
	var p *paraState
	skip := 0 // depth of a subtree being skipped (deleted text, fallbacks)
	inText := false
	cells := 0 // table cell nesting
	boxes := 0 // text box nesting
	err := tokens(dec, func(tok xml.Token, depth int) {
		if skip > 0 {
			if _, ok := tok.(xml.EndElement); ok && depth == skip {
				skip = 0
			}
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "Fallback", "del", "delText", "instrText", "moveFrom", "footnoteReference":
				skip = depth
			case "tbl":
				d.blank()
			case "tc":
				cells++
			case "txbxContent":
				boxes++
			case "p":
				if p != nil {
					stack = append(stack, p)
				}
				p = &paraState{inBox: cells > 0 || boxes > 0}
			case "pStyle":
				if p != nil {
					p.style = attr(t, "val")
				}
			case "numId":
				if p != nil {
					p.num.numID, p.hasNum = attr(t, "val"), true
				}
			case "ilvl":
				if p != nil {
					p.num.level, _ = strconv.Atoi(attr(t, "val"))
				}
			case "r":
				if p != nil {
					p.cur = run{}
				}
			case "caps":
				if p != nil {
					p.cur.caps = onOff(t)
				}
			case "rFonts":
				if p != nil {
					name := attr(t, "ascii")
					if name == "" {
						name = attr(t, "hAnsi")
					}
					p.cur.font = legacyFontOf(name)
				}
			case "t":
				inText = true
			case "tab":
				// Inside <w:tabs> this defines a tab stop; </w:tabs>
				// discards it again.
				if p != nil {
					p.add("\t")
				}
			case "br", "cr":
				if p != nil && attr(t, "type") != "page" {
					p.add("\n")
				}
			case "noBreakHyphen":
				if p != nil {
					p.add("-")
				}
			}
		case xml.CharData:
			if inText && p != nil {
				p.add(string(t))
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "tabs":
				if p != nil {
					p.runs, p.cur.text = nil, ""
				}
			case "r":
				if p != nil {
					p.flush()
				}
			case "p":
				if p == nil {
					return
				}
				p.flush()
				d.endParagraph(p)
				p = nil
				if n := len(stack); n > 0 {
					p, stack = stack[n-1], stack[:n-1]
				}
			case "tc":
				cells--
				d.blank()
			case "txbxContent":
				boxes--
				d.blank()
			case "tbl":
				d.blank()
			}
		}
	})
	return err
}

func (p *paraState) add(s string) { p.cur.text += s }

func (p *paraState) flush() {
	if p.cur.text != "" {
		p.runs = append(p.runs, p.cur)
	}
	p.cur.text = ""
}

func (d *docxReader) blank() {
	if n := len(d.lines); n > 0 && !d.lines[n-1].blank {
		d.lines = append(d.lines, docxLine{blank: true})
	}
}

func (d *docxReader) endParagraph(p *paraState) {
	ref, ok := p.num, p.hasNum
	if !ok {
		ref, ok = d.styles[p.style]
	}
	var prefix string
	if ok {
		prefix = d.lists.next(ref)
	}
	runs := p.runs
	if prefix != "" {
		runs = append([]run{{text: prefix + " "}}, runs...)
	}
	d.lines = append(d.lines, docxLine{runs: runs, inBox: p.inBox})
}

// text is the document's text as read.
func (d *docxReader) text() string { return d.textWith(legacyNone) }

// textWith renders the lines, converting runs from enc first (so that a
// capitals font's lowercase codes become capitals after conversion), and
// unweaves top-level tab layouts into columns.
func (d *docxReader) textWith(enc legacyEncoding) string {
	rendered := make([]string, len(d.lines))
	for i, l := range d.lines {
		var b strings.Builder
		for _, r := range l.runs {
			s := r.text
			if enc == legacyTCVN3 && r.font != fontUnicode {
				s = convertTCVN3(s)
				if r.font == fontTCVN3Cap {
					r.caps = true
				}
			}
			if r.caps {
				s = strings.ToUpper(s)
			}
			b.WriteString(s)
		}
		rendered[i] = b.String()
	}
	return layoutLines(d.lines, rendered)
}

// layoutLines joins rendered lines (rendered[i] is the text of lines[i]):
// blocks apart by one blank line, and top-level tab layouts unwoven into
// their columns.
func layoutLines(lines []docxLine, rendered []string) string {
	var out []string
	for i := 0; i < len(lines); {
		if lines[i].blank {
			out = append(out, "")
			i++
			continue
		}
		if !lines[i].inBox && isTabbedPair(rendered[i]) {
			end := tabRunEnd(lines, rendered, i)
			out = append(out, unweave(rendered[i:end])...)
			i = end
			continue
		}
		out = append(out, rendered[i])
		i++
	}
	// One blank line between blocks is enough.
	kept := out[:0]
	for i, l := range out {
		if l == "" && (i == 0 || out[i-1] == "") {
			continue
		}
		kept = append(kept, l)
	}
	return strings.Join(kept, "\n")
}

// isTabbedPair reports a line with text on both sides of a tab run: two
// columns laid out with tab stops ("Nơi nhận:\tT/M BAN THƯỜNG VỤ").
func isTabbedPair(s string) bool {
	i := strings.IndexByte(s, '\t')
	return i > 0 && strings.TrimSpace(s[:i]) != "" && strings.TrimSpace(s[i:]) != ""
}

// tabRunEnd finds the end of a tab layout starting at start: it goes on
// while tabbed lines keep coming, through up to three untabbed lines (a
// long recipient line) between them.
func tabRunEnd(lines []docxLine, rendered []string, start int) int {
	end := start + 1
	for j := start + 1; j < len(lines) && j <= end+3; j++ {
		if lines[j].blank || lines[j].inBox {
			break
		}
		if strings.Contains(rendered[j], "\t") {
			end = j + 1
		}
	}
	return end
}

// unweave writes a tab layout's left column, then its right column.
func unweave(lines []string) []string {
	var left, right []string
	for _, l := range lines {
		i := strings.IndexByte(l, '\t')
		switch {
		case i < 0:
			left = append(left, l)
		case strings.TrimSpace(l[:i]) == "":
			right = append(right, strings.TrimSpace(l))
		default:
			left = append(left, strings.TrimSpace(l[:i]))
			if r := strings.TrimSpace(l[i:]); r != "" {
				right = append(right, r)
			}
		}
	}
	out := append([]string{""}, left...)
	out = append(out, "")
	out = append(out, right...)
	return append(out, "")
}
