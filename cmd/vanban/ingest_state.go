package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"vanban/index"
	"vanban/pipeline"
)

// What an ingest keeps besides the records: the failures it remembers
// (index.Failure, in the archive's failures.jsonl) and its report, written
// outside the archive when the archive cannot take it (a full disk).

// knownFailures returns the lookup of the files earlier runs of this
// version of vanban failed on, for pipeline.BatchOptions.KnownFailure, and
// all the failures remembered (of any version); with retry, the lookup is
// nil and every file is read again.
func knownFailures(dir string, retry bool) (func(string) (string, bool), map[string]index.Failure, error) {
	known, err := index.ReadFailures(dir)
	if err != nil {
		return nil, nil, err
	}
	if retry {
		return nil, known, nil
	}
	return func(id string) (string, bool) {
		f, ok := known[id]
		// A failure of another vanban is tried again: this one may read it.
		if !ok || f.Version != versionText {
			return "", false
		}
		return f.Reason, true
	}, known, nil
}

// rememberFailures appends to the archive's failures the files of rep that
// failed anew, and clears those remembered that were read after all.
func rememberFailures(dir string, rep *pipeline.Report, known map[string]index.Failure) error {
	now := time.Now().UTC()
	var list []index.Failure
	for _, f := range rep.Files {
		switch {
		case f.Remembered():
			if k, ok := known[f.ID]; ok && k.Version == versionText && k.Reason == f.Reason {
				continue
			}
			list = append(list, index.Failure{ID: f.ID, Path: f.Path, Reason: f.Reason, Version: versionText, Time: now})
		case f.Status == pipeline.StatusIngested || f.Status == pipeline.StatusRefused:
			if _, ok := known[f.ID]; ok && f.ID != "" {
				list = append(list, index.Failure{ID: f.ID, Path: f.Path, Version: versionText, Time: now, Cleared: true})
			}
		}
	}
	return index.AppendFailures(dir, list)
}

// writeReport stores rep in the archive or, when that fails (a full disk,
// a folder gone read-only), in the temporary folder, so that a run always
// leaves its report; the error is the archive's when the fallback worked.
func writeReport(dir string, rep *pipeline.Report) (string, error) {
	path, err := index.WriteReport(dir, rep)
	if err == nil {
		return path, nil
	}
	data, merr := json.MarshalIndent(rep, "", "  ")
	if merr != nil {
		return "", err
	}
	alt := filepath.Join(os.TempDir(), "vanban-ingest-"+rep.Started.Format("20060102T150405.000Z")+".json")
	if werr := os.WriteFile(alt, append(data, '\n'), 0o644); werr != nil {
		return "", fmt.Errorf("%w; and in %s: %v", err, os.TempDir(), werr)
	}
	return alt, fmt.Errorf("the archive could not keep the report (%w)", err)
}

// closeArchive closes arch, turning a panic of the index (a full disk made
// zapx panic) into an error.
func closeArchive(arch *index.Archive) error { return closeRecovering(arch.Dir(), arch.Close) }

// closeRecovering runs close, the closing of the archive in dir or of the
// link to the vanban serve holding it, turning a panic into an error.
func closeRecovering(dir string, close func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: close: internal error: %v", dir, r)
		}
	}()
	return close()
}
