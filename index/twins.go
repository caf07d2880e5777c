package index

import (
	"sort"
	"strings"

	"vanban/extract/viet"
	"vanban/pipeline"
)

// Twins returns the ids (sorted) of the other notices in the archive that
// are the same document as n in another file: the same number (numberKey
// of Number.Raw), the same date and the same issuer (its name, folded and
// with spaces collapsed). A notice without a number or a date has no
// twins. The link is derived at read time from the index and the records,
// not written into the records: the older record never has to be
// rewritten when its twin arrives, so ingest stays crash- and re-run-safe
// as it is (see README "Twins"). Errors are the index's or a record's.
func (a *Archive) Twins(n *pipeline.Notice) ([]string, error) {
	k := numberKey(n.Number.Raw)
	if k == "" || n.Date == "" {
		return nil, nil
	}
	ids, err := a.idsWith(fieldNumberKey, k)
	if err != nil {
		return nil, err
	}
	var twins []string
	for _, id := range ids {
		if id == n.ID {
			continue
		}
		o, err := a.Record(id)
		if err != nil {
			return nil, err
		}
		if SameDocument(n, o) {
			twins = append(twins, id)
		}
	}
	sort.Strings(twins)
	return twins, nil
}

// SameDocument reports whether a and b are one document: the same number
// (in any written form), a date and the same one, and the same issuer.
func SameDocument(a, b *pipeline.Notice) bool {
	ka := numberKey(a.Number.Raw)
	return ka != "" && ka == numberKey(b.Number.Raw) &&
		a.Date != "" && a.Date == b.Date &&
		issuerKey(a.Issuer.Name) == issuerKey(b.Issuer.Name)
}

// issuerKey is an issuer's name folded (no case, no diacritics) with its
// spaces collapsed: "TỈNH ỦY  TIỀN GIANG" and "Tỉnh ủy Tiền Giang" agree.
func issuerKey(name string) string {
	return strings.Join(strings.Fields(strings.ToLower(viet.Fold(name))), " ")
}
