package extract

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// MaxRTFSize is the largest RTF file Read accepts, in bytes.
const MaxRTFSize = 128 << 20

// maxRTFDepth is the deepest group nesting accepted in an RTF file.
const maxRTFDepth = 512

// ErrBadRTF: a file that starts as RTF but cannot be read as one.
var ErrBadRTF = errors.New("unreadable RTF")

// rtfSkipped are the destinations whose text is not the document's: tables
// of fonts, colours and styles, document information, pictures and
// objects, page headers and footers, footnotes, field instructions (their
// results are kept), and list and numbering definitions (the numbers
// themselves come in \listtext and \pntext groups, which are kept).
var rtfSkipped = map[string]bool{
	"fonttbl": true, "colortbl": true, "stylesheet": true, "info": true, "pict": true,
	"object": true, "objdata": true, "header": true, "headerl": true, "headerr": true,
	"headerf": true, "footer": true, "footerl": true, "footerr": true, "footerf": true,
	"footnote": true, "annotation": true, "fldinst": true, "listtable": true,
	"listoverridetable": true, "pn": true, "nonshppict": true, "shpinst": true,
	"sp": true, "xe": true, "tc": true, "bkmkstart": true, "bkmkend": true,
	"revtbl": true, "rsidtbl": true, "generator": true, "themedata": true,
	"colorschememapping": true, "datastore": true, "latentstyles": true,
	"filetbl": true, "pgdsctbl": true, "listpicture": true, "xmlnstbl": true,
	"fchars": true, "lchars": true, "author": true, "operator": true, "title": true,
	"subject": true, "keywords": true, "comment": true, "doccomm": true,
	"company": true, "template": true, "userprops": true, "protusertbl": true,
}

// rtfState is the formatting in force inside a group.
type rtfState struct {
	font  int  // \fN
	caps  bool // \caps
	skip  bool // inside a destination whose text is not the document's
	uc    int  // \ucN: characters to skip after \uN
	intbl bool // \intbl: the paragraph is in a table
	label bool // in \listtext or \pntext: a list number, whose tab is a space
}

// rtfFont is an entry of the font table.
type rtfFont struct {
	class legacyFont
	enc   *charmap.Charmap
}

type rtfReader struct {
	data  []byte
	pos   int
	fonts map[int]rtfFont
	deff  int
	ansi  *charmap.Charmap // \ansicpgN
	lines []docxLine
	para  []run
	cur   run             // the run being read; its text is in buf
	buf   strings.Builder // the text of cur
	st    rtfState
	stack []rtfState
	skipN int // characters still to skip after \uN
}

// readRTF reads an RTF document: paragraphs in order, each table cell a
// block of its own (as the DOCX reader keeps them), tabs and line breaks,
// the numbers of numbered paragraphs as Word wrote them (\listtext,
// \pntext), \'hh bytes in the code page of their font's charset (or
// \ansicpg), \uN characters, and the font of every run, so that TCVN3 and
// VNI text is converted by font (see renderRuns). Pictures, objects, page
// headers and footers, footnotes and field instructions are left out.
func readRTF(data []byte) (text string, legacy legacyEncoding, notes []string, err error) {
	if len(data) > MaxRTFSize {
		return "", legacyNone, nil, fmt.Errorf("%w: %d MiB (limit %d MiB)", ErrTooLarge, len(data)>>20, MaxRTFSize>>20)
	}
	r := &rtfReader{data: data, fonts: map[int]rtfFont{}, ansi: charmap.Windows1252}
	r.st.uc = 1
	if err := r.parse(); err != nil {
		return "", legacyNone, nil, err
	}
	if r.buf.Len() > 0 || len(r.para) > 0 {
		r.endParagraph() // text after the last \par
	}
	text, legacy, notes = renderRuns(r.lines)
	return text, legacy, notes, nil
}

func (r *rtfReader) parse() error {
	depth := 0
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		switch c {
		case '{':
			r.pos++
			depth++
			if depth > maxRTFDepth {
				return fmt.Errorf("%w: groups nested more than %d deep", ErrBadRTF, maxRTFDepth)
			}
			r.flush()
			r.stack = append(r.stack, r.st)
			// A destination marked \* that this reader does not know is
			// skipped whole.
			if r.pos+1 < len(r.data) && r.data[r.pos] == '\\' && r.data[r.pos+1] == '*' {
				r.pos += 2
				word, _, _ := r.controlWord()
				if !r.keptDestination(word) {
					r.st.skip = true
				} else {
					r.control(word, 0, false)
				}
			} else if rest := r.data[r.pos:]; bytes.HasPrefix(rest, []byte(`\listtext`)) || bytes.HasPrefix(rest, []byte(`\pntext`)) {
				r.st.label = true
			}
		case '}':
			r.pos++
			if depth == 0 {
				continue // stray: Word ignores it too
			}
			depth--
			r.flush()
			r.st = r.stack[len(r.stack)-1]
			r.stack = r.stack[:len(r.stack)-1]
			if depth == 0 {
				return nil // the end of the document group
			}
		case '\\':
			r.pos++
			if r.pos >= len(r.data) {
				return nil
			}
			r.escape()
		case '\r', '\n':
			r.pos++
		default:
			start := r.pos
			for r.pos < len(r.data) && !strings.ContainsRune("{}\\\r\n", rune(r.data[r.pos])) {
				r.pos++
			}
			r.text(r.decodeBytes(r.data[start:r.pos]), r.pos-start)
		}
	}
	return nil
}

// keptDestination reports the \* destinations whose text is the document's.
func (r *rtfReader) keptDestination(word string) bool {
	switch word {
	case "shptxt", "fldrslt", "listtext", "pntext", "shppict":
		return word != "shppict"
	}
	return false
}

// controlWord reads the letters and the optional number of a control word
// at r.pos (after the backslash), and its delimiting space.
func (r *rtfReader) controlWord() (word string, n int, hasN bool) {
	start := r.pos
	for r.pos < len(r.data) && isASCIILetter(r.data[r.pos]) && r.pos-start < 32 {
		r.pos++
	}
	word = string(r.data[start:r.pos])
	neg := false
	if r.pos < len(r.data) && r.data[r.pos] == '-' {
		neg = true
		r.pos++
	}
	digits := 0
	for r.pos < len(r.data) && r.data[r.pos] >= '0' && r.data[r.pos] <= '9' && digits < 10 {
		n = n*10 + int(r.data[r.pos]-'0')
		r.pos++
		digits++
		hasN = true
	}
	if neg {
		n = -n
	}
	if r.pos < len(r.data) && r.data[r.pos] == ' ' {
		r.pos++
	}
	return word, n, hasN
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// escape handles what follows a backslash: a control symbol or word.
func (r *rtfReader) escape() {
	c := r.data[r.pos]
	if !isASCIILetter(c) {
		r.pos++
		switch c {
		case '\'':
			if r.pos+2 > len(r.data) {
				r.pos = len(r.data)
				return
			}
			b, ok := unhex(r.data[r.pos], r.data[r.pos+1])
			r.pos += 2
			if ok {
				r.text(r.decodeBytes([]byte{b}), 1)
			}
		case '\\', '{', '}':
			r.text(string(c), 1)
		case '~':
			r.text(" ", 1)
		case '_':
			r.text("-", 1)
		case '-':
			// an optional hyphen: not written
		case '\r', '\n':
			r.control("par", 0, false)
		case '\t':
			r.text("\t", 1)
		}
		return
	}
	word, n, hasN := r.controlWord()
	r.control(word, n, hasN)
}

func unhex(a, b byte) (byte, bool) {
	h := func(c byte) (byte, bool) {
		switch {
		case c >= '0' && c <= '9':
			return c - '0', true
		case c|0x20 >= 'a' && c|0x20 <= 'f':
			return c | 0x20 - 'a' + 10, true
		}
		return 0, false
	}
	x, ok1 := h(a)
	y, ok2 := h(b)
	return x<<4 | y, ok1 && ok2
}

// control acts on one control word.
func (r *rtfReader) control(word string, n int, hasN bool) {
	if r.st.skip {
		if word == "bin" && n > 0 {
			r.pos = min(len(r.data), r.pos+n)
		}
		return
	}
	if rtfSkipped[word] {
		if word == "fonttbl" {
			r.readFontTable()
			return
		}
		r.st.skip = true
		return
	}
	switch word {
	case "bin":
		// Binary data: n raw bytes follow.
		if n > 0 {
			r.pos = min(len(r.data), r.pos+n)
		}
	case "ansicpg":
		if e := codePage(n); e != nil {
			r.ansi = e
		}
	case "deff":
		r.deff = n
		r.st.font = n
	case "f":
		r.flush()
		r.st.font = n
	case "plain":
		r.flush()
		r.st.font, r.st.caps = r.deff, false
	case "caps", "scaps":
		r.flush()
		r.st.caps = !hasN || n != 0
	case "uc":
		if n >= 0 && n < 10 {
			r.st.uc = n
		}
	case "u":
		if n < 0 {
			n += 65536
		}
		r.skipN = 0
		if n > 0 && utf8.ValidRune(rune(n)) {
			r.text(string(rune(n)), 0)
		}
		r.skipN = r.st.uc
	case "par", "sect", "page":
		r.endParagraph()
	case "line":
		r.text("\n", 0)
	case "tab":
		if r.st.label {
			r.text(" ", 0) // "1." and a tab before a list paragraph: "1. " as DOCX gives it
		} else {
			r.text("\t", 0)
		}
	case "cell", "nestcell":
		r.endParagraph()
		r.lines = append(r.lines, docxLine{blank: true})
	case "row", "nestrow":
		r.endParagraph()
		r.lines = append(r.lines, docxLine{blank: true})
	case "pard":
		r.st.intbl = false
	case "intbl":
		r.st.intbl = true
	case "emdash":
		r.text("—", 0)
	case "endash":
		r.text("–", 0)
	case "bullet":
		r.text("•", 0)
	case "lquote":
		r.text("‘", 0)
	case "rquote":
		r.text("’", 0)
	case "ldblquote":
		r.text("“", 0)
	case "rdblquote":
		r.text("”", 0)
	case "emspace", "enspace", "qmspace":
		r.text(" ", 0)
	}
}

// readFontTable reads \fonttbl up to the end of its group: each entry's
// number, charset and name.
func (r *rtfReader) readFontTable() {
	depth := 1
	num, charset := -1, -1
	var name strings.Builder
	inEntry := 0 // depth of the entry's group
	skip := 0    // depth of a nested destination (\*\panose, \*\falt)
	end := func() {
		if num >= 0 {
			f := rtfFont{class: fontClass(strings.TrimSpace(strings.TrimSuffix(name.String(), ";")))}
			if cs := charsetEncoding(charset); cs != nil {
				f.enc = cs
			}
			r.fonts[num] = f
		}
		num, charset = -1, -1
		name.Reset()
	}
	for r.pos < len(r.data) && depth > 0 {
		c := r.data[r.pos]
		switch c {
		case '{':
			depth++
			r.pos++
			if depth > maxRTFDepth {
				return
			}
			if inEntry == 0 {
				inEntry = depth
			} else if skip == 0 {
				skip = depth
			}
		case '}':
			if skip == depth {
				skip = 0
			}
			if inEntry == depth {
				end()
				inEntry = 0
			}
			depth--
			if depth == 0 {
				// The closing brace of \fonttbl's group is left to the
				// main loop, which restores the state.
				r.st.skip = true
				return
			}
			r.pos++
		case '\\':
			r.pos++
			if r.pos >= len(r.data) {
				return
			}
			if !isASCIILetter(r.data[r.pos]) {
				if r.data[r.pos] == '\'' && r.pos+2 < len(r.data) && skip == 0 {
					if b, ok := unhex(r.data[r.pos+1], r.data[r.pos+2]); ok {
						name.WriteString(decodeWith(r.ansi, []byte{b}))
					}
					r.pos += 3
					continue
				}
				r.pos++
				continue
			}
			word, n, _ := r.controlWord()
			if skip != 0 {
				continue
			}
			switch word {
			case "f":
				if inEntry == 0 && num >= 0 {
					end() // entries without their own group
				}
				num = n
			case "fcharset":
				charset = n
			case "bin":
				r.pos = min(len(r.data), r.pos+max(n, 0))
			}
		case '\r', '\n':
			r.pos++
		default:
			if skip == 0 {
				if c == ';' && inEntry == 0 {
					end()
				} else {
					name.WriteByte(c)
				}
			}
			r.pos++
		}
	}
}

// decodeBytes decodes text bytes in the code page of the current font.
func (r *rtfReader) decodeBytes(b []byte) string {
	enc := r.ansi
	if f, ok := r.fonts[r.st.font]; ok && f.enc != nil {
		enc = f.enc
	}
	return decodeWith(enc, b)
}

// decodeWith decodes single-byte text in the code page cm.
func decodeWith(cm *charmap.Charmap, b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		if c < utf8.RuneSelf {
			sb.WriteByte(c)
			continue
		}
		sb.WriteRune(cm.DecodeByte(c))
	}
	return sb.String()
}

// text adds decoded text of the current run; units is the number of
// characters it counts for against \uN's fallback.
func (r *rtfReader) text(s string, units int) {
	if r.skipN > 0 && units > 0 {
		// The fallback characters of a \uN are not written.
		rs := []rune(s)
		k := min(r.skipN, len(rs))
		r.skipN -= k
		s = string(rs[k:])
	}
	if r.st.skip || s == "" {
		return
	}
	f := r.fonts[r.st.font]
	if r.buf.Len() > 0 && (r.cur.font != f.class || r.cur.caps != r.st.caps) {
		r.flush()
	}
	r.cur.font, r.cur.caps = f.class, r.st.caps
	r.buf.WriteString(s)
}

func (r *rtfReader) flush() {
	if r.buf.Len() > 0 {
		r.cur.text = r.buf.String()
		r.para = append(r.para, r.cur)
	}
	r.buf.Reset()
	r.cur = run{}
}

func (r *rtfReader) endParagraph() {
	r.flush()
	if len(r.para) > 0 {
		r.lines = append(r.lines, docxLine{runs: r.para, inBox: r.st.intbl})
	} else if r.st.skip {
		return
	} else {
		r.lines = append(r.lines, docxLine{runs: nil, inBox: r.st.intbl})
	}
	r.para = nil
}

// charsetCodePages maps an RTF \fcharset to its Windows code page; the
// ANSI default (0, 1) takes \ansicpg, and a symbol font's bytes (2) are
// glyph codes, read as Latin-1.
var charsetCodePages = map[int]int{163: 1258, 238: 1250, 204: 1251, 161: 1253, 162: 1254, 177: 1255, 178: 1256, 186: 1257, 222: 874}

// codePages are the single-byte Windows and DOS code pages by number.
var codePages = map[int]*charmap.Charmap{
	1250: charmap.Windows1250, 1251: charmap.Windows1251, 1252: charmap.Windows1252,
	1253: charmap.Windows1253, 1254: charmap.Windows1254, 1255: charmap.Windows1255,
	1256: charmap.Windows1256, 1257: charmap.Windows1257, 1258: charmap.Windows1258,
	874: charmap.Windows874, 437: charmap.CodePage437, 850: charmap.CodePage850,
}

// charsetEncoding is the code page of an RTF \fcharset, or nil for the
// ANSI default.
func charsetEncoding(cs int) *charmap.Charmap {
	if cs == 2 {
		return charmap.ISO8859_1
	}
	return codePages[charsetCodePages[cs]]
}

// codePage is the encoding of a Windows code page number; nil if unknown.
func codePage(cp int) *charmap.Charmap { return codePages[cp] }
