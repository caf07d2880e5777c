//go:build unix

package extract

import (
	"os"
	"syscall"
)

// openFlags open a file without waiting: a named pipe with no writer
// would block open(2) forever (and Ctrl-C with it); O_NONBLOCK returns at
// once, and the fstat that follows refuses it.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
