//go:build !linux

package extract

// limitAddressSpace does nothing where the system has no address-space
// limit that holds (macOS accepts RLIMIT_AS but does not enforce it;
// Windows has none): there the worker is bounded by its time limit and by
// the soft memory limit RunWorkerIfChild sets.
func limitAddressSpace(mem uint64) {}
