package index

import (
	"bytes"
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

	"golang.org/x/text/unicode/norm"

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
	Took   time.Duration           `json:"took_ns"`
}

// facetLimit is the values each facet lists, the most frequent first.
const facetLimit = 15

// Search runs q over the archive: every word, phrase and prefix must
// match, folded, so a query with or without diacritics finds the same
// notices; the ranking puts exact spellings, the words as a phrase and
// title matches first (see engine.go).
func (a *Archive) Search(q Query) (*Result, error) {
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
	terms := parseText(q.Text)
	p, err := newPlan(q, terms)
	if err != nil {
		return nil, err
	}
	found, err := a.run(p)
	if err != nil {
		return nil, err
	}
	var marks highlight
	if q.Fragments {
		marks.words, marks.prefixes, marks.phrases = queryTerms(terms)
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
	for f, name := range facetNames {
		out.Facets[name] = found.values.top(f, found.facets[f], facetLimit)
	}
	out.Took = time.Since(start)
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
		Issuer     pipeline.Issuer  `json:"issuer"`
		Number     pipeline.Number  `json:"number"`
		DocType    pipeline.DocType `json:"doc_type"`
		Date       string           `json:"date"`
		Title      string           `json:"title"`
		Body       string           `json:"body"`
		Signer     pipeline.Signer  `json:"signer"`
		Recipients []string         `json:"recipients"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("record %s: %w", id, err)
	}
	return &pipeline.Notice{ID: id, Issuer: r.Issuer, Number: r.Number, DocType: r.DocType, Date: r.Date,
		Title: r.Title, Body: r.Body, Signer: r.Signer, Recipients: r.Recipients}, nil
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

// parsedQuery is the query text cut into its parts.
type parsedQuery struct {
	phrases  []string // "quoted"
	words    []string
	prefixes []string // word*
}

func parseText(s string) parsedQuery {
	var p parsedQuery
	s = norm.NFC.String(s)
	for len(s) > 0 {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			break
		}
		if s[0] == '"' {
			end := strings.IndexByte(s[1:], '"')
			var ph string
			if end < 0 {
				ph, s = s[1:], ""
			} else {
				ph, s = s[1:1+end], s[end+2:]
			}
			if ph = strings.TrimSpace(ph); ph != "" {
				p.phrases = append(p.phrases, ph)
			}
			continue
		}
		end := strings.IndexFunc(s, unicode.IsSpace)
		if end < 0 {
			end = len(s)
		}
		w := s[:end]
		s = s[end:]
		if strings.HasSuffix(w, "*") && len(strings.TrimRight(w, "*")) > 0 {
			p.prefixes = append(p.prefixes, strings.TrimRight(w, "*"))
		} else if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			p.words = append(p.words, w)
		}
	}
	return p
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

// queryTerms lists what a query looks for, folded: its single words, its
// prefixes, and its quoted phrases as sequences of words.
func queryTerms(p parsedQuery) (words map[string]bool, prefixes []string, phrases [][]string) {
	words = map[string]bool{}
	for _, t := range p.words {
		for _, w := range foldedTokens(t) {
			words[w] = true
		}
	}
	for _, ph := range p.phrases {
		seq := foldedTokens(ph)
		if len(seq) == 1 {
			words[seq[0]] = true
		} else if len(seq) > 1 {
			phrases = append(phrases, seq)
		}
	}
	for _, pre := range p.prefixes {
		prefixes = append(prefixes, foldTerm([]byte(pre)))
	}
	return words, prefixes, phrases
}

// foldTerm is a token as AnalyzerFolded indexes it.
func foldTerm(b []byte) string { return string(appendFolded(nil, b)) }

// fragments cuts the highlighted pieces of a notice's text. The words are
// found by analysing the text as the folded field does, so the marks fall
// on the original words whatever their diacritics.
// highlight is what fragments marks: a query's folded words, prefixes
// and phrases (see queryTerms), worked out once per search.
type highlight struct {
	words    map[string]bool
	prefixes []string
	phrases  [][]string
}

func fragments(n *pipeline.Notice, h highlight) map[string][]string {
	words, prefixes, phrases := h.words, h.prefixes, h.phrases
	if len(words) == 0 && len(prefixes) == 0 && len(phrases) == 0 {
		return nil
	}
	out := map[string][]string{}
	_, parts := searchText(n)
	var buf []byte
	// The folded words of the current part, kept only for phrases.
	var folded []string
	var starts, ends []int
	for _, part := range parts {
		var spans [][2]int
		folded, starts, ends = folded[:0], starts[:0], ends[:0]
		text := []byte(part.text)
		scanWords(text, func(start, end int) {
			buf = appendFolded(buf[:0], text[start:end])
			hit := words[string(buf)]
			for _, pre := range prefixes {
				hit = hit || bytes.HasPrefix(buf, []byte(pre))
			}
			if hit {
				spans = append(spans, [2]int{start, end})
			}
			if len(phrases) > 0 {
				folded = append(folded, string(buf))
				starts, ends = append(starts, start), append(ends, end)
			}
		})
		// A quoted phrase is marked where all its words stand together,
		// not word by word.
		for _, seq := range phrases {
			for i := 0; i+len(seq) <= len(folded); i++ {
				if equalSeq(folded[i:i+len(seq)], seq) {
					spans = append(spans, [2]int{starts[i], ends[i+len(seq)-1]})
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
	for _, f := range []string{"type", "issuer", "year", "format", "kind"} {
		counts[f] = map[string]int{}
	}
	st := &Stats{}
	for _, ss := range snap.Segments() {
		cols, err := a.columns.get(ss.Segment())
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
	st.ByType, st.ByIssuer, st.ByYear, st.ByFormat, st.ByKind = list("type"), list("issuer"), list("year"), list("format"), list("kind")
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
