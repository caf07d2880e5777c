package pipeline

import "fmt"

// LowOCRConfidence is the mean word confidence (0–100) under which the
// text of OCR'd pages needs a person to check it. Tesseract gives printed
// Vietnamese notices 85–95; a page under 70 has wrong words in most
// lines.
const LowOCRConfidence = 70

// Review lists why the record needs a person: the fields the parser could
// not find ("no kind", "no number", "no date", "no issuer", "no signer")
// and OCR of low confidence ("low OCR confidence (62)"). It is nil for a
// record that needs no one. The list is derived from the record, not
// stored in it, so that it follows the parser's fields as they improve.
func (n *Notice) Review() []string {
	var out []string
	if n.Kind == "" || n.Kind == KindUnknown {
		out = append(out, "no kind")
	}
	if n.Number.Raw == "" {
		out = append(out, "no number")
	}
	if n.Date == "" {
		out = append(out, "no date")
	}
	if n.Issuer.Name == "" {
		out = append(out, "no issuer")
	}
	if n.Signer.Name == "" {
		out = append(out, "no signer")
	}
	if n.Source.OCR.Engine != "" && n.Source.OCR.Confidence < LowOCRConfidence {
		out = append(out, fmt.Sprintf("low OCR confidence (%.0f)", n.Source.OCR.Confidence))
	}
	return out
}
