package main

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// shownPath is a file path as a terminal or a log may print it: as is when
// it is valid UTF-8 without control characters, else Go-quoted, the bytes
// that are not UTF-8 as \xNN and the controls as escapes ("tb\xe0.txt"):
// a name in a legacy code page stays recognisable, and a name holding
// escape sequences cannot drive the terminal.
func shownPath(p string) string {
	if utf8.ValidString(p) && strings.IndexFunc(p, unicode.IsControl) < 0 {
		return p
	}
	return strconv.Quote(p)
}
