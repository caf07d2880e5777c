package extract

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
)

// buildPDF writes a PDF whose numbered objects are objs (object 1 first)
// with a correct cross-reference table. trailer is added to the trailer
// dictionary; /Size and /Root 1 0 R are always there.
func buildPDF(objs []string, trailer string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, xref)
	return b.Bytes()
}

func stream(s string) string {
	return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(s), s)
}

// onePagePDF draws content with Helvetica (WinAnsi) on an A4 page.
func onePagePDF(content string) []byte {
	return buildPDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /Widths [" + strings.Repeat("500 ", 95) + "] >>",
		stream(content),
	}, "")
}

func TestPDFWordsFromGapsAndMoves(t *testing.T) {
	// Words placed one by one with Td and no space glyphs, as cairo and
	// Chrome write them; a second line moved with Td; a far-right column.
	content := "BT /F1 10 Tf 72 700 Td (Thong) Tj 30 0 Td (bao) Tj 25 0 Td (so) Tj 300 0 Td (Ha) Tj ET\n" +
		"BT /F1 10 Tf 72 686 Td [(ket)-300(luan)] TJ ET"
	res, err := runPDFWorker(onePagePDF(content), DefaultWorkerLimits, readerAuto)
	if err != nil || res.Err != "" {
		t.Fatalf("%v %s", err, res.Err)
	}
	// The far-right word makes the two lines a two-column stretch: the
	// left column comes first, then the right one.
	want := "Thong bao so\nket luan\n\nHa"
	if got := strings.Trim(res.Text, "\n"); got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	if res.Pages != 1 {
		t.Errorf("pages %d", res.Pages)
	}
}

func TestPDFNoTextLayer(t *testing.T) {
	// A page with a line, no text and no image: nothing to OCR (or, with
	// OCR off, the page is not read).
	for _, mode := range []OCRMode{OCRAuto, OCRNever} {
		_, err := ReadWith("scan.pdf", onePagePDF("0 0 m 100 100 l S"), Options{OCR: mode, OCRCache: "-"})
		if !errors.Is(err, ErrNoText) || !strings.Contains(err.Error(), "scan.pdf") {
			t.Fatalf("%s: err %v, want ErrNoText naming the file", mode, err)
		}
		if mode == OCRNever && !strings.Contains(err.Error(), "--ocr never") {
			t.Errorf("err %v does not say OCR is off", err)
		}
	}
}

// TestWorkerTimeLimit: a worker that never answers is stopped at the time
// limit (here a small one set by the test; DefaultWorkerLimits has 60 s)
// and reported as an unreadable file, whatever the machine's load.
func TestWorkerTimeLimit(t *testing.T) {
	t.Setenv(testWorkerEnv, "hang")
	lim := WorkerLimits{Timeout: time.Second, Memory: DefaultWorkerLimits.Memory}
	err := workerError(t, lim)
	if !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), "gave up after 1s") {
		t.Fatalf("err %v, want the time limit's error", err)
	}
}

// workerError runs a worker on a small PDF under lim and returns its
// error; it fails the test if the worker has not come back within two
// minutes (far past any limit a test sets).
func workerError(t *testing.T, lim WorkerLimits) error {
	t.Helper()
	retireIdleWorkers() // a worker started before the test's environment would answer
	done := make(chan error, 1)
	go func() {
		_, err := runPDFWorker(onePagePDF("BT /F1 10 Tf (x) Tj ET"), lim, readerAuto)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("the worker returned a result")
		}
		return err
	case <-time.After(2 * time.Minute):
		t.Fatalf("the worker was not stopped: no answer 2 minutes after its %s limit", lim.Timeout)
	}
	return nil
}

// wordsOf lists the words of s that hold a letter or digit, without the
// punctuation around them.
func wordsOf(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// recall is the share of want's words (as a multiset) found in got.
func recall(want, got []string) float64 {
	have := map[string]int{}
	for _, w := range got {
		have[w]++
	}
	hit := 0
	for _, w := range want {
		if have[w] > 0 {
			have[w]--
			hit++
		}
	}
	return float64(hit) / float64(len(want))
}

// TestPDFWordRecall extracts every PDF rendering in testdata/formats and
// requires 99.5 % of the source text's words, as pdftotext reaches. The
// renderer leaves out the source's decorations and site headings, so the
// words are taken from the DOCX rendering of the same notice, which holds
// exactly the printed text.
func TestPDFWordRecall(t *testing.T) {
	pdfs, _ := filepath.Glob("../testdata/formats/*.pdf")
	if len(pdfs) == 0 {
		t.Fatal("no PDF fixtures")
	}
	for _, p := range pdfs {
		t.Run(filepath.Base(p), func(t *testing.T) {
			name, _, _ := strings.Cut(filepath.Base(p), ".")
			src := filepath.Join("../testdata/formats", name+".docx")
			if strings.Contains(filepath.Base(p), ".cairo.") {
				src = filepath.Join("../testdata/tools", name+".cairo.in")
			}
			want := readFixture(t, src)
			got := readFixture(t, p)
			if strings.HasSuffix(src, ".in") {
				want = strings.NewReplacer("<", "", ">", "", "^", "").Replace(want)
			}
			r := recall(wordsOf(want), wordsOf(got))
			t.Logf("word recall %.4f", r)
			if r < 0.995 {
				t.Errorf("word recall %.4f < 0.995", r)
			}
		})
	}
}

// TestPDFWordRecallAgainstPdftotext reads the real PDFs in
// testdata/real and every other PDF fixture and requires 99 % of the
// words poppler's pdftotext finds in the same file. Left out of
// pdftotext's words is what vanban drops on purpose: the gazette's
// running head, page numbers and a signature's own label lines; hyphens
// are ignored (pdftotext removes a hyphen at a line's end: "NĐ-" "CP"
// becomes "NĐCP"). Skipped, saying so, where pdftotext is not installed
// (.ci/run installs poppler-utils). Legacy TCVN3 text pdftotext gives as
// coded is converted first, as vanban does.
func TestPDFWordRecallAgainstPdftotext(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (Debian: apt-get install poppler-utils); not compared")
	}
	var pdfs []string
	for _, pat := range []string{"real/*.pdf", "formats/*.pdf", "corpus/*.pdf"} {
		m, _ := filepath.Glob(filepath.Join("../testdata", pat))
		pdfs = append(pdfs, m...)
	}
	if len(pdfs) < 10 {
		t.Fatalf("only %d PDF fixtures", len(pdfs))
	}
	label := regexp.MustCompile(`^(Ký bởi|Người ký|Cơ quan|Email|Ngày ký|Thời gian ký)\s*:`)
	for _, p := range pdfs {
		t.Run(filepath.Base(p), func(t *testing.T) {
			out, err := exec.Command("pdftotext", "-q", "-enc", "UTF-8", p, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			// pdftotext leaves legacy TCVN3 or VNI text as it is coded,
			// with "ư" and "ã" (codes 0xAD and 0xB7) as "−" and "∙"; the
			// capitals of .VnTimeH come out in lower case, so case is
			// ignored.
			text := strings.NewReplacer("\u2212", "\u00ad", "\u2219", "\u00b7").Replace(Normalize(string(out)))
			if enc := detectLegacy(text); enc != legacyNone {
				text = convertLegacy(text, enc)
			}
			var kept []string
			for _, l := range strings.Split(text, "\n") {
				l = strings.TrimSpace(strings.Trim(l, "\f"))
				if isPageNumber(l) || gazetteHead.MatchString(l) || label.MatchString(l) {
					continue
				}
				kept = append(kept, l)
			}
			unhyphen := func(ws []string) []string {
				for i, w := range ws {
					ws[i] = strings.ToLower(strings.ReplaceAll(w, "-", ""))
				}
				return ws
			}
			want := unhyphen(wordsOf(strings.Join(kept, "\n")))
			got := unhyphen(wordsOf(readFixture(t, p)))
			r := recall(want, got)
			t.Logf("%d words, recall %.4f", len(want), r)
			if r < 0.99 {
				t.Errorf("found %.4f of pdftotext's words, want 0.99", r)
			}
		})
	}
}

// TestSignedPDFs: the number and the day a signature widget draws into
// the header's gaps, and headers of two columns, come out on the lines
// a reader sees them on.
func TestSignedPDFs(t *testing.T) {
	tests := []struct {
		file string
		want []string // patterns of whole lines
	}{
		{"signed-tb-01.pdf", []string{`Số:\s*565\s*/TB-UBND`, `Quảng Ngãi, ngày 15 tháng 11 năm 2024`, `ỦY BAN NHÂN DÂN`}},
		{"signed-ct-01.pdf", []string{`Số: 21/CT-TTg`, `Hà Nội, ngày 20 tháng 5 năm 2026`, `THỦ TƯỚNG CHÍNH PHỦ`}},
		{"signed-qd-01.pdf", []string{`Số: 333/QĐ-BTC`, `CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM`, `BỘ TÀI CHÍNH`}},
		{"gazette-nq-01.pdf", []string{`ỦY BAN THƯỜNG VỤ QUỐC HỘI`, `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`, `Nghị quyết số: 24/2022/UBTVQH15`}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			text := readDoc(t, filepath.Join("../testdata/real", tt.file)).Text
			for _, w := range tt.want {
				if !regexp.MustCompile(`(?m)^` + w + `$`).MatchString(text) {
					t.Errorf("no line %s in:\n%.1500s", w, text)
				}
			}
			if strings.Contains(text, "CÔNG BÁO/") || strings.Contains(text, "Ký bởi") {
				t.Errorf("furniture or a signature label left:\n%.1500s", text)
			}
		})
	}
}

func readFixture(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".in") {
		return string(data)
	}
	doc, err := Read(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return doc.Text
}

// pdfFuzzSeeds are PDFs with the structures a fuzzer should start from:
// text in form XObjects (nested, and one that draws itself) and
// annotations (a FreeText note with an appearance stream, a form field).
func pdfFuzzSeeds() [][]byte {
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /Widths [" + strings.Repeat("500 ", 95) + "] >>"
	form := func(content, res string) string {
		return fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix [1 0 0 1 0 -20] /Resources %s /Length %d >>\nstream\n%s\nendstream", res, len(content), content)
	}
	withForms := buildPDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /X1 6 0 R /X2 7 0 R >> >> /Contents 5 0 R /Annots [8 0 R 9 0 R] >>",
		font,
		stream("BT /F1 10 Tf 72 700 Td (THONG BAO) Tj ET q 1 0 0 1 0 -40 cm /X1 Do Q /X2 Do"),
		form("BT /F1 10 Tf 72 600 Td (trong form) Tj ET /X2 Do", "<< /Font << /F1 4 0 R >> /XObject << /X2 7 0 R >> >>"),
		form("BT /F1 10 Tf 72 500 Td (form tu ve) Tj ET /X2 Do", "<< /Font << /F1 4 0 R >> /XObject << /X2 7 0 R >> >>"),
		"<< /Type /Annot /Subtype /FreeText /Rect [72 100 300 130] /Contents (ghi chu) /DA (/F1 10 Tf) /AP << /N 10 0 R >> >>",
		"<< /Type /Annot /Subtype /Widget /FT /Tx /Rect [72 60 300 90] /V (o nhap) /T (ten) >>",
		form("BT /F1 10 Tf 72 110 Td (hien thi chu thich) Tj ET", "<< /Font << /F1 4 0 R >> >>"),
	}, "")
	return [][]byte{withForms}
}

func TestTCVN3PDF(t *testing.T) {
	doc := readDoc(t, "../testdata/corpus/r023.pdf")
	if doc.Encoding != "unicode+tcvn3" {
		t.Errorf("encoding %q", doc.Encoding)
	}
	for _, want := range []string{"NGÂN HÀNG NHÀ NƯỚC", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Hướng dẫn một số nội dung về góp vốn", "Nguyễn Đồng Tiến"} {
		if !strings.Contains(doc.Text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

func readDoc(t *testing.T, path string) *Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Read(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// FuzzReadPDF feeds mutated PDFs through the worker: whatever the bytes,
// Read returns a record or an error naming the file, and never hangs or
// takes the caller down.
func FuzzReadPDF(f *testing.F) {
	f.Add(onePagePDF("BT /F1 10 Tf 72 700 Td (Thong bao) Tj ET"))
	f.Add(onePagePDF("BT /F1 10 Tf 72 700 Td [(a)-300(b)] TJ 0 -14 TD (c) ' ET"))
	for _, seed := range pdfFuzzSeeds() {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if Sniff(data) != FormatPDF {
			return
		}
		doc, err := Read("f.pdf", data)
		if err != nil && !strings.HasPrefix(err.Error(), "f.pdf: ") {
			t.Fatalf("error %q does not name the file", err)
		}
		if err == nil && strings.TrimSpace(doc.Text) == "" {
			t.Fatal("a record with no text")
		}
	})
}

// TestPageTreeWalk: pages come in document order from nested /Pages
// nodes, and page trees that lead back to themselves end at once instead
// of keeping the reader busy until the worker's time limit.
func TestPageTreeWalk(t *testing.T) {
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /Widths [" + strings.Repeat("500 ", 95) + "] >>"
	page := func(parent, content int) string {
		return fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", parent, content)
	}
	nested := buildPDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [4 0 R 5 0 R] /Count 3 >>",
		font,
		"<< /Type /Pages /Parent 2 0 R /Kids [6 0 R 7 0 R] /Count 2 >>",
		page(2, 9),
		page(4, 10),
		page(4, 11),
		"null",
		stream("BT /F1 10 Tf 72 700 Td (three) Tj ET"),
		stream("BT /F1 10 Tf 72 700 Td (one) Tj ET"),
		stream("BT /F1 10 Tf 72 700 Td (two) Tj ET"),
	}, "")
	res, err := readPDFText(nested)
	if err != nil || res.Pages != 3 || strings.Join(strings.Fields(res.Text), " ") != "one two three" {
		t.Errorf("nested tree: %d pages, %q, %v", res.Pages, res.Text, err)
	}
	for name, data := range map[string][]byte{
		"kids contain themselves": buildPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R 2 0 R] /Count 1 >>"}, ""),
		"parent cycle":            buildPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>", "<< /Type /Pages /Kids [2 0 R 2 0 R] /Count 1 /Parent 2 0 R >>"}, ""),
	} {
		// The walk ends by its bounds (depth, visits per page kept), not
		// by a clock: in milliseconds on an idle machine, seconds under
		// -race on a busy one. The deadline only catches a walk that
		// never ends.
		done := make(chan error, 1)
		go func() {
			_, err := readPDFText(data)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("%s: no error", name)
			}
		case <-time.After(2 * time.Minute):
			t.Fatalf("%s: the page tree walk had not ended after 2 minutes", name)
		}
	}
}

// TestWorkerReuse: one worker serves file after file; a file that
// overruns its time or kills its worker costs only itself, and the next
// file is read by a new worker; concurrent readers each get their own.
func TestWorkerReuse(t *testing.T) {
	good := onePagePDF("BT /F1 10 Tf 72 700 Td (Thong bao) Tj ET")
	read := func(lim WorkerLimits, data []byte) (*workerResult, error) {
		return runPDFWorker(data, lim, readerAuto)
	}
	check := func(what string, res *workerResult, err error) {
		t.Helper()
		if err != nil || res.Err != "" || strings.TrimSpace(res.Text) != "Thong bao" {
			t.Fatalf("%s: %v %+v", what, err, res)
		}
	}
	res, err := read(DefaultWorkerLimits, good)
	check("first", res, err)
	before := workersStarted.Load()
	for i := 0; i < 5; i++ {
		res, err := read(DefaultWorkerLimits, good)
		check("again", res, err)
	}
	if n := workersStarted.Load() - before; n != 0 {
		t.Errorf("%d workers started for 5 files in a row, want the idle one reused", n)
	}
	// Over its time: killed, an error naming the limit.
	if _, err := read(WorkerLimits{Timeout: time.Nanosecond, Memory: DefaultWorkerLimits.Memory}, good); err == nil || !strings.Contains(err.Error(), "gave up") {
		t.Errorf("no time-out error: %v", err)
	}
	res, err = read(DefaultWorkerLimits, good)
	check("after a time-out", res, err)
	// A file whose reading exhausts the worker's memory kills it.
	oom := []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\n2000000000 3\n0000000000 65535 f \ntrailer\n<< /Size 2000000003 /Root 1 0 R >>\nstartxref\n45\n%%EOF\n")
	if _, err := read(DefaultWorkerLimits, oom); err == nil {
		t.Error("no error from a file that exhausts memory")
	}
	res, err = read(DefaultWorkerLimits, good)
	check("after a dead worker", res, err)
	// Readers at once.
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := read(DefaultWorkerLimits, good)
			if err == nil && strings.TrimSpace(res.Text) != "Thong bao" {
				err = fmt.Errorf("text %q", res.Text)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
