//go:build !race

package extract

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestWorkerMemoryLimit: a worker that allocates without end is stopped by
// its address-space cap (RLIMIT_AS, Linux only; here 512 MiB set by the
// test, DefaultWorkerLimits has 3 GiB) and reported as an unreadable file.
// Not under the race detector, whose runtime dies in its own way ("too
// many address space collisions") when the cap stops it.
func TestWorkerMemoryLimit(t *testing.T) {
	t.Setenv(testWorkerEnv, "grow")
	err := workerError(t, WorkerLimits{Timeout: 10 * time.Minute, Memory: 512 << 20})
	if !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), "ran out of memory (limit 512 MiB)") {
		t.Fatalf("err %v, want the memory limit's error", err)
	}
}
