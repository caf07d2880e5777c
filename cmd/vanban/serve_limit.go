package main

// Load shedding, time limits and the request log of vanban serve.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// limiter bounds the searches run at once. A request beyond the bound
// waits in a short queue, for at most wait; beyond the queue, or after the
// wait, it is refused (503 with Retry-After), so that under any load every
// request is answered or refused quickly instead of all of them slowly.
type limiter struct {
	slots   chan struct{}
	waiting atomic.Int64
	queue   int64
	wait    time.Duration
}

// newLimiter lets n searches run at once and queue more wait up to wait.
func newLimiter(n, queue int, wait time.Duration) *limiter {
	return &limiter{slots: make(chan struct{}, max(n, 1)), queue: int64(max(queue, 0)), wait: wait}
}

// acquire takes a slot, reporting false when the request is refused (the
// queue full, the wait over or ctx done); release gives it back.
func (l *limiter) acquire(ctx context.Context) bool {
	select {
	case l.slots <- struct{}{}:
		return true
	default:
	}
	if l.waiting.Add(1) > l.queue {
		l.waiting.Add(-1)
		return false
	}
	defer l.waiting.Add(-1)
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

func (l *limiter) release() { <-l.slots }

// retryAfter is the Retry-After of a refused request, in seconds.
const retryAfter = "1"

// limited runs h under the per-request time limit and within the search
// limiter: h's searches take the request's context, so they stop when the
// client goes or the limit passes.
func (s *server) limited(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// The time limit counts from the request's arrival, the wait in
		// the queue included.
		if s.timeout > 0 {
			ctx, cancel := context.WithTimeout(r.Context(), s.timeout)
			defer cancel()
			r = r.WithContext(ctx)
		}
		if s.limit != nil {
			if !s.limit.acquire(r.Context()) {
				w.Header().Set("Retry-After", retryAfter)
				s.fail(w, r, http.StatusServiceUnavailable, "the server is busy; try again in a moment")
				return
			}
			defer s.limit.release()
		}
		h(w, r)
	}
}

// searchStopped answers a search stopped by its context, reporting whether
// err was that: 503 when the time limit passed, nothing when the client
// has gone (logged as 499, as nginx does).
func (s *server) searchStopped(w http.ResponseWriter, r *http.Request, err error) bool {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		w.Header().Set("Retry-After", retryAfter)
		s.fail(w, r, http.StatusServiceUnavailable, fmt.Sprintf("the search took longer than %s and was stopped", s.timeout))
	case errors.Is(err, context.Canceled):
		if lw, ok := w.(*logWriter); ok {
			lw.status = statusClientGone
		}
	default:
		return false
	}
	return true
}

// statusClientGone is the status logged for a request whose client left
// before the answer.
const statusClientGone = 499

// logWriter records the status and the hits of a response for the log.
type logWriter struct {
	http.ResponseWriter
	status int
	hits   int64 // -1: not a search
}

func (w *logWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *logWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *logWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// setHits notes the hits of a search for the request log.
func setHits(w http.ResponseWriter, n uint64) {
	if lw, ok := w.(*logWriter); ok {
		lw.hits = int64(n)
	}
}

// requestLog writes one line per request: time (UTC, ms), method, path
// (without the query string, which says what a reader looks for), status,
// duration and, for a search, its hits:
//
//	2026-12-04T13:20:00.123Z GET /api/search 200 12.3ms hits=57
type requestLog struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *requestLog) line(start time.Time, r *http.Request, lw *logWriter) {
	status := lw.status
	if status == 0 {
		status = http.StatusOK
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s %d %s", start.UTC().Format("2006-01-02T15:04:05.000Z"), r.Method, r.URL.Path, status,
		time.Since(start).Round(100*time.Microsecond))
	if lw.hits >= 0 {
		fmt.Fprintf(&b, " hits=%d", lw.hits)
	}
	b.WriteByte('\n')
	l.mu.Lock()
	defer l.mu.Unlock()
	io.WriteString(l.w, b.String())
}

// quietCall reports the endpoint's writing calls, left out of the request
// log: an ingest handed to the server makes one per file.
func quietCall(path string) bool {
	switch strings.TrimPrefix(path, rpcPrefix) {
	case "has", "add", "commit", "ping":
		return strings.HasPrefix(path, rpcPrefix)
	}
	return false
}

// The defaults of vanban serve's limits: searches at once are the number
// of CPUs (a search uses one core per segment at a time, so more at once
// only share the cores), the queue holds defaultQueue more per CPU for at
// most queueWait, and a request gets defaultTimeout.
const (
	defaultQueue   = 4
	queueWait      = 500 * time.Millisecond
	defaultTimeout = 10 * time.Second
)
