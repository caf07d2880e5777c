package extract

import (
	"image"
	"sort"
	"unicode/utf8"
)

// A second look at what Tesseract could not read. Its page segmentation
// sometimes takes two short lines of a narrow column for one ("- Như
// trên;" over "- Bộ Tài chính;" read as "ca ĐAI Bộ tha hệ"), or gives up
// on a line it has boxed ("- Như trên;" read as "„S", confidence 0). Read
// again alone, cropped from the page with a margin, such a region is
// nearly always read right: it is a block of a few lines with nothing
// around it to mislead the segmentation. So each page's doubtful regions,
// a word read with little confidence and its neighbours on its line, are
// read a second time (Tesseract, one block of text: --psm 6), and the new
// reading replaces the old where Tesseract is clearly surer of it.

// Re-reading parameters.
const (
	// ocrRereadConfidence: a word of two letters or more, as tall as the
	// print, read with less confidence than this seeds a region.
	ocrRereadConfidence = 40
	// ocrRereadGain: the new reading replaces the old one when its mean
	// word confidence is at least ocrRereadMin and this much above the
	// old one's.
	ocrRereadGain = 15
	ocrRereadMin  = 60
	// ocrRereadMax bounds the regions read again on one page (each costs
	// a Tesseract run of a fraction of a second).
	ocrRereadMax = 8
)

// doubtfulRegions returns the regions of a page (its image bounds) worth
// reading again: around each seed word (ocrRereadConfidence), the words of
// its line that stand within two text heights of it, as one box (the
// crop read again adds a margin, rereadDoubtful); overlapping boxes are
// merged.
// textHeight is the median height of the words read with confidence.
func doubtfulRegions(words []ocrWord, textHeight int, bounds image.Rectangle) []image.Rectangle {
	if textHeight <= 0 {
		return nil
	}
	byLine := map[int][]int{}
	for i, w := range words {
		byLine[w.Line] = append(byLine[w.Line], i)
	}
	for _, idx := range byLine {
		sort.Slice(idx, func(a, b int) bool { return words[idx[a]].Box[0] < words[idx[b]].Box[0] })
	}
	box := func(w ocrWord) image.Rectangle {
		return image.Rect(w.Box[0], w.Box[1], w.Box[0]+w.Box[2], w.Box[1]+w.Box[3])
	}
	gap := 2 * textHeight
	var regions []image.Rectangle
	for _, idx := range byLine {
		for k, i := range idx {
			w := words[i]
			if w.Conf >= ocrRereadConfidence || 2*w.Box[3] < textHeight || utf8.RuneCountInString(w.Text) < 2 {
				continue
			}
			r := box(w)
			for j := k - 1; j >= 0 && r.Min.X-(words[idx[j]].Box[0]+words[idx[j]].Box[2]) <= gap; j-- {
				r = r.Union(box(words[idx[j]]))
			}
			for j := k + 1; j < len(idx) && words[idx[j]].Box[0]-r.Max.X <= gap; j++ {
				r = r.Union(box(words[idx[j]]))
			}
			regions = append(regions, r.Intersect(bounds))
		}
	}
	// Merge overlapping regions until none overlap.
	for merged := true; merged; {
		merged = false
		for i := 0; i < len(regions) && !merged; i++ {
			for j := i + 1; j < len(regions); j++ {
				if regions[i].Overlaps(regions[j]) {
					regions[i] = regions[i].Union(regions[j])
					regions = append(regions[:j], regions[j+1:]...)
					merged = true
					break
				}
			}
		}
	}
	sort.Slice(regions, func(a, b int) bool {
		if regions[a].Min.Y != regions[b].Min.Y {
			return regions[a].Min.Y < regions[b].Min.Y
		}
		return regions[a].Min.X < regions[b].Min.X
	})
	// A region of more than an eighth of the page is a picture or a
	// seal, not a few lines of text.
	kept := regions[:0]
	for _, r := range regions {
		if r.Dx()*r.Dy()*8 <= bounds.Dx()*bounds.Dy() {
			kept = append(kept, r)
		}
	}
	if len(kept) > ocrRereadMax {
		kept = kept[:ocrRereadMax]
	}
	return kept
}

// center reports whether the centre of w's box lies in r.
func centerIn(w ocrWord, r image.Rectangle) bool {
	return image.Pt(w.Box[0]+w.Box[2]/2, w.Box[1]+w.Box[3]/2).In(r)
}

// meanConfidence is the mean confidence of ws, 0 without words.
func meanConfidence(ws []ocrWord) float64 {
	if len(ws) == 0 {
		return 0
	}
	sum := 0.0
	for _, w := range ws {
		sum += w.Conf
	}
	return sum / float64(len(ws))
}

// replaceRegion puts again, read in region r (its words' boxes in page
// pixels, their lines numbered from 1), in place of the words of words
// whose centres lie in r, when the new reading is surer (ocrRereadGain,
// ocrRereadMin); the new lines take numbers after every line of words.
// It returns words, changed or not, and whether they changed.
func replaceRegion(words []ocrWord, r image.Rectangle, again []ocrWord) ([]ocrWord, bool) {
	var old []ocrWord
	maxLine, first := 0, -1
	for i, w := range words {
		maxLine = max(maxLine, w.Line)
		if centerIn(w, r) {
			old = append(old, w)
			if first < 0 {
				first = i
			}
		}
	}
	nw := meanConfidence(again)
	if len(again) == 0 || nw < ocrRereadMin || nw < meanConfidence(old)+ocrRereadGain {
		return words, false
	}
	out := make([]ocrWord, 0, len(words)-len(old)+len(again))
	placed := false
	for i, w := range words {
		if i == first || first < 0 && !placed && w.Box[1] > r.Min.Y {
			for _, a := range again {
				a.Line += maxLine
				out = append(out, a)
			}
			placed = true
		}
		if !centerIn(w, r) {
			out = append(out, w)
		}
	}
	if !placed {
		for _, a := range again {
			a.Line += maxLine
			out = append(out, a)
		}
	}
	return out, true
}

// rereadDoubtful reads the doubtful regions of page image g again
// (doubtfulRegions) with read (Tesseract on a cropped PGM, its words'
// boxes in the crop's pixels) and keeps the surer readings. A failed
// second reading leaves the first.
//
// The crop is the region with a margin of half a text height left and
// right and a quarter above and below (enough for the tone marks, little
// of the next lines); of the new reading only the words centred in the
// region are kept, in place of the old words centred there.
func rereadDoubtful(g *image.Gray, words []ocrWord, read func(pgm []byte) ([]ocrWord, error)) []ocrWord {
	th := medianWordHeight(words)
	for _, r := range doubtfulRegions(words, th, g.Bounds()) {
		c := image.Rect(r.Min.X-th/2, r.Min.Y-th/4, r.Max.X+th/2, r.Max.Y+th/4).Intersect(g.Bounds())
		crop, ok := g.SubImage(c).(*image.Gray)
		if !ok {
			continue
		}
		again, err := read(encodePGM(crop))
		if err != nil {
			continue
		}
		kept := again[:0]
		for _, a := range again {
			a.Box[0] += c.Min.X
			a.Box[1] += c.Min.Y
			if centerIn(a, r) {
				kept = append(kept, a)
			}
		}
		words, _ = replaceRegion(words, r, kept)
	}
	return words
}
