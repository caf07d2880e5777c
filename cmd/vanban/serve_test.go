package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
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

// researcherNotices are invented notices for the researcher's page: two
// bodies printing the same name under different parents (the issuer facet
// shows each with its parent), one whose date is left blank (the
// "không rõ ngày" bucket) and one without a trích yếu (its hit needs a
// label).
var researcherNotices = map[string]string{
	"btc-hn.txt": `THÀNH ỦY HÀ NỘI
BAN TỔ CHỨC
*
Số 12-HD/BTCTU
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Nội, ngày 02 tháng 01 năm 2025

HƯỚNG DẪN
về việc kết nạp đảng viên trong khu vực nông thôn mới
-----
Căn cứ Điều lệ Đảng, Ban Tổ chức Thành ủy hướng dẫn như sau:
1. Các chi bộ rà soát quần chúng ưu tú.
2. Báo cáo kết quả trước ngày 30/6/2025.
Nơi nhận:
K/T TRƯỞNG BAN
- Các huyện ủy,
PHÓ TRƯỞNG BAN
- Lưu.
Nguyễn Văn An
`,
	"btc-tg.txt": `TỈNH ỦY TIỀN GIANG
BAN TỔ CHỨC
*
Số 45-HD/BTCTU
ĐẢNG CỘNG SẢN VIỆT NAM
Tiền Giang, ngày ... tháng ... năm 2025

HƯỚNG DẪN
về công tác phát triển đảng viên ở nông thôn mới
-----
Ban Tổ chức Tỉnh ủy hướng dẫn các cấp ủy thực hiện như sau:
1. Rà soát nguồn phát triển đảng viên.
2. Tổng hợp, báo cáo Ban Thường vụ Tỉnh ủy.
Nơi nhận:
K/T TRƯỞNG BAN
- Các huyện ủy,
PHÓ TRƯỞNG BAN
- Lưu.
Trần Thị Bình
`,
	"untitled.txt": `HUYỆN ỦY CHÂU THÀNH
*
Số 07-TB/HU
ĐẢNG CỘNG SẢN VIỆT NAM
Châu Thành, ngày 05 tháng 3 năm 2025

THÔNG BÁO
-----
1. Các chi bộ họp định kỳ về xây dựng nông thôn mới.
2. Văn phòng Huyện ủy theo dõi.
Nơi nhận:
T/L BAN THƯỜNG VỤ
- Các chi bộ,
CHÁNH VĂN PHÒNG
- Lưu.
Lê Văn Cường
`,
}

// testServer ingests the sample notices, the citing notice and the
// researcher's notices into a temporary archive and serves it.
func testServer(t *testing.T) (*httptest.Server, *index.Archive, string) {
	t.Helper()
	src := sampleFolder(t)
	os.Remove(filepath.Join(src, "m-corrupt.pdf"))
	if err := os.WriteFile(filepath.Join(src, "tb-251.txt"), []byte(citing), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, text := range researcherNotices {
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
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
	<-h.(*server).issuers.ready // the issuer facet splits names by parent once the records are read
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
		{"home lists everything", "/", 200, []string{"17 văn bản", `href="/notices/` + tb250 + `"`, "Loại văn bản"}, nil},
		{"folded query, highlighted", "/?q=nong+thon+moi", 200, []string{"<mark>nông thôn mới</mark>", "250-TB/TU"}, nil},
		{"a phrase found nowhere offers the words apart", "/?q=Ti%E1%BB%81n+Giang+n%C3%B4ng+th%C3%B4n", 200, []string{"0 văn bản", "văn bản có các từ này đứng rời nhau", "apart=1"}, nil},
		{"the words apart", "/?q=Ti%E1%BB%81n+Giang+n%C3%B4ng+th%C3%B4n&apart=1", 200, []string{"250-TB/TU", "chỉ tìm cả cụm"}, nil},
		{"facet filter", "/?q=nong+thon+moi&type=TB", 200, []string{"3 văn bản", "Loại văn bản: Thông báo (TB) <span"}, []string{"87/KH-UBND"}},
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
	// Nor a FIFO put in its place, which would hold the request forever.
	os.Remove(filepath.Join(src, "tb-251.txt"))
	if mkfifo(filepath.Join(src, "tb-251.txt")) == nil { // not on Windows
		if resp, _ := get(t, ts, "/api/notices/"+tb251+"/source"); resp.StatusCode != http.StatusGone {
			t.Errorf("FIFO in place of the source: %d", resp.StatusCode)
		}
	}
	// The static folder lists nothing.
	for _, path := range []string{"/static/", "/static"} {
		if resp, body := get(t, ts, path); resp.StatusCode != http.StatusNotFound || strings.Contains(body, "style.css") {
			t.Errorf("%s: %d %.80q", path, resp.StatusCode, body)
		}
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
	// 250-TB/TU is cited by 251-TB/TU.
	resp, body = get(t, ts, "/api/notices/"+id+"/citations")
	var cit index.Citations
	if err := json.Unmarshal([]byte(body), &cit); err != nil || resp.StatusCode != 200 || len(cit.CitedBy) != 1 || cit.CitedBy[0].Number != "251-TB/TU" {
		t.Errorf("citations: %d %v %s", resp.StatusCode, err, body)
	}
	resp, body = get(t, ts, "/api/notices/"+cit.CitedBy[0].ID+"/citations")
	if err := json.Unmarshal([]byte(body), &cit); err != nil || len(cit.References) == 0 || !strings.Contains(body, id) {
		t.Errorf("citations of the citing notice: %d %v %s", resp.StatusCode, err, body)
	}
	for path, code := range map[string]int{
		"/api/notices/nope":                   404,
		"/api/notices/nope/citations":         404,
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

// apiTotal is the total of a search through the API.
func apiTotal(t *testing.T, ts *httptest.Server, query string) int {
	t.Helper()
	_, body := get(t, ts, "/api/search?"+query)
	var res index.Result
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatalf("api search %s: %v %s", query, err, body)
	}
	return int(res.Total)
}

// inOrder reports whether each of parts occurs in s after the one before.
func inOrder(s string, parts ...string) bool {
	at := 0
	for _, p := range parts {
		i := strings.Index(s[at:], p)
		if i < 0 {
			return false
		}
		at += i + len(p)
	}
	return true
}

// TestServeResearcher checks what the issue of the researcher's page asks
// of the handlers: names beside codes, facets in order, Vietnamese dates
// in and out, paging, export, the notice in reading order, the original
// inline, the search's help.
func TestServeResearcher(t *testing.T) {
	ts, arch, _ := testServer(t)
	tb250, tb251 := idOf(t, arch, "250-TB/TU"), idOf(t, arch, "251-TB/TU")
	total := apiTotal(t, ts, "")
	// Undated records, counted from the records themselves.
	_, body := get(t, ts, "/api/search?limit=100")
	var all index.Result
	json.Unmarshal([]byte(body), &all)
	undated := 0
	for _, h := range all.Hits {
		if h.Date == "" {
			undated++
		}
	}
	if undated == 0 || len(all.Hits) != total {
		t.Fatalf("fixtures: %d undated of %d hits, total %d", undated, len(all.Hits), total)
	}

	_, home := get(t, ts, "/")
	facet := func(page, name string) string {
		i := strings.Index(page, `data-facet="`+name+`"`)
		if i < 0 {
			return ""
		}
		j := strings.Index(page[i:], "</section>")
		return page[i : i+j]
	}
	if f := facet(home, "type"); !strings.Contains(f, ">Thông báo (TB)</a>") || !strings.Contains(f, ">Hướng dẫn (HD)</a>") {
		t.Errorf("type facet without names:\n%s", f)
	}
	years := facet(home, "year")
	found := regexp.MustCompile(`>(\d{4})</a>`).FindAllStringSubmatch(years, -1)
	if len(found) < 3 || !slices.IsSortedFunc(found, func(a, b []string) int { return strings.Compare(b[1], a[1]) }) || !strings.Contains(years, fmt.Sprintf(`>Không rõ ngày</a> <span class="n">%d</span>`, undated)) {
		t.Errorf("year facet not newest first, or without the %d undated:\n%s", undated, years)
	}
	kinds := facet(home, "kind")
	party, state := apiTotal(t, ts, "kind=party"), apiTotal(t, ts, "kind=state")
	if !strings.Contains(kinds, fmt.Sprintf(`>Đảng</a> <span class="n">%d</span>`, party)) || !strings.Contains(kinds, fmt.Sprintf(`>Nhà nước</a> <span class="n">%d</span>`, state)) {
		t.Errorf("kind facet (party %d, state %d):\n%s", party, state, kinds)
	}
	issuers := facet(home, "issuer")
	for _, parent := range []string{"THÀNH ỦY HÀ NỘI", "TỈNH ỦY TIỀN GIANG"} {
		n := apiTotal(t, ts, "issuer="+url.QueryEscape("BAN TỔ CHỨC "+parent))
		if want := fmt.Sprintf(`>BAN TỔ CHỨC — %s</a> <span class="n">%d</span>`, parent, n); n == 0 || !strings.Contains(issuers, want) {
			t.Errorf("issuer facet lacks %q:\n%s", want, issuers)
		}
	}
	if !inOrder(home, `class="hits"`, `<details class="filters"`, "<summary>Lọc", `data-facet="type"`) {
		t.Error("the hits do not come before the filters, folded under Lọc")
	}
	// The untitled notice has a label, not a bare dash.
	if !strings.Contains(home, `untitled" href="/notices/`+idOf(t, arch, "07-TB/HU")+`">Thông báo số 07-TB/HU của Huyện ủy Châu Thành, ngày 05/03/2025</a>`) || strings.Contains(home, `">—</a>`) {
		t.Error("the untitled hit has no readable label")
	}

	// Dates: dd/mm/yyyy on the page, ISO in the URL, both accepted.
	_, page := get(t, ts, "/?q=tien+giang")
	if !strings.Contains(page, `<span class="date">09/10/2024</span>`) || strings.Contains(page, ">2024-10-09<") {
		t.Error("hit dates are not dd/mm/yyyy")
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(ts.URL + "/?q=nong+thon+moi&from=01%2F01%2F2024&to=31%2F12%2F2024")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/?from=2024-01-01&q=nong+thon+moi&to=2024-12-31" {
		t.Errorf("dd/mm/yyyy dates: %d to %q, want a redirect to the ISO URL", resp.StatusCode, loc)
	}
	_, page = get(t, ts, "/?from=2024-01-01&to=2024-12-31")
	if !strings.Contains(page, `name="from" id="from" value="01/01/2024"`) || !strings.Contains(page, `Năm: 2024 <span`) {
		t.Error("the date boxes do not show dd/mm/yyyy, or the year is not a chip")
	}
	if a, b := apiTotal(t, ts, "from=01/01/2024&to=31/12/2024"), apiTotal(t, ts, "from=2024-01-01&to=2024-12-31"); a != b || a == 0 {
		t.Errorf("API: %d notices with dd/mm/yyyy dates, %d with ISO", a, b)
	}

	// Paging with numbers, first and last.
	_, page = get(t, ts, "/?limit=5&page=2")
	if !inOrder(page, `href="/?limit=5" rel="first"`, `rel="prev"`, `>1</a>`, `aria-current="page">2<`, `>3</a>`, `>4</a>`, `rel="next"`, `href="/?limit=5&amp;page=4" rel="last"`) {
		t.Errorf("pager:\n%s", page[strings.Index(page, `<nav class="pager"`):][:800])
	}

	// Export: the whole list, CSV with a BOM, JSON Lines, citations.
	resp, body = get(t, ts, "/api/export?q=nong+thon+moi&format=csv")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	want := apiTotal(t, ts, "q=nong+thon+moi")
	if err != nil || !strings.HasPrefix(body, "\ufeff") || len(rows) != want+1 || rows[0][0] != "Số, ký hiệu" ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("CSV: %v, %d rows for %d hits, %q %q", err, len(rows), want, resp.Header.Get("Content-Type"), body[:min(len(body), 200)])
	}
	cited := false
	for _, r := range rows {
		cited = cited || r[11] == "Thông báo số 250-TB/TU ngày 09/10/2024 của Tỉnh ủy Tiền Giang về kết luận, chỉ đạo của đồng chí Bí thư Tỉnh ủy tại Hội nghị Ban Chấp hành đảng bộ tỉnh (mở rộng) lần thứ hai mươi sơ kết việc lãnh đạo thực hiện nhiệm vụ chính trị 9 tháng năm 2024"
	}
	if !cited {
		t.Error("the CSV lacks the citation of 250-TB/TU")
	}
	_, body = get(t, ts, "/api/export?format=jsonl")
	lines := strings.Split(strings.TrimSpace(body), "\n")
	var row exportRow
	if len(lines) != total || json.Unmarshal([]byte(lines[0]), &row) != nil || row.ID == "" || row.Citation == "" || !strings.HasPrefix(row.URL, ts.URL+"/notices/") {
		t.Errorf("JSON Lines: %d lines for %d notices, first %s", len(lines), total, lines[0])
	}
	_, body = get(t, ts, "/api/export?format=txt&type=TB")
	if n := len(strings.Split(strings.TrimSpace(body), "\n")); n != apiTotal(t, ts, "type=TB") || !strings.HasPrefix(body, "Thông báo số ") {
		t.Errorf("citations: %d lines\n%s", n, body)
	}
	exportMax = 3
	resp, body = get(t, ts, "/api/export?format=jsonl")
	exportMax = 10000
	if n := len(strings.Split(strings.TrimSpace(body), "\n")); n != 3 || resp.Header.Get("X-Total-Count") != strconv.Itoa(total) || resp.Header.Get("X-Export-Count") != "3" {
		t.Errorf("bounded export: %d lines, headers %v", n, resp.Header)
	}
	if resp, _ := get(t, ts, "/api/export?format=xls"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown export format: %d", resp.StatusCode)
	}
	if _, page := get(t, ts, "/?q=nong+thon+moi"); !strings.Contains(page, `href="/api/export?format=csv&amp;q=nong&#43;thon&#43;moi"`) {
		t.Error("the results page does not link the export")
	}

	// The notice in reading order, its card first.
	_, page = get(t, ts, "/notices/"+tb250)
	if !inOrder(page, `id="card"`, ">250-TB/TU<", ">09/10/2024", "TỈNH ỦY TIỀN GIANG", "Thông báo (TB)", "Phạm Thị Mai Tiên", `href="/notices/`+tb250+`/original"`,
		`href="/notices/`+tb250+`/source" download`, "Trích dẫn:</span> Thông báo số 250-TB/TU ngày 09/10/2024 của Tỉnh ủy Tiền Giang về kết luận",
		`class="notice-title">kết luận`, `class="directives"`, `class="stats"`, "Được dẫn bởi", `href="/notices/`+tb251+`"`, "Toàn văn") {
		t.Error("the notice page is not in reading order (card, title, directives, statistics, cited by, full text)")
	}
	_, page = get(t, ts, "/notices/"+tb251)
	if !inOrder(page, `class="notice-title`, "Văn bản được dẫn", "Toàn văn") {
		t.Error("the references do not stand before the full text")
	}
	// The original opens inline; the download stays an attachment.
	resp, body = get(t, ts, "/notices/"+tb250+"/original")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "inline;") || resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" || !strings.Contains(body, "250-TB/TU") {
		t.Errorf("original: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Disposition"), resp.Header.Get("Content-Type"))
	}
	if resp, _ := get(t, ts, "/notices/"+tb250+"/source"); !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("download: %q", resp.Header.Get("Content-Disposition"))
	}
	pdf := idOf(t, arch, "01/2006/TT-NHNN")
	rec, _ := arch.Record(pdf)
	resp, _ = get(t, ts, "/api/notices/"+pdf+"/original")
	if resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "inline;") || resp.Header.Get("Content-Security-Policy") != pdfSecurityPolicy {
		t.Errorf("PDF original: %v", resp.Header)
	}
	// A DOCX, which browsers do not show, downloads even from "original".
	if resp, _ := get(t, ts, "/notices/"+idOf(t, arch, "21/2021/NĐ-CP")+"/original"); !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("DOCX original: %q, want an attachment", resp.Header.Get("Content-Disposition"))
	}
	if _, page := get(t, ts, "/notices/"+pdf); rec.Source.Pages == 0 || !strings.Contains(page, fmt.Sprintf(`<span class="pages">%d trang</span>`, rec.Source.Pages)) ||
		!strings.Contains(page, `href="/notices/`+pdf+`/original#page=1"`) {
		t.Errorf("the PDF's card lacks its %d pages or the link to its first page", rec.Source.Pages)
	}

	// The search helps: suggestions when nothing is found.
	_, page = get(t, ts, "/?q=n%C3%B4ng+th%C3%B4n+m%E1%BB%9Bi+xyzzy&type=TB&from=2024-01-01")
	for _, want := range []string{`id="none"`, ">Bỏ lọc loại văn bản: Thông báo (TB)</a>", ">Bỏ lọc ngày: từ 01/01/2024</a>", ">Tìm không dấu: nong thon moi xyzzy</a>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page without results lacks %q", want)
		}
	}
}

func TestPager(t *testing.T) {
	labels := func(links []pageLink) string {
		var out []string
		for _, l := range links {
			s := l.Label
			if l.Current {
				s = "[" + s + "]"
			}
			out = append(out, s)
		}
		return strings.Join(out, " ")
	}
	for _, tt := range []struct{ page, pages int }{{1, 1}, {1, 2}, {1, 20}, {6, 20}, {19, 20}, {3, 5}} {
		want := map[[2]int]string{
			{1, 1}:   "",
			{1, 2}:   "[1] 2 Sau › Cuối »",
			{1, 20}:  "[1] 2 3 … 20 Sau › Cuối »",
			{6, 20}:  "« Đầu ‹ Trước 1 … 4 5 [6] 7 8 … 20 Sau › Cuối »",
			{19, 20}: "« Đầu ‹ Trước 1 … 17 18 [19] 20 Sau › Cuối »",
			{3, 5}:   "« Đầu ‹ Trước 1 2 [3] 4 5 Sau › Cuối »",
		}[[2]int{tt.page, tt.pages}]
		if got := labels(pager(searchParams{Page: tt.page, Limit: 10}, tt.pages)); got != want {
			t.Errorf("page %d of %d: %q, want %q", tt.page, tt.pages, got, want)
		}
	}
}

func TestSpreadsheetSafe(t *testing.T) {
	got := spreadsheetSafe("=HYPERLINK(\"x\")", "+1", "-2", "@a", "250-TB/TU", "", "a=b")
	want := []string{"'=HYPERLINK(\"x\")", "'+1", "'-2", "'@a", "250-TB/TU", "", "a=b"}
	if !slices.Equal(got, want) {
		t.Errorf("spreadsheetSafe: %q", got)
	}
}
