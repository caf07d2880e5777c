//go:build !linux

package index

import (
	"os"
	"path/filepath"
	"runtime"
)

// Where there is no syncfs(2) or O_TMPFILE (macOS, Windows, the BSDs),
// each file is flushed before it is renamed into place, and its folder
// after: a record is on disk when Add returns, so a commit has nothing
// left to flush but the archive folder itself. That costs two flushes per
// file instead of one per commit.

// syncDir flushes the folder dir itself (its entries), where the system
// can.
func syncDir(dir string) error {
	return fsyncDir(dir)
}

// writeAtomic writes data to path so that path holds either nothing or
// all of data, both on disk: a temporary file beside it, flushed, renamed
// into place, and the folder flushed. The folder must exist. An existing
// file at path is replaced.
func writeAtomic(path string, data []byte) error {
	if err := writeRenamed(path, data, true); err != nil {
		return err
	}
	return fsyncDir(filepath.Dir(path))
}

// fsyncDir flushes a folder's entries (a rename into it) to disk. Windows
// cannot flush a folder handle; NTFS journals the rename itself.
func fsyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
