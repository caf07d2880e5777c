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
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Format names the container of a source file.
type Format string

// The formats vanban recognises by content.
const (
	FormatText Format = "txt"
	FormatPDF  Format = "pdf"
	FormatDOCX Format = "docx"
	FormatDOC  Format = "doc"  // Word 97–2003
	FormatRTF  Format = "rtf"  // Rich Text Format
	FormatHTML Format = "html" // a web page
)

// MaxTextSize is the largest text file Read accepts, in bytes, and the
// most text it returns from any file.
const MaxTextSize = 64 << 20

// MaxFileSize is the largest file of any format Read accepts (MaxPDFSize).
const MaxFileSize = MaxPDFSize

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
	// ErrUnreadable: a PDF the reader could not open or read in its limits.
	ErrUnreadable = errors.New("unreadable PDF")
	// ErrNoText: a PDF without a text layer, such as a scan.
	ErrNoText = errors.New("no text layer")
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
	// Pages is the number of pages of a PDF; 0 for other formats.
	Pages int
	// Extractor names what read the text: "text", "docx" (our OOXML
	// reader) or "ledongthuc/pdf" (our walker over that library).
	Extractor string
	// Notes are remarks about uncertain decisions (an encoding guess, say),
	// meant for the record's warnings.
	Notes []string
	// OCR tells how OCR'd pages were read; nil when none was.
	OCR *OCRInfo
}

// Sniff tells the format of data from its content: the document format
// vanban would read it as, or "" for a file it refuses (an image, a
// spreadsheet, an archive, data…). Text is the default; whether a text is
// a document is decided when it is read.
func Sniff(data []byte) Format { return identify(data).format }

// Read turns the bytes of the file at path into a Document. The format is
// detected from the content, not the name. Errors are *FileError values.
//
// A PDF is read in a child process (see RunWorkerIfChild) under
// DefaultWorkerLimits, so a hostile file costs at most its time and memory
// caps and never takes the caller down.
//
// Scanned pages and image files are OCR'd as the default Options say
// (OCRAuto, cached in DefaultOCRCache); ReadWith takes other options.
func Read(path string, data []byte) (*Document, error) {
	return ReadWith(path, data, Options{})
}

// ReadWith is Read with options for OCR.
func ReadWith(path string, data []byte, opts Options) (*Document, error) {
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	doc, err := read(data, sha, opts)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	doc.Path = path
	doc.SHA256 = sha
	doc.Size = int64(len(data))
	return doc, nil
}

// ErrChanged: the file changed (size or modification time) while it was
// read, twice in a row.
var ErrChanged = errors.New("the file changed while it was read")

// OpenRegular opens the file at path for reading only if it is a regular
// file: it opens without blocking (a named pipe with no writer would hang
// open(2)) and checks the open file's mode (fstat, so that no rename in
// between can swap it). Anything else is refused with a *NotDocumentError
// naming it ("a named pipe"); errors are *FileError values.
func OpenRegular(path string) (*os.File, os.FileInfo, error) {
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, nil, &FileError{Path: path, Err: err}
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, &FileError{Path: path, Err: err}
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, &FileError{Path: path, Err: &NotDocumentError{Kind: EntryKind(st.Mode())}}
	}
	return f, st, nil
}

// EntryKind names a file mode that is not a regular file: "a named pipe",
// "a folder", "a symbolic link (not followed)"…
func EntryKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&os.ModeSymlink != 0:
		return "a symbolic link (not followed)"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// ReadFile reads the bytes of the regular file at path (see OpenRegular),
// refusing a file larger than MaxFileSize (checked before and while
// reading). The file's size and modification time are checked before and
// after the read: a file that changed meanwhile (being written) is read
// once more, and if it changed again ErrChanged is returned, so that no
// torn mix of two versions is ever taken for a document. Errors are
// *FileError values.
func ReadFile(path string) ([]byte, error) {
	data, err := readOnce(path)
	if errors.Is(err, ErrChanged) {
		data, err = readOnce(path)
	}
	return data, err
}

func readOnce(path string) ([]byte, error) {
	f, before, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if before.Size() > MaxFileSize {
		return nil, &FileError{Path: path, Err: fmt.Errorf("%w: %d bytes (the limit is %d)", ErrTooLarge, before.Size(), MaxFileSize)}
	}
	data, err := readLimited(path, f)
	if err != nil {
		return nil, err
	}
	after, err := f.Stat()
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	if int64(len(data)) != before.Size() || after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
		return nil, &FileError{Path: path, Err: fmt.Errorf("%w (%d bytes before, %d read, %d after)", ErrChanged, before.Size(), len(data), after.Size())}
	}
	return data, nil
}

// readLimited reads r to its end, refusing more than MaxFileSize bytes.
func readLimited(path string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	if len(data) > MaxFileSize {
		return nil, &FileError{Path: path, Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, MaxFileSize)}
	}
	return data, nil
}

// ReadAll reads a whole input such as standard input, refusing more than
// MaxFileSize bytes; path names it in errors.
func ReadAll(path string, r io.Reader) ([]byte, error) { return readLimited(path, r) }

func read(data []byte, sha string, opts Options) (doc *Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("internal error while reading: %v", r)
		}
	}()
	id := identify(data)
	switch id.format {
	case FormatPDF:
		return readPDF(data, sha, opts)
	case FormatDOCX:
		if len(data) > MaxDOCXSize {
			return nil, fmt.Errorf("%w: %d MiB (limit %d MiB)", ErrTooLarge, len(data)>>20, MaxDOCXSize>>20)
		}
		text, legacy, notes, err := readDOCX(data)
		if err != nil {
			return nil, err
		}
		return finish(&Document{Format: FormatDOCX, Encoding: containerEncoding(legacy), Extractor: "docx", Notes: notes}, text)
	case FormatDOC:
		text, legacy, notes, err := readDOC(data)
		if err != nil {
			return nil, err
		}
		return finish(&Document{Format: FormatDOC, Encoding: containerEncoding(legacy), Extractor: "doc", Notes: notes}, text)
	case FormatRTF:
		text, legacy, notes, err := readRTF(data)
		if err != nil {
			return nil, err
		}
		return finish(&Document{Format: FormatRTF, Encoding: containerEncoding(legacy), Extractor: "rtf", Notes: notes}, text)
	case FormatHTML:
		text, enc, notes, err := readHTML(data)
		if err != nil {
			return nil, err
		}
		return finish(&Document{Format: FormatHTML, Encoding: enc, Extractor: "html", Notes: notes}, text)
	case FormatPNG, FormatJPEG, FormatTIFF:
		return readImage(data, id.format, sha, opts)
	case "":
		return nil, refusal(id)
	}
	doc, err = readText(data)
	switch {
	case errors.Is(err, ErrEmpty):
		return nil, &NotDocumentError{Kind: "an empty file", err: err}
	case errors.Is(err, ErrBinary):
		return nil, &NotDocumentError{Kind: "binary data", err: err}
	case err != nil:
		return nil, err
	}
	if ok, kind := looksLikeDocument(doc.Text); !ok {
		return nil, &NotDocumentError{Kind: kind}
	}
	doc.Extractor = "text"
	return doc, nil
}

func readPDF(data []byte, sha string, opts Options) (*Document, error) {
	if len(data) > MaxPDFSize {
		return nil, fmt.Errorf("%w: %d MiB (limit %d MiB)", ErrTooLarge, len(data)>>20, MaxPDFSize>>20)
	}
	res, err := runPDFWorker(data, DefaultWorkerLimits, readerAuto)
	if err != nil {
		// ledongthuc/pdf hung or died: PDFium may still read the file.
		res2, err2 := runPDFWorker(data, DefaultWorkerLimits, readerPDFium)
		if err2 != nil || res2.Err != "" {
			return nil, err
		}
		res = res2
		res.Notes = append(res.Notes, "read with PDFium: ledongthuc/pdf could not: "+strings.TrimPrefix(err.Error(), ErrUnreadable.Error()+": "))
	}
	// Without text, the walker lists the pages with images (Sparse): a
	// file with neither has nothing to OCR unless OCR is forced.
	nothingToOCR := res.NoText && res.Extractor == "ledongthuc/pdf" && len(res.Sparse) == 0 && opts.OCR != OCRAlways
	if opts.OCR != OCRNever && !nothingToOCR && (res.NoText || len(res.Sparse) > 0 || opts.OCR == OCRAlways) {
		mode := opts.OCR
		if mode == "" {
			mode = OCRAuto
		}
		if res.NoText {
			mode = OCRAlways // no text layer at all: every page is a scan
		}
		ocr, err := runOCRWorker(data, ocrRequest{Mode: mode, Cache: opts.ocrCache(), SHA: sha, Walker: res.Extractor == "ledongthuc/pdf"}, res.Pages, opts.OnOCRPage)
		switch {
		case err != nil && res.NoText:
			return nil, fmt.Errorf("%w: %d pages but no text (a scanned image?): %w", ErrNoText, res.Pages, err)
		case err != nil:
			return nil, fmt.Errorf("pages %s look scanned: %w", pageNumbers(res.Sparse), err)
		case ocr.OCR == nil || !ocr.OCR.NotNeeded:
			if ocr.Extractor != "tesseract" && res.Extractor == "ledongthuc/pdf" {
				ocr.Extractor = "ledongthuc/pdf+tesseract"
			}
			return ocrDocument(&Document{Format: FormatPDF, Encoding: containerEncoding(ocr.Legacy), Notes: res.Notes}, ocr)
		}
	}
	switch {
	case res.NoText && opts.OCR == OCRNever:
		return nil, fmt.Errorf("%w: %d pages but no text (a scanned image?), and OCR is off (--ocr never)", ErrNoText, res.Pages)
	case res.NoText:
		return nil, fmt.Errorf("%w: %d pages with neither text nor images", ErrNoText, res.Pages)
	}
	if res.Err != "" {
		return nil, fmt.Errorf("%w: %s", ErrUnreadable, res.Err)
	}
	doc := &Document{Format: FormatPDF, Encoding: containerEncoding(res.Legacy), Pages: res.Pages, Extractor: res.Extractor, Notes: res.Notes}
	return finish(doc, res.Text)
}

func finish(doc *Document, text string) (*Document, error) {
	doc.Text = Normalize(text)
	if strings.TrimSpace(doc.Text) == "" {
		return nil, fmt.Errorf("%w: the %s file holds no text", ErrEmpty, doc.Format)
	}
	if len(doc.Text) > MaxTextSize {
		return nil, fmt.Errorf("%w: more than %d MiB of text", ErrTooLarge, MaxTextSize>>20)
	}
	return doc, nil
}
