package pipeline

import (
	"os"
	"testing"

	"vanban/extract"
)

// TestMain lets the test binary serve as its own PDF worker process.
func TestMain(m *testing.M) {
	extract.RunWorkerIfChild()
	os.Exit(m.Run())
}
