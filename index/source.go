package index

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"vanban/pipeline"
)

// SourceFile is a notice's source file, open and checked: a regular file
// (not a link, a FIFO or a device) of the size the record gives, whose
// SHA-256 is the notice's id. Close it when done.
type SourceFile struct {
	f    *os.File
	id   string
	Size int64 // bytes
}

// Close closes the file.
func (s *SourceFile) Close() error { return s.f.Close() }

// WriteTo writes the file's bytes to w, hashing them again on the way: if
// the file changed since it was checked, the bytes sent are not the
// notice's, and WriteTo returns ErrSourceGone once they are written (the
// caller then aborts the response).
func (s *SourceFile) WriteTo(w io.Writer) (int64, error) {
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), io.LimitReader(s.f, s.Size))
	if err != nil {
		return n, err
	}
	if n != s.Size || hex.EncodeToString(h.Sum(nil)) != s.id {
		return n, fmt.Errorf("%s: %w (while it was sent)", s.f.Name(), ErrSourceGone)
	}
	return n, nil
}

// errNotPlain: a candidate source path is not a regular file of the
// recorded size.
var errNotPlain = errors.New("not a regular file of the recorded size")

// OpenSource opens the source file of a notice: the archive's copy if it
// keeps one, else the file the record names (source.path_bytes when the
// name is not UTF-8, else source.path). A candidate is taken only if
// Lstat and, once opened without blocking (a FIFO put there would
// otherwise hold the caller forever), Fstat find the same regular file of
// the recorded size, and its bytes, streamed through SHA-256, hash to the
// id; nothing is read whole into memory. Only ids of records in the
// archive resolve; no path is taken from the caller. Errors: ErrNotFound,
// ErrSourceGone (naming the path).
func (a *Archive) OpenSource(id string) (*SourceFile, *pipeline.Notice, error) {
	n, err := a.Record(id)
	if err != nil {
		return nil, nil, err
	}
	candidates := []string{a.copyPath(id, n.Source.Format)}
	if p := n.Source.RawPath(); filepath.IsAbs(p) {
		candidates = append(candidates, p)
	}
	for _, p := range candidates {
		f, err := openPlain(p, n.Source.Size)
		if err != nil {
			continue
		}
		h := sha256.New()
		read, err := io.Copy(h, io.LimitReader(f, n.Source.Size))
		if err == nil && read == n.Source.Size && hex.EncodeToString(h.Sum(nil)) == id {
			return &SourceFile{f: f, id: id, Size: n.Source.Size}, n, nil
		}
		f.Close()
	}
	return nil, n, fmt.Errorf("%s: %w", n.Source.Path, ErrSourceGone)
}

// openPlain opens path for reading if it is a regular file of size bytes,
// the same file before and after the open.
func openPlain(path string, size int64) (*os.File, error) {
	before, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !before.Mode().IsRegular() || before.Size() != size {
		return nil, fmt.Errorf("%s: %w", path, errNotPlain)
	}
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, err
	}
	after, err := f.Stat()
	if err != nil || !after.Mode().IsRegular() || after.Size() != size || !os.SameFile(before, after) {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, errNotPlain)
	}
	return f, nil
}

// Source returns the bytes of a notice's source file, checked as
// OpenSource checks it.
func (a *Archive) Source(id string) ([]byte, *pipeline.Notice, error) {
	sf, n, err := a.OpenSource(id)
	if err != nil {
		return nil, n, err
	}
	defer sf.Close()
	var b bytesWriter
	if _, err := sf.WriteTo(&b); err != nil {
		return nil, n, err
	}
	return b, n, nil
}

// bytesWriter collects what is written to it.
type bytesWriter []byte

func (b *bytesWriter) Write(p []byte) (int, error) {
	*b = append(*b, p...)
	return len(p), nil
}
