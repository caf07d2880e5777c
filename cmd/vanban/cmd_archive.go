package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"vanban/extract"
	"vanban/index"
	"vanban/pipeline"
)

// errInterrupted reports an ingest stopped by a signal; run exits 130.
var errInterrupted = errors.New("interrupted")

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// dataFlag adds the --data flag of the commands on an archive.
func dataFlag(fs *flag.FlagSet) *string {
	return fs.String("data", index.DefaultDir, "archive directory")
}

// parseFlags parses args, allowing flags after the positional arguments
// ("vanban search nong thon moi --type TB").
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, helpRequest{fs}
			}
			return nil, fmt.Errorf("%w: %s: %w", errUsage, fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// runIngest is "vanban ingest [--data DIR] [-j N] [-q] PATH...".
func runIngest(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("ingest")
	data := dataFlag(fs)
	jobs := fs.Int("j", 0, "files read and parsed at once (default: the number of CPUs)")
	quiet := fs.Bool("q", false, "no progress and no summary, only errors")
	copySources := fs.Bool("copy-sources", false, "keep a copy of every source file in the archive (else records point at the originals)")
	commit := fs.Int("commit", 500, "records per index commit (a crash loses at most this many, redone by the next run)")
	fileTimeout := fs.Duration("file-timeout", extract.DefaultFileLimits.Timeout, "time to read and parse one file (a PDF's text is read under the PDF reader's own limit)")
	fileMemory := fs.Int("file-memory", int(extract.DefaultFileLimits.Memory>>20), "address space of the worker process reading and parsing a file, MiB (at least 2048: an idle worker reserves some 1.6 GB)")
	retryFailed := fs.Bool("retry-failed", false, "read again the files earlier runs failed on (else skipped, unless another vanban version failed)")
	var ocr extract.OCRMode
	ocrFlag(fs, &ocr)
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return fmt.Errorf("%w: ingest needs at least one file or folder", errUsage)
	}
	if *fileTimeout <= 0 || *fileMemory < 2048 {
		return fmt.Errorf("%w: --file-timeout must be positive and --file-memory at least 2048 (MiB)", errUsage)
	}
	tuneForIngest()
	// The archive itself, or the vanban serve that holds it (endpoint.go).
	arch, closeArch, err := openSink(*data, *copySources, *quiet, stderr)
	if err != nil {
		return err
	}
	known, remembered, err := knownFailures(*data, *retryFailed)
	if err != nil {
		closeArch()
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	bar := newProgressBar(stderr, *quiet)
	rep, ingestErr := pipeline.Ingest(ctx, paths, []string{*data}, arch, pipeline.BatchOptions{
		Workers: *jobs, CommitEvery: *commit, Progress: bar.update,
		Limits:       extract.WorkerLimits{Timeout: *fileTimeout, Memory: uint64(*fileMemory) << 20},
		KnownFailure: known,
		// OCR output is kept in the archive, so a re-ingest after a
		// parser upgrade reads the scans without OCR'ing them again.
		Extract: extract.Options{OCR: ocr, OCRCache: filepath.Join(*data, "ocr"), OnOCRPage: bar.ocrPage},
	})
	bar.finish()
	failErr := rememberFailures(*data, rep, remembered)
	closeErr := closeRecovering(*data, closeArch)
	reportPath, repErr := writeReport(*data, rep)
	if !*quiet || rep.Failed > 0 {
		fmt.Fprintf(stderr, "vanban: %d ingested, %d skipped, %d failed, %d not documents in %s\n", rep.Ingested, rep.Skipped, rep.Failed, rep.Refused, rep.Finished.Sub(rep.Started).Round(time.Millisecond))
		for _, f := range rep.Failures() {
			fmt.Fprintf(stderr, "  failed: %s: %s\n", shownPath(f.Path), f.Reason)
		}
		if rep.Refused > 0 && !*quiet {
			fmt.Fprintf(stderr, "vanban: not documents, by kind: %s\n", byKind(rep.RefusedKind))
			for _, f := range rep.Refusals() {
				fmt.Fprintf(stderr, "  not a document: %s: %s\n", shownPath(f.Path), f.Reason)
			}
		}
		if rep.NeedReview > 0 {
			fmt.Fprintf(stderr, "vanban: %d of the records ingested need review (no kind, number, date, issuer or signer found, or doubtful OCR); the report lists why per file\n", rep.NeedReview)
		}
		if rep.KnownFailures > 0 {
			fmt.Fprintf(stderr, "vanban: %d known failures skipped (failed before; --retry-failed reads them again)\n", rep.KnownFailures)
		}
		if reportPath != "" {
			fmt.Fprintf(stderr, "vanban: report written to %s\n", reportPath)
		}
	}
	switch {
	case ingestErr != nil:
		return ingestErr
	case closeErr != nil:
		return closeErr
	case repErr != nil:
		return fmt.Errorf("write report: %w", repErr)
	case failErr != nil:
		return fmt.Errorf("remember failures: %w", failErr)
	case rep.Interrupted:
		return errInterrupted
	case rep.Failed > 0:
		return fmt.Errorf("%w: %d of %d", errPartial, rep.Failed, len(rep.Files))
	}
	return nil
}

// byKind lists counts by kind, most first: "3 an image: PNG, 1 a zip archive".
func byKind(counts map[string]int) string {
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool {
		if counts[kinds[i]] != counts[kinds[j]] {
			return counts[kinds[i]] > counts[kinds[j]]
		}
		return kinds[i] < kinds[j]
	})
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%d %s", counts[k], k)
	}
	return strings.Join(parts, ", ")
}

// progressBar shows an ingest's progress on stderr: a bar redrawn in place
// on a terminal, a line every few seconds otherwise, nothing when quiet.
type progressBar struct {
	w     io.Writer
	tty   bool
	quiet bool
	start time.Time
	mu    sync.Mutex
	last  time.Time
	p     pipeline.Progress
	pages int // pages OCR'd so far
	drawn bool
}

// ocrPage counts a page OCR'd (extract.Options.OnOCRPage): a folder of
// scans moves page by page, not only file by file.
func (b *progressBar) ocrPage() {
	if b.quiet {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pages++
	if b.tty || time.Since(b.last) >= 5*time.Second {
		b.last = time.Now()
		b.draw()
	}
}

func newProgressBar(w io.Writer, quiet bool) *progressBar {
	now := time.Now()
	return &progressBar{w: w, tty: isTerminal(w), quiet: quiet, start: now, last: now}
}

func (b *progressBar) update(p pipeline.Progress) {
	if b.quiet {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.p = p
	every := 5 * time.Second
	if b.tty {
		every = 100 * time.Millisecond
	}
	if time.Since(b.last) < every {
		return
	}
	b.last = time.Now()
	b.draw()
}

func (b *progressBar) draw() {
	p := b.p
	el := time.Since(b.start).Seconds()
	rate := float64(p.Done) / el
	eta := "?"
	if p.Walked && rate > 0 {
		eta = (time.Duration(float64(p.Total-p.Done)/rate) * time.Second).Round(time.Second).String()
	}
	total := fmt.Sprint(p.Total)
	if !p.Walked {
		total += "+"
	}
	ocr := ""
	if b.pages > 0 {
		ocr = fmt.Sprintf(", %d pages OCR'd", b.pages)
	}
	if !b.tty {
		fmt.Fprintf(b.w, "vanban: %d/%s files (%d ingested, %d skipped, %d failed, %d not documents%s), %.0f files/s, ETA %s\n", p.Done, total, p.Ingested, p.Skipped, p.Failed, p.Refused, ocr, rate, eta)
		return
	}
	const width = 30
	fill := 0
	if p.Total > 0 {
		fill = width * p.Done / p.Total
	}
	bar := strings.Repeat("=", fill) + strings.Repeat(" ", width-fill)
	fmt.Fprintf(b.w, "\r[%s] %d/%s  %.0f/s  ETA %s  failed %d%s   ", bar, p.Done, total, rate, eta, p.Failed, ocr)
	b.drawn = true
}

func (b *progressBar) finish() {
	if b.quiet {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tty && b.p.Done > 0 {
		b.draw()
		fmt.Fprintln(b.w)
	}
}

// searchOptions are the flags of "vanban search".
type searchOptions struct {
	typ, issuer, signer, kind, from, to, s string
	limit, page                            int
	json, apart, review, allTwins          bool
}

// runSearch is "vanban search [flags] QUERY...".
func runSearch(args []string, stdout, stderr io.Writer) error {
	var o searchOptions
	fs := newFlags("search")
	data := dataFlag(fs)
	fs.StringVar(&o.typ, "type", "", "only this type code (TB, NQ, KH…)")
	fs.StringVar(&o.issuer, "issuer", "", "only this issuer: a code (TU) or part of a name")
	fs.StringVar(&o.signer, "signer", "", "only notices signed by this person (part of the name)")
	fs.StringVar(&o.kind, "kind", "", "party or state")
	fs.StringVar(&o.from, "from", "", "dated on or after DD/MM/YYYY (or YYYY-MM-DD)")
	fs.StringVar(&o.to, "to", "", "dated on or before DD/MM/YYYY (or YYYY-MM-DD)")
	fs.StringVar(&o.s, "sort", "relevance", "relevance or date (newest first)")
	fs.IntVar(&o.limit, "limit", 10, "hits per page")
	fs.IntVar(&o.page, "page", 1, "page number")
	fs.BoolVar(&o.json, "json", false, "print the result as JSON for tools")
	fs.BoolVar(&o.apart, "apart", false, "match neighbouring words anywhere in the notice, not as a phrase")
	fs.BoolVar(&o.allTwins, "all-twins", false, "list every file of a document; by default the twins on a page (same number, date and issuer) are one hit, the others named on an \"also:\" line")
	fs.BoolVar(&o.review, "review", false, "list the notices that need a person (no kind, number, date, issuer or signer found, or doubtful OCR)")
	words, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if o.review {
		if len(words) > 0 {
			return fmt.Errorf("%w: search --review takes no query", errUsage)
		}
		arch, err := index.Open(*data) // an archive, not any folder
		if err != nil {
			return err
		}
		arch.Close()
		return printReview(stdout, *data, o.json)
	}
	// Dates as Vietnamese readers write them (09/10/2024), as on the page.
	for _, d := range []struct {
		name string
		v    *string
	}{{"--from", &o.from}, {"--to", &o.to}} {
		if *d.v, err = parseDateParam(d.name, *d.v); err != nil {
			return fmt.Errorf("%w: %v", errUsage, strings.TrimPrefix(err.Error(), errBadParam.Error()+": "))
		}
	}
	if o.limit < 1 || o.limit > index.MaxLimit || o.page < 1 || o.page > index.MaxPage {
		return fmt.Errorf("%w: --limit must be 1 to %d and --page 1 to %d", errUsage, index.MaxLimit, index.MaxPage)
	}
	q := index.Query{Text: strings.Join(words, " "), Type: o.typ, Issuer: o.issuer, Signer: o.signer, Kind: o.kind,
		From: o.from, To: o.to, Limit: o.limit, Page: o.page, Fragments: true, Apart: o.apart}
	switch o.s {
	case "relevance":
	case "date":
		q.ByDate = true
	default:
		return fmt.Errorf("%w: --sort must be relevance or date", errUsage)
	}
	if strings.TrimSpace(q.Text) == "" && q.Type == "" && q.Issuer == "" && q.Signer == "" && q.Kind == "" && q.From == "" && q.To == "" {
		return fmt.Errorf("%w: search needs a query or a filter", errUsage)
	}
	arch, err := openReader(*data)
	if err != nil {
		return err
	}
	defer arch.Close()
	res, err := arch.Search(q)
	if err != nil {
		if errors.Is(err, index.ErrBadQuery) {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		return err
	}
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	printHits(stdout, res, isTerminal(stdout), !o.allTwins)
	return nil
}

// collapseTwins groups the hits that are one document in several files
// (index.SameDocument on their number, date and issuer): it returns the
// first hit of each group, in order, and for each the ids of the others.
// Only the hits of one page are grouped.
func collapseTwins(hits []index.Hit) ([]index.Hit, map[string][]string) {
	var kept []index.Hit
	var lead []*pipeline.Notice
	also := map[string][]string{}
	for _, h := range hits {
		n := &pipeline.Notice{ID: h.ID, Date: h.Date}
		n.Number.Raw, n.Issuer.Name = h.Number, h.Issuer
		twin := false
		for i, l := range lead {
			if index.SameDocument(l, n) {
				also[kept[i].ID] = append(also[kept[i].ID], h.ID)
				twin = true
				break
			}
		}
		if !twin {
			kept = append(kept, h)
			lead = append(lead, n)
		}
	}
	return kept, also
}

// printHits writes a result for a person to read; with collapse, the twins
// on the page are one hit with an "also:" line naming the others.
func printHits(w io.Writer, res *index.Result, tty, collapse bool) {
	pages := (int(res.Total) + res.Limit - 1) / res.Limit
	fmt.Fprintf(w, "%d notices found", res.Total)
	if pages > 1 {
		fmt.Fprintf(w, " (page %d of %d)", res.Page, pages)
	}
	fmt.Fprintln(w)
	open, closeMark := "«", "»"
	if tty {
		open, closeMark = "\x1b[1;33m", "\x1b[0m"
	}
	render := func(s string) string {
		s = strings.ReplaceAll(s, "<mark>", "\x00")
		s = strings.ReplaceAll(s, "</mark>", "\x01")
		s = html.UnescapeString(s)
		return strings.NewReplacer("\x00", open, "\x01", closeMark).Replace(s)
	}
	hits, also := res.Hits, map[string][]string(nil)
	if collapse {
		hits, also = collapseTwins(res.Hits)
	}
	for i, h := range hits {
		var head []string
		for _, part := range []string{h.Number, h.Date, h.Issuer} {
			if part != "" {
				head = append(head, part)
			}
		}
		if len(head) == 0 {
			head = []string{"(no number, date or issuer printed)"}
		}
		fmt.Fprintf(w, "\n%d. %s\n", (res.Page-1)*res.Limit+i+1, strings.Join(head, " · "))
		title := h.Title
		if t, ok := h.Fragments["title"]; ok {
			title = render(t[0])
		}
		if title != "" {
			fmt.Fprintf(w, "   %s\n", title)
		}
		for _, f := range []string{"body", "meta"} {
			for _, frag := range h.Fragments[f] {
				fmt.Fprintf(w, "   %s\n", render(frag))
			}
		}
		fmt.Fprintf(w, "   id %s\n", h.ID)
		if a := also[h.ID]; len(a) > 0 {
			fmt.Fprintf(w, "   also: %s (the same document in another file; --all-twins lists each)\n", strings.Join(a, ", "))
		}
	}
	var facets []string
	for _, name := range []string{index.FacetType, index.FacetIssuer, index.FacetYear, index.FacetSigner} {
		var parts []string
		for _, c := range res.Facets[name] {
			if len(parts) == 5 {
				break
			}
			parts = append(parts, fmt.Sprintf("%s %d", c.Value, c.Count))
		}
		if len(parts) > 0 {
			facets = append(facets, name+": "+strings.Join(parts, ", "))
		}
	}
	if len(facets) > 0 {
		fmt.Fprintf(w, "\n%s\n", strings.Join(facets, "\n"))
	}
	printBroader(w, res.Broader)
}

// printBroader says what the wider searches of a phrase that found few
// notices would add, and how to run them.
func printBroader(w io.Writer, broader []index.Broader) {
	for _, b := range broader {
		switch b.Kind {
		case "apart":
			fmt.Fprintf(w, "\n%s these words apart: vanban search --apart %s\n", moreNotices(b.More), shellQuote(b.Text))
		case "folded":
			fmt.Fprintf(w, "\n%s them in other spellings (typed without diacritics): vanban search %s\n", moreNotices(b.More), shellQuote(b.Text))
		}
	}
}

func moreNotices(n uint64) string {
	if n == 1 {
		return "1 more notice holds"
	}
	return fmt.Sprintf("%d more notices hold", n)
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool { return strings.ContainsRune(" \t\"'$`\\*?[]|&;<>()!#~", r) }) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// runShow is "vanban show [--data DIR] [--pretty] ID|NUMBER".
func runShow(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("show")
	data := dataFlag(fs)
	pretty := fs.Bool("pretty", false, "indent the JSON for a person to read")
	citations := fs.Bool("citations", false, "print the notice's citations instead: the archive's notices it cites and those citing it")
	keys, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		return fmt.Errorf("%w: show needs an id (or its first characters) or a number such as 250-TB/TU", errUsage)
	}
	arch, err := openReader(*data)
	if err != nil {
		return err
	}
	defer arch.Close()
	ids, err := arch.Lookup(strings.Join(keys, " "))
	if err != nil {
		return fmt.Errorf("%s: %w", strings.Join(keys, " "), err)
	}
	if len(ids) > 1 {
		fmt.Fprintf(stderr, "vanban: %d notices match %q\n", len(ids), strings.Join(keys, " "))
	}
	for _, id := range ids {
		rec, err := arch.RecordJSON(id)
		if err != nil {
			return err
		}
		n, err := arch.Record(id)
		if err != nil {
			return err
		}
		twins, err := arch.Twins(n)
		if err != nil {
			return err
		}
		if len(twins) > 0 && !*citations {
			n.Twins = twins
			if rec, err = json.Marshal(n); err != nil {
				return err
			}
			rec = append(rec, '\n')
			fmt.Fprintf(stderr, "vanban: the same document is also in %d other record(s): %s\n", len(twins), strings.Join(twins, ", "))
		}
		c, err := arch.Citations(n)
		if err != nil {
			return err
		}
		if *citations {
			if rec, err = json.Marshal(c); err != nil {
				return err
			}
			rec = append(rec, '\n')
		} else {
			held := 0
			for _, r := range c.References {
				if len(r.IDs) > 0 {
					held++
				}
			}
			fmt.Fprintf(stderr, "vanban: %s cites %d documents (%d in the archive) and is cited by %d; --citations lists them\n",
				orDash(n.Number.Raw), len(c.References), held, len(c.CitedBy))
		}
		if *pretty {
			var b bytes.Buffer
			if err := json.Indent(&b, rec, "", "  "); err != nil {
				return err
			}
			b.WriteByte('\n')
			rec = b.Bytes()
		}
		if _, err := stdout.Write(rec); err != nil {
			return err
		}
	}
	return nil
}

// runStats is "vanban stats [--data DIR] [--json]".
func runStats(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("stats")
	data := dataFlag(fs)
	asJSON := fs.Bool("json", false, "print the counts as JSON")
	review := fs.Bool("review", false, "also count the notices that need review, by reason (reads every record)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	arch, err := openReader(*data)
	if err != nil {
		return err
	}
	defer arch.Close()
	st, err := arch.Stats()
	if err != nil {
		return err
	}
	var needs int
	var byReason []index.FacetCount
	if *review {
		if needs, byReason, err = reviewCounts(*data); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if *review {
			return enc.Encode(struct {
				*index.Stats
				NeedReview int                `json:"need_review"`
				ByReview   []index.FacetCount `json:"by_review"`
			}{st, needs, byReason})
		}
		return enc.Encode(st)
	}
	fmt.Fprintf(stdout, "%s: %d documents\n", arch.Dir(), st.Documents)
	if *review {
		fmt.Fprintf(stdout, "%d need review (vanban search --review lists them)\n", needs)
		for _, c := range byReason {
			fmt.Fprintf(stdout, "  %6d  %s\n", c.Count, c.Value)
		}
	}
	for _, part := range []struct {
		name   string
		counts []index.FacetCount
	}{{index.FacetType, st.ByType}, {index.FacetIssuer, st.ByIssuer}, {index.FacetYear, st.ByYear}, {index.FacetFormat, st.ByFormat}, {index.FacetKind, st.ByKind}} {
		fmt.Fprintf(stdout, "\nby %s:\n", part.name)
		for _, c := range part.counts {
			fmt.Fprintf(stdout, "  %6d  %s\n", c.Count, orNone(c.Value))
		}
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// runReindex is "vanban reindex [--data DIR] [-q]": it rebuilds the index
// from the stored records, for an archive whose index another version of
// vanban built.
func runReindex(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("reindex")
	data := dataFlag(fs)
	quiet := fs.Bool("q", false, "no progress lines")
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return fmt.Errorf("%w: reindex takes no arguments", errUsage)
	}
	tuneForIngest()
	start := time.Now()
	n, err := index.Reindex(*data, func(done int) {
		if !*quiet {
			fmt.Fprintf(stderr, "reindex: %d records indexed\n", done)
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "reindex: %s: %d records indexed in %s\n", *data, n, time.Since(start).Round(time.Millisecond))
	return nil
}
