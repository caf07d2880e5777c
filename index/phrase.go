package index

import (
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Exact phrases without positions. The index holds no term positions (they
// would double it); a phrase is found through the pairs of its
// neighbouring words: folded pairs (fieldTextPairs) and, for two words
// both typed with diacritics, exact pairs (fieldTextMPairs). A phrase of
// two words is then exact. For longer ones, holding every pair does not
// prove the phrase ("a b" here and "b c" there), so each candidate is
// proven from the frequencies the posting lists hold: starting from one
// pair, the phrase extends to the right over "b c" when every "b" of the
// notice is followed by "c" (freq("b c") = freq("b")), and to the left
// over "a b" when every "b" is preceded by "a" (freq("a b") = freq("b")).
// A phrase mixing words with and without diacritics is proven on its
// folded words, and each word with diacritics when the notice spells all
// its folded occurrences so. What the frequencies cannot prove is checked
// against the record's text.

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
// words and pairs (freq gives them for docs) prove that it holds u.
func (u unit) chainProof(docs []uint32, freq func(fieldTerm) ([]uint64, error)) ([]bool, error) {
	// The chain: the phrase's words and pairs, exact if all its words
	// have diacritics, else folded.
	n := len(u)
	exact := u[0].marked && u.uniform()
	words := make([][]uint64, n)
	pairs := make([][]uint64, n-1)
	for i, t := range u {
		ft := fieldTerm{fieldTextFold, t.fold}
		if exact {
			ft = t.list()
		}
		f, err := freq(ft)
		if err != nil {
			return nil, err
		}
		words[i] = f
	}
	for i := 0; i+1 < n; i++ {
		ft := fieldTerm{fieldTextPairs, u[i].fold + " " + u[i+1].fold}
		if exact {
			ft = fieldTerm{fieldTextMPairs, u[i].exact + " " + u[i+1].exact}
		}
		f, err := freq(ft)
		if err != nil {
			return nil, err
		}
		pairs[i] = f
	}
	// The spellings: for a mixed phrase, every folded occurrence of a
	// word with diacritics is spelled as typed.
	var spell [][2][]uint64
	if !u.uniform() {
		for _, t := range u {
			if !t.marked {
				continue
			}
			e, err := freq(t.list())
			if err != nil {
				return nil, err
			}
			f, err := freq(fieldTerm{fieldTextFold, t.fold})
			if err != nil {
				return nil, err
			}
			spell = append(spell, [2][]uint64{e, f})
		}
	}
	out := make([]bool, len(docs))
	for c := range docs {
		ok := chainHolds(n, func(k int) uint64 { return words[k][c] }, func(k int) uint64 { return pairs[k][c] })
		for _, s := range spell {
			ok = ok && s[0][c] == s[1][c]
		}
		out[c] = ok
	}
	return out, nil
}

// chainHolds reports whether word and pair frequencies prove a phrase of
// n words in one document: some pair j of it occurs, and from it the
// phrase extends to the left (every occurrence of word k+1 preceded by
// word k: pair(k) = word(k+1)) and to the right (every occurrence of
// word k followed by word k+1: pair(k) = word(k)).
func chainHolds(n int, word, pair func(k int) uint64) bool {
	// left[j]: pairs 0..j-1 extend leftwards.
	left := true
	for j := 0; j+1 < n; j++ {
		if j > 0 {
			left = left && pair(j-1) == word(j)
		}
		if !left {
			return false
		}
		right := pair(j) > 0
		for k := j + 1; right && k+1 < n; k++ {
			right = pair(k) == word(k)
		}
		if right {
			return true
		}
	}
	return false
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
