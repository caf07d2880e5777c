package index

import (
	"encoding/json"
	"fmt"
	"sort"

	"vanban/pipeline"
)

// Citations link the archive's notices by their numbers: a notice cites
// the documents of its references (the "căn cứ" and "thực hiện" lines),
// each found in the archive by its number in any written form
// (numberKey), and is cited by the notices whose references name its own
// number.

// CitedDocument is one reference of a notice and the notices of the
// archive bearing its number.
type CitedDocument struct {
	Raw    string   `json:"raw"`
	Number string   `json:"number"`
	IDs    []string `json:"ids"` // [] when the archive does not hold it
}

// CitingNotice is a notice citing another.
type CitingNotice struct {
	ID     string `json:"id"`
	Number string `json:"number"`
	Date   string `json:"date"`
	Title  string `json:"title"`
}

// Citations is a notice's place among the archive's citations.
type Citations struct {
	ID         string          `json:"id"`
	References []CitedDocument `json:"references"`
	CitedBy    []CitingNotice  `json:"cited_by"` // newest first
}

// Citations resolves n's references to the notices of the archive and
// finds the notices citing n. A number is matched in any written form
// (numberKey: "294-QĐ/TW" and "294/QĐ-TW", "05/2024/…" and "5/2024/…");
// where the citation gives a date and the notice has one, they must agree,
// since a party number without a year ("01-TB/TU") comes back every term.
func (a *Archive) Citations(n *pipeline.Notice) (*Citations, error) {
	out := &Citations{ID: n.ID, References: []CitedDocument{}, CitedBy: []CitingNotice{}}
	for _, r := range n.References {
		d := CitedDocument{Raw: r.Raw, Number: r.Number, IDs: []string{}}
		if k := numberKey(r.Number); k != "" {
			ids, err := a.idsWith(fieldNumberKey, k)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				if id == n.ID {
					continue
				}
				if r.Date != "" {
					if c, err := a.citationRecord(id); err == nil && !datesAgree(r.Date, c.Date) {
						continue
					}
				}
				d.IDs = append(d.IDs, id)
			}
		}
		out.References = append(out.References, d)
	}
	if k := numberKey(n.Number.Raw); k != "" {
		ids, err := a.idsWith(fieldCites, k)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if id == n.ID {
				continue
			}
			c := CitingNotice{ID: id}
			if r, err := a.citationRecord(id); err == nil {
				if !r.cites(k, n.Date) {
					continue
				}
				c.Number, c.Date, c.Title = r.Number.Raw, r.Date, r.Title
			}
			out.CitedBy = append(out.CitedBy, c)
		}
		sort.SliceStable(out.CitedBy, func(i, j int) bool { return out.CitedBy[i].Date > out.CitedBy[j].Date })
	}
	return out, nil
}

// idsWith lists the ids of the notices whose keyword field holds term,
// sorted.
func (a *Archive) idsWith(field, term string) ([]string, error) {
	snap, err := a.snapshot()
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	var ids []string
	for _, ss := range snap.Segments() {
		seg := ss.Segment()
		bm, err := termBitmap(seg, fieldTerm{field, term}, ss.Deleted())
		if err != nil {
			return nil, err
		}
		var ferr error
		forEach(bm, func(doc uint32) {
			if ferr != nil {
				return
			}
			id, err := seg.DocID(uint64(doc))
			if err != nil {
				ferr = err
				return
			}
			ids = append(ids, string(id))
		})
		if ferr != nil {
			return nil, ferr
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// citationRecord is what Citations reads of a record.
type citationRecord struct {
	Number     pipeline.Number      `json:"number"`
	Date       string               `json:"date"`
	Title      string               `json:"title"`
	References []pipeline.Reference `json:"references"`
}

func (a *Archive) citationRecord(id string) (*citationRecord, error) {
	data, err := a.RecordJSON(id)
	if err != nil {
		return nil, err
	}
	var r citationRecord
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("record %s: %w", id, err)
	}
	return &r, nil
}

// cites reports whether r cites the number of key, dated date (or with
// no date on either side).
func (r *citationRecord) cites(key, date string) bool {
	for _, ref := range r.References {
		if numberKey(ref.Number) == key && datesAgree(ref.Date, date) {
			return true
		}
	}
	return false
}

// datesAgree: two ISO dates are the same, or one is unknown.
func datesAgree(a, b string) bool { return a == "" || b == "" || a == b }
