package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
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

// TestBrowser drives a real headless Chromium over a small archive at a
// phone's width: it types a query without diacritics, clicks a facet, opens
// a notice and checks what a person sees. Screenshots go to the test's
// artifact directory (go test -artifacts keeps them).
func TestBrowser(t *testing.T) {
	chrome := findChromium()
	if chrome == "" {
		t.Skip("no Chromium found; .ci/run installs Debian's chromium")
	}
	ts, _, _ := testServer(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.WindowSize(412, 915), // a phone
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
	text := func(sel chromedp.CSS) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		must(err)
		return s
	}
	shot := func() []byte {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG
		must(err)
		return png
	}
	const hit250 = `//li[contains(@class,"hit")][.//span[@class="number" and text()="250-TB/TU"]]//a[contains(@class,"title")]`

	// Type a query without diacritics and search.
	must(chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "nong thon moi"),
		chromedp.Click(chromedp.ID("go")),
		chromedp.WaitVisible(chromedp.CSS(".hit mark")),
	))
	countAll := text("#count")
	// Narrow by the type facet.
	must(chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//section[@data-facet="type"]//a[text()="TB"]`)),
		chromedp.WaitVisible(chromedp.CSS(".chip")),
	))
	chip, countTB := text(".chip"), text("#count")
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".hit mark")).map(m => m.textContent)`))
	must(err)
	fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
	must(err)
	shotSearch := shot()
	// Open the notice.
	must(chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(hit250)),
		chromedp.WaitVisible(chromedp.CSS(".notice-title")),
	))
	title := text(".notice-title")
	directives, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".directives li").length`))
	must(err)
	noticeFits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
	must(err)
	fits = fits && noticeFits
	// The notice is long: keep what the first screen shows.
	shotNotice, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	must(err)
	dir := t.ArtifactDir()
	for name, png := range map[string][]byte{"search.png": shotSearch, "notice.png": shotNotice} {
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Error(err)
		}
	}
	t.Logf("screenshots in %s", dir)
	if !strings.HasPrefix(countTB, "2 văn bản") || countAll == countTB {
		t.Errorf("counts: %q before the facet, %q after", countAll, countTB)
	}
	if !strings.Contains(chip, "TB") {
		t.Errorf("active filter %q", chip)
	}
	found := false
	for _, m := range marks {
		found = found || m == "nông thôn mới"
	}
	if !found {
		t.Errorf("highlighted words %q lack \"nông thôn mới\"", marks)
	}
	if !fits {
		t.Error("the result page is wider than a phone's screen")
	}
	if !strings.HasPrefix(title, "kết luận, chỉ đạo của đồng chí Bí thư Tỉnh ủy") {
		t.Errorf("notice title %q", title)
	}
	if directives != 7 {
		t.Errorf("%d directives shown, want 7", directives)
	}
}
