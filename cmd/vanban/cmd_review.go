package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"vanban/index"
	"vanban/pipeline"
)

// The records that need a person (pipeline.Notice.Review) are found by
// reading the records, not the index: the review follows the parser's
// fields as they are, and the index holds no field for it. Reading 251
// records takes some 0.1 s; it grows with the archive (a million records
// are a million small files).

// reviewItem is one record that needs review, as search --review lists it.
type reviewItem struct {
	ID     string   `json:"id"`
	Number string   `json:"number"`
	Path   string   `json:"path"`
	Review []string `json:"review"`
}

// needReview lists the archive's records that need review, by path.
func needReview(dir string) ([]reviewItem, int, error) {
	var out []reviewItem
	total := 0
	err := index.WalkRecords(dir, func(_ string, n *pipeline.Notice) error {
		total++
		if r := n.Review(); len(r) > 0 {
			out = append(out, reviewItem{ID: n.ID, Number: n.Number.Raw, Path: n.Source.Path, Review: r})
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, total, err
}

// printReview is "vanban search --review": the records to check, one a
// line (or as JSON), with why.
func printReview(w io.Writer, dir string, asJSON bool) error {
	items, total, err := needReview(dir)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(items)
	}
	fmt.Fprintf(w, "%d of %d notices need review\n", len(items), total)
	for _, it := range items {
		fmt.Fprintf(w, "\n%s  %s\n   %s\n   %s\n", it.ID[:12], orDash(it.Number), it.Path, strings.Join(it.Review, ", "))
	}
	return nil
}

// reviewCounts is "vanban stats --review": the records needing review, in
// all and by reason, most first.
func reviewCounts(dir string) (int, []index.FacetCount, error) {
	items, _, err := needReview(dir)
	if err != nil {
		return 0, nil, err
	}
	by := map[string]int{}
	for _, it := range items {
		for _, r := range it.Review {
			if strings.HasPrefix(r, "low OCR confidence") {
				r = "low OCR confidence"
			}
			by[r]++
		}
	}
	var counts []index.FacetCount
	for k, v := range by {
		counts = append(counts, index.FacetCount{Value: k, Count: v})
	}
	sort.Slice(counts, func(i, j int) bool {
		if counts[i].Count != counts[j].Count {
			return counts[i].Count > counts[j].Count
		}
		return counts[i].Value < counts[j].Value
	})
	return len(items), counts, nil
}
