package pipeline

// SchemaVersion is the version of the record layout written by vanban. It
// changes when a field is renamed, removed or changes meaning; added fields
// keep it.
const SchemaVersion = "1"

// Notice is the structured record of one document (schema version 1). Every
// field is always present in JSON: strings are "" and lists are [] when the
// document has no such part (a warning then says so). notice.schema.json
// describes each field for downstream tools.
type Notice struct {
	SchemaVersion string      `json:"schema_version"`
	ID            string      `json:"id"` // hex SHA-256 of the source bytes
	Source        Source      `json:"source"`
	Kind          string      `json:"kind"` // "party", "state" or "unknown"
	Issuer        Issuer      `json:"issuer"`
	Number        Number      `json:"number"`
	DocType       DocType     `json:"doc_type"`
	Place         string      `json:"place"`
	Date          string      `json:"date"` // ISO 8601 "YYYY-MM-DD" or ""
	Title         string      `json:"title"`
	Body          string      `json:"body"`
	Directives    []Directive `json:"directives"`
	Statistics    []Statistic `json:"statistics"`
	References    []Reference `json:"references"`
	Signer        Signer      `json:"signer"`
	Recipients    []string    `json:"recipients"`
	// Appendices are the parts annexed after the signature, in order.
	Appendices []Appendix `json:"appendices"`
	Warnings   []Warning  `json:"warnings"`
	// Twins are the ids of the other records of the archive that are the
	// same document in another file (same issuer, number and date; see
	// index.SameDocument). Optional: parse never sets it; vanban show and
	// search fill it from the archive at read time, and records on disk
	// leave it out.
	Twins []string `json:"twins,omitempty"`
}

// The kinds of document.
const (
	KindParty   = "party"   // under "ĐẢNG CỘNG SẢN VIỆT NAM"
	KindState   = "state"   // under "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	KindUnknown = "unknown" // neither heading found
)

// Source describes the file a record was read from.
type Source struct {
	Path string `json:"path"` // as given on the command line
	// PathBytes is the path's bytes when they are not valid UTF-8 (a name
	// written in a legacy code page): Path then holds U+FFFD in their place,
	// and JSON gives PathBytes in base64. Empty otherwise.
	PathBytes []byte `json:"path_bytes,omitempty"`
	Format    string `json:"format"`    // "txt", "pdf", "docx", "doc", "rtf", "html"
	SHA256    string `json:"sha256"`    // hex SHA-256 of the file's bytes
	Size      int64  `json:"size"`      // bytes
	Encoding  string `json:"encoding"`  // "utf-8", "utf-16le", "utf-16be", "windows-1258", "unicode" (PDF, DOCX); "+tcvn3"/"+vni" when converted
	Pages     int    `json:"pages"`     // PDF pages; 0 for other formats
	Extractor string `json:"extractor"` // what read the text: "text", "docx", "ledongthuc/pdf", "pdfium", "doc", "rtf", "html", "tesseract" (every page OCR'd), "ledongthuc/pdf+tesseract", "pdfium+tesseract" (some)
	OCR       OCR    `json:"ocr"`       // how OCR'd pages were read; empty when none was
}

// RawPath is the path of the source file as the file system names it:
// PathBytes when set, else Path.
func (s Source) RawPath() string {
	if len(s.PathBytes) > 0 {
		return string(s.PathBytes)
	}
	return s.Path
}

// OCR tells how the OCR'd pages of a record were read.
type OCR struct {
	Engine     string    `json:"engine"`     // "tesseract 5.3.0"; "" when no page was OCR'd
	Confidence float64   `json:"confidence"` // mean word confidence over the OCR'd pages, 0–100
	Pages      []OCRPage `json:"pages"`      // the OCR'd pages, in order
}

// OCRPage is one OCR'd page.
type OCRPage struct {
	Page       int     `json:"page"`       // from 1
	Confidence float64 `json:"confidence"` // mean word confidence, 0–100
	Words      int     `json:"words"`
}

// Issuer is the issuing body as printed at the top left.
type Issuer struct {
	Name   string `json:"name"`   // "TỈNH ỦY TIỀN GIANG"
	Parent string `json:"parent"` // superior body printed above it, or ""
}

// Number is the number and symbol ("Số 250-TB/TU").
type Number struct {
	Raw        string `json:"raw"`         // "250-TB/TU", spaces removed
	Seq        string `json:"seq"`         // "250"; "" when left blank
	TypeCode   string `json:"type_code"`   // "TB"
	IssuerCode string `json:"issuer_code"` // "TU"
}

// DocType is the document type.
type DocType struct {
	Code string `json:"code"` // "TB"
	Name string `json:"name"` // "Thông báo"
}

// Directive is one top-level numbered item of the body, or one article
// ("Điều N.") of a document built of articles.
type Directive struct {
	Number string `json:"number"` // as printed, without the dot: "1"
	// Text is the item's own paragraph after its number: its heading, or
	// its first paragraph when the item has no heading.
	Text string `json:"text"`
	// FullText is the item's whole text: Text and every continuation
	// paragraph up to the next item or section, separated by "\n".
	FullText string `json:"full_text"`
	// Section is the path of section labels the item stands in, outermost
	// first: "II", "PHẦN A / II", "Chương III"; "" outside any section.
	// With Number it tells item II.1 from IV.1.
	Section string `json:"section"`
}

// Statistic is one quantity stated in the body.
type Statistic struct {
	Value   float64 `json:"value"`   // read the Vietnamese way: "9.003" is 9003, "6,18" is 6.18
	Unit    string  `json:"unit"`    // "%", "tỷ đồng", "ha", "căn nhà"
	Text    string  `json:"text"`    // the quantity as printed: "9.003 tỷ đồng"
	Context string  `json:"context"` // the clause that says what it measures
	Row     string  `json:"row"`     // in a table, the label of its row ("Thu ngân sách"); "" elsewhere
}

// Reference is another document cited by number.
type Reference struct {
	Raw     string `json:"raw"`      // the citation as printed
	DocType string `json:"doc_type"` // type code of the cited document, "" if unknown
	Number  string `json:"number"`   // "35-CT/TW", written as Number.Raw
	Date    string `json:"date"`     // ISO date, "" when the citation gives none
}

// Signer is the signature block.
type Signer struct {
	Mode       string `json:"mode"`         // "T/M", "T/L", "K/T", "T/UQ", "TM.", "KT.", "TL.", "TUQ." or ""
	OnBehalfOf string `json:"on_behalf_of"` // what follows the mode: "BAN THƯỜNG VỤ"
	Position   string `json:"position"`     // title line(s): "CHÁNH VĂN PHÒNG"
	Name       string `json:"name"`         // "Phạm Thị Mai Tiên"
	// Forms are the signing forms as printed, top to bottom: "TM. ỦY BAN
	// NHÂN DÂN" over "KT. CHỦ TỊCH" gives [{TM., ỦY BAN NHÂN DÂN}, {KT.,
	// CHỦ TỊCH}]; [] when the signer signs in their own name. The first is
	// Mode and OnBehalfOf (36-HD/VPTW §1.7.1; Nghị định 30/2020/NĐ-CP,
	// Phụ lục I, mục II.7).
	Forms []SigningForm `json:"forms"`
}

// SigningForm is one signing form line: the mode and the authority or
// title it signs for.
type SigningForm struct {
	Mode string `json:"mode"` // as Signer.Mode: "T/M", "K/T", "T/L", "T/UQ", "TM.", "KT.", "TL.", "TUQ."
	Of   string `json:"of"`   // "BAN THƯỜNG VỤ", "CHỦ TỊCH"
}

// Appendix is one part annexed after the document's signature: a "PHỤ
// LỤC", a form ("Mẫu số 01"), a list or regulation "ban hành kèm theo" the
// document (Nghị định 30/2020/NĐ-CP, Art. 8 and Phụ lục I). Its statistics
// and references are its own; the record's top-level lists hold those of
// the body.
type Appendix struct {
	Label      string      `json:"label"`      // "PHỤ LỤC I", "Mẫu số 01"; "" for a form known by its heading only
	Title      string      `json:"title"`      // the heading under the label, lines joined: "DANH MỤC CÁC NHIỆM VỤ …"
	Text       string      `json:"text"`       // the whole appendix, label and title included; paragraphs separated by "\n\n"
	Statistics []Statistic `json:"statistics"` // quantities stated in the appendix
	References []Reference `json:"references"` // documents the appendix cites, each once
}

// Warning reports a part of the document that was missing or ambiguous.
type Warning struct {
	Field   string `json:"field"`   // the record field concerned, or "source"
	Message string `json:"message"` // what was wrong
	// Line is the 1-based line of the extracted text (vanban text) where
	// the element was damaged or, for a missing one, the last line of the
	// zone it was looked for in; 0 (omitted in JSON) when not tied to a line.
	Line int `json:"line,omitempty"`
}
