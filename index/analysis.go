package index

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"

	"vanban/extract/viet"
)

// The Vietnamese analysis of the archive, registered with Bleve when this
// package is loaded: every program that opens an archive imports it, so
// bleve.Open always finds the analyzers its mapping names.
//
// Both analyzers split text into words with wordTokenizer (letters,
// combining marks and digits; so NFD input tokenises like NFC) and put
// each token in lower case. AnalyzerExact normalises it to NFC and then
// puts the tone mark of "oa", "oe" and "uy" syllables in one place ("hòa"
// and "hoà" both become "hoà"); AnalyzerFolded removes every mark and
// maps đ to d ("Tiền Giang" → "tien giang"), which needs no NFC pass:
// combining marks go as precomposed letters do. The changes happen in
// token filters, after tokenising, so each token keeps the byte offsets of
// the original text and highlights fall on the right words.
//
// Two more analyzers serve the index alone. AnalyzerMarked is
// AnalyzerExact keeping only the words that carry a diacritic: a word
// without one is spelled the same folded, so the folded field already
// holds it. AnalyzerPairs indexes each two neighbouring folded words as
// one term ("nong thon", "thon moi"): most Vietnamese words are two
// syllables, and a phrase is found as a chain of its pairs from posting
// lists alone, without term positions.
const (
	AnalyzerExact  = "vi_exact"
	AnalyzerFolded = "vi_folded"
	AnalyzerMarked = "vi_marked"
	AnalyzerPairs  = "vi_pairs"
	// AnalyzerMarkedPairs indexes each two neighbouring words of which
	// one at least carries a diacritic, spelled as AnalyzerExact writes
	// them ("đảng viên", "tiền giang"): a phrase typed with diacritics is
	// then found in that spelling only, from posting lists alone.
	AnalyzerMarkedPairs = "vi_marked_pairs"
	// AnalyzerTriples indexes each three neighbouring folded words as one
	// term ("nong thon moi"): with the pairs, it proves longer phrases
	// from posting lists alone (see phrase.go).
	AnalyzerTriples = "vi_triples"

	tokenizerWords = "vi_words"

	filterNFC         = "vi_nfc"
	filterEth         = "vi_eth"
	filterTone        = "vi_tone"
	filterFold        = "vi_fold"
	filterNumber      = "vi_number"
	filterMarked      = "vi_keep_marked"
	filterPairs       = "vi_word_pairs"
	filterMarkedPairs = "vi_marked_word_pairs"
	filterTriples     = "vi_word_triples"
)

func init() {
	err := registry.RegisterTokenizer(tokenizerWords, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokenizer{}, nil
	})
	if err != nil {
		panic(err)
	}
	for name, f := range map[string]func([]byte) []byte{
		filterNFC: func(b []byte) []byte {
			if isASCII(b) || norm.NFC.QuickSpan(b) == len(b) {
				return b
			}
			return norm.NFC.Bytes(b)
		},
		filterTone: func(b []byte) []byte {
			// Only "…oa", "…oe" and "…uy" with the tone on the o or u
			// change: the last byte is a plain a, e or y after a
			// non-ASCII letter.
			if n := len(b); n < 3 || (b[n-1] != 'a' && b[n-1] != 'e' && b[n-1] != 'y') || b[n-2] < utf8.RuneSelf {
				return b
			}
			if t := viet.CanonicalTone(string(b)); t != string(b) {
				return []byte(t)
			}
			return b
		},
		filterFold: func(b []byte) []byte {
			if isASCII(b) {
				return b
			}
			return appendFolded(make([]byte, 0, len(b)), b)
		},
		filterNumber: trimZeros,
		filterEth: func(b []byte) []byte {
			if isASCII(b) || !bytes.Contains(b, []byte("ð")) {
				return b
			}
			return bytes.ReplaceAll(b, []byte("ð"), []byte("đ"))
		},
	} {
		f := f
		err := registry.RegisterTokenFilter(name, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return termFilter(f), nil
		})
		if err != nil {
			panic(err)
		}
	}
	for name, f := range map[string]analysis.TokenFilter{filterMarked: markedFilter{}, filterPairs: shingleFilter{n: 2}, filterMarkedPairs: shingleFilter{n: 2, marked: true}, filterTriples: shingleFilter{n: 3}} {
		f := f
		err := registry.RegisterTokenFilter(name, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return f, nil
		})
		if err != nil {
			panic(err)
		}
	}
	for name, filters := range map[string][]string{
		AnalyzerExact: {filterNFC, lowercase.Name, filterEth, filterTone},
		// Folding drops combining marks and maps precomposed letters to
		// their base, so NFD and NFC text fold alike without an NFC pass.
		AnalyzerFolded:      {lowercase.Name, filterFold, filterNumber},
		AnalyzerMarked:      {filterNFC, lowercase.Name, filterEth, filterTone, filterMarked},
		AnalyzerPairs:       {lowercase.Name, filterFold, filterNumber, filterPairs},
		AnalyzerMarkedPairs: {filterNFC, lowercase.Name, filterEth, filterTone, filterMarkedPairs},
		AnalyzerTriples:     {lowercase.Name, filterFold, filterNumber, filterTriples},
	} {
		filters := filters
		err := registry.RegisterAnalyzer(name, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
			return custom.AnalyzerConstructor(map[string]interface{}{
				"type":          custom.Name,
				"tokenizer":     tokenizerWords,
				"token_filters": toAny(filters),
			}, cache)
		})
		if err != nil {
			panic(err)
		}
	}
}

func toAny(ss []string) []interface{} {
	out := make([]interface{}, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// termFilter applies f to each token's term and leaves its offsets alone.
type termFilter func([]byte) []byte

func (f termFilter) Filter(ts analysis.TokenStream) analysis.TokenStream {
	for _, t := range ts {
		t.Term = f(t.Term)
	}
	return ts
}

// markedFilter keeps the tokens that are not plain ASCII.
type markedFilter struct{}

func (markedFilter) Filter(ts analysis.TokenStream) analysis.TokenStream {
	out := ts[:0]
	for _, t := range ts {
		if !isASCII(t.Term) {
			out = append(out, t)
		}
	}
	return out
}

// shingleFilter replaces the tokens by the runs of n neighbouring tokens
// (pairs, triples), each spanning its words and at the position of the
// first; with marked, only the pairs in which a word is not plain ASCII.
type shingleFilter struct {
	n      int
	marked bool
}

func (f shingleFilter) Filter(ts analysis.TokenStream) analysis.TokenStream {
	if len(ts) < f.n {
		return ts[:0]
	}
	if f.marked {
		out := ts[:0]
		for i := 0; i+1 < len(ts); i++ {
			a, b := ts[i], ts[i+1]
			if !isASCII(a.Term) || !isASCII(b.Term) {
				// The pair's term is new; a's token (not read again) holds it.
				a.Term = pairTerm(a.Term, b.Term)
				a.End = b.End
				a.Type = analysis.Shingle
				out = append(out, a)
			}
		}
		return out
	}
	// One allocation for the tokens and one for their terms.
	size := 0
	for _, t := range ts {
		size += f.n * (len(t.Term) + 1)
	}
	terms := make([]byte, 0, size)
	toks := make([]analysis.Token, len(ts)-f.n+1)
	out := make(analysis.TokenStream, len(toks))
	for i := range toks {
		start := len(terms)
		for k, t := range ts[i : i+f.n] {
			if k > 0 {
				terms = append(terms, ' ')
			}
			terms = append(terms, t.Term...)
		}
		toks[i] = analysis.Token{Term: terms[start:len(terms):len(terms)], Start: ts[i].Start, End: ts[i+f.n-1].End, Position: ts[i].Position, Type: analysis.Shingle}
		out[i] = &toks[i]
	}
	return out
}

// pairTerm is the index term of two neighbouring folded words.
func pairTerm(a, b []byte) []byte {
	t := make([]byte, 0, len(a)+1+len(b))
	t = append(t, a...)
	t = append(t, ' ')
	return append(t, b...)
}

// trimZeros drops the leading zeros of a number ("05" → "5", "0" stays):
// "05/2024" and "5/2024", "09/10" and "9/10" are written both ways.
func trimZeros(b []byte) []byte {
	if len(b) < 2 || b[0] != '0' {
		return b
	}
	i := 0
	for i < len(b)-1 && b[i] == '0' {
		i++
	}
	for _, c := range b[i:] {
		if !isDigit(c) {
			return b
		}
	}
	return b[i:]
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// wordTokenizer cuts text into runs of letters, combining marks and
// digits; a '.' or ',' between digits stays inside a number ("9.003",
// "6,18"). Vietnamese writes a space between syllables, so this is all a
// syllable index needs, at several times the speed of UAX #29
// segmentation.
type wordTokenizer struct{}

func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	// The tokens are allocated in blocks, not one by one.
	var ts analysis.TokenStream
	var block []analysis.Token
	pos := 1
	scanWords(input, func(start, end int) {
		if len(block) == cap(block) {
			block = make([]analysis.Token, 0, min(max(64, len(ts)), 4096))
		}
		block = append(block, analysis.Token{Term: input[start:end], Start: start, End: end, Position: pos, Type: analysis.AlphaNumeric})
		ts = append(ts, &block[len(block)-1])
		pos++
	})
	return ts
}

// scanWords calls emit with the byte range of each word of input, as
// wordTokenizer cuts them.
func scanWords(input []byte, emit func(start, end int)) {
	scanWordsWhile(input, func(start, end int) bool {
		emit(start, end)
		return true
	})
}

// scanWordsWhile is scanWords stopping after the first word for which
// emit returns false.
func scanWordsWhile(input []byte, emit func(start, end int) bool) {
	start := -1
	for i := 0; i < len(input); {
		r, n := rune(input[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(input[i:])
		}
		word := false
		if r < utf8.RuneSelf {
			c := byte(r)
			word = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
			if !word && (c == '.' || c == ',') && start >= 0 && i > 0 && isDigit(input[i-1]) && i+1 < len(input) && isDigit(input[i+1]) {
				word = true
			}
		} else {
			switch {
			case r >= 0xC0 && r <= 0x24F: // Latin-1 and Latin Extended letters
				word = r != 0xD7 && r != 0xF7 // but × and ÷
			case r >= 0x300 && r <= 0x36F, r >= 0x1E00 && r <= 0x1EFF: // combining marks; Vietnamese letters
				word = true
			default:
				word = unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
			}
		}
		if word {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			if !emit(start, i) {
				return
			}
			start = -1
		}
		i += n
	}
	if start >= 0 {
		emit(start, len(input))
	}
}

// appendFolded appends word folded and in lower case to dst, as
// AnalyzerFolded indexes it.
func appendFolded(dst, word []byte) []byte {
	for i := 0; i < len(word); {
		c := word[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(word[i:])
		i += n
		if f := viet.FoldRune(r); f != "" {
			for _, fr := range f { // a base letter, not always ASCII ("Ǣ" → "Æ")
				dst = utf8.AppendRune(dst, unicode.ToLower(fr))
			}
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
