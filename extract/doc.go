package extract

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	utf16std "unicode/utf16"

	"github.com/richardlehane/mscfb"
	"golang.org/x/text/encoding/charmap"
)

// Word 97–2003 binary documents ([MS-DOC]) are compound files (CFB/OLE,
// read with github.com/richardlehane/mscfb) whose WordDocument stream holds
// the text and the formatting, and whose table stream (0Table or 1Table)
// the indexes into them. vanban reads:
//   - the FIB (File Information Block) at the start of WordDocument, for
//     the length of the main text and the offsets of the tables below;
//   - the piece table (Clx): where each stretch of the text lies in the
//     stream and whether it is 8-bit (Windows-1252) or UTF-16;
//   - the character formatting (PlcBteChpx and its 512-byte FKP pages):
//     the font of each run (sprmCRgFtc0) and small capitals (sprmCFCaps);
//   - the paragraph formatting (PlcBtePapx): each paragraph's style and
//     whether it is in a table (sprmPFInTable);
//   - the style sheet (STSH), for the font a paragraph style gives its
//     runs, and the font table (SttbfFfn), for the fonts' names.
// Table cells end with character 7 and become blocks of their own, as the
// DOCX reader keeps them. Field codes are dropped and their results kept.
// Word's automatic list numbers are not rebuilt (typed numbers are text).

// MaxDOCSize is the largest Word 97 file Read accepts, in bytes.
const MaxDOCSize = 128 << 20

// ErrBadDOC: a compound file that cannot be read as a Word 97 document.
var ErrBadDOC = errors.New("unreadable Word 97 document")

// Word 97 sprm (formatting operation) codes used here ([MS-DOC] 2.6).
const (
	sprmCRgFtc0     = 0x4A4F // the font of ASCII text
	sprmCFtcDefault = 0x4A3D // Word 6 font
	sprmCFCaps      = 0x083B
	sprmCFSmallCaps = 0x083A
	sprmCIstd       = 0x4A30 // character style
	sprmCFVanish    = 0x083C // hidden text
	sprmPIlfo       = 0x460B // list: 1-based index into the LFO table
	sprmPIlvl       = 0x260A // list level
	sprmPFInTable   = 0x2416
	sprmPFTtp       = 0x2417
	sprmTDefTable   = 0xD608
	sprmPChgTabs    = 0xC615
)

// chp is what vanban keeps of character formatting.
type chp struct {
	font   int // index into the font table; -1 when not set
	caps   int // -1 not set, 0 off, 1 on
	istd   int // character style; -1 when not set
	hidden int // -1 not set, 0 off, 1 on
}

func noChp() chp { return chp{font: -1, caps: -1, istd: -1, hidden: -1} }

// apply adds the character sprms of grpprl to c.
func (c *chp) apply(grpprl []byte) {
	eachSprm(grpprl, func(op uint16, arg []byte) {
		switch op {
		case sprmCRgFtc0, sprmCFtcDefault:
			if len(arg) >= 2 {
				c.font = int(binary.LittleEndian.Uint16(arg))
			}
		case sprmCFCaps, sprmCFSmallCaps:
			if len(arg) >= 1 {
				c.caps = toggle(arg[0], c.caps)
			}
		case sprmCFVanish:
			if len(arg) >= 1 {
				c.hidden = toggle(arg[0], c.hidden)
			}
		case sprmCIstd:
			if len(arg) >= 2 {
				c.istd = int(binary.LittleEndian.Uint16(arg))
			}
		}
	})
}

// toggle reads a ToggleOperand: 0 off, 1 on, 0x80 as the style, 0x81 the
// opposite of the style (taken as on: styles seldom set capitals).
func toggle(b byte, cur int) int {
	switch b {
	case 0:
		return 0
	case 1, 0x81:
		return 1
	}
	return cur
}

// eachSprm walks a grpprl, handing each sprm's code and operand to fn.
func eachSprm(grpprl []byte, fn func(op uint16, arg []byte)) {
	for i := 0; i+2 <= len(grpprl); {
		op := binary.LittleEndian.Uint16(grpprl[i:])
		i += 2
		var n int
		switch op >> 13 { // spra: the operand's size
		case 0, 1:
			n = 1
		case 2, 4, 5:
			n = 2
		case 3:
			n = 4
		case 7:
			n = 3
		case 6: // variable: a size byte first
			if i >= len(grpprl) {
				return
			}
			switch op {
			case sprmTDefTable:
				if i+2 > len(grpprl) {
					return
				}
				n = int(binary.LittleEndian.Uint16(grpprl[i:])) + 1
				i++ // the 2-byte size counts itself minus one
			case sprmPChgTabs:
				n = int(grpprl[i]) + 1
				if grpprl[i] == 255 {
					return // a long form vanban does not need
				}
			default:
				n = int(grpprl[i]) + 1
			}
		}
		if i+n > len(grpprl) {
			return
		}
		fn(op, grpprl[i:i+n])
		i += n
	}
}

// fcRun is formatting that holds for the stream bytes [start, end).
type fcRun struct {
	start, end uint32
	grpprl     []byte
	istd       int // paragraph runs: the style
}

type piece struct {
	cpStart, cpEnd uint32
	fc             uint32 // stream offset of the first character
	compressed     bool   // 8-bit Windows-1252 rather than UTF-16
}

type docReader struct {
	word, table []byte
	fonts       []legacyFont
	styles      []docStyle
	defaultFont int
	chpx, papx  []fcRun
	lists       *listNumbering // Word's automatic numbering
}

// docStyle is a style of the style sheet.
type docStyle struct {
	base int // istdBase; -1 for none
	chpx []byte
	papx []byte // paragraph sprms (after the istd)
}

// readDOC reads a Word 97–2003 document; see the comment above.
func readDOC(data []byte) (text string, legacy legacyEncoding, notes []string, err error) {
	if len(data) > MaxDOCSize {
		return "", legacyNone, nil, fmt.Errorf("%w: %d MiB (limit %d MiB)", ErrTooLarge, len(data)>>20, MaxDOCSize>>20)
	}
	streams, err := oleStreams(data, "WordDocument", "0Table", "1Table")
	if err != nil {
		return "", legacyNone, nil, err
	}
	d := &docReader{word: streams["WordDocument"]}
	if d.word == nil {
		return "", legacyNone, nil, fmt.Errorf("%w: no WordDocument stream", ErrBadDOC)
	}
	w := d.word
	if len(w) < 0x200 || binary.LittleEndian.Uint16(w) != 0xA5EC {
		return "", legacyNone, nil, fmt.Errorf("%w: no Word file information block", ErrBadDOC)
	}
	nFib := binary.LittleEndian.Uint16(w[2:])
	flags := binary.LittleEndian.Uint16(w[0x0A:])
	if nFib < 0xC0 {
		return "", legacyNone, nil, fmt.Errorf("%w: a Word 6/95 file (format %d), which vanban does not read: save it as a Word 97–2003 .doc or as .docx", ErrUnsupportedFormat, nFib)
	}
	if flags&0x0100 != 0 {
		return "", legacyNone, nil, fmt.Errorf("%w: the document is encrypted (protected by a password)", ErrBadDOC)
	}
	d.table = streams["0Table"]
	if flags&0x0200 != 0 {
		d.table = streams["1Table"]
	}
	if d.table == nil {
		return "", legacyNone, nil, fmt.Errorf("%w: no table stream", ErrBadDOC)
	}
	// FibBase (32 bytes), csw and FibRgW97 (2 + 28), cslw and FibRgLw97
	// (2 + 88), cbRgFcLcb, then the fc/lcb pairs.
	csw := int(binary.LittleEndian.Uint16(w[32:]))
	lwAt := 34 + 2*csw
	cslw := int(binary.LittleEndian.Uint16(w[lwAt:]))
	if lwAt+2+4*cslw+2 > len(w) || cslw < 4 {
		return "", legacyNone, nil, fmt.Errorf("%w: file information block is cut short", ErrBadDOC)
	}
	ccpText := binary.LittleEndian.Uint32(w[lwAt+2+12:])
	fcAt := lwAt + 2 + 4*cslw + 2
	// fcLcb is the table-stream part the i-th fc/lcb pair of the FIB
	// points at, and what follows it (the list levels follow the PlcfLst,
	// outside its stated length).
	fcLcb2 := func(i int) (part, rest []byte) {
		at := fcAt + 8*i
		if at+8 > len(w) {
			return nil, nil
		}
		fc, lcb := binary.LittleEndian.Uint32(w[at:]), binary.LittleEndian.Uint32(w[at+4:])
		if lcb == 0 || uint64(fc)+uint64(lcb) > uint64(len(d.table)) {
			return nil, nil
		}
		return d.table[fc : fc+lcb], d.table[fc+lcb:]
	}
	fcLcb := func(i int) []byte { part, _ := fcLcb2(i); return part }
	if ccpText > MaxTextSize {
		return "", legacyNone, nil, fmt.Errorf("%w: %d characters of text", ErrTooLarge, ccpText)
	}
	pieces, err := readPieceTable(fcLcb(33))
	if err != nil {
		return "", legacyNone, nil, err
	}
	d.readFonts(fcLcb(15))
	d.readStyles(fcLcb(1))
	d.chpx = d.readBins(fcLcb(12), false)
	d.papx = d.readBins(fcLcb(13), true)
	lst, lvls := fcLcb2(73)
	d.lists = readLists(lst, lvls, fcLcb(74))
	lines := d.lines(pieces, ccpText)
	text, legacy, notes = renderRuns(lines)
	return text, legacy, notes, nil
}

// oleStreams reads the named streams of a compound file.
func oleStreams(data []byte, names ...string) (out map[string][]byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("%w: broken compound file: %v", ErrBadDOC, r)
		}
	}()
	rd, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: broken compound file: %v", ErrBadDOC, err)
	}
	out = map[string][]byte{}
	for e, err := rd.Next(); err == nil; e, err = rd.Next() {
		for _, n := range names {
			if e.Name != n || out[n] != nil || len(e.Path) > 0 {
				continue
			}
			if e.Size > MaxDOCSize {
				return nil, fmt.Errorf("%w: stream %s of %d MiB", ErrTooLarge, n, e.Size>>20)
			}
			buf, rerr := io.ReadAll(io.LimitReader(e, e.Size))
			if rerr != nil && len(buf) == 0 {
				return nil, fmt.Errorf("%w: stream %s: %v", ErrBadDOC, n, rerr)
			}
			out[n] = buf
		}
	}
	return out, nil
}

// readPieceTable reads the Clx: property modifiers (skipped) and then the
// piece table of character positions and their places in the stream.
func readPieceTable(clx []byte) ([]piece, error) {
	for i := 0; i < len(clx); {
		switch clx[i] {
		case 1: // Prc
			if i+3 > len(clx) {
				return nil, fmt.Errorf("%w: broken piece table", ErrBadDOC)
			}
			i += 3 + int(binary.LittleEndian.Uint16(clx[i+1:]))
		case 2: // Pcdt
			if i+5 > len(clx) {
				return nil, fmt.Errorf("%w: broken piece table", ErrBadDOC)
			}
			lcb := int(binary.LittleEndian.Uint32(clx[i+1:]))
			plc := clx[i+5:]
			if lcb < 4 || lcb > len(plc) {
				return nil, fmt.Errorf("%w: broken piece table", ErrBadDOC)
			}
			plc = plc[:lcb]
			n := (lcb - 4) / 12 // n+1 CPs and n 8-byte descriptors
			pieces := make([]piece, 0, n)
			for k := 0; k < n; k++ {
				cp0 := binary.LittleEndian.Uint32(plc[4*k:])
				cp1 := binary.LittleEndian.Uint32(plc[4*k+4:])
				pcd := plc[4*(n+1)+8*k:]
				fc := binary.LittleEndian.Uint32(pcd[2:])
				p := piece{cpStart: cp0, cpEnd: cp1, fc: fc}
				if fc&0x40000000 != 0 {
					p.compressed, p.fc = true, (fc&^0x40000000)/2
				}
				if cp1 > cp0 {
					pieces = append(pieces, p)
				}
			}
			return pieces, nil
		default:
			return nil, fmt.Errorf("%w: broken piece table", ErrBadDOC)
		}
	}
	return nil, fmt.Errorf("%w: no piece table", ErrBadDOC)
}

// readFonts reads SttbfFfn, the font table: a count, then for each font a
// length byte and an FFN whose name (UTF-16, NUL-ended) starts at byte 39.
func (d *docReader) readFonts(b []byte) {
	if len(b) < 4 {
		return
	}
	n := int(binary.LittleEndian.Uint16(b))
	for i, at := 0, 4; i < n && at < len(b); i++ {
		size := int(b[at])
		ffn := b[at+1 : min(len(b), at+1+size)]
		at += 1 + size
		var name string
		if len(ffn) > 40 {
			name = utf16z(ffn[39:])
		}
		d.fonts = append(d.fonts, fontClass(name))
	}
}

// utf16z decodes NUL-ended UTF-16LE text.
func utf16z(b []byte) string {
	var u []uint16
	for i := 0; i+1 < len(b); i += 2 {
		c := binary.LittleEndian.Uint16(b[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16std.Decode(u))
}

// readStyles reads the style sheet: the default font and, for each style,
// its base style and character formatting.
func (d *docReader) readStyles(b []byte) {
	d.defaultFont = 0
	if len(b) < 2 {
		return
	}
	cbStshi := int(binary.LittleEndian.Uint16(b))
	if 2+cbStshi > len(b) || cbStshi < 4 {
		return
	}
	stshi := b[2 : 2+cbStshi]
	cstd := int(binary.LittleEndian.Uint16(stshi))
	cbBase := int(binary.LittleEndian.Uint16(stshi[2:]))
	if len(stshi) >= 14 {
		d.defaultFont = int(binary.LittleEndian.Uint16(stshi[12:]))
	}
	at := 2 + cbStshi
	for i := 0; i < cstd && at+2 <= len(b); i++ {
		cb := int(binary.LittleEndian.Uint16(b[at:]))
		at += 2
		std := b[at:min(len(b), at+cb)]
		at += cb
		st := docStyle{base: -1}
		if len(std) >= cbBase && cbBase >= 10 {
			stk := int(binary.LittleEndian.Uint16(std[2:]) & 0xF)
			st.base = int(binary.LittleEndian.Uint16(std[2:]) >> 4)
			if st.base == 0xFFF {
				st.base = -1
			}
			cupx := int(binary.LittleEndian.Uint16(std[4:]) & 0xF)
			// The name: a length, UTF-16 letters and a NUL.
			p := cbBase
			if p+2 <= len(std) {
				p += 2 + 2*int(binary.LittleEndian.Uint16(std[p:])) + 2
			}
			var upx [][]byte
			for k := 0; k < cupx && p+2 <= len(std); k++ {
				if p%2 == 1 {
					p++
				}
				if p+2 > len(std) {
					break
				}
				n := int(binary.LittleEndian.Uint16(std[p:]))
				p += 2
				upx = append(upx, std[p:min(len(std), p+n)])
				p += n
			}
			switch {
			case stk == 1 && len(upx) >= 2: // paragraph style: PAPX, then CHPX
				st.chpx = upx[1]
				if len(upx[0]) >= 2 {
					st.papx = upx[0][2:]
				}
			case stk == 2 && len(upx) >= 1: // character style
				st.chpx = upx[0]
			}
		}
		d.styles = append(d.styles, st)
	}
}

// styleChp is the character formatting style istd gives, through its
// base styles.
func (d *docReader) styleChp(istd int) chp {
	var chain []int
	for s := istd; s >= 0 && s < len(d.styles) && len(chain) < 16; s = d.styles[s].base {
		chain = append(chain, s)
	}
	c := noChp()
	for i := len(chain) - 1; i >= 0; i-- {
		c.apply(d.styles[chain[i]].chpx)
	}
	return c
}

// readBins reads a PlcBteChpx or PlcBtePapx and the FKP pages it points
// at: runs of stream offsets with their formatting.
func (d *docReader) readBins(plc []byte, para bool) []fcRun {
	if len(plc) < 4 {
		return nil
	}
	n := (len(plc) - 4) / 8
	var runs []fcRun
	for k := 0; k < n && k < 1<<16; k++ {
		pn := binary.LittleEndian.Uint32(plc[4*(n+1)+4*k:]) & 0x3FFFFF
		off := int(pn) * 512
		if off+512 > len(d.word) {
			continue
		}
		page := d.word[off : off+512]
		crun := int(page[511])
		for i := 0; i < crun; i++ {
			if 4*(crun+1) > 511 {
				break
			}
			start := binary.LittleEndian.Uint32(page[4*i:])
			end := binary.LittleEndian.Uint32(page[4*i+4:])
			r := fcRun{start: start, end: end}
			if para {
				// BxPap: an offset byte and 12 bytes of PHE.
				bx := 4*(crun+1) + 13*i
				if bx >= 511 {
					break
				}
				o := 2 * int(page[bx])
				if o == 0 || o >= 511 {
					continue
				}
				cb := int(page[o])
				g := o + 1
				size := 2*cb - 1
				if cb == 0 && o+1 < 511 {
					size, g = 2*int(page[o+1]), o+2
				}
				if g+size > 511 || size < 2 {
					continue
				}
				r.istd = int(binary.LittleEndian.Uint16(page[g:]))
				r.grpprl = page[g+2 : g+size]
			} else {
				bx := 4*(crun+1) + i
				if bx >= 511 {
					break
				}
				o := 2 * int(page[bx])
				if o == 0 || o >= 511 {
					continue // no formatting beyond the defaults
				}
				cb := int(page[o])
				if o+1+cb > 511 {
					continue
				}
				r.grpprl = page[o+1 : o+1+cb]
			}
			runs = append(runs, r)
		}
	}
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].start < runs[j].start })
	return runs
}

// find returns the run holding stream offset fc, or nil.
func find(runs []fcRun, fc uint32) *fcRun {
	i := sort.Search(len(runs), func(i int) bool { return runs[i].end > fc })
	if i < len(runs) && runs[i].start <= fc {
		return &runs[i]
	}
	return nil
}

// docChar is one character of the main text with its stream offset.
type docChar struct {
	r  rune
	fc uint32
}

var win1252 = func() (t [256]rune) {
	dec := charmap.Windows1252
	for i := range t {
		r := dec.DecodeByte(byte(i))
		t[i] = r
	}
	return t
}()

// lines walks the main text (character positions 0 to ccpText) and builds
// paragraphs of runs, cells as blocks of their own.
func (d *docReader) lines(pieces []piece, ccpText uint32) []docxLine {
	var out []docxLine
	var para []docChar
	var fieldShow []bool // per open field: whether its result is showing
	codes := 0           // open fields still in their code part
	showing := func() bool { return codes == 0 }
	emit := func(mark uint32, cellEnd bool) {
		out = append(out, d.paragraph(para, mark))
		para = para[:0]
		if cellEnd {
			out = append(out, docxLine{blank: true})
		}
	}
	var done uint32 // pieces must follow each other: overlapping ones are crafted
	for _, p := range pieces {
		if p.cpStart >= ccpText || p.cpStart < done {
			continue
		}
		done = p.cpEnd
		end := min(p.cpEnd, ccpText)
		for cp := p.cpStart; cp < end; cp++ {
			var c rune
			var fc uint32
			if p.compressed {
				fc = p.fc + (cp - p.cpStart)
				if int(fc) >= len(d.word) {
					break
				}
				c = win1252[d.word[fc]]
			} else {
				fc = p.fc + 2*(cp-p.cpStart)
				if int(fc)+2 > len(d.word) {
					break
				}
				c = rune(binary.LittleEndian.Uint16(d.word[fc:]))
			}
			switch c {
			case 0x13: // field begin: its code is not shown
				fieldShow = append(fieldShow, false)
				codes++
				continue
			case 0x14: // field separator: its result is
				if n := len(fieldShow); n > 0 && !fieldShow[n-1] {
					fieldShow[n-1] = true
					codes--
				}
				continue
			case 0x15:
				if n := len(fieldShow); n > 0 {
					if !fieldShow[n-1] {
						codes--
					}
					fieldShow = fieldShow[:n-1]
				}
				continue
			}
			if !showing() && c != 0x0D && c != 0x07 {
				continue
			}
			switch c {
			case 0x0D, 0x0C:
				emit(fc, false)
			case 0x07:
				emit(fc, true)
			case 0x0B:
				para = append(para, docChar{'\n', fc})
			case 0x09:
				para = append(para, docChar{'\t', fc})
			case 0x1E:
				para = append(para, docChar{'-', fc})
			case 0xA0:
				para = append(para, docChar{' ', fc})
			default:
				if c >= 0x20 && !(c >= 0xD800 && c < 0xE000) {
					para = append(para, docChar{c, fc})
				}
			}
		}
	}
	if len(para) > 0 {
		emit(0, false)
	}
	return out
}

// paragraph turns a paragraph's characters into runs by font and capitals;
// mark is the stream offset of its paragraph mark.
func (d *docReader) paragraph(chars []docChar, mark uint32) docxLine {
	istd, inTable := 0, false
	list := numRef{level: 0}
	listSprms := func(op uint16, arg []byte) {
		switch {
		case op == sprmPIlfo && len(arg) >= 2:
			list.numID = fmt.Sprint(int16(binary.LittleEndian.Uint16(arg)))
		case op == sprmPIlvl && len(arg) >= 1:
			list.level = int(arg[0])
		}
	}
	if r := find(d.papx, mark); r != nil {
		istd = r.istd
		if istd >= 0 && istd < len(d.styles) {
			eachSprm(d.styles[istd].papx, listSprms)
		}
		eachSprm(r.grpprl, func(op uint16, arg []byte) {
			if (op == sprmPFInTable || op == sprmPFTtp) && len(arg) > 0 && arg[0] != 0 {
				inTable = true
			}
			listSprms(op, arg)
		})
	}
	pstyle := d.styleChp(istd)
	var line docxLine
	line.inBox = inTable
	var cur run
	var buf []rune
	var last *fcRun
	var c chp
	for _, ch := range chars {
		if r := find(d.chpx, ch.fc); r != last || last == nil {
			last = r
			c = pstyle
			if r != nil {
				direct := noChp()
				direct.apply(r.grpprl)
				if direct.istd >= 0 {
					cs := d.styleChp(direct.istd)
					merge(&c, cs)
				}
				merge(&c, direct)
			}
		}
		if c.hidden == 1 {
			continue
		}
		font := d.defaultFont
		if c.font >= 0 {
			font = c.font
		}
		class := fontUnicode
		if font >= 0 && font < len(d.fonts) {
			class = d.fonts[font]
		}
		caps := c.caps == 1
		if len(buf) > 0 && (cur.font != class || cur.caps != caps) {
			cur.text = string(buf)
			line.runs = append(line.runs, cur)
			cur, buf = run{}, buf[:0]
		}
		cur.font, cur.caps = class, caps
		r := ch.r
		if class != fontUnicode && r >= 0xF000 && r <= 0xF0FF {
			r -= 0xF000 // a symbol-font code point
		}
		buf = append(buf, r)
	}
	if len(buf) > 0 {
		cur.text = string(buf)
		line.runs = append(line.runs, cur)
	}
	if len(line.runs) > 0 && d.lists != nil {
		if label := d.lists.next(list); label != "" {
			line.runs = append([]run{{text: label + " "}}, line.runs...)
		}
	}
	return line
}

// merge sets in c what o sets.
func merge(c *chp, o chp) {
	if o.font >= 0 {
		c.font = o.font
	}
	if o.caps >= 0 {
		c.caps = o.caps
	}
	if o.hidden >= 0 {
		c.hidden = o.hidden
	}
}

// Number formats of a list level (nfc), by their OOXML names.
var docNumberFormats = map[byte]string{
	0: "decimal", 1: "upperRoman", 2: "lowerRoman", 3: "upperLetter", 4: "lowerLetter",
	22: "decimalZero", 23: "bullet", 255: "none",
}

// readLists reads Word's list definitions: PlcfLst (LSTF records of 28
// bytes, then each list's levels, lvls: LVLF of 28 bytes, its paragraph
// and character sprms and its number text, where characters 0–8 stand for
// the numbers of levels 1–9) and PlfLfo (the list instances paragraphs
// name with sprmPIlfo, 1-based). Overrides of start numbers are ignored.
func readLists(plcfLst, lvls, plfLfo []byte) *listNumbering {
	n := newListNumbering()
	if len(plcfLst) < 2 || len(plfLfo) < 4 {
		return n
	}
	cLst := int(binary.LittleEndian.Uint16(plcfLst))
	at := 0
	for i := 0; i < cLst && 2+28*i+28 <= len(plcfLst); i++ {
		lstf := plcfLst[2+28*i:]
		lsid := fmt.Sprint(int32(binary.LittleEndian.Uint32(lstf)))
		count := 9
		if lstf[26]&1 != 0 { // fSimpleList
			count = 1
		}
		levels := map[int]*listLevel{}
		for l := 0; l < count; l++ {
			if at+28 > len(lvls) {
				break
			}
			lvlf := lvls[at:]
			lvl := &listLevel{start: int(int32(binary.LittleEndian.Uint32(lvlf))), format: "decimal"}
			if f, ok := docNumberFormats[lvlf[4]]; ok {
				lvl.format = f
			}
			at += 28 + int(lvlf[25]) + int(lvlf[24]) // grpprlPapx, grpprlChpx
			if at+2 > len(lvls) {
				break
			}
			cch := int(binary.LittleEndian.Uint16(lvls[at:]))
			at += 2
			var text strings.Builder
			for k := 0; k < cch && at+2 <= len(lvls); k++ {
				c := binary.LittleEndian.Uint16(lvls[at:])
				at += 2
				switch {
				case c < 9:
					fmt.Fprintf(&text, "%%%d", c+1)
				case c >= 0xF000 && c <= 0xF0FF: // a symbol font's bullet
					text.WriteRune(rune(c - 0xF000))
				default:
					text.WriteRune(rune(c))
				}
			}
			lvl.text = text.String()
			levels[l] = lvl
		}
		n.abstract[lsid] = levels
	}
	lfoMac := int(binary.LittleEndian.Uint32(plfLfo))
	for i := 0; i < lfoMac && 4+16*i+16 <= len(plfLfo); i++ {
		n.nums[fmt.Sprint(i+1)] = fmt.Sprint(int32(binary.LittleEndian.Uint32(plfLfo[4+16*i:])))
	}
	return n
}
