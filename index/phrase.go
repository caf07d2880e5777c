package index

import (
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Exact phrases without positions. The index holds no term positions (they
// would double it); a phrase is found through its neighbouring words:
// folded pairs (fieldTextPairs), folded triples (fieldTextTriples) and,
// for two words both typed with diacritics, exact pairs
// (fieldTextMPairs). A phrase of two words is then exact. For longer
// ones, holding every pair or triple does not prove the phrase ("a b c"
// here and "b c d" there), so each candidate is proven from the
// frequencies the posting lists hold: starting from one triple, the
// phrase extends to the right over "b c d" when every "b c" of the notice
// is followed by "d" (freq("b c d") = freq("b c")), and to the left over
// "a b c" when every "b c" is preceded by "a"; likewise with pairs and
// words. A word typed with diacritics is then proven spelled so when the
// notice spells so every folded occurrence of it, or of its pair with a
// neighbour typed with diacritics. What the frequencies cannot prove is
// checked against the record's text.

// fieldTerm is a term of a field.
type fieldTerm struct{ field, term string }

// lists is the posting lists every match of u is in: a word's own, or
// the phrase's pairs and the words with diacritics no exact pair holds.
func (u unit) lists() []fieldTerm {
	if len(u) == 1 {
		return []fieldTerm{u[0].list()}
	}
	var out []fieldTerm
	covered := make([]bool, len(u))
	for i := 0; i+1 < len(u); i++ {
		if u[i].marked && u[i+1].marked {
			out = append(out, fieldTerm{fieldTextMPairs, u[i].exact + " " + u[i+1].exact})
			covered[i], covered[i+1] = true, true
		} else {
			out = append(out, fieldTerm{fieldTextPairs, u[i].fold + " " + u[i+1].fold})
		}
	}
	for i, t := range u {
		if t.marked && !covered[i] {
			out = append(out, t.list())
		}
	}
	for i := 0; i+2 < len(u); i++ {
		out = append(out, fieldTerm{fieldTextTriples, u[i].fold + " " + u[i+1].fold + " " + u[i+2].fold})
	}
	return out
}

// list is a word's posting list.
func (t qterm) list() fieldTerm {
	if t.marked {
		return fieldTerm{fieldText, t.exact}
	}
	return fieldTerm{fieldTextFold, t.fold}
}

// uniform reports a phrase whose words all have diacritics or none has.
func (u unit) uniform() bool {
	for _, t := range u[1:] {
		if t.marked != u[0].marked {
			return false
		}
	}
	return true
}

// proven reports a phrase its lists alone prove: a word, or two words
// both with diacritics or both without.
func (u unit) proven() bool { return len(u) == 1 || len(u) == 2 && u.uniform() }

// provePhrases removes from match (the documents of ss holding every
// list of one spelling of every phrase) those not holding one of each
// phrase's spellings in a row.
//
// What it finds is kept (proofCache): a document of a segment decided
// once for a phrase set is not proven again.
func (p *plan) provePhrases(ss *scorch.SegmentSnapshot, match *roaring.Bitmap) (*roaring.Bitmap, error) {
	var check []alts
	for _, g := range p.units {
		if len(g) > 1 || !g[0].proven() {
			check = append(check, g)
		}
	}
	if len(check) == 0 || match.IsEmpty() {
		return match, nil
	}
	key := proofKey{segment: ss.Id(), phrases: phrasesKey(check)}
	if p.proofs == nil {
		return p.prove(ss, match, check, key)
	}
	known, todo := p.proofs.known(key, match)
	if todo.IsEmpty() {
		return known, nil
	}
	out, err := p.prove(ss, todo, check, key)
	if err != nil {
		return nil, err
	}
	p.proofs.add(key, todo, out)
	out.Or(known)
	return out, nil
}

// prove is provePhrases without its cache but for the record checks,
// which it keeps as it goes, so that a search stopped midway keeps them.
func (p *plan) prove(ss *scorch.SegmentSnapshot, match *roaring.Bitmap, check []alts, key proofKey) (*roaring.Bitmap, error) {
	seg := ss.Segment()
	docs := match.ToArray()
	// Lists are read for these documents only.
	except := ss.Deleted()
	if n := seg.Count(); uint64(len(docs))*4 < n {
		except = roaring.Flip(match, 0, n)
		if d := ss.Deleted(); d != nil {
			except.Or(d)
		}
	}
	freqs := map[fieldTerm][]uint64{}
	freq := func(ft fieldTerm) ([]uint64, error) {
		if f, ok := freqs[ft]; ok {
			return f, nil
		}
		f, err := termFreqs(seg, ft, docs, except)
		freqs[ft] = f
		return f, err
	}
	unproven := roaring.New()
	for _, g := range check {
		proven := roaring.New()
		for _, u := range g {
			// The documents holding this spelling's lists.
			has := match
			if len(g) > 1 {
				bm, err := listsBitmap(seg, u.lists(), except)
				if err != nil {
					return nil, err
				}
				has = roaring.And(match, bm)
			}
			if u.proven() {
				proven.Or(has)
				continue
			}
			ok, err := u.chainProof(docs, freq, func(ft fieldTerm, some []uint32) ([]uint64, error) {
				return termFreqs(seg, ft, some, except)
			})
			if err != nil {
				return nil, err
			}
			for c, doc := range docs {
				if ok[c] && has.Contains(doc) {
					proven.Add(doc)
				}
			}
		}
		unproven.Or(roaring.AndNot(match, proven))
	}
	if unproven.IsEmpty() {
		return match, nil
	}
	// The rest is checked against the records, but for what the cache
	// already knows of this segment.
	var cached, rest *roaring.Bitmap
	if p.proofs != nil {
		cached, rest = p.proofs.known(key, unproven)
	} else {
		cached, rest = roaring.New(), unproven
	}
	out := roaring.AndNot(match, unproven)
	out.Or(cached)
	checked, holds := roaring.New(), roaring.New()
	var err error
	forEach(rest, func(doc uint32) {
		if err == nil && p.ctx != nil {
			err = p.ctx.Err()
		}
		if err != nil {
			return
		}
		var id []byte
		if id, err = seg.DocID(uint64(doc)); err != nil {
			return
		}
		var text string
		if text, err = p.verify(string(id)); err != nil {
			err = fmt.Errorf("checking a phrase: %w", err)
			return
		}
		checked.Add(doc)
		if holdsAll(text, check) {
			holds.Add(doc)
		}
	})
	if p.proofs != nil {
		p.proofs.add(key, checked, holds)
	}
	out.Or(holds)
	return out, err
}

// chainProof reports for each of docs whether the frequencies of u's
// words, pairs and triples prove that it holds u: first that it holds u
// folded (chainOccurrences over triples, or over pairs); then, for a word
// typed with diacritics, that one occurrence is spelled so (spellingDoubt).
// freq gives a list's frequencies for docs, sub for a subset of them.
// It works in two stages: the pairs, triples and exact pairs first, for
// every candidate (a word's list is the longest to read); the words'
// lists only for the candidates those leave unproven.
func (u unit) chainProof(docs []uint32, freq func(fieldTerm) ([]uint64, error), sub func(fieldTerm, []uint32) ([]uint64, error)) ([]bool, error) {
	n := len(u)
	var err error
	get := func(ft fieldTerm) []uint64 {
		f, ferr := freq(ft)
		if ferr != nil {
			err = ferr
			return make([]uint64, len(docs))
		}
		return f
	}
	out := make([]bool, len(docs))
	pairs := make([][]uint64, n-1)
	triples := make([][]uint64, max(n-2, 0))
	for i := 0; i+1 < n; i++ {
		pairs[i] = get(fieldTerm{fieldTextPairs, u[i].fold + " " + u[i+1].fold})
	}
	for i := 0; i+2 < n; i++ {
		triples[i] = get(fieldTerm{fieldTextTriples, u[i].fold + " " + u[i+1].fold + " " + u[i+2].fold})
	}
	// For two neighbours typed with diacritics, their exact pair's.
	exactPair := make([][]uint64, n)
	for i, t := range u {
		if t.marked && i+1 < n && u[i+1].marked {
			exactPair[i] = get(fieldTerm{fieldTextMPairs, t.exact + " " + u[i+1].exact})
		}
	}
	// A phrase of two words, one typed with diacritics: spelled as typed
	// (the other word as typed among its spellings) it is proven.
	var typed []uint64
	if n == 2 && u[0].exact != "" && u[1].exact != "" {
		typed = get(fieldTerm{fieldTextMPairs, u[0].exact + " " + u[1].exact})
	}
	if err != nil {
		return nil, err
	}
	// Stage one: triples, and spellings covered by exact pairs.
	var rest []int
	for c := range docs {
		if typed != nil && typed[c] > 0 {
			out[c] = true
			continue
		}
		if n >= 3 {
			occ := chainOccurrences(n-1, func(k int) uint64 { return pairs[k][c] }, func(k int) uint64 { return triples[k][c] })
			if occ > 0 && occ > spellingDoubt(u, c, nil, pairs, nil, exactPair) {
				out[c] = true
				continue
			}
		}
		rest = append(rest, c)
	}
	if len(rest) == 0 {
		return out, nil
	}
	// Stage two: the words' lists for the rest, and every bound.
	rdocs := make([]uint32, len(rest))
	for k, c := range rest {
		rdocs[k] = docs[c]
	}
	gather := func(f []uint64) []uint64 {
		if f == nil {
			return nil
		}
		g := make([]uint64, len(rest))
		for k, c := range rest {
			g[k] = f[c]
		}
		return g
	}
	getSub := func(ft fieldTerm) []uint64 {
		f, ferr := sub(ft, rdocs)
		if ferr != nil {
			err = ferr
			return make([]uint64, len(rdocs))
		}
		return f
	}
	words := make([][]uint64, n)
	exact := make([][]uint64, n)
	for i, t := range u {
		words[i] = getSub(fieldTerm{fieldTextFold, t.fold})
		if t.marked {
			exact[i] = getSub(t.list())
		}
	}
	rpairs, rtriples, rexactPair := make([][]uint64, len(pairs)), make([][]uint64, len(triples)), make([][]uint64, n)
	for i := range pairs {
		rpairs[i] = gather(pairs[i])
	}
	for i := range triples {
		rtriples[i] = gather(triples[i])
	}
	for i := range exactPair {
		rexactPair[i] = gather(exactPair[i])
	}
	for k, c := range rest {
		occ := chainOccurrences(n, func(i int) uint64 { return words[i][k] }, func(i int) uint64 { return rpairs[i][k] })
		if n >= 3 {
			occ = max(occ, chainOccurrences(n-1, func(i int) uint64 { return rpairs[i][k] }, func(i int) uint64 { return rtriples[i][k] }))
		}
		out[c] = occ > spellingDoubt(u, k, words, rpairs, exact, rexactPair)
	}
	return out, err
}

// spellingDoubt bounds, for document c, the folded occurrences of u in
// which a word typed with diacritics is spelled otherwise: covering each
// such word by itself (its folded occurrences less its exact ones) or with
// a neighbour typed so (their folded pair's occurrences less the exact
// pair's), the cheapest cover's sum (a small dynamic programme over the
// words). Without words (nil), a word is covered by its pairs only.
func spellingDoubt(u unit, c int, words, pairs, exact, exactPair [][]uint64) uint64 {
	n := len(u)
	const inf = ^uint64(0) >> 1
	best := make([]uint64, n+1)
	for i := 1; i <= n; i++ {
		best[i] = inf
	}
	for i := 0; i < n; i++ {
		if best[i] == inf {
			continue
		}
		if !u[i].marked {
			best[i+1] = min(best[i+1], best[i])
			continue
		}
		if words != nil {
			best[i+1] = min(best[i+1], best[i]+words[i][c]-min(exact[i][c], words[i][c]))
		}
		if exactPair[i] != nil { // word i with the next
			best[i+2] = min(best[i+2], best[i]+pairs[i][c]-min(exactPair[i][c], pairs[i][c]))
		}
		if i > 0 && exactPair[i-1] != nil { // word i with the previous, covered already
			best[i+1] = min(best[i+1], best[i]+pairs[i-1][c]-min(exactPair[i-1][c], pairs[i-1][c]))
		}
	}
	return best[n]
}

// chainOccurrences is how many times, at least, word and pair
// frequencies say a phrase of n words occurs in one document; 0 if they
// do not prove it. Take A_k, the places where the phrase's pair k stands
// in its place (pair k at offset k); the phrase stands where every A_k
// holds. A_k and A_k+1 both need word k+1 at offset k+1, so
// |A_0 ∩ … ∩ A_k+1| ≥ |A_0 ∩ … ∩ A_k| + |A_k+1| − freq(word k+1)
// (Fréchet's bound), and the phrase occurs at least
// Σ pair(k) − Σ word(k) over the inner words k = 1 … n−2 times. Where
// every inner word is followed, or preceded, by the phrase's next or
// previous word this is exact. The same holds one level up, with pairs
// for words and triples for pairs.
func chainOccurrences(n int, word, pair func(k int) uint64) uint64 {
	if n < 2 {
		return 0
	}
	sum := int64(pair(0))
	for k := 1; k+1 < n; k++ {
		sum += int64(pair(k)) - int64(word(k))
	}
	return uint64(max(sum, 0))
}

// termFreqs is the frequency of ft in each of docs (ascending) of seg; 0
// where it is absent. Documents in except are passed over.
func termFreqs(seg segment.Segment, ft fieldTerm, docs []uint32, except *roaring.Bitmap) ([]uint64, error) {
	out := make([]uint64, len(docs))
	dict, err := seg.Dictionary(ft.field)
	if err != nil {
		return nil, err
	}
	pl, err := dict.PostingsList([]byte(ft.term), except, nil)
	if err != nil {
		return nil, err
	}
	it := pl.Iterator(true, false, false, nil)
	var cur segment.Posting
	for i, d := range docs {
		if cur == nil || cur.Number() < uint64(d) {
			if cur, err = it.Advance(uint64(d)); err != nil {
				return nil, err
			}
			if cur == nil {
				break
			}
		}
		if cur.Number() == uint64(d) {
			out[i] = cur.Frequency()
		}
	}
	return out, nil
}

// tokens is a text's words in both forms, as the index holds them.
type tokens struct {
	fold, exact []string
	start, end  []int
}

// textTokens cuts text into words as the analysis does.
func textTokens(text string) *tokens {
	t := &tokens{}
	b := []byte(text)
	scanWords(b, func(start, end int) {
		w := b[start:end]
		t.fold = append(t.fold, foldForm(w))
		t.exact = append(t.exact, exactForm(w))
		t.start, t.end = append(t.start, start), append(t.end, end)
	})
	return t
}

// at reports whether u stands at word i.
func (t *tokens) at(u unit, i int) bool {
	if i+len(u) > len(t.fold) {
		return false
	}
	for k, q := range u {
		if q.marked && t.exact[i+k] != q.exact || !q.marked && t.fold[i+k] != q.fold {
			return false
		}
	}
	return true
}

// holdsAny reports whether one of g stands somewhere in t.
func (t *tokens) holdsAny(g alts) bool {
	for _, u := range g {
		if t.holds(u) {
			return true
		}
	}
	return false
}

// holds reports whether u stands somewhere in t.
func (t *tokens) holds(u unit) bool {
	for i := range t.fold {
		if t.at(u, i) {
			return true
		}
	}
	return false
}

// holdsAll reports whether text holds, for each of groups, one of its
// spellings in a row: what textTokens(text).holdsAny says of each group,
// read in one pass over the words without building them, stopping as soon
// as every group is found. A word is folded into one reused buffer and its
// exact form made only where the folded one matches a word typed with
// diacritics. Each spelling's state is the bit set of its word positions
// that the words just read end a match of (a shift-and automaton); a
// spelling of more than 64 words falls back to the tokens.
func holdsAll(text string, groups []alts) bool {
	type run struct {
		u     unit
		group int
		state uint64
	}
	var runs []run
	for gi, g := range groups {
		for _, u := range g {
			if len(u) == 0 || len(u) > 64 {
				toks := textTokens(text)
				for _, g := range groups {
					if !toks.holdsAny(g) {
						return false
					}
				}
				return true
			}
			runs = append(runs, run{u: u, group: gi})
		}
	}
	found := make([]bool, len(groups))
	left := len(groups)
	b := []byte(text)
	var buf []byte
	scanWordsWhile(b, func(start, end int) bool {
		w := b[start:end]
		buf = appendFolded(buf[:0], w)
		fold := trimZeros(buf)
		exact, haveExact := "", false
		for i := range runs {
			r := &runs[i]
			if found[r.group] {
				continue
			}
			var m uint64
			for j, q := range r.u {
				if string(fold) != q.fold {
					continue
				}
				if q.marked {
					if !haveExact {
						exact, haveExact = exactForm(w), true
					}
					if exact != q.exact {
						continue
					}
				}
				m |= 1 << j
			}
			r.state = (r.state<<1 | 1) & m
			if r.state&(1<<(len(r.u)-1)) != 0 {
				found[r.group] = true
				left--
			}
		}
		return left > 0
	})
	return left == 0
}
