package main

import (
	"os"
	"runtime/debug"

	"vanban/index"
)

// tuneGC sets the process's garbage collector: a soft memory limit of
// limit bytes and a GOGC of percent, each unless the user set GOMEMLIMIT
// or GOGC. The figures are the index's (index.IngestMemory and the GC
// percents), measured on its loads; the policy is the command's.
func tuneGC(limit int64, percent int) {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(percent)
	}
}

// tuneForIngest is the collector of a batch import or a reindex.
func tuneForIngest() { tuneGC(index.IngestMemory, index.IngestGCPercent) }

// tuneForServe is the collector of vanban serve: a search process that
// also writes what ingests hand it, so under the ingest's memory limit.
func tuneForServe() { tuneGC(index.IngestMemory, index.SearchGCPercent) }
