package extract

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// Jobs of the test binary's workers, each behaving as a hostile file
// makes a parser behave: spin never answers, grow allocates without end,
// crash dies.
func init() {
	RegisterWorkerJob("test.echo", func(p []byte) []byte { return fmt.Appendf(nil, `{"len":%d,"pid":%d}`, len(p), os.Getpid()) })
	RegisterWorkerJob("test.spin", func([]byte) []byte {
		for {
			time.Sleep(time.Hour)
		}
	})
	RegisterWorkerJob("test.grow", func([]byte) []byte {
		var keep [][]byte
		for {
			keep = append(keep, make([]byte, 64<<20))
		}
	})
	RegisterWorkerJob("test.crash", func([]byte) []byte { os.Exit(7); return nil })
	RegisterWorkerJob("test.lines", func([]byte) []byte { return []byte("a\nb") })
}

// TestWorkerJobs: a job runs in a reused worker, and one that overruns
// its time or dies costs only itself: the next job is served.
func TestWorkerJobs(t *testing.T) {
	lim := WorkerLimits{Timeout: time.Minute, Memory: DefaultFileLimits.Memory}
	echo := func() string {
		t.Helper()
		out, err := RunWorkerJob("test.echo", []byte("hello"), lim)
		if err != nil || !strings.HasPrefix(string(out), `{"len":5,`) {
			t.Fatalf("echo: %q, %v", out, err)
		}
		return string(out)
	}
	first := echo()
	before := workersStarted.Load()
	if again := echo(); again != first || workersStarted.Load() != before {
		t.Errorf("the second job started a worker: %s then %s", first, again)
	}
	tests := []struct {
		job      string
		lim      WorkerLimits
		sentinel error
		text     string
	}{
		{"test.spin", WorkerLimits{Timeout: 200 * time.Millisecond, Memory: lim.Memory}, ErrTimeLimit, "gave up after 200ms"},
		{"test.crash", lim, ErrWorkerDied, "exit status 7"},
		{"test.lines", lim, nil, ""},
		{"no.such.job", lim, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.job, func(t *testing.T) {
			out, err := RunWorkerJob(tt.job, nil, tt.lim)
			if tt.sentinel == nil {
				if err != nil || !strings.HasPrefix(string(out), `{"error":`) {
					t.Fatalf("%s: %q, %v; want a JSON error", tt.job, out, err)
				}
			} else if !errors.Is(err, tt.sentinel) || !strings.Contains(err.Error(), tt.text) {
				t.Fatalf("%s: %v; want %v with %q", tt.job, err, tt.sentinel, tt.text)
			}
			echo()
		})
	}
}
