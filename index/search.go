package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"vanban/extract/viet"
	"vanban/pipeline"
)

// Limits on a search request.
const (
	MaxQueryLen = 500 // bytes of query text
	MaxLimit    = 100 // hits per page
	MaxPage     = 1000
)

// ErrBadQuery reports a search request that cannot be run.
var ErrBadQuery = errors.New("bad query")

// Query is a search request.
type Query struct {
	// Text is what the person typed: words, "quoted phrases" and prefix*
	// words, with or without diacritics. Empty means every notice (then a
	// filter usually narrows it).
	Text string
	// Filters. Type is a type code ("TB"); Issuer an issuer code ("TU") or
	// part of an issuer's name; Signer part of the signer's name; Kind
	// "party" or "state"; From and To dates as YYYY-MM-DD, inclusive.
	Type, Issuer, Signer, Kind string
	From, To                   string
	// ByDate sorts the newest first instead of by relevance.
	ByDate bool
	// Page is 1-based; Limit the hits per page (10 when zero).
	Page, Limit int
	// Fragments asks for highlighted fragments of each hit's text.
	Fragments bool
	// Apart matches neighbouring unquoted words each on its own, anywhere
	// in the notice, instead of as a phrase; the notices holding them
	// together rank first.
	Apart bool
}

// Hit is one notice found.
type Hit struct {
	ID     string  `json:"id"`
	Score  float64 `json:"score"`
	Number string  `json:"number"`
	Date   string  `json:"date"`
	Type   string  `json:"type"`
	Issuer string  `json:"issuer"`
	Title  string  `json:"title"`
	// Fragments are pieces of the title, body and meta text (issuer,
	// signer, recipients) around the matches, HTML-escaped, each match
	// wrapped in <mark>…</mark>.
	Fragments map[string][]string `json:"fragments,omitempty"`
}

// FacetCount is one value of a facet and the number of hits that have it.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Result is one page of hits with the facets of all of them.
type Result struct {
	Total  uint64                  `json:"total"`
	Page   int                     `json:"page"`
	Limit  int                     `json:"limit"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetCount `json:"facets"`
	// Broader, when a phrase of unquoted words finds few notices (fewer
	// than fewHits), is how many more the wider searches find: the words
	// apart, or the phrase without diacritics.
	Broader []Broader     `json:"broader,omitempty"`
	Took    time.Duration `json:"took_ns"`
}

// Broader is a wider search than the one asked and what it adds.
type Broader struct {
	// Kind is "apart" (Query.Apart) or "folded" (Text without diacritics).
	Kind string `json:"kind"`
	// Text is the query text of the wider search.
	Text string `json:"text"`
	// More is the notices it finds beyond those found.
	More uint64 `json:"more"`
}

// fewHits is the total under which Search offers the wider searches.
const fewHits = 10

// facetLimit is the values each facet lists, the most frequent first.
const facetLimit = 15

// Search runs q over the archive: every phrase (neighbouring unquoted
// words, "quoted" words, a number), word and prefix must match, in the
// spelling typed when typed with diacritics, in any spelling otherwise
// (see query.go); the ranking puts the notice bearing a number the query
// names first, then title matches (see engine.go).
func (a *Archive) Search(q Query) (*Result, error) {
	return a.SearchContext(context.Background(), q)
}

// SearchContext is Search stopped when ctx is done (a client gone, a time
// limit passed): between segments, between the page's records and before
// the wider searches. It then returns ctx.Err().
func (a *Archive) SearchContext(ctx context.Context, q Query) (*Result, error) {
	start := time.Now()
	if q.Limit == 0 {
		q.Limit = 10
	}
	if q.Page == 0 {
		q.Page = 1
	}
	switch {
	case len(q.Text) > MaxQueryLen:
		return nil, fmt.Errorf("%w: the query is longer than %d bytes", ErrBadQuery, MaxQueryLen)
	case q.Limit < 0 || q.Limit > MaxLimit:
		return nil, fmt.Errorf("%w: limit must be between 1 and %d", ErrBadQuery, MaxLimit)
	case q.Page < 1 || q.Page > MaxPage:
		return nil, fmt.Errorf("%w: page must be between 1 and %d", ErrBadQuery, MaxPage)
	}
	p, err := a.newPlan(q)
	if err != nil {
		return nil, err
	}
	found, err := a.run(ctx, p)
	if err != nil {
		return nil, err
	}
	marks := highlight{prefixes: p.prefixes}
	for _, g := range p.units {
		marks.units = append(marks.units, g...)
	}
	out := &Result{Total: found.total, Page: q.Page, Limit: q.Limit, Hits: []Hit{}, Facets: map[string][]FacetCount{}}
	out.Hits = make([]Hit, len(found.hits))
	// The hit list shows fields from the stored records (the index stores
	// none, to stay small), read and cut into fragments in parallel.
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range out.Hits {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			hit := Hit{ID: found.ids[i], Score: found.hits[i].score}
			if ctx.Err() != nil {
				return
			}
			if n, err := a.hitRecord(hit.ID); err == nil {
				hit.Title, hit.Number, hit.Issuer, hit.Type, hit.Date = n.Title, n.Number.Raw, n.Issuer.Name, n.DocType.Code, n.Date
				if q.Fragments {
					hit.Fragments = fragments(n, marks)
				}
			}
			out.Hits[i] = hit
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for f, name := range facetNames {
		out.Facets[name] = found.values.top(f, found.facets[f], facetLimit)
	}
	if out.Broader, err = a.broader(ctx, q, p, found.total); err != nil {
		return nil, err
	}
	out.Took = time.Since(start)
	return out, nil
}

// newPlan works out q for this archive: phrases the posting lists cannot
// prove are checked against its records.
func (a *Archive) newPlan(q Query) (*plan, error) {
	p, err := newPlan(q, parseText(q.Text))
	if err != nil {
		return nil, err
	}
	p.verify, p.proofs = a.recordSearchText, &a.proofs
	return p, nil
}

// searchRecord is the part of a record that searchText reads: decoding
// only it skips the statistics, directives, references and warnings of a
// record (half its bytes), which a phrase check reads thousands of.
type searchRecord struct {
	Title      string          `json:"title"`
	Number     pipeline.Number `json:"number"`
	Issuer     pipeline.Issuer `json:"issuer"`
	Signer     pipeline.Signer `json:"signer"`
	Body       string          `json:"body"`
	Recipients []string        `json:"recipients"`
	Appendices []struct {
		Text string `json:"text"`
	} `json:"appendices"`
}

// recordSearchText is the text the index holds of record id
// (searchText), read from the record.
func (a *Archive) recordSearchText(id string) (string, error) {
	data, err := a.RecordJSON(id)
	if err != nil {
		return "", err
	}
	var r searchRecord
	if err := json.Unmarshal(data, &r); err != nil {
		return "", fmt.Errorf("record %s: %w", id, err)
	}
	n := &pipeline.Notice{Title: r.Title, Number: r.Number, Issuer: r.Issuer, Signer: r.Signer, Body: r.Body, Recipients: r.Recipients}
	for _, ap := range r.Appendices {
		n.Appendices = append(n.Appendices, pipeline.Appendix{Text: ap.Text})
	}
	text, _ := searchText(n)
	return text, nil
}

// broader counts the wider searches of a query whose phrases of unquoted
// words found fewer than fewHits notices.
func (a *Archive) broader(ctx context.Context, q Query, p *plan, total uint64) ([]Broader, error) {
	if q.Apart || total >= fewHits {
		return nil, nil
	}
	pq := parseText(q.Text)
	long, marked := false, false
	for _, r := range pq.runs {
		u := termsOf(strings.Join(r, " "), false)
		long = long || len(u) > 1
		for _, t := range u {
			marked = marked || t.marked
		}
	}
	if !long {
		return nil, nil
	}
	var out []Broader
	count := func(kind string, w Query) error {
		w.Page, w.Limit, w.Fragments = 1, 1, false
		wp, err := a.newPlan(w)
		if err != nil {
			return err
		}
		wp.k = 0
		r, err := a.run(ctx, wp)
		if err != nil {
			return err
		}
		if r.total > total {
			out = append(out, Broader{Kind: kind, Text: w.Text, More: r.total - total})
		}
		return nil
	}
	w := q
	w.Apart = true
	if err := count("apart", w); err != nil {
		return nil, err
	}
	if marked {
		w = q
		w.Text = strings.ToLower(viet.Fold(q.Text))
		if err := count("folded", w); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// countBefore orders facet counts: the most frequent first, then by value.
func countBefore(a, b FacetCount) bool {
	return a.Count > b.Count || a.Count == b.Count && a.Value < b.Value
}

// sortCounts puts the most frequent values first, then by value.
func sortCounts(out []FacetCount) {
	sort.Slice(out, func(i, j int) bool { return countBefore(out[i], out[j]) })
}

// hitRecord reads the fields of a record that a hit shows and its
// fragments are cut from; the decoder skips the rest (directives,
// statistics, references…) without building them.
func (a *Archive) hitRecord(id string) (*pipeline.Notice, error) {
	data, err := a.RecordJSON(id)
	if err != nil {
		return nil, err
	}
	var r struct {
		Issuer     pipeline.Issuer     `json:"issuer"`
		Number     pipeline.Number     `json:"number"`
		DocType    pipeline.DocType    `json:"doc_type"`
		Date       string              `json:"date"`
		Title      string              `json:"title"`
		Body       string              `json:"body"`
		Signer     pipeline.Signer     `json:"signer"`
		Recipients []string            `json:"recipients"`
		Appendices []pipeline.Appendix `json:"appendices"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("record %s: %w", id, err)
	}
	return &pipeline.Notice{ID: id, Issuer: r.Issuer, Number: r.Number, DocType: r.DocType, Date: r.Date,
		Title: r.Title, Body: r.Body, Signer: r.Signer, Recipients: r.Recipients, Appendices: r.Appendices}, nil
}

// topCounts lists the limit most frequent values of counts (all if limit
// is 0), the most frequent first, then by value.
func topCounts(counts map[string]int, limit int) []FacetCount {
	out := []FacetCount{}
	for v, n := range counts {
		out = append(out, FacetCount{Value: v, Count: n})
	}
	sortCounts(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// isCode reports an issuer code: one word of capitals and digits.
func isCode(s string) bool {
	if len(s) > 12 || strings.ContainsAny(s, " \t") {
		return false
	}
	for _, r := range s {
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '-' {
			return false
		}
	}
	return true
}

// highlight is what fragments marks: a query's phrases (single words
// among them) and prefixes.
type highlight struct {
	units    []unit
	prefixes []qprefix
}

// fragments cuts the highlighted pieces of a notice's text. The words are
// found by analysing the text as the index does, so the marks fall on the
// original words whatever their form, and only on the spellings the
// query matches: "đảng" marks "Đảng", not "đẳng"; a phrase is marked
// where all its words stand together.
func fragments(n *pipeline.Notice, h highlight) map[string][]string {
	if len(h.units) == 0 && len(h.prefixes) == 0 {
		return nil
	}
	out := map[string][]string{}
	_, parts := searchText(n)
	for _, part := range parts {
		var spans [][2]int
		toks := textTokens(part.text)
		for i := range toks.fold {
			for _, u := range h.units {
				if toks.at(u, i) {
					spans = append(spans, [2]int{toks.start[i], toks.end[i+len(u)-1]})
				}
			}
			for _, pre := range h.prefixes {
				w := toks.fold[i]
				if pre.marked {
					w = toks.exact[i]
				}
				if strings.HasPrefix(w, pre.form) {
					spans = append(spans, [2]int{toks.start[i], toks.end[i]})
				}
			}
		}
		if len(spans) == 0 {
			continue
		}
		spans = mergeSpans(spans, len(part.text))
		if part.name == partTitle {
			out[part.name] = []string{markSpans(part.text, spans, 0, len(part.text))}
			continue
		}
		out[part.name] = cutFragments(part.text, spans, 3, 200)
	}
	return out
}

func equalSeq(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// mergeSpans sorts spans, drops those outside text and joins overlapping
// and adjacent ones (the words of a phrase become one mark).
func mergeSpans(spans [][2]int, n int) [][2]int {
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	var out [][2]int
	for _, s := range spans {
		if s[0] < 0 || s[1] > n || s[0] >= s[1] {
			continue
		}
		if k := len(out); k > 0 && s[0] <= out[k-1][1]+1 {
			if s[1] > out[k-1][1] {
				out[k-1][1] = s[1]
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// cutFragments returns up to max pieces of text about width bytes long
// around the best spans, in text order, with the spans marked. The longest
// spans are the best: the words of a phrase, merged into one.
func cutFragments(text string, spans [][2]int, max, width int) []string {
	order := make([]int, len(spans))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		la, lb := spans[order[a]][1]-spans[order[a]][0], spans[order[b]][1]-spans[order[b]][0]
		return la > lb
	})
	var windows [][2]int
	for _, i := range order {
		if len(windows) == max {
			break
		}
		s := spans[i]
		start := wordStart(text, s[0]-width/3)
		end := wordEnd(text, start+width)
		if end < s[1] {
			end = wordEnd(text, s[1])
		}
		// A match the window cuts is taken in whole, so that it is marked.
		for _, o := range spans {
			if o[0] < start && o[1] > start {
				start = o[0]
			}
			if o[0] < end && o[1] > end {
				end = o[1]
			}
		}
		overlaps := false
		for _, w := range windows {
			if start < w[1] && end > w[0] {
				overlaps = true
				break
			}
		}
		if !overlaps {
			windows = append(windows, [2]int{start, end})
		}
	}
	sort.Slice(windows, func(a, b int) bool { return windows[a][0] < windows[b][0] })
	var out []string
	for _, w := range windows {
		var in [][2]int
		for _, s := range spans {
			if s[0] >= w[0] && s[1] <= w[1] {
				in = append(in, s)
			}
		}
		frag := markSpans(text, in, w[0], w[1])
		if w[0] > 0 {
			frag = "…" + frag
		}
		if w[1] < len(text) {
			frag += "…"
		}
		out = append(out, frag)
	}
	return out
}

// wordStart moves i back to the start of a word and a rune.
func wordStart(s string, i int) int {
	if i <= 0 {
		return 0
	}
	if i >= len(s) {
		return len(s)
	}
	for j := i; j > 0 && i-j < 30; j-- {
		if s[j-1] == ' ' || s[j-1] == '\n' {
			return j
		}
	}
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// wordEnd moves i forward to the end of a word and a rune.
func wordEnd(s string, i int) int {
	if i >= len(s) {
		return len(s)
	}
	for j := i; j < len(s) && j-i < 30; j++ {
		if s[j] == ' ' || s[j] == '\n' {
			return j
		}
	}
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return i
}

// markSpans returns text[start:end] HTML-escaped with each span wrapped in
// <mark>…</mark>; line breaks become spaces.
func markSpans(text string, spans [][2]int, start, end int) string {
	var b strings.Builder
	pos := start
	for _, s := range spans {
		if s[0] < pos || s[1] > end {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:s[0]]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s[0]:s[1]]))
		b.WriteString("</mark>")
		pos = s[1]
	}
	b.WriteString(html.EscapeString(text[pos:end]))
	return strings.ReplaceAll(b.String(), "\n", " ")
}

// Stats counts what the archive holds.
type Stats struct {
	Documents uint64       `json:"documents"`
	ByType    []FacetCount `json:"by_type"`
	ByIssuer  []FacetCount `json:"by_issuer"`
	ByYear    []FacetCount `json:"by_year"`
	ByFormat  []FacetCount `json:"by_format"`
	ByKind    []FacetCount `json:"by_kind"`
}

// Stats counts the archive's notices by type, issuer, year, source format
// and kind; a notice without a value counts under "".
func (a *Archive) Stats() (*Stats, error) {
	snap, err := a.snapshot()
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	counts := map[string]map[string]int{}
	for _, f := range []string{FacetType, FacetIssuer, FacetYear, FacetFormat, FacetKind} {
		counts[f] = map[string]int{}
	}
	st := &Stats{}
	for _, ss := range snap.Segments() {
		cols, err := a.columns.get(ss.Segment(), ss.Id())
		if err != nil {
			return nil, err
		}
		live := allDocs(ss.Segment(), ss.Deleted())
		st.Documents += live.GetCardinality()
		for name := range counts {
			c := cols.byName(name)
			byID := make([]int, len(c.values)+1)
			forEach(live, func(doc uint32) { byID[c.ids[doc]]++ })
			for id, n := range byID {
				if n == 0 {
					continue
				}
				v := ""
				if id > 0 {
					v = c.values[id-1]
				}
				counts[name][v] += n
			}
		}
	}
	list := func(name string) []FacetCount {
		out := topCounts(counts[name], 0)
		// The notices without a value last.
		sort.SliceStable(out, func(i, j int) bool { return out[i].Value != "" && out[j].Value == "" })
		return out
	}
	st.ByType, st.ByIssuer, st.ByYear, st.ByFormat, st.ByKind = list(FacetType), list(FacetIssuer), list(FacetYear), list(FacetFormat), list(FacetKind)
	// Years newest first, the undated last.
	sort.SliceStable(st.ByYear, func(i, j int) bool {
		a, b := st.ByYear[i].Value, st.ByYear[j].Value
		if a == "" || b == "" {
			return b == "" && a != ""
		}
		return a > b
	})
	return st, nil
}
