//go:build linux

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"vanban/index"
	"vanban/pipeline"
)

// TestIngestFullDisk runs an ingest on an archive whose disk fills up: a
// small tmpfs (mounting one needs root; the test is skipped where the
// system does not allow it), filled by a file of its own once the archive
// exists. The ingest must end cleanly — exit 1, a summary, a report (in
// the archive or, when it cannot take one, the temporary folder), no
// panic — and keep what it committed: every notice the index holds has
// its record. Once the filler is gone, a re-run finishes the archive: exit
// 0, every file indexed exactly once.
func TestIngestFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("mounts a tmpfs and ingests")
	}
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=96m"); err != nil {
		t.Skipf("this system does not let the test mount a tmpfs: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(mnt, syscall.MNT_DETACH) })
	data := filepath.Join(mnt, "archive")

	// The archive exists first, with one notice.
	notice, err := os.ReadFile("../../testdata/corpus/tien-giang-250-tb-tu.txt")
	if err != nil {
		t.Fatal(err)
	}
	first := t.TempDir()
	os.WriteFile(filepath.Join(first, "tb.txt"), notice, 0o644)
	if code, _, stderr := runCmd(t, "", "ingest", "-q", "--data", data, first); code != exitOK {
		t.Fatalf("first ingest: exit %d\n%s", code, stderr)
	}
	// Then a folder of 400 notices (some 25 MB of records and index)
	// onto a disk left with about 4 MB: some commits fit, then the disk fills.
	src := t.TempDir()
	const n = 400
	for i := 0; i < n; i++ {
		body := append(append([]byte{}, notice...), fmt.Sprintf("\nBản lưu số %d\n", i)...)
		os.WriteFile(filepath.Join(src, fmt.Sprintf("tb-%04d.txt", i)), body, 0o644)
	}
	filler := filepath.Join(mnt, "filler")
	fillDisk(t, mnt, filler, 4<<20)

	code, _, stderr := runCmd(t, "", "ingest", "--data", data, "--commit", "50", src)
	if code != exitFailed {
		t.Fatalf("ingest on a full disk: exit %d, want 1\n%s", code, stderr)
	}
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
		t.Fatalf("ingest on a full disk panicked:\n%s", stderr)
	}
	if !strings.Contains(stderr, "ingested,") {
		t.Errorf("no summary after a full disk:\n%s", stderr)
	}
	rep := reportNamed(t, stderr)
	if len(rep.Files) == 0 {
		t.Errorf("the report lists no file:\n%s", stderr)
	}
	t.Logf("on the full disk: %d of %d ingested before it filled; report %d lines", rep.Ingested, n, len(rep.Files))
	checkArchiveConsistent(t, data)

	// Space again: the re-run finishes the archive.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCmd(t, "", "ingest", "--data", data, src)
	if code != exitOK {
		t.Fatalf("re-run after freeing space: exit %d\n%s", code, stderr)
	}
	if got := checkArchiveConsistent(t, data); got != n+1 {
		t.Errorf("after the re-run the archive holds %d notices, want %d", got, n+1)
	}
}

// fillDisk writes filler until the file system of dir has about leave
// bytes free.
func fillDisk(t *testing.T, dir, filler string, leave int64) {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	free := int64(st.Bavail) * int64(st.Bsize)
	if free <= leave {
		return
	}
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for left := free - leave; left > 0; left -= int64(len(chunk)) {
		if _, err := f.Write(chunk[:min(int64(len(chunk)), left)]); err != nil {
			break
		}
	}
}

// reportNamed reads the report the ingest's summary names.
func reportNamed(t *testing.T, stderr string) *pipeline.Report {
	t.Helper()
	const mark = "report written to "
	i := strings.LastIndex(stderr, mark)
	if i < 0 {
		t.Fatalf("the summary names no report:\n%s", stderr)
	}
	path := strings.TrimSpace(strings.SplitN(stderr[i+len(mark):], "\n", 2)[0])
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("report %s: %v", path, err)
	}
	var rep pipeline.Report
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatalf("report %s: %v", path, err)
	}
	return &rep
}

// checkArchiveConsistent opens the archive in dir and checks that every
// notice the index counts has its record and every whole record is in the
// index; it returns the count.
func checkArchiveConsistent(t *testing.T, dir string) int {
	t.Helper()
	a, err := index.Open(dir)
	if err != nil {
		t.Fatalf("open the archive: %v", err)
	}
	defer a.Close()
	st, err := a.Stats()
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := filepath.Glob(filepath.Join(dir, "records", "*", "*.json"))
	indexed := 0
	for _, r := range recs {
		id := strings.TrimSuffix(filepath.Base(r), ".json")
		if has, err := a.Has(id); err == nil && has {
			indexed++
			if _, err := a.RecordJSON(id); err != nil {
				t.Errorf("indexed notice %s: its record does not read: %v", id, err)
			}
		}
	}
	if int(st.Documents) != indexed {
		t.Errorf("the index counts %d notices, %d of the %d record files are indexed", st.Documents, indexed, len(recs))
	}
	return int(st.Documents)
}
