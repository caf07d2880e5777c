// Command benchocr measures OCR: it rasterises typed PDFs (PDFium, gray,
// 300 dpi) into the multi-page TIFFs a scanner would give, writes them
// beside copies of their gold labels so that score.py scores the OCR'd
// records against the same labels as the typed ones, and times their OCR
// on -j workers: pages per second with an empty cache, then the same files
// again with the cache filled (a re-ingest).
//
// Usage:
//
//	go run ./cmd/benchocr [-out DIR] [-j N] [-dpi N] DIR...
//	python3 ../shared/eval/score.py --bin ./vanban DIR   # the OCR'd score
//
// Without arguments it reads testdata/corpus and testdata/formats. It
// needs tesseract-ocr and tesseract-ocr-vie.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"vanban/extract"
)

func main() {
	extract.RunWorkerIfChild()
	out := flag.String("out", "", "folder for the rasterised files and gold labels (default: a temporary folder)")
	jobs := flag.Int("j", 2, "files OCR'd at once")
	dpi := flag.Int("dpi", 300, "rasterising resolution, dots per inch")
	flag.Parse()
	roots := flag.Args()
	if len(roots) == 0 {
		roots = []string{"testdata/corpus", "testdata/formats"}
	}
	if *out == "" {
		dir, err := os.MkdirTemp("", "benchocr-")
		check(err)
		*out = dir
	}
	check(os.MkdirAll(*out, 0o755))
	var tiffs []string
	for _, root := range roots {
		pdfs, _ := filepath.Glob(filepath.Join(root, "*.pdf"))
		for _, p := range pdfs {
			name := strings.TrimSuffix(filepath.Base(p), ".pdf")
			gold := filepath.Join(root, name+".gold.json")
			if _, err := os.Stat(gold); err != nil {
				continue // the scores need labels
			}
			data, err := os.ReadFile(p)
			check(err)
			tiff, err := extract.RasterisePDF(data, *dpi)
			check(err)
			dst := filepath.Join(*out, name+".tiff")
			check(os.WriteFile(dst, tiff, 0o644))
			g, err := os.ReadFile(gold)
			check(err)
			check(os.WriteFile(filepath.Join(*out, name+".gold.json"), g, 0o644))
			tiffs = append(tiffs, dst)
		}
	}
	if len(tiffs) == 0 {
		fmt.Fprintln(os.Stderr, "benchocr: no PDF with a .gold.json label in", roots)
		os.Exit(1)
	}
	cache, err := os.MkdirTemp("", "benchocr-cache-")
	check(err)
	defer os.RemoveAll(cache)
	cold, pages := run(tiffs, *jobs, cache)
	warm, _ := run(tiffs, *jobs, cache)
	fmt.Printf("rasterised %d files (%d pages, %d dpi) into %s\n", len(tiffs), pages, *dpi, *out)
	fmt.Printf("OCR, empty cache:  %6.1f s  %.3f pages/s on %d workers\n", cold.Seconds(), float64(pages)/cold.Seconds(), *jobs)
	fmt.Printf("OCR, cache filled: %6.2f s  %.1f pages/s (a re-ingest)\n", warm.Seconds(), float64(pages)/warm.Seconds())
}

// run reads the files on jobs workers with the OCR cache in cache and
// returns the time taken and the pages read.
func run(files []string, jobs int, cache string) (time.Duration, int) {
	start := time.Now()
	var mu sync.Mutex
	pages := 0
	ch := make(chan string)
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range ch {
				data, err := os.ReadFile(f)
				check(err)
				doc, err := extract.ReadWith(f, data, extract.Options{OCR: extract.OCRAuto, OCRCache: cache})
				if err != nil {
					fmt.Fprintln(os.Stderr, "benchocr:", err)
					continue
				}
				mu.Lock()
				pages += doc.Pages
				mu.Unlock()
			}
		}()
	}
	for _, f := range files {
		ch <- f
	}
	close(ch)
	wg.Wait()
	return time.Since(start), pages
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchocr:", err)
		os.Exit(1)
	}
}
