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
			ok, err := u.chainProof(docs, freq)
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
	// The rest is checked against the records.
	out := match.Clone()
	var err error
	forEach(unproven, func(doc uint32) {
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
		toks := textTokens(text)
		for _, g := range check {
			if !toks.holdsAny(g) {
				out.Remove(doc)
				return
			}
		}
	})
	return out, err
}

// chainProof reports for each of docs whether the frequencies of u's
// words, pairs and triples (freq gives them for docs) prove that it holds
// u: first that it holds u folded, by a chain of triples (every "b c"
// followed by "d", or preceded by "a") or of pairs; then, for a word
// typed with diacritics, that the occurrence is spelled so: every folded
// occurrence of the word, or of its pair with a neighbour typed with
// diacritics, is spelled as typed.
func (u unit) chainProof(docs []uint32, freq func(fieldTerm) ([]uint64, error)) ([]bool, error) {
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
	words := make([][]uint64, n)
	pairs := make([][]uint64, n-1)
	triples := make([][]uint64, max(n-2, 0))
	for i, t := range u {
		words[i] = get(fieldTerm{fieldTextFold, t.fold})
	}
	for i := 0; i+1 < n; i++ {
		pairs[i] = get(fieldTerm{fieldTextPairs, u[i].fold + " " + u[i+1].fold})
	}
	for i := 0; i+2 < n; i++ {
		triples[i] = get(fieldTerm{fieldTextTriples, u[i].fold + " " + u[i+1].fold + " " + u[i+2].fold})
	}
	// The spellings: for each word typed with diacritics, the
	// frequencies that say every folded occurrence is spelled so.
	type spelled struct{ exact, folded []uint64 }
	spell := make([][]spelled, n)
	for i, t := range u {
		if !t.marked {
			continue
		}
		spell[i] = append(spell[i], spelled{get(t.list()), words[i]})
		for _, j := range []int{i - 1, i + 1} {
			if j < 0 || j >= n || !u[j].marked {
				continue
			}
			a, b := min(i, j), max(i, j)
			spell[i] = append(spell[i], spelled{get(fieldTerm{fieldTextMPairs, u[a].exact + " " + u[b].exact}), pairs[a]})
		}
	}
	// A phrase of two words, one typed with diacritics: spelled as typed
	// (the other word as typed among its spellings) it is proven.
	var typed []uint64
	if n == 2 && u[0].exact != "" && u[1].exact != "" {
		typed = get(fieldTerm{fieldTextMPairs, u[0].exact + " " + u[1].exact})
	}
	for c := range docs {
		if typed != nil && typed[c] > 0 {
			out[c] = true
			continue
		}
		// occ: occurrences of the phrase folded, at least.
		occ := uint64(0)
		if n >= 3 {
			occ = chainOccurrences(n-1, func(k int) uint64 { return pairs[k][c] }, func(k int) uint64 { return triples[k][c] })
		}
		if occ == 0 {
			occ = chainOccurrences(n, func(k int) uint64 { return words[k][c] }, func(k int) uint64 { return pairs[k][c] })
		}
		// Each occurrence with a word spelled otherwise than typed takes
		// one of the word's other spellings: with fewer of those than
		// occurrences, one occurrence is spelled as typed.
		other := uint64(0)
		for i := 0; i < n; i++ {
			if spell[i] == nil {
				continue
			}
			clean := false
			for _, s := range spell[i] {
				clean = clean || s.exact[c] == s.folded[c]
			}
			if !clean {
				other += spell[i][0].folded[c] - min(spell[i][0].exact[c], spell[i][0].folded[c])
			}
		}
		out[c] = occ > other
	}
	return out, err
}

// chainOccurrences is how many times, at least, word and pair
// frequencies say a phrase of n words occurs in one document; 0 if they
// do not prove it. From an occurrence of pair j, the phrase extends to
// the left when every occurrence of word k+1 is preceded by word k
// (pair(k) = word(k+1)) and to the right when every occurrence of word k
// is followed by word k+1 (pair(k) = word(k)); then each of the pair(j)
// occurrences of pair j is one of the phrase. The same holds one level
// up, with pairs for words and triples for pairs.
func chainOccurrences(n int, word, pair func(k int) uint64) uint64 {
	best := uint64(0)
	left := true
	for j := 0; j+1 < n; j++ {
		if j > 0 {
			left = left && pair(j-1) == word(j)
		}
		if !left {
			break
		}
		right := true
		for k := j + 1; right && k+1 < n; k++ {
			right = pair(k) == word(k)
		}
		if right {
			best = max(best, pair(j))
		}
	}
	return best
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
