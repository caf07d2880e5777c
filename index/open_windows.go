//go:build windows

package index

import "os"

// openNonBlocking opens path for reading. Windows has no FIFOs at file
// paths (its named pipes live under \\.\pipe\), so a plain open cannot
// wait for a writer.
func openNonBlocking(path string) (*os.File, error) {
	return os.Open(path)
}
