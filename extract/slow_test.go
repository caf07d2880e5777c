//go:build !race

package extract

// The tests in this file run PDFium (WebAssembly, in worker processes that
// are the test binary itself) or read 50 MB in one piece. The race
// detector slows them ten- to fortyfold and finds nothing there: a worker
// is one goroutine reading one file. They are left out of the race build
// (go test -race ./...) and run by the plain one: go test ./extract, which
// .ci/run runs after the race tests.

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHostilePDFs feeds the worker files that make the PDF library loop
// forever, exhaust memory or panic. Each must come back as a clean error
// naming the file, refused by the readers (both: ledongthuc/pdf, then
// PDFium) rather than stopped by the worker's limits.
func TestHostilePDFs(t *testing.T) {
	page := "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
	tests := []struct {
		name string
		data []byte
	}{
		{"kids contain themselves", buildPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"}, "")},
		{"parent cycle", buildPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>", "<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>"}, "")},
		{"prev loop", append(buildPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page}, "/Prev 9"), []byte("xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 4 /Prev 9 >>\n")...)},
		{"xref subsection at 2e9", []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\n2000000000 3\n0000000000 65535 f \ntrailer\n<< /Size 2000000003 /Root 1 0 R >>\nstartxref\n45\n%%EOF\n")},
		{"truncated", onePagePDF("BT /F1 10 Tf (x) Tj ET")[:200]},
		{"junk offsets", []byte("%PDF-1.4\nxref\n0 2\n0000000000 65535 f \n9999999999 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n9\n%%EOF\n")},
		{"encrypted", buildPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>", "<< /Filter /Standard /V 5 /R 6 /O <00> /U <00> /P -4 >>"}, "/Encrypt 3 0 R /ID [<01> <01>]")},
		{"header only", []byte("%PDF-1.7\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			doc, err := Read("bad/"+tt.name+".pdf", tt.data)
			if err == nil {
				t.Fatalf("read a record from a hostile file: %q", doc.Text)
			}
			if !strings.HasPrefix(err.Error(), "bad/"+tt.name+".pdf: ") {
				t.Errorf("error %q does not name the file", err)
			}
			// Each ends on its own, not at the worker's time limit (which
			// TestWorkerTimeLimit checks): a regression to a reader that
			// loops shows here, however slow the machine.
			if strings.Contains(err.Error(), "gave up after") {
				t.Errorf("stopped by the time limit, not refused: %v", err)
			}
			t.Logf("%s: %v", time.Since(start).Round(time.Millisecond), err)
		})
	}
}

func TestHugeSingleLineText(t *testing.T) {
	line := bytes.Repeat([]byte("Tỉnh ủy Tiền Giang thông báo kết luận "), (50<<20)/40)
	doc, err := Read("huge.txt", line)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Text) < 45<<20 || strings.Count(doc.Text, "\n") > 0 {
		t.Errorf("text of %d bytes", len(doc.Text))
	}
}

// TestDamagedPDFsFallBackToPDFium reads files that ledongthuc/pdf refuses
// but a reader opens: AES-256 encryption with an empty user password, a
// %PDF-2.0 header, a wrong startxref, junk around the file (all made from
// web-005.pdf with qpdf and by hand; see testdata/damaged/SOURCES.md).
func TestDamagedPDFsFallBackToPDFium(t *testing.T) {
	files, _ := filepath.Glob("../testdata/damaged/*.pdf")
	if len(files) < 4 {
		t.Fatalf("fixtures missing: %v", files)
	}
	want := wordsOf(readFixture(t, "../testdata/formats/web-005.docx"))
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			doc := readDoc(t, f)
			if doc.Extractor != "pdfium" || doc.Pages != 2 {
				t.Errorf("extractor %q, %d pages", doc.Extractor, doc.Pages)
			}
			if r := recall(want, wordsOf(doc.Text)); r < 0.995 {
				t.Errorf("word recall %.4f", r)
			}
			if !strings.Contains(doc.Text, "XỬ LÝ KỶ LUẬT ĐẢNG VIÊN VI PHẠM") {
				t.Error("title missing")
			}
		})
	}
}

// TestPDFiumReadsLikeTheWalker runs the fallback on every PDF fixture: the
// same layout code must give the same words, the cairo fixture (text
// placed word by word) included, since the fallback places characters
// by their advance (loose boxes), not by their ink.
func TestPDFiumReadsLikeTheWalker(t *testing.T) {
	pdfs, _ := filepath.Glob("../testdata/formats/*.pdf")
	for _, p := range pdfs {
		t.Run(filepath.Base(p), func(t *testing.T) {
			min := 0.995
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			res, err := runPDFWorker(data, DefaultWorkerLimits, readerPDFium)
			if err != nil || res.Err != "" || res.Extractor != "pdfium" {
				t.Fatalf("%v %s %q", err, res.Err, res.Extractor)
			}
			walker := readFixture(t, p)
			r := recall(wordsOf(walker), wordsOf(res.Text))
			t.Logf("PDFium found %.4f of the walker's words", r)
			if r < min {
				t.Errorf("PDFium found %.4f of the walker's words, want %.3f", r, min)
			}
		})
	}
}

// TestExtractGoldenPDFium is TestExtractGolden for the damaged PDFs, which
// only PDFium reads.
func TestExtractGoldenPDFium(t *testing.T) {
	files, _ := filepath.Glob("../testdata/damaged/*.pdf")
	if len(files) < 4 {
		t.Fatalf("only %d fixtures", len(files))
	}
	checkGolden(t, files)
}
