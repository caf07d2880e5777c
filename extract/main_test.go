package extract

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// testWorkerEnv makes the test binary, started as a PDF worker, behave as
// a hostile file makes the PDF library behave, so that the worker's limits
// can be tested without such a file: "hang" never answers, "grow"
// allocates memory until the address-space cap stops it.
const testWorkerEnv = "VANBAN_TEST_WORKER"

// TestMain lets the test binary serve as its own PDF worker process.
func TestMain(m *testing.M) {
	if config := os.Getenv(workerEnv); config != "" {
		switch os.Getenv(testWorkerEnv) {
		case "hang":
			for {
				time.Sleep(time.Hour)
			}
		case "grow":
			limit, _, _ := strings.Cut(config, ":")
			var mem uint64
			fmt.Sscan(limit, &mem)
			limitAddressSpace(mem)
			var keep [][]byte
			for {
				keep = append(keep, make([]byte, 64<<20))
			}
		}
	}
	RunWorkerIfChild()
	os.Exit(m.Run())
}

// retireIdleWorkers ends the pool's idle workers, so that the next request
// starts a worker that sees the test's environment.
func retireIdleWorkers() {
	workerPool.Lock()
	defer workerPool.Unlock()
	for mem, list := range workerPool.idle {
		for _, w := range list {
			w.idle.Stop()
			w.in.Close()
		}
		delete(workerPool.idle, mem)
	}
}
