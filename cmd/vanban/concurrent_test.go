package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"vanban/index"
)

// startServe starts a real "vanban serve" on a free port and returns its
// base URL and the command.
func startServe(t *testing.T, data string) (string, *exec.Cmd) {
	t.Helper()
	exe, _ := os.Executable()
	cmd := exec.Command(exe, "serve", "--data", data, "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), mainEnv+"=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(stderr)
	var base string
	for sc.Scan() {
		if i := strings.Index(sc.Text(), "http://"); i >= 0 {
			base = strings.Fields(sc.Text()[i:])[0]
			break
		}
	}
	if base == "" {
		t.Fatal("serve printed no address")
	}
	go io.Copy(io.Discard, stderr)
	return base, cmd
}

// searchTotal is the total the server's API answers for q; it fails the
// test on anything but 200.
func searchTotal(t *testing.T, base, q string) int {
	t.Helper()
	c := http.Client{Timeout: time.Minute}
	resp, err := c.Get(base + "api/search?q=" + url.QueryEscape(q))
	if err != nil {
		t.Fatalf("the server did not answer: %v", err)
	}
	defer resp.Body.Close()
	var res index.Result
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("search %q: %d %v", q, resp.StatusCode, err)
	}
	return int(res.Total)
}

// TestServeWhileIngesting runs vanban serve and vanban ingest on one
// archive at once: the ingest hands the server its notices, the server
// keeps answering and its searches see them as they are committed; a
// kill -9 of the ingest leaves the server answering, and a re-run (through
// the server again) completes the archive with every file once.
func TestServeWhileIngesting(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	if runtime.GOOS == "windows" {
		t.Skip("Windows cannot send SIGTERM to a process")
	}
	first := sampleFolder(t)
	os.Remove(filepath.Join(first, "m-corrupt.pdf"))
	data := filepath.Join(t.TempDir(), "archive")
	if code, _, stderr := runCmd(t, "", "ingest", "-q", "--data", data, first); code != exitOK {
		t.Fatalf("ingest: %d %s", code, stderr)
	}
	base, serve := startServe(t, data)
	before := searchTotal(t, base, "tiền giang")

	const n = 300
	src := noticeCopies(t, n)
	exe, _ := os.Executable()
	ingest := exec.Command(exe, "ingest", "--data", data, "-j", "1", "--commit", "25", "-q", src)
	ingest.Env = append(os.Environ(), mainEnv+"=1")
	var ingestErr bytes.Buffer
	ingest.Stderr = &ingestErr
	if err := ingest.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- ingest.Wait() }()
	// Every copy holds the words "tiền giang": the server answers
	// throughout and sees the committed copies grow;
	// the ingest is killed once the server shows 100 of them.
	const killAt = 100
	deadline := time.After(10 * time.Minute)
	seen, answers := 0, 0
	for seen < killAt {
		seen = searchTotal(t, base, "tiền giang") - before
		answers++
		select {
		case err := <-exited:
			t.Fatalf("the ingest ended (%v) with %d notices seen, before it could be killed at %d:\n%s", err, seen, killAt, ingestErr.String())
		case <-deadline:
			t.Fatalf("the server showed %d notices after 10 minutes, fewer than the %d to kill the ingest at:\n%s", seen, killAt, ingestErr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	ingest.Process.Signal(syscall.SIGKILL)
	<-exited
	if seen >= n {
		t.Fatalf("the ingest finished all %d files before it was killed", n)
	}
	after := searchTotal(t, base, "tiền giang") - before
	if after < seen || after >= n {
		t.Errorf("after the kill the server shows %d notices, want %d to %d", after, seen, n-1)
	}
	// The re-run goes through the server again and completes the archive.
	code, _, stderr := runCmd(t, "", "ingest", "--data", data, src)
	if code != exitOK || !strings.Contains(stderr, "handing it the notices") {
		t.Fatalf("re-run: exit %d\n%s", code, stderr)
	}
	if got := searchTotal(t, base, "tiền giang") - before; got != n {
		t.Errorf("after the re-run the server shows %d notices, want %d", got, n)
	}
	// search and stats run through the server while it holds the archive.
	code, out, stderr := runCmd(t, "", "stats", "--json", "--data", data)
	var st index.Stats
	if code != exitOK || json.Unmarshal([]byte(out), &st) != nil {
		t.Fatalf("stats: exit %d %s", code, stderr)
	}
	recs, _ := filepath.Glob(filepath.Join(data, "records", "*", "*.json"))
	if int(st.Documents) != len(recs) {
		t.Errorf("stats through the server: %d documents, %d records on disk", st.Documents, len(recs))
	}
	serve.Process.Signal(syscall.SIGTERM)
	if err := serve.Wait(); err != nil {
		t.Errorf("serve exited with %v after SIGTERM", err)
	}
	// Every file once, in the index and on disk.
	a, err := index.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if st, err := a.Stats(); err != nil || int(st.Documents) != len(recs) {
		t.Fatalf("%d documents in the index, %d records (%v)", st.Documents, len(recs), err)
	}
	for _, r := range recs {
		id := strings.TrimSuffix(filepath.Base(r), ".json")
		if has, err := a.Has(id); !has || err != nil {
			t.Fatalf("record %s is not in the index (%v)", id, err)
		}
	}
	if _, err := os.Stat(filepath.Join(data, endpointFile)); !os.IsNotExist(err) {
		t.Errorf("serve left %s behind (%v)", endpointFile, err)
	}
	t.Logf("%d answers while ingesting; killed with %d notices visible", answers, seen)
}

// TestSearchDuringIngest: while a plain vanban ingest writes the archive,
// search and stats go through its read endpoint instead of being refused.
func TestSearchDuringIngest(t *testing.T) {
	first := sampleFolder(t)
	os.Remove(filepath.Join(first, "m-corrupt.pdf"))
	data := filepath.Join(t.TempDir(), "archive")
	if code, _, stderr := runCmd(t, "", "ingest", "-q", "--data", data, first); code != exitOK {
		t.Fatalf("ingest: %d %s", code, stderr)
	}
	sink, closeSink, err := openSink(data, false, true, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := sink.(*index.Archive); !ok {
		t.Fatalf("the ingest's sink is %T, want the archive", sink)
	}
	ep, err := readEndpoint(data)
	if err != nil || ep.Role != roleIngest {
		t.Fatalf("endpoint %+v (%v)", ep, err)
	}
	if fi, err := os.Stat(filepath.Join(data, endpointFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("endpoint file mode %v (%v), want 0600", fi.Mode(), err)
	}
	for _, args := range [][]string{{"search", "tiền giang"}, {"stats"}, {"show", "250-TB/TU"}} {
		code, out, stderr := runCmd(t, "", append(args, "--data", data)...)
		if code != exitOK || out == "" {
			t.Errorf("%s during an ingest: exit %d\n%s", args[0], code, stderr)
		}
	}
	// A second writer is refused: the read endpoint takes no notices.
	if _, _, err := openSink(data, false, true, io.Discard); err == nil {
		t.Error("a second ingest was let in beside the first")
	}
	if err := closeSink(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(data, endpointFile)); !os.IsNotExist(err) {
		t.Errorf("the ingest left %s behind (%v)", endpointFile, err)
	}
	if code, _, stderr := runCmd(t, "", "stats", "--data", data); code != exitOK {
		t.Errorf("stats after the ingest: %d %s", code, stderr)
	}
}

// TestKnownFailuresThroughServe: an ingest that hands its notices to vanban
// serve remembers the files it failed on as a plain one does, so a re-run
// through the server skips them and exits 0, and its report is written.
func TestKnownFailuresThroughServe(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	if runtime.GOOS == "windows" {
		t.Skip("Windows cannot send SIGTERM to a process")
	}
	src := t.TempDir()
	good, err := os.ReadFile("../../testdata/corpus/tien-giang-250-tb-tu.txt")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(src, "tb.txt"), good, 0o644)
	os.WriteFile(filepath.Join(src, "hong.docx"), []byte("PK\x03\x04broken"), 0o644)
	data := filepath.Join(t.TempDir(), "archive")
	if code, _, stderr := runCmd(t, "", "ingest", "-q", "--data", data, t.TempDir()); code != exitOK {
		t.Fatalf("ingest of an empty folder: %d %s", code, stderr)
	}
	_, serve := startServe(t, data)

	code, _, stderr := runCmd(t, "", "ingest", "--data", data, src)
	if code != exitFailed || !strings.Contains(stderr, "handing it the notices") || !strings.Contains(stderr, "hong.docx") {
		t.Fatalf("first ingest through the server: exit %d\n%s", code, stderr)
	}
	code, _, stderr = runCmd(t, "", "ingest", "--data", data, src)
	if code != exitOK || !strings.Contains(stderr, "1 known failures skipped") {
		t.Fatalf("re-run through the server: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(data, "reports", "last-ingest.json")); err != nil {
		t.Errorf("no report after an ingest through the server: %v", err)
	}
	serve.Process.Signal(syscall.SIGTERM)
	serve.Wait()
}
