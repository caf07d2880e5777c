package extract

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Layout thresholds, in multiples of the font size.
const (
	wordGap    = 0.17 // a gap wider than this between glyphs is a space
	minWordGap = 0.1  // … or than this, in a font with a narrow space
	columnGap  = 1.2  // a gap wider than this on a line separates two columns
	// … and so does a gap wider than minColumnGap that is columnWords
	// times the line's usual word gap (the header's issuer and motto
	// set a little more than an em apart in a table).
	minColumnGap = 0.6
	columnWords  = 3
	lineSlack    = 0.3 // a drop of more than this between glyphs starts a new line
	blockBreak   = 2.2 // a vertical gap of this many line pitches ends a block
)

// A segment is a run of words on one line with no column gap inside.
type segment struct {
	x0, x1 float64
	text   string
}

// A textLine is one baseline of a page, left to right.
type textLine struct {
	y, size float64
	segs    []segment
	aside   bool // turned from another direction (see pageLines)
}

func (l textLine) x0() float64 { return l.segs[0].x0 }
func (l textLine) x1() float64 { return l.segs[len(l.segs)-1].x1 }

func (l textLine) String() string {
	parts := make([]string, len(l.segs))
	for i, s := range l.segs {
		parts[i] = s.text
	}
	return strings.Join(parts, "\t")
}

// layoutPages turns the glyphs of each page into text: lines top to bottom,
// words separated by single spaces, page furniture dropped. Where a stretch
// of lines holds two columns (the header's issuer and motto, the closing's
// recipients and signature, laid out as a table or with tab stops), the
// left column is written first and the right one after it, each as its own
// block, so that the parser never sees the two interleaved.
func layoutPages(pages [][]glyph, heights []float64) (string, legacyEncoding) {
	legacy := convertPDFLegacy(pages)
	lined := make([][]textLine, len(pages))
	for i, gs := range pages {
		lined[i] = pageLines(gs)
	}
	dropFurniture(lined, heights)
	var b strings.Builder
	writePages(&b, lined)
	text := b.String()
	if legacy == legacyVNI {
		text = convertVNI(text)
	}
	return text, legacy
}

// convertPDFLegacy finds TCVN3 text among the glyphs and converts it,
// and tells the legacy encoding of the text (VNI is converted later, in
// the laid-out text). The glyphs drawn in fonts named as TCVN3 fonts
// (.VnTime…) are judged apart from the others: a document whose old TCVN3
// body was given a new Unicode header is converted in the body only, not
// garbled in the header. Glyphs in other fonts are converted only if they
// too read as TCVN3.
func convertPDFLegacy(pages [][]glyph) legacyEncoding {
	tcvn3Font := func(g *glyph) bool { return g.font != nil && g.font.legacy != fontUnicode }
	other := func(g *glyph) bool { return !tcvn3Font(g) }
	legacy := legacyNone
	// Text in a TCVN3 font is TCVN3 unless its font maps it to Unicode:
	// the letter statistics decide, or for a few words, the absence of
	// letters only Unicode Vietnamese has.
	if named := glyphText(pages, tcvn3Font); detectLegacy(named) == legacyTCVN3 || tcvn3Only(named) {
		convertGlyphsTCVN3(pages, tcvn3Font)
		legacy = legacyTCVN3
	}
	switch detectLegacy(glyphText(pages, other)) {
	case legacyTCVN3:
		convertGlyphsTCVN3(pages, other)
		legacy = legacyTCVN3
	case legacyVNI:
		if legacy == legacyNone {
			legacy = legacyVNI
		}
	}
	return legacy
}

// tcvn3Only reports text with a TCVN3 tell and no letter of Unicode
// Vietnamese.
func tcvn3Only(s string) bool {
	tell := false
	for _, r := range s {
		if vietOnly(r) {
			return false
		}
		tell = tell || tcvn3Tell(r)
	}
	return tell
}

// glyphText is the text of the glyphs keep accepts (all, if nil), in
// drawing order.
func glyphText(pages [][]glyph, keep func(*glyph) bool) string {
	var b strings.Builder
	for _, gs := range pages {
		for i := range gs {
			if keep != nil && !keep(&gs[i]) {
				continue
			}
			b.WriteString(gs[i].s)
			if b.Len() > 1<<20 {
				return b.String()
			}
		}
	}
	return b.String()
}

// pageLines groups glyphs into lines and lines into segments. Glyphs
// running in another direction than the page's (a note printed up the
// margin, a sideways table cell) are turned to read left to right and
// laid out after the page's own lines, as lines aside. A line drawn
// only by a signature widget (the stamp naming signer, agency and time)
// is the signature's label, not the document's text, and is left out;
// the signature's glyphs that share a line with the page's (a number or
// a day written into a gap) stay.
func pageLines(gs []glyph) []textLine {
	var rest [4][]glyph
	main := make([]glyph, 0, len(gs))
	for _, g := range gs {
		if g.size <= 0.5 || math.IsNaN(g.x) || math.IsNaN(g.y) {
			continue
		}
		if d := g.dir & 3; d != 0 {
			switch d {
			case 1:
				g.x, g.y = g.y, -g.x
			case 2:
				g.x, g.y = -g.x, -g.y
			case 3:
				g.x, g.y = -g.y, g.x
			}
			rest[d] = append(rest[d], g)
			continue
		}
		main = append(main, g)
	}
	out := linesOf(main, false)
	for _, r := range rest[1:] {
		out = append(out, linesOf(r, true)...)
	}
	return out
}

// linesOf groups glyphs running left to right into lines, top to bottom.
func linesOf(gs []glyph, aside bool) []textLine {
	sorted := gs
	slices.SortStableFunc(sorted, func(a, b glyph) int { return cmp.Compare(b.y, a.y) })
	// Glyphs top to bottom; a line ends where the next glyph is lower by
	// more than lineSlack of the font size. Within a line the steps are
	// small even where glyph boxes differ (descenders, a dot below, a
	// raised "*"); between lines the leading makes a gap. Each line is a
	// stretch of sorted.
	var lines [][]glyph
	start := 0
	for i := 1; i < len(sorted); i++ {
		prev, g := &sorted[i-1], &sorted[i]
		size := math.Max(math.Min(prev.size, g.size), 1)
		if prev.y-g.y > lineSlack*size {
			lines = append(lines, sorted[start:i:i])
			start = i
		}
	}
	if start < len(sorted) {
		lines = append(lines, sorted[start:])
	}
	lines = joinScripts(lines)
	out := make([]textLine, 0, len(lines))
	for _, l := range lines {
		if signatureOnly(l) {
			continue
		}
		if tl, ok := buildLine(l); ok {
			tl.aside = aside
			out = append(out, tl)
		}
	}
	return out
}

// joinScripts puts superscripts and subscripts ("m2", a footnote marker
// after a heading) back on their line: a group of glyphs in a smaller
// font raised above the next line by less than half that line's size,
// or lowered under the previous one by less than a third of its size.
func joinScripts(lines [][]glyph) [][]glyph {
	size := func(l []glyph) float64 {
		m := 0.0
		for i := range l {
			m = math.Max(m, l[i].size)
		}
		return m
	}
	out := lines[:0]
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if i+1 < len(lines) {
			next := lines[i+1]
			if s, ns := size(l), size(next); s < 0.8*ns && l[len(l)-1].y-next[0].y < 0.5*ns {
				lines[i+1] = join(l, next)
				continue
			}
		}
		if n := len(out); n > 0 {
			prev := out[n-1]
			if s, ps := size(l), size(prev); s < 0.8*ps && prev[len(prev)-1].y-l[0].y < 0.35*ps {
				out[n-1] = join(prev, l)
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

// join returns the glyphs of two lines: one stretch of the sorted
// glyphs when b follows a there, else a copy.
func join(a, b []glyph) []glyph {
	if len(a) > 0 && len(b) > 0 && cap(a) > len(a) && &a[:len(a)+1][len(a)] == &b[0] {
		return a[:len(a)+len(b)]
	}
	return append(append(make([]glyph, 0, len(a)+len(b)), a...), b...)
}

// signatureOnly reports a line drawn wholly by signature widgets.
func signatureOnly(gs []glyph) bool {
	for i := range gs {
		if !gs[i].sig {
			return false
		}
	}
	return true
}

// buildLine orders a line's glyphs by x and infers spaces and column gaps
// from the distances between them, as poppler does: each glyph ends
// where its advance width says, and a gap wider than the word-break gap
// of its font (see breakGap) is a space (kerned or Td-positioned words
// have no space glyph); a gap wider than columnGap, or one wider than
// minColumnGap and columnWords times the line's median word gap, starts
// a new segment.
// A space glyph counts as a space too, unless it was drawn apart from
// its neighbours (another text line or object) and they cover it: a
// form's blank filled in by a signature ("ngày      tháng" with "15"
// drawn over the spaces), or an empty paragraph's space lying under a
// word of the same line, must not split a word.
func buildLine(gs []glyph) (textLine, bool) {
	slices.SortStableFunc(gs, func(a, b glyph) int { return cmp.Compare(a.x, b.x) })
	// The glyphs with ink, and for each whether a space glyph not
	// covered by ink stands before it.
	ink := make([]*glyph, 0, len(gs))
	var spaces []int                      // index into gs of each space glyph, -1 ending ink runs
	spaceAfter := make([]int, 0, len(gs)) // for each ink glyph, the spaces after it start here
	for i := range gs {
		g := &gs[i]
		if strings.TrimSpace(g.s) == "" {
			spaces = append(spaces, i)
			continue
		}
		// Fake bold: the same glyph drawn twice at almost the same place.
		if n := len(ink); n > 0 && g.s == ink[n-1].s && math.Abs(g.x-ink[n-1].x) < 0.1*g.size {
			continue
		}
		ink = append(ink, g)
		spaceAfter = append(spaceAfter, len(spaces))
	}
	if len(ink) == 0 {
		return textLine{}, false
	}
	spaceBefore := make([]bool, len(ink))
	for k := 1; k < len(ink); k++ {
		for _, si := range spaces[spaceAfter[k-1]:spaceAfter[k]] {
			sp := &gs[si]
			w := glyphWidth(sp)
			covered := overlap(sp.x, sp.x+w, ink[k-1].x, ink[k-1].x+glyphWidth(ink[k-1])) + overlap(sp.x, sp.x+w, ink[k].x, ink[k].x+glyphWidth(ink[k]))
			if sp.run == ink[k-1].run || sp.run == ink[k].run || covered < 0.5*w {
				spaceBefore[k] = true
				break
			}
		}
	}
	// The gaps before each glyph, and the line's usual word gap.
	gaps := make([]float64, len(ink))
	var words []float64
	end := math.Inf(-1)
	for k, g := range ink {
		gaps[k] = g.x - end
		end = math.Max(end, g.x+glyphWidth(g))
		if k > 0 && (spaceBefore[k] || gaps[k] > breakGap(ink[k-1], g)) && gaps[k] <= columnGap*g.size {
			words = append(words, math.Max(gaps[k], 0))
		}
	}
	wordSpace := math.Inf(1)
	if len(words) >= 3 {
		sort.Float64s(words)
		wordSpace = words[len(words)/2]
	}
	var segs []segment
	var b strings.Builder
	var seg segment
	size, baseline := 0.0, ink[0].y
	prevEnd := math.Inf(-1)
	for k, g := range ink {
		if g.size > size {
			size, baseline = g.size, g.y
		}
		gap := gaps[k]
		switch {
		case b.Len() > 0 && (gap > columnGap*g.size || (gap > minColumnGap*g.size && gap > columnWords*wordSpace)):
			seg.text = b.String()
			segs = append(segs, seg)
			b.Reset()
		case b.Len() > 0 && (spaceBefore[k] || gap > breakGap(ink[k-1], g)):
			b.WriteByte(' ')
		}
		if b.Len() == 0 {
			seg = segment{x0: g.x}
		}
		b.WriteString(g.s)
		prevEnd = math.Max(prevEnd, g.x+glyphWidth(g))
		seg.x1 = prevEnd
	}
	if b.Len() > 0 {
		seg.text = b.String()
		segs = append(segs, seg)
	}
	for i := range segs {
		segs[i].text = strings.Join(strings.Fields(segs[i].text), " ")
	}
	return textLine{y: baseline, size: size, segs: segs}, true
}

// glyphWidth is a glyph's advance on the page, or half its size per
// character when its font gives none.
func glyphWidth(g *glyph) float64 {
	if g.w > 0 {
		return g.w
	}
	return 0.5 * g.size * float64(utf8.RuneCountInString(g.s))
}

// overlap is the length of the intersection of [a0, a1] and [b0, b1].
func overlap(a0, a1, b0, b1 float64) float64 {
	return math.Max(0, math.Min(a1, b1)-math.Max(a0, b0))
}

// breakGap is the widest gap between two glyphs of one word: wordGap of
// the font size, or less in a font whose space is narrow (condensed
// faces), but never under minWordGap of the size, where kerning ends.
func breakGap(prev, g *glyph) float64 {
	size := math.Min(prev.size, g.size)
	gap := wordGap
	if f := g.font; f != nil && f.space > 0 {
		gap = math.Max(minWordGap, math.Min(wordGap, 0.6*f.space/1000))
	}
	return gap * size
}

// dropFurniture removes page numbers and running headers or footers:
// lines in the top or bottom tenth of a page each of whose pieces
// (segments) is furniture: a page number (on its own, only as the
// page's first or last line), the official gazette's running head
// ("CÔNG BÁO/Số 55/Ngày 26-01-2026", which stands before the real
// header), or a text that (digits aside) recurs in the margins of at
// least half the pages of a document of three or more. Odd and even
// pages put the page number on either side of the running head; piece
// by piece, both are recognised.
func dropFurniture(pages [][]textLine, heights []float64) {
	shape := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return '#'
			}
			return r
		}, s)
	}
	inMargin := func(l textLine, h float64) bool { return !l.aside && (l.y > 0.9*h || l.y < 0.1*h) }
	count := map[string]int{}
	for i, lines := range pages {
		seen := map[string]bool{}
		for _, l := range lines {
			if !inMargin(l, heights[i]) {
				continue
			}
			for _, sg := range l.segs {
				if k := shape(sg.text); !seen[k] {
					seen[k] = true
					count[k]++
				}
			}
		}
	}
	furniture := func(sg segment, alone bool) bool {
		return (!alone && isPageNumber(sg.text)) || gazetteHead.MatchString(sg.text) ||
			(len(pages) >= 3 && count[shape(sg.text)]*2 >= len(pages))
	}
	for i, lines := range pages {
		kept := lines[:0]
		for j, l := range lines {
			edge := j == 0 || j == len(lines)-1
			if inMargin(l, heights[i]) && allFurniture(l, edge, furniture) {
				continue
			}
			kept = append(kept, l)
		}
		pages[i] = kept
	}
}

// allFurniture reports whether each segment of l is furniture. A bare
// page number counts on a line of its own only at the page's edge.
func allFurniture(l textLine, edge bool, furniture func(segment, bool) bool) bool {
	for _, sg := range l.segs {
		alone := len(l.segs) == 1
		if !furniture(sg, alone) && !(alone && edge && isPageNumber(sg.text)) {
			return false
		}
	}
	return true
}

// gazetteHead matches the running head of Công báo, the official
// gazette: "CÔNG BÁO/Số 55/Ngày 26-01-2026", "CÔNG BÁO/Số 11 + 12/Ngày
// 10-01-2023", with the page number before or after it.
var gazetteHead = regexp.MustCompile(`^(?:\d+\s+)?CÔNG BÁO\s*/\s*Số\s+[\d\s+]+/\s*Ngày\s+\d{1,2}\s*-\s*\d{1,2}\s*-\s*\d{4}(?:\s+\d+)?$`)

// isPageNumber reports a line like "3", "- 3 -", "Trang 3" or "3/12".
func isPageNumber(s string) bool {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "Trang"))
	s = strings.Trim(s, "-–— ")
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) && r != '/' && r != ' ' {
			return false
		}
	}
	return true
}

// textBox is where body text runs on the pages: the usual left margin
// and the usual right edge of full lines.
type textBox struct{ left, right float64 }

// bodyBox finds the text box from the single-column lines of all pages:
// the 10th percentile of their starts (few lines start left of the margin;
// indented, centred and right-hand lines start right of it) and the 90th
// percentile of their ends.
func bodyBox(pages [][]textLine) textBox {
	var starts, ends []float64
	for _, lines := range pages {
		for _, l := range lines {
			if len(l.segs) == 1 {
				starts = append(starts, l.x0())
				ends = append(ends, l.x1())
			}
		}
	}
	if len(starts) == 0 {
		return textBox{}
	}
	sort.Float64s(starts)
	sort.Float64s(ends)
	return textBox{left: starts[len(starts)/10], right: ends[len(ends)*9/10]}
}

// listStart matches the label that opens a list item or article.
var listStart = regexp.MustCompile(`^(?:\d{1,2}[.)]|[a-zđ]\)|[-–—+•]|[IVXLC]{1,5}[.)]|Điều \d)\s`)

// wraps reports whether cur continues the paragraph of prev: prev filled
// its line (the first word of cur would not have fitted after it), cur
// starts at the left margin, not indented as a new paragraph is, and no
// wide vertical gap parts them. A list label after a line that ends a
// sentence or a clause starts a new item even so.
func wraps(prev, cur textLine, box textBox, pitch float64, samePage bool) bool {
	if len(prev.segs) != 1 || len(cur.segs) != 1 || box.right == 0 {
		return false
	}
	if samePage && prev.y-cur.y > 1.6*pitch {
		return false
	}
	if math.Abs(cur.x0()-box.left) > 0.5*cur.size || math.Abs(prev.x0()-box.left) > 3*prev.size {
		return false
	}
	text := cur.segs[0].text
	first, _, _ := strings.Cut(text, " ")
	perRune := (cur.x1() - cur.x0()) / math.Max(1, float64(utf8.RuneCountInString(text)))
	if prev.x1()+perRune*float64(utf8.RuneCountInString(first)+1) < box.right-0.5*cur.size {
		return false
	}
	p := prev.segs[0].text
	if listStart.MatchString(text) && strings.ContainsAny(p[len(p)-1:], ".:;") {
		return false
	}
	// A heading in capitals does not run on into ordinary text.
	return allCaps(p) == allCaps(text)
}

// splitCompound reports a line ending in a hyphen attached to a letter
// or digit: a symbol or compound split at the line's end ("Nghị định số
// 24/2022/NĐ-" and "CP"), joined back without a space. Vietnamese does
// not hyphenate inside syllables, so the hyphen stays.
func splitCompound(line string) bool {
	r, n := utf8.DecodeLastRuneInString(line)
	if r != '-' {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(line[:len(line)-n])
	return unicode.IsLetter(before) || unicode.IsDigit(before)
}

// writePages writes the lines of all pages: one line per paragraph of
// body text (wrapped lines joined back, across page breaks too), and
// two-column stretches unwoven into a left block and a right block.
func writePages(b *strings.Builder, pages [][]textLine) {
	box := bodyBox(pages)
	var prev *textLine // the last body line written, if it may continue
	prevPage := -1
	for pi, lines := range pages {
		pitch := linePitch(lines)
		for i := 0; i < len(lines); {
			l := lines[i]
			if i > 0 && lines[i-1].y-l.y > blockBreak*pitch {
				b.WriteByte('\n')
				prev = nil
			}
			if len(l.segs) < 2 {
				if prev != nil && wraps(*prev, l, box, pitch, pi == prevPage) {
					if !splitCompound(prev.String()) {
						b.WriteByte(' ')
					}
				} else if b.Len() > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(l.String())
				prev, prevPage = &lines[i], pi
				i++
				continue
			}
			end, split := columnRun(lines, i, pitch, box)
			writeColumns(b, lines[i:end], split)
			prev = nil
			i = end
		}
	}
	b.WriteByte('\n')
}

// writeColumns writes a two-column stretch: the left column's lines, a
// blank line, the right column's lines, a blank line.
func writeColumns(b *strings.Builder, lines []textLine, split float64) {
	var left, right []string
	for _, rl := range lines {
		var ls, rs []string
		for _, s := range rl.segs {
			if s.x0 < split {
				ls = append(ls, s.text)
			} else {
				rs = append(rs, s.text)
			}
		}
		// Pieces on one side of the gutter are one cell: "Số" and
		// "- HD/BTCTU" with the number left blank between them.
		if len(ls) > 0 {
			left = append(left, strings.Join(ls, " "))
		}
		if len(rs) > 0 {
			right = append(right, strings.Join(rs, " "))
		}
	}
	b.WriteString("\n\n")
	for _, s := range left {
		b.WriteString(s)
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(right, "\n"))
	b.WriteByte('\n')
}

// columnRun finds how far a two-column stretch starting at lines[start]
// goes and where its right column begins. The columns are divided by a
// gutter: an x range that no segment of the stretch covers. The stretch
// grows line by line while a gutter remains and no wide vertical gap
// intervenes. A left-column line that runs into the gutter (a long
// recipient beside an empty stretch of the signature column) stays in the
// stretch if it starts where the left column starts and stops well short
// of the right column's edge; a line centred on the page (the type
// name, a title) or a body line across the page ends it.
func columnRun(lines []textLine, start int, pitch float64, box textBox) (end int, split float64) {
	lo, hi, ok := gutter(lines[start : start+1])
	if !ok {
		return start + 1, lines[start].segs[1].x0
	}
	kept := []textLine{lines[start]}
	leftX0, rightX1 := lines[start].x0(), lines[start].x1()
	for end = start + 1; end < len(lines); end++ {
		l := lines[end]
		if lines[end-1].y-l.y > blockBreak*pitch*1.3 {
			break
		}
		// A line centred on the page, not starting where the left
		// column starts (the type name "NGHỊ QUYẾT", a title under the
		// header), belongs to neither column.
		if len(l.segs) == 1 && box.right > box.left && math.Abs((l.x0()+l.x1())/2-(box.left+box.right)/2) < 1.5*l.size &&
			math.Abs(l.x0()-leftX0) >= 1.5*l.size {
			break
		}
		if l2, h2, ok2 := gutter(append(kept, l)); ok2 && h2-l2 >= 0.4*l.size && l2 >= lo-0.5*l.size && !oneSided(l, l2, h2) {
			lo, hi = l2, h2
			kept = append(kept, l)
			rightX1 = math.Max(rightX1, l.x1())
			continue
		}
		if len(l.segs) == 1 && math.Abs(l.x0()-leftX0) < 1.5*l.size && l.x1() < rightX1-3*l.size {
			continue
		}
		break
	}
	return end, (lo + hi) / 2
}

// oneSided reports a line of two or more segments that all lie on one
// side of the gutter [lo, hi] and have a wider gap between them than
// the gutter: it has columns of its own elsewhere (a header of two
// columns under a page number beside a running head), so it does not
// belong to the stretch. A blank left in one column ("Số      -
// HD/BTCTU", "ngày      tháng") is narrower than the gutter.
func oneSided(l textLine, lo, hi float64) bool {
	if len(l.segs) < 2 || (l.x1() > hi && l.x0() < lo) {
		return false
	}
	for i := 1; i < len(l.segs); i++ {
		if l.segs[i].x0-l.segs[i-1].x1 > hi-lo {
			return true
		}
	}
	return false
}

// gutter finds the widest x range between the leftmost and rightmost text
// of lines that no segment covers.
func gutter(lines []textLine) (lo, hi float64, ok bool) {
	var iv [][2]float64
	for _, l := range lines {
		for _, s := range l.segs {
			iv = append(iv, [2]float64{s.x0, s.x1})
		}
	}
	sort.Slice(iv, func(i, j int) bool { return iv[i][0] < iv[j][0] })
	reach := iv[0][1]
	for _, v := range iv[1:] {
		if v[0] > reach && v[0]-reach > hi-lo {
			lo, hi, ok = reach, v[0], true
		}
		reach = math.Max(reach, v[1])
	}
	return lo, hi, ok
}

// linePitch is the most common distance between consecutive baselines.
func linePitch(lines []textLine) float64 {
	counts := map[int]int{}
	best, bestN := 0, 0
	for i := 1; i < len(lines); i++ {
		d := int(math.Round(lines[i-1].y - lines[i].y))
		if d <= 0 {
			continue
		}
		counts[d]++
		if counts[d] > bestN || (counts[d] == bestN && d < best) {
			best, bestN = d, counts[d]
		}
	}
	if best == 0 {
		return 14
	}
	return float64(best)
}

// allCaps reports whether s has letters and all of them are capitals.
func allCaps(s string) bool {
	seen := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		seen = seen || unicode.IsUpper(r)
	}
	return seen
}
