//go:build unix

package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unicode/utf16"

	"vanban/pipeline"
)

const docxNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// zipOf packs parts (name → content) into a zip.
func zipOf(t *testing.T, parts map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, content := range parts {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(content)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// docxOf is a DOCX whose body is paragraphs (raw WordprocessingML).
func docxOf(t *testing.T, body string, more map[string][]byte) []byte {
	parts := map[string][]byte{
		"[Content_Types].xml": []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`),
		"word/document.xml":   []byte(`<?xml version="1.0" encoding="UTF-8"?><w:document ` + docxNS + `><w:body>` + body + `</w:body></w:document>`),
	}
	for k, v := range more {
		parts[k] = v
	}
	return zipOf(t, parts)
}

func docxParas(lines ...string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(`<w:p><w:r><w:t xml:space="preserve">` + l + `</w:t></w:r></w:p>`)
	}
	return b.String()
}

// TestIngestHostileBatch builds a batch of hostile files (bombs, loops,
// pipes, junk, dense texts) mixed with good ones and ingests it with -j 2:
// every good file is indexed and every bad one reported with a reason,
// no file overruns its time limit, and every entry has a report line.
func TestIngestHostileBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and ingests some 100 MB of hostile files")
	}
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := map[string]string{} // id → what
	addGood := func(name string, data []byte) {
		write(name, data)
		sum := sha256.Sum256(data)
		good[hex.EncodeToString(sum[:])] = name
	}
	eachSample(t, addGood)
	notice, err := os.ReadFile("../../testdata/corpus/tien-giang-250-tb-tu.txt")
	if err != nil {
		t.Fatal(err)
	}
	head := "TỈNH ỦY TIỀN GIANG\nSố 12-TB/TU\nMỹ Tho, ngày 5 tháng 3 năm 2024\nTHÔNG BÁO\nkết luận của Thường trực Tỉnh ủy\n"
	// Good files with hostile traits: a name that is not UTF-8, UTF-16,
	// a DOCX, and the dense shapes that took minutes (1 MB each here).
	addGood("t\xean-kh\xf4ng-utf8.txt", append(append([]byte{}, notice...), "\nBản lưu\n"...))
	u16 := []byte{0xff, 0xfe}
	for _, c := range utf16.Encode([]rune(string(notice) + "\nBản UTF-16\n")) {
		u16 = binary.LittleEndian.AppendUint16(u16, c)
	}
	addGood("utf16.txt", u16)
	addGood("good.docx", docxOf(t, docxParas(strings.Split(head+"Thường trực Tỉnh ủy thống nhất kết luận.\nNơi nhận:\n- Như trên;\nT/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nNguyễn Văn An", "\n")...), nil))
	addGood("dense-citations.txt", []byte(head+strings.Repeat("Số 1-TB/TU ", 100_000)))
	var stats strings.Builder
	stats.WriteString(head)
	for i := 0; stats.Len() < 1<<20; i++ {
		fmt.Fprintf(&stats, "tăng %d,5 %%, đạt %d tỷ đồng; ", i%97, i%1000)
	}
	addGood("dense-statistics.txt", []byte(stats.String()))
	addGood("dense-numbered.txt", []byte(head+strings.Repeat("1. x\n", 200_000)))
	addGood("dense-recipients.txt", []byte(head+"Nơi nhận:\n"+strings.Repeat("- x\n", 250_000)))

	// The hostile files: each must be reported, not ingested.
	bad := map[string]bool{}
	addBad := func(name string, data []byte) { write(name, data); bad[name] = true }
	numbering := `<w:numbering ` + docxNS + `><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="2000000000"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="` + strings.Repeat("%1", 200) + `"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>`
	var items strings.Builder
	for i := 0; i < 20; i++ {
		items.WriteString(`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>`)
	}
	// The numbering bomb is no document (no header), but must not take
	// the run down: reported, whatever its status.
	write("numbering-bomb.docx", docxOf(t, items.String(), map[string][]byte{"word/numbering.xml": []byte(numbering)}))
	addBad("zip-bomb.docx", docxOf(t, `<w:p><w:r><w:t>`+strings.Repeat(" ", 300<<20)+`</w:t></w:r></w:p>`, nil))
	xmlBomb := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><w:document ` + docxNS + `><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>`
	// Go's XML decoder never expands an entity: the bomb reads as junk,
	// whatever its status (the numbering bomb too: 20 items of "x").
	write("xml-bomb.docx", zipOf(t, map[string][]byte{"word/document.xml": []byte(xmlBomb)}))
	addBad("deep-xml.docx", docxOf(t, strings.Repeat("<w:p>", 200_000)+strings.Repeat("</w:p>", 200_000), nil))
	addBad("no-document.docx", zipOf(t, map[string][]byte{"[Content_Types].xml": []byte("<Types/>")}))
	addBad("broken-zip.docx", []byte("PK\x03\x04broken"))
	addBad("archive.zip", zipOf(t, map[string][]byte{"a.txt": notice}))
	addBad("workbook.xlsx", zipOf(t, map[string][]byte{"[Content_Types].xml": []byte("<Types/>"), "xl/workbook.xml": []byte("<workbook/>")}))
	selfForm := "%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n" +
		"3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</XObject<</X1 5 0 R>>>>/Contents 4 0 R>> endobj\n" +
		"4 0 obj <</Length 7>> stream\n/X1 Do\nendstream endobj\n" +
		"5 0 obj <</Type/XObject/Subtype/Form/BBox[0 0 10 10]/Resources<</XObject<</X1 5 0 R>>>>/Length 7>> stream\n/X1 Do\nendstream endobj\n" +
		"trailer <</Root 1 0 R>>\n%%EOF\n"
	addBad("self-form.pdf", []byte(selfForm))
	addBad("truncated.pdf", []byte("%PDF-1.4\ngarbage"))
	junk := make([]byte, 1<<20)
	rand.New(rand.NewSource(15)).Read(junk)
	addBad("junk-after-header.pdf", append([]byte("%PDF-1.7\n"), junk...))
	addBad("random.txt", junk[:64<<10])
	addBad("empty.txt", nil)
	addBad("empty.pdf", nil)
	addBad("nuls.txt", make([]byte, 1<<20))
	addBad("gif.pdf", []byte("GIF89a\x10\x00\x10\x00"))
	addBad("truncated.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"))
	addBad("video.mp4", append([]byte("\x00\x00\x00\x18ftypmp42"), junk[:4096]...))
	addBad("script.txt", []byte("#!/bin/sh\n# Thông báo số 1-TB/TU\nrm -rf /tmp/x\n"))
	addBad("data.json", []byte(`{"so": "1-TB/TU", "ngay": "2024-03-05"}`))
	addBad("rtf-bomb.rtf", []byte(`{\rtf1`+strings.Repeat("{", 1_000_000)))
	addBad("html-bomb.html", []byte("<html><body>"+strings.Repeat("<div>", 1_000_000)))
	addBad("ole-junk.doc", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), junk[:8192]...))
	addBad("bad-utf16.txt", append([]byte{0xff, 0xfe}, bytes.Repeat([]byte{0x00, 0xd8}, 5000)...))
	huge := write("huge.txt", nil)
	if err := os.Truncate(huge, 300<<20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	bad["huge.txt"] = true
	for _, name := range []string{"pipe", "pipe-arg"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Fatal(err)
		}
		bad[name] = true
	}
	for _, l := range [][2]string{{"loop-a", "loop-b"}, {"loop-b", "loop-a"}, {"dangling", "nowhere"}, {"link-to-good", "r040.txt"}} {
		if err := os.Symlink(l[1], filepath.Join(dir, l[0])); err != nil {
			t.Fatal(err)
		}
		bad[l[0]] = true
	}
	entries, _ := os.ReadDir(dir)
	hostile := len(bad) + 2 // and the numbering and XML bombs
	if hostile < 30 {
		t.Fatalf("only %d hostile files", hostile)
	}

	// The folder, and a pipe and a symbolic link loop named on the
	// command line, which must neither hang nor be followed.
	data := filepath.Join(t.TempDir(), "archive")
	code, _, stderr := runCmd(t, "", "ingest", "--data", data, "-q", "-j", "2", "--file-timeout", "100s",
		dir, filepath.Join(dir, "pipe-arg"), filepath.Join(dir, "loop-a"))
	if code != exitFailed {
		t.Fatalf("ingest: exit %d, want 1 (some files failed)\n%s", code, stderr)
	}
	raw, err := os.ReadFile(filepath.Join(data, "reports", "last-ingest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep pipeline.Report
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	if want := len(entries) + 2; len(rep.Files) != want {
		t.Errorf("%d report lines, want one per entry and argument: %d", len(rep.Files), want)
	}
	ingested := map[string]bool{}
	for _, f := range rep.Files {
		base := filepath.Base(f.Path)
		if f.Status == pipeline.StatusIngested {
			ingested[f.ID] = true
		}
		if strings.Contains(f.Reason, "time limit") {
			t.Errorf("%s: over the time limit: %s", base, f.Reason)
		}
		if f.Status != pipeline.StatusIngested && f.Reason == "" {
			t.Errorf("%s: %s without a reason", base, f.Status)
		}
		if bad[base] && f.Status == pipeline.StatusIngested {
			t.Errorf("%s: ingested, want it reported", base)
		}
		if strings.HasSuffix(base, "-bomb.docx") && f.Status == pipeline.StatusIngested {
			if rec, err := os.Stat(filepath.Join(data, "records", f.ID[:2], f.ID+".json")); err != nil || rec.Size() > 64<<10 {
				t.Errorf("%s: record %v, %v; want a small one", base, rec, err)
			}
		}
	}
	for id, name := range good {
		if !ingested[id] {
			t.Errorf("%q: not ingested", name)
		}
	}
	if t.Failed() {
		for _, f := range rep.Files {
			t.Logf("%-28s %-9s %s", filepath.Base(f.Path), f.Status, f.Reason)
		}
	}
}
