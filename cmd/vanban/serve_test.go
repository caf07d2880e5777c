package main

import (
	"bufio"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
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

// citing is a notice that cites the sample notice 250-TB/TU, so that the
// notice page can link the citation; its title carries markup that must
// come out escaped.
const citing = `TỈNH ỦY TIỀN GIANG
ĐẢNG CỘNG SẢN VIỆT NAM
Số 251-TB/TU
Tiền Giang, ngày 15 tháng 10 năm 2024

THÔNG BÁO
về <b>việc</b> thực hiện Thông báo 250-TB/TU
-----
Thực hiện Thông báo số 250-TB/TU ngày 09/10/2024 của Ban Thường vụ Tỉnh ủy, các cấp ủy triển khai xây dựng nông thôn mới.
1. Các huyện ủy báo cáo kết quả trước ngày 30/10/2024.
2. Văn phòng Tỉnh ủy tổng hợp <script>alert(1)</script>.
Nơi nhận:
T/L BAN THƯỜNG VỤ
- Các huyện ủy,
CHÁNH VĂN PHÒNG
- Lưu.
Phạm Thị Mai Tiên
`

// testServer ingests the sample notices and the citing notice into a
// temporary archive and serves it.
func testServer(t *testing.T) (*httptest.Server, *index.Archive, string) {
	t.Helper()
	src := sampleFolder(t)
	os.Remove(filepath.Join(src, "m-corrupt.pdf"))
	if err := os.WriteFile(filepath.Join(src, "tb-251.txt"), []byte(citing), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(t.TempDir(), "archive")
	if code, _, stderr := runCmd(t, "", "ingest", "-q", "--data", data, src); code != exitOK {
		t.Fatalf("ingest: %d %s", code, stderr)
	}
	arch, err := index.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { arch.Close() })
	h, err := newServer(arch, log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts, arch, src
}

func get(t *testing.T, ts *httptest.Server, path string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func idOf(t *testing.T, arch *index.Archive, number string) string {
	t.Helper()
	ids, err := arch.Lookup(number)
	if err != nil || len(ids) != 1 {
		t.Fatalf("lookup %s: %v %v", number, ids, err)
	}
	return ids[0]
}

func TestServePages(t *testing.T) {
	ts, arch, src := testServer(t)
	tb250 := idOf(t, arch, "250-TB/TU")
	tb251 := idOf(t, arch, "251-TB/TU")
	tests := []struct {
		name, path string
		code       int
		want, not  []string
	}{
		{"home lists everything", "/", 200, []string{"14 văn bản", `href="/notices/` + tb250 + `"`, "Loại văn bản"}, nil},
		{"folded query, highlighted", "/?q=nong+thon+moi", 200, []string{"<mark>nông thôn mới</mark>", "250-TB/TU"}, nil},
		{"facet filter", "/?q=nong+thon+moi&type=TB", 200, []string{"2 văn bản", "Loại văn bản: TB ✕"}, []string{"87/KH-UBND"}},
		{"year facet", "/?from=2024-01-01&to=2024-12-31", 200, []string{"2 văn bản", `class="active"`}, nil},
		{"query markup escaped", "/?q=%3Cscript%3Ealert(1)%3C/script%3E", 200, []string{"&lt;script&gt;"}, []string{"<script>alert"}},
		{"notice page", "/notices/" + tb250, 200, []string{"kết luận, chỉ đạo của đồng chí Bí thư", `class="directives"`, "Phải kiểm tra, rà soát", `class="stats"`, "Phạm Thị Mai Tiên", "/notices/" + tb250 + "/source", "Các UVBCH Đảng bộ tỉnh"}, nil},
		{"citation linked", "/notices/" + tb251, 200, []string{`<a href="/notices/` + tb250 + `">`, "về &lt;b&gt;việc&lt;/b&gt;", "&lt;script&gt;"}, []string{"<b>việc</b>", "<script>alert"}},
		{"unknown id", "/notices/" + strings.Repeat("0", 64), 404, []string{"no notice with this id"}, nil},
		{"malformed id", "/notices/..%2F..%2Fetc%2Fpasswd", 404, nil, []string{"root:"}},
		{"huge page", "/?q=x&page=99999", 400, []string{"page must be a number from 1 to 1000"}, nil},
		{"huge limit", "/?q=x&limit=5000", 400, []string{"limit must be"}, nil},
		{"bad date", "/?q=x&from=2024-13-45", 400, []string{"not a date"}, nil},
		{"reversed dates", "/?from=2024-12-31&to=2024-01-01", 400, []string{"ends before it starts"}, nil},
		{"long query", "/?q=" + strings.Repeat("a", index.MaxQueryLen+1), 400, []string{"longer than"}, nil},
		{"no such page", "/admin", 404, []string{"no such page"}, nil},
		{"static", "/static/style.css", 200, []string{"@font-face"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, ts, tt.path)
			if resp.StatusCode != tt.code {
				t.Fatalf("status %d, want %d\n%.600s", resp.StatusCode, tt.code, body)
			}
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("CSP %q", csp)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(body, w) {
					t.Errorf("page holds %q", w)
				}
			}
			if strings.Contains(body, "goroutine ") || strings.Contains(body, ".go:") {
				t.Error("a stack trace leaked")
			}
		})
	}
	// The source download serves the very file ingested.
	resp, body := get(t, ts, "/notices/"+tb251+"/source")
	if resp.StatusCode != 200 || body != citing || !strings.Contains(resp.Header.Get("Content-Disposition"), `filename="tb-251.txt"`) {
		t.Errorf("source: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Disposition"), body[:min(len(body), 80)])
	}
	// A changed original is not served in its place.
	os.WriteFile(filepath.Join(src, "tb-251.txt"), []byte("changed"), 0o644)
	if resp, _ := get(t, ts, "/api/notices/"+tb251+"/source"); resp.StatusCode != http.StatusGone {
		t.Errorf("changed source: %d", resp.StatusCode)
	}
}

func TestServeAPI(t *testing.T) {
	ts, arch, _ := testServer(t)
	resp, body := get(t, ts, "/api/search?q=tien+giang&type=TB&limit=5")
	var res index.Result
	if err := json.Unmarshal([]byte(body), &res); err != nil || resp.StatusCode != 200 {
		t.Fatalf("search: %d %v %s", resp.StatusCode, err, body)
	}
	if res.Total != 2 || res.Limit != 5 || len(res.Hits) != 2 || res.Facets["type"][0].Value != "TB" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Errorf("search result %+v", res)
	}
	if len(res.Hits[0].Fragments) == 0 {
		t.Error("no fragments")
	}
	id := idOf(t, arch, "250-TB/TU")
	resp, body = get(t, ts, "/api/notices/"+id)
	var rec struct {
		ID     string
		Number struct{ Raw string }
	}
	if err := json.Unmarshal([]byte(body), &rec); err != nil || rec.ID != id || rec.Number.Raw != "250-TB/TU" {
		t.Errorf("notice: %d %v %+v", resp.StatusCode, err, rec)
	}
	for path, code := range map[string]int{
		"/api/notices/nope":                   404,
		"/api/search?q=x&limit=0":             400,
		"/api/search?q=x&page=abc":            400,
		"/api/search?from=yesterday":          400,
		"/api/search?q=x&sort=random":         400,
		"/api/notices/" + id + "/source/../x": 404,
	} {
		resp, body := get(t, ts, path)
		var e struct{ Error string }
		if resp.StatusCode != code || json.Unmarshal([]byte(body), &e) != nil || e.Error == "" {
			t.Errorf("%s: %d %s, want %d with a JSON error", path, resp.StatusCode, body, code)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/search?q=x", strings.NewReader("{}"))
	presp, err := http.DefaultClient.Do(req)
	if err != nil || presp.StatusCode != http.StatusMethodNotAllowed || presp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %v %v", presp.StatusCode, err)
	}
}

func TestServeLimits(t *testing.T) {
	s := newHTTPServer(http.NotFoundHandler())
	if s.ReadHeaderTimeout == 0 || s.ReadTimeout == 0 || s.WriteTimeout == 0 || s.IdleTimeout == 0 || s.MaxHeaderBytes == 0 {
		t.Errorf("server without limits: %+v", s)
	}
	code, _, stderr := runCmd(t, "", "serve", "--data", filepath.Join(t.TempDir(), "none"))
	if code != exitFailed || !strings.Contains(stderr, "vanban ingest") {
		t.Errorf("serve without an archive: %d %s", code, stderr)
	}
}

// TestServeProcess starts a real "vanban serve" on a free port, fetches the
// search page, sends SIGTERM and expects a clean exit.
func TestServeProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	if runtime.GOOS == "windows" {
		t.Skip("Windows cannot send SIGTERM to a process")
	}
	src := sampleFolder(t)
	os.Remove(filepath.Join(src, "m-corrupt.pdf"))
	data := filepath.Join(t.TempDir(), "archive")
	if code, _, stderr := runCmd(t, "", "ingest", "-q", "--data", data, src); code != exitOK {
		t.Fatalf("ingest: %d %s", code, stderr)
	}
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
	defer cmd.Process.Kill()
	// "vanban: serving DIR on http://127.0.0.1:PORT/ (Ctrl-C to stop)"
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
	resp, err := http.Get(base + "?q=tien+giang")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "250-TB/TU") {
		t.Errorf("search page: %d", resp.StatusCode)
	}
	go io.Copy(io.Discard, stderr)
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve exited with %v after SIGTERM", err)
		}
	case <-time.After(2 * time.Minute):
		t.Error("serve was still running 2 minutes after SIGTERM")
	}
}
