package extract

import (
	"bytes"
	"io"
	"strconv"

	"github.com/ledongthuc/pdf"
)

// A content stream's operators and operands, read by our own lexer
// (PDF 32000-1 §7.2, §7.8.2): ledongthuc/pdf's Interpret builds a
// Value, with an allocation, for every token and took a third of the
// time of reading a PDF.

// maxContentBytes bounds the decoded content read from one stream (a
// flate bomb stops there).
const maxContentBytes = 64 << 20

// maxOperands bounds the operands kept before an operator, and
// maxArrayDepth the nesting of arrays and dictionaries.
const (
	maxOperands   = 1 << 12
	maxArrayDepth = 32
)

// operandKind tells what an operand is.
type operandKind uint8

const (
	opNumber operandKind = iota
	opString
	opName
	opArray
	opOther // a dictionary, true, false, null
)

// An operand of a content-stream operator.
type operand struct {
	kind operandKind
	num  float64   // opNumber
	s    string    // opName: the name without "/"
	b    []byte    // opString: the bytes (valid until the next operator)
	arr  []operand // opArray (valid until the next operator)
}

// contentBytes decodes a content stream, or the streams of a /Contents
// array joined by newlines, at most maxContentBytes.
func contentBytes(strm pdf.Value) []byte {
	var b bytes.Buffer
	read := func(v pdf.Value) {
		// Flate streams of text inflate about fourfold.
		if n := v.Key("Length").Int64(); n > 0 && n < maxContentBytes/8 {
			b.Grow(int(4 * n))
		}
		rc := v.Reader()
		defer rc.Close()
		b.ReadFrom(io.LimitReader(rc, int64(maxContentBytes-b.Len())))
		b.WriteByte('\n')
	}
	if strm.Kind() == pdf.Array {
		for i := 0; i < strm.Len() && b.Len() < maxContentBytes; i++ {
			read(strm.Index(i))
		}
	} else {
		read(strm)
	}
	return b.Bytes()
}

// isSpace and isDelim classify bytes as PDF 32000-1 §7.2.2 does.
func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// contentLexer reads the tokens of a content stream. Arrays are built
// in per-depth buffers and kept in an arena that the next operator
// reuses, so a TJ array costs no allocation.
type contentLexer struct {
	data  []byte
	pos   int
	bufs  [][]operand
	arena []operand
}

// lexContent calls do for each operator of data with its operands (the
// slice is reused between calls). Malformed input ends early or is
// skipped; it never panics.
func lexContent(data []byte, do func(op string, args []operand)) {
	lx := contentLexer{data: data}
	args := make([]operand, 0, 8)
	for {
		tok, op, ok := lx.next(0)
		if !ok {
			return
		}
		if op == "" {
			if len(args) < maxOperands {
				args = append(args, tok)
			}
			continue
		}
		do(op, args)
		args = args[:0]
		lx.arena = lx.arena[:0]
		if op == "BI" {
			lx.skipInlineImage()
		}
	}
}

// next returns the next operand, or an operator's name in op; ok is
// false at the end of the data.
func (lx *contentLexer) next(depth int) (tok operand, op string, ok bool) {
	d := lx.data
	for {
		for lx.pos < len(d) && isSpace(d[lx.pos]) {
			lx.pos++
		}
		if lx.pos >= len(d) {
			return tok, "", false
		}
		if d[lx.pos] != '%' {
			break
		}
		for lx.pos < len(d) && d[lx.pos] != '\n' && d[lx.pos] != '\r' {
			lx.pos++
		}
	}
	c := d[lx.pos]
	switch {
	case c == '(':
		return operand{kind: opString, b: lx.literal()}, "", true
	case c == '<' && lx.pos+1 < len(d) && d[lx.pos+1] == '<':
		lx.pos += 2
		lx.skipUntil(">>", depth)
		return operand{kind: opOther}, "", true
	case c == '<':
		return operand{kind: opString, b: lx.hex()}, "", true
	case c == '[':
		lx.pos++
		for len(lx.bufs) <= depth {
			lx.bufs = append(lx.bufs, nil)
		}
		buf := lx.bufs[depth][:0]
		done := func() (operand, string, bool) {
			lx.bufs[depth] = buf
			start := len(lx.arena)
			if start+len(buf) > cap(lx.arena) {
				// A new arena: the arrays already made keep the old one.
				lx.arena = make([]operand, 0, 2*(cap(lx.arena)+len(buf)))
				start = 0
			}
			lx.arena = append(lx.arena, buf...)
			return operand{kind: opArray, arr: lx.arena[start:len(lx.arena):len(lx.arena)]}, "", true
		}
		for {
			for lx.pos < len(d) && isSpace(d[lx.pos]) {
				lx.pos++
			}
			if lx.pos >= len(d) {
				return done()
			}
			if d[lx.pos] == ']' {
				lx.pos++
				return done()
			}
			if depth >= maxArrayDepth {
				lx.pos++
				continue
			}
			t, o, ok := lx.next(depth + 1)
			if !ok {
				return done()
			}
			if o == "" && len(buf) < maxOperands {
				buf = append(buf, t)
			}
		}
	case c == '/':
		lx.pos++
		start := lx.pos
		for lx.pos < len(d) && !isSpace(d[lx.pos]) && !isDelim(d[lx.pos]) {
			lx.pos++
		}
		return operand{kind: opName, s: unescapeName(d[start:lx.pos])}, "", true
	case c == '+' || c == '-' || c == '.' || ('0' <= c && c <= '9'):
		start := lx.pos
		lx.pos++
		for lx.pos < len(d) && !isSpace(d[lx.pos]) && !isDelim(d[lx.pos]) {
			lx.pos++
		}
		return operand{kind: opNumber, num: parseNumber(d[start:lx.pos])}, "", true
	case isDelim(c):
		lx.pos++ // a stray ')', ']', '>', '{' or '}'
		return lx.next(depth)
	}
	start := lx.pos
	for lx.pos < len(d) && !isSpace(d[lx.pos]) && !isDelim(d[lx.pos]) {
		lx.pos++
	}
	word := d[start:lx.pos]
	switch string(word) {
	case "true", "false", "null":
		return operand{kind: opOther}, "", true
	}
	return tok, operatorName(word), true
}

// operatorName returns the operators the walker knows without
// allocating, any other as a new string.
func operatorName(w []byte) string {
	for _, op := range knownOps {
		if string(w) == op {
			return op
		}
	}
	return string(w)
}

var knownOps = [...]string{"Tj", "TJ", "Td", "TD", "Tm", "Tf", "T*", "'", "\"", "Tc", "Tw", "Tz", "TL", "Ts", "Tr", "BT", "ET", "q", "Q", "cm", "Do", "BI", "re", "m", "l", "c", "h", "f", "S", "n", "W", "g", "G", "rg", "RG", "k", "K", "cs", "CS", "sc", "scn", "SC", "SCN", "gs", "w", "BDC", "BMC", "EMC"}

// literal reads a (string) with its escapes and nested parentheses; one
// without escapes is a slice of the data.
func (lx *contentLexer) literal() []byte {
	d := lx.data
	lx.pos++
	start := lx.pos
	// The common case: no escapes, no nesting.
	for i := start; i < len(d); i++ {
		if d[i] == ')' {
			lx.pos = i + 1
			return d[start:i:i]
		}
		if d[i] == '\\' || d[i] == '(' {
			break
		}
	}
	var b []byte
	nest := 0
	for lx.pos < len(d) {
		c := d[lx.pos]
		lx.pos++
		switch c {
		case '(':
			nest++
		case ')':
			if nest == 0 {
				return b
			}
			nest--
		case '\\':
			if lx.pos >= len(d) {
				return b
			}
			c = d[lx.pos]
			lx.pos++
			switch c {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if lx.pos < len(d) && d[lx.pos] == '\n' {
					lx.pos++
				}
				continue
			case '\n':
				continue
			default:
				if '0' <= c && c <= '7' {
					v := int(c - '0')
					for k := 0; k < 2 && lx.pos < len(d) && '0' <= d[lx.pos] && d[lx.pos] <= '7'; k++ {
						v = v*8 + int(d[lx.pos]-'0')
						lx.pos++
					}
					c = byte(v)
				}
			}
		}
		b = append(b, c)
	}
	return b
}

// hex reads a <hex string>; an odd last digit counts as followed by 0.
func (lx *contentLexer) hex() []byte {
	d := lx.data
	lx.pos++
	var b []byte
	half, hi := false, byte(0)
	for lx.pos < len(d) {
		c := d[lx.pos]
		lx.pos++
		if c == '>' {
			break
		}
		var v byte
		switch {
		case '0' <= c && c <= '9':
			v = c - '0'
		case 'a' <= c && c <= 'f':
			v = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if half {
			b = append(b, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		b = append(b, hi<<4)
	}
	return b
}

// skipUntil skips a dictionary's contents up to its closing ">>",
// strings and nested dictionaries included.
func (lx *contentLexer) skipUntil(end string, depth int) {
	d := lx.data
	for lx.pos < len(d) {
		switch c := d[lx.pos]; {
		case c == '>' && lx.pos+1 < len(d) && d[lx.pos+1] == '>':
			lx.pos += 2
			return
		case c == '(':
			lx.literal()
		case c == '<' && lx.pos+1 < len(d) && d[lx.pos+1] == '<':
			lx.pos += 2
			if depth < maxArrayDepth {
				lx.skipUntil(end, depth+1)
			}
		case c == '<':
			lx.hex()
		default:
			lx.pos++
		}
	}
}

// skipInlineImage skips an inline image's parameters and data: "ID", a
// white-space byte, then the data up to "EI" between white space (or the
// end).
func (lx *contentLexer) skipInlineImage() {
	d := lx.data
	i := bytes.Index(d[lx.pos:], []byte("ID"))
	if i < 0 {
		lx.pos = len(d)
		return
	}
	p := lx.pos + i + 3
	for p < len(d) {
		j := bytes.Index(d[p:], []byte("EI"))
		if j < 0 {
			break
		}
		e := p + j
		if e > 0 && isSpace(d[e-1]) && (e+2 == len(d) || isSpace(d[e+2]) || isDelim(d[e+2])) {
			lx.pos = e + 2
			return
		}
		p = e + 2
	}
	lx.pos = len(d)
}

// unescapeName decodes #xx escapes in a name.
func unescapeName(b []byte) string {
	if bytes.IndexByte(b, '#') < 0 {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			if v, err := strconv.ParseUint(string(b[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}

// parseNumber reads an integer or real ("12", "-3.5", ".5", "4."); junk
// gives 0, as a reader would.
func parseNumber(b []byte) float64 {
	neg := false
	i := 0
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	v, frac, scale := 0.0, false, 1.0
	digits := 0
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case '0' <= c && c <= '9':
			if frac {
				scale /= 10
				v += float64(c-'0') * scale
			} else {
				v = v*10 + float64(c-'0')
			}
			digits++
		case c == '.' && !frac:
			frac = true
		case c == '-' && digits == 0:
			neg = !neg // "--5" as some writers put it
		default:
			return 0
		}
	}
	if neg {
		v = -v
	}
	return v
}
