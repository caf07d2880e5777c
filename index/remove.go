package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"vanban/pipeline"
)

// Removal is a line of removals.jsonl in the archive directory: a record
// taken out of the archive by vanban rm, and why it was named.
type Removal struct {
	ID     string    `json:"id"`
	Number string    `json:"number"`
	Path   string    `json:"path"` // the record's source path
	Key    string    `json:"key"`  // what the person named: an id, a number or a path
	Time   time.Time `json:"time"`
}

// removalsFile is the log of removals in the archive.
const removalsFile = "removals.jsonl"

// Remove takes the records with these ids out of the archive: out of the
// index (one committed batch), then their record files and source copies.
// The removals are logged first (removals.jsonl, flushed to disk), so a
// crash in between leaves a log naming what was being removed; running
// the same vanban rm again finishes it. keys[i] says how ids[i] was named.
// An id not in the archive is ErrNotFound, and nothing is removed.
func (a *Archive) Remove(ids, keys []string) ([]Removal, error) {
	if a.readOnly {
		return nil, errors.New("archive opened read-only")
	}
	now := time.Now().UTC()
	var list []Removal
	var notices []*pipeline.Notice
	for i, id := range ids {
		n, err := a.Record(id)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", keys[i], err)
		}
		notices = append(notices, n)
		list = append(list, Removal{ID: id, Number: n.Number.Raw, Path: n.Source.Path, Key: keys[i], Time: now})
	}
	var log []byte
	for _, r := range list {
		line, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		log = append(append(log, line...), '\n')
	}
	if err := appendSynced(filepath.Join(a.dir, removalsFile), log); err != nil {
		return nil, err
	}
	a.mu.Lock()
	for _, id := range ids {
		a.batch.Delete(id)
	}
	a.mu.Unlock()
	if err := a.Commit(); err != nil {
		return nil, fmt.Errorf("%s: remove from the index: %w", a.dir, err)
	}
	for i, n := range notices {
		for _, p := range []string{a.recordPath(ids[i]), a.copyPath(ids[i], n.Source.Format)} {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return list[:i], err
			}
		}
	}
	return list, syncDir(a.dir)
}

// appendSynced appends data to the file at path and flushes it to disk.
func appendSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
