package index

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// On Linux records are written through unnamed files and flushed once per
// commit; sync_other.go has the portable equivalent.

// syncDir flushes the file system that holds dir (syncfs(2)): one call for
// all the records written since the last commit.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}

// writeAtomic writes data to path so that path holds either nothing or
// all of data: through an unnamed file (O_TMPFILE) linked into place once
// written, or, where the file system cannot, a temporary file renamed.
// The data reach the disk at the next syncDir. The folder must exist. An
// existing file at path is replaced.
func writeAtomic(path string, data []byte) error {
	fd, err := unix.Open(filepath.Dir(path), unix.O_TMPFILE|unix.O_WRONLY|unix.O_CLOEXEC, 0o644)
	if err == nil {
		err = writeAll(fd, data)
		if err == nil {
			err = unix.Linkat(unix.AT_FDCWD, "/proc/self/fd/"+strconv.Itoa(fd), unix.AT_FDCWD, path, unix.AT_SYMLINK_FOLLOW)
			if errors.Is(err, unix.EEXIST) {
				// Replacing a record: fall back to rename below.
				unix.Close(fd)
				return writeRenamed(path, data, false)
			}
		}
		if cerr := unix.Close(fd); err == nil {
			err = cerr
		}
		if err == nil || !errors.Is(err, unix.ENOENT) {
			return err
		}
		// No /proc: fall back.
	}
	return writeRenamed(path, data, false)
}

func writeAll(fd int, data []byte) error {
	for len(data) > 0 {
		n, err := unix.Write(fd, data)
		if err != nil {
			if errors.Is(err, unix.EINTR) {
				continue
			}
			return err
		}
		data = data[n:]
	}
	return nil
}
