package main

import (
	"os"
	"testing"

	"vanban/extract"
)

// mainEnv makes the test binary run as vanban itself, so that tests can
// start (and kill) a real vanban process.
const mainEnv = "VANBAN_TEST_RUN_MAIN"

// TestMain lets the test binary serve as its own PDF worker process, and
// as vanban when a test starts it with mainEnv set.
func TestMain(m *testing.M) {
	extract.RunWorkerIfChild()
	if os.Getenv(mainEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
