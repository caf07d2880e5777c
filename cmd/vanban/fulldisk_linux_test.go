package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"vanban/index"
	"vanban/pipeline"
)

// TestIngestFullDisk ingests a folder into an archive on a tmpfs too
// small for it (the room taken by a filler file): the run ends with exit 1,
// a summary and a report, and what it committed is whole (every record in
// the index is on disk and every record on disk is in the index). Once the
// filler is deleted, a re-run finishes the archive: exit 0 and every file
// indexed once. It needs root to mount the tmpfs, and skips otherwise.
func TestIngestFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("mounts a tmpfs and starts processes")
	}
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=96m"); err != nil {
		t.Skipf("cannot mount a tmpfs on %s: %v", mnt, err)
	}
	t.Cleanup(func() { syscall.Unmount(mnt, syscall.MNT_DETACH) })

	const n = 600
	src := noticeCopies(t, n)
	// The filler leaves room for a part of the batch only.
	filler := filepath.Join(mnt, "filler")
	if err := os.WriteFile(filler, make([]byte, 88<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(mnt, "archive")
	tmp := t.TempDir() // the report's fallback
	code, stderr := runProcess(t, tmp, "ingest", "--data", data, "-j", "2", "--commit", "25", "-q", src)
	if code != exitFailed {
		t.Fatalf("ingest on a full disk: exit %d, want 1\n%s", code, stderr)
	}
	if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic:") {
		t.Errorf("ingest on a full disk printed a panic:\n%s", stderr)
	}
	if !strings.Contains(stderr, " ingested, ") {
		t.Errorf("ingest on a full disk: no summary\n%s", stderr)
	}
	rep := readReport(t, data, tmp)
	if len(rep.Files) == 0 && rep.Failed == 0 {
		t.Errorf("the report of the full disk run says nothing: %+v", rep)
	}
	if rep.Failed == 0 && rep.Ingested == n {
		t.Errorf("the report of the full disk run claims success: %d ingested", rep.Ingested)
	}
	first := checkWhole(t, data, false)
	t.Logf("full disk: %d records committed; stderr:\n%s", first, lastLines(stderr, 6))

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	var fs syscall.Statfs_t
	syscall.Statfs(mnt, &fs)
	t.Logf("free after removing the filler: %d KiB", fs.Bavail*uint64(fs.Bsize)>>10)
	code, stderr = runProcess(t, tmp, "ingest", "--data", data, "-j", "2", "-q", src)
	if code != exitOK {
		t.Fatalf("re-run after freeing space: exit %d\n%s", code, stderr)
	}
	if got := checkWhole(t, data, true); got != n {
		t.Errorf("after the re-run %d records, want %d", got, n)
	}
}

// runProcess runs vanban as a child process (so that a panic or a crash
// shows as its exit code) with TMPDIR set to tmp, and returns its exit code
// and standard error.
func runProcess(t *testing.T, tmp string, args ...string) (int, string) {
	t.Helper()
	exe, _ := os.Executable()
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), mainEnv+"=1", "TMPDIR="+tmp)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), stderr.String()
		}
		t.Fatal(err)
	}
	return 0, stderr.String()
}

// readReport reads the last report of an ingest into data, from the
// archive or else from the temporary folder tmp.
func readReport(t *testing.T, data, tmp string) pipeline.Report {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(data, "reports", "last-ingest.json"))
	if err != nil {
		alts, _ := filepath.Glob(filepath.Join(tmp, "vanban-ingest-*.json"))
		if len(alts) == 0 {
			t.Fatalf("no report in the archive (%v) nor in %s", err, tmp)
		}
		raw, err = os.ReadFile(alts[len(alts)-1])
		if err != nil {
			t.Fatal(err)
		}
	}
	var rep pipeline.Report
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatalf("report: %v", err)
	}
	return rep
}

// checkWhole checks that every notice in the index of the archive in data
// has its record on disk, readable, and returns their number. With strict,
// every record on disk must be in the index too; without, records written
// by a batch whose commit failed may be on disk only (a re-run indexes
// them: it decides by the index).
func checkWhole(t *testing.T, data string, strict bool) int {
	t.Helper()
	a, err := index.Open(data)
	if err != nil {
		t.Fatalf("open the archive: %v", err)
	}
	defer a.Close()
	st, err := a.Stats()
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := filepath.Glob(filepath.Join(data, "records", "*", "*.json"))
	indexed := 0
	for _, r := range recs {
		id := strings.TrimSuffix(filepath.Base(r), ".json")
		has, err := a.Has(id)
		if err != nil {
			t.Fatalf("record %s: %v", id, err)
		}
		if !has {
			if strict {
				t.Errorf("record %s is on disk, not in the index", id)
			}
			continue
		}
		indexed++
		if _, err := a.Record(id); err != nil {
			t.Errorf("record %s: %v", id, err)
		}
	}
	if int(st.Documents) != indexed {
		t.Errorf("%d notices in the index, %d of them with a record on disk", st.Documents, indexed)
	}
	if !strict {
		t.Logf("%d records in the index, %d more on disk only", indexed, len(recs)-indexed)
	}
	return indexed
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}
