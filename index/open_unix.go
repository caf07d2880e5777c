//go:build unix

package index

import (
	"os"
	"syscall"
)

// openNonBlocking opens path for reading with O_NONBLOCK: a FIFO opens at
// once instead of waiting for a writer (the caller's Fstat then refuses
// it); a regular file reads as usual.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
