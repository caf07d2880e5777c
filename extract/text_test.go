package extract

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

const sample = "TỈNH ỦY TIỀN GIANG\nSố 250-TB/TU\nTiền Giang, ngày 09 tháng 10 năm 2024\nThông báo kết luận về nông thôn mới, đường giao thông.\n"

func utf16(t *testing.T, e unicode.Endianness, bom unicode.BOMPolicy, s string) []byte {
	t.Helper()
	b, err := unicode.UTF16(e, bom).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadEncodings(t *testing.T) {
	// Windows-1258 writes the tone as a separate mark after a base letter:
	// "Tiền" is T i ê(0xEA) + grave(0xCC) n.
	cp1258 := []byte("Ti\xea\xccn Giang, ng\xe0y 09 th\xe1ng 10 n\xe3m 2024; \xd0\xe3ng b\xf4\xf2")
	tests := []struct {
		name     string
		data     []byte
		encoding string
		want     string
		noted    bool
	}{
		{"utf-8", []byte(sample), "utf-8", sample, false},
		{"utf-8 with BOM", append([]byte("\xEF\xBB\xBF"), sample...), "utf-8", sample, false},
		{"utf-16le with BOM", utf16(t, unicode.LittleEndian, unicode.UseBOM, sample), "utf-16le", sample, false},
		{"utf-16be with BOM", utf16(t, unicode.BigEndian, unicode.UseBOM, sample), "utf-16be", sample, false},
		{"utf-16le without BOM", utf16(t, unicode.LittleEndian, unicode.IgnoreBOM, sample), "utf-16le", sample, true},
		{"NFD", []byte(norm.NFD.String(sample)), "utf-8", sample, false},
		{"CRLF and no-break spaces", []byte(strings.ReplaceAll(strings.ReplaceAll(sample, "\n", "\r\n"), "Số ", "Số\u00a0")), "utf-8", sample, false},
		{"windows-1258", cp1258, "windows-1258", "Tiền Giang, ngày 09 tháng 10 năm 2024; Đăng bộ", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("x.txt", tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Encoding != tt.encoding {
				t.Errorf("encoding %q, want %q", doc.Encoding, tt.encoding)
			}
			if doc.Text != tt.want {
				t.Errorf("text\n got %q\nwant %q", doc.Text, tt.want)
			}
			if (len(doc.Notes) > 0) != tt.noted {
				t.Errorf("notes %q, want noted=%v", doc.Notes, tt.noted)
			}
			if !norm.NFC.IsNormalString(doc.Text) {
				t.Error("text is not NFC")
			}
			if doc.Format != FormatText || doc.Size != int64(len(tt.data)) || len(doc.SHA256) != 64 {
				t.Errorf("format %q size %d sha %q", doc.Format, doc.Size, doc.SHA256)
			}
		})
	}
}

func TestReadUnsureWindows1258IsNoted(t *testing.T) {
	doc, err := Read("x.txt", []byte("Thong bao \xe9t\xe9 ket luan"))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Encoding != "windows-1258" || len(doc.Notes) == 0 {
		t.Errorf("encoding %q notes %q: a guess must be noted", doc.Encoding, doc.Notes)
	}
}

func TestReadErrors(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa")
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"only spaces", []byte(" \n\t\r\n"), ErrEmpty},
		{"truncated PNG named .txt", png, ErrBadImage},
		{"JPEG header only", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), ErrBadImage},
		{"TIFF with a looping directory", []byte("II*\x00\x08\x00\x00\x00\x00\x00\x08\x00\x00\x00"), ErrBadImage},
		{"truncated PDF", []byte("%PDF-1.7\n..."), ErrUnreadable},
		{"broken zip", []byte("PK\x03\x04rest"), ErrNotDOCX},
		{"too large", bytes.Repeat([]byte("a"), MaxTextSize+1), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tesseractVersion(); err != nil && tt.want == ErrBadImage && sniffImage(tt.data) == FormatPNG {
				tt.want = ErrNoOCR // the header is sound: only Tesseract finds the rest missing
			}
			_, err := Read("dir/bad.txt", tt.data)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != "dir/bad.txt" || !strings.HasPrefix(err.Error(), "dir/bad.txt: ") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestNormalizeIdempotent(t *testing.T) {
	for _, s := range []string{sample, "a\r\nb\rc\fd", "x\u00ady\u200bz\ufeff", norm.NFD.String("Hòa Bình thuỷ")} {
		once := Normalize(s)
		if Normalize(once) != once {
			t.Errorf("Normalize(%q) is not idempotent", s)
		}
		if strings.ContainsAny(once, "\r\f\u00ad\u200b\ufeff") {
			t.Errorf("Normalize(%q) = %q keeps a character it should drop", s, once)
		}
	}
}

// FuzzRead: whatever the bytes, Read returns valid NFC text or a
// *FileError.
func FuzzRead(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("Ti\xea\xccn Giang"))
	f.Add([]byte("\xff\xfeT\x00i\x00"))
	f.Add([]byte("%PDF-1.4"))
	f.Add([]byte{0xEF, 0xBB, 0xBF, 0xC3})
	f.Add([]byte("r\xe1c\n\n%PDF-1.7 after junk"))
	f.Add([]byte("PK\x03\x04 not a zip"))
	// PDFs are read in a worker process, one per input: that is
	// FuzzReadPDF's job. Here the sniffing and the text and DOCX readers run
	// in-process, thousands of inputs a second.
	f.Fuzz(func(t *testing.T, data []byte) {
		if Sniff(data) == FormatPDF {
			if !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
				t.Fatal("sniffed as PDF without a %PDF- header in the first KiB")
			}
			return
		}
		doc, err := Read("fuzz.txt", data)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FileError", err)
			}
			return
		}
		if !utf8.ValidString(doc.Text) || !norm.NFC.IsNormalString(doc.Text) {
			t.Fatalf("text is not valid NFC UTF-8: %q", doc.Text)
		}
		if Normalize(doc.Text) != doc.Text {
			t.Fatalf("text is not normalised")
		}
	})
}
