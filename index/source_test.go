//go:build unix

package index

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"vanban/pipeline"
)

// TestOpenSourceRefusesWhatIsNotTheFile: the original path replaced by a
// FIFO, a link, a larger or a changed file is refused (410) without being
// read whole or waited on; a name that is not UTF-8 still resolves through
// source.path_bytes.
func TestOpenSourceRefusesWhatIsNotTheFile(t *testing.T) {
	dir := t.TempDir()
	data := []byte("THÔNG BÁO\nnội dung")
	sum := sha256.Sum256(data)
	id := hex.EncodeToString(sum[:])
	a, err := Create(filepath.Join(dir, "archive"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	raw := filepath.Join(dir, "th\xf4ng-b\xe1o.txt") // Latin-1 bytes, not UTF-8
	n := notice("t", "b", func(n *pipeline.Notice) {
		n.ID = id
		n.Source.Path = "\ufffd"
		n.Source.PathBytes = []byte(raw)
		n.Source.Size = int64(len(data))
	})
	if err := a.Add(n, data); err != nil {
		t.Fatal(err)
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.txt")
	os.WriteFile(other, data, 0o644)
	cases := []struct {
		name  string
		setup func() error
		ok    bool
	}{
		{"the file, named in bytes", func() error { return os.WriteFile(raw, data, 0o644) }, true},
		{"a FIFO", func() error { return syscall.Mkfifo(raw, 0o644) }, false},
		{"a symbolic link to the same bytes", func() error { return os.Symlink(other, raw) }, false},
		{"a larger file", func() error { return os.WriteFile(raw, append(data, data...), 0o644) }, false},
		{"the same size, other bytes", func() error { return os.WriteFile(raw, []byte("THÔNG BÁO\nnội dunG"), 0o644) }, false},
		{"a folder", func() error { return os.Mkdir(raw, 0o755) }, false},
	}
	for _, c := range cases {
		os.RemoveAll(raw)
		if err := c.setup(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			sf, _, err := a.OpenSource(id)
			if err == nil {
				var b bytesWriter
				_, err = sf.WriteTo(&b)
				sf.Close()
				if err == nil && string(b) != string(data) {
					err = errors.New("other bytes")
				}
			}
			done <- err
		}()
		select {
		case err := <-done:
			if c.ok && err != nil || !c.ok && !errors.Is(err, ErrSourceGone) {
				t.Errorf("%s: %v", c.name, err)
			}
		case <-time.After(time.Minute):
			t.Fatalf("%s: OpenSource still waiting after a minute", c.name)
		}
	}
	// Changed in place after the check: the bytes sent are flagged.
	os.RemoveAll(raw)
	os.WriteFile(raw, data, 0o644)
	sf, _, err := a.OpenSource(id)
	if err != nil {
		t.Fatal(err)
	}
	defer sf.Close()
	os.WriteFile(raw, []byte("THÔNG BÁO\nnội dunG"), 0o644)
	var b bytesWriter
	if _, err := sf.WriteTo(&b); !errors.Is(err, ErrSourceGone) {
		t.Errorf("changed while open: %v", err)
	}
}
