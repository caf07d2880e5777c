package main

import (
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vanban/index"
)

// findChromium returns a Chromium or Chrome binary, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// rect is an element's box on the page, in CSS pixels from the top of the
// document.
// Visible is false for an element not rendered (inside a closed <details>,
// say).
type rect struct {
	Top, Bottom, Left, Right, Width, Height float64
	Visible                                 bool
}

// TestBrowser drives a real headless Chromium over a small archive, as a
// researcher would, at a phone's width (390 px) and a desktop's: search
// without diacritics, narrow by type and year, page, export the list, open
// a notice, read its card, open the original. Screenshots go to the test's
// artifact directory (go test -artifacts keeps them).
func TestBrowser(t *testing.T) {
	chrome := findChromium()
	if chrome == "" {
		t.Skip("no Chromium found; .ci/run installs Debian's chromium")
	}
	ts, arch, _ := testServer(t)
	for _, size := range []struct {
		name          string
		width, height int
	}{{"phone", 390, 844}, {"desktop", 1366, 900}} {
		t.Run(size.name, func(t *testing.T) {
			browse(t, chrome, ts, arch, size.name, size.width, size.height)
		})
	}
}

func browse(t *testing.T, chrome string, ts *httptest.Server, arch *index.Archive, name string, width, height int) {
	phone := width < 600
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.WindowSize(width, height),
		chromedp.Flag("disable-dev-shm-usage", true),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(alloc)
	defer cancelCtx()
	// The first run starts the browser; a timeout on it would stop the
	// browser, so the steps run under a context derived from it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	// A generous bound for the whole walk, so that a stuck page fails the
	// test instead of hanging it; a busy machine takes far less.
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		must(err)
		return s
	}
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		must(err)
		return s
	}
	box := func(sel string) rect {
		t.Helper()
		r, err := chromedp.Run(ctx, chromedp.Evaluate[rect](`(() => { const e = document.querySelector(`+strconv.Quote(sel)+`); if (!e) return {};
			const r = e.getBoundingClientRect(); return {Top: r.top + scrollY, Bottom: r.bottom + scrollY, Left: r.left, Right: r.right, Width: r.width, Height: r.height, Visible: e.checkVisibility()}; })()`))
		must(err)
		return r
	}
	fits := func() bool {
		t.Helper()
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
		must(err)
		return ok
	}
	dir := t.ArtifactDir()
	shot := func(file string, full bool) {
		t.Helper()
		var png []byte
		var err error
		if full {
			png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG
		} else {
			png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
		}
		must(err)
		if err := os.WriteFile(filepath.Join(dir, name+"-"+file), png, 0o644); err != nil {
			t.Error(err)
		}
	}
	defer t.Logf("screenshots in %s", dir)

	// Search without diacritics. (A headless window is at least 500 px
	// wide: the viewport is set to the phone's width instead.)
	must(chromedp.Do(ctx,
		chromedp.EmulateViewport(int64(width), int64(height)),
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "nong thon moi"),
		chromedp.Click(chromedp.ID("go")),
		chromedp.WaitVisible(chromedp.CSS(".hit mark")),
	))
	countAll := text("#count")
	firstHit, typeFacet := box(".hit"), box(`section[data-facet="type"]`)
	if phone {
		// The hits come first; the filters wait under "Lọc".
		if firstHit.Top > float64(height)*0.6 || typeFacet.Visible {
			t.Errorf("at %d px the first hit starts at %.0f px and the type facet is shown (%v); want the hit on the first screen and the facets folded", width, firstHit.Top, typeFacet.Visible)
		}
		if !fits() {
			t.Error("the result page is wider than the phone's screen")
		}
		shot("search.png", false)
		must(chromedp.Do(ctx, chromedp.Click(chromedp.CSS("details.filters > summary")), chromedp.WaitVisible(chromedp.CSS(`section[data-facet="type"]`))))
		shot("filters.png", false)
	} else if !typeFacet.Visible || typeFacet.Left < firstHit.Right || typeFacet.Top > firstHit.Bottom {
		t.Errorf("on a desktop the facets are not open beside the hits: hit %+v, type facet %+v", firstHit, typeFacet)
	}
	// Type names beside codes; dates as dd/mm/yyyy.
	typeLinks := eval(`Array.from(document.querySelectorAll('section[data-facet="type"] a')).map(a => a.textContent).join("|")`)
	if !strings.Contains(typeLinks, "Thông báo (TB)") || !strings.Contains(typeLinks, "Hướng dẫn (HD)") {
		t.Errorf("type facet %q lacks the type names", typeLinks)
	}
	dates := eval(`Array.from(document.querySelectorAll(".hit .date")).map(d => d.textContent).join("|")`)
	if !regexp.MustCompile(`^\d\d/\d\d/\d{4}(\|\d\d/\d\d/\d{4})*$`).MatchString(dates) {
		t.Errorf("hit dates %q are not dd/mm/yyyy", dates)
	}
	marks := eval(`Array.from(document.querySelectorAll(".hit mark")).map(m => m.textContent).join("|")`)
	if !strings.Contains(marks, "nông thôn mới") {
		t.Errorf("highlighted words %q lack \"nông thôn mới\"", marks)
	}
	// Narrow by type, then by a range typed the Vietnamese way.
	must(chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//section[@data-facet="type"]//a[text()="Thông báo (TB)"]`)),
		chromedp.WaitVisible(chromedp.CSS(".chip")),
	))
	chip, countTB := text(".chip"), text("#count")
	if !strings.HasPrefix(countTB, "3 văn bản") || countAll == countTB || !strings.Contains(chip, "Thông báo (TB)") {
		t.Errorf("counts %q before the type facet, %q after; chip %q", countAll, countTB, chip)
	}
	must(chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("from"), "01/01/2024"),
		chromedp.SendKeys(chromedp.ID("to"), "31/12/2024"),
		chromedp.Submit(chromedp.ID("q")),
		chromedp.WaitVisible(chromedp.Search(`//a[contains(@class,"chip") and contains(., "2024")]`)),
	))
	loc := eval(`location.search`)
	from := eval(`document.getElementById("from").value`)
	if !strings.Contains(loc, "from=2024-01-01") || !strings.Contains(loc, "to=2024-12-31") || from != "01/01/2024" {
		t.Errorf("dates typed as dd/mm/yyyy: URL %q, the box shows %q", loc, from)
	}
	count2024 := text("#count")
	if want := strconv.Itoa(apiTotal(t, ts, "q=nong+thon+moi&type=TB&from=2024-01-01&to=2024-12-31")) + " văn bản"; !strings.HasPrefix(count2024, want) {
		t.Errorf("count %q for 2024, want %q", count2024, want)
	}

	// Page by numbers; export the whole list.
	must(chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/?limit=5"),
		chromedp.WaitVisible(chromedp.CSS(".pager")),
		chromedp.Click(chromedp.Search(`//nav[@class="pager"]//a[text()="3"]`)),
		chromedp.WaitVisible(chromedp.Search(`//nav[@class="pager"]//span[@aria-current="page" and text()="3"]`)),
	))
	if c := text("#count"); !strings.Contains(c, "trang 3/4") {
		t.Errorf("after clicking page 3: %q", c)
	}
	shot("pager.png", true)
	must(chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?q=nong+thon+moi"), chromedp.WaitVisible(chromedp.ID("export-csv"))))
	shown, _ := strconv.Atoi(strings.Fields(text("#count"))[0])
	href := eval(`document.getElementById("export-csv").href`)
	resp, err := http.Get(href)
	must(err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(body), "\ufeff"))).ReadAll()
	if err != nil || len(rows)-1 != shown || shown == 0 || !strings.HasPrefix(string(body), "\ufeff") {
		t.Errorf("the CSV export (%s) has %d rows for %d hits shown: %v", href, len(rows)-1, shown, err)
	}
	if !phone {
		shot("search.png", true)
	}

	// Nothing found: suggestions.
	must(chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/?q=n%C3%B4ng+th%C3%B4n+xyzzy&type=TB"), chromedp.WaitVisible(chromedp.ID("none"))))
	if s := text("#none"); !strings.Contains(s, "Bỏ lọc loại văn bản: Thông báo (TB)") || !strings.Contains(s, "Tìm không dấu: nong thon xyzzy") {
		t.Errorf("no-results page: %q", s)
	}
	shot("none.png", false)

	// Open the notice: its card first (beside the text on a desktop).
	must(chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/?q=tien+giang"),
		chromedp.WaitVisible(chromedp.CSS(".hit")),
		chromedp.Click(chromedp.Search(`//li[contains(@class,"hit")][.//span[@class="number" and text()="250-TB/TU"]]//a[contains(@class,"title")]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice-title")),
	))
	title := text(".notice-title")
	if !strings.HasPrefix(title, "kết luận, chỉ đạo của đồng chí Bí thư Tỉnh ủy") {
		t.Errorf("notice title %q", title)
	}
	card, titleBox, open := box("#card"), box(".notice-title"), box("#open-original")
	if phone {
		if card.Top > titleBox.Top || card.Bottom > float64(height) || open.Bottom > float64(height) {
			t.Errorf("at %d px the card (%+v) does not stand above the title (%+v) within the first screen (%d px)", width, card, titleBox, height)
		}
	} else if card.Left < titleBox.Right || card.Width < float64(width)/5 {
		t.Errorf("on a desktop the card (%+v) is not a side column beside the title (%+v)", card, titleBox)
	}
	cardText := text("#card")
	for _, want := range []string{"250-TB/TU", "09/10/2024", "TỈNH ỦY TIỀN GIANG", "Thông báo (TB)", "Phạm Thị Mai Tiên", "Mở bản gốc", "Tải về", "Thông báo số 250-TB/TU ngày 09/10/2024 của Tỉnh ủy Tiền Giang về"} {
		if !strings.Contains(cardText, want) {
			t.Errorf("the card lacks %q:\n%s", want, cardText)
		}
	}
	directives := eval(`String(document.querySelectorAll(".directives li").length)`)
	if directives != "7" {
		t.Errorf("%s directives shown, want 7", directives)
	}
	if !fits() {
		t.Error("the notice page is wider than the screen")
	}
	shot("notice.png", false)
	// The original opens in the browser, not as a download.
	must(chromedp.Do(ctx, chromedp.Navigate(eval(`document.getElementById("open-original").href`))))
	if ct, body := eval(`document.contentType`), eval(`document.body.innerText`); ct != "text/plain" || !strings.Contains(body, "Số 250-TB/TU") {
		t.Errorf("the original opened as %q: %.80q", ct, body)
	}
	pdf := idOf(t, arch, "01/2006/TT-NHNN")
	must(chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/notices/"+pdf), chromedp.WaitVisible(chromedp.ID("open-original"))))
	if s := text("#card"); !regexp.MustCompile(`PDF · \d+ trang`).MatchString(s) {
		t.Errorf("the PDF's card shows no page count:\n%s", s)
	}
	shot("notice-pdf.png", false)
	must(chromedp.Do(ctx, chromedp.Navigate(eval(`document.getElementById("open-original").href`))))
	if ct := eval(`document.contentType`); ct != "application/pdf" {
		t.Errorf("the PDF opened as %q", ct)
	}
}
