package extract

import (
	"encoding/xml"
	"strconv"
	"strings"
	"unicode/utf8"
)

// listLevel is one level of a Word list definition (w:lvl).
type listLevel struct {
	start  int
	format string // w:numFmt: decimal, upperRoman, lowerLetter, bullet…
	text   string // w:lvlText: "%1.", "%1.%2", "-"
}

// Bounds on list numbers from numbering.xml, which a hostile file sets at
// will: Word accepts a w:start (and w:startOverride) of 0 to 32767, and
// its labels are short ("Điều 12.", "a)", "II."). A larger start would make
// a letter label as long as the number ("zzz…"), and a w:lvlText of many
// %1 multiplies it.
const (
	maxListStart = 32767
	maxListLabel = 64 // bytes of a label, and of a w:lvlText read
)

// startValue reads a w:start or w:startOverride value, clamped to Word's
// range.
func startValue(val string) int {
	v, _ := strconv.Atoi(val)
	return min(max(v, 0), maxListStart)
}

// clip cuts s to at most n bytes, at a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// listNumbering rebuilds the numbers Word draws in front of list
// paragraphs: a directive list numbered by Word has no "1." in its text.
type listNumbering struct {
	abstract map[string]map[int]*listLevel // abstractNumId → levels
	nums     map[string]string             // numId → abstractNumId
	starts   map[string]map[int]int        // numId → level → start override
	counters map[string][]int              // abstractNumId → current counters
}

func newListNumbering() *listNumbering {
	return &listNumbering{
		abstract: map[string]map[int]*listLevel{},
		nums:     map[string]string{},
		starts:   map[string]map[int]int{},
		counters: map[string][]int{},
	}
}

// read parses numbering.xml.
func (n *listNumbering) read(dec *xml.Decoder) error {
	var absID, numID string
	var lvl *listLevel
	overrideLevel := -1
	return tokens(dec, func(tok xml.Token, _ int) {
		t, ok := tok.(xml.StartElement)
		if !ok {
			return
		}
		switch t.Name.Local {
		case "abstractNum":
			absID, numID = attr(t, "abstractNumId"), ""
			n.abstract[absID] = map[int]*listLevel{}
		case "lvl":
			level, _ := strconv.Atoi(attr(t, "ilvl"))
			lvl = &listLevel{start: 1, format: "decimal"}
			if numID == "" && n.abstract[absID] != nil {
				n.abstract[absID][level] = lvl
			}
		case "start":
			if lvl != nil {
				lvl.start = startValue(attr(t, "val"))
			}
		case "numFmt":
			if lvl != nil {
				lvl.format = attr(t, "val")
			}
		case "lvlText":
			if lvl != nil {
				lvl.text = clip(attr(t, "val"), maxListLabel)
			}
		case "num":
			numID, lvl = attr(t, "numId"), nil
		case "abstractNumId":
			if numID != "" {
				n.nums[numID] = attr(t, "val")
			}
		case "lvlOverride":
			overrideLevel, _ = strconv.Atoi(attr(t, "ilvl"))
		case "startOverride":
			if numID != "" && overrideLevel >= 0 {
				if n.starts[numID] == nil {
					n.starts[numID] = map[int]int{}
				}
				n.starts[numID][overrideLevel] = startValue(attr(t, "val"))
			}
		}
	})
}

// next advances the counter of ref's list and returns the label Word would
// draw ("1.", "a)", "II.", "-" for a dash bullet), or "" for none.
func (n *listNumbering) next(ref numRef) string {
	if ref.numID == "" || ref.numID == "0" || ref.level < 0 || ref.level > 8 {
		return ""
	}
	absID, ok := n.nums[ref.numID]
	if !ok {
		return ""
	}
	levels := n.abstract[absID]
	lvl := levels[ref.level]
	if lvl == nil {
		return ""
	}
	if lvl.format == "bullet" || lvl.format == "none" {
		if strings.ContainsAny(lvl.text, "-–—") {
			return "-"
		}
		if lvl.format == "none" {
			return ""
		}
		return "-"
	}
	key := absID
	c := n.counters[key]
	if c == nil {
		c = make([]int, 9)
		for i := range c {
			c[i] = -1
		}
		n.counters[key] = c
	}
	if c[ref.level] < 0 {
		c[ref.level] = n.startOf(ref.numID, ref.level, levels)
	} else {
		c[ref.level]++
	}
	for i := ref.level + 1; i < len(c); i++ {
		c[i] = -1
	}
	label := lvl.text
	for i := 0; i <= ref.level; i++ {
		v := c[i]
		if v < 0 {
			v = n.startOf(ref.numID, i, levels)
		}
		format := "decimal"
		if l := levels[i]; l != nil {
			format = l.format
		}
		label = strings.ReplaceAll(label, "%"+strconv.Itoa(i+1), clip(formatNumber(v, format), maxListLabel))
	}
	return clip(label, maxListLabel)
}

func (n *listNumbering) startOf(numID string, level int, levels map[int]*listLevel) int {
	if s, ok := n.starts[numID][level]; ok {
		return s
	}
	if l := levels[level]; l != nil {
		return l.start
	}
	return 1
}

// formatNumber writes v in a Word number format.
func formatNumber(v int, format string) string {
	switch format {
	case "upperRoman":
		return roman(v)
	case "lowerRoman":
		return strings.ToLower(roman(v))
	case "lowerLetter":
		return letters(v)
	case "upperLetter":
		return strings.ToUpper(letters(v))
	case "decimalZero":
		if v < 10 {
			return "0" + strconv.Itoa(v)
		}
	}
	return strconv.Itoa(v)
}

func roman(v int) string {
	if v <= 0 || v >= 4000 {
		return strconv.Itoa(v)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, n := range vals {
		for v >= n {
			b.WriteString(syms[i])
			v -= n
		}
	}
	return b.String()
}

// letters writes 1 → a, 26 → z, 27 → aa, as Word does.
func letters(v int) string {
	if v <= 0 {
		return strconv.Itoa(v)
	}
	// A counter passes 32767 after as many paragraphs: the label is cut
	// to maxListLabel before it is built, so each costs O(1).
	ch := byte('a' + (v-1)%26)
	return strings.Repeat(string(ch), min((v-1)/26+1, maxListLabel))
}
