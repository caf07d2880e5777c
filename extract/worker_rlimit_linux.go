package extract

import "syscall"

// limitAddressSpace caps the worker's address space at mem bytes
// (RLIMIT_AS): an allocation past it fails, and the worker dies of an
// out-of-memory error that runPDFWorker reports.
func limitAddressSpace(mem uint64) {
	_ = syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: mem, Max: mem})
}
