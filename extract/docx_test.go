package extract

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"strings"
	"testing"
)

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`

// makeDOCX packs parts (name → content) into a zip; body, if set, becomes
// word/document.xml inside a w:document/w:body.
func makeDOCX(t testing.TB, body string, parts map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	if body != "" {
		parts["word/document.xml"] = `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wNS + `><w:body>` + body + `</w:body></w:document>`
	}
	for name, content := range parts {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func p(inner string) string { return "<w:p>" + inner + "</w:p>" }
func r(text string) string  { return `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r>` }
func numbered(numID, level, text string) string {
	return `<w:p><w:pPr><w:numPr><w:ilvl w:val="` + level + `"/><w:numId w:val="` + numID + `"/></w:numPr></w:pPr>` + r(text) + `</w:p>`
}

const testNumbering = `<w:numbering ` + wNS + `>
<w:abstractNum w:abstractNumId="7">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="–"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="9"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Điều %1."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="8"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="9"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>`

func TestDOCXAutomaticNumbering(t *testing.T) {
	styles := `<w:styles ` + wNS + `><w:style w:styleId="ListArticle"><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style></w:styles>`
	body := numbered("1", "0", "NHIỆM VỤ") +
		numbered("1", "1", "Tăng cường") +
		numbered("1", "2", "ý một") +
		numbered("1", "2", "ý hai") +
		numbered("1", "1", "Đẩy mạnh") +
		numbered("1", "2", "ý ba") +
		numbered("2", "0", "gạch đầu dòng") +
		numbered("1", "0", "GIẢI PHÁP") +
		numbered("1", "1", "Rà soát") +
		`<w:p><w:pPr><w:pStyle w:val="ListArticle"/></w:pPr>` + r("Hiệu lực") + `</w:p>`
	data := makeDOCX(t, body, map[string]string{"word/numbering.xml": testNumbering, "word/styles.xml": styles})
	doc, err := Read("n.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	want := "I. NHIỆM VỤ\n1. Tăng cường\na) ý một\nb) ý hai\n2. Đẩy mạnh\na) ý ba\n- gạch đầu dòng\nII. GIẢI PHÁP\n1. Rà soát\nĐiều 5. Hiệu lực"
	if doc.Text != want {
		t.Errorf("text\n%s\nwant\n%s", doc.Text, want)
	}
	if doc.Format != FormatDOCX || doc.Extractor != "docx" || doc.Encoding != "unicode" {
		t.Errorf("format %q extractor %q encoding %q", doc.Format, doc.Extractor, doc.Encoding)
	}
}

func TestDOCXStructure(t *testing.T) {
	cell := func(paras ...string) string { return "<w:tc>" + strings.Join(paras, "") + "</w:tc>" }
	body :=
		// The header as a table: each cell its own block.
		`<w:tbl><w:tr>` + cell(p(r("TỈNH ỦY X")), p(r("Số 1-TB/TU"))) + cell(p(r("ĐẢNG CỘNG SẢN VIỆT NAM"))) + `</w:tr></w:tbl>` +
			// Capitals by formatting, a tracked deletion, a line break.
			p(`<w:r><w:rPr><w:caps/></w:rPr><w:t>thông báo</w:t></w:r>`) +
			p(r("Nội dung")+`<w:del><w:r><w:delText>bỏ đi</w:delText></w:r></w:del>`+r(" chính")+`<w:r><w:br/></w:r>`+r("dòng hai")) +
			// A text box, once: the VML fallback repeats it.
			p(`<mc:AlternateContent><mc:Choice><w:r><w:drawing><w:txbxContent>`+p(r("Trong hộp"))+`</w:txbxContent></w:drawing></w:r></mc:Choice><mc:Fallback><w:r><w:pict><w:txbxContent>`+p(r("Trong hộp"))+`</w:txbxContent></w:pict></w:r></mc:Fallback></mc:AlternateContent>`) +
			// The closing laid out with a tab stop.
			p(`<w:pPr><w:tabs><w:tab w:val="center" w:pos="6800"/></w:tabs></w:pPr>`+r("Nơi nhận:")+`<w:r><w:tab/></w:r>`+r("T/M BAN THƯỜNG VỤ")) +
			p(r("- Như trên,")+`<w:r><w:tab/></w:r>`+r("BÍ THƯ")) +
			p(r("- Lưu.")) +
			p(`<w:r><w:tab/></w:r>`+r("Nguyễn Văn A"))
	doc, err := Read("s.docx", makeDOCX(t, body, map[string]string{}))
	if err != nil {
		t.Fatal(err)
	}
	want := "TỈNH ỦY X\nSố 1-TB/TU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\nTHÔNG BÁO\nNội dung chính\ndòng hai\nTrong hộp\n\nNơi nhận:\n- Như trên,\n- Lưu.\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\nNguyễn Văn A"
	if strings.TrimSpace(doc.Text) != want {
		t.Errorf("text\n%q\nwant\n%q", doc.Text, want)
	}
}

func TestDOCXLegacyFonts(t *testing.T) {
	run := func(font, text string) string {
		return `<w:r><w:rPr><w:rFonts w:ascii="` + font + `" w:hAnsi="` + font + `"/></w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
	}
	// TCVN3: a .VnTimeH run draws its lower-case codes as capitals.
	body := p(run(".VnTimeH", "ng©n hµng nhµ n\u00adíc")) +
		p(run(".VnTime", "H\u00adíng dÉn mét sè néi dung vÒ gãp vèn thµnh lËp Quü b¶o l·nh tÝn dông cho c¸c doanh nghiÖp nhá vµ võa"))
	doc, err := Read("t.docx", makeDOCX(t, body, map[string]string{}))
	if err != nil {
		t.Fatal(err)
	}
	want := "NGÂN HÀNG NHÀ NƯỚC\nHướng dẫn một số nội dung về góp vốn thành lập Quỹ bảo lãnh tín dụng cho các doanh nghiệp nhỏ và vừa"
	if doc.Text != want || doc.Encoding != "unicode+tcvn3" {
		t.Errorf("text %q encoding %q\nwant %q", doc.Text, doc.Encoding, want)
	}
}

// zipBomb packs a document.xml that unpacks to mib MiB of zeros after its
// opening tags into a zip of a few KiB, without compressing mib MiB (which
// takes minutes under the race detector): one flushed deflate chunk of
// 1 MiB of zeros repeated (each chunk refers only to itself), then the
// final block. The header declares declared bytes (a lying header, if
// fewer than the truth).
func zipBomb(t *testing.T, mib int, declared uint64) []byte {
	t.Helper()
	head := []byte(`<w:document ` + wNS + `><w:body><w:p><w:r><w:t>`)
	var chunk, start bytes.Buffer
	fw, _ := flate.NewWriter(&start, flate.BestCompression)
	fw.Write(head)
	fw.Flush()
	fw, _ = flate.NewWriter(&chunk, flate.BestCompression)
	fw.Write(make([]byte, 1<<20))
	fw.Flush()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, err := z.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, UncompressedSize64: declared, CompressedSize64: uint64(start.Len() + mib*chunk.Len() + 2)})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(start.Bytes())
	for range mib {
		w.Write(chunk.Bytes())
	}
	w.Write([]byte{3, 0}) // an empty final block
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestHostileDOCX(t *testing.T) {
	// A bomb whose header tells the truth is refused by it; archive/zip
	// stops reading a part past the size its header declares.
	bomb := zipBomb(t, (maxPartSize>>20)+8, (maxPartSize>>20+8)<<20)
	lying := zipBomb(t, 8, 1000)
	deep := strings.Repeat("<w:p>", maxXMLDepth+10) + strings.Repeat("</w:p>", maxXMLDepth+10)
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"no document.xml", makeDOCX(t, "", map[string]string{"word/styles.xml": "<x/>"}), ErrNotDOCX},
		{"zip bomb", bomb, ErrTooLarge},
		{"zip bomb with a lying header", lying, ErrNotDOCX},
		{"deeply nested", makeDOCX(t, deep, map[string]string{}), ErrNotDOCX},
		{"broken XML", makeDOCX(t, "", map[string]string{"word/document.xml": "<w:document><w:body><w:p>"}), ErrNotDOCX},
		{"empty body", makeDOCX(t, p(""), map[string]string{}), ErrEmpty},
		{"truncated zip", makeDOCX(t, p(r("x")), map[string]string{})[:40], ErrNotDOCX},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("bad.docx", tt.data)
			if !errors.Is(err, tt.want) || !strings.HasPrefix(err.Error(), "bad.docx: ") {
				t.Fatalf("err %v, want %v naming the file", err, tt.want)
			}
		})
	}
	if len(bomb) > 1<<20 {
		t.Errorf("the bomb is %d bytes; it should be small", len(bomb))
	}
}

func FuzzReadDOCX(f *testing.F) {
	f.Add(makeDOCX(f, numbered("1", "0", "một")+p(r("hai")), map[string]string{"word/numbering.xml": testNumbering}))
	f.Add(makeDOCX(f, `<w:tbl><w:tr><w:tc>`+p(r("a\tb"))+`</w:tc></w:tr></w:tbl>`, map[string]string{}))
	// List numbering at its extremes: a huge w:start in letters (a label
	// as long as the number), a w:lvlText of many %1, a start override,
	// all nine levels in use.
	extreme := `<w:numbering ` + wNS + `>
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:start w:val="2147483647"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="` + strings.Repeat("%1", 120) + `"/></w:lvl>
 <w:lvl w:ilvl="8"><w:start w:val="-5"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1.%2.%3.%4.%5.%6.%7.%8.%9"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="99999999"/></w:lvlOverride></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>`
	f.Add(makeDOCX(f, numbered("1", "0", "một")+numbered("2", "0", "hai")+numbered("2", "8", "ba")+numbered("2", "0", "bốn"), map[string]string{"word/numbering.xml": extreme}))
	// Nesting just inside the depth limit: tables in tables, a text box.
	nest := strings.Repeat(`<w:tbl><w:tr><w:tc>`, 60) + p(r("sâu")) + strings.Repeat(`</w:tc></w:tr></w:tbl>`, 60)
	f.Add(makeDOCX(f, nest+p(`<w:r><w:pict><w:txbxContent>`+p(r("hộp"))+`</w:txbxContent></w:pict></w:r>`), map[string]string{}))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read("f.docx", data)
		if err == nil && strings.TrimSpace(doc.Text) == "" {
			t.Fatal("a record with no text")
		}
	})
}

// TestListNumberingBounds: w:start and w:startOverride are clamped to
// Word's 0–32767 and a label is at most maxListLabel bytes, whatever
// numbering.xml says.
func TestListNumberingBounds(t *testing.T) {
	level := func(start, format, text string) string {
		return `<w:numbering ` + wNS + `><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="` + start + `"/><w:numFmt w:val="` + format + `"/><w:lvlText w:val="` + text + `"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>`
	}
	tests := []struct {
		name, numbering, want string
	}{
		{"start past Word's range", level("2147483647", "decimal", "%1."), "32767. a\n32768. b"},
		{"negative start", level("-7", "decimal", "Điều %1."), "Điều 0. a\nĐiều 1. b"},
		{"start 0 in letters", level("0", "lowerLetter", "%1)"), "0) a\na) b"},
		{"letters of a large start", level("99999", "lowerLetter", "%1)"), strings.Repeat("g", maxListLabel) + " a\n" + strings.Repeat("h", maxListLabel) + " b"}, // 32767 = 1261 × 26 + 7,
		{"many %1", level("3", "decimal", strings.Repeat("%1", 200)), strings.Repeat("3", maxListLabel/2) + " a\n" + strings.Repeat("4", maxListLabel/2) + " b"},  // w:lvlText clipped to 32 %1,
		{"override past the range", strings.Replace(level("1", "upperRoman", "%1."), `<w:abstractNumId w:val="1"/></w:num>`, `<w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="40000"/></w:lvlOverride></w:num>`, 1), "32767. a\n32768. b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := makeDOCX(t, numbered("1", "0", "a")+numbered("1", "0", "b"), map[string]string{"word/numbering.xml": tt.numbering})
			doc, err := Read("n.docx", data)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Text != tt.want {
				t.Errorf("text %q, want %q", doc.Text, tt.want)
			}
		})
	}
}
