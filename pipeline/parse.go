// Package pipeline turns the text of a party or state document into a
// structured Notice record.
//
// The input is an extract.Document: NFC text whose lines may come in any
// order within each printed block, since text extraction does not keep a
// page's two columns apart. A party notice reads, once extracted:
//
//	TỈNH ỦY TIỀN GIANG
//	ĐẢNG CỘNG SẢN VIỆT NAM
//	*
//	Tiền Giang, ngày 09 tháng 10 năm 2024
//	Số 250-TB/TU
//	THÔNG BÁO
//	kết luận, chỉ đạo của đồng chí Bí thư Tỉnh ủy …
//	-----
//	Ngày 02/10/2024, Ban Thường vụ Tỉnh ủy tổ chức …
//	1. Phải kiểm tra, rà soát …
//	Nơi nhận:
//	T/L BAN THƯỜNG VỤ
//	- Các UVBCH Đảng bộ tỉnh,
//	CHÁNH VĂN PHÒNG
//	- Lưu Văn phòng Tỉnh ủy.
//	Phạm Thị Mai Tiên
//
// Parse reads it in four parts. The header (heading, issuer, number,
// place and date, type name, title) is read from the top; the appendices
// ("PHỤ LỤC", "Mẫu số 01", an annexed form with its own heading) are cut
// off after the signature, and the closing block (signature and
// recipients) is read from the end of what remains, the document proper;
// what lies between header and closing block is the body, from which the
// directives, statistics and references are drawn.
// Each line is classified by what it is, not where it stands, so
// interleaved columns and headers pasted onto one line read the same.
//
// Parse is safe for concurrent use and runs in time linear in the text.
package pipeline

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"vanban/extract"
)

// Parse reads one document into a Notice. It never fails: a document that
// is not a notice, or that lacks parts, still gives a record, with a
// Warning for each part that was missing or ambiguous.
func Parse(doc *extract.Document) *Notice {
	n := &Notice{
		SchemaVersion: SchemaVersion,
		ID:            doc.SHA256,
		Source: Source{
			Path:      strings.ToValidUTF8(doc.Path, "\uFFFD"),
			PathBytes: pathBytes(doc.Path),
			Format:    string(doc.Format),
			SHA256:    doc.SHA256,
			Size:      doc.Size,
			Encoding:  doc.Encoding,
			Pages:     doc.Pages,
			Extractor: extractorOf(doc),
			OCR:       ocrOf(doc),
		},
		Directives: []Directive{},
		Statistics: []Statistic{},
		References: []Reference{},
		Recipients: []string{},
		Appendices: []Appendix{},
		Warnings:   []Warning{},
	}
	for _, note := range doc.Notes {
		n.warn("source", note)
	}
	lines0 := splitLines(doc.Text)
	h, lines := parseHeader(lines0)
	end := properEnd(lines, h.bodyStart)
	closing := findClosing(lines[:end], h.bodyStart)
	if closing < h.bodyStart {
		closing = h.bodyStart
	}

	n.readHeader(&h)

	paras := buildParagraphs(lines[h.bodyStart:closing])
	if k := len(paras) - 1; k >= 0 {
		paras[k].text = strings.TrimSpace(strings.TrimSuffix(paras[k].text, "./."))
		if paras[k].text == "" {
			paras = paras[:k]
		}
	}
	texts := make([]string, len(paras))
	for i, p := range paras {
		texts[i] = p.text
	}
	n.Body = strings.Join(texts, "\n\n")
	if n.Body == "" {
		n.warn("body", "no body text found")
	}
	if !h.hasDateLine && n.Date == "" {
		if iso, line, ok := adoptionDate(paras); ok {
			n.Date = iso
			n.dropWarnings("date")
			n.warnAt("date", "no place and date line: the date read from the adoption sentence (\"… thông qua ngày …\")", line)
		}
	}
	n.Directives = append(n.Directives, directives(paras)...)
	n.Statistics = statistics(paras)
	n.References = references(paras, n.Number.Raw)

	sig, recips, sawRecipients := parseClosing(lines[closing:end])
	if p, ok := restoreDeputyTitle(sig.Position, sig.Forms); ok {
		n.warn("signer.position", fmt.Sprintf("read as %q: the deputy's title of the signing form %s %s, restored", sig.Position, sig.Forms[len(sig.Forms)-1].Mode, sig.Forms[len(sig.Forms)-1].Of))
		sig.Position = p
	}
	if doc.OCR != nil {
		doubtful := doubtfulWords(doc.OCR.Doubtful)
		ctx := newContextWords(doc.Text, doubtful)
		for _, f := range []struct {
			name string
			v    *string
		}{{"title", &n.Title}, {"issuer", &n.Issuer.Name}, {"issuer", &n.Issuer.Parent}, {"place", &n.Place}} {
			if fixed, ok := ctx.mendByContext(*f.v, doubtful); ok {
				n.warn(f.name, fmt.Sprintf("OCR read %q unsure of its marks: mended to %q as the document spells those words elsewhere", *f.v, fixed))
				*f.v = fixed
			}
		}
		if name, ok := restoreName(sig.Name, doubtful); ok {
			n.warn("signer.name", fmt.Sprintf("OCR read %q unsure of its marks: the name's syllables restored from the table of Vietnamese names to %q", sig.Name, name))
			sig.Name = name
		}
		for i, r := range recips {
			// OCR reads the ";" that ends an entry as ":" (a colon ends
			// no entry of a typed list but one its sub-items follow).
			if strings.HasSuffix(r, ":") && !strings.HasPrefix(r, "Lưu") {
				r = strings.TrimRight(strings.TrimSuffix(r, ":"), " ")
				recips[i] = r
			}
			if fixed, ok := restoreRecipient(r, doubtful); ok {
				n.warn("recipients", fmt.Sprintf("OCR read %q unsure of its marks: read as the fixed phrase %q", r, fixed))
				recips[i] = fixed
			}
		}
	}
	n.Signer = sig
	n.Recipients = append(n.Recipients, recips...)
	switch {
	case sig.Name == "" && sig.Mode == "" && sig.Position == "":
		n.warn("signer", "no signature block found")
	case sig.Name == "":
		n.warn("signer.name", "the signer's name was not found")
	case sig.Position == "" && sig.Mode == "":
		n.warn("signer.position", "no signing form or position found above the name")
	}
	if !sawRecipients {
		n.warn("recipients", `no "Nơi nhận" list found`)
	} else if len(recips) == 0 {
		n.warn("recipients", `the "Nơi nhận" list is empty`)
	}
	if end < len(lines) {
		n.Appendices = readAppendices(lines[end:], n.Number.Raw)
	}
	return n
}

// readHeader fills the header fields of n from h. Each warning names the
// element that was missing or damaged and the line concerned: where it was
// read, or the last line of the header zone when it was not found.
func (n *Notice) readHeader(h *header) {
	zone := h.lastLine
	n.Kind = h.kind
	if n.Kind == "" {
		n.Kind = KindUnknown
		switch {
		case h.hasNumber && h.numStyle == "party":
			n.Kind = KindParty
			n.warnAt("kind", `no "ĐẢNG CỘNG SẢN VIỆT NAM" heading found; party inferred from the number's form`, zone)
		case h.hasNumber && h.numStyle == "state":
			n.Kind = KindState
			n.warnAt("kind", `no "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" heading found; state inferred from the number's form`, zone)
		default:
			n.warnAt("kind", "no party or state heading found", zone)
		}
	} else if h.headingSlip {
		n.warnAt("kind", "the heading is misspelt (one wrong mark); read as the fixed heading", h.headingLine)
	}
	n.Issuer.Name, n.Issuer.Parent = issuerNames(h.issuer, h.issuerSplit)
	if n.Issuer.Name == "" {
		n.warnAt("issuer", "no issuing body found", zone)
	}
	if h.hasNumber {
		n.Number = h.number
		if n.Number.Seq == "" {
			n.warnAt("number.seq", "the number is left blank", h.numberLine)
		}
	} else if h.badNumber != "" {
		n.warnAt("number", fmt.Sprintf("the number line %q follows neither the party nor the state grammar", h.badNumber), h.badNumberAt)
	} else {
		n.warnAt("number", `no number ("Số …") found`, zone)
	}
	n.Place, n.Date = h.place, h.date
	switch {
	case !h.hasDateLine:
		n.warnAt("date", "no place and date line found", zone)
	case h.dateBad != "":
		n.warnAt("date", fmt.Sprintf("the date is not legible (%q): left blank", h.dateBad), h.dateLine)
	case h.dateBlank:
		n.warnAt("date", "the date is left blank or is not a calendar date", h.dateLine)
	}
	if h.hasDateLine && n.Place == "" && !h.republished {
		n.warnAt("place", "the date line names no place", h.dateLine)
	}
	if h.certified {
		n.warnAt("number", "issuer, number, place and date read from the certification block of a consolidated text", h.certLine)
	}
	if h.republished {
		n.warnAt("number", "number, date and type read from the gazette heading line", h.numberLine)
	}

	switch {
	case h.certified && n.Number.TypeCode != "":
		n.DocType.Code = n.Number.TypeCode
	case h.hasType:
		n.DocType.Name = h.docType.name
		n.DocType.Code = n.Number.TypeCode
		if n.DocType.Code == "" {
			n.DocType.Code = codeFor(h.docType, n.Kind)
		}
	case n.Number.TypeCode != "":
		n.DocType.Code = n.Number.TypeCode
		if dt, ok := typeByCode(n.Number.TypeCode, n.Kind); ok {
			n.DocType.Name = dt.name
		}
	case h.vv || (h.hasNumber && h.numStyle == "state"):
		n.DocType = DocType{Code: "CV", Name: "Công văn"}
	}
	if n.DocType.Code != "" && n.DocType.Name == "" {
		if dt, ok := typeByCode(n.DocType.Code, n.Kind); ok {
			n.DocType.Name = dt.name
		}
	}
	if n.DocType.Code == "" && n.DocType.Name == "" {
		n.warnAt("doc_type", "the document type was not found", zone)
	}
	n.Title = titleText(h.title)
	if t, ok := restoreAbout(n.Title, n.Kind, n.DocType.Code); ok {
		n.warnAt("title", fmt.Sprintf("began %q: the \"về\" before \"việc\" restored (lost in the text)", firstWords(n.Title, 3)), h.typeLineNum)
		n.Title = t
	}
	if n.Title == "" {
		at := zone
		if h.typeLineNum > 0 {
			at = h.typeLineNum
		}
		n.warnAt("title", "no title (trích yếu) found", at)
	}
}

// dropWarnings removes the warnings about field, for a value found after
// they were written.
func (n *Notice) dropWarnings(field string) {
	kept := n.Warnings[:0]
	for _, w := range n.Warnings {
		if w.Field != field {
			kept = append(kept, w)
		}
	}
	n.Warnings = kept
}

func (n *Notice) warn(field, msg string) {
	n.Warnings = append(n.Warnings, Warning{Field: field, Message: msg})
}

// ocrOf tells how doc's OCR'd pages were read.
func ocrOf(doc *extract.Document) OCR {
	o := OCR{Pages: []OCRPage{}}
	if doc.OCR != nil {
		o.Engine, o.Confidence = doc.OCR.Engine, doc.OCR.Confidence
		for _, p := range doc.OCR.Pages {
			o.Pages = append(o.Pages, OCRPage{Page: p.Page, Confidence: p.Confidence, Words: p.Words})
		}
	}
	return o
}

// warnAt adds a warning tied to a line of the extracted text (0: none).
func (n *Notice) warnAt(field, msg string, line int) {
	n.Warnings = append(n.Warnings, Warning{Field: field, Message: msg, Line: line})
}

// extractorOf names what read doc; a Document built by hand is text.
func extractorOf(doc *extract.Document) string {
	if doc.Extractor == "" {
		return "text"
	}
	return doc.Extractor
}

// pathBytes is the bytes of path when it is not valid UTF-8, else nil
// (Source.PathBytes).
func pathBytes(path string) []byte {
	if utf8.ValidString(path) {
		return nil
	}
	return []byte(path)
}
