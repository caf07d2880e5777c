// Command benchpdf measures `vanban text` against poppler's pdftotext on
// the same PDF files, whole process against whole process, and prints
// both rates in pages per second and their ratio, in two ways:
//
//   - file by file: one `vanban text FILE` and one `pdftotext FILE -`
//     per file, as a script calling either tool would;
//   - a folder: one `vanban text FILE...` over all the files (its PDF
//     workers serve one file after another) against pdftotext once per
//     file (it reads one file per run).
//
// Each round runs both tools on every file; the tool that goes first
// alternates between rounds, so that a busy machine's noise falls on both.
//
// Usage:
//
//	go run ./cmd/benchpdf -vanban PATH [-rounds N] [FILE.pdf|DIR...]
//
// Without files it reads the PDFs in testdata/formats and testdata/corpus
// (the typed fixtures). pdftotext must be on PATH (Debian: apt-get
// install poppler-utils); .ci/bench-pdf installs it and builds vanban.
package main

import (
	"flag"
	"fmt"
	"io"
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
	rounds := flag.Int("rounds", 5, "rounds; each runs both tools on every file")
	vanban := flag.String("vanban", "vanban", "the vanban binary to measure")
	flag.Parse()
	roots := flag.Args()
	if len(roots) == 0 {
		// The typed PDFs; testdata/damaged holds files only the PDFium
		// fallback reads: bench them apart.
		roots = []string{"testdata/formats", "testdata/corpus"}
	}
	files, err := pdfFiles(roots)
	if err != nil || len(files) == 0 {
		fmt.Fprintf(os.Stderr, "benchpdf: no PDF files (%v)\n", err)
		os.Exit(2)
	}
	for _, tool := range []string{"pdftotext", *vanban} {
		if _, err := exec.LookPath(tool); err != nil {
			fmt.Fprintf(os.Stderr, "benchpdf: %s not found (pdftotext: apt-get install poppler-utils)\n", tool)
			os.Exit(2)
		}
	}
	pages := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			fail(err)
		}
		doc, err := extract.Read(f, data)
		if err != nil {
			fail(err)
		}
		pages += doc.Pages
	}
	fmt.Printf("%d files, %d pages, %d rounds; %s against pdftotext\n\n", len(files), pages, *rounds, *vanban)
	var ours, theirs, oursBatch, theirsBatch time.Duration
	for r := 0; r < *rounds; r++ {
		vanbanFirst := r%2 == 0
		for _, f := range files {
			if vanbanFirst {
				ours += run(*vanban, "text", f)
				theirs += run("pdftotext", "-q", f, "-")
			} else {
				theirs += run("pdftotext", "-q", f, "-")
				ours += run(*vanban, "text", f)
			}
		}
		folder := func() { oursBatch += run(*vanban, append([]string{"text"}, files...)...) }
		each := func() {
			for _, f := range files {
				theirsBatch += run("pdftotext", "-q", f, "-")
			}
		}
		if vanbanFirst {
			folder()
			each()
		} else {
			each()
			folder()
		}
	}
	report := func(title string, v, p time.Duration) {
		n := float64(pages * *rounds)
		vr, pr := n/v.Seconds(), n/p.Seconds()
		fmt.Printf("%s\n  vanban     %8.1f pages/s  (%s)\n  pdftotext  %8.1f pages/s  (%s)\n  ratio vanban/pdftotext: %.2f (target ≥ 1.0)\n",
			title, vr, v.Round(time.Millisecond), pr, p.Round(time.Millisecond), vr/pr)
	}
	report("file by file (one process per file for each tool):", ours, theirs)
	report("a folder (one vanban text for all files; pdftotext per file):", oursBatch, theirsBatch)
}

// run times one process, its output discarded; a failure stops the
// benchmark.
func run(name string, args ...string) time.Duration {
	cmd := exec.Command(name, args...)
	cmd.Stdout = io.Discard
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		fail(fmt.Errorf("%s %s: %v %s", name, strings.Join(args, " "), err, stderr.String()))
	}
	return d
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchpdf:", err)
	os.Exit(1)
}

// pdfFiles lists the PDF files under roots.
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
