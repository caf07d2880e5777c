package extract

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"testing"
	utf16std "unicode/utf16"

	"golang.org/x/text/unicode/norm"
)

// Builders of Word 97 and RTF files for the tests: a small notice model
// written out the way Word writes it, in TCVN3 or VNI fonts.

// fxRun is a run of a fixture paragraph: its text (Unicode) and font.
type fxRun struct {
	text string
	font int // index into fxFonts
}

// fxPara is a paragraph; cell marks the end of a table cell, row the end
// of a row (after its last cell); style is the paragraph style (0 Normal,
// 1 a heading style whose font is the capitals font).
type fxPara struct {
	runs      []fxRun
	cell, row bool
	tbl       bool // in a table cell
	list      bool // numbered by Word's list 1 ("%1.", decimal)
	style     int
}

// fxFonts are the fixtures' fonts: 0 Times New Roman, then the legacy
// body and capitals fonts of the encoding.
func fxFonts(enc legacyEncoding) []string {
	if enc == legacyVNI {
		return []string{"Times New Roman", "VNI-Times", "VNI-Times"}
	}
	return []string{"Times New Roman", ".VnTime", ".VnTimeH"}
}

// fxNotice is a decision with its header and closing laid out as tables,
// as the legacy archives hold them. Runs in font 2 are written in lower
// case in TCVN3 (the .VnTimeH font draws them as capitals); paragraphs of
// style 1 take that font from the style alone.
func fxNotice() []fxPara {
	r := func(font int, s string) []fxRun { return []fxRun{{s, font}} }
	return []fxPara{
		{runs: r(2, "ỦY BAN NHÂN DÂN"), tbl: true},
		{runs: r(2, "TỈNH TIỀN GIANG"), tbl: true},
		{runs: r(1, "Số: 15/2003/QĐ-UB"), cell: true, tbl: true},
		{runs: r(2, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), tbl: true},
		{runs: r(1, "Độc lập - Tự do - Hạnh phúc"), tbl: true},
		{runs: r(1, "Mỹ Tho, ngày 12 tháng 5 năm 2003"), cell: true, tbl: true},
		{row: true, tbl: true},
		{runs: nil},
		{runs: r(-1, "QUYẾT ĐỊNH"), style: 1},
		{runs: []fxRun{{"Về việc thành lập Ban chỉ đạo phòng chống lụt bão ", 1}, {"năm 2003", 1}}},
		{runs: r(2, "ỦY BAN NHÂN DÂN TỈNH TIỀN GIANG")},
		{runs: r(1, "Căn cứ Luật Tổ chức HĐND và UBND ngày 21/6/1994;")},
		{runs: []fxRun{{"Theo đề nghị của Giám đốc Sở Nông nghiệp ", 1}, {"(PTNT)", 0}, {",", 1}}},
		{runs: r(-1, "QUYẾT ĐỊNH:"), style: 1},
		{runs: r(1, "Điều 1. Thành lập Ban chỉ đạo phòng chống lụt bão tỉnh gồm các ông, bà có tên sau đây.")},
		{runs: r(1, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.")},
		{runs: r(1, "Nơi nhận:"), tbl: true},
		{runs: r(1, "- Như Điều 2;"), tbl: true},
		{runs: r(1, "- Lưu VT."), cell: true, tbl: true},
		{runs: r(2, "TM. ỦY BAN NHÂN DÂN"), tbl: true},
		{runs: r(2, "KT. CHỦ TỊCH"), tbl: true},
		{runs: r(2, "PHÓ CHỦ TỊCH"), tbl: true},
		{runs: r(1, "Nguyễn Văn Bảy"), cell: true, tbl: true},
		{row: true, tbl: true},
	}
}

// legacyBytes encodes Unicode text in enc as the Windows-1252 characters
// a legacy font's codes read as; capitals (font 2 in TCVN3) are written in
// lower case, as a .VnTimeH font expects them.
func legacyBytes(t testing.TB, s string, enc legacyEncoding, capitals bool) string {
	t.Helper()
	if enc == legacyTCVN3 && capitals {
		s = strings.ToLower(s)
	}
	rev := reverseLegacy(enc)
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		k, ok := rev[r]
		if !ok {
			t.Fatalf("%q has no %s code", r, enc)
		}
		b.WriteString(k)
	}
	return b.String()
}

// reverseLegacy maps each letter to its legacy spelling, found by running
// the converter over every candidate code (and vowel + mark pair in VNI).
func reverseLegacy(enc legacyEncoding) map[rune]string {
	rev := map[rune]string{}
	add := func(code string, out string) {
		rs := []rune(out)
		if len(rs) != 1 || rs[0] < 0x80 {
			return
		}
		if old, ok := rev[rs[0]]; !ok || len(code) < len(old) {
			rev[rs[0]] = code
		}
	}
	for c := rune(0xA0); c <= 0xFF; c++ {
		switch enc {
		case legacyTCVN3:
			add(string(c), convertTCVN3(string(c)))
		case legacyVNI:
			// A vowel and its marks; a code that stands alone only where
			// it is a letter of its own (ơ, ư, đ, the i family), since a
			// mark code after a vowel would join it.
			for _, v := range "aeiouyAEIOUYôöÔÖ" {
				add(string(v)+string(c), convertVNI(string(v)+string(c)))
			}
		}
	}
	if enc == legacyVNI {
		for k, v := range vniLetters {
			rev[v] = string(k)
		}
		for k, v := range vniLetters {
			for m := range vniMarks {
				if out := []rune(convertVNI(string(k) + string(m))); len(out) == 1 && (v == 'ơ' || v == 'ư' || v == 'Ơ' || v == 'Ư') {
					rev[out[0]] = string(k) + string(m)
				}
			}
		}
	}
	return rev
}

// cfbFile writes a compound file (CFB version 3, 512-byte sectors) holding
// the given streams, each padded to at least 4096 bytes so that none goes
// to the mini stream.
func cfbFile(streams map[string][]byte) []byte {
	names := make([]string, 0, len(streams))
	for n := range streams {
		names = append(names, n)
	}
	// Directory order: shorter names first, then by upper case.
	sort.Slice(names, func(i, j int) bool {
		if len(names[i]) != len(names[j]) {
			return len(names[i]) < len(names[j])
		}
		return strings.ToUpper(names[i]) < strings.ToUpper(names[j])
	})
	const sec = 512
	var body []byte // sectors after the FAT
	var fat []uint32
	chain := func(data []byte) uint32 {
		start := uint32(len(body) / sec)
		n := (len(data) + sec - 1) / sec
		for i := 0; i < n; i++ {
			next := start + uint32(i) + 1
			if i == n-1 {
				next = 0xFFFFFFFE
			}
			fat = append(fat, next)
		}
		padded := make([]byte, n*sec)
		copy(padded, data)
		body = append(body, padded...)
		return start
	}
	// The directory: root, then the streams as a chain of right siblings.
	dir := make([]byte, 128*(len(names)+1))
	entry := func(i int, name string, typ byte, right, child, start uint32, size int) {
		e := dir[128*i:]
		u := utf16std.Encode([]rune(name))
		for k, c := range u {
			binary.LittleEndian.PutUint16(e[2*k:], c)
		}
		binary.LittleEndian.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66], e[67] = typ, 1
		binary.LittleEndian.PutUint32(e[68:], 0xFFFFFFFF)
		binary.LittleEndian.PutUint32(e[72:], right)
		binary.LittleEndian.PutUint32(e[76:], child)
		binary.LittleEndian.PutUint32(e[116:], start)
		binary.LittleEndian.PutUint32(e[120:], uint32(size))
	}
	var starts []uint32
	for _, n := range names {
		data := streams[n]
		if len(data) < 4096 {
			data = append(append([]byte{}, data...), make([]byte, 4096-len(data))...)
		}
		starts = append(starts, chain(data))
		streams[n] = data
	}
	for i, n := range names {
		right := uint32(0xFFFFFFFF)
		if i+1 < len(names) {
			right = uint32(i + 2)
		}
		entry(i+1, n, 2, right, 0xFFFFFFFF, starts[i], len(streams[n]))
	}
	// Pad the directory to whole sectors (empty entries are type 0).
	for len(dir)%sec != 0 {
		dir = append(dir, 0)
	}
	dirStart := chain(dir)
	entry(0, "Root Entry", 5, 0xFFFFFFFF, 1, 0xFFFFFFFE, 0)
	copy(body[int(dirStart)*sec:], dir[:128]) // the root entry was written after chaining
	// FAT sectors go after the body; each holds 128 entries.
	nFat := (len(fat) + 127) / 128
	for (len(fat)+nFat+127)/128 > nFat {
		nFat++
	}
	fatStart := uint32(len(body) / sec)
	for i := 0; i < nFat; i++ {
		fat = append(fat, 0xFFFFFFFD)
	}
	fatBytes := make([]byte, nFat*sec)
	for i := range fatBytes[:nFat*sec] {
		fatBytes[i] = 0xFF
	}
	for i, v := range fat {
		binary.LittleEndian.PutUint32(fatBytes[4*i:], v)
	}
	hdr := make([]byte, sec)
	copy(hdr, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	binary.LittleEndian.PutUint16(hdr[24:], 0x3E)
	binary.LittleEndian.PutUint16(hdr[26:], 3)
	binary.LittleEndian.PutUint16(hdr[28:], 0xFFFE)
	binary.LittleEndian.PutUint16(hdr[30:], 9)
	binary.LittleEndian.PutUint16(hdr[32:], 6)
	binary.LittleEndian.PutUint32(hdr[44:], uint32(nFat))
	binary.LittleEndian.PutUint32(hdr[48:], dirStart)
	binary.LittleEndian.PutUint32(hdr[56:], 4096)
	binary.LittleEndian.PutUint32(hdr[60:], 0xFFFFFFFE)
	binary.LittleEndian.PutUint32(hdr[68:], 0xFFFFFFFE)
	for i := 0; i < 109; i++ {
		v := uint32(0xFFFFFFFF)
		if i < nFat {
			v = fatStart + uint32(i)
		}
		binary.LittleEndian.PutUint32(hdr[76+4*i:], v)
	}
	out := append(hdr, body...)
	return append(out, fatBytes...)
}

// docFile writes paragraphs as a Word 97 document: 8-bit text in one
// piece, a CHPX page giving each run's font, a PAPX page giving each
// paragraph's style and table flag, a style sheet whose style 1 sets font
// 2, and the font table.
func docFile(t testing.TB, paras []fxPara, enc legacyEncoding) []byte {
	t.Helper()
	fonts := fxFonts(enc)
	const textAt = 1024
	var text []byte
	type span struct {
		start, end uint32
		grpprl     []byte
	}
	var chpx, papx []span
	for _, p := range paras {
		pStart := uint32(textAt + len(text))

		for _, r := range p.runs {
			font := r.font
			if font < 0 {
				font = 2 // from the style
			}
			s := r.text
			if font > 0 {
				s = legacyBytes(t, s, enc, font == 2)
			}
			b := cp1252(t, s)
			start := uint32(textAt + len(text))
			text = append(text, b...)
			if r.font >= 0 {
				g := binary.LittleEndian.AppendUint16(nil, sprmCRgFtc0)
				chpx = append(chpx, span{start, start + uint32(len(b)), binary.LittleEndian.AppendUint16(g, uint16(r.font))})
			}
		}
		mark := byte('\r')
		if p.cell || p.row {
			mark = 7
		}
		text = append(text, mark)
		g := binary.LittleEndian.AppendUint16(nil, uint16(p.style))
		if p.tbl {
			g = append(binary.LittleEndian.AppendUint16(g, sprmPFInTable), 1)
		}
		if p.row {
			g = append(binary.LittleEndian.AppendUint16(g, sprmPFTtp), 1)
		}
		if p.list {
			g = binary.LittleEndian.AppendUint16(binary.LittleEndian.AppendUint16(g, sprmPIlfo), 1)
			g = append(binary.LittleEndian.AppendUint16(g, sprmPIlvl), 0)
		}
		papx = append(papx, span{pStart, uint32(textAt + len(text)), g})
	}
	// Character runs cover the text without gaps; runs without a font
	// get an empty grpprl.
	var runs []span
	at := uint32(textAt)
	for _, c := range chpx {
		if c.start > at {
			runs = append(runs, span{at, c.start, nil})
		}
		runs = append(runs, c)
		at = c.end
	}
	if end := uint32(textAt + len(text)); at < end {
		runs = append(runs, span{at, end, nil})
	}
	fkp := func(spans []span, para bool) []byte {
		page := make([]byte, 512)
		n := len(spans)
		if n == 0 || 4*(n+1)+13*n > 300 {
			t.Fatalf("%d spans do not fit one FKP page", n)
		}
		for i, s := range spans {
			binary.LittleEndian.PutUint32(page[4*i:], s.start)
		}
		binary.LittleEndian.PutUint32(page[4*n:], spans[n-1].end)
		free := 510
		for i, s := range spans {
			var blob []byte
			if para {
				g := s.grpprl
				if len(g)%2 == 1 {
					g = append(append([]byte{}, g...), 0)
				}
				blob = append([]byte{0, byte(len(g) / 2)}, g...)
			} else {
				if len(s.grpprl) == 0 {
					continue
				}
				blob = append([]byte{byte(len(s.grpprl))}, s.grpprl...)
			}
			free -= len(blob)
			free &^= 1
			copy(page[free:], blob)
			if para {
				page[4*(n+1)+13*i] = byte(free / 2)
			} else {
				page[4*(n+1)+i] = byte(free / 2)
			}
		}
		page[511] = byte(n)
		return page
	}
	word := make([]byte, textAt)
	word = append(word, text...)
	for len(word)%512 != 0 {
		word = append(word, 0)
	}
	// FKP pages of at most 12 spans each, and their bin tables.
	pages := func(spans []span, para bool) []byte {
		var plc, pns []byte
		for i := 0; i < len(spans); i += 12 {
			chunk := spans[i:min(len(spans), i+12)]
			plc = binary.LittleEndian.AppendUint32(plc, chunk[0].start)
			pns = binary.LittleEndian.AppendUint32(pns, uint32(len(word)/512))
			word = append(word, fkp(chunk, para)...)
		}
		plc = binary.LittleEndian.AppendUint32(plc, spans[len(spans)-1].end)
		return append(plc, pns...)
	}
	chpxBte := pages(runs, false)
	papxBte := pages(papx, true)

	var table []byte
	place := func(b []byte) (uint32, uint32) {
		fc := uint32(len(table))
		table = append(table, b...)
		return fc, uint32(len(b))
	}
	// Clx: one piece, compressed.
	clx := []byte{2}
	plc := binary.LittleEndian.AppendUint32(nil, 0)
	plc = binary.LittleEndian.AppendUint32(plc, uint32(len(text)))
	plc = append(plc, 0, 0)
	plc = binary.LittleEndian.AppendUint32(plc, (textAt*2)|0x40000000)
	plc = append(plc, 0, 0)
	clx = binary.LittleEndian.AppendUint32(clx, uint32(len(plc)))
	clx = append(clx, plc...)
	// SttbfFfn.
	ffn := binary.LittleEndian.AppendUint16(nil, uint16(len(fonts)))
	ffn = append(ffn, 0, 0)
	for _, name := range fonts {
		e := make([]byte, 39)
		for _, c := range utf16std.Encode([]rune(name)) {
			e = binary.LittleEndian.AppendUint16(e, c)
		}
		e = append(e, 0, 0)
		ffn = append(append(ffn, byte(len(e))), e...)
	}
	// STSH: Normal (font 0) and a heading style in the capitals font.
	stdBytes := func(name string, base int, chp []byte) []byte {
		b := binary.LittleEndian.AppendUint16(nil, 0)
		b = binary.LittleEndian.AppendUint16(b, uint16(1|base<<4))
		b = binary.LittleEndian.AppendUint16(b, 2)
		b = append(b, 0, 0, 0, 0)
		b = binary.LittleEndian.AppendUint16(b, uint16(len(name)))
		for _, c := range name {
			b = binary.LittleEndian.AppendUint16(b, uint16(c))
		}
		b = append(b, 0, 0)
		b = append(binary.LittleEndian.AppendUint16(b, 2), 0, 0)
		b = binary.LittleEndian.AppendUint16(b, uint16(len(chp)))
		b = append(b, chp...)
		return append(binary.LittleEndian.AppendUint16(nil, uint16(len(b))), b...)
	}
	stsh := binary.LittleEndian.AppendUint16(nil, 18)
	stshi := make([]byte, 18)
	binary.LittleEndian.PutUint16(stshi, 2)
	binary.LittleEndian.PutUint16(stshi[2:], 10)
	stsh = append(stsh, stshi...)
	heading := binary.LittleEndian.AppendUint16(nil, sprmCRgFtc0)
	heading = binary.LittleEndian.AppendUint16(heading, 2)
	stsh = append(stsh, stdBytes("Normal", 0xFFF, nil)...)
	stsh = append(stsh, stdBytes("heading 1", 0, heading)...)

	fib := word[:textAt]
	binary.LittleEndian.PutUint16(fib, 0xA5EC)
	binary.LittleEndian.PutUint16(fib[2:], 0xC1)
	binary.LittleEndian.PutUint16(fib[0x0A:], 0x0200) // 1Table
	binary.LittleEndian.PutUint16(fib[32:], 14)
	binary.LittleEndian.PutUint16(fib[62:], 22)
	binary.LittleEndian.PutUint32(fib[76:], uint32(len(text)))
	binary.LittleEndian.PutUint16(fib[152:], 93)
	set := func(i int, fc, lcb uint32) {
		binary.LittleEndian.PutUint32(fib[154+8*i:], fc)
		binary.LittleEndian.PutUint32(fib[154+8*i+4:], lcb)
	}
	fc, lcb := place(stsh)
	set(1, fc, lcb)
	fc, lcb = place(chpxBte)
	set(12, fc, lcb)
	fc, lcb = place(papxBte)
	set(13, fc, lcb)
	fc, lcb = place(ffn)
	set(15, fc, lcb)
	fc, lcb = place(clx)
	set(33, fc, lcb)
	// One simple list, decimal "%1.", and its one instance.
	lst := binary.LittleEndian.AppendUint16(nil, 1)
	lstf := make([]byte, 28)
	binary.LittleEndian.PutUint32(lstf, 77)
	lstf[26] = 1 // fSimpleList
	lst = append(lst, lstf...)
	fc, lcb = place(lst)
	set(73, fc, lcb)
	lvl := make([]byte, 28)
	binary.LittleEndian.PutUint32(lvl, 1)
	lvl = append(binary.LittleEndian.AppendUint16(lvl, 2), 0, 0, '.', 0)
	place(lvl)
	lfo := binary.LittleEndian.AppendUint32(nil, 1)
	lfoRec := make([]byte, 16)
	binary.LittleEndian.PutUint32(lfoRec, 77)
	fc, lcb = place(append(lfo, lfoRec...))
	set(74, fc, lcb)
	return cfbFile(map[string][]byte{"WordDocument": word, "1Table": table})
}

// rtfFile writes paragraphs as Word writes RTF: a font table, \'hh for
// every byte above ASCII, \intbl paragraphs ending in \cell and \row.
func rtfFile(t testing.TB, paras []fxPara, enc legacyEncoding) []byte {
	t.Helper()
	fonts := fxFonts(enc)
	var b bytes.Buffer
	b.WriteString(`{\rtf1\ansi\ansicpg1252\uc1\deff0{\fonttbl`)
	for i, f := range fonts {
		fmt.Fprintf(&b, `{\f%d\froman\fcharset0\fprq2{\*\panose 02020603050405020304}%s;}`, i, f)
	}
	b.WriteString("}\n{\\colortbl;\\red0\\green0\\blue0;}{\\stylesheet{\\f0 Normal;}{\\s1\\f2 heading 1;}}\n")
	b.WriteString(`{\info{\title Quy\'ea t \'a7\'deinh}}{\header {\f1 Trang 1\par}}{\*\generator Test;}` + "\n")
	for i, p := range paras {
		b.WriteString(`\pard\plain`)
		if p.style == 1 {
			b.WriteString(`\s1`)
		}
		if p.tbl {
			b.WriteString(`\intbl`)
		}
		b.WriteString(" ")
		if p.list {
			fmt.Fprintf(&b, `{\listtext\pard\plain \f0 %d.\tab}`, listNo(paras, i))
		}
		for _, r := range p.runs {
			font := r.font
			if font < 0 {
				font = 2
			}
			s := r.text
			if font > 0 {
				s = legacyBytes(t, s, enc, font == 2)
			}
			fmt.Fprintf(&b, `{\f%d `, font)
			for _, c := range cp1252(t, s) {
				switch {
				case c >= 0x80:
					fmt.Fprintf(&b, `\'%02x`, c)
				case c == '\\' || c == '{' || c == '}':
					b.WriteByte('\\')
					b.WriteByte(c)
				default:
					b.WriteByte(c)
				}
			}
			b.WriteString("}")
		}
		switch {
		case p.row:
			b.WriteString(`\row` + "\n")
		case p.cell:
			b.WriteString(`\cell` + "\n")
		default:
			b.WriteString(`\par` + "\n")
		}
		if i == 1 {
			b.WriteString(`{\*\shppict{\pict\pngblip 89504e47}}{\nonshppict{\pict\wmetafile8 0100}}`)
		}
	}
	b.WriteString("}")
	return b.Bytes()
}

// listNo is the number Word gives list paragraph i.
func listNo(paras []fxPara, i int) int {
	n := 0
	for k := 0; k <= i; k++ {
		if paras[k].list {
			n++
		}
	}
	return n
}
