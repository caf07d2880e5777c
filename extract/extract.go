// Package extract turns the bytes of a source file into normalised text.
//
// It is the first stage of vanban: file bytes → Document (NFC text, the
// detected format and encoding, and notes about anything uncertain). Every
// later stage sees only the text it returns. For plain text files it detects
// the encoding (UTF-8 with or without a byte-order mark, UTF-16 with a
// byte-order mark, Windows-1258), decodes it, folds line endings to "\n",
// drops characters that never belong in a notice (NUL, soft hyphens, other
// controls) and normalises the result to Unicode NFC.
//
// A worked example: the bytes "Ti\xea\xecn Giang" (Windows-1258, where the
// tone is a separate combining mark) become the NFC string "Tiến Giang" with
// Encoding "windows-1258".
//
// Functions in this package are safe for concurrent use.
package extract

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// Format names the container of a source file.
type Format string

// The formats vanban recognises by content.
const (
	FormatText Format = "txt"
	FormatPDF  Format = "pdf"
	FormatDOCX Format = "docx"
)

// MaxTextSize is the largest text file Read accepts, in bytes.
const MaxTextSize = 64 << 20

// Errors returned by Read, wrapped in a *FileError.
var (
	// ErrUnsupportedFormat: the file is of a format this build cannot read.
	ErrUnsupportedFormat = errors.New("unsupported format")
	// ErrTooLarge: the file exceeds MaxTextSize.
	ErrTooLarge = errors.New("file too large")
	// ErrEmpty: the file holds no text at all.
	ErrEmpty = errors.New("file is empty")
	// ErrBinary: the file is not text in any encoding vanban knows.
	ErrBinary = errors.New("not a text file")
)

// FileError reports a failure to read one file. It unwraps to one of the
// Err* sentinels above or to an I/O error.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *FileError) Unwrap() error { return e.Err }

// Document is the normalised text of one source file.
type Document struct {
	// Path is the file's path as the caller gave it.
	Path string
	// Format is the container the text came from.
	Format Format
	// Encoding is the character encoding the text was decoded from:
	// "utf-8", "utf-16le", "utf-16be" or "windows-1258".
	Encoding string
	// Text is the decoded text: NFC, lines separated by "\n".
	Text string
	// SHA256 is the hex SHA-256 of the file's bytes; Size their number.
	SHA256 string
	Size   int64
	// Notes are remarks about uncertain decisions (an encoding guess, say),
	// meant for the record's warnings.
	Notes []string
}

// Sniff tells the format of data from its first bytes. Text is the default.
func Sniff(data []byte) Format {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return FormatPDF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return FormatDOCX
	}
	// A PDF may carry junk before its header; readers accept it within 1 KiB.
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	if bytes.Contains(head, []byte("%PDF-")) {
		return FormatPDF
	}
	return FormatText
}

// Read turns the bytes of the file at path into a Document. The format is
// detected from the content, not the name. Errors are *FileError values.
func Read(path string, data []byte) (*Document, error) {
	switch f := Sniff(data); f {
	case FormatText:
		doc, err := readText(data)
		if err != nil {
			return nil, &FileError{Path: path, Err: err}
		}
		doc.Path = path
		sum := sha256.Sum256(data)
		doc.SHA256 = hex.EncodeToString(sum[:])
		doc.Size = int64(len(data))
		return doc, nil
	default:
		return nil, &FileError{Path: path, Err: fmt.Errorf("%w: %s files are not supported by this build", ErrUnsupportedFormat, f)}
	}
}
