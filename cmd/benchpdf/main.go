// Command benchpdf measures vanban's PDF text extraction against poppler's
// pdftotext on the same files in one run and prints both rates and their
// ratio. vanban's figure includes its worker process, started once per
// file, as in real use; pdftotext's includes its own process start.
//
// Usage:
//
//	go run ./cmd/benchpdf [-rounds N] [FILE.pdf|DIR...]
//
// Without arguments it reads the PDFs in testdata/formats and
// testdata/corpus. pdftotext must be on
// PATH (Debian: apt-get install poppler-utils; .ci/bench-pdf installs it).
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"vanban/extract"
)

func main() {
	extract.RunWorkerIfChild()
	rounds := flag.Int("rounds", 5, "times each file is extracted by each tool")
	flag.Parse()
	roots := flag.Args()
	if len(roots) == 0 {
		// The typed PDFs; testdata/damaged holds files only the PDFium
		// fallback reads, which cost a failed first attempt and the start
		// of WebAssembly: bench them apart.
		roots = []string{"testdata/formats", "testdata/corpus"}
	}
	files, err := pdfFiles(roots)
	if err != nil || len(files) == 0 {
		fmt.Fprintf(os.Stderr, "benchpdf: no PDF files (%v)\n", err)
		os.Exit(2)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		fmt.Fprintln(os.Stderr, "benchpdf: pdftotext not found; install poppler-utils")
		os.Exit(2)
	}
	pages := 0
	var ours, theirs time.Duration
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchpdf:", err)
			os.Exit(1)
		}
		var n int
		for r := 0; r < *rounds; r++ {
			start := time.Now()
			doc, err := extract.Read(f, data)
			ours += time.Since(start)
			if err != nil {
				fmt.Fprintln(os.Stderr, "benchpdf:", err)
				os.Exit(1)
			}
			n = doc.Pages
			start = time.Now()
			if out, err := exec.Command("pdftotext", "-q", f, "-").Output(); err != nil || len(out) == 0 {
				fmt.Fprintf(os.Stderr, "benchpdf: pdftotext %s: %v\n", f, err)
				os.Exit(1)
			}
			theirs += time.Since(start)
		}
		pages += n * *rounds
		fmt.Printf("%-60s %4d pages\n", f, n)
	}
	vr := float64(pages) / ours.Seconds()
	pr := float64(pages) / theirs.Seconds()
	fmt.Printf("\n%d files, %d pages extracted %d times by each tool\n", len(files), pages / *rounds, *rounds)
	fmt.Printf("vanban     %8.1f pages/s  (%s)\n", vr, ours.Round(time.Millisecond))
	fmt.Printf("pdftotext  %8.1f pages/s  (%s)\n", pr, theirs.Round(time.Millisecond))
	fmt.Printf("ratio vanban/pdftotext: %.2f (target ≥ 0.50)\n", vr/pr)
}

// pdfFiles lists the PDF files under roots, detected by their content.
func pdfFiles(roots []string) ([]string, error) {
	var out []string
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".pdf") {
				return nil
			}
			out = append(out, p)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
