package index

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPhraseProofsCached: a phrase the posting lists cannot prove is
// checked against the records once per segment; the same search again
// (the next page, another reader) answers from the cache, here with the
// records gone, and gives the same hits. Another phrase still reads them.
func TestPhraseProofsCached(t *testing.T) {
	// "a b c" in one place and "b c d" in another: the pairs and
	// triples of "a b c d" are all there, the phrase is not.
	holds := notice("Một", "Tổ chức cơ sở đảng vững mạnh; cơ sở vật chất; chức cơ bản; số đảng viên.", nil)
	apart := notice("Hai", "Tổ chức cơ sở vật chất; cơ sở đảng mới; chức cơ bản; tổ chức cơ quan.", nil)
	other := notice("Ba", "Không liên quan.", nil)
	a := testArchive(t, holds, apart, other)
	search := func(q string) ([]string, error) {
		res, err := a.Search(Query{Text: q})
		if err != nil {
			return nil, err
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		return ids, nil
	}
	const q = `"tổ chức cơ sở đảng"`
	first, err := search(q)
	if err != nil || len(first) != 1 || first[0] != holds.ID {
		t.Fatalf("first search: %v %v, want only %s", first, err, holds.ID)
	}
	if err := os.RemoveAll(filepath.Join(a.Dir(), "records")); err != nil {
		t.Fatal(err)
	}
	again, err := search(q)
	if err != nil || len(again) != 1 || again[0] != holds.ID {
		t.Errorf("again, the records gone: %v %v; want the cached proof's %s", again, err, holds.ID)
	}
	if _, err := search(`"chức cơ sở đảng"`); err == nil {
		t.Errorf("a phrase never checked answered without its records")
	}
}
