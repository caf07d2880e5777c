package extract

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// MaxHTMLSize is the largest web page Read accepts, in bytes.
const MaxHTMLSize = 64 << 20

// maxHTMLDepth is the deepest element nesting followed in a web page;
// deeper content is still read, as if at that depth.
const maxHTMLDepth = 512

// ErrBadHTML: a web page that cannot be decoded.
var ErrBadHTML = errors.New("unreadable web page")

// htmlDropped are the elements whose content is not the document's text:
// scripts, styles, navigation, forms and embedded media.
var htmlDropped = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "head": true,
	"nav": true, "footer": true, "aside": true, "form": true,
	"button": true, "select": true, "textarea": true, "iframe": true, "object": true,
	"embed": true, "svg": true, "math": true, "canvas": true, "video": true,
	"audio": true, "map": true, "menu": true, "dialog": true,
}

// htmlBlocks are the elements that start a new line.
var htmlBlocks = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "tr": true, "blockquote": true, "pre": true,
	"section": true, "article": true, "main": true, "dd": true, "dt": true, "ul": true,
	"ol": true, "dl": true, "center": true, "address": true, "hr": true, "caption": true,
	"figure": true, "figcaption": true, "header": true, "body": true, "table": true,
}

// navClass marks the elements saved portal pages use for menus, breadcrumbs
// and sharing links, by their class or id.
func navClass(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" && a.Key != "role" {
			continue
		}
		v := strings.ToLower(a.Val)
		for _, w := range []string{"menu", "navbar", "breadcrumb", "sidebar", "footer", "navigation", "share", "social", "banner", "cookie"} {
			if strings.Contains(v, w) {
				return true
			}
		}
	}
	return false
}

// readHTML reads a saved web page: its declared charset (meta tag, or a
// byte-order mark; Windows-1252 when nothing is declared and the bytes are
// not UTF-8), then the text of the body with paragraphs and line breaks as
// lines, each table cell a block of its own (portals lay the two-column
// header out as a table), and scripts, styles, navigation and forms left
// out. Legacy TCVN3/VNI text (pages set in .VnTime) is converted by its
// letters, as plain text is.
func readHTML(data []byte) (text, enc string, notes []string, err error) {
	if len(data) > MaxHTMLSize {
		return "", "", nil, fmt.Errorf("%w: %d MiB (limit %d MiB)", ErrTooLarge, len(data)>>20, MaxHTMLSize>>20)
	}
	e, name, _ := charset.DetermineEncoding(data, "")
	if name != "utf-8" && utf8.Valid(data) && hasMultibyte(data) {
		// Valid UTF-8 with letters beyond ASCII is UTF-8, whatever an old
		// meta tag copied along with the page says.
		notes = append(notes, "the page declares "+name+" but is UTF-8; read as UTF-8")
		e, name = encoding.Nop, "utf-8"
	}
	utf8Text, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", nil, fmt.Errorf("%w: cannot decode as %s: %v", ErrBadHTML, name, err)
	}
	root, err := html.Parse(bytes.NewReader(utf8Text))
	if err != nil {
		return "", "", nil, fmt.Errorf("%w: %v", ErrBadHTML, err)
	}
	var lines []docxLine
	var cur []run // the line being read, by font
	font := fontUnicode
	cells := 0
	add := func(s string) {
		if n := len(cur); n > 0 && cur[n-1].font == font {
			cur[n-1].text += s
			return
		}
		cur = append(cur, run{text: s, font: font})
	}
	endLine := func() {
		if l := collapseRuns(cur); len(l) > 0 {
			lines = append(lines, docxLine{runs: l, inBox: cells > 0})
		}
		cur = nil
	}
	blank := func() {
		endLine()
		lines = append(lines, docxLine{blank: true})
	}
	var walk func(n *html.Node, depth int, pre bool)
	walk = func(n *html.Node, depth int, pre bool) {
		switch n.Type {
		case html.TextNode:
			s := n.Data
			if pre {
				parts := strings.Split(s, "\n")
				for i, p := range parts {
					if i > 0 {
						endLine()
					}
					add(p)
				}
				return
			}
			add(s)
			return
		case html.ElementNode:
			tag := n.Data
			if htmlDropped[tag] || navClass(n) && tag != "body" && tag != "html" {
				return
			}
			if hidden(n) {
				return
			}
			switch {
			case tag == "td" || tag == "th":
				blank()
				cells++
			case tag == "table":
				blank()
			case htmlBlocks[tag]:
				endLine()
			}
			if tag == "pre" {
				pre = true
			}
			if f, ok := htmlFont(n); ok {
				defer func(prev legacyFont) { font = prev }(font)
				font = f
			}
		case html.CommentNode, html.DoctypeNode:
			return
		}
		if depth < maxHTMLDepth {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, depth+1, pre)
			}
		}
		if n.Type == html.ElementNode {
			switch tag := n.Data; {
			case tag == "td" || tag == "th":
				cells--
				blank()
			case tag == "table":
				blank()
			case htmlBlocks[tag]:
				endLine()
			}
		}
	}
	walk(root, 0, false)
	endLine()
	text, legacy, convNotes := renderRuns(lines)
	enc = strings.ToLower(name)
	if legacy != legacyNone {
		enc += "+" + string(legacy)
	}
	notes = append(notes, convNotes...)
	return text, enc, notes, nil
}

// hidden reports an element the page does not show (hidden attribute, or
// display:none in its style).
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "style":
			v := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(v, "display:none") || strings.Contains(v, "visibility:hidden") {
				return true
			}
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		}
	}
	return false
}

// hasMultibyte reports bytes beyond ASCII.
func hasMultibyte(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// htmlFont reads the font an element sets (<font face>, a style's
// font-family): its first family, classed as a legacy font or not.
func htmlFont(n *html.Node) (legacyFont, bool) {
	for _, a := range n.Attr {
		var families string
		switch {
		case a.Key == "face" && n.Data == "font":
			families = a.Val
		case a.Key == "style":
			v := strings.ToLower(a.Val)
			i := strings.Index(v, "font-family:")
			if i < 0 {
				continue
			}
			families = a.Val[i+len("font-family:"):]
			if j := strings.IndexByte(families, ';'); j >= 0 {
				families = families[:j]
			}
		default:
			continue
		}
		first, _, _ := strings.Cut(families, ",")
		return fontClass(strings.Trim(strings.TrimSpace(first), `"'`)), true
	}
	return fontUnicode, false
}

// collapseRuns collapses the white space of a line's runs as a browser
// does: runs of spaces to one, none at either end.
func collapseRuns(runs []run) []run {
	var out []run
	space := true // at the start: drop leading space
	for _, r := range runs {
		var b strings.Builder
		for _, c := range r.text {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' {
				if !space {
					b.WriteByte(' ')
				}
				space = true
				continue
			}
			b.WriteRune(c)
			space = false
		}
		if b.Len() > 0 {
			out = append(out, run{text: b.String(), font: r.font})
		}
	}
	if n := len(out); n > 0 {
		out[n-1].text = strings.TrimRight(out[n-1].text, " ")
		if out[n-1].text == "" {
			out = out[:n-1]
		}
	}
	return out
}
