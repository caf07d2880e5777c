package index

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"vanban/pipeline"
)

// reindexBatch is the records indexed per batch by Reindex.
const reindexBatch = 500

// WalkRecords calls fn with each record file of the archive in dir and
// the record it holds, in file-name order. A record that does not decode,
// or whose id is not its file's name, stops the walk with an error naming
// the file.
func WalkRecords(dir string, fn func(path string, n *pipeline.Notice) error) error {
	return filepath.WalkDir(filepath.Join(dir, "records"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".json") || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var n pipeline.Notice
		if err := json.Unmarshal(data, &n); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if id := strings.TrimSuffix(d.Name(), ".json"); n.ID != id {
			return fmt.Errorf("%s: the record's id is %q", path, n.ID)
		}
		return fn(path, &n)
	})
}

// Reindex rebuilds the index of the archive in dir from its records: the
// records are the archive, the index is made from them. It is how an
// archive whose index another version of vanban built becomes searchable
// again. The new index is built beside the old one and takes its place
// only when complete; an interrupted run leaves the old index as it was
// (or, interrupted between the two renames, none: run it again).
// progress, if not nil, is called after each batch with the records
// indexed so far. It returns how many records it indexed.
func Reindex(dir string, progress func(done int)) (int, error) {
	if _, err := os.Stat(filepath.Join(dir, "records")); err != nil {
		return 0, fmt.Errorf("%s: %w", dir, ErrNoArchive)
	}
	lock, err := lockArchive(dir)
	if err != nil {
		return 0, err
	}
	defer lock.Close()
	fresh := filepath.Join(dir, "index.new")
	if err := os.RemoveAll(fresh); err != nil {
		return 0, err
	}
	idx, err := newIndex(fresh)
	if err != nil {
		return 0, fmt.Errorf("%s: create index: %w", dir, err)
	}
	done := 0
	batch := idx.NewBatch()
	err = WalkRecords(dir, func(path string, n *pipeline.Notice) error {
		if err := batch.Index(n.ID, indexDoc(n)); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		done++
		if batch.Size() >= reindexBatch {
			if err := idx.Batch(batch); err != nil {
				return err
			}
			batch.Reset()
			if progress != nil {
				progress(done)
			}
		}
		return nil
	})
	if err == nil && batch.Size() > 0 {
		err = idx.Batch(batch)
	}
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = persistColumnsAt(fresh, &columnCache{dir: columnsDir(fresh), write: true})
	}
	if err != nil {
		os.RemoveAll(fresh)
		return 0, err
	}
	if progress != nil {
		progress(done)
	}
	current, old := filepath.Join(dir, "index"), filepath.Join(dir, "index.old")
	if err := os.RemoveAll(old); err != nil {
		return 0, err
	}
	if err := os.Rename(current, old); err != nil && !os.IsNotExist(err) {
		return 0, err
	}
	if err := os.Rename(fresh, current); err != nil {
		return 0, err
	}
	if err := syncDir(dir); err != nil {
		return 0, err
	}
	return done, os.RemoveAll(old)
}
