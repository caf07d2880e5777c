package extract

import (
	"archive/zip"
	"bytes"
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

func TestHostileDOCX(t *testing.T) {
	var bomb bytes.Buffer
	z := zip.NewWriter(&bomb)
	w, _ := z.Create("word/document.xml")
	w.Write([]byte(`<w:document ` + wNS + `><w:body><w:p><w:r><w:t>`))
	zeros := make([]byte, 1<<20)
	for i := 0; i < (maxPartSize>>20)+8; i++ {
		w.Write(zeros)
	}
	z.Close()
	deep := strings.Repeat("<w:p>", maxXMLDepth+10) + strings.Repeat("</w:p>", maxXMLDepth+10)
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"no document.xml", makeDOCX(t, "", map[string]string{"word/styles.xml": "<x/>"}), ErrNotDOCX},
		{"zip bomb", bomb.Bytes(), ErrTooLarge},
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
	if bomb.Len() > 1<<20 {
		t.Errorf("the bomb is %d bytes; it should be small", bomb.Len())
	}
}

func FuzzReadDOCX(f *testing.F) {
	f.Add(makeDOCX(f, numbered("1", "0", "một")+p(r("hai")), map[string]string{"word/numbering.xml": testNumbering}))
	f.Add(makeDOCX(f, `<w:tbl><w:tr><w:tc>`+p(r("a\tb"))+`</w:tc></w:tr></w:tbl>`, map[string]string{}))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read("f.docx", data)
		if err == nil && strings.TrimSpace(doc.Text) == "" {
			t.Fatal("a record with no text")
		}
	})
}
