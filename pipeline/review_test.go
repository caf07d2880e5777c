package pipeline

import (
	"slices"
	"testing"
)

func TestReview(t *testing.T) {
	full := func() *Notice {
		n := &Notice{Kind: KindParty, Date: "2024-03-05"}
		n.Number.Raw, n.Issuer.Name, n.Signer.Name = "12-TB/TU", "TỈNH ỦY TIỀN GIANG", "Nguyễn Văn A"
		return n
	}
	tests := []struct {
		name  string
		mend  func(*Notice)
		wants []string
	}{
		{"complete", func(*Notice) {}, nil},
		{"unknown kind, no signer", func(n *Notice) { n.Kind, n.Signer.Name = KindUnknown, "" }, []string{"no kind", "no signer"}},
		{"nothing found", func(n *Notice) { *n = Notice{} }, []string{"no kind", "no number", "no date", "no issuer", "no signer"}},
		{"a doubtful scan", func(n *Notice) { n.Source.OCR = OCR{Engine: "tesseract 5", Confidence: 61.6} }, []string{"low OCR confidence (62)"}},
		{"a good scan", func(n *Notice) { n.Source.OCR = OCR{Engine: "tesseract 5", Confidence: 91} }, nil},
	}
	for _, tt := range tests {
		n := full()
		tt.mend(n)
		if got := n.Review(); !slices.Equal(got, tt.wants) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.wants)
		}
	}
}
