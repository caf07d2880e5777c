package index

import (
	"testing"

	"vanban/pipeline"
)

// TestAppendicesAreSearchable checks that the words of a record's
// appendices are found like the body's, with and without diacritics.
func TestAppendicesAreSearchable(t *testing.T) {
	withAppendix := notice("Nghị định quy định chi tiết", "Điều 1. Phạm vi điều chỉnh.", func(n *pipeline.Notice) {
		n.DocType.Code, n.Date = "NĐ", "2026-04-04"
		n.Appendices = []pipeline.Appendix{{Label: "Phụ lục", Title: "VĂN BẢN ĐỀ NGHỊ",
			Text: "Phụ lục\n\nVĂN BẢN ĐỀ NGHỊ phê duyệt phương án vận tải hàng hóa siêu trường"}}
	})
	a := testArchive(t, withAppendix, ntmTG)
	for _, q := range []string{"siêu trường", "sieu truong", `"phương án vận tải"`} {
		r := runSearch(t, a, Query{Text: q})
		if got := ids(r); len(got) != 1 || got[0] != withAppendix.ID {
			t.Errorf("%q: got hits %v, want only the notice with the appendix", q, got)
		}
	}
}
