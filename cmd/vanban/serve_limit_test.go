package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"vanban/index"
)

func TestLimiter(t *testing.T) {
	l := newLimiter(1, 1, time.Hour)
	if !l.acquire(context.Background()) {
		t.Fatal("the first search was refused")
	}
	// The second waits in the queue; the third finds the queue full.
	got := make(chan bool)
	go func() { got <- l.acquire(context.Background()) }()
	for l.waiting.Load() != 1 {
		time.Sleep(time.Millisecond)
	}
	if l.acquire(context.Background()) {
		t.Fatal("a search beyond the queue was let in")
	}
	l.release()
	if !<-got {
		t.Fatal("the queued search was refused once a slot was free")
	}
	l.release()
	// A queued search gives up when its wait is over or its client goes.
	short := newLimiter(1, 4, 20*time.Millisecond)
	short.acquire(context.Background())
	if short.acquire(context.Background()) {
		t.Error("a queued search got in while the slot stayed taken")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if short.acquire(ctx) {
		t.Error("a search whose client had gone got in")
	}
	if n := short.waiting.Load(); n != 0 {
		t.Errorf("%d left waiting", n)
	}
}

// TestServeSheds: with every search slot taken and no queue, a search is
// refused with 503 and Retry-After at once; a search past its time limit is
// stopped with 503; other pages are not limited; the request log has one
// line per request.
func TestServeSheds(t *testing.T) {
	ts, _, _ := testServer(t)
	s := ts.Config.Handler.(*server)
	var logb syncBuffer
	s.reqLog = &requestLog{w: &logb}
	s.limit = newLimiter(1, 0, time.Millisecond)
	s.limit.acquire(context.Background())
	for _, path := range []string{"/api/search?q=tien+giang", "/?q=tien+giang", "/api/export?q=tien"} {
		resp, _ := get(t, ts, path)
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s with no slot: %d, Retry-After %q", path, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	if resp, _ := get(t, ts, "/static/style.css"); resp.StatusCode != http.StatusOK {
		t.Errorf("style sheet with no search slot: %d", resp.StatusCode)
	}
	s.limit.release()
	if resp, _ := get(t, ts, "/api/search?q=tien+giang"); resp.StatusCode != http.StatusOK {
		t.Errorf("search with a slot free: %d", resp.StatusCode)
	}
	s.timeout = time.Nanosecond
	if resp, body := get(t, ts, "/api/search?q=tien+giang"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("search past its time limit: %d %s", resp.StatusCode, body)
	}
	lines := regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z GET (\S+) (\d{3}) \S+(s)( hits=\d+)?$`).FindAllStringSubmatch(logb.String(), -1)
	if len(lines) != 6 {
		t.Fatalf("%d request log lines, want 6:\n%s", len(lines), logb.String())
	}
	if l := lines[4]; l[1] != "/api/search" || l[2] != "200" || l[4] == "" {
		t.Errorf("log line of a search: %q", l[0])
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestSearchStopsWhenTheClientGoes: a search whose context is done stops
// with the context's error.
func TestSearchStopsWhenTheClientGoes(t *testing.T) {
	_, arch, _ := testServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := arch.SearchContext(ctx, index.Query{Text: "tien giang"}); !errors.Is(err, context.Canceled) {
		t.Errorf("search with its client gone: %v", err)
	}
	if res, err := arch.SearchContext(context.Background(), index.Query{Text: "tien giang"}); err != nil || res.Total == 0 {
		t.Errorf("search: %v", err)
	}
}
