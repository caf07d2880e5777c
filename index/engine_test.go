package index

import (
	"errors"
	"fmt"
	"math/rand"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"golang.org/x/text/unicode/norm"

	"vanban/extract/viet"
	"vanban/pipeline"
)

// The engine is checked against a naive scan of the records: for random
// queries over an archive of several segments, the matches, their total,
// the facets, the filters, the tiers of the ranking and the paging must
// be what reading every record says.

// syllables are the words random notices are made of: some share their
// folded form ("hòa", "hoà", "hoa"), some hold đ.
var syllables = []string{
	"nông", "thôn", "mới", "nong", "đảng", "viên", "dang", "kinh", "tế", "xã", "hội",
	"hòa", "hoà", "hoa", "giải", "Tiền", "Giang", "tiền", "phát", "triển", "an", "ninh",
	"Bí", "thư", "Tỉnh", "ủy", "ngân", "sách", "chuyển", "đổi", "số", "thụy", "thuỵ",
	"đẳng", "\u00d0ảng", "đang", "05", "5", "quy", "qui", "kỹ", "kĩ", "UBND", "Ủy", "ban", "nhân", "dân", "TW",
}

var (
	randTypes   = []string{"TB", "KL", "NQ", "HD", ""}
	randIssuers = []string{"TỈNH ỦY TIỀN GIANG", "HUYỆN ỦY CHỢ GẠO", "THÀNH ỦY ĐÀ NẴNG", ""}
	randSigners = []string{"Phạm Thị Mai Tiên", "Nguyễn Văn Danh", "Lê Hòa", ""}
)

func randomWords(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = syllables[r.Intn(len(syllables))]
	}
	return strings.Join(w, " ")
}

func randomNotices(n int, seed int64) []*pipeline.Notice {
	r := rand.New(rand.NewSource(seed))
	var out []*pipeline.Notice
	for i := 0; i < n; i++ {
		title := randomWords(r, 2+r.Intn(5))
		body := fmt.Sprintf("%d. %s.\n%s", i, randomWords(r, 5+r.Intn(40)), randomWords(r, r.Intn(20)))
		out = append(out, notice(title, body, func(nt *pipeline.Notice) {
			nt.DocType.Code = randTypes[r.Intn(len(randTypes))]
			nt.Issuer.Name = randIssuers[r.Intn(len(randIssuers))]
			nt.Signer.Name = randSigners[r.Intn(len(randSigners))]
			if r.Intn(10) > 0 {
				nt.Date = fmt.Sprintf("%d-%02d-%02d", 2015+r.Intn(10), 1+r.Intn(12), 1+r.Intn(28))
			}
			if nt.Issuer.Name == "TỈNH ỦY TIỀN GIANG" {
				nt.Number.IssuerCode = "TU"
			}
			if r.Intn(3) == 0 {
				nt.Kind = pipeline.KindState
			}
			if r.Intn(2) == 0 {
				nt.Number.Raw = fmt.Sprintf("%02d-TB/TU", r.Intn(40))
			}
		}))
	}
	return out
}

// segmentedArchive creates an archive in a temporary folder holding ns,
// written in batches of per (all at once if per is 0), each batch a
// segment.
func segmentedArchive(t *testing.T, ns []*pipeline.Notice, per int) *Archive {
	t.Helper()
	dir := t.TempDir()
	a, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range ns {
		if err := a.Add(n, []byte(n.Title+n.Body)); err != nil {
			t.Fatal(err)
		}
		if per > 0 && (i+1)%per == 0 {
			if err := a.Commit(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	r := reopened(t, a)
	return r
}

// reopened closes the writer a and opens its archive read-only, as a
// search process would; the reader is closed when the test ends.
func reopened(t *testing.T, a *Archive) *Archive {
	t.Helper()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := Open(a.Dir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// naive is what a scan of one record says about a query.
type naive struct {
	match bool
	tier  int
}

// naiveWord is a word of a record or a query, spelled both ways: folded
// (marks dropped, đ and ð as d, lower case, a number without leading
// zeros) and exact (NFC, lower case, ð as đ, the tone canonical).
type naiveWord struct {
	fold, exact string
	marked      bool // the exact form is not plain ASCII
}

func naiveWords(s string) []naiveWord {
	var out []naiveWord
	for _, tok := range (wordTokenizer{}).Tokenize([]byte(s)) {
		nfc := strings.ToLower(norm.NFC.String(string(tok.Term)))
		fold := strings.ToLower(viet.Fold(nfc))
		if strings.Trim(fold, "0123456789") == "" && len(fold) > 1 {
			if fold = strings.TrimLeft(fold, "0"); fold == "" {
				fold = "0"
			}
		}
		exact := viet.CanonicalTone(strings.ReplaceAll(nfc, "ð", "đ"))
		out = append(out, naiveWord{fold: fold, exact: exact, marked: !isASCII([]byte(exact))})
	}
	return out
}

func naiveFolded(s string) []string {
	var out []string
	for _, w := range naiveWords(s) {
		out = append(out, w.fold)
	}
	return out
}

// naiveHolds reports whether the query words q stand in a row in text:
// a query word with diacritics by its exact form, one without by its
// folded form.
func naiveHolds(text, q []naiveWord) bool {
	for i := 0; i+len(q) <= len(text); i++ {
		ok := true
		for k, w := range q {
			if w.marked && text[i+k].exact != w.exact || !w.marked && text[i+k].fold != w.fold {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func holdsRun(toks, run []string) bool {
	for i := 0; i+len(run) <= len(toks); i++ {
		if equalSeq(toks[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// holdsPairs reports whether every two neighbouring words of run stand
// together somewhere in toks: how the ranking finds the words of a query
// searched apart standing together.
func holdsPairs(toks, run []string) bool {
	if len(run) < 2 {
		return holdsRun(toks, run)
	}
	for i := 0; i+1 < len(run); i++ {
		if !holdsRun(toks, run[i:i+2]) {
			return false
		}
	}
	return true
}

// naiveTexts keeps the words of the records scanned, by text.
var (
	naiveMu    sync.Mutex
	naiveTexts = map[string][]naiveWord{}
)

func naiveSearch(n *pipeline.Notice, q Query) naive {
	text, _ := searchText(n)
	naiveMu.Lock()
	words, ok := naiveTexts[text]
	if !ok {
		words = naiveWords(text)
		naiveTexts[text] = words
	}
	naiveMu.Unlock()
	var toks []string
	for _, w := range words {
		toks = append(toks, w.fold)
	}
	p := parseText(q.Text)
	// Each phrase of the query, with its equivalent spellings (the table
	// of equivalence.go): a match holds one of them.
	var units [][][]naiveWord
	var run []string
	spellings := func(ws []naiveWord) [][]naiveWord {
		var u unit
		for _, w := range ws {
			u = append(u, qterm{fold: w.fold, exact: w.exact, marked: w.marked})
		}
		var out [][]naiveWord
		for _, alt := range equivalents(u) {
			var v []naiveWord
			for _, t := range alt {
				v = append(v, naiveWord{fold: t.fold, exact: t.exact, marked: t.marked})
			}
			out = append(out, v)
		}
		return out
	}
	for _, r := range p.runs {
		ws := naiveWords(strings.Join(r, " "))
		if !q.Apart {
			units = append(units, spellings(ws))
			continue
		}
		for _, w := range ws {
			units = append(units, spellings([]naiveWord{w}))
			run = append(run, w.fold)
		}
	}
	for _, ph := range p.phrases {
		units = append(units, spellings(naiveWords(ph)))
	}
	numbered := false
	for _, num := range p.numbers {
		ws := naiveWords(num)
		for i := range ws {
			ws[i].marked = false
		}
		units = append(units, [][]naiveWord{ws})
		numbered = numbered || strings.Join(naiveFolded(num), " ") == strings.Join(naiveFolded(n.Number.Raw), " ")
	}
	for _, u := range units {
		found := false
		for _, alt := range u {
			found = found || len(alt) == 0 || naiveHolds(words, alt)
		}
		if !found {
			return naive{}
		}
	}
	for _, pre := range p.prefixes {
		pw := naiveWords(pre)
		if len(pw) == 0 {
			continue
		}
		found := false
		for _, w := range words {
			if pw[0].marked {
				found = found || strings.HasPrefix(w.exact, pw[0].exact)
			} else {
				found = found || strings.HasPrefix(w.fold, pw[0].fold)
			}
		}
		if !found {
			return naive{}
		}
	}
	if q.Type != "" && !strings.EqualFold(n.DocType.Code, q.Type) {
		return naive{}
	}
	if q.Kind != "" && !strings.EqualFold(n.Kind, q.Kind) {
		return naive{}
	}
	if q.Signer != "" && !holdsRun(naiveFolded(n.Signer.Name), naiveFolded(q.Signer)) {
		return naive{}
	}
	if q.Issuer != "" && !(isCode(q.Issuer) && (strings.EqualFold(n.Number.IssuerCode, q.Issuer) || slices.ContainsFunc(strings.Fields(n.Issuer.Name+" "+n.Issuer.Parent), func(w string) bool { return strings.EqualFold(w, q.Issuer) }))) &&
		!(!isCode(q.Issuer) && holdsRun(naiveFolded(n.Issuer.Name+" "+n.Issuer.Parent), naiveFolded(q.Issuer))) {
		return naive{}
	}
	if q.From != "" && (n.Date == "" || n.Date < q.From) || q.To != "" && (n.Date == "" || n.Date > q.To) {
		return naive{}
	}
	for _, d := range p.days {
		if n.Date != fmt.Sprintf("%04d-%02d-%02d", d/10000, d/100%100, d%100) {
			return naive{}
		}
	}
	tier := 0
	if len(units) > 0 {
		titleToks := map[string]bool{}
		for _, t := range naiveFolded(n.Title) {
			titleToks[t] = true
		}
		inTitle := true
		for _, u := range units {
			for _, w := range u[0] {
				inTitle = inTitle && titleToks[w.fold]
			}
		}
		if inTitle {
			tier |= tierTitle
		}
		if len(run) > 1 && holdsPairs(toks, run) {
			tier |= tierPhrase
		}
		if numbered {
			tier |= tierNumber
		}
	}
	return naive{match: true, tier: tier}
}

// archiveWithDeletions builds an archive of ns committed every per
// notices, removing after each commit every fifth notice of the segment
// before it, so that deletions fall in sealed segments and their bitmaps
// are what the engine must honour; it returns the archive, reopened, and
// the notices it still holds.
func archiveWithDeletions(t *testing.T, ns []*pipeline.Notice, per int) (*Archive, []*pipeline.Notice) {
	t.Helper()
	dir := t.TempDir()
	a, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	removed := map[string]bool{}
	for i, n := range ns {
		if err := a.Add(n, []byte(n.Title+n.Body)); err != nil {
			t.Fatal(err)
		}
		if (i+1)%per != 0 && i != len(ns)-1 {
			continue
		}
		if err := a.Commit(); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for j := max(0, i+1-2*per); j < i+1-per; j++ {
			if j%5 == 0 && !removed[ns[j].ID] {
				ids = append(ids, ns[j].ID)
				removed[ns[j].ID] = true
			}
		}
		if len(ids) > 0 {
			if _, err := a.Remove(ids, ids); err != nil {
				t.Fatal(err)
			}
		}
	}
	r := reopened(t, a)
	var kept []*pipeline.Notice
	for _, n := range ns {
		if !removed[n.ID] {
			kept = append(kept, n)
		}
	}
	if len(kept) == len(ns) || len(removed) < 50 {
		t.Fatalf("only %d of %d removed", len(removed), len(ns))
	}
	return r, kept
}

// scanFacet is the value a notice gives a facet, read from the record
// itself, not from the engine's columns: the type code, the issuer's and
// the signer's names as printed, the year of the date.
func scanFacet(n *pipeline.Notice, facet string) string {
	switch facet {
	case "type":
		return n.DocType.Code
	case "issuer":
		return n.Issuer.Name
	case "signer":
		return n.Signer.Name
	case "year":
		if len(n.Date) >= 4 {
			return n.Date[:4]
		}
	}
	return ""
}

// TestEngineAgreesWithAScan runs random queries on an archive of many
// segments, some of whose notices were removed, and compares totals,
// every facet's counts, pages and tiers with a plain scan of the notices
// it still holds.
func TestEngineAgreesWithAScan(t *testing.T) {
	all := randomNotices(600, 1)
	a, ns := archiveWithDeletions(t, all, 70)
	byID := map[string]*pipeline.Notice{} // removed ones too: a hit on one is named
	for _, n := range all {
		byID[n.ID] = n
	}
	r := rand.New(rand.NewSource(2))
	var queries []Query
	for i := 0; i < 150; i++ {
		var q Query
		switch r.Intn(8) {
		case 0:
			q.Text = randomWords(r, 1)
		case 1, 5:
			q.Text = randomWords(r, 2+r.Intn(3))
		case 2:
			q.Text = `"` + randomWords(r, 2+r.Intn(2)) + `"`
		case 6:
			// A number, written in another way than the notice's.
			q.Text = fmt.Sprintf("Số %d - TB/TU", r.Intn(40)) + " " + randomWords(r, r.Intn(2))
		case 7:
			d := ns[r.Intn(len(ns))].Date
			if d == "" {
				d = "2019-04-01"
			}
			if r.Intn(2) == 0 {
				q.Text = fmt.Sprintf("ngày %s tháng %s năm %s", strings.TrimLeft(d[8:], "0"), strings.TrimLeft(d[5:7], "0"), d[:4])
			} else {
				q.Text = d[8:] + "/" + d[5:7] + "/" + d[:4] + " " + randomWords(r, 1)
			}
		case 3:
			w := []rune(strings.ToLower(viet.Fold(randomWords(r, 1))))
			q.Text = randomWords(r, 1) + " " + string(w[:1+r.Intn(len(w))]) + "*"
		case 4:
			q.Text = strings.ToLower(viet.Fold(randomWords(r, 2)))
		}
		q.Apart = r.Intn(3) == 0
		switch r.Intn(8) {
		case 0:
			q.Type = randTypes[r.Intn(len(randTypes)-1)]
		case 1:
			q.Issuer = []string{"TU", "cho gao", "Đà Nẵng"}[r.Intn(3)]
		case 2:
			q.From, q.To = "2017-01-01", "2019-06-30"
		case 3:
			q.Signer = []string{"mai tiên", "Nguyen Van"}[r.Intn(2)]
		case 4:
			q.Kind = "state"
		case 5:
			q.Text = ""
			q.Type = "KL"
		}
		queries = append(queries, q)
	}
	tiers := map[int]int{}
	for _, q := range queries {
		want := map[string]naive{}
		facets := map[string]map[string]int{}
		for _, f := range []string{"type", "issuer", "signer", "year"} {
			facets[f] = map[string]int{}
		}
		for _, n := range ns {
			if nv := naiveSearch(n, q); nv.match {
				want[n.ID] = nv
				for f, counts := range facets {
					if v := scanFacet(n, f); v != "" {
						counts[v]++
					}
				}
			}
		}
		q.Limit = MaxLimit
		var got []Hit
		for q.Page = 1; ; q.Page++ {
			res := runSearch(t, a, q)
			if res.Total != uint64(len(want)) {
				t.Fatalf("%+v: total %d, a scan finds %d", q, res.Total, len(want))
			}
			if q.Page == 1 {
				for f, counts := range facets {
					got := res.Facets[f]
					if len(got) == 0 && len(counts) > 0 {
						t.Errorf("%+v: no %s facet, a scan counts %v", q, f, counts)
					}
					for _, c := range got {
						if counts[c.Value] != c.Count {
							t.Errorf("%+v: %s facet %q = %d, a scan counts %d", q, f, c.Value, c.Count, counts[c.Value])
						}
					}
				}
			}
			got = append(got, res.Hits...)
			if len(res.Hits) < q.Limit {
				break
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%+v: the pages hold %d hits, want %d", q, len(got), len(want))
		}
		seen := map[string]bool{}
		for i, h := range got {
			nv, ok := want[h.ID]
			switch {
			case !ok:
				t.Fatalf("%+v: %q is not a match", q, byID[h.ID].Title)
			case seen[h.ID]:
				t.Fatalf("%+v: %q on two pages", q, byID[h.ID].Title)
			case q.Text != "" && int(h.Score) != nv.tier:
				t.Fatalf("%+v: %q has score %.3f, its tier is %d", q, byID[h.ID].Title+" | "+byID[h.ID].Body, h.Score, nv.tier)
			case i > 0 && q.Text != "" && h.Score > got[i-1].Score:
				t.Fatalf("%+v: hit %d scores above hit %d", q, i, i-1)
			case i > 0 && q.Text == "" && h.Date > got[i-1].Date:
				t.Fatalf("%+v: without words, hit %d is newer than hit %d", q, i, i-1)
			}
			seen[h.ID] = true
			tiers[nv.tier]++
		}
	}
	// The queries reach every tier: the check above is not vacuous.
	for _, tier := range []int{tierTitle, tierPhrase, tierNumber} {
		n := 0
		for t, c := range tiers {
			if t&tier != 0 {
				n += c
			}
		}
		if n == 0 {
			t.Errorf("no hit of tier %d among %v", tier, tiers)
		}
	}
}

func TestSearchByDateAndPaging(t *testing.T) {
	ns := randomNotices(300, 3)
	a := segmentedArchive(t, ns, 40)
	all := runSearch(t, a, Query{Text: "tiền", ByDate: true, Limit: MaxLimit})
	if all.Total < 20 {
		t.Fatalf("only %d hits", all.Total)
	}
	var dates []string
	for _, h := range all.Hits {
		dates = append(dates, h.Date)
	}
	undated := func(s string) string {
		if s == "" {
			return "0"
		}
		return s
	}
	if !sort.SliceIsSorted(dates, func(i, j int) bool { return undated(dates[i]) > undated(dates[j]) }) {
		t.Errorf("by date, not newest first: %v", dates)
	}
	// Page 3 of 7 is hits 15–21 of the whole list.
	page := runSearch(t, a, Query{Text: "tiền", ByDate: true, Limit: 7, Page: 3})
	for i, h := range page.Hits {
		if h.ID != all.Hits[14+i].ID {
			t.Errorf("page 3, hit %d is not hit %d of the list", i, 14+i)
		}
	}
	ranked := runSearch(t, a, Query{Text: "tiền giang", Limit: MaxLimit})
	page = runSearch(t, a, Query{Text: "tiền giang", Limit: 5, Page: 4})
	for i, h := range page.Hits {
		if h.ID != ranked.Hits[15+i].ID {
			t.Errorf("ranked page 4, hit %d is not hit %d of the list", i, 15+i)
		}
	}
}

func TestOldIndexIsRefusedAndRebuilt(t *testing.T) {
	ns := randomNotices(120, 4)
	a := segmentedArchive(t, ns, 50)
	dir := a.Dir()
	a.Close()
	// An index without the format key: the one vanban wrote before.
	idx, err := bleve.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.DeleteInternal(internalFormat); err != nil {
		t.Fatal(err)
	}
	idx.Close()
	if _, err := Open(dir); !errors.Is(err, ErrOldIndex) {
		t.Fatalf("Open of an old index: %v, want ErrOldIndex", err)
	}
	if _, err := Create(dir); !errors.Is(err, ErrOldIndex) {
		t.Fatalf("Create on an old index: %v, want ErrOldIndex", err)
	}
	var progress []int
	n, err := Reindex(dir, func(done int) { progress = append(progress, done) })
	if err != nil || n != len(ns) {
		t.Fatalf("Reindex: %d, %v", n, err)
	}
	if len(progress) == 0 || progress[len(progress)-1] != len(ns) {
		t.Errorf("progress %v", progress)
	}
	b, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	st, err := b.Stats()
	if err != nil || st.Documents != uint64(len(ns)) {
		t.Fatalf("after Reindex: %+v %v", st, err)
	}
	if res := runSearch(t, b, Query{Text: ns[7].Title}); res.Total == 0 {
		t.Errorf("after Reindex, a title finds nothing")
	}
}

// TestAppendFoldedIsLowerFold: the folding the analysis, the queries and
// the highlighter share (appendFolded, without allocating per rune) is
// Fold in lower case.
func TestAppendFoldedIsLowerFold(t *testing.T) {
	inputs := append([]string{"ĐẢNG", "Đà Nẵng", "İstanbul", "Ωμέγα", "KHOẺ", norm.NFD.String("Tiền Giang"), "9.003", "x\u0301y", "ǅ"}, syllables...)
	for _, s := range inputs {
		for _, w := range strings.Fields(s) {
			if got, want := string(appendFolded(nil, []byte(w))), strings.ToLower(viet.Fold(w)); got != want {
				t.Errorf("appendFolded(%q) = %q, lower-case Fold %q", w, got, want)
			}
		}
	}
}

func FuzzAppendFolded(f *testing.F) {
	for _, s := range []string{"Đảng", "hoà", "ǅ", "\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got, want := string(appendFolded(nil, []byte(s))), strings.ToLower(viet.Fold(s)); got != want {
			t.Errorf("appendFolded(%q) = %q, lower-case Fold %q", s, got, want)
		}
	})
}

// FuzzSearch: query text and filters come from people and web forms; a
// search either answers or says ErrBadQuery, and its hits are matches.
func FuzzSearch(f *testing.F) {
	ns := randomNotices(80, 5)
	dir := f.TempDir()
	w, err := Create(dir)
	if err != nil {
		f.Fatal(err)
	}
	for i, n := range ns {
		w.Add(n, []byte(n.Title+n.Body))
		if i%30 == 29 {
			w.Commit()
		}
	}
	w.Commit()
	w.Close()
	a, err := Open(dir)
	if err != nil {
		f.Fatal(err)
	}
	defer a.Close()
	for _, s := range []string{"nông thôn mới", `"nong thon" moi*`, "250-TB/TU", `"`, "*", "a* b* \"c", "\u0301\u0301", "Đ"} {
		f.Add(s, "TU", "2018-01-01", true)
	}
	f.Fuzz(func(t *testing.T, text, issuer, from string, byDate bool) {
		q := Query{Text: text, Issuer: issuer, From: from, ByDate: byDate, Limit: 20, Fragments: true}
		res, err := a.Search(q)
		if err != nil {
			if !errors.Is(err, ErrBadQuery) {
				t.Fatalf("%+v: %v", q, err)
			}
			return
		}
		if uint64(len(res.Hits)) > res.Total {
			t.Fatalf("%+v: %d hits of %d", q, len(res.Hits), res.Total)
		}
	})
}

func TestPrefixStandingForTooManyWords(t *testing.T) {
	var words []string
	for i := 0; i <= maxPrefixTerms; i++ {
		words = append(words, fmt.Sprintf("x%05d", i))
	}
	a := testArchive(t, notice("many", strings.Join(words, " "), nil))
	if _, err := a.Search(Query{Text: "x*"}); !errors.Is(err, ErrBadQuery) || !strings.Contains(err.Error(), "x*") {
		t.Errorf("x*: %v, want ErrBadQuery naming the prefix", err)
	}
	if r := runSearch(t, a, Query{Text: "x0001*"}); r.Total != 1 {
		t.Errorf("x0001*: %d hits", r.Total)
	}
}

// TestScanWordsFastPath: the tokenizer's shortcuts for the Latin ranges
// agree with the Unicode rule it stands for.
func TestScanWordsFastPath(t *testing.T) {
	for r := rune(0x80); r <= 0x2000; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		in := []byte("a" + string(r) + "b")
		n := 0
		scanWords(in, func(int, int) { n++ })
		want := 2
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			want = 1
		}
		if n != want {
			t.Errorf("%U %q: %d words, want %d", r, r, n, want)
		}
	}
}
