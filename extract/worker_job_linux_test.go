//go:build linux && !race

package extract

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestWorkerJobMemoryLimit: a job that allocates without end dies at its
// worker's address-space cap, and the error names the limit.
func TestWorkerJobMemoryLimit(t *testing.T) {
	_, err := RunWorkerJob("test.grow", nil, WorkerLimits{Timeout: 10 * time.Minute, Memory: 2 << 30})
	if !errors.Is(err, ErrMemoryLimit) || !strings.Contains(err.Error(), "limit 2048 MiB") {
		t.Fatalf("err %v, want the memory limit's error", err)
	}
}
