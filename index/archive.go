// Package index keeps an archive of parsed notices and searches it.
//
// An archive is a directory (vanban-data by default):
//
//	index/              the Bleve index (scorch)
//	records/ab/ID.json  each record as vanban parse writes it
//	sources/ab/ID.ext   a copy of each source file, if asked for (CopySources)
//	reports/            the report of every ingest run
//
// ID is the SHA-256 of the source bytes, so a file is in the archive once
// however often it is ingested. A record's source.path is the absolute
// path of the file it was read from; SourcePath serves the archive's copy
// if there is one, else that file, once its bytes are checked against the
// id. Records and copies are written atomically (see writeAtomic) and
// flushed to disk before the index batch that names them is committed: the
// index never lists a record that is not on disk.
//
// The Vietnamese analysis (see analysis.go) is registered when this package
// is loaded; every program that opens an archive imports it.
package index

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"vanban/pipeline"
)

// DefaultDir is the archive directory used when none is given.
const DefaultDir = "vanban-data"

// Errors of Open and the lookups.
var (
	// ErrNoArchive: the directory holds no archive (nothing ingested yet).
	ErrNoArchive = errors.New("no archive here; run vanban ingest first")
	// ErrBusy: another vanban process is writing the archive.
	ErrBusy = errors.New("the archive is being written by another vanban process")
	// ErrNotFound: no record has that id or number.
	ErrNotFound = errors.New("no such notice in the archive")
	// ErrOldIndex: another version of vanban built the index.
	ErrOldIndex = errors.New("the index was built by another version of vanban; rebuild it from the records with vanban reindex")
)

// Archive is an open archive directory. Its methods are safe for
// concurrent use.
type Archive struct {
	dir      string
	idx      bleve.Index
	readOnly bool
	lock     *os.File

	closeOnce sync.Once
	closeErr  error

	commitMu sync.Mutex // one commit at a time
	mu       sync.Mutex // guards batch
	batch    *bleve.Batch

	columns columnCache // the keyword columns of the segments searched
	facetMu sync.Mutex
	facets  *facetValues // the facet values of the segments last searched
	proofs  proofCache   // what phrase checks read in the records, per segment

	dirsMu sync.Mutex
	dirs   map[string]bool // folders known to exist

	// CopySources makes Add keep a copy of each source file in the
	// archive, so that it stays whole when the originals move.
	CopySources bool
}

// Create opens the archive in dir for writing, creating it if need be.
// Only one process may write an archive at a time.
func Create(dir string) (*Archive, error) {
	lock, err := lockArchive(dir)
	if err != nil {
		return nil, err
	}
	a := &Archive{dir: dir, lock: lock, dirs: map[string]bool{}}
	path := filepath.Join(dir, "index")
	if _, err := os.Stat(filepath.Join(path, "index_meta.json")); err == nil {
		a.idx, err = bleve.OpenUsing(path, writerConfig())
		if err == nil {
			err = checkFormat(a.idx)
			if err != nil {
				a.idx.Close()
			}
		}
		if err != nil {
			lock.Close()
			return nil, fmt.Errorf("%s: open index: %w", dir, err)
		}
	} else {
		a.idx, err = newIndex(path)
		if err != nil {
			lock.Close()
			return nil, fmt.Errorf("%s: create index: %w", dir, err)
		}
	}
	a.batch = a.idx.NewBatch()
	a.columns.dir, a.columns.write = columnsDir(path), true
	return a, nil
}

// persistColumnsAt saves the columns of the closed index at path, with
// cache's columns where it has them.
func persistColumnsAt(path string, cache *columnCache) error {
	idx, err := bleve.OpenUsing(path, map[string]interface{}{"read_only": true, "bolt_timeout": "2s"})
	if err != nil {
		return fmt.Errorf("%s: open index: %w", path, err)
	}
	err = persistColumns(idx, cache)
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	return err
}

// columnsDir is where the columns of the index at path are persisted.
func columnsDir(path string) string { return filepath.Join(path, "columns") }

// lockArchive creates dir if need be and takes its writer's lock.
func lockArchive(dir string) (*os.File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	lock, err := os.OpenFile(filepath.Join(dir, "LOCK"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := tryLock(lock); err != nil {
		lock.Close()
		if errors.Is(err, errLockHeld) {
			return nil, fmt.Errorf("%s: %w", dir, ErrBusy)
		}
		return nil, err
	}
	return lock, nil
}

// errLockHeld: tryLock found the lock taken by another process (flock on
// Unix, LockFileEx on Windows; see lock_unix.go, lock_windows.go).
var errLockHeld = errors.New("lock held by another process")

// newIndex creates an empty index of the current format at path.
func newIndex(path string) (bleve.Index, error) {
	idx, err := bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, writerConfig())
	if err != nil {
		return nil, err
	}
	if err := idx.SetInternal(internalFormat, []byte(IndexFormat)); err != nil {
		idx.Close()
		return nil, err
	}
	return idx, nil
}

// checkFormat refuses an index that another version of vanban built.
func checkFormat(idx bleve.Index) error {
	v, err := idx.GetInternal(internalFormat)
	if err != nil {
		return err
	}
	if string(v) != IndexFormat {
		if len(v) == 0 {
			v = []byte("1")
		}
		return fmt.Errorf("%w (index format %s, this vanban reads %s)", ErrOldIndex, v, IndexFormat)
	}
	return nil
}

// The garbage collector settings measured for the archive's two loads.
// They are figures, not policy: the commands (package main) set the
// process's collector from them, unless GOMEMLIMIT or GOGC say otherwise.
const (
	// IngestMemory is the heap size a batch import (and vanban serve,
	// which writes what ingests hand it) aims to stay under: a soft limit,
	// the collector working harder near it. Batches of 500 notices and
	// scorch's capped merges fit in it; with it an import of 100,000
	// notices peaked at 860–961 MiB of resident memory, under the 1 GiB
	// target; without it a server taking an ingest of 10,000 notices
	// under load peaked at 1,467 MiB.
	IngestMemory = 650 << 20
	// IngestGCPercent lets an import's heap grow to three times the live
	// data: indexing allocates much and keeps little, and collecting less
	// often makes an import about a fifth faster.
	IngestGCPercent = 200
	// SearchGCPercent is the GOGC of a long-running search process: a
	// search allocates bitmaps and decodes records and keeps little (the
	// columns, a few MB at 100,000 notices); collecting less often took
	// about a tenth off the median query time.
	SearchGCPercent = 400
)

// writerConfig tunes scorch for a batch import: merged segments stay under
// 40,000 notices and merges take four segments at a time, which bounds the
// memory a merge needs (the default of ten segments up to five million
// documents took an ingest of 100,000 notices past 1 GiB).
func writerConfig() map[string]interface{} {
	return map[string]interface{}{
		"bolt_timeout": "2s",
		"scorchMergePlanOptions": map[string]interface{}{
			"MaxSegmentSize":       40000,
			"SegmentsPerMergeTask": 4,
		},
	}
}

// Open opens the archive in dir for reading.
func Open(dir string) (*Archive, error) {
	path := filepath.Join(dir, "index")
	if _, err := os.Stat(filepath.Join(path, "index_meta.json")); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, ErrNoArchive)
	}
	idx, err := bleve.OpenUsing(path, map[string]interface{}{"read_only": true, "bolt_timeout": "2s"})
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("%s: %w", dir, ErrBusy)
		}
		return nil, fmt.Errorf("%s: open index: %w", dir, err)
	}
	if err := checkFormat(idx); err != nil {
		idx.Close()
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	a := &Archive{dir: dir, idx: idx, readOnly: true}
	a.columns.dir = columnsDir(filepath.Join(dir, "index"))
	return a, nil
}

// Dir is the archive's directory.
func (a *Archive) Dir() string { return a.dir }

// Close commits nothing: call Commit first to keep what was added. A
// second Close does nothing.
func (a *Archive) Close() error {
	a.closeOnce.Do(func() {
		a.closeErr = a.idx.Close()
		if !a.readOnly && a.closeErr == nil {
			// The segments merged or persisted anew while closing.
			a.closeErr = persistColumnsAt(filepath.Join(a.dir, "index"), &a.columns)
		}
		if a.lock != nil {
			a.lock.Close()
		}
	})
	return a.closeErr
}

func shard(id string) string {
	if len(id) < 2 {
		return "00"
	}
	return id[:2]
}

func (a *Archive) recordPath(id string) string {
	return filepath.Join(a.dir, "records", shard(id), id+".json")
}

// Has reports whether the notice with this id is in the archive: indexed
// by a committed batch and its record on disk.
func (a *Archive) Has(id string) (bool, error) {
	d, err := a.idx.Document(id)
	if err != nil {
		return false, err
	}
	if d == nil {
		return false, nil
	}
	_, err = os.Stat(a.recordPath(id))
	return err == nil, nil
}

// Add writes the record and a copy of its source and queues the record for
// the index. It is in the archive once Commit returns.
func (a *Archive) Add(n *pipeline.Notice, source []byte) error {
	return a.AddSource(n, source, a.CopySources)
}

// AddSource is Add with the choice of keeping a copy of the source made
// per call: a server taking notices from several ingests keeps a copy for
// those that ask for one (vanban ingest --copy-sources).
func (a *Archive) AddSource(n *pipeline.Notice, source []byte, copySource bool) error {
	if a.readOnly {
		return errors.New("archive opened read-only")
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(n); err != nil {
		return err
	}
	if copySource {
		src := a.copyPath(n.ID, n.Source.Format)
		if err := a.mkdir(filepath.Dir(src)); err != nil {
			return err
		}
		if err := writeAtomic(src, source); err != nil {
			return err
		}
	}
	rec := a.recordPath(n.ID)
	if err := a.mkdir(filepath.Dir(rec)); err != nil {
		return err
	}
	if err := writeAtomic(rec, b.Bytes()); err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.batch.Index(n.ID, indexDoc(n))
}

// Commit flushes the records written so far to disk, then commits the
// index batch that lists them.
//
// Adds may go on while it runs: they go into the next batch.
func (a *Archive) Commit() error {
	a.commitMu.Lock()
	defer a.commitMu.Unlock()
	a.mu.Lock()
	b := a.batch
	a.batch = a.idx.NewBatch()
	a.mu.Unlock()
	if b.Size() == 0 {
		return nil
	}
	if err := syncDir(a.dir); err != nil {
		return err
	}
	if err := a.idx.Batch(b); err != nil {
		return err
	}
	// The facet columns of the new segments, for the readers to load.
	return persistColumns(a.idx, &a.columns)
}

// mkdir creates dir once per archive session.
func (a *Archive) mkdir(dir string) error {
	a.dirsMu.Lock()
	defer a.dirsMu.Unlock()
	if a.dirs[dir] {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	a.dirs[dir] = true
	return nil
}

// writeRenamed writes data to a temporary file beside path and renames it;
// with flush, the file's data reach the disk before the rename (fsync).
func writeRenamed(path string, data []byte, flush bool) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil && flush {
		err = f.Sync()
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// RecordJSON returns the stored record of a notice, as vanban parse wrote it.
func (a *Archive) RecordJSON(id string) ([]byte, error) {
	if !validID(id) {
		return nil, ErrNotFound
	}
	data, err := os.ReadFile(a.recordPath(id))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	return data, err
}

// Record returns the stored record of a notice.
func (a *Archive) Record(id string) (*pipeline.Notice, error) {
	data, err := a.RecordJSON(id)
	if err != nil {
		return nil, err
	}
	var n pipeline.Notice
	if err := json.Unmarshal(data, &n); err != nil {
		return nil, fmt.Errorf("record %s: %w", id, err)
	}
	return &n, nil
}

func (a *Archive) copyPath(id, format string) string {
	return filepath.Join(a.dir, "sources", shard(id), id+"."+format)
}

// ErrSourceGone: the source file of a record has moved or changed since
// it was ingested.
var ErrSourceGone = errors.New("the source file is no longer where it was ingested from, or has changed")

// validID reports a full hex SHA-256.
func validID(id string) bool { return len(id) == 64 && isHex(id) }

// Lookup finds the ids of the notices a person names: a full id, the
// first characters of one (at least 6), or a number in any written form
// ("250-TB/TU", "Số 250 - TB/TU", "250/TB-TU"; see numberKey).
func (a *Archive) Lookup(key string) ([]string, error) {
	key = strings.TrimSpace(key)
	lower := strings.ToLower(key)
	if validID(lower) {
		if _, err := os.Stat(a.recordPath(lower)); err == nil {
			return []string{lower}, nil
		}
		return nil, ErrNotFound
	}
	if len(lower) >= 6 && isHex(lower) {
		matches, _ := filepath.Glob(filepath.Join(a.dir, "records", shard(lower), lower+"*.json"))
		var ids []string
		for _, m := range matches {
			ids = append(ids, strings.TrimSuffix(filepath.Base(m), ".json"))
		}
		if len(ids) > 0 {
			sort.Strings(ids)
			return ids, nil
		}
	}
	// A number in any written form ("Số 250 - TB/TU", "250/TB-TU").
	number := strings.Join(strings.Fields(key), "")
	number = strings.TrimPrefix(strings.TrimPrefix(number, "Số"), ":")
	if k := numberKey(number); k != "" {
		ids, err := a.idsWith(fieldNumberKey, k)
		if err != nil {
			return nil, err
		}
		if len(ids) > 0 {
			return ids, nil
		}
	}
	q := bleve.NewTermQuery(number)
	q.SetField(fieldNumber)
	req := bleve.NewSearchRequestOptions(q, 100, 0, false)
	res, err := a.idx.Search(req)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	if len(ids) == 0 {
		return nil, ErrNotFound
	}
	sort.Strings(ids)
	return ids, nil
}

func isHex(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// WriteReport stores the report of an ingest run in the archive's reports
// folder and returns its path.
func (a *Archive) WriteReport(r *pipeline.Report) (string, error) {
	return WriteReport(a.dir, r)
}

// WriteReport stores the report of an ingest run in the reports folder of
// the archive in dir, open or not (an ingest that handed its notices to a
// server writes its own report), and returns its path.
func WriteReport(dir string, r *pipeline.Report) (string, error) {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return "", err
	}
	name := "ingest-" + r.Started.Format("20060102T150405.000Z") + ".json"
	path := filepath.Join(dir, "reports", name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	if err := writeAtomic(path, append(data, '\n')); err != nil {
		return "", err
	}
	return path, writeAtomic(filepath.Join(dir, "reports", "last-ingest.json"), append(data, '\n'))
}
