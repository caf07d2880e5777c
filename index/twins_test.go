package index

import (
	"reflect"
	"testing"

	"vanban/pipeline"
)

func TestSameDocument(t *testing.T) {
	base := func(set func(n *pipeline.Notice)) *pipeline.Notice {
		n := &pipeline.Notice{Date: "2024-10-09"}
		n.Number.Raw, n.Issuer.Name = "250-TB/TU", "TỈNH ỦY TIỀN GIANG"
		if set != nil {
			set(n)
		}
		return n
	}
	for _, tc := range []struct {
		name string
		b    *pipeline.Notice
		want bool
	}{
		{"identical", base(nil), true},
		{"number written otherwise", base(func(n *pipeline.Notice) { n.Number.Raw = "250/TB-TU" }), true},
		{"issuer in lower case", base(func(n *pipeline.Notice) { n.Issuer.Name = "Tỉnh ủy  Tiền Giang" }), true},
		{"another number", base(func(n *pipeline.Notice) { n.Number.Raw = "251-TB/TU" }), false},
		{"another date", base(func(n *pipeline.Notice) { n.Date = "2024-10-10" }), false},
		{"another issuer", base(func(n *pipeline.Notice) { n.Issuer.Name = "TỈNH ỦY BẾN TRE" }), false},
		{"no date", base(func(n *pipeline.Notice) { n.Date = "" }), false},
		{"no number", base(func(n *pipeline.Notice) { n.Number.Raw = "" }), false},
	} {
		a := base(nil)
		if tc.name == "no date" {
			a.Date = ""
		}
		if tc.name == "no number" {
			a.Number.Raw = ""
		}
		if got := SameDocument(a, tc.b); got != tc.want {
			t.Errorf("%s: SameDocument = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestTwins(t *testing.T) {
	twin := func(body, format string) *pipeline.Notice {
		return notice(ntmTG.Title, body, func(n *pipeline.Notice) {
			n.DocType.Code, n.Number.Raw, n.Number.IssuerCode, n.Issuer.Name = "TB", "250-TB/TU", "TU", "Tỉnh ủy Tiền Giang"
			n.Date, n.Source.Format = "2024-10-09", format
		})
	}
	pdf, copy2 := twin(ntmTG.Body+" (bản PDF)", "pdf"), twin(ntmTG.Body+" (bản 2)", "pdf")
	other := twin(ntmTG.Body+" (khác ngày)", "txt")
	other.Date = "2024-11-01"
	a := testArchive(t, append(allNotices(), pdf, copy2, other)...)
	for _, tc := range []struct {
		n    *pipeline.Notice
		want []string
	}{
		{ntmTG, sorted(pdf.ID, copy2.ID)},
		{pdf, sorted(ntmTG.ID, copy2.ID)},
		{other, nil},
		{scattered, nil},
		{hoaOld, nil}, // no number
	} {
		got, err := a.Twins(tc.n)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Twins(%s %s) = %v, %v; want %v", tc.n.Number.Raw, tc.n.Date, got, err, tc.want)
		}
	}
}

func sorted(ids ...string) []string {
	if ids[0] > ids[1] {
		ids[0], ids[1] = ids[1], ids[0]
	}
	return ids
}
