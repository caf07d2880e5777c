package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vanban/index"
)

// sampleFolder copies the corpus notices (text, PDF, DOCX) and a corrupt
// file into a temporary folder.
func sampleFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	eachSample(t, func(name string, data []byte) {
		os.WriteFile(filepath.Join(dir, name), data, 0o644)
	})
	os.WriteFile(filepath.Join(dir, "m-corrupt.pdf"), []byte("%PDF-1.4\ngarbage"), 0o644)
	return dir
}

// eachSample calls fn with the name and bytes of every document of
// testdata/corpus (its gold labels and notes left out).
func eachSample(t *testing.T, fn func(name string, data []byte)) {
	t.Helper()
	files, _ := filepath.Glob("../../testdata/corpus/*")
	for _, f := range files {
		if strings.HasSuffix(f, ".json") || strings.HasSuffix(f, ".md") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fn(filepath.Base(f), data)
	}
}

// noticeCopies writes n distinct copies of one sample notice into a new
// folder (tb-0000.txt …, each with its own closing line, so its own id)
// and returns the folder.
func noticeCopies(t *testing.T, n int) string {
	t.Helper()
	src := t.TempDir()
	base, err := os.ReadFile("../../testdata/corpus/tien-giang-250-tb-tu.txt")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		data := append(append([]byte{}, base...), fmt.Sprintf("\nBản lưu số %d\n", i)...)
		os.WriteFile(filepath.Join(src, fmt.Sprintf("tb-%04d.txt", i)), data, 0o644)
	}
	return src
}

func TestIngestSearchShowStats(t *testing.T) {
	src := sampleFolder(t)
	data := filepath.Join(t.TempDir(), "archive")
	code, _, stderr := runCmd(t, "", "ingest", "--data", data, "-q", src)
	if code != exitFailed || !strings.Contains(stderr, "m-corrupt.pdf") || !strings.Contains(stderr, "13 ingested, 0 skipped, 1 failed") {
		t.Fatalf("ingest: exit %d\n%s", code, stderr)
	}
	code, out, stderr := runCmd(t, "", "search", "--data", data, "nong", "thon", "moi", "--type", "TB")
	if code != exitOK || !strings.Contains(out, "250-TB/TU") || !strings.Contains(out, "«nông thôn mới»") {
		t.Errorf("search: exit %d\n%s%s", code, out, stderr)
	}
	code, out, _ = runCmd(t, "", "search", "--data", data, "--json", "--from", "2024-01-01", "--to", "2024-12-31", "tiền giang")
	var res index.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != exitOK || res.Total != 1 || res.Facets["type"][0].Value != "TB" {
		t.Errorf("search --json: exit %d %v %+v", code, err, res)
	}
	// Neighbouring words are a phrase; when it finds few, the search says
	// how many more hold the words apart and how to ask for them.
	code, out, _ = runCmd(t, "", "search", "--data", data, "Tiền", "Giang", "nông", "thôn")
	if code != exitOK || !strings.Contains(out, "0 notices found") || !strings.Contains(out, "1 more notice holds these words apart: vanban search --apart 'Tiền Giang nông thôn'") {
		t.Errorf("search of a phrase nowhere: exit %d\n%s", code, out)
	}
	code, out, _ = runCmd(t, "", "search", "--data", data, "--apart", "Tiền", "Giang", "nông", "thôn")
	if code != exitOK || !strings.Contains(out, "1 notices found") || !strings.Contains(out, "250-TB/TU") {
		t.Errorf("search --apart: exit %d\n%s", code, out)
	}
	// A number in another written form finds its notice first.
	code, out, _ = runCmd(t, "", "search", "--data", data, "Số 250 – TB/TU")
	if code != exitOK || !strings.Contains(out, "1. 250-TB/TU") {
		t.Errorf("search of a number: exit %d\n%s", code, out)
	}
	code, out, stderr = runCmd(t, "", "show", "--data", data, "250-TB/TU")
	if code != exitOK || !strings.Contains(out, `"raw":"250-TB/TU"`) || !strings.Contains(stderr, "250-TB/TU cites") || !strings.Contains(stderr, "is cited by 0") {
		t.Errorf("show: exit %d %s %s", code, out, stderr)
	}
	code, out, _ = runCmd(t, "", "show", "--data", data, "--citations", "Số 250 - TB/TU")
	var cit index.Citations
	if err := json.Unmarshal([]byte(out), &cit); code != exitOK || err != nil || cit.CitedBy == nil || cit.References == nil {
		t.Errorf("show --citations: exit %d %v %s", code, err, out)
	}
	code, out, _ = runCmd(t, "", "stats", "--data", data, "--json")
	var st struct{ Documents int }
	if err := json.Unmarshal([]byte(out), &st); err != nil || code != exitOK || st.Documents != 13 {
		t.Errorf("stats: exit %d %v %s", code, err, out)
	}
	if code, _, stderr := runCmd(t, "", "show", "--data", data, "999-XX/YY"); code != exitFailed || !strings.Contains(stderr, "no such notice") {
		t.Errorf("show unknown: %d %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "", "search", "--data", filepath.Join(t.TempDir(), "none"), "x"); code != exitFailed || !strings.Contains(stderr, "vanban ingest") {
		t.Errorf("search without archive: %d %s", code, stderr)
	}
	if code, _, _ := runCmd(t, "", "search", "--data", data, "--from", "2024-99-01", "x"); code != exitUsage {
		t.Errorf("bad date: exit %d", code)
	}
	// Dates as Vietnamese readers write them give the same result as ISO.
	code, out, _ = runCmd(t, "", "search", "--data", data, "--json", "--from", "01/01/2024", "--to", "31/12/2024", "tiền giang")
	var vn index.Result
	if err := json.Unmarshal([]byte(out), &vn); err != nil || code != exitOK || vn.Total != res.Total {
		t.Errorf("search --from 01/01/2024: exit %d %v, %d hits, want %d", code, err, vn.Total, res.Total)
	}
	for _, bad := range [][]string{{"--from", "32/10/2024"}, {"--limit", "0"}, {"--page", "0"}, {"--limit", "101"}} {
		if code, _, _ := runCmd(t, "", append([]string{"search", "--data", data}, append(bad, "x")...)...); code != exitUsage {
			t.Errorf("search %v: exit %d, want a usage error", bad, code)
		}
	}
	// reindex rebuilds the index from the records; the same search finds
	// the same notice.
	if code, _, stderr := runCmd(t, "", "reindex", "--data", data, "-q"); code != exitOK || !strings.Contains(stderr, "13 records indexed") {
		t.Errorf("reindex: exit %d %s", code, stderr)
	}
	if code, out, _ := runCmd(t, "", "search", "--data", data, "nong", "thon", "moi", "--type", "TB"); code != exitOK || !strings.Contains(out, "250-TB/TU") {
		t.Errorf("search after reindex: exit %d\n%s", code, out)
	}
	if code, _, _ := runCmd(t, "", "reindex", "--data", data, "extra"); code != exitUsage {
		t.Errorf("reindex with an argument: exit %d", code)
	}
	// The report is in the archive.
	rep, err := os.ReadFile(filepath.Join(data, "reports", "last-ingest.json"))
	if err != nil || !strings.Contains(string(rep), `"failed": 1`) {
		t.Errorf("report: %v %s", err, rep)
	}
}

// TestIngestResumesAfterKill starts a real vanban ingest, kills it with
// SIGKILL midway, runs it again and checks that every file is in the
// archive exactly once.
func TestIngestResumesAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const n = 400
	src := noticeCopies(t, n)
	data := filepath.Join(t.TempDir(), "archive")
	exe, _ := os.Executable()
	cmd := exec.Command(exe, "ingest", "--data", data, "-j", "1", "--commit", "25", "-q", src)
	cmd.Env = append(os.Environ(), mainEnv+"=1")
	var childErr bytes.Buffer
	cmd.Stderr = &childErr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// Wait on progress, not on time: the child is killed once it has
	// written 150 records, however long that takes on a busy machine (the
	// deadline is only there so that a stuck child fails the test).
	const killAt = 100
	deadline := time.After(10 * time.Minute)
	seen := 0
wait:
	for {
		recs, _ := filepath.Glob(filepath.Join(data, "records", "*", "*.json"))
		seen = len(recs)
		if seen >= killAt {
			cmd.Process.Kill()
			<-exited
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("the ingest ended (%v) after writing %d records, before it could be killed at %d:\n%s", err, seen, killAt, childErr.String())
		case <-deadline:
			cmd.Process.Kill()
			<-exited
			t.Fatalf("the ingest had written %d records after 10 minutes, fewer than the %d to kill it at:\n%s", seen, killAt, childErr.String())
		case <-time.After(2 * time.Millisecond):
			continue wait
		}
	}
	if _, err := os.Stat(filepath.Join(data, "reports", "last-ingest.json")); err == nil {
		t.Fatalf("the ingest finished all %d files before it was killed (%d records seen)", n, seen)
	}
	code, _, stderr := runCmd(t, "", "ingest", "--data", data, src)
	if code != exitOK {
		t.Fatalf("re-run: exit %d\n%s", code, stderr)
	}
	var ingested, skipped int
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, " ingested, ") && !strings.Contains(l, "files/s") {
			fmt.Sscanf(strings.TrimPrefix(l, "vanban: "), "%d ingested, %d skipped", &ingested, &skipped)
		}
	}
	if ingested+skipped != n || skipped == 0 || ingested == 0 {
		t.Errorf("re-run: %d ingested + %d skipped, want %d, some skipped and some ingested\n%s", ingested, skipped, n, stderr)
	}
	a, err := index.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	st, err := a.Stats()
	if err != nil || st.Documents != n {
		t.Fatalf("%d documents in the index, want %d (%v)", st.Documents, n, err)
	}
	recs, _ := filepath.Glob(filepath.Join(data, "records", "*", "*.json"))
	if len(recs) != n {
		t.Errorf("%d records on disk, want %d", len(recs), n)
	}
	for _, r := range recs {
		id := strings.TrimSuffix(filepath.Base(r), ".json")
		if has, err := a.Has(id); !has || err != nil {
			t.Fatalf("record %s is not in the index (%v)", id, err)
		}
	}
	t.Logf("killed after %d records; the re-run ingested %d and skipped %d", n-ingested, ingested, skipped)
}

// TestIngestMixedFolder ingests a folder as archivists keep them: Word 97,
// RTF, saved web pages, DOCX, PDF and text documents among images,
// spreadsheets, data and code. Every document is read, and every other file
// is named by kind in the summary and the report.
func TestIngestMixedFolder(t *testing.T) {
	src := sampleFolder(t)
	os.Remove(filepath.Join(src, "m-corrupt.pdf"))
	legacy, _ := filepath.Glob("../../testdata/legacy/*")
	for _, f := range legacy {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(src, filepath.Base(f)), data, 0o644)
	}
	var xlsx bytes.Buffer
	z := zip.NewWriter(&xlsx)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		w, _ := z.Create(name)
		w.Write([]byte("<x/>"))
	}
	z.Close()
	others := map[string][]byte{
		"anh/scan-0001.gif":      []byte("GIF89a\x01\x00\x01\x00"), // PNG, JPEG and TIFF are read by OCR
		"bang-tong-hop.xlsx":     xlsx.Bytes(),
		"du-lieu.json":           []byte(`{"so": "250-TB/TU"}`),
		"logo.svg":               []byte(`<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>`),
		"tools/requirements.txt": []byte("flask==2.0.1\nrequests>=2.25\n"),
		"tools/convert.py":       []byte("import sys\n\ndef main():\n    print(sys.argv)\n\nmain()\n"),
	}
	for name, data := range others {
		p := filepath.Join(src, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, data, 0o644)
	}
	data := filepath.Join(t.TempDir(), "archive")
	code, _, stderr := runCmd(t, "", "ingest", "--data", data, src)
	if code != exitOK || !strings.Contains(stderr, "18 ingested, 0 skipped, 0 failed, 6 not documents") {
		t.Fatalf("ingest: exit %d\n%s", code, stderr)
	}
	kinds := map[string]string{
		"scan-0001.gif": "an image: GIF", "bang-tong-hop.xlsx": "an Excel workbook", "du-lieu.json": "JSON data",
		"logo.svg": "an SVG image", "requirements.txt": "a list of software requirements", "convert.py": "source code",
	}
	for name, kind := range kinds {
		if !strings.Contains(stderr, name+": "+kind) {
			t.Errorf("the summary does not name %s as %q:\n%s", name, kind, stderr)
		}
	}
	raw, err := os.ReadFile(filepath.Join(data, "reports", "last-ingest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Refused       int            `json:"refused"`
		RefusedByKind map[string]int `json:"refused_by_kind"`
		Files         []struct{ Path, Status, Kind, Reason string }
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Refused != 6 || rep.RefusedByKind["an Excel workbook"] != 1 || len(rep.Files) != 24 {
		t.Errorf("report: %d refused, by kind %v, %d files", rep.Refused, rep.RefusedByKind, len(rep.Files))
	}
	for _, f := range rep.Files {
		if want, ok := kinds[filepath.Base(f.Path)]; ok && (f.Status != "refused" || f.Kind != want) {
			t.Errorf("report entry %+v, want refused as %q", f, want)
		}
	}
	code, out, _ := runCmd(t, "", "stats", "--data", data, "--json")
	var st struct {
		ByFormat []struct {
			Value string
			Count int
		} `json:"by_format"`
	}
	json.Unmarshal([]byte(out), &st)
	formats := map[string]int{}
	for _, f := range st.ByFormat {
		formats[f.Value] = f.Count
	}
	if code != exitOK || formats["doc"] != 2 || formats["rtf"] != 2 || formats["html"] != 1 {
		t.Errorf("stats by format %v, want 2 doc, 2 rtf, 1 html", formats)
	}
}
