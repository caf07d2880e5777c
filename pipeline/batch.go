package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"vanban/extract"
)

// A Sink receives the records of a batch run and keeps them: the archive
// in package index satisfies it. Calls to Has are serialised; Add is
// called from several goroutines at once, and Commit may run while Add
// does. Add may keep records in memory until Commit, which makes all the
// records added before it durable at once.
type Sink interface {
	// Has reports whether a document with this id is already kept.
	Has(id string) (bool, error)
	// Add keeps a record with the bytes of its source file.
	Add(n *Notice, source []byte) error
	// Commit makes everything added so far durable.
	Commit() error
}

// BatchOptions tune a batch run.
type BatchOptions struct {
	// Workers is the number of files read and parsed at once;
	// runtime.GOMAXPROCS(0) when zero.
	Workers int
	// CommitEvery is the number of records added between commits; a crash
	// loses at most that many, which the next run redoes. 500 when zero.
	CommitEvery int
	// Progress, if set, is called after every file with the counts so far,
	// one call at a time and in order; it must not block for long.
	Progress func(Progress)
	// Extract tunes reading (OCR mode and cache).
	Extract extract.Options
	// Limits bound the reading and parsing of each file, in a worker
	// process; zero fields take extract.DefaultFileLimits. A PDF's text
	// is read under the PDF reader's own limits, then parsed under these.
	Limits extract.WorkerLimits
	// KnownFailure, if set, tells whether a file (by its id) failed in an
	// earlier run and why: such a file is skipped, not read again, and
	// counted in Report.KnownFailures.
	KnownFailure func(id string) (reason string, ok bool)
}

// Progress counts the files of a run so far.
type Progress struct {
	Done, Ingested, Skipped, Failed, Refused int
	// Total is the number of files found; it grows while folders are
	// still being walked, and Walked reports when the walk has finished.
	Total  int
	Walked bool
}

// The outcome of one file.
const (
	StatusIngested = "ingested"
	StatusSkipped  = "skipped"
	StatusFailed   = "failed"
	StatusRefused  = "refused" // not a document: Kind says what it is
)

// FileResult is the outcome of one file of a batch run.
type FileResult struct {
	Path     string `json:"path"`
	ID       string `json:"id,omitempty"`
	Status   string `json:"status"`           // ingested, skipped, failed, refused
	Reason   string `json:"reason,omitempty"` // why a file was skipped, failed or refused
	Kind     string `json:"kind,omitempty"`   // what a refused file is ("an Excel workbook")
	Warnings int    `json:"warnings,omitempty"`
	// Known marks a file skipped as a failure of an earlier run.
	Known bool `json:"known_failure,omitempty"`
	// An ingested file's record in brief: its number, type code and kind
	// (party, state), pages, what read it, and why a person should look
	// at it (Notice.Review; none when it needs no one).
	Number     string   `json:"number,omitempty"`
	Type       string   `json:"type,omitempty"`
	NoticeKind string   `json:"notice_kind,omitempty"`
	Pages      int      `json:"pages,omitempty"`
	Extractor  string   `json:"extractor,omitempty"`
	Review     []string `json:"review,omitempty"`
}

// Remembered reports whether a failed file is one to remember as a known
// failure: it was read (it has an id) and failed of itself, not because
// the archive did (a full disk), which the next run may not meet.
func (f FileResult) Remembered() bool {
	return f.Status == StatusFailed && f.ID != "" && !strings.HasPrefix(f.Reason, "not read: ") && !strings.HasPrefix(f.Reason, "not kept: ")
}

// Report is the account of a batch run: every file and its outcome.
type Report struct {
	Started     time.Time      `json:"started"`
	Finished    time.Time      `json:"finished"`
	Ingested    int            `json:"ingested"`
	Skipped     int            `json:"skipped"`
	Failed      int            `json:"failed"`
	Refused     int            `json:"refused"`         // files that are not documents
	RefusedKind map[string]int `json:"refused_by_kind"` // their number by kind
	Interrupted bool           `json:"interrupted"`     // stopped before every file was seen
	// KnownFailures counts the files skipped as failures of earlier runs
	// (also in Skipped).
	KnownFailures int `json:"known_failures"`
	// NeedReview counts the files ingested whose record needs a person
	// (FileResult.Review).
	NeedReview int          `json:"need_review"`
	Files      []FileResult `json:"files"`
}

// Failures lists the failed files.
func (r *Report) Failures() []FileResult { return r.withStatus(StatusFailed) }

// Refusals lists the files refused as not documents.
func (r *Report) Refusals() []FileResult { return r.withStatus(StatusRefused) }

func (r *Report) withStatus(status string) []FileResult {
	var out []FileResult
	for _, f := range r.Files {
		if f.Status == status {
			out = append(out, f)
		}
	}
	return out
}

type parsed struct {
	res    FileResult
	notice *Notice
	data   []byte
}

// Ingest reads, parses and hands to sink every document under roots (files
// and folders, walked recursively; hidden entries and the paths in skip are
// left out). Files already in the sink, or seen earlier in the run, are
// skipped. A file that cannot be read or parsed is reported and the run goes
// on. When ctx is cancelled no new file is started; what is done is
// committed and the report says the run was interrupted.
//
// The returned error is non-nil only when the sink fails (a full disk, a
// broken index): then nothing after the last commit is kept.
func Ingest(ctx context.Context, roots []string, skip []string, sink Sink, opts BatchOptions) (*Report, error) {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.CommitEvery <= 0 {
		opts.CommitEvery = 500
	}
	rep := &Report{Started: time.Now().UTC()}
	var prog Progress
	var progMu sync.Mutex
	// Progress is called under the lock: the walker and the collector both
	// report, and the caller sees the calls one at a time, in order.
	report := func(update func(*Progress)) {
		progMu.Lock()
		defer progMu.Unlock()
		update(&prog)
		if opts.Progress != nil {
			opts.Progress(prog)
		}
	}

	paths := make(chan string, 256)
	walkErrs := make(chan FileResult, 16)
	go func() {
		defer close(paths)
		defer close(walkErrs)
		walk(ctx, roots, skip, func(p string) bool {
			report(func(p *Progress) { p.Total++ })
			select {
			case paths <- p:
				return true
			case <-ctx.Done():
				return false
			}
		}, func(p string, err error) {
			report(func(p *Progress) { p.Total++ })
			walkErrs <- FileResult{Path: p, Status: StatusFailed, Reason: err.Error()}
		}, func(p, kind string) {
			report(func(p *Progress) { p.Total++ })
			walkErrs <- FileResult{Path: p, Status: StatusRefused, Kind: kind, Reason: kind + ", not a document"}
		}, func(p, why string) {
			report(func(p *Progress) { p.Total++ })
			walkErrs <- FileResult{Path: p, Status: StatusSkipped, Reason: why}
		})
		report(func(p *Progress) { p.Walked = true })
	}()

	// A sink failure (a full disk) stops all further adds and
	// lookups: the files left are reported, not read.
	var sinkMu sync.Mutex
	var sinkErr error
	failSink := func(err error) error {
		sinkMu.Lock()
		defer sinkMu.Unlock()
		if sinkErr == nil && err != nil {
			sinkErr = err
		}
		return sinkErr
	}
	// The sink is asked whether it has a document from the workers, so
	// calls to Has are serialised here; ids seen in this run are kept too.
	var seenMu sync.Mutex
	seen := map[string]string{}
	claim := func(id, path string) (string, error) {
		seenMu.Lock()
		defer seenMu.Unlock()
		if first, ok := seen[id]; ok {
			return "the same file as " + first, nil
		}
		var has bool
		err := guard("archive lookup", func() (err error) { has, err = sink.Has(id); return err })
		if err != nil {
			return "", failSink(fmt.Errorf("archive lookup: %w", err))
		}
		seen[id] = path
		if has {
			return "already in the archive", nil
		}
		return "", nil
	}

	// Results are small (the record is already with the sink), so the
	// workers may run a whole commit ahead of the loop below.
	results := make(chan parsed, opts.CommitEvery+opts.Workers)
	var wg sync.WaitGroup
	for w := 0; w < opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range paths {
				if ctx.Err() != nil {
					continue // drain: the walk stops at once
				}
				var r parsed
				if err := failSink(nil); err != nil {
					// The archive failed: the files left are not read.
					r.res = FileResult{Path: p, Status: StatusFailed, Reason: "not read: the archive failed: " + err.Error()}
				} else {
					r = safeProcess(p, claim, opts.KnownFailure, opts.Extract, opts.Limits)
				}
				if r.notice != nil {
					err := failSink(nil)
					if err == nil {
						if err = guard("archive add", func() error { return sink.Add(r.notice, r.data) }); err != nil {
							err = failSink(fmt.Errorf("archive: %w", err))
						}
					}
					if err != nil {
						r.res.Status, r.res.Reason, r.res.Warnings = StatusFailed, "not kept: "+err.Error(), 0
					}
					r.notice, r.data = nil, nil
				}
				results <- r
			}
		}()
	}
	go func() {
		wg.Wait()
		results <- parsed{} // marks the end of the workers' results
	}()

	var uncommitted []int // indexes in rep.Files of records added since the last commit
	commit := func() {
		if err := guard("archive commit", sink.Commit); err != nil {
			// Records added since the last commit are lost: say so.
			err = failSink(fmt.Errorf("archive commit: %w", err))
			for _, i := range uncommitted {
				rep.Files[i].Status = StatusFailed
				rep.Files[i].Reason = "not kept: " + err.Error()
			}
		}
		uncommitted = uncommitted[:0]
	}
	record := func(r FileResult) {
		rep.Files = append(rep.Files, r)
		report(func(p *Progress) {
			p.Done++
			switch r.Status {
			case StatusIngested:
				p.Ingested++
			case StatusSkipped:
				p.Skipped++
			case StatusRefused:
				p.Refused++
			default:
				p.Failed++
			}
		})
	}
	walkOpen := true
	for workersDone := false; !workersDone || walkOpen; {
		select {
		case r, ok := <-walkErrs:
			if !ok {
				walkOpen, walkErrs = false, nil
				continue
			}
			record(r)
		case r := <-results:
			if r.res.Path == "" {
				workersDone = true
				continue
			}
			if r.res.Status == StatusIngested {
				uncommitted = append(uncommitted, len(rep.Files))
			}
			record(r.res)
			if len(uncommitted) >= opts.CommitEvery {
				commit()
			}
		}
	}
	if len(uncommitted) > 0 {
		commit()
	}
	sinkErr = failSink(nil)
	rep.RefusedKind = map[string]int{}
	for _, f := range rep.Files {
		switch f.Status {
		case StatusIngested:
			rep.Ingested++
			if len(f.Review) > 0 {
				rep.NeedReview++
			}
		case StatusSkipped:
			rep.Skipped++
			if f.Known {
				rep.KnownFailures++
			}
		case StatusRefused:
			rep.Refused++
			rep.RefusedKind[f.Kind]++
		default:
			rep.Failed++
		}
	}
	sort.SliceStable(rep.Files, func(i, j int) bool { return rep.Files[i].Path < rep.Files[j].Path })
	rep.Interrupted = ctx.Err() != nil
	rep.Finished = time.Now().UTC()
	return rep, sinkErr
}

// guard calls fn and turns a panic in it into an error: a full disk made
// the index panic inside zapx ("assignment to entry in nil map"), which
// must end the run with its report, not the process.
func guard(what string, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s failed: internal error: %v", what, r)
		}
	}()
	return fn()
}

// safeProcess is processFile with a panic turned into this file's failure.
func safeProcess(path string, claim func(id, path string) (string, error), known func(string) (string, bool), xopts extract.Options, lim extract.WorkerLimits) (r parsed) {
	defer func() {
		if x := recover(); x != nil {
			r = parsed{res: FileResult{Path: path, Status: StatusFailed, Reason: fmt.Sprintf("internal error: %v", x)}}
		}
	}()
	return processFile(path, claim, known, xopts, lim)
}

// processFile reads, identifies, extracts and parses one file: the
// reading and parsing in a worker process under lim (see worker.go).
func processFile(path string, claim func(id, path string) (string, error), known func(string) (string, bool), xopts extract.Options, lim extract.WorkerLimits) parsed {
	res := FileResult{Path: path}
	// A video or an archive is refused from its first bytes, unread.
	if err := refuseByHead(path); err != nil {
		return refused(res, err)
	}
	data, err := extract.ReadFile(path)
	if errors.Is(err, extract.ErrNotDocument) {
		return refused(res, err) // a named pipe, a folder
	}
	if err != nil {
		res.Status, res.Reason = StatusFailed, strings.TrimPrefix(err.Error(), path+": ")
		return parsed{res: res}
	}
	sum := sha256.Sum256(data)
	res.ID = hex.EncodeToString(sum[:])
	why, err := claim(res.ID, path)
	switch {
	case err != nil:
		res.Status, res.Reason = StatusFailed, "not read: "+err.Error()
		return parsed{res: res}
	case why != "":
		res.Status, res.Reason = StatusSkipped, why
		return parsed{res: res}
	}
	if known != nil {
		if why, ok := known(res.ID); ok {
			res.Status, res.Reason, res.Known = StatusSkipped, "failed before: "+why, true
			return parsed{res: res}
		}
	}
	// The record names the file by its absolute path: an archive outlives
	// the folder it was ingested from.
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	// A PDF or an image is read here, in the PDF and OCR workers; the
	// worker parses its text.
	var doc *extract.Document
	switch extract.Sniff(data) {
	case extract.FormatPDF, extract.FormatPNG, extract.FormatJPEG, extract.FormatTIFF:
		doc, err = extract.ReadWith(abs, data, xopts)
		if errors.Is(err, extract.ErrNotDocument) {
			return refused(res, err)
		}
		if err != nil {
			res.Status, res.Reason = StatusFailed, strings.TrimPrefix(err.Error(), abs+": ")
			return parsed{res: res}
		}
	}
	n, err := readInWorker(abs, data, doc, lim)
	var ref *refusal
	if errors.As(err, &ref) {
		res.Status, res.Kind, res.Reason = StatusRefused, ref.kind, ref.reason
		return parsed{res: res}
	}
	if err != nil {
		res.Status, res.Reason = StatusFailed, err.Error()
		return parsed{res: res}
	}
	res.Status, res.Warnings = StatusIngested, len(n.Warnings)
	res.Number, res.Type, res.NoticeKind = n.Number.Raw, n.DocType.Code, n.Kind
	res.Pages, res.Extractor, res.Review = n.Source.Pages, n.Source.Extractor, n.Review()
	return parsed{res: res, notice: n, data: data}
}

// refuseByHead reads the first bytes of the file at path and returns the
// refusal extract.RefuseByHead gives, or nil (also when the file cannot be
// opened, or is no regular file: reading it whole reports that).
func refuseByHead(path string) error {
	f, _, err := extract.OpenRegular(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	return extract.RefuseByHead(head[:n])
}

// refused marks res as refused by err, an extract.NotDocumentError.
func refused(res FileResult, err error) parsed {
	res.Status, res.Kind = StatusRefused, "not a document"
	if kind, ok := extract.RefusedKind(err); ok {
		res.Kind = kind
	}
	var nd *extract.NotDocumentError
	if errors.As(err, &nd) {
		res.Reason = nd.Error()
	}
	return parsed{res: res}
}

// safeParse parses doc, turning a parser panic into an error for this file
// alone.
func safeParse(doc *extract.Document) (n *Notice, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = nil, fmt.Errorf("parser failure: %v", r)
		}
	}()
	return Parse(doc), nil
}

// walk calls found for each file under roots in lexical order, failed for
// each root or folder that cannot be read, other for each entry that is
// neither a file nor a folder (a symbolic link, which is not followed, a
// device, a socket…), with its kind, and skipped for each entry left out
// (hidden, or a path in skip), with why. It stops when found returns false
// or ctx is done.
func walk(ctx context.Context, roots, skip []string, found func(string) bool, failed func(string, error), other func(path, kind string), skipped func(path, why string)) {
	skipAbs := map[string]bool{}
	for _, s := range skip {
		if a, err := filepath.Abs(s); err == nil {
			skipAbs[a] = true
		}
	}
	for _, root := range roots {
		st, err := os.Stat(root)
		if err != nil {
			failed(root, err)
			continue
		}
		if !st.IsDir() {
			if !found(root) {
				return
			}
			continue
		}
		stop := errors.New("stop")
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if ctx.Err() != nil {
				return stop
			}
			if err != nil {
				failed(p, err)
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			name := d.Name()
			// What is left out is named in the report too.
			if p != root && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					skipped(p, "a hidden folder, not walked")
					return fs.SkipDir
				}
				skipped(p, "a hidden file")
				return nil
			}
			if d.IsDir() {
				if a, err := filepath.Abs(p); err == nil && skipAbs[a] {
					skipped(p, "the archive itself, not walked")
					return fs.SkipDir
				}
				return nil
			}
			// Every regular file is tried: what is not a document is
			// refused with its kind named, never passed over in silence.
			if !d.Type().IsRegular() {
				other(p, extract.EntryKind(d.Type()))
				return nil
			}
			if !found(p) {
				return stop
			}
			return nil
		})
		if errors.Is(err, stop) {
			return
		}
	}
}
