package index

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"vanban/extract/viet"
	"vanban/pipeline"
)

// The engine is checked against Bleve itself: the same index, searched by
// Bleve's own queries (term, match and date-range queries, conjunctions),
// must give the same match sets and totals, and Bleve's total of the query
// with each facet value ANDed in must be that value's count. Bleve honours
// the segments' deletion bitmaps its own way, so an engine that misread
// them would disagree.

// bleveSyllables are the words of syllables whose query means one Bleve
// query: no equivalent spellings (qui/quy, UBND/Ủy ban nhân dân) and no
// digits (read as numbers and dates by the query parser).
func bleveSyllables() []string {
	var out []string
	for _, s := range syllables {
		switch s {
		case "quy", "qui", "kỹ", "kĩ", "UBND", "TW", "05", "5":
			continue
		}
		out = append(out, s)
	}
	return out
}

// bleveWord is the Bleve query of one query word: its folded form in the
// folded field, or, typed with diacritics, its exact form in the marked
// field, each analysed by the field's own analyzer.
func bleveWord(w string) query.Query {
	field, analyzer := fieldTextFold, AnalyzerFolded
	if viet.Fold(w) != w {
		field, analyzer = fieldText, AnalyzerMarked
	}
	q := bleve.NewMatchQuery(w)
	q.SetField(field)
	q.Analyzer = analyzer
	return q
}

func bleveTerm(field, term string) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return q
}

func bleveDates(from, to time.Time) query.Query {
	yes, no := true, false
	q := bleve.NewDateRangeInclusiveQuery(from, to, &yes, &no)
	q.SetField(fieldDate)
	return q
}

// bleveIDs runs q through Bleve and returns the ids it matches.
func bleveIDs(t *testing.T, a *Archive, q query.Query) map[string]bool {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 100000, 0, false)
	res, err := a.idx.Search(req)
	if err != nil {
		t.Fatalf("bleve: %v", err)
	}
	ids := make(map[string]bool, len(res.Hits))
	for _, h := range res.Hits {
		ids[h.ID] = true
	}
	if uint64(len(ids)) != res.Total {
		t.Fatalf("bleve: %d hits of %d", len(ids), res.Total)
	}
	return ids
}

// archiveRewritten builds an archive of ns in segments of per notices,
// then removes about a tenth of them, spread over the segments, and adds
// half of those back (a new segment), so that deletion bitmaps fall in
// sealed segments and some notices live in a newer one than they began.
func archiveRewritten(t *testing.T, ns []*pipeline.Notice, per int) *Archive {
	t.Helper()
	a, err := Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	add := func(list []*pipeline.Notice) {
		for i, n := range list {
			if err := a.Add(n, []byte(n.Title+n.Body)); err != nil {
				t.Fatal(err)
			}
			if (i+1)%per == 0 || i == len(list)-1 {
				if err := a.Commit(); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	add(ns)
	var gone []string
	var back []*pipeline.Notice
	for i, n := range ns {
		if i%10 == 3 {
			gone = append(gone, n.ID)
			if i%20 == 3 {
				back = append(back, n)
			}
		}
	}
	if _, err := a.Remove(gone, gone); err != nil {
		t.Fatal(err)
	}
	add(back)
	return a
}

// TestEngineAgreesWithBleve compares, for a few hundred random queries on
// an archive with deletions in several segments and notices re-added, the
// engine's match sets, totals and facet counts (type, issuer, signer,
// year) with Bleve's own search of the same index.
func TestEngineAgreesWithBleve(t *testing.T) {
	ns := randomNotices(700, 7)
	a := archiveRewritten(t, ns, 90)
	words := bleveSyllables()
	r := rand.New(rand.NewSource(8))
	pick := func() string { return words[r.Intn(len(words))] }
	foldedPick := func() string { return strings.ToLower(viet.Fold(pick())) }

	facetTerms := map[string][]string{}
	for _, f := range []string{fieldType, fieldIssuer, fieldSigner} {
		dict, err := a.idx.FieldDict(f)
		if err != nil {
			t.Fatal(err)
		}
		for {
			e, err := dict.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e == nil {
				break
			}
			facetTerms[f] = append(facetTerms[f], e.Term)
		}
		dict.Close()
	}
	facetOf := map[string]string{"type": fieldType, "issuer": fieldIssuer, "signer": fieldSigner}
	var matched, facetsChecked int
	for i := 0; i < 300; i++ {
		q := Query{Apart: true, Limit: MaxLimit}
		var parts []query.Query
		switch r.Intn(4) {
		case 0, 1: // words apart, with or without diacritics
			var ws []string
			for k := 0; k < 1+r.Intn(3); k++ {
				w := pick()
				if r.Intn(3) == 0 {
					w = strings.ToLower(viet.Fold(w))
				}
				ws = append(ws, w)
				parts = append(parts, bleveWord(w))
			}
			q.Text = strings.Join(ws, " ")
		case 2: // two words without diacritics as a phrase: one pair term
			q.Apart = false
			q.Text = foldedPick() + " " + foldedPick()
			pq := bleve.NewMatchQuery(q.Text)
			pq.SetField(fieldTextPairs)
			pq.Analyzer = AnalyzerPairs
			parts = append(parts, pq)
		case 3: // no words: the filters alone
		}
		switch r.Intn(4) {
		case 0:
			q.Type = randTypes[r.Intn(len(randTypes)-1)]
			parts = append(parts, bleveTerm(fieldType, q.Type))
		case 1:
			q.Kind = pipeline.KindState
			parts = append(parts, bleveTerm(fieldKind, q.Kind))
		case 2:
			q.From, q.To = "2017-01-01", "2019-06-30"
			parts = append(parts, bleveDates(time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2019, 7, 1, 0, 0, 0, 0, time.UTC)))
		}
		if len(parts) == 0 {
			q.Type = "TB"
			parts = append(parts, bleveTerm(fieldType, q.Type))
		}
		base := bleve.NewConjunctionQuery(parts...)
		want := bleveIDs(t, a, base)

		got := map[string]bool{}
		var res *Result
		for q.Page = 1; ; q.Page++ {
			page := runSearch(t, a, q)
			if q.Page == 1 {
				res = page
			}
			for _, h := range page.Hits {
				got[h.ID] = true
			}
			if len(page.Hits) < q.Limit {
				break
			}
		}
		if res.Total != uint64(len(want)) || len(got) != len(want) {
			t.Fatalf("%+v: the engine finds %d (%d on its pages), Bleve %d", q, res.Total, len(got), len(want))
		}
		for id := range want {
			if !got[id] {
				t.Fatalf("%+v: Bleve finds %s, the engine does not", q, id)
			}
		}
		matched += len(want)

		// Each facet: Bleve's total of the query AND the value.
		check := func(name string, values map[string]query.Query) {
			counts := map[string]int{}
			for v, vq := range values {
				if n := len(bleveIDs(t, a, bleve.NewConjunctionQuery(base, vq))); n > 0 {
					counts[v] = n
				}
			}
			listed := res.Facets[name]
			for _, c := range listed {
				if counts[c.Value] != c.Count {
					t.Errorf("%+v: %s facet %q = %d, Bleve counts %d", q, name, c.Value, c.Count, counts[c.Value])
				}
				facetsChecked++
			}
			if len(counts) <= facetLimit && len(listed) != len(counts) {
				t.Errorf("%+v: %s facet lists %v, Bleve counts %v", q, name, listed, counts)
			}
		}
		for name, field := range facetOf {
			values := map[string]query.Query{}
			for _, v := range facetTerms[field] {
				values[v] = bleveTerm(field, v)
			}
			check(name, values)
		}
		years := map[string]query.Query{}
		for y := 2010; y <= 2030; y++ {
			years[fmt.Sprint(y)] = bleveDates(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC))
		}
		check("year", years)
	}
	if matched == 0 || facetsChecked == 0 {
		t.Fatalf("vacuous: %d matches, %d facet counts compared", matched, facetsChecked)
	}
	t.Logf("300 queries: %d matches and %d facet counts agree with Bleve", matched, facetsChecked)
}

// A posting list whose iterator offers no bitmap (ActualBitmap nil) and
// no single hit, though it holds documents: what scorch's optimize.go
// reads as "iterate instead". zapx gives nil only for an empty list, so
// this fake segment is the one place the two readings differ.
type noBitmapDict struct {
	segment.TermDictionary
	docs []uint64
}

func (d noBitmapDict) PostingsList(term []byte, except *roaring.Bitmap, prealloc segment.PostingsList) (segment.PostingsList, error) {
	return noBitmapList{docs: d.docs, except: except}, nil
}

type noBitmapList struct {
	segment.PostingsList
	docs   []uint64
	except *roaring.Bitmap
}

func (l noBitmapList) Iterator(includeFreq, includeNorm, includeLocations bool, prealloc segment.PostingsIterator) segment.PostingsIterator {
	var keep []uint64
	for _, d := range l.docs {
		if l.except == nil || !l.except.Contains(uint32(d)) {
			keep = append(keep, d)
		}
	}
	return &noBitmapIterator{docs: keep}
}

type noBitmapIterator struct {
	segment.PostingsIterator
	docs []uint64
}

func (it *noBitmapIterator) Next() (segment.Posting, error) {
	if len(it.docs) == 0 {
		return nil, nil
	}
	p := fakePosting{n: it.docs[0]}
	it.docs = it.docs[1:]
	return p, nil
}

func (it *noBitmapIterator) ActualBitmap() *roaring.Bitmap { return nil }
func (it *noBitmapIterator) DocNum1Hit() (uint64, bool)    { return 0, false }
func (it *noBitmapIterator) ReplaceActual(*roaring.Bitmap) {}

type fakePosting struct {
	segment.Posting
	n uint64
}

func (p fakePosting) Number() uint64 { return p.n }

// TestPostingsBitmapNilMeansIterate: a list offering a nil bitmap is read
// by iterating it, not as empty (the reading scorch's optimize.go makes).
func TestPostingsBitmapNilMeansIterate(t *testing.T) {
	dict := noBitmapDict{docs: []uint64{2, 5, 9}}
	bm, err := postingsBitmap(dict, []byte("x"), roaring.BitmapOf(5))
	if err != nil {
		t.Fatal(err)
	}
	if got := bm.ToArray(); fmt.Sprint(got) != "[2 9]" {
		t.Fatalf("postings %v, want [2 9] (the list iterated, less the deleted 5)", got)
	}
}
