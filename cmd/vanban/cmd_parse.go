package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"vanban/extract"
	"vanban/pipeline"
)

// parseOptions are the flags of "vanban parse".
type parseOptions struct {
	pretty bool
	ocr    extract.OCRMode
}

func (o *parseOptions) addFlags(fs *flag.FlagSet) {
	fs.BoolVar(&o.pretty, "pretty", false, "indent the JSON for a person to read")
	ocrFlag(fs, &o.ocr)
}

// ocrFlag adds --ocr auto|always|never.
func ocrFlag(fs *flag.FlagSet, m *extract.OCRMode) {
	*m = extract.OCRAuto
	fs.Var(m, "ocr", "when to OCR pages: auto (scans: pages without a real text layer), always, never")
}

func schemaVersion() string { return pipeline.SchemaVersion }

// runParse parses each file and writes one record per file. A file that
// cannot be read is reported on stderr and the others still print.
func runParse(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var opts parseOptions
	fs := newFlags("parse")
	opts.addFlags(fs)
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%w: parse needs at least one file", errUsage)
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if opts.pretty {
		enc.SetIndent("", "  ")
	}
	failed := 0
	for _, path := range files {
		n, err := parseFile(path, stdin, extract.Options{OCR: opts.ocr})
		if err != nil {
			failed++
			fmt.Fprintf(stderr, "vanban: %v\n", err)
			continue
		}
		if err := enc.Encode(n); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%w: %d of %d", errPartial, failed, len(files))
	}
	return nil
}

// parseFile reads, extracts and parses one file ("-" is standard input).
func parseFile(path string, stdin io.Reader, xopts extract.Options) (*pipeline.Notice, error) {
	data, err := readInput(path, stdin)
	if err != nil {
		return nil, err
	}
	doc, err := extract.ReadWith(path, data, xopts)
	if err != nil {
		return nil, err
	}
	return pipeline.Parse(doc), nil
}

// readInput reads a whole input ("-" is standard input), refusing one larger
// than the extractor accepts.
func readInput(path string, stdin io.Reader) ([]byte, error) {
	if path == "-" {
		return extract.ReadAll(path, stdin)
	}
	return extract.ReadFile(path)
}

// runText writes the text that extract reads from each file, as the parser
// sees it: a way to see why a field came out wrong.
func runText(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("text")
	var mode extract.OCRMode
	ocrFlag(fs, &mode)
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%w: text needs at least one file", errUsage)
	}
	failed := 0
	for _, path := range files {
		data, err := readInput(path, stdin)
		if err == nil {
			var doc *extract.Document
			if doc, err = extract.ReadWith(path, data, extract.Options{OCR: mode}); err == nil {
				for _, n := range doc.Notes {
					fmt.Fprintf(stderr, "vanban: %s: %s\n", path, n)
				}
				_, err = io.WriteString(stdout, strings.TrimRight(doc.Text, "\n")+"\n")
			}
		}
		if err != nil {
			failed++
			fmt.Fprintf(stderr, "vanban: %v\n", err)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%w: %d of %d", errPartial, failed, len(files))
	}
	return nil
}
