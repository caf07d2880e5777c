package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRmReviewKnownFailures: a re-run skips the failures it remembers and
// exits 0; search --review lists what needs a person; rm takes a record
// out of the index and the records, by path, id or number, and logs it.
func TestRmReviewKnownFailures(t *testing.T) {
	src := t.TempDir()
	good, err := os.ReadFile("../../testdata/corpus/tien-giang-250-tb-tu.txt")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(src, "tb.txt"), good, 0o644)
	os.WriteFile(filepath.Join(src, "ghi-chu.txt"), []byte("Biên bản họp chi bộ\nNội dung: bàn về kế hoạch năm tới của chi bộ thôn.\n"), 0o644)
	os.WriteFile(filepath.Join(src, "hong.docx"), []byte("PK\x03\x04broken"), 0o644)
	data := filepath.Join(t.TempDir(), "archive")

	code, _, stderr := runCmd(t, "", "ingest", "--data", data, src)
	if code != exitFailed || !strings.Contains(stderr, "hong.docx") {
		t.Fatalf("first ingest: exit %d\n%s", code, stderr)
	}
	code, _, stderr = runCmd(t, "", "ingest", "--data", data, src)
	if code != exitOK || !strings.Contains(stderr, "1 known failures skipped") {
		t.Fatalf("re-run: exit %d\n%s", code, stderr)
	}
	code, _, stderr = runCmd(t, "", "ingest", "--data", data, "--retry-failed", src)
	if code != exitFailed || !strings.Contains(stderr, "0 ingested, 2 skipped, 1 failed") {
		t.Fatalf("--retry-failed: exit %d\n%s", code, stderr)
	}

	code, out, _ := runCmd(t, "", "search", "--data", data, "--review")
	if code != exitOK || !strings.Contains(out, "1 of 2 notices need review") || !strings.Contains(out, "ghi-chu.txt") || strings.Contains(out, "tb.txt") {
		t.Fatalf("search --review: exit %d\n%s", code, out)
	}
	code, out, _ = runCmd(t, "", "stats", "--data", data, "--review")
	if code != exitOK || !strings.Contains(out, "1 need review") || !strings.Contains(out, "no number") {
		t.Fatalf("stats --review: exit %d\n%s", code, out)
	}

	code, out, stderr = runCmd(t, "", "rm", "--data", data, filepath.Join(src, "ghi-chu.txt"), "250-TB/TU")
	if code != exitOK || strings.Count(out, "removed ") != 2 {
		t.Fatalf("rm: exit %d\n%s%s", code, out, stderr)
	}
	code, out, _ = runCmd(t, "", "stats", "--data", data)
	if code != exitOK || !strings.Contains(out, ": 0 documents") {
		t.Fatalf("stats after rm: exit %d\n%s", code, out)
	}
	log, err := os.ReadFile(filepath.Join(data, "removals.jsonl"))
	if err != nil || strings.Count(string(log), "\n") != 2 || !strings.Contains(string(log), `"key":"250-TB/TU"`) {
		t.Fatalf("removals log %q, %v", log, err)
	}
	if recs, _ := filepath.Glob(filepath.Join(data, "records", "*", "*.json")); len(recs) != 0 {
		t.Errorf("records left: %v", recs)
	}
	if code, _, _ = runCmd(t, "", "rm", "--data", data, "250-TB/TU"); code != exitFailed {
		t.Errorf("rm of a record gone: exit %d, want 1", code)
	}
	// Ingested again, the removed files are back.
	if code, _, stderr = runCmd(t, "", "ingest", "--data", data, src); code != exitOK || !strings.Contains(stderr, "2 ingested") {
		t.Errorf("ingest after rm: exit %d\n%s", code, stderr)
	}
}
