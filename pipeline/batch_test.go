package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// memSink keeps records in memory; committed is what a crash would keep.
type memSink struct {
	mu        sync.Mutex
	pending   []*Notice
	committed map[string]*Notice
	failAdd   int // fail the Nth Add (1-based); 0 never
	adds      int
	panicHas  int // panic in the Nth Has (1-based), as a full disk made zapx panic; 0 never
	has       int
}

func newMemSink() *memSink { return &memSink{committed: map[string]*Notice{}} }

func (s *memSink) Has(id string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.has++; s.has == s.panicHas {
		var m map[string]int
		m["segment"] = 1 // assignment to entry in nil map
	}
	_, ok := s.committed[id]
	return ok, nil
}

func (s *memSink) Add(n *Notice, _ []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.adds++
	if s.adds == s.failAdd {
		return errors.New("disk full")
	}
	s.pending = append(s.pending, n)
	return nil
}

func (s *memSink) Commit() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.pending {
		s.committed[n.ID] = n
	}
	s.pending = nil
	return nil
}

// batchFolder writes n distinct notices (a corpus text with a line of its
// own) and the given extra files into a temporary folder.
func batchFolder(t *testing.T, n int, extra map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(corpusDir, "tien-giang-250-tb-tu.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		sub := filepath.Join(dir, fmt.Sprintf("box%d", i%3))
		os.MkdirAll(sub, 0o755)
		data := append(append([]byte{}, src...), []byte(fmt.Sprintf("\nBản số %d\n", i))...)
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("tb-%03d.txt", i)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range extra {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestIngestCorruptFilesDoNotStopTheBatch(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
	dir := batchFolder(t, 20, map[string][]byte{
		"box1/anh.pdf":       []byte("GIF89a\x10\x00\x10\x00"),
		"box1/scan.pdf":      png, // an image OCR would read, but truncated
		"box1/hong.docx":     []byte("PK\x03\x04broken"),
		"box2/rong.txt":      nil,
		"box2/.hidden.txt":   []byte("not read, but reported"),
		"box2/ghichu.md":     []byte("not a notice format"),
		"box0/copy/same.txt": mustRead(t, filepath.Join(corpusDir, "web-002.txt")),
		"box2/same-too.txt":  mustRead(t, filepath.Join(corpusDir, "web-002.txt")),
	})
	if err := os.Symlink(filepath.Join(dir, "box0", "tb-000.txt"), filepath.Join(dir, "box2", "link.txt")); err != nil {
		t.Fatal(err)
	}
	sink := newMemSink()
	var last Progress
	rep, err := Ingest(context.Background(), []string{dir}, nil, sink, BatchOptions{Workers: 3, CommitEvery: 7, Progress: func(p Progress) { last = p }})
	if err != nil {
		t.Fatal(err)
	}
	// Every entry has a line: the hidden file is skipped, not passed over.
	if rep.Ingested != 21 || rep.Failed != 2 || rep.Skipped != 2 || rep.Refused != 4 || len(rep.Files) != 29 {
		t.Errorf("ingested %d failed %d skipped %d refused %d files %d", rep.Ingested, rep.Failed, rep.Skipped, rep.Refused, len(rep.Files))
	}
	// Files that are not documents are walked too and named by kind.
	if k := rep.RefusedKind; k["an image: GIF"] != 1 || k["an empty file"] != 1 || k["a text file"] != 1 || k["a symbolic link (not followed)"] != 1 {
		t.Errorf("refused by kind %v, want the GIF named .pdf, the empty file, the note and the link", k)
	}
	for _, f := range rep.Refusals() {
		if f.Kind == "" || !strings.Contains(f.Reason, f.Kind) {
			t.Errorf("refusal %+v: want the kind in the reason", f)
		}
	}
	if len(sink.committed) != 21 {
		t.Errorf("%d committed", len(sink.committed))
	}
	for _, f := range rep.Failures() {
		if f.Reason == "" || strings.Contains(f.Reason, f.Path) {
			t.Errorf("failure %+v: want a reason without the path repeated", f)
		}
	}
	if !last.Walked || last.Done != 29 || last.Total != 29 || last.Refused != 4 {
		t.Errorf("last progress %+v", last)
	}
	// A second run finds everything in the archive.
	rep2, err := Ingest(context.Background(), []string{dir}, nil, sink, BatchOptions{})
	if err != nil || rep2.Ingested != 0 || rep2.Skipped != 23 || rep2.Failed != 2 || rep2.Refused != 4 {
		t.Errorf("second run: %+v %v", rep2, err)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestIngestInterrupted(t *testing.T) {
	dir := batchFolder(t, 60, nil)
	sink := newMemSink()
	ctx, cancel := context.WithCancel(context.Background())
	rep, err := Ingest(ctx, []string{dir}, nil, sink, BatchOptions{Workers: 2, CommitEvery: 5, Progress: func(p Progress) {
		if p.Done == 10 {
			cancel()
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Interrupted || rep.Ingested == 0 || rep.Ingested >= 60 {
		t.Fatalf("interrupted %v after %d", rep.Interrupted, rep.Ingested)
	}
	if len(sink.committed) != rep.Ingested {
		t.Errorf("%d committed, %d reported ingested: what is done must be committed", len(sink.committed), rep.Ingested)
	}
	rep2, err := Ingest(context.Background(), []string{dir}, nil, sink, BatchOptions{})
	if err != nil || rep2.Ingested+rep.Ingested != 60 || len(sink.committed) != 60 {
		t.Errorf("resume: %d + %d, %d committed, %v", rep.Ingested, rep2.Ingested, len(sink.committed), err)
	}
}

func TestIngestSinkFailure(t *testing.T) {
	dir := batchFolder(t, 12, nil)
	sink := newMemSink()
	sink.failAdd = 5
	rep, err := Ingest(context.Background(), []string{dir}, nil, sink, BatchOptions{Workers: 1, CommitEvery: 100})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err %v", err)
	}
	if rep.Ingested != len(sink.committed) {
		t.Errorf("report says %d ingested, %d kept", rep.Ingested, len(sink.committed))
	}
	if rep.Failed != 12-rep.Ingested {
		t.Errorf("%d failed", rep.Failed)
	}
}

// TestIngestSinkPanic: a sink that panics (zapx on a full disk) ends the
// run with an error and a report naming every file: those kept, the one
// that met the panic, and the rest not read.
func TestIngestSinkPanic(t *testing.T) {
	dir := batchFolder(t, 12, nil)
	sink := newMemSink()
	sink.panicHas = 4
	rep, err := Ingest(context.Background(), []string{dir}, nil, sink, BatchOptions{Workers: 1, CommitEvery: 2})
	if err == nil || !strings.Contains(err.Error(), "assignment to entry in nil map") {
		t.Fatalf("err %v", err)
	}
	if len(rep.Files) != 12 || rep.Ingested != 3 || rep.Ingested != len(sink.committed) || rep.Failed != 9 {
		t.Fatalf("%d files, %d ingested, %d kept, %d failed", len(rep.Files), rep.Ingested, len(sink.committed), rep.Failed)
	}
	for _, f := range rep.Failures() {
		if !strings.HasPrefix(f.Reason, "not read: ") {
			t.Errorf("%s: %s", f.Path, f.Reason)
		}
	}
}

func TestIngestMissingPath(t *testing.T) {
	rep, err := Ingest(context.Background(), []string{filepath.Join(t.TempDir(), "nope")}, nil, newMemSink(), BatchOptions{})
	if err != nil || rep.Failed != 1 || !strings.Contains(rep.Files[0].Reason, "no such file") {
		t.Errorf("%+v %v", rep, err)
	}
}

// TestIngestKnownFailures: a file an earlier run failed on is skipped and
// counted, not read again, so that the re-run has no failure.
func TestIngestKnownFailures(t *testing.T) {
	dir := batchFolder(t, 3, map[string][]byte{"hong.docx": []byte("PK\x03\x04broken")})
	sink := newMemSink()
	rep, err := Ingest(context.Background(), []string{dir}, nil, sink, BatchOptions{})
	if err != nil || rep.Failed != 1 || !rep.Failures()[0].Remembered() {
		t.Fatalf("first run: %+v %v", rep, err)
	}
	bad := rep.Failures()[0]
	known := func(id string) (string, bool) { return "broken zip", id == bad.ID }
	rep, err = Ingest(context.Background(), []string{dir}, nil, sink, BatchOptions{KnownFailure: known})
	if err != nil || rep.Failed != 0 || rep.KnownFailures != 1 || rep.Skipped != 4 {
		t.Fatalf("second run: failed %d, known %d, skipped %d, %v", rep.Failed, rep.KnownFailures, rep.Skipped, err)
	}
	for _, f := range rep.Files {
		if f.Known != (f.Path == bad.Path) || f.Known && f.Reason != "failed before: broken zip" {
			t.Errorf("%s: known %v, %s", f.Path, f.Known, f.Reason)
		}
	}
}
