package extract

import (
	"os"
	"testing"
)

// TestMain lets the test binary serve as its own PDF worker process.
func TestMain(m *testing.M) {
	RunWorkerIfChild()
	os.Exit(m.Run())
}
