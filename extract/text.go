package extract

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// readText decodes a plain-text file.
func readText(data []byte) (*Document, error) {
	if len(data) > MaxTextSize {
		return nil, fmt.Errorf("%w: %d bytes (the limit is %d)", ErrTooLarge, len(data), MaxTextSize)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, ErrEmpty
	}
	text, enc, notes, err := decode(data)
	if err != nil {
		return nil, err
	}
	// Legacy Vietnamese text is converted before normalising: TCVN3
	// writes "ư" as the byte that reads as a soft hyphen, which Normalize
	// drops. Its bytes are not UTF-8, so they come out of decode as
	// Windows-1258; read them again as the Windows-1252 a legacy font
	// stands on.
	if enc == "windows-1258" {
		if s, err := charmap.Windows1252.NewDecoder().Bytes(data); err == nil {
			if legacy := detectLegacy(string(s)); legacy != legacyNone {
				text, enc, notes = string(s), "windows-1252", nil
			}
		}
	}
	if legacy := detectLegacy(text); legacy != legacyNone {
		text = convertLegacy(text, legacy)
		enc += "+" + string(legacy)
		notes = append(notes, legacy.note())
	}
	text = Normalize(text)
	if strings.TrimSpace(text) == "" {
		return nil, ErrEmpty
	}
	return &Document{Format: FormatText, Encoding: enc, Text: text, Notes: notes}, nil
}

// decode detects the encoding of data and decodes it to UTF-8.
func decode(data []byte) (text, enc string, notes []string, err error) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		data = data[len(bomUTF8):]
		if !utf8.Valid(data) {
			notes = append(notes, "the file starts with a UTF-8 byte-order mark but holds invalid UTF-8; bad bytes were replaced with U+FFFD")
		}
		return string(data), "utf-8", notes, nil
	case bytes.HasPrefix(data, bomUTF16LE):
		s, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", "", nil, fmt.Errorf("%w: bad UTF-16LE: %v", ErrBinary, err)
		}
		return string(s), "utf-16le", nil, nil
	case bytes.HasPrefix(data, bomUTF16BE):
		s, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", "", nil, fmt.Errorf("%w: bad UTF-16BE: %v", ErrBinary, err)
		}
		return string(s), "utf-16be", nil, nil
	}
	if e, ok := sniffUTF16(data); ok {
		s, err := unicode.UTF16(e, unicode.IgnoreBOM).NewDecoder().Bytes(data)
		if err == nil && utf8.Valid(s) && controlShare(s) < 0.01 {
			name := "utf-16le"
			if e == unicode.BigEndian {
				name = "utf-16be"
			}
			return string(s), name, []string{"no byte-order mark; the text was read as " + name + " from its pattern of zero bytes"}, nil
		}
	}
	if utf8.Valid(data) {
		if controlShare(data) > 0.01 {
			return "", "", nil, fmt.Errorf("%w: too many control characters", ErrBinary)
		}
		return string(data), "utf-8", nil, nil
	}
	if controlShare(data) > 0.01 {
		return "", "", nil, fmt.Errorf("%w: not valid UTF-8 and too many control characters", ErrBinary)
	}
	s, err := charmap.Windows1258.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", nil, fmt.Errorf("%w: %v", ErrBinary, err)
	}
	if !looksWindows1258(data) {
		notes = append(notes, "not valid UTF-8 and no Vietnamese tone marks of Windows-1258 found; decoded as windows-1258, which may be wrong")
	}
	return string(s), "windows-1258", notes, nil
}

// sniffUTF16 reports whether data looks like UTF-16 without a byte-order
// mark: Vietnamese text in UTF-16 has a zero high byte for every ASCII
// character, so zeros crowd one parity of positions.
func sniffUTF16(data []byte) (unicode.Endianness, bool) {
	n := len(data)
	if n < 4 || n%2 != 0 {
		return unicode.LittleEndian, false
	}
	if n > 4096 {
		n = 4096
	}
	var even, odd int
	for i := 0; i < n; i++ {
		if data[i] == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	half := n / 2
	switch {
	case odd > half*3/10 && even < half/20:
		return unicode.LittleEndian, true
	case even > half*3/10 && odd < half/20:
		return unicode.BigEndian, true
	}
	return unicode.LittleEndian, false
}

// controlShare is the share of bytes that are C0 controls other than tab,
// newline, carriage return and form feed.
func controlShare(data []byte) float64 {
	if len(data) == 0 {
		return 0
	}
	n := 0
	for _, b := range data {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' {
			n++
		}
	}
	return float64(n) / float64(len(data))
}

// looksWindows1258 reports whether data holds the combining tone marks of
// Windows-1258 (0xCC grave, 0xEC acute, 0xD2 hook, 0xDE tilde, 0xF2 dot
// below) right after a letter, as Vietnamese text in that code page does.
func looksWindows1258(data []byte) bool {
	hits := 0
	for i := 1; i < len(data); i++ {
		switch data[i] {
		case 0xCC, 0xEC, 0xD2, 0xDE, 0xF2:
			p := data[i-1]
			if (p >= 'a' && p <= 'z') || (p >= 'A' && p <= 'Z') || p >= 0xC0 {
				hits++
			}
		}
	}
	return hits >= 2
}

// Normalize cleans decoded text: it folds "\r\n" and "\r" to "\n" and form
// feeds to "\n", turns no-break and other fixed-width spaces into plain
// spaces, drops NUL, soft hyphens, zero-width characters, stray byte-order
// marks and other control characters (keeping tabs, which separate columns),
// and composes the result to NFC. Normalize is idempotent.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			b.WriteByte('\n')
			if i < len(s) && s[i] == '\n' {
				i++
			}
		case r == '\f' || r == '\v' || r == 0x2028 || r == 0x2029 || r == 0x85:
			b.WriteByte('\n')
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == 0xA0 || r == 0x202F || r == 0x205F || r == 0x3000 || (r >= 0x2000 && r <= 0x200A):
			b.WriteByte(' ')
		case r < 0x20 || (r >= 0x7F && r < 0xA0):
			// control characters: dropped
		case r == 0xAD || r == 0xFEFF || (r >= 0x200B && r <= 0x200F) || r == 0x2060:
			// soft hyphen, BOM, zero-width and direction marks: dropped
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}
