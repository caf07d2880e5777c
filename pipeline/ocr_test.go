package pipeline

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"vanban/extract"
)

// TestOCRRasterisedAgreesWithTyped prints typed fixtures as a scanner
// would (PDFium, gray, 300 dpi, a TIFF), OCRs them and parses them: the
// scored fields must agree with the typed PDF's record, as the issue's
// target asks (within 0.05 of the typed score; ../shared's full figure
// comes from cmd/benchocr, see the README). Skipped, saying why, without
// Tesseract.
func TestOCRRasterisedAgreesWithTyped(t *testing.T) {
	if _, err := extract.ReadWith("probe.png", []byte("\x89PNG\r\n\x1a\n"), extract.Options{}); err != nil && errorsIsNoOCR(err) {
		t.Skipf("skipped: %v", err)
	}
	for _, name := range []string{"web-024.pdf", "web-029.pdf"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(formatsDir, name))
			if err != nil {
				t.Fatal(err)
			}
			typed, err := extract.Read(name, data)
			if err != nil {
				t.Fatal(err)
			}
			tiff, err := extract.RasterisePDF(data, 300)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := extract.ReadWith(name+".tiff", tiff, extract.Options{OCRCache: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			n := Parse(doc)
			if n.Source.Extractor != "tesseract" || n.Source.OCR.Engine == "" || len(n.Source.OCR.Pages) != doc.Pages {
				t.Errorf("source %+v: want tesseract, its version and every page", n.Source)
			}
			want, got := scoredView(t, Parse(typed)), scoredView(t, n)
			var keys []string
			for k := range want {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			sum := 0.0
			for _, k := range keys {
				s := agreement(k, want[k], got[k])
				if s < 1 {
					t.Logf("%s (%.2f): OCR %q, typed %q", k, s, got[k], want[k])
				}
				sum += s
			}
			if score := sum / float64(len(keys)); score < 0.95 {
				t.Errorf("OCR'd record scores %.3f against the typed PDF's, want at least 0.95", score)
			}
		})
	}
}

func errorsIsNoOCR(err error) bool { return errors.Is(err, extract.ErrNoOCR) }

// agreement scores a field of the OCR'd record against the typed one's, as
// score.py does: 1 or 0 for a single value; for a list, the share of the
// typed items the OCR'd list holds, less for items it adds.
func agreement(key, want, got string) float64 {
	if want == got {
		return 1
	}
	sep := " | "
	switch key {
	case "references", "statistics":
		sep = " "
	case "recipients", "directives":
	default:
		return 0
	}
	w, g := strings.Split(want, sep), strings.Split(got, sep)
	have := map[string]int{}
	for _, s := range g {
		have[s]++
	}
	hit := 0
	for _, s := range w {
		if have[s] > 0 {
			have[s]--
			hit++
		}
	}
	return float64(hit) / float64(max(len(w), len(g)))
}

// TestOCRScanSecondLook parses a real signed scan (its only text layer the
// signature stamp): the "- Như trên;" line, which Tesseract's first pass
// reads as "„S" with no confidence, is read again alone and opens the
// recipients; the signer's name, whose marks OCR slips on, is mended from
// the name tables. Skipped, saying why, without Tesseract.
func TestOCRScanSecondLook(t *testing.T) {
	if _, err := extract.ReadWith("probe.png", []byte("\x89PNG\r\n\x1a\n"), extract.Options{}); err != nil && errorsIsNoOCR(err) {
		t.Skipf("skipped: %v", err)
	}
	data, err := os.ReadFile("../testdata/scans/scan-tb-01.pdf")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := extract.ReadWith("scan-tb-01.pdf", data, extract.Options{OCRCache: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	n := Parse(doc)
	if n.Source.Extractor != "tesseract" {
		t.Fatalf("extractor %q, want tesseract", n.Source.Extractor)
	}
	if len(n.Recipients) == 0 || n.Recipients[0] != "Như trên" {
		t.Errorf("recipients %q: want \"Như trên\" first", n.Recipients)
	}
	if len(n.Recipients) != 11 {
		t.Errorf("%d recipients %q, want the 11 of the scan", len(n.Recipients), n.Recipients)
	}
	if n.Signer.Name != "Trần Phước Hiền" || n.Signer.Position != "PHÓ CHỦ TỊCH" {
		t.Errorf("signer %+v, want Trần Phước Hiền, PHÓ CHỦ TỊCH", n.Signer)
	}
	if n.Number.Raw != "/TB-UBND" || n.Title == "" {
		t.Errorf("number %q (the handwritten 46 left blank), title %q", n.Number.Raw, n.Title)
	}
}
