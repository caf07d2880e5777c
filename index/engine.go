package index

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"golang.org/x/text/unicode/norm"

	"vanban/extract/viet"
)

// The search engine. Bleve's own searchers score every match and decode
// doc values hit by hit for facets: 100 ms and more for a query matching
// most of 100,000 notices. This engine reads the same index, segment by
// segment through scorch's snapshot, and works on posting lists as
// bitmaps:
//
//   - the matches are the intersection of the posting lists of the
//     query's words and word pairs (folded, or exact for words typed with
//     diacritics), with the filters' lists; a phrase of three words or
//     more is then proven from its lists' frequencies, or checked against
//     the record (phrase.go);
//   - the total and the facets are counted over that bitmap, the facets
//     through the segment's columns (columns.go);
//   - the ranking is in tiers, each a bitmap: the notices bearing a
//     number the query names first, then (with Query.Apart) those holding
//     the words as a phrase, then those with every word in the title (see
//     tierNumber, tierPhrase, tierTitle); within a tier, by TF-IDF of the
//     query's word pairs and words (see scoreTerms). Only the best tiers
//     are scored, as far as they fill the page asked for.
//
// Segments are searched in parallel.
//
// What the engine assumes of Bleve (v2.6.3, scorch, zapx v16 segments; an
// upgrade must check each; the nets are TestEngineAgreesWithAScan, which
// compares every total, facet and tier with a scan of the records on an
// archive with deleted notices, TestEngineAgreesWithBleve, which compares
// match sets, totals and facet counts with Bleve's own queries on an
// archive with notices deleted and re-added (it fails when deletions are
// not passed to PostingsList), and TestPostingsBitmapNilMeansIterate, for
// the nil bitmap zapx itself gives only for an empty list):
//
//   - the index reader is a *scorch.IndexSnapshot (indexSnapshot checks
//     and fails otherwise); its SegmentSnapshots give each segment, its
//     Deleted() bitmap (nil when none) and the offset of its doc numbers;
//   - PostingsList(term, except, nil) leaves out the documents of except,
//     and its iterator, where it is a segment.OptimizablePostingsIterator,
//     gives either DocNum1Hit (one document, already checked against
//     except) or ActualBitmap (postings less except, owned by the segment:
//     never changed here); a nil ActualBitmap means no bitmap was offered
//     and the list is iterated (postingsBitmap);
//   - the date field's terms are numeric.PrefixCoded int64 nanoseconds
//     since the epoch, full precision at shift 0 (columns.go reads only
//     those);
//   - doc values are off and the only stored field read is "_id"
//     (Segment.DocID, which names a hit): the columns come from the terms
//     of keyword fields (columns.go) and hits' records from the archive's
//     own files;
//   - scorch's configuration is passed as string keys ("bolt_timeout",
//     "scorchMergePlanOptions": writerConfig), which Bleve does not check:
//     a renamed key is silently ignored.

// The ranking tiers, as bits of a hit's tier: a hit's score is its tier
// plus its TF-IDF mapped into [0, 1).
const (
	tierTitle  = 1 << iota // every word of the query is in the title
	tierPhrase             // with Apart, the unquoted words stand together as typed
	tierNumber             // the notice bears a number the query names
)

// maxPrefixTerms bounds the words a prefix* may stand for in one segment;
// a shorter prefix is refused rather than searched in part.
const maxPrefixTerms = 10000

// plan is a query worked out into index terms.
type plan struct {
	// ctx stops a search (run sets it): the phrase checks against the
	// records look at it between records.
	ctx context.Context

	units    []alts    // phrases (single words among them) every match holds, one of each's spellings
	prefixes []qprefix // prefixes, one of whose words every match holds
	run      []string  // with Apart, the folded pairs of the unquoted words, for tierPhrase
	numbers  []string  // number keys of the numbers in the query, for tierNumber
	hasText  bool
	none     bool // nothing can match (a date outside --from/--to)

	typ, kind  string   // filters on the keyword values, any case
	signer     []string // folded words the signer's name holds in a row
	issuer     []string // folded words the issuer's name holds in a row
	issuerCode string   // or the number's issuer code, if a code was given
	from, to   int32    // yyyymmdd, 0 when open

	byDate bool
	k      int // hits to rank: the page's end
	skip   int // hits before the page

	// verify reads a record's search text, to check a phrase the
	// posting lists cannot prove (see phrase.go).
	verify func(id string) (string, error)
	// proofs keeps what verify found, per segment (nil: no cache).
	proofs *proofCache
}

// newPlan works out p and the filters of q.
func newPlan(q Query, p parsedQuery) (*plan, error) {
	pl := &plan{byDate: q.ByDate, k: q.Page * q.Limit, skip: (q.Page - 1) * q.Limit}
	var units []unit
	for _, r := range p.runs {
		run := termsOf(strings.Join(r, " "), false)
		if !q.Apart {
			units = append(units, run)
			continue
		}
		var folded []string
		for _, t := range run {
			units = append(units, unit{t})
			folded = append(folded, t.fold)
		}
		if len(folded) > 1 {
			pl.run = append(pl.run, pairsOf(folded)...)
		}
	}
	for _, ph := range p.phrases {
		units = append(units, termsOf(ph, false))
	}
	seen := map[string]bool{}
	for _, u := range units {
		if k := u.key(); len(u) > 0 && !seen[k] {
			seen[k] = true
			pl.units = append(pl.units, equivalents(u))
		}
	}
	for _, n := range p.numbers {
		// A number is matched as written, without equivalents.
		if u := termsOf(n, true); len(u) > 0 && !seen[u.key()] {
			seen[u.key()] = true
			pl.units = append(pl.units, alts{u})
		}
		if k := numberKey(n); k != "" {
			pl.numbers = append(pl.numbers, k)
		}
	}
	for _, pre := range p.prefixes {
		t := termOf([]byte(pre))
		switch {
		case t.marked:
			pl.prefixes = append(pl.prefixes, qprefix{form: t.exact, marked: true})
		case t.fold != "":
			pl.prefixes = append(pl.prefixes, qprefix{form: t.fold})
		}
	}
	pl.run, pl.numbers = dedup(pl.run), dedup(pl.numbers)
	pl.hasText = len(pl.units) > 0 || len(pl.prefixes) > 0

	pl.typ = strings.TrimSpace(q.Type)
	pl.kind = strings.TrimSpace(q.Kind)
	if s := strings.TrimSpace(q.Signer); s != "" {
		if pl.signer = foldedTokens(s); len(pl.signer) == 0 {
			return nil, fmt.Errorf("%w: --signer %q has no letters", ErrBadQuery, q.Signer)
		}
	}
	if is := strings.TrimSpace(q.Issuer); is != "" {
		if isCode(is) {
			pl.issuerCode = is
		}
		if pl.issuer = foldedTokens(is); len(pl.issuer) == 0 {
			return nil, fmt.Errorf("%w: --issuer %q has no letters", ErrBadQuery, q.Issuer)
		}
	}
	var err error
	if pl.from, pl.to, err = dateRange(q.From, q.To); err != nil {
		return nil, err
	}
	// A date in the query narrows the range to that day.
	for _, d := range p.days {
		if pl.from != 0 && d < pl.from || pl.to != 0 && d > pl.to || len(p.days) > 1 && d != p.days[0] {
			pl.none = true
		}
		pl.from, pl.to = d, d
	}
	return pl, nil
}

// dateRange checks --from and --to and returns them as yyyymmdd.
func dateRange(from, to string) (int32, int32, error) {
	f, t := parseDay(from), parseDay(to)
	switch {
	case from != "" && (f == 0 || !validDate(from)):
		return 0, 0, fmt.Errorf("%w: --from %q is not a date like 2024-01-31", ErrBadQuery, from)
	case to != "" && (t == 0 || !validDate(to)):
		return 0, 0, fmt.Errorf("%w: --to %q is not a date like 2024-12-31", ErrBadQuery, to)
	case f != 0 && t != 0 && t < f:
		return 0, 0, fmt.Errorf("%w: the date range ends before it starts", ErrBadQuery)
	}
	return f, t, nil
}

// foldedTokens is s cut into words and folded as AnalyzerFolded does.
func foldedTokens(s string) []string {
	var out []string
	for _, t := range termsOf(s, true) {
		out = append(out, t.fold)
	}
	return out
}

func pairsOf(toks []string) []string {
	var out []string
	for i := 0; i+1 < len(toks); i++ {
		out = append(out, string(pairTerm([]byte(toks[i]), []byte(toks[i+1]))))
	}
	return out
}

func dedup(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// ranked is a hit before it is looked up: its place in a segment, and
// what orders it.
type ranked struct {
	seg   int
	doc   uint32
	score float64
	day   int32
}

// better orders hits by score, or by date for a date sort, then by
// segment and document for a stable order.
func (p *plan) better(a, b ranked) bool {
	if p.byDate || !p.hasText {
		if a.day != b.day {
			return a.day > b.day
		}
	}
	if a.score != b.score {
		return a.score > b.score
	}
	if a.seg != b.seg {
		return a.seg < b.seg
	}
	return a.doc < b.doc
}

// topK keeps the k best hits seen; its root is the worst of them.
type topK struct {
	p    *plan
	hits []ranked
}

func (t *topK) Len() int           { return len(t.hits) }
func (t *topK) Less(i, j int) bool { return t.p.better(t.hits[j], t.hits[i]) }
func (t *topK) Swap(i, j int)      { t.hits[i], t.hits[j] = t.hits[j], t.hits[i] }
func (t *topK) Push(x any)         { t.hits = append(t.hits, x.(ranked)) }
func (t *topK) Pop() any {
	x := t.hits[len(t.hits)-1]
	t.hits = t.hits[:len(t.hits)-1]
	return x
}

func (t *topK) offer(h ranked) {
	if len(t.hits) < t.p.k {
		heap.Push(t, h)
	} else if t.p.k > 0 && t.p.better(h, t.hits[0]) {
		t.hits[0] = h
		heap.Fix(t, 0)
	}
}

// segmentResult is what one segment found.
type segmentResult struct {
	total  uint64
	facets facetCounts // by the segment's value ids
	top    []ranked
}

// engineResult is what a search found, before the hits are looked up.
type engineResult struct {
	total  uint64
	facets facetCounts // by values' ids
	values *facetValues
	hits   []ranked // the page's hits, best first
	ids    []string // their document ids
}

// snapshot is the index as it stands: its segments stay while it is open.
func (a *Archive) snapshot() (*scorch.IndexSnapshot, error) { return indexSnapshot(a.idx) }

// indexSnapshot is idx as it stands.
func indexSnapshot(idx bleve.Index) (*scorch.IndexSnapshot, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, fmt.Errorf("index: unexpected reader %T", r)
	}
	return snap, nil
}

// run searches every segment of the archive's current snapshot; it stops
// between segments once ctx is done and returns ctx.Err().
func (a *Archive) run(ctx context.Context, p *plan) (*engineResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p.ctx = ctx
	snap, err := a.snapshot()
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	segs := snap.Segments()
	plain := make([]segment.Segment, len(segs))
	for i, s := range segs {
		plain[i] = s.Segment()
	}
	a.columns.keepOnly(plain)

	// The terms hits are scored by, and their inverse document
	// frequencies over the whole archive.
	scoring := [2][]scoreTerm{p.scoreTerms(false), p.scoreTerms(true)}
	var docs uint64
	df := map[scoreTerm]uint64{}
	for _, s := range segs {
		docs += s.Count()
		for _, terms := range scoring {
			for _, t := range terms {
				dict, err := s.Segment().Dictionary(t.field)
				if err != nil {
					return nil, err
				}
				pl, err := dict.PostingsList([]byte(t.term), s.Deleted(), nil)
				if err != nil {
					return nil, err
				}
				df[t] += pl.Count()
			}
		}
	}
	for _, terms := range scoring {
		for i, t := range terms {
			v := 1 + math.Log(float64(docs)/float64(df[t]+1))
			terms[i].idf = v * v
		}
	}

	results := make([]*segmentResult, len(segs))
	errs := make([]error, len(segs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, s := range segs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if errs[i] = ctx.Err(); errs[i] == nil {
				results[i], errs[i] = a.searchSegment(p, i, s, scoring)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fv, err := a.facetValues(segs)
	if err != nil {
		return nil, err
	}
	out := &engineResult{values: fv}
	all := &topK{p: p}
	for i, r := range results {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out.total += r.total
		fv.add(&out.facets, i, r.facets)
		for _, h := range r.top {
			all.offer(h)
		}
	}
	out.hits = all.hits
	sort.Slice(out.hits, func(i, j int) bool { return p.better(out.hits[i], out.hits[j]) })
	// Only the page's hits are looked up.
	if p.skip < len(out.hits) {
		out.hits = out.hits[p.skip:]
	} else {
		out.hits = nil
	}
	for _, h := range out.hits {
		id, err := segs[h.seg].DocID(uint64(h.doc))
		if err != nil {
			return nil, err
		}
		out.ids = append(out.ids, string(id))
	}
	return out, nil
}

// facetValues returns the numbering of the facet values of segs.
func (a *Archive) facetValues(snaps []*scorch.SegmentSnapshot) (*facetValues, error) {
	a.facetMu.Lock()
	defer a.facetMu.Unlock()
	segs := make([]segment.Segment, len(snaps))
	for i, s := range snaps {
		segs[i] = s.Segment()
	}
	if a.facets.sameSegments(segs) {
		return a.facets, nil
	}
	cols := make([]*segmentColumns, len(segs))
	for i, s := range snaps {
		c, err := a.columns.get(s.Segment(), s.Id())
		if err != nil {
			return nil, err
		}
		cols[i] = c
	}
	a.facets = newFacetValues(segs, cols)
	return a.facets, nil
}

// searchSegment finds p's matches in one segment, counts them and their
// facets and ranks the best p.k.
func (a *Archive) searchSegment(p *plan, segIndex int, ss *scorch.SegmentSnapshot, scoring [2][]scoreTerm) (*segmentResult, error) {
	seg := ss.Segment()
	cols, err := a.columns.get(seg, ss.Id())
	if err != nil {
		return nil, err
	}
	deleted := ss.Deleted()
	res := &segmentResult{}
	if p.none {
		return res, nil
	}
	match, err := matchSegment(p, seg, cols, deleted)
	if err != nil || match == nil {
		return res, err
	}
	if p.from != 0 || p.to != 0 {
		match = filterDays(match, cols, p.from, p.to)
	}
	if match, err = p.provePhrases(ss, match); err != nil {
		return nil, err
	}
	res.total = match.GetCardinality()
	if res.total == 0 {
		return res, nil
	}
	res.facets = countFacets(match, cols)
	if p.k == 0 {
		return res, nil
	}

	top := &topK{p: p}
	if p.byDate || !p.hasText {
		// Newest first: every match is a candidate, none is scored.
		forEach(match, func(doc uint32) {
			top.offer(ranked{seg: segIndex, doc: doc, day: cols.dayOf(doc)})
		})
		res.top = top.hits
		return res, nil
	}
	tiers, err := tierBitmaps(p, seg, deleted, match)
	if err != nil {
		return nil, err
	}
	for t := len(tiers) - 1; t >= 0; t-- {
		if tiers[t] == nil || tiers[t].IsEmpty() {
			continue
		}
		terms := scoring[0]
		if t&tierPhrase != 0 {
			terms = scoring[1]
		}
		if err := scoreTier(seg, deleted, tiers[t], terms, func(doc uint32, s float64) {
			top.offer(ranked{seg: segIndex, doc: doc, score: float64(t) + s/(1+s), day: cols.dayOf(doc)})
		}); err != nil {
			return nil, err
		}
		if len(top.hits) >= p.k {
			break // lower tiers rank below every hit kept
		}
	}
	res.top = top.hits
	return res, nil
}

// matchSegment is the documents of seg that match p, before the date
// filter; nil when none can.
func matchSegment(p *plan, seg segment.Segment, cols *segmentColumns, deleted *roaring.Bitmap) (*roaring.Bitmap, error) {
	var match *roaring.Bitmap
	and := func(bm *roaring.Bitmap) bool {
		if match == nil {
			match = bm.Clone()
		} else {
			match.And(bm)
		}
		return !match.IsEmpty()
	}
	// The rarest lists first would save work; the order does not change
	// the result.
	for _, g := range p.units {
		if len(g) == 1 {
			for _, t := range g[0].lists() {
				bm, err := termBitmap(seg, t, deleted)
				if err != nil {
					return nil, err
				}
				if !and(bm) {
					return nil, nil
				}
			}
			continue
		}
		var any []*roaring.Bitmap
		for _, u := range g {
			bm, err := listsBitmap(seg, u.lists(), deleted)
			if err != nil {
				return nil, err
			}
			any = append(any, bm)
		}
		if !and(roaring.FastOr(any...)) {
			return nil, nil
		}
	}
	for _, pre := range p.prefixes {
		field := fieldTextFold
		if pre.marked {
			field = fieldText
		}
		dict, err := seg.Dictionary(field)
		if err != nil {
			return nil, err
		}
		bm, err := unionOf(dict, deleted, []byte(pre.form), prefixEnd([]byte(pre.form)), func(string) bool { return true }, maxPrefixTerms)
		if errors.Is(err, errTooManyTerms) {
			return nil, fmt.Errorf("%w: %s* stands for more than %d words; type more of it", ErrBadQuery, pre.form, maxPrefixTerms)
		}
		if err != nil {
			return nil, err
		}
		if !and(bm) {
			return nil, nil
		}
	}
	filters := []struct {
		field string
		col   *column
		keep  func(i int) bool
		on    bool
	}{
		{fieldType, &cols.typ, func(i int) bool { return strings.EqualFold(cols.typ.values[i], p.typ) }, p.typ != ""},
		{fieldKind, &cols.kind, func(i int) bool { return strings.EqualFold(cols.kind.values[i], p.kind) }, p.kind != ""},
		{fieldSigner, &cols.signer, func(i int) bool { return holdsWords(cols.signer.foldedWords()[i], p.signer) }, len(p.signer) > 0},
		{fieldIssuerText, &cols.issuerText, func(i int) bool {
			if p.issuerCode != "" {
				// A code ("TU") is a word of the name as printed: "TU" is not
				// "TƯ" (ĐẦU TƯ).
				return hasWord(cols.issuerText.values[i], p.issuerCode)
			}
			return holdsWords(cols.issuerText.foldedWords()[i], p.issuer)
		}, len(p.issuer) > 0},
	}
	for _, f := range filters {
		if !f.on {
			continue
		}
		bm, err := valuesBitmap(seg, f.field, f.col, f.keep, deleted)
		if err != nil {
			return nil, err
		}
		if f.field == fieldIssuerText && p.issuerCode != "" {
			// A code such as "TU" or "UBND": the number's issuer code, or
			// a word of the issuer's name.
			codes, err := seg.Dictionary(fieldIssuerCode)
			if err != nil {
				return nil, err
			}
			byCode, err := unionOf(codes, deleted, nil, nil, func(v string) bool { return strings.EqualFold(v, p.issuerCode) }, 0)
			if err != nil {
				return nil, err
			}
			bm = roaring.Or(bm, byCode)
		}
		if !and(bm) {
			return nil, nil
		}
	}
	if match == nil {
		// No words and no filters on lists: every notice.
		match = allDocs(seg, deleted)
	}
	return match, nil
}

// termBitmap is the documents of seg holding t, less deleted; it may be
// the segment's own bitmap: do not change it.
func termBitmap(seg segment.Segment, t fieldTerm, deleted *roaring.Bitmap) (*roaring.Bitmap, error) {
	dict, err := seg.Dictionary(t.field)
	if err != nil {
		return nil, err
	}
	return postingsBitmap(dict, []byte(t.term), deleted)
}

// listsBitmap is the documents of seg holding every one of lists, less
// deleted; a new bitmap.
func listsBitmap(seg segment.Segment, lists []fieldTerm, deleted *roaring.Bitmap) (*roaring.Bitmap, error) {
	var out *roaring.Bitmap
	for _, t := range lists {
		bm, err := termBitmap(seg, t, deleted)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = bm.Clone()
		} else {
			out.And(bm)
		}
		if out.IsEmpty() {
			break
		}
	}
	if out == nil {
		out = roaring.New()
	}
	return out, nil
}

// allDocs is the documents of seg less deleted.
func allDocs(seg segment.Segment, deleted *roaring.Bitmap) *roaring.Bitmap {
	bm := roaring.New()
	bm.AddRange(0, seg.Count())
	if deleted != nil {
		bm.AndNot(deleted)
	}
	return bm
}

// errTooManyTerms: a prefix stands for more than maxPrefixTerms words.
var errTooManyTerms = errors.New("too many words")

// unionOf is the documents of the terms of dict in [start, end) that keep
// accepts, less deleted; with limit > 0, errTooManyTerms if more than
// limit terms are accepted.
func unionOf(dict segment.TermDictionary, deleted *roaring.Bitmap, start, end []byte, keep func(string) bool, limit int) (*roaring.Bitmap, error) {
	var lists []*roaring.Bitmap
	it := dict.AutomatonIterator(nil, start, end)
	for {
		e, err := it.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		if limit > 0 && len(lists) >= limit {
			return nil, errTooManyTerms
		}
		if !keep(e.Term) {
			continue
		}
		bm, err := postingsBitmap(dict, []byte(e.Term), deleted)
		if err != nil {
			return nil, err
		}
		lists = append(lists, bm)
	}
	return roaring.FastOr(lists...), nil
}

// valuesBitmap is the documents whose value in col (the column of field)
// keep accepts, less deleted.
func valuesBitmap(seg segment.Segment, field string, col *column, keep func(i int) bool, deleted *roaring.Bitmap) (*roaring.Bitmap, error) {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return nil, err
	}
	var lists []*roaring.Bitmap
	for i, v := range col.values {
		if !keep(i) {
			continue
		}
		bm, err := postingsBitmap(dict, []byte(v), deleted)
		if err != nil {
			return nil, err
		}
		lists = append(lists, bm)
	}
	return roaring.FastOr(lists...), nil
}

// prefixEnd is the first key after every key that starts with pre.
func prefixEnd(pre []byte) []byte {
	end := append([]byte{}, pre...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// holdsWords reports whether toks contain words in a row.
func holdsWords(toks, words []string) bool {
	for i := 0; i+len(words) <= len(toks); i++ {
		if equalSeq(toks[i:i+len(words)], words) {
			return true
		}
	}
	return false
}

// hasWord reports whether s holds the word w, letters and digits as
// printed (case aside, diacritics not).
func hasWord(s, w string) bool {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) }) {
		if strings.EqualFold(norm.NFC.String(f), norm.NFC.String(w)) {
			return true
		}
	}
	return false
}

// filterDays keeps the documents dated from..to (either may be 0: open).
func filterDays(match *roaring.Bitmap, cols *segmentColumns, from, to int32) *roaring.Bitmap {
	out := roaring.New()
	forEach(match, func(doc uint32) {
		d := cols.dayOf(doc)
		if d != 0 && (from == 0 || d >= from) && (to == 0 || d <= to) {
			out.Add(doc)
		}
	})
	return out
}

// forEach calls f for each document of bm in order.
func forEach(bm *roaring.Bitmap, f func(uint32)) {
	it := bm.ManyIterator()
	buf := make([]uint32, 512)
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, d := range buf[:n] {
			f(d)
		}
	}
}

// The facets of a search (Result.Facets keys) and the archive's other
// counts (Stats): the one spelling of each name, for the CLI, the server
// and the page.
const (
	FacetType   = "type"   // doc_type.code
	FacetIssuer = "issuer" // issuer.name as printed
	FacetSigner = "signer" // signer.name
	FacetYear   = "year"   // the year of the date
	FacetFormat = "format" // source.format (Stats only)
	FacetKind   = "kind"   // party or state (Stats only)
)

// The facets every search counts, in facetCounts order.
var facetNames = [...]string{FacetType, FacetIssuer, FacetSigner, FacetYear}

// facetCounts are the counts of each facet's values, by value id: within
// a segment, the ids of its columns (the year facet counts dates); across
// the archive, those of a facetValues.
type facetCounts [len(facetNames)][]int

// countFacets counts the matches by type, issuer, signer and year.
func countFacets(match *roaring.Bitmap, cols *segmentColumns) facetCounts {
	var counts facetCounts
	var ids [len(facetNames)][]uint32
	for f, name := range facetNames {
		v := cols.byName(name)
		counts[f], ids[f] = make([]int, len(v.values)+1), v.ids
	}
	forEach(match, func(doc uint32) {
		counts[0][ids[0][doc]]++
		counts[1][ids[1][doc]]++
		counts[2][ids[2][doc]]++
		counts[3][ids[3][doc]]++
	})
	return counts
}

// facetValues numbers the values of each facet across the segments of a
// snapshot, so that counts add up in arrays, not maps.
type facetValues struct {
	segs   []segment.Segment
	values [len(facetNames)][]string
	// global[f][s][id] is the archive-wide id of value id of facet f in
	// segment s (0: no value).
	global [len(facetNames)][][]int
}

// newFacetValues numbers the facet values of segs, whose columns are cols.
func newFacetValues(segs []segment.Segment, cols []*segmentColumns) *facetValues {
	fv := &facetValues{segs: segs}
	for f := range facetNames {
		ids := map[string]int{}
		fv.global[f] = make([][]int, len(cols))
		for s, c := range cols {
			vals := c.byName(facetNames[f]).values
			m := make([]int, len(vals)+1)
			for i, v := range vals {
				id, ok := ids[v]
				if !ok {
					fv.values[f] = append(fv.values[f], v)
					id = len(fv.values[f])
					ids[v] = id
				}
				m[i+1] = id
			}
			fv.global[f][s] = m
		}
	}
	return fv
}

// sameSegments reports whether fv numbers exactly segs.
func (fv *facetValues) sameSegments(segs []segment.Segment) bool {
	if fv == nil || len(fv.segs) != len(segs) {
		return false
	}
	for i := range segs {
		if fv.segs[i] != segs[i] {
			return false
		}
	}
	return true
}

// add adds the counts of segment s to the archive-wide counts.
func (fv *facetValues) add(total *facetCounts, s int, counts facetCounts) {
	for f := range facetNames {
		if counts[f] == nil {
			continue
		}
		if total[f] == nil {
			total[f] = make([]int, len(fv.values[f])+1)
		}
		m := fv.global[f][s]
		for id, n := range counts[f][1:] {
			if n > 0 {
				total[f][m[id+1]] += n
			}
		}
	}
}

// top lists the limit most frequent values of facet f, the most frequent
// first, then by value.
func (fv *facetValues) top(f int, counts []int, limit int) []FacetCount {
	out := []FacetCount{}
	// The limit best stay in out, sorted; a value enters only if it beats
	// the last.
	for id, n := range counts {
		if id == 0 || n == 0 {
			continue
		}
		c := FacetCount{Value: fv.values[f][id-1], Count: n}
		if len(out) == limit && !countBefore(c, out[limit-1]) {
			continue
		}
		i := sort.Search(len(out), func(i int) bool { return countBefore(c, out[i]) })
		if len(out) < limit {
			out = append(out, FacetCount{})
		}
		copy(out[i+1:], out[i:])
		out[i] = c
	}
	return out
}

// tierBitmaps splits match by tier: tiers[t] holds the matches of tier t;
// a nil entry, none.
func tierBitmaps(p *plan, seg segment.Segment, deleted, match *roaring.Bitmap) ([]*roaring.Bitmap, error) {
	// lists is the documents of match holding every term (any, with
	// union) of field.
	lists := func(field string, terms []string, union bool) (*roaring.Bitmap, error) {
		if len(terms) == 0 {
			return nil, nil
		}
		dict, err := seg.Dictionary(field)
		if err != nil {
			return nil, err
		}
		var out *roaring.Bitmap
		if union {
			out = roaring.New()
		} else {
			out = match.Clone()
		}
		for _, t := range terms {
			bm, err := postingsBitmap(dict, []byte(t), deleted)
			if err != nil {
				return nil, err
			}
			if union {
				out.Or(roaring.And(match, bm))
			} else if out.And(bm); out.IsEmpty() {
				break
			}
		}
		return out, nil
	}
	tiers := []*roaring.Bitmap{match}
	for _, b := range []struct {
		field string
		terms []string
		union bool
	}{{fieldTitleFold, p.titleWords(), false}, {fieldTextPairs, p.run, false}, {fieldNumberKey, p.numbers, true}} {
		has, err := lists(b.field, b.terms, b.union)
		if err != nil {
			return nil, err
		}
		// Each tier so far splits into those with this bit and those
		// without.
		next := make([]*roaring.Bitmap, 2*len(tiers))
		for t, bm := range tiers {
			if bm == nil {
				continue
			}
			if has == nil || has.IsEmpty() {
				next[t] = bm
				continue
			}
			next[t] = roaring.AndNot(bm, has)
			next[t+len(tiers)] = roaring.And(bm, has)
		}
		tiers = next
	}
	return tiers, nil
}

// titleWords is the folded words of the query's phrases, which a match
// of tierTitle holds in its title.
func (p *plan) titleWords() []string {
	var out []string
	for _, g := range p.units {
		for _, t := range g[0] {
			out = append(out, t.fold)
		}
	}
	return dedup(out)
}

// scoreTerm is a term a hit's TF-IDF adds up.
type scoreTerm struct {
	field, term string
	idf         float64 // squared
}

// scoreTerms lists the terms that score a hit, with or without
// tierPhrase: a single word by itself, a phrase by its word pairs (how
// often a notice uses the phrase tells more than how often it uses its
// words, and a pair's posting list is shorter than its words'); with
// tierPhrase, the pairs of the unquoted words too.
func (p *plan) scoreTerms(phrase bool) []scoreTerm {
	var out []scoreTerm
	seen := map[scoreTerm]bool{}
	add := func(t scoreTerm) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, g := range p.units {
		for _, u := range g {
			for _, l := range u.lists() {
				if len(u) == 1 || l.field != fieldText {
					add(scoreTerm{field: l.field, term: l.term})
				}
			}
		}
	}
	if phrase {
		for _, pr := range p.run {
			add(scoreTerm{field: fieldTextPairs, term: pr})
		}
	}
	return out
}

// scoreTier calls f with each document of docs and its TF-IDF: for each
// term, the square root of its frequency times the field's length norm
// times the square of its inverse document frequency.
func scoreTier(seg segment.Segment, deleted, docs *roaring.Bitmap, terms []scoreTerm, f func(uint32, float64)) error {
	type cursor struct {
		it   segment.PostingsIterator
		cur  segment.Posting
		done bool
	}
	cursors := make([]cursor, len(terms))
	// zap reads a posting list's frequencies in chunks, one posting after
	// the other. When the tier is a small part of the segment, the lists
	// are opened without the documents outside it: the iterator then
	// jumps over them and decodes only the chunks that hold tier members.
	except := deleted
	if n := seg.Count(); docs.GetCardinality()*4 < n {
		except = roaring.Flip(docs, 0, n)
		if deleted != nil {
			except.Or(deleted)
		}
	}
	for i, t := range terms {
		dict, err := seg.Dictionary(t.field)
		if err != nil {
			return err
		}
		pl, err := dict.PostingsList([]byte(t.term), except, nil)
		if err != nil {
			return err
		}
		cursors[i].it = pl.Iterator(true, true, false, nil)
	}
	var err error
	forEach(docs, func(doc uint32) {
		if err != nil {
			return
		}
		s := 0.0
		for i := range cursors {
			c := &cursors[i]
			if c.done || (c.cur != nil && c.cur.Number() > uint64(doc)) {
				continue
			}
			if c.cur == nil || c.cur.Number() < uint64(doc) {
				c.cur, err = c.it.Advance(uint64(doc))
				if err != nil {
					return
				}
				if c.cur == nil {
					c.done = true
					continue
				}
			}
			if c.cur.Number() == uint64(doc) {
				s += terms[i].idf * math.Sqrt(float64(c.cur.Frequency())) * c.cur.Norm()
			}
		}
		f(doc, s)
	})
	return err
}

// validDate reports a real calendar date written YYYY-MM-DD.
func validDate(s string) bool {
	_, ok := viet.ParseISO(s)
	return ok
}

// persistColumns saves the columns of idx's segments in its folder
// (columns.go), with cache's columns where it has them.
func persistColumns(idx bleve.Index, cache *columnCache) error {
	snap, err := indexSnapshot(idx)
	if err != nil {
		return err
	}
	defer snap.Close()
	return cache.persist(snap)
}
