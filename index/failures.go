package index

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Failure is a file the archive remembers vanban could not read: a line of
// failures.jsonl in the archive directory. A re-run skips it unless asked
// to retry or run by another version of vanban (which may read it).
type Failure struct {
	ID      string    `json:"id"`     // hex SHA-256 of the file's bytes
	Path    string    `json:"path"`   // where it was last seen
	Reason  string    `json:"reason"` // why it failed
	Version string    `json:"version"`
	Time    time.Time `json:"time"`
	// Cleared marks a failure a later run read after all: it is forgotten.
	Cleared bool `json:"cleared,omitempty"`
}

// failuresFile is the name of the log of failures in the archive.
const failuresFile = "failures.jsonl"

// KnownFailures reads the archive's failures by id (ReadFailures).
func (a *Archive) KnownFailures() (map[string]Failure, error) { return ReadFailures(a.dir) }

// ReadFailures reads the failures of the archive in dir, open by this
// process, by another (a vanban serve) or not at all, by id: the last line
// of an id says; a cleared one is left out. A line that does not parse (a
// torn last line after a crash) is passed over.
func ReadFailures(dir string) (map[string]Failure, error) {
	f, err := os.Open(filepath.Join(dir, failuresFile))
	if errors.Is(err, os.ErrNotExist) {
		return map[string]Failure{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]Failure{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		var fl Failure
		if json.Unmarshal(sc.Bytes(), &fl) != nil || !validID(fl.ID) {
			continue
		}
		if fl.Cleared {
			delete(out, fl.ID)
		} else {
			out[fl.ID] = fl
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name(), err)
	}
	return out, nil
}

// RememberFailures appends failures (new ones, or cleared ones) to the
// archive's log of failures and flushes it to disk.
func (a *Archive) RememberFailures(list []Failure) error {
	if len(list) == 0 {
		return nil
	}
	if a.readOnly {
		return errors.New("archive opened read-only")
	}
	return AppendFailures(a.dir, list)
}

// AppendFailures appends list to the failures of the archive in dir and
// syncs it. Only ingest writes the log, one O_APPEND write per run, so an
// ingest handing its notices to a vanban serve appends it itself.
func AppendFailures(dir string, list []Failure) error {
	if len(list) == 0 {
		return nil
	}
	var b []byte
	for _, fl := range list {
		line, err := json.Marshal(fl)
		if err != nil {
			return err
		}
		b = append(append(b, line...), '\n')
	}
	return appendSynced(filepath.Join(dir, failuresFile), b)
}
