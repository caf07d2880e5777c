package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"vanban/extract"
	"vanban/index"
	"vanban/pipeline"
)

// runRm is "vanban rm [--data DIR] [--all] ID|NUMBER|PATH...": it removes
// records from the archive (index entry, record, source copy) and logs
// each removal in the archive's removals.jsonl. A key is a file (its bytes
// name the record), a full id or its first characters, a number, or the
// path a record was ingested from. A key naming several records is
// refused unless --all; nothing is removed unless every key resolves.
func runRm(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("rm")
	data := dataFlag(fs)
	all := fs.Bool("all", false, "remove every record a key names (a number shared by several notices)")
	keys, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		return fmt.Errorf("%w: rm needs an id, a number or a path", errUsage)
	}
	arch, err := index.Create(*data)
	if err != nil {
		return err
	}
	var ids, named []string
	seen := map[string]bool{}
	for _, key := range keys {
		found, err := resolveKey(arch, key)
		if err != nil {
			arch.Close()
			return fmt.Errorf("%s: %w", key, err)
		}
		if len(found) > 1 && !*all {
			arch.Close()
			return fmt.Errorf("%w: %s names %d notices (%s); give their ids, or --all", errUsage, key, len(found), strings.Join(found, ", "))
		}
		for _, id := range found {
			if !seen[id] {
				seen[id] = true
				ids, named = append(ids, id), append(named, key)
			}
		}
	}
	removed, err := arch.Remove(ids, named)
	if cerr := closeArchive(arch); err == nil {
		err = cerr
	}
	for _, r := range removed {
		fmt.Fprintf(stdout, "removed %s  %s  %s\n", r.ID, orDash(r.Number), r.Path)
	}
	return err
}

// resolveKey finds the ids a key names: a file's bytes, an id, a number
// (index.Archive.Lookup), or the source path of records.
func resolveKey(arch *index.Archive, key string) ([]string, error) {
	if data, err := extract.ReadFile(key); err == nil {
		sum := sha256.Sum256(data)
		id := hex.EncodeToString(sum[:])
		if _, err := arch.Record(id); err == nil {
			return []string{id}, nil
		}
	}
	ids, err := arch.Lookup(key)
	if err == nil || !errors.Is(err, index.ErrNotFound) {
		return ids, err
	}
	// The path a record was ingested from, the file gone or changed.
	abs, aerr := filepath.Abs(key)
	if aerr != nil {
		return nil, err
	}
	var byPath []string
	werr := index.WalkRecords(arch.Dir(), func(_ string, n *pipeline.Notice) error {
		if n.Source.Path == abs || n.Source.Path == key {
			byPath = append(byPath, n.ID)
		}
		return nil
	})
	if werr != nil {
		return nil, werr
	}
	if len(byPath) == 0 {
		return nil, index.ErrNotFound
	}
	return byPath, nil
}
