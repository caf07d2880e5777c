package index

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"golang.org/x/text/unicode/norm"

	"vanban/pipeline"
)

// Limits on a search request.
const (
	rerankDepth = 100 // matches searched for a query's words as a phrase
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

// facetFields are the facets every search returns.
var facetFields = map[string]string{"type": fieldType, "issuer": fieldIssuer, "year": fieldYear, "signer": fieldSigner}

// Search runs q over the archive.
func (a *Archive) Search(q Query) (*Result, error) {
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
	bq, terms, err := buildQuery(q)
	if err != nil {
		return nil, err
	}
	from := (q.Page - 1) * q.Limit
	// An unquoted run of words ranks the notices that hold it as a phrase
	// first. Checking the phrase needs term positions, too dear to read
	// for every match of common words; so the best rerankDepth matches
	// are fetched and those holding the phrase moved to the front.
	phrase := len(terms.words) >= 2 && !q.ByDate && from+q.Limit <= rerankDepth
	size, offset := q.Limit, from
	if phrase {
		size, offset = rerankDepth, 0
	}
	req := bleve.NewSearchRequestOptions(bq, size, offset, false)
	for name, field := range facetFields {
		req.AddFacet(name, bleve.NewFacetRequest(field, 15))
	}
	if q.ByDate {
		req.SortBy([]string{"-" + fieldDate, "-_score"})
	}
	res, err := a.idx.Search(req)
	if err != nil {
		return nil, err
	}
	hits := res.Hits
	if phrase && len(hits) > 1 {
		if hits, err = a.phraseFirst(hits, strings.Join(terms.words, " ")); err != nil {
			return nil, err
		}
	}
	if phrase {
		if from >= len(hits) {
			hits = nil
		} else {
			hits = hits[from:min(from+q.Limit, len(hits))]
		}
	}
	var marks highlight
	if q.Fragments {
		marks.words, marks.prefixes, marks.phrases = queryTerms(terms)
	}
	out := &Result{Total: res.Total, Page: q.Page, Limit: q.Limit, Took: res.Took, Hits: []Hit{}, Facets: map[string][]FacetCount{}}
	for _, h := range hits {
		hit := Hit{ID: h.ID, Score: h.Score}
		// The hit list shows fields from the stored record: the index
		// stores none, to stay small.
		if n, err := a.Record(h.ID); err == nil {
			hit.Title, hit.Number, hit.Issuer, hit.Type, hit.Date = n.Title, n.Number.Raw, n.Issuer.Name, n.DocType.Code, n.Date
			if q.Fragments {
				hit.Fragments = fragments(n, marks)
			}
		}
		out.Hits = append(out.Hits, hit)
	}
	for name, f := range res.Facets {
		var counts []FacetCount
		if f.Terms != nil {
			for _, t := range f.Terms.Terms() {
				counts = append(counts, FacetCount{Value: t.Term, Count: t.Count})
			}
		}
		if counts == nil {
			counts = []FacetCount{}
		}
		out.Facets[name] = counts
	}
	return out, nil
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

// buildQuery turns q into a Bleve query. Every word, phrase and prefix
// must match, in the folded fields, so a query with or without diacritics
// finds the same notices. Optional clauses rank them: the words with their
// diacritics in the exact fields (so "hòa" ranks notices spelling "hòa"
// above those with "hoa"), and an unquoted run of words as a phrase.
func buildQuery(q Query) (query.Query, parsedQuery, error) {
	p := parseText(q.Text)
	bq := bleve.NewBooleanQuery()
	anyText := false
	for _, w := range p.words {
		m := bleve.NewMatchQuery(w)
		m.SetField(fieldTextFold)
		m.SetOperator(query.MatchQueryOperatorAnd)
		bq.AddMust(m)
		anyText = true
	}
	for _, ph := range p.phrases {
		m := bleve.NewMatchPhraseQuery(ph)
		m.SetField(fieldTextFold)
		bq.AddMust(m)
		anyText = true
	}
	for _, pre := range p.prefixes {
		// Prefix queries are not analysed: fold the text as the index does.
		m := bleve.NewPrefixQuery(strings.ToLower(Fold(pre)))
		m.SetField(fieldTextFold)
		bq.AddMust(m)
		anyText = true
	}

	if all := strings.Join(append(append([]string{}, p.words...), p.phrases...), " "); all != "" {
		exact := bleve.NewMatchQuery(all)
		exact.SetField(fieldText)
		exact.SetBoost(2)
		title := bleve.NewMatchQuery(all)
		title.SetField(fieldTitleFold)
		title.SetBoost(1.5)
		bq.AddShould(exact, title)
	}
	filters, err := filterQueries(q)
	if err != nil {
		return nil, p, err
	}
	for _, f := range filters {
		bq.AddMust(f)
	}
	if !anyText && len(filters) == 0 {
		return bleve.NewMatchAllQuery(), p, nil
	}
	if !anyText {
		bq.AddMust(bleve.NewMatchAllQuery())
	}
	return bq, p, nil
}

// filterQueries turns the filters of q into queries every hit must match.
func filterQueries(q Query) ([]query.Query, error) {
	var out []query.Query
	term := func(field, value string) {
		t := bleve.NewTermQuery(value)
		t.SetField(field)
		out = append(out, t)
	}
	phrase := func(field, value string) {
		m := bleve.NewMatchPhraseQuery(value)
		m.SetField(field)
		out = append(out, m)
	}
	if t := strings.TrimSpace(q.Type); t != "" {
		term(fieldType, t)
	}
	if k := strings.TrimSpace(q.Kind); k != "" {
		term(fieldKind, strings.ToLower(k))
	}
	if s := strings.TrimSpace(q.Signer); s != "" {
		phrase(fieldSignerText, s)
	}
	if is := strings.TrimSpace(q.Issuer); is != "" {
		if isCode(is) {
			// A code such as "TU" or "UBND": the number's issuer code, or
			// a word of the issuer's name.
			code := bleve.NewTermQuery(is)
			code.SetField(fieldIssuerCode)
			name := bleve.NewMatchPhraseQuery(is)
			name.SetField(fieldIssuerText)
			out = append(out, bleve.NewDisjunctionQuery(code, name))
		} else {
			phrase(fieldIssuerText, is)
		}
	}
	if q.From != "" || q.To != "" {
		var from, to time.Time
		var err error
		if q.From != "" {
			if from, err = time.Parse("2006-01-02", q.From); err != nil {
				return nil, fmt.Errorf("%w: --from %q is not a date like 2024-01-31", ErrBadQuery, q.From)
			}
		}
		if q.To != "" {
			if to, err = time.Parse("2006-01-02", q.To); err != nil {
				return nil, fmt.Errorf("%w: --to %q is not a date like 2024-12-31", ErrBadQuery, q.To)
			}
			to = to.Add(24*time.Hour - time.Nanosecond)
		}
		if !from.IsZero() && !to.IsZero() && to.Before(from) {
			return nil, fmt.Errorf("%w: the date range ends before it starts", ErrBadQuery)
		}
		incl := true
		dq := bleve.NewDateRangeInclusiveQuery(from, to, &incl, &incl)
		dq.SetField(fieldDate)
		out = append(out, dq)
	}
	return out, nil
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
		for _, tok := range (wordTokenizer{}).Tokenize([]byte(t)) {
			words[foldTerm(tok.Term)] = true
		}
	}
	for _, ph := range p.phrases {
		var seq []string
		for _, tok := range (wordTokenizer{}).Tokenize([]byte(ph)) {
			seq = append(seq, foldTerm(tok.Term))
		}
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
func foldTerm(b []byte) string {
	ascii := true
	for _, c := range b {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(string(b))
	}
	// Fold drops the marks, so NFC is not needed first.
	return strings.ToLower(Fold(string(b)))
}

// phraseFirst moves the hits that hold phrase to the front, keeping the
// order within each group. It reads the term positions of the phrase's
// words at those documents only, through the index reader: a phrase query
// would scan every document holding the words.
func (a *Archive) phraseFirst(hits search.DocumentMatchCollection, phrase string) (search.DocumentMatchCollection, error) {
	var terms []string
	for _, tok := range (wordTokenizer{}).Tokenize([]byte(phrase)) {
		terms = append(terms, foldTerm(tok.Term))
	}
	if len(terms) < 2 {
		return hits, nil
	}
	adv, err := a.idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// The readers advance forward only: visit the hits in index order.
	order := make([]*search.DocumentMatch, len(hits))
	copy(order, hits)
	sort.Slice(order, func(i, j int) bool { return bytes.Compare(order[i].IndexInternalID, order[j].IndexInternalID) < 0 })
	// positions[i][doc] holds term i's positions in doc.
	positions := make([]map[string][]uint64, len(terms))
	for i, t := range terms {
		tfr, err := r.TermFieldReader(context.Background(), []byte(t), fieldTextFold, false, false, true)
		if err != nil {
			return nil, err
		}
		positions[i] = map[string][]uint64{}
		for _, h := range order {
			d, err := tfr.Advance(h.IndexInternalID, nil)
			if err != nil {
				tfr.Close()
				return nil, err
			}
			if d == nil {
				break
			}
			if !bytes.Equal(d.ID, h.IndexInternalID) {
				continue
			}
			for _, v := range d.Vectors {
				positions[i][string(h.IndexInternalID)] = append(positions[i][string(h.IndexInternalID)], v.Pos)
			}
		}
		tfr.Close()
	}
	has := map[string]bool{}
	for _, h := range hits {
		if holdsPhrase(positions, string(h.IndexInternalID)) {
			has[h.ID] = true
		}
	}
	if len(has) == 0 || len(has) == len(hits) {
		return hits, nil
	}
	out := make(search.DocumentMatchCollection, 0, len(hits))
	for _, h := range hits {
		if has[h.ID] {
			out = append(out, h)
		}
	}
	for _, h := range hits {
		if !has[h.ID] {
			out = append(out, h)
		}
	}
	return out, nil
}

// holdsPhrase reports whether the terms occur at consecutive positions in
// doc.
func holdsPhrase(positions []map[string][]uint64, doc string) bool {
	next := map[uint64]bool{}
	for _, p := range positions[0][doc] {
		next[p+1] = true
	}
	for _, m := range positions[1:] {
		cur := map[uint64]bool{}
		for _, p := range m[doc] {
			if next[p] {
				cur[p+1] = true
			}
		}
		if len(cur) == 0 {
			return false
		}
		next = cur
	}
	return true
}

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
	for _, part := range parts {
		toks := (wordTokenizer{}).Tokenize([]byte(part.text))
		folded := make([]string, len(toks))
		for i, tok := range toks {
			folded[i] = foldTerm(tok.Term)
		}
		var spans [][2]int
		for i, t := range folded {
			hit := words[t]
			for _, pre := range prefixes {
				hit = hit || strings.HasPrefix(t, pre)
			}
			if hit {
				spans = append(spans, [2]int{toks[i].Start, toks[i].End})
			}
			// A quoted phrase is marked where all its words stand
			// together, not word by word.
			for _, seq := range phrases {
				if i+len(seq) <= len(folded) && equalSeq(folded[i:i+len(seq)], seq) {
					spans = append(spans, [2]int{toks[i].Start, toks[i+len(seq)-1].End})
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
// and kind.
func (a *Archive) Stats() (*Stats, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 0, 0, false)
	fields := map[string]string{"type": fieldType, "issuer": fieldIssuer, "year": fieldYear, "format": fieldFormat, "kind": fieldKind}
	for name, f := range fields {
		req.AddFacet(name, bleve.NewFacetRequest(f, 1000))
	}
	res, err := a.idx.Search(req)
	if err != nil {
		return nil, err
	}
	count := func(name string) []FacetCount {
		out := []FacetCount{}
		f := res.Facets[name]
		if f == nil || f.Terms == nil {
			return out
		}
		for _, t := range f.Terms.Terms() {
			out = append(out, FacetCount{Value: t.Term, Count: t.Count})
		}
		if f.Missing > 0 {
			out = append(out, FacetCount{Value: "", Count: f.Missing})
		}
		return out
	}
	st := &Stats{Documents: res.Total, ByType: count("type"), ByIssuer: count("issuer"), ByYear: count("year"), ByFormat: count("format"), ByKind: count("kind")}
	sort.SliceStable(st.ByYear, func(i, j int) bool { return st.ByYear[i].Value > st.ByYear[j].Value })
	return st, nil
}
