package index

import (
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"vanban/extract"
	"vanban/extract/viet"
	"vanban/pipeline"
)

// TestSearchQualityOnRealNotices is the quality harness: over the
// project's real notices (the golden records of testdata/corpus and the
// gazette texts of testdata/quality), for queries cut from the notices
// themselves in the ways people type them, the engine's totals and type
// facets equal a plain scan of the records with the documented semantics
// (naiveSearch), every hit of a phrase holds it (no false hit), and every
// number query ranks the notice bearing that number first.
func TestSearchQualityOnRealNotices(t *testing.T) {
	var ns []*pipeline.Notice
	golden, _ := filepath.Glob(filepath.Join("..", "testdata", "golden", "*.json"))
	for _, path := range golden {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var n pipeline.Notice
		if err := json.Unmarshal(data, &n); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		ns = append(ns, &n)
	}
	texts, _ := filepath.Glob(filepath.Join("testdata", "quality", "*.txt"))
	for _, path := range texts {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := extract.Read(path, data)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		ns = append(ns, pipeline.Parse(doc))
	}
	if len(ns) < 15 {
		t.Fatalf("only %d notices", len(ns))
	}
	a := segmentedArchive(t, ns, 5)

	r := rand.New(rand.NewSource(19))
	var queries []string
	for _, n := range ns {
		words := strings.Fields(n.Body)
		for i := 0; i < 8 && len(words) > 6; i++ {
			at := r.Intn(len(words) - 5)
			q := strings.Join(words[at:at+1+r.Intn(5)], " ")
			switch i % 4 {
			case 1:
				q = strings.ToLower(viet.Fold(q))
			case 2:
				q = norm.NFD.String(strings.ToUpper(q))
			case 3:
				q = `"` + q + `"`
			}
			queries = append(queries, q)
		}
	}
	queries = append(queries, "ủy ban kiểm tra", "đảng viên", "dang vien", "Ban Chấp hành", "ban chap hanh trung uong",
		"Tỉnh ủy", "cán bộ", "kiểm tra", "đình công", "phát triển kinh tế xã hội", "ủy ban nhân dân tỉnh",
		"nông thôn mới", "Bộ Chính trị", "người lao động", "bảo hiểm xã hội", "ngày 24 tháng 11 năm 2021")

	type numberQuery struct {
		q  string
		id string
	}
	var numbers []numberQuery
	for _, n := range ns {
		raw := n.Number.Raw
		if !isNumberWord(raw) {
			continue
		}
		swapped := strings.NewReplacer("-", "/", "/", "-").Replace(raw)
		unpadded := strings.TrimLeft(raw, "0")
		for _, q := range []string{raw, "Số " + raw, "số: " + swapped, unpadded, strings.ReplaceAll(raw, "-", " – ")} {
			numbers = append(numbers, numberQuery{q, n.ID})
		}
	}
	if len(numbers) < 20 {
		t.Fatalf("only %d number queries", len(numbers))
	}
	for _, nq := range numbers {
		queries = append(queries, nq.q)
	}

	phraseHits, found := 0, 0
	for _, text := range queries {
		q := Query{Text: text, Limit: MaxLimit, Fragments: true}
		want := map[string]bool{}
		types := map[string]int{}
		for _, n := range ns {
			if naiveSearch(n, q).match {
				want[n.ID] = true
				types[n.DocType.Code]++
			}
		}
		res := runSearch(t, a, q)
		if res.Total != uint64(len(want)) {
			t.Errorf("%q: total %d, a scan finds %d", text, res.Total, len(want))
		}
		for _, c := range res.Facets["type"] {
			if types[c.Value] != c.Count {
				t.Errorf("%q: type facet %s = %d, a scan counts %d", text, c.Value, c.Count, types[c.Value])
			}
		}
		for _, h := range res.Hits {
			if !want[h.ID] {
				t.Errorf("%q: %s %q is a false hit", text, h.Number, h.Title)
			}
			if len(strings.Fields(text)) > 1 {
				phraseHits++
			}
		}
		if res.Total > 0 {
			found++
		}
	}
	for _, nq := range numbers {
		res := runSearch(t, a, Query{Text: nq.q})
		if len(res.Hits) == 0 || res.Hits[0].ID != nq.id {
			t.Errorf("%q: the notice with that number is not first (%d hits)", nq.q, res.Total)
		}
	}
	if found < len(queries)*3/4 {
		t.Errorf("only %d of %d queries find anything", found, len(queries))
	}
	t.Logf("%d notices, %d queries (%d of them numbers), %d found something, %d phrase hits checked", len(ns), len(queries), len(numbers), found, phraseHits)
}
