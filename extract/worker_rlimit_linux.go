package extract

import "syscall"

// limitAddressSpace caps the worker's address space at mem bytes
// (RLIMIT_AS): an allocation past it fails, and the worker dies of an
// out-of-memory error that runPDFWorker reports. A binary built with the
// race detector is left without the cap: its shadow memory reserves far
// more address space than any cap a worker has (the time limit still
// holds).
func limitAddressSpace(mem uint64) {
	if raceBuild {
		return
	}
	_ = syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: mem, Max: mem})
}
