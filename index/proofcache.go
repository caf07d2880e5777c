package index

import (
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// Proving phrases is the costly step of a search (phrase.go): reading the
// frequency lists of every candidate, and for a common phrase of four or
// five words tens of thousands of records. A segment never changes once
// written, so what a proof found for a document of a segment stays true as
// long as the segment lives: proofCache keeps it, per segment and phrase
// set, so the next page of the same search, or the same search by another
// reader, proves nothing twice. Deletions are applied after the cache, as for
// any posting list. The cache forgets its oldest entries past
// proofCacheEntries.

// proofCacheEntries bounds the cache: each entry is two bitmaps of at
// most one bit per document of its segment (12.5 KB each at 100,000).
const proofCacheEntries = 1024

// proofKey is a segment (scorch's id, unique in an index) and the phrase
// groups checked.
type proofKey struct {
	segment uint64
	phrases string
}

// proofEntry is what the records said: of the documents checked, those
// holding every phrase.
type proofEntry struct {
	checked, holds *roaring.Bitmap
}

// proofCache is safe for concurrent use.
type proofCache struct {
	mu      sync.Mutex
	entries map[proofKey]*proofEntry
	order   []proofKey // oldest first
}

// phrasesKey names the phrase groups of one check.
func phrasesKey(groups []alts) string {
	var b strings.Builder
	for _, g := range groups {
		for _, u := range g {
			b.WriteString(u.key())
			b.WriteByte('/')
		}
		b.WriteByte(';')
	}
	return b.String()
}

// known splits docs into those the cache has checked (and, of those, the
// ones holding the phrases) and the rest, still to check.
func (c *proofCache) known(k proofKey, docs *roaring.Bitmap) (holds, rest *roaring.Bitmap) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[k]
	if e == nil {
		return roaring.New(), docs.Clone()
	}
	return roaring.And(docs, e.holds), roaring.AndNot(docs, e.checked)
}

// add records that checked were read and holds held the phrases.
func (c *proofCache) add(k proofKey, checked, holds *roaring.Bitmap) {
	if checked.IsEmpty() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[proofKey]*proofEntry{}
	}
	e := c.entries[k]
	if e == nil {
		for len(c.order) >= proofCacheEntries {
			delete(c.entries, c.order[0])
			c.order = c.order[1:]
		}
		e = &proofEntry{checked: roaring.New(), holds: roaring.New()}
		c.entries[k] = e
		c.order = append(c.order, k)
	}
	e.checked.Or(checked)
	e.holds.Or(holds)
}
