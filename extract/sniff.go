package extract

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"unicode"

	"github.com/richardlehane/mscfb"
	"golang.org/x/text/unicode/norm"
)

// ErrNotDocument: the file is not a document vanban reads (an image, a
// spreadsheet, an archive, data, source code, a text that is no document).
// It comes wrapped in a *NotDocumentError that names the kind.
var ErrNotDocument = errors.New("not a document")

// NotDocumentError refuses a file that is not a document, naming what it
// is: "an Excel workbook, not a document".
type NotDocumentError struct {
	// Kind names what the file is, with its article: "an Excel workbook",
	// "an image: PNG", "a zip archive", "JSON data", "a text that is not a
	// document".
	Kind string
	// Why, if set, replaces "not a document" (an image: "OCR not available").
	Why string
	// err is the reader's own error, when a reader found the file no
	// document (ErrEmpty, ErrBinary).
	err error
}

func (e *NotDocumentError) Error() string {
	if e.Why != "" {
		return e.Kind + ", " + e.Why
	}
	return e.Kind + ", not a document"
}

// Unwrap returns ErrNotDocument and the reader's error, if any.
func (e *NotDocumentError) Unwrap() []error {
	if e.err != nil {
		return []error{ErrNotDocument, e.err}
	}
	return []error{ErrNotDocument}
}

// RefusedKind returns the kind named by a NotDocumentError in err's chain.
func RefusedKind(err error) (string, bool) {
	var nd *NotDocumentError
	if errors.As(err, &nd) {
		return nd.Kind, true
	}
	return "", false
}

// identity is what Identify tells of a file.
type identity struct {
	format Format // the reader for a document; "" for anything else
	kind   string // what the file is, for a refusal
	why    string // the refusal, when not "not a document"
	image  bool   // an image OCR could read
}

// magic numbers of formats that are never documents.
var magics = []struct {
	prefix string
	kind   string
	image  bool
}{
	{"\x89PNG\r\n\x1a\n", "an image: PNG", true},
	{"\xff\xd8\xff", "an image: JPEG", true},
	{"II*\x00", "an image: TIFF", true},
	{"MM\x00*", "an image: TIFF", true},
	{"GIF87a", "an image: GIF", false},
	{"GIF89a", "an image: GIF", false},
	{"\x00\x00\x01\x00", "an icon image", false},
	{"Rar!\x1a\x07", "a RAR archive", false},
	{"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", false},
	{"\x1f\x8b", "a gzip archive", false},
	{"\xfd7zXZ\x00", "an xz archive", false},
	{"\x28\xb5\x2f\xfd", "a zstd archive", false},
	{"MSCF", "a cabinet archive", false},
	{"\x7fELF", "a program (ELF)", false},
	{"\xca\xfe\xba\xbe", "a compiled Java class or Mach-O program", false},
	{"\xcf\xfa\xed\xfe", "a program (Mach-O)", false},
	{"SQLite format 3\x00", "an SQLite database", false},
	{"OggS", "an audio or video file: Ogg", false},
	{"fLaC", "an audio file: FLAC", false},
	{"\x1a\x45\xdf\xa3", "a video file: Matroska/WebM", false},
	{"wOFF", "a font file: WOFF", false},
	{"wOF2", "a font file: WOFF2", false},
	{"\x00\x01\x00\x00\x00", "a font file: TrueType", false},
	{"OTTO", "a font file: OpenType", false},
	{"%!PS", "a PostScript file", false},
	{"\xc5\xd0\xd3\xc6", "a PostScript file", false},
}

// identify tells what data is from its content: a document format vanban
// reads, or the kind of file it refuses. Text decides later (looksLikeDocument).
func identify(data []byte) identity {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return identity{format: FormatPDF}
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return identifyZip(data)
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return identifyOLE(data)
	case bytes.HasPrefix(data, []byte("{\\rtf")):
		return identity{format: FormatRTF}
	}
	if f := sniffImage(data); f != "" {
		return identity{format: f, image: true}
	}
	if id, ok := identifyMagic(data); ok {
		return id
	}
	// A PDF may carry junk before its header; readers accept it within 1 KiB.
	head := data[:min(len(data), 1024)]
	if bytes.Contains(head, []byte("%PDF-")) {
		return identity{format: FormatPDF}
	}
	return identifyMarkup(data)
}

// RefuseByHead tells from the first bytes of a file (512 are enough)
// whether it is of a kind vanban refuses whatever follows (an image while
// audio, video, a program, an archive other than
// zip), so that a large one need not be read. It returns the refusal, a
// *NotDocumentError, or nil when the file must be read to tell.
func RefuseByHead(head []byte) error {
	if id, ok := identifyMagic(head); ok && !id.image {
		return refusal(id)
	}
	return nil
}

// refusal is the error refusing a file identified as id.
func refusal(id identity) error {
	return &NotDocumentError{Kind: id.kind, Why: id.why}
}

// identifyMagic names the formats told by their first bytes alone.
func identifyMagic(data []byte) (identity, bool) {
	for _, m := range magics {
		if bytes.HasPrefix(data, []byte(m.prefix)) {
			return identity{kind: m.kind, image: m.image}, true
		}
	}
	if id := magicAt(data); id.kind != "" {
		return id, true
	}
	return identity{}, false
}

// magicAt names the formats whose mark is not a plain prefix.
func magicAt(data []byte) identity {
	switch {
	case bytes.HasPrefix(data, []byte("AT&TFORM")):
		return identity{kind: "a DjVu document", why: "not read: save it as PDF"}
	case len(data) >= 64 && string(data[:2]) == "MZ" && bytes.IndexByte(data[:64], 0) >= 0:
		return identity{kind: "a Windows program"}
	case len(data) >= 4 && string(data[:3]) == "BZh" && data[3] >= '1' && data[3] <= '9':
		return identity{kind: "a bzip2 archive"}
	case len(data) >= 10 && string(data[:3]) == "ID3" && data[3] < 10:
		return identity{kind: "an audio file: MP3"}
	}
	if len(data) >= 12 && string(data[:4]) == "RIFF" {
		switch string(data[8:12]) {
		case "WEBP":
			return identity{kind: "an image: WebP"}
		case "WAVE":
			return identity{kind: "an audio file: WAV"}
		case "AVI ":
			return identity{kind: "a video file: AVI"}
		}
	}
	if len(data) >= 12 && string(data[4:8]) == "ftyp" {
		switch string(data[8:12]) {
		case "heic", "heix", "mif1", "avif":
			return identity{kind: "an image: HEIF/AVIF"}
		}
		return identity{kind: "a video or audio file: MP4"}
	}
	if len(data) >= 26 && string(data[:2]) == "BM" && data[6] == 0 && data[7] == 0 && data[8] == 0 && data[9] == 0 {
		return identity{kind: "an image: BMP"}
	}
	if len(data) > 262 && string(data[257:262]) == "ustar" {
		return identity{kind: "a tar archive"}
	}
	return identity{}
}

// identifyZip names a zip package by its parts.
func identifyZip(data []byte) identity {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		// A broken package: let the DOCX reader say what is wrong.
		return identity{format: FormatDOCX}
	}
	has := map[string]bool{}
	word := false
	for _, f := range zr.File {
		name := strings.ToLower(f.Name)
		has[name] = true
		word = word || strings.HasPrefix(name, "word/")
	}
	switch {
	case word: // the DOCX reader says what is missing, if anything
		return identity{format: FormatDOCX}
	case has["xl/workbook.xml"]:
		return identity{kind: "an Excel workbook"}
	case has["ppt/presentation.xml"]:
		return identity{kind: "a PowerPoint deck"}
	case has["visio/document.xml"]:
		return identity{kind: "a Visio drawing"}
	case has["mimetype"]:
		switch zipMimetype(zr) {
		case "application/vnd.oasis.opendocument.text":
			return identity{kind: "an OpenDocument text", why: "not read: save it as DOCX"}
		case "application/vnd.oasis.opendocument.spreadsheet":
			return identity{kind: "an OpenDocument spreadsheet"}
		case "application/vnd.oasis.opendocument.presentation":
			return identity{kind: "an OpenDocument presentation"}
		case "application/epub+zip":
			return identity{kind: "an e-book (EPUB)"}
		}
	case has["[content_types].xml"]:
		return identity{kind: "an Office package that is not a Word document"}
	}
	return identity{kind: "a zip archive"}
}

func zipMimetype(zr *zip.Reader) string {
	for _, f := range zr.File {
		if f.Name != "mimetype" || f.UncompressedSize64 > 256 {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return ""
		}
		defer rc.Close()
		var b [256]byte
		n, _ := rc.Read(b[:])
		return strings.TrimSpace(string(b[:n]))
	}
	return ""
}

// identifyOLE names a compound file (Word 97, Excel 97, PowerPoint 97…) by
// its streams.
func identifyOLE(data []byte) (id identity) {
	defer func() {
		if recover() != nil {
			id = identity{format: FormatDOC} // the Word reader reports it
		}
	}()
	rd, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return identity{format: FormatDOC}
	}
	has := map[string]bool{}
	for e, err := rd.Next(); err == nil && len(has) < 10000; e, err = rd.Next() {
		has[e.Name] = true
	}
	switch {
	case has["WordDocument"]:
		return identity{format: FormatDOC}
	case has["Workbook"], has["Book"]:
		return identity{kind: "an Excel workbook"}
	case has["PowerPoint Document"]:
		return identity{kind: "a PowerPoint deck"}
	case has["EncryptedPackage"]:
		return identity{kind: "an encrypted Office file", why: "not read: remove the password"}
	case has["VisioDocument"]:
		return identity{kind: "a Visio drawing"}
	case has["__properties_version1.0"]:
		return identity{kind: "an Outlook message"}
	}
	return identity{kind: "an OLE compound file (not a Word document)"}
}

var (
	htmlStart = regexp.MustCompile(`(?i)^(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|table|div|p|link|style|script)[\s>/]`)
	htmlAny   = regexp.MustCompile(`(?i)<(html|body)[\s>]`)
	svgStart  = regexp.MustCompile(`(?i)<svg[\s>]`)
)

// identifyMarkup names text formats by their first characters: HTML, SVG,
// XML and JSON. Anything else is text, judged later.
func identifyMarkup(data []byte) identity {
	head := data[:min(len(data), 4096)]
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	switch {
	case htmlStart.Match(head):
		return identity{format: FormatHTML}
	case bytes.HasPrefix(head, []byte("<?xml")):
		if svgStart.Match(head) {
			return identity{kind: "an SVG image"}
		}
		if htmlAny.Match(head) {
			return identity{format: FormatHTML}
		}
		return identity{kind: "XML data"}
	case svgStart.Match(head[:min(len(head), 5)]):
		return identity{kind: "an SVG image"}
	case len(head) > 0 && (head[0] == '{' || head[0] == '['):
		if len(data) <= 16<<20 && json.Valid(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))) {
			return identity{kind: "JSON data"}
		}
	}
	return identity{format: FormatText}
}

// Document headings of 36-HD/VPTW (party) and 30/2020/NĐ-CP (state),
// folded: a text carrying one is a document whatever else it holds.
var documentHeadings = []string{"dang cong san viet nam", "cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc", "doc lap – tu do – hanh phuc"}

// documentTypes are the names of document types (36-HD/VPTW Appendix 1,
// 30/2020/NĐ-CP Article 7), folded: one near the top of a text typed
// without diacritics marks it as a document.
var documentTypes = regexp.MustCompile(`\b(thong bao|quyet dinh|nghi quyet|nghi dinh|chi thi|cong van|to trinh|bao cao|ket luan|huong dan|quy dinh|thong tu|ke hoach|cong dien|bien ban|quy che|chuong trinh|giay moi)\b`)

// looksLikeDocument reports whether decoded text is a document: it carries
// a national or party heading or, near its top, a document type's name, or
// it is Vietnamese prose (most words of a Vietnamese text carry a
// diacritic). When it is not, kind names what it seems to be instead.
func looksLikeDocument(text string) (ok bool, kind string) {
	// A program says what it is on its first line, whatever its comments
	// and strings say ("echo Quyết định").
	if strings.HasPrefix(strings.TrimPrefix(text, "\ufeff"), "#!") {
		return false, "a script"
	}
	head := text[:min(len(text), 8<<10)]
	words, viet := 0, 0
	inWord, marked := false, false
	for _, r := range head {
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			inWord = true
			marked = marked || vietnameseMarked(r) || unicode.Is(unicode.Mn, r)
			continue
		}
		if inWord {
			words++
			if marked {
				viet++
			}
		}
		inWord, marked = false, false
	}
	if inWord {
		words++
		if marked {
			viet++
		}
	}
	if words >= 3 && viet*4 >= words {
		return true, ""
	}
	folded := foldASCII(head)
	for _, h := range documentHeadings {
		if strings.Contains(folded, h) {
			return true, ""
		}
	}
	if documentTypes.MatchString(folded[:min(len(folded), 2000)]) {
		return true, ""
	}
	return false, textKind(head)
}

// vietnameseMarked reports letters that Vietnamese writes with a diacritic
// (â, ê, ô, ă, ơ, ư, đ and the tone-marked vowels).
func vietnameseMarked(r rune) bool {
	if vietOnly(r) {
		return true
	}
	switch unicode.ToLower(r) {
	case 'à', 'á', 'â', 'ã', 'è', 'é', 'ê', 'ì', 'í', 'ò', 'ó', 'ô', 'õ', 'ù', 'ú', 'ý':
		return true
	}
	return false
}

// foldASCII lower-cases s and drops Vietnamese diacritics, for matching
// headings.
func foldASCII(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(norm.NFD.String(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteByte('d')
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

var (
	codeLine  = regexp.MustCompile(`(?m)^\s*(package |import |from \S+ import |def |class |func |#include|#!|function |var |const |let |public |private |using |namespace |return\b|if \(|for \(|\}|\{)`)
	reqLine   = regexp.MustCompile(`(?m)^\s*[A-Za-z0-9_.\[\]-]+\s*(==|>=|<=|~=|!=|>|<)\s*[0-9]`)
	iniLine   = regexp.MustCompile(`(?m)^\s*(\[[^\]]+\]|[A-Za-z0-9_.-]+\s*[=:]\s*\S)`)
	mdHeading = regexp.MustCompile(`(?m)^#{1,6} \S|^\S.*\n(===+|---+)$`)
)

// textKind names a text that is not a document.
func textKind(s string) string {
	lines := strings.Count(s, "\n") + 1
	switch {
	case strings.HasPrefix(s, "#!"):
		return "a script"
	case len(reqLine.FindAllStringIndex(s, -1))*2 >= lines && lines > 0:
		return "a list of software requirements"
	case len(codeLine.FindAllStringIndex(s, -1))*4 >= lines && lines >= 3:
		return "source code"
	case isCSV(s):
		return "a CSV table"
	case mdHeading.MatchString(s):
		return "a Markdown text"
	case len(iniLine.FindAllStringIndex(s, -1))*2 >= lines && lines >= 2:
		return "a configuration file"
	}
	return "a text file"
}

// isCSV reports text whose lines split into the same number (≥ 2) of
// fields at commas, semicolons or tabs.
func isCSV(s string) bool {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) < 2 {
		return false
	}
	lines = lines[:min(len(lines), 50)]
	for _, sep := range []string{",", ";", "\t"} {
		n := strings.Count(lines[0], sep)
		if n == 0 {
			continue
		}
		same := true
		for _, l := range lines[1:] {
			if strings.Count(l, sep) != n {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}
