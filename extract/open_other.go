//go:build !unix

package extract

import "os"

// openFlags: without O_NONBLOCK, a file is opened as is (Windows has no
// named pipes in its file tree).
const openFlags = os.O_RDONLY
