package index

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"vanban/pipeline"
)

// Index fields. A notice's searchable text — title, meta (number, issuer,
// signer, recipients) and body — is one string (see searchText), indexed
// five ways: folded (AnalyzerFolded) for words typed without diacritics
// and scoring, its words with diacritics (AnalyzerMarked) for words typed
// with them, and for phrases as pairs of neighbouring folded words
// (AnalyzerPairs), pairs of neighbouring words with diacritics
// (AnalyzerMarkedPairs) and runs of three folded words (AnalyzerTriples). One
// field instead of three keeps each query to one posting list per word.
// The title is indexed alone as well, to rank title matches higher. The
// rest are keywords for filters and facets.
//
// Nothing is stored and there are no term vectors or doc values: hit
// lists and fragments come from the records, phrases from the pairs, and
// facets and filters from columns the search builds from the keyword
// posting lists (see columns.go).
const (
	fieldText        = "text"       // searchText, words with diacritics
	fieldTextFold    = "text_fold"  // searchText, folded
	fieldTextPairs   = "text_pair"  // searchText, pairs of folded words
	fieldTextMPairs  = "text_mpair" // searchText, pairs of words both with diacritics, exact
	fieldTextTriples = "text_tri"   // searchText, runs of three folded words
	fieldTitle       = "title"      // the title alone, folded as fieldTitleFold
	fieldTitleFold   = "title_fold"
	fieldIssuerText  = "issuer_text" // issuer name and parent, for --issuer
	fieldType        = "type"        // doc_type.code
	fieldIssuerCode  = "issuer_code"
	fieldIssuer      = "issuer" // issuer name as printed (facet)
	fieldSigner      = "signer" // signer name (facet, --signer)
	fieldKind        = "kind"
	fieldNumber      = "number"     // number.raw
	fieldNumberKey   = "number_key" // number.raw as numberKey writes it
	fieldCites       = "cites"      // numberKey of each cited document
	fieldFormat      = "format"
	fieldDate        = "date" // a date (the year facet, --from, --to, --sort date)
	fieldStat        = "stat" // statistic values
)

// IndexFormat is the version of the index's fields and analysis. Open
// refuses an index of another version: Reindex rebuilds it from the
// records. 1: term vectors and doc values, searched by Bleve (no
// number stored); 2: word pairs, the date as a keyword (never released);
// 3: word pairs, the date as a date; 4: exact pairs of words with
// diacritics and folded triples, numbers without leading zeros, Ð/ð as
// Đ/đ, number keys and cited numbers.
const IndexFormat = "4"

// internalFormat is the Bleve internal key that holds IndexFormat.
var internalFormat = []byte("vanban.index_format")

// The parts of searchText, in the order fragments are shown.
const (
	partTitle = "title"
	partBody  = "body"
	partMeta  = "meta"
)

// newMapping returns the archive's lean mapping.
func newMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = AnalyzerFolded
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false

	doc := bleve.NewDocumentStaticMapping()
	text := func(name, analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Name = name
		f.Analyzer = analyzer
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		f.Store = false
		return f
	}
	doc.AddFieldMappingsAt(fieldText, text(fieldText, AnalyzerMarked), text(fieldTextFold, AnalyzerFolded), text(fieldTextPairs, AnalyzerPairs), text(fieldTextMPairs, AnalyzerMarkedPairs), text(fieldTextTriples, AnalyzerTriples))
	doc.AddFieldMappingsAt(fieldTitle, text(fieldTitleFold, AnalyzerFolded))
	for _, f := range []string{fieldIssuerText, fieldType, fieldIssuerCode, fieldIssuer, fieldSigner, fieldKind, fieldNumber, fieldNumberKey, fieldCites, fieldFormat} {
		k := bleve.NewKeywordFieldMapping()
		k.IncludeInAll = false
		k.IncludeTermVectors = false
		k.DocValues = false
		k.Store = false
		doc.AddFieldMappingsAt(f, k)
	}
	date := bleve.NewDateTimeFieldMapping()
	date.IncludeInAll = false
	date.Store = false
	date.DocValues = false
	doc.AddFieldMappingsAt(fieldDate, date)
	stat := bleve.NewNumericFieldMapping()
	stat.IncludeInAll = false
	stat.Store = false
	stat.DocValues = false
	doc.AddFieldMappingsAt(fieldStat, stat)

	m.DefaultMapping = doc
	return m
}

// metaText is the indexed text of a notice's number, issuer, signer and
// recipients. Search and highlighting must see the very same string.
func metaText(n *pipeline.Notice) string {
	parts := []string{n.Number.Raw, n.Issuer.Parent, n.Issuer.Name, n.Signer.Mode + " " + n.Signer.OnBehalfOf, n.Signer.Position, n.Signer.Name}
	parts = append(parts, n.Recipients...)
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "\n")
}

// textPart is one part of searchText and where it starts.
type textPart struct {
	name  string
	start int
	text  string
}

// searchText joins the searchable parts of n into the one string the text
// fields index: title, meta, body and each appendix (searched like the
// body), separated by blank lines. Highlight offsets point into it;
// searchParts says which part they fall in.
func searchText(n *pipeline.Notice) (string, []textPart) {
	var b strings.Builder
	var parts []textPart
	all := []textPart{{name: partTitle, text: n.Title}, {name: partMeta, text: metaText(n)}, {name: partBody, text: n.Body}}
	for _, a := range n.Appendices {
		all = append(all, textPart{name: partBody, text: a.Text})
	}
	for _, p := range all {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		p.start = b.Len()
		b.WriteString(p.text)
		parts = append(parts, p)
	}
	return b.String(), parts
}

// indexDoc is what the index holds of a notice.
func indexDoc(n *pipeline.Notice) map[string]interface{} {
	text, _ := searchText(n)
	text = clipIndexed(text)
	d := map[string]interface{}{
		fieldText:  text,
		fieldTitle: n.Title,
	}
	for f, v := range map[string]string{
		fieldType: n.DocType.Code, fieldIssuerCode: n.Number.IssuerCode, fieldIssuer: n.Issuer.Name,
		fieldSigner: n.Signer.Name, fieldNumber: n.Number.Raw,
		fieldIssuerText: strings.TrimSpace(n.Issuer.Name + " " + n.Issuer.Parent),
		fieldKind:       n.Kind, fieldFormat: n.Source.Format,
	} {
		if v != "" {
			d[f] = v
		}
	}
	if k := numberKey(n.Number.Raw); k != "" {
		d[fieldNumberKey] = k
	}
	var cites []string
	for _, r := range n.References {
		if k := numberKey(r.Number); k != "" {
			cites = append(cites, k)
		}
	}
	if len(cites) > 0 {
		d[fieldCites] = cites
	}
	if t, err := time.Parse("2006-01-02", n.Date); err == nil {
		d[fieldDate] = t
	}
	if len(n.Statistics) > 0 {
		vals := make([]float64, len(n.Statistics))
		for i, s := range n.Statistics {
			vals[i] = s.Value
		}
		d[fieldStat] = vals
	}
	return d
}

// maxIndexedText is the most text of one notice the index holds, bytes:
// 4 MiB is some 600 pages, more than any notice; a 57 MB text of dense
// citations took Bleve 86 s and 5.6 GB to index whole. The record keeps
// all of it.
const maxIndexedText = 4 << 20

// clipIndexed cuts text to maxIndexedText at a rune boundary (the start
// is kept, so offsets into it stay those of the whole text).
func clipIndexed(text string) string {
	if len(text) <= maxIndexedText {
		return text
	}
	end := maxIndexedText
	for end > 0 && !utf8.RuneStart(text[end]) {
		end--
	}
	return text[:end]
}
