package index

import (
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"vanban/pipeline"
)

// Index fields. A notice's searchable text — title, meta (number, issuer,
// signer, recipients) and body — is one string (see searchText), indexed
// twice: folded (AnalyzerFolded, with term vectors for phrases) for
// matching, and with diacritics (AnalyzerExact) for ranking exact
// spellings first. One field instead of three keeps each
// query to one posting list per word. The title is indexed alone as well,
// to rank title matches higher. The rest are keywords for filters and
// facets.
const (
	fieldText       = "text"      // searchText, with diacritics
	fieldTextFold   = "text_fold" // searchText, folded
	fieldTitle      = "title"     // the title alone, folded as fieldTitleFold
	fieldTitleFold  = "title_fold"
	fieldIssuerText = "issuer_text" // issuer name and parent, folded, for --issuer
	fieldSignerText = "signer_text" // signer name, folded, for --signer
	fieldType       = "type"        // doc_type.code
	fieldIssuerCode = "issuer_code"
	fieldIssuer     = "issuer" // issuer name as printed (facet)
	fieldSigner     = "signer" // signer name (facet)
	fieldKind       = "kind"
	fieldNumber     = "number" // number.raw
	fieldYear       = "year"
	fieldFormat     = "format"
	fieldDate       = "date"
	fieldStat       = "stat" // statistic values
)

// The parts of searchText, in the order fragments are shown.
const (
	partTitle = "title"
	partBody  = "body"
	partMeta  = "meta"
)

// newMapping returns the archive's lean mapping: nothing is stored (hit
// lists and fragments come from the records), term vectors only where
// quoted phrases need them, doc values only where facets and sorting do.
func newMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = AnalyzerFolded
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false

	doc := bleve.NewDocumentStaticMapping()
	text := func(name, analyzer string, vectors, store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Name = name
		f.Analyzer = analyzer
		f.IncludeTermVectors = vectors
		f.IncludeInAll = false
		f.DocValues = false
		f.Store = store
		return f
	}
	doc.AddFieldMappingsAt(fieldText, text(fieldText, AnalyzerExact, false, false), text(fieldTextFold, AnalyzerFolded, true, false))
	doc.AddFieldMappingsAt(fieldTitle, text(fieldTitleFold, AnalyzerFolded, false, false))
	for _, f := range []string{fieldIssuerText, fieldSignerText} {
		t := bleve.NewTextFieldMapping()
		t.Analyzer = AnalyzerFolded
		t.IncludeInAll = false
		t.DocValues = false
		t.Store = false
		doc.AddFieldMappingsAt(f, t)
	}
	for _, f := range []string{fieldType, fieldIssuerCode, fieldIssuer, fieldSigner, fieldKind, fieldNumber, fieldYear, fieldFormat} {
		k := bleve.NewKeywordFieldMapping()
		k.IncludeInAll = false
		k.IncludeTermVectors = false
		// Facets and the hit list need these; the number and kind are
		// filters only.
		k.DocValues = f != fieldNumber && f != fieldIssuerCode
		k.Store = false
		doc.AddFieldMappingsAt(f, k)
	}
	date := bleve.NewDateTimeFieldMapping()
	date.IncludeInAll = false
	date.Store = false
	date.DocValues = true
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
// fields index: title, meta, body, separated by blank lines. Highlight
// offsets point into it; searchParts says which part they fall in.
func searchText(n *pipeline.Notice) (string, []textPart) {
	var b strings.Builder
	var parts []textPart
	for _, p := range []textPart{{name: partTitle, text: n.Title}, {name: partMeta, text: metaText(n)}, {name: partBody, text: n.Body}} {
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
	d := map[string]interface{}{
		fieldText:       text,
		fieldTitle:      n.Title,
		fieldIssuerText: strings.TrimSpace(n.Issuer.Name + " " + n.Issuer.Parent),
		fieldSignerText: n.Signer.Name,
		fieldKind:       n.Kind,
		fieldFormat:     n.Source.Format,
	}
	for f, v := range map[string]string{
		fieldType: n.DocType.Code, fieldIssuerCode: n.Number.IssuerCode, fieldIssuer: n.Issuer.Name,
		fieldSigner: n.Signer.Name, fieldNumber: n.Number.Raw,
	} {
		if v != "" {
			d[f] = v
		}
	}
	if t, err := time.Parse("2006-01-02", n.Date); err == nil {
		d[fieldDate] = t
		d[fieldYear] = n.Date[:4]
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
