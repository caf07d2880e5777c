package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"vanban/extract/viet"
)

// Columns. Facets, the date filter and the date order need each matching
// notice's type, issuer, signer and date. Bleve keeps such values as doc
// values and decodes them hit by hit, which took 50–90 ms a query at
// 100,000 notices. Instead each segment's keyword posting lists are turned
// once into arrays indexed by document number (a few MB at 100,000
// notices); a search then counts facets with one array load per hit.
// Segments never change, so the columns are cached for as long as their
// segment is in use, and persisted beside the index: the writer saves
// each segment's columns when it commits (index/columns/ID.cols, ID being
// the segment's), so that a process opening the archive reads them in
// about a millisecond instead of building them from the posting lists
// (hundreds of ms at 100,000 notices; most of a one-shot search's life).
// A missing or unreadable file is rebuilt from the segment.

// column is one keyword field's value for each document of a segment.
type column struct {
	values []string // the field's values in the segment, sorted
	ids    []uint32 // ids[doc] is 1 + the index of doc's value; 0 if none
	// fold holds the values cut into folded words, for the columns that
	// filters look for words in (signer, issuer text; nil for the
	// others): made at the first filter that needs them (foldedWords),
	// not at open, which a one-shot search without such a filter would
	// pay for every value.
	fold *foldedValues
}

// foldedValues are a column's values cut into folded words, made once.
type foldedValues struct {
	once  sync.Once
	words [][]string
}

// foldedWords returns, for each value i, its folded words.
func (col *column) foldedWords() [][]string {
	col.fold.once.Do(func() {
		col.fold.words = make([][]string, len(col.values))
		for i, v := range col.values {
			col.fold.words[i] = foldedTokens(v)
		}
	})
	return col.fold.words
}

// segmentColumns are the columns of one segment.
type segmentColumns struct {
	typ, issuer, signer, format, kind, date column
	issuerText                              column // issuer name and parent
	// day[i] is values[i] of the date column as the number yyyymmdd.
	day []int32
	// year[i] is the year of values[i] of the date column, as a string.
	year []string
}

// valueColumn is a column as facets and stats count it: each document's
// value id, and the values.
type valueColumn struct {
	ids    []uint32
	values []string
}

// byName is the column of a facet or stats count (FacetType and the
// others); for FacetYear, the date column's ids with the years as values.
func (c *segmentColumns) byName(name string) valueColumn {
	var col *column
	switch name {
	case FacetType:
		col = &c.typ
	case FacetIssuer:
		col = &c.issuer
	case FacetSigner:
		col = &c.signer
	case FacetFormat:
		col = &c.format
	case FacetKind:
		col = &c.kind
	case FacetYear:
		return valueColumn{c.date.ids, c.year}
	default:
		panic("index: no column " + name)
	}
	return valueColumn{col.ids, col.values}
}

// dayOf is doc's date as yyyymmdd, 0 when it has none.
func (c *segmentColumns) dayOf(doc uint32) int32 {
	if id := c.date.ids[doc]; id > 0 {
		return c.day[id-1]
	}
	return 0
}

// columnCache holds the columns of the segments in use.
type columnCache struct {
	dir   string // where the columns are persisted ("" for none)
	write bool   // save the columns built
	mu    sync.Mutex
	segs  map[segment.Segment]*columnEntry
}

type columnEntry struct {
	once sync.Once
	cols *segmentColumns
	err  error
}

// get returns the columns of seg (whose scorch id is id), reading or
// building them on first use.
func (c *columnCache) get(seg segment.Segment, id uint64) (*segmentColumns, error) {
	c.mu.Lock()
	if c.segs == nil {
		c.segs = map[segment.Segment]*columnEntry{}
	}
	e := c.segs[seg]
	if e == nil {
		e = &columnEntry{}
		c.segs[seg] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		path := ""
		if c.dir != "" {
			path = filepath.Join(c.dir, segmentColumnsName(id))
			if cols, err := loadColumns(path, seg.Count()); err == nil {
				e.cols = cols
				return
			}
		}
		e.cols, e.err = buildColumns(seg)
		if e.err == nil && c.write && path != "" {
			// A column file that cannot be written is rebuilt by the
			// next reader: not an error of the commit.
			_ = saveColumns(path, e.cols, seg.Count())
		}
	})
	return e.cols, e.err
}

// persist makes sure the columns of every segment of snap are saved, and
// removes the files of segments no longer in the index.
func (c *columnCache) persist(snap *scorch.IndexSnapshot) error {
	if c.dir == "" || !c.write {
		return nil
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	live := map[string]bool{}
	var segs []segment.Segment
	for _, ss := range snap.Segments() {
		segs = append(segs, ss.Segment())
		if _, err := c.get(ss.Segment(), ss.Id()); err != nil {
			return err
		}
		live[segmentColumnsName(ss.Id())] = true
	}
	c.keepOnly(segs)
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !live[e.Name()] {
			os.Remove(filepath.Join(c.dir, e.Name()))
		}
	}
	return nil
}

// segmentColumnsName is the file of the columns of segment id, named as
// scorch names the segment's own file.
func segmentColumnsName(id uint64) string { return fmt.Sprintf("%012x.cols", id) }

// columnsMagic starts a columns file; the number is its format.
const columnsMagic = "vanban columns 1\n"

// The columns a file holds, in order.
func (c *segmentColumns) stored() []*column {
	return []*column{&c.typ, &c.issuer, &c.signer, &c.format, &c.kind, &c.date, &c.issuerText}
}

// saveColumns writes cols, of a segment of docs documents, to path:
// columnsMagic, the number of documents, then for each column its number
// of values, each value (length and bytes) and each document's value id,
// all numbers uint32 little-endian. The file is written beside and
// renamed, so a reader never sees half of it.
func saveColumns(path string, cols *segmentColumns, docs uint64) error {
	var b []byte
	b = append(b, columnsMagic...)
	b = binary.LittleEndian.AppendUint32(b, uint32(docs))
	for _, col := range cols.stored() {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(col.values)))
		for _, v := range col.values {
			b = binary.LittleEndian.AppendUint32(b, uint32(len(v)))
			b = append(b, v...)
		}
		for _, id := range col.ids {
			b = binary.LittleEndian.AppendUint32(b, id)
		}
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

var errBadColumns = errors.New("bad columns file")

// loadColumns reads the columns saveColumns wrote for a segment of docs
// documents; errBadColumns if the file does not fit it.
func loadColumns(path string, docs uint64) (*segmentColumns, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(b, []byte(columnsMagic)) {
		return nil, errBadColumns
	}
	b = b[len(columnsMagic):]
	u32 := func() (uint32, bool) {
		if len(b) < 4 {
			return 0, false
		}
		v := binary.LittleEndian.Uint32(b)
		b = b[4:]
		return v, true
	}
	if n, ok := u32(); !ok || uint64(n) != docs {
		return nil, errBadColumns
	}
	c := &segmentColumns{}
	for _, col := range c.stored() {
		n, ok := u32()
		if !ok || int(n) > len(b) {
			return nil, errBadColumns
		}
		col.values = make([]string, n)
		for i := range col.values {
			l, ok := u32()
			if !ok || int(l) > len(b) {
				return nil, errBadColumns
			}
			col.values[i], b = string(b[:l]), b[l:]
		}
		if uint64(len(b)) < 4*docs {
			return nil, errBadColumns
		}
		col.ids = make([]uint32, docs)
		for i := range col.ids {
			id := binary.LittleEndian.Uint32(b[4*i:])
			if id > n {
				return nil, errBadColumns
			}
			col.ids[i] = id
		}
		b = b[4*docs:]
	}
	if len(b) != 0 {
		return nil, errBadColumns
	}
	c.derive()
	return c, nil
}

// keepOnly drops the columns of segments no longer in use.
func (c *columnCache) keepOnly(segs []segment.Segment) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.segs) <= len(segs) {
		return
	}
	live := make(map[segment.Segment]bool, len(segs))
	for _, s := range segs {
		live[s] = true
	}
	for s := range c.segs {
		if !live[s] {
			delete(c.segs, s)
		}
	}
}

func buildColumns(seg segment.Segment) (*segmentColumns, error) {
	c := &segmentColumns{}
	for _, f := range []struct {
		field string
		col   *column
	}{
		{fieldType, &c.typ}, {fieldIssuer, &c.issuer}, {fieldSigner, &c.signer},
		{fieldFormat, &c.format}, {fieldKind, &c.kind}, {fieldDate, &c.date},
		{fieldIssuerText, &c.issuerText},
	} {
		decode := keywordValue
		if f.field == fieldDate {
			decode = dateValue
		}
		col, err := buildColumn(seg, f.field, decode)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", f.field, err)
		}
		*f.col = col
	}
	c.derive()
	return c, nil
}

// derive fills in what the columns' values give: the days and years of
// the dates (the folded words of names are made when a filter asks).
func (c *segmentColumns) derive() {
	c.signer.fold, c.issuerText.fold = &foldedValues{}, &foldedValues{}
	c.day = make([]int32, len(c.date.values))
	c.year = make([]string, len(c.date.values))
	for i, v := range c.date.values {
		c.day[i] = parseDay(v)
		if len(v) >= 4 {
			c.year[i] = v[:4]
		}
	}
}

// keywordValue is a keyword term's value: the term itself.
func keywordValue(term string) (string, bool) { return term, true }

// dateValue is the day ("2024-03-15") of a term of a date field, which
// Bleve indexes as the time's nanoseconds, prefix-coded, once at full
// precision (shift 0) and again at coarser ones for range queries; ok
// is false for the coarser terms.
func dateValue(term string) (string, bool) {
	p := numeric.PrefixCoded(term)
	if shift, err := p.Shift(); err != nil || shift != 0 {
		return "", false
	}
	ns, err := p.Int64()
	if err != nil {
		return "", false
	}
	return time.Unix(0, ns).UTC().Format("2006-01-02"), true
}

// buildColumn reads field's terms and their posting lists in seg; decode
// gives a term's value, or false for a term to pass over.
func buildColumn(seg segment.Segment, field string, decode func(string) (string, bool)) (column, error) {
	col := column{ids: make([]uint32, seg.Count())}
	dict, err := seg.Dictionary(field)
	if err != nil {
		return col, err
	}
	it := dict.AutomatonIterator(nil, nil, nil)
	for {
		e, err := it.Next()
		if err != nil {
			return col, err
		}
		if e == nil {
			break
		}
		v, ok := decode(e.Term)
		if !ok {
			continue
		}
		col.values = append(col.values, v)
		id := uint32(len(col.values))
		bm, err := postingsBitmap(dict, []byte(e.Term), nil)
		if err != nil {
			return col, err
		}
		forEach(bm, func(doc uint32) {
			if int(doc) < len(col.ids) {
				col.ids[doc] = id
			}
		})
	}
	if !sort.StringsAreSorted(col.values) {
		return col, fmt.Errorf("terms of %s out of order", field)
	}
	return col, nil
}

// parseDay turns "2024-03-15" into 20240315; anything else, or a day the
// calendar lacks, into 0.
func parseDay(s string) int32 {
	d, _ := viet.ParseISO(s)
	return d.Key()
}

// postingsBitmap returns the documents of term in dict, less except. The
// bitmap may be the segment's own: do not change it.
func postingsBitmap(dict segment.TermDictionary, term []byte, except *roaring.Bitmap) (*roaring.Bitmap, error) {
	pl, err := dict.PostingsList(term, except, nil)
	if err != nil {
		return nil, err
	}
	it := pl.Iterator(false, false, false, nil)
	if o, ok := it.(segment.OptimizablePostingsIterator); ok {
		if d, ok := o.DocNum1Hit(); ok {
			return roaring.BitmapOf(uint32(d)), nil
		}
		if bm := o.ActualBitmap(); bm != nil {
			return bm, nil
		}
		// nil is "no bitmap to offer", not "empty" (scorch's
		// optimize.go iterates then): fall through and iterate, which
		// costs nothing on the empty list zapx gives nil for.
	}
	bm := roaring.New()
	for {
		p, err := it.Next()
		if err != nil {
			return nil, err
		}
		if p == nil {
			return bm, nil
		}
		bm.Add(uint32(p.Number()))
	}
}

// Warm builds the columns of every segment now, so that the first search
// does not wait for them; a server calls it before it listens.
func (a *Archive) Warm() error {
	_, err := a.Stats()
	return err
}
