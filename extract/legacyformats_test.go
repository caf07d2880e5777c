package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBuiltLegacyFormats reads the fixture notice written as Word 97 and as
// RTF, in TCVN3 and in VNI fonts: the text must equal its golden copy, be
// the same in both formats, and the source must be noted as converted.
func TestBuiltLegacyFormats(t *testing.T) {
	for _, enc := range []legacyEncoding{legacyTCVN3, legacyVNI} {
		texts := map[Format]string{}
		for _, f := range []struct {
			format Format
			build  func(testing.TB, []fxPara, legacyEncoding) []byte
		}{{FormatDOC, docFile}, {FormatRTF, rtfFile}} {
			name := "built-" + string(enc) + "." + string(f.format) + ".txt"
			t.Run(name, func(t *testing.T) {
				data := f.build(t, fxNotice(), enc)
				doc, err := Read("x."+string(f.format), data)
				if err != nil {
					t.Fatal(err)
				}
				if doc.Format != f.format || doc.Encoding != "unicode+"+string(enc) {
					t.Errorf("format %q encoding %q, want %q unicode+%s", doc.Format, doc.Encoding, f.format, enc)
				}
				texts[f.format] = doc.Text
				compareGolden(t, filepath.Join("../testdata/golden-text", name), doc.Text)
			})
		}
		if texts[FormatDOC] != texts[FormatRTF] {
			t.Errorf("%s: the .doc and the .rtf give different text:\n%s\n---\n%s", enc, texts[FormatDOC], texts[FormatRTF])
		}
	}
}

// TestLegacyCapitalsFont checks the kind: whatever the words, a run in a
// TCVN3 capitals font comes out in capitals and one in the body font as
// typed, in both formats.
func TestLegacyCapitalsFont(t *testing.T) {
	tests := []struct{ caps, body string }{
		{"ĐẢNG CỘNG SẢN VIỆT NAM", "Đảng bộ tỉnh Bến Tre"},
		{"BAN THƯỜNG VỤ TỈNH ỦY", "thông báo kết luận của đồng chí Bí thư"},
		{"THÔNG BÁO", "về việc xây dựng nông thôn mới ở huyện Chợ Gạo"},
	}
	for _, tt := range tests {
		paras := []fxPara{{runs: []fxRun{{tt.caps, 2}}}, {runs: []fxRun{{tt.body, 1}}}, {runs: []fxRun{{"Nơi nhận: các đồng chí ủy viên", 1}}}}
		for _, build := range []func(testing.TB, []fxPara, legacyEncoding) []byte{docFile, rtfFile} {
			doc, err := Read("x", build(t, paras, legacyTCVN3))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(doc.Text, tt.caps+"\n"+tt.body) {
				t.Errorf("%s: got %q, want %q then %q", doc.Format, doc.Text, tt.caps, tt.body)
			}
		}
	}
}

// TestLegacyListNumbers: Word's automatic list numbers are in the text,
// from a .doc's list tables and an RTF's \listtext, in both encodings.
func TestLegacyListNumbers(t *testing.T) {
	paras := []fxPara{
		{runs: []fxRun{{"Ban Thường vụ Tỉnh ủy kết luận như sau:", 1}}},
		{runs: []fxRun{{"Tạo quyền chủ động trong quản lý tài chính;", 1}}, list: true},
		{runs: []fxRun{{"Sử dụng tài sản công đúng mục đích.", 1}}, list: true},
	}
	want := "Ban Thường vụ Tỉnh ủy kết luận như sau:\n1. Tạo quyền chủ động trong quản lý tài chính;\n2. Sử dụng tài sản công đúng mục đích."
	for _, enc := range []legacyEncoding{legacyTCVN3, legacyVNI} {
		for _, build := range []func(testing.TB, []fxPara, legacyEncoding) []byte{docFile, rtfFile} {
			doc, err := Read("x", build(t, paras, enc))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Text != want {
				t.Errorf("%s %s: got %q, want %q", enc, doc.Format, doc.Text, want)
			}
		}
	}
}

// TestRealLegacyFiles reads legacy files from real archives (Word 97 and
// RTF, TCVN3 and VNI): their golden text is kept by TestExtractGolden;
// here the conversion is checked by its words.
func TestRealLegacyFiles(t *testing.T) {
	tests := []struct {
		file, enc string
		want      []string
	}{
		{"legacy-qd-01.doc", "unicode+tcvn3", []string{"BỘ TÀI CHÍNH", "CỘNG HOÀ XÃ HỘI CHỦ  NGHĨA VIỆT NAM", "144 /2002/QĐ/BTC", "KT/ BỘ TRƯỞNG BỘ TÀI CHÍNH"}},
		{"legacy-qd-02.doc", "unicode+vni", []string{"UBND TỈNH BÀ RỊA – VŨNG TÀU", "Quy chế chi tiêu nội bộ"}},
		{"legacy-tt-01.rtf", "unicode+tcvn3", []string{"BỘ TÀI CHÍNH", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Vũ Văn Ninh"}},
		{"legacy-tt-02.rtf", "unicode+tcvn3", []string{"THÔNG TƯ", "Chi nhánh nước ngoài"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := readDoc(t, filepath.Join("../testdata/legacy", tt.file))
			if doc.Encoding != tt.enc {
				t.Errorf("encoding %q, want %q", doc.Encoding, tt.enc)
			}
			for _, w := range tt.want {
				if !strings.Contains(doc.Text, w) {
					t.Errorf("text lacks %q", w)
				}
			}
			if strings.Contains(doc.Text, "fonttbl") || strings.ContainsAny(doc.Text, "©µ¸¹") {
				t.Error("markup or unconverted TCVN3 left in the text")
			}
		})
	}
}

func compareGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test ./extract -run %s -update writes it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("differs from %s:\ngot:\n%s\nwant:\n%s", golden, got, want)
	}
}

// TestRefusals names every kind of file that is not a document.
func TestRefusals(t *testing.T) {
	zipOf := func(names ...string) []byte { return zipFile(t, names...) }
	tests := []struct {
		name string
		data []byte
		kind string
	}{
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), "an image: GIF"},
		{"bmp", append([]byte("BM\x46\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00"), make([]byte, 40)...), "an image: BMP"},
		{"xlsx", zipOf("[Content_Types].xml", "xl/workbook.xml"), "an Excel workbook"},
		{"pptx", zipOf("[Content_Types].xml", "ppt/presentation.xml"), "a PowerPoint deck"},
		{"xls", cfbFile(map[string][]byte{"Workbook": []byte("x")}), "an Excel workbook"},
		{"ppt", cfbFile(map[string][]byte{"PowerPoint Document": []byte("x")}), "a PowerPoint deck"},
		{"zip", zipOf("a.txt", "b.pdf"), "a zip archive"},
		{"rar", []byte("Rar!\x1a\x07\x01\x00"), "a RAR archive"},
		{"7z", []byte("7z\xbc\xaf\x27\x1c\x00\x04"), "a 7-Zip archive"},
		{"gzip", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00"), "a gzip archive"},
		{"svg", []byte(`<?xml version="1.0"?>` + "\n" + `<svg xmlns="http://www.w3.org/2000/svg"><text>Thông báo</text></svg>`), "an SVG image"},
		{"svg bare", []byte(`<svg width="10"><rect/></svg>`), "an SVG image"},
		{"xml", []byte(`<?xml version="1.0"?><vanban so="250-TB/TU">Thông báo kết luận</vanban>`), "XML data"},
		{"json", []byte(`{"so": "250-TB/TU", "trich_yeu": "Thông báo kết luận của Ban Thường vụ Tỉnh ủy"}`), "JSON data"},
		{"json list", []byte(`[1, 2, {"a": "Thông báo"}]`), "JSON data"},
		{"python", []byte("import os\nfrom pathlib import Path\n\ndef main():\n    print(os.getcwd())\n\nif __name__ == '__main__':\n    main()\n"), "source code"},
		{"go", []byte("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(1)\n}\n"), "source code"},
		{"shell", []byte("#!/bin/sh\nset -e\nmake all\n"), "a script"},
		{"shell script that mentions document types", []byte("#!/bin/sh\n# Thông báo kết luận của Ban Thường vụ\necho \"Quyết định số 12/QĐ-UBND\"\n"), "a script"},
		{"requirements", []byte("flask==2.0.1\nrequests>=2.25\nnumpy==1.21.0\n"), "a list of software requirements"},
		{"readme", []byte("# vanban\n\nThis tool turns documents into JSON records and keeps them in an archive.\n"), "a Markdown text"},
		{"csv", []byte("so,ngay,trich yeu\n1,2020-01-01,abc\n2,2020-02-02,def\n"), "a CSV table"},
		{"english prose", []byte("The committee met on Monday and agreed on the plan for the coming year."), "a text file"},
		{"elf", append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 60)...), "a program (ELF)"},
		{"mp4", []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00"), "a video or audio file: MP4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("dir/file", tt.data)
			if !errors.Is(err, ErrNotDocument) {
				t.Fatalf("err %v, want a refusal as %q", err, tt.kind)
			}
			if kind, _ := RefusedKind(err); kind != tt.kind {
				t.Errorf("kind %q, want %q", kind, tt.kind)
			}
			if !strings.HasPrefix(err.Error(), "dir/file: "+tt.kind+", ") {
				t.Errorf("error %q does not name the file and the kind", err)
			}
		})
	}
	// PNG, JPEG and TIFF are documents read by OCR (ocr.go): a broken one
	// fails as an unreadable image, not as a refusal.
	for _, img := range [][]byte{[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), []byte("II*\x00\x08\x00\x00\x00"), []byte("MM\x00*\x00\x00\x00\x08")} {
		if _, err := Read("scan.png", img); !errors.Is(err, ErrBadImage) {
			t.Errorf("broken image %q: %v, want ErrBadImage", img[:4], err)
		}
	}
}

// TestTextDocuments: a text is a document when it looks like one.
func TestTextDocuments(t *testing.T) {
	for _, s := range []string{
		"Ủy ban nhân dân tỉnh thông báo kết luận của đồng chí Chủ tịch về công tác phòng chống lụt bão.",
		"CONG HOA XA HOI CHU NGHIA VIET NAM\nDoc lap - Tu do - Hanh phuc\nQuyet dinh so 12",
		"UBND TINH TIEN GIANG\nSo: 12/TB-UBND\nTHONG BAO\nket luan cua Chu tich",
	} {
		if _, err := Read("x.txt", []byte(s)); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
}

// TestHostileLegacyFormats: broken .doc, .rtf and web pages fail cleanly
// and quickly, naming the file.
func TestHostileLegacyFormats(t *testing.T) {
	doc := docFile(t, fxNotice(), legacyTCVN3)
	truncated := doc[:len(doc)/2]
	badFIB := append([]byte{}, doc...)
	// The FIB sits in the first stream sector: break its magic number.
	if i := strings.Index(string(badFIB), "\xec\xa5\xc1\x00"); i > 0 {
		badFIB[i] = 0
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"truncated doc", truncated},
		{"no FIB", badFIB},
		{"doc without streams", cfbFile(map[string][]byte{"Other": []byte("x")})},
		{"deep rtf", []byte("{\\rtf1 " + strings.Repeat("{", 100000))},
		{"rtf bin past the end", []byte("{\\rtf1 a\\bin999999999 b}")},
		{"rtf only markup", []byte("{\\rtf1{\\fonttbl{\\f0 Arial;}}}")},
		{"html nested", []byte("<html><body>" + strings.Repeat("<div>", 100000) + "Thông báo kết luận")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			d, err := Read("bad", tt.data)
			if err == nil {
				if strings.TrimSpace(d.Text) == "" {
					t.Fatal("no error and no text")
				}
				return // read what could be read
			}
			if !strings.HasPrefix(err.Error(), "bad: ") {
				t.Errorf("error %q does not name the file", err)
			}
			t.Logf("%v in %v", err, time.Since(start))
		})
	}
}

func FuzzReadRTF(f *testing.F) {
	f.Add(rtfFile(f, fxNotice(), legacyTCVN3))
	f.Add([]byte(`{\rtf1\ansi{\fonttbl{\f0 VNI-Times;}}\f0 UÛY BAN\u7901?\cell\row\'e9}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		data = append([]byte("{\\rtf1"), data...)
		checkRead(t, data, FormatRTF)
	})
}

func FuzzReadDOC(f *testing.F) {
	f.Add(docFile(f, fxNotice(), legacyTCVN3))
	f.Add(docFile(f, fxNotice()[:3], legacyVNI))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		checkRead(t, data, FormatDOC)
	})
}

func FuzzReadHTML(f *testing.F) {
	f.Add([]byte(`<html><head><meta charset="windows-1258"><script>x</script></head><body><table><tr><td>UBND</td><td>CỘNG HÒA</td></tr></table><p>Thông báo</p></body></html>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		data = append([]byte("<html>"), data...)
		checkRead(t, data, FormatHTML)
	})
}

// checkRead reads data and requires either a *FileError or NFC text of
// the format.
func checkRead(t *testing.T, data []byte, want Format) {
	doc, err := Read("fuzz", data)
	if err != nil {
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Fatalf("error %v is not a *FileError", err)
		}
		return
	}
	if strings.TrimSpace(doc.Text) == "" || Normalize(doc.Text) != doc.Text {
		t.Fatalf("text %q is empty or not normalised", doc.Text)
	}
	if doc.Format != want && Sniff(data) == want {
		t.Fatalf("format %q, want %q", doc.Format, want)
	}
}

// zipFile is a zip package holding the named (empty) parts.
func zipFile(t testing.TB, names ...string) []byte {
	parts := map[string]string{}
	for _, n := range names {
		parts[n] = "<x/>"
	}
	return makeDOCX(t, "", parts)
}

// BenchmarkReadLegacy reads the real legacy files in-process (go test
// -bench ReadLegacy ./extract); the README compares it with antiword,
// catdoc and unrtf.
func BenchmarkReadLegacy(b *testing.B) {
	files, _ := filepath.Glob("../testdata/legacy/*")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(f), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				if _, err := Read(f, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestSpaceColumns: a header or closing typed in two columns with spaces is
// unwoven; a blank left for a number or date, or a long paragraph, is not.
func TestSpaceColumns(t *testing.T) {
	tests := []struct{ in, want string }{
		{"UBND HUYỆN CHÂU THÀNH        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHÒNG TÀI CHÍNH              Độc lập - Tự do - Hạnh phúc\n                                 Châu Thành, ngày 3 tháng 4 năm 2004",
			"UBND HUYỆN CHÂU THÀNH\nPHÒNG TÀI CHÍNH\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nChâu Thành, ngày 3 tháng 4 năm 2004"},
		{"Nơi nhận:                         T/M BAN THƯỜNG VỤ\n- Như trên;                          BÍ THƯ", "Nơi nhận:\n- Như trên;\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ"},
		{"Số:        /QĐ-UB", "Số:        /QĐ-UB"},
		{"Cà Mau, ngày      tháng     năm 2005", "Cà Mau, ngày      tháng     năm 2005"},
		{"Kinh phí được khoán theo Quyết định số 12/QĐ-UB ngày 3/4/2005 của Ủy ban nhân dân tỉnh, gồm cả biên chế hợp đồng       và công chức dự bị.", "Kinh phí được khoán theo Quyết định số 12/QĐ-UB ngày 3/4/2005 của Ủy ban nhân dân tỉnh, gồm cả biên chế hợp đồng       và công chức dự bị."},
	}
	for _, tt := range tests {
		var lines []docxLine
		for _, l := range strings.Split(tt.in, "\n") {
			lines = append(lines, docxLine{runs: []run{{text: l}}})
		}
		got, _, _ := renderRuns(lines)
		if strings.TrimSpace(got) != tt.want {
			t.Errorf("%q:\ngot  %q\nwant %q", tt.in, strings.TrimSpace(got), tt.want)
		}
	}
}

// TestReadHTML: saved portal pages give the document's text, cells as
// blocks, in their declared charset; what is not the document is dropped.
func TestReadHTML(t *testing.T) {
	tcvn3 := cp1252(t, "<html><body><p>Uû ban nh©n d©n tØnh Tr\u00e0 Vinh th«ng b¸o kÕt luËn cña ®ång chÝ Chñ tÞch vÒ c«ng t¸c phßng chèng lôt b·o</p></body></html>")
	tests := []struct {
		name, want string
		data       []byte
		enc        string
	}{
		{"header table, nav, script", "UBND TỈNH\nSố: 5/TB-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nTHÔNG BÁO\nkết luận",
			[]byte(`<html><head><meta charset="utf-8"><script>var a="fonttbl";</script><style>p{}</style></head><body><nav>Trang chủ</nav><div class="main-menu">Giới thiệu</div><table><tr><td>UBND TỈNH<br>Số: 5/TB-UBND</td><td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</td></tr></table><p>THÔNG BÁO</p><p>kết   luận</p><footer>Bản quyền</footer></body></html>`), "utf-8"},
		{"declared windows-1258", "Tiền Giang thông báo",
			append([]byte(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"></head><body><p>`), append([]byte("Ti\xea\xccn Giang th\xf4ng ba\xeco"), []byte(`</p></body></html>`)...)...), "windows-1258"},
		{"UTF-8 under an old meta tag", "Cà Mau thông báo",
			[]byte(`<html><head><meta charset="windows-1252"></head><body><div>Cà Mau thông báo</div></body></html>`), "utf-8"},
		{"TCVN3 page without a charset", "Uỷ ban nhân dân tỉnh Trà Vinh thông báo kết luận của đồng chí Chủ tịch về công tác phòng chống lụt bão", tcvn3, "windows-1252+tcvn3"},
		{"fonts of a TCVN3 page", "ỦY BAN NHÂN DÂN\nvề công tác phòng chống lụt bão",
			cp1252(t, `<html><body><p><font face=".VnTimeH">ñy ban nh©n d©n</font></p><p><span style="font-family: '.VnTime', serif">vÒ c«ng t¸c phßng chèng lôt b·o</span></p></body></html>`), "windows-1252+tcvn3"},
		{"a VNI font in a style", "Ủy ban nhân dân tỉnh",
			cp1252(t, `<html><body><p style="font-family:VNI-Times">UÛy ban nhaân daân tænh</p></body></html>`), "windows-1252+vni"},
		{"hidden and aside", "Nội dung chính", []byte(`<html><body><aside>Tin mới</aside><div hidden>Ẩn</div><p style="display: none">Ẩn</p><p>Nội dung chính</p></body></html>`), "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, enc, _, err := readHTML(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if got := Normalize(strings.TrimSpace(text)); got != tt.want || enc != tt.enc {
				t.Errorf("got %q (%s), want %q (%s)", got, enc, tt.want, tt.enc)
			}
		})
	}
}

// TestDOCFields: a field's code is dropped and its result kept, nested
// fields too, and a million open fields cost linear time.
func TestDOCFields(t *testing.T) {
	paras := []fxPara{{runs: []fxRun{{"Hà Nội, ngày \x13 DATE \\@ \"d\" \x1412\x15 tháng 5 năm \x13 IF \x13 PAGE \x141\x15 \x142003\x15", 1}}}}
	doc, err := Read("x.doc", docFile(t, paras, legacyTCVN3))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Hà Nội, ngày 12 tháng 5 năm 2003"; doc.Text != want {
		t.Errorf("got %q, want %q", doc.Text, want)
	}
	many := []fxPara{{runs: []fxRun{{strings.Repeat("\x13", 1<<20) + "x", 1}}}}
	start := time.Now()
	if _, err := Read("x.doc", docFile(t, many, legacyTCVN3)); err == nil {
		t.Error("a document of field codes only gave text")
	}
	t.Logf("a million open fields: %v", time.Since(start))
}
