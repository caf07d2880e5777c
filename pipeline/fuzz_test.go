package pipeline

import (
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"vanban/extract"
)

// FuzzParse checks that Parse never panics and that what it returns is a
// well-formed record drawn from the input: go test -fuzz=FuzzParse ./pipeline
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("Nơi nhận: - A, - B. K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN (Đã ký) Nguyễn Văn A")
	f.Add("Số 1-TB/TU Số: 2/QĐ-UB ngày 1 tháng 1 năm 2000 THÔNG BÁO")
	f.Add("45.799/36.875/1 tỷ đồng 83,2%/50%/ 1/2/3")
	f.Fuzz(func(t *testing.T, s string) {
		text := extract.Normalize(strings.ToValidUTF8(s, "\uFFFD"))
		n := Parse(&extract.Document{Path: "f", Format: extract.FormatText, Encoding: "utf-8", Text: text})
		if n.Directives == nil || n.Statistics == nil || n.References == nil || n.Recipients == nil || n.Warnings == nil {
			t.Fatal("nil list")
		}
		if _, err := json.Marshal(n); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(n.Title, "\n") || !utf8.ValidString(n.Body) {
			t.Fatalf("title %q", n.Title)
		}
		for _, st := range n.Statistics {
			if !strings.Contains(n.Body, st.Text) {
				t.Fatalf("statistic %q is not in the body", st.Text)
			}
		}
		for _, d := range n.Directives {
			if atoi(d.Number) < 0 || !strings.HasPrefix(d.FullText, d.Text) {
				t.Fatalf("directive %+v", d)
			}
		}
		if n.Date != "" {
			if _, ok := isoDate(n.Date[8:], n.Date[5:7], n.Date[:4]); !ok {
				t.Fatalf("date %q", n.Date)
			}
		}
	})
}

// corpusText is the text of the corpus, for benchmarks.
func corpusText(b *testing.B) []string {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	var out []string
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		doc, err := extract.Read(p, data)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, doc.Text)
	}
	return out
}

// BenchmarkParse measures parsing throughput over the corpus notices on one
// goroutine; MB/s is of notice text. The target is 20 MB/s.
func BenchmarkParse(b *testing.B) {
	texts := corpusText(b)
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			Parse(&extract.Document{Text: t})
		}
	}
	b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "notices/s")
}

// BenchmarkParseScaling parses adversarial inputs of growing size (1×,
// 10×, 100×); ns/B (and MB/s) staying flat as the size grows shows the
// parser is linear. The shapes stress each stage: dense statistics, a
// "Nơi nhận" list of wrapped items, a list of items, annexed forms.
func BenchmarkParseScaling(b *testing.B) {
	shapes := map[string]string{
		"one-line":    "1% 2 tỷ đồng 3-CT/TW ngày 1/1/2000 Nơi nhận: - a, ",
		"many-list":   "1. a\n- b\nNơi nhận:\nT/M BAN\nx\n",
		"numbers":     "1%1%1/2/3 45.799/36.875 ",
		"dense-stats": "tăng 5,5 %, đạt 120 tỷ đồng, 3 tổ chức cơ sở đảng mới và 2 đảng viên dự bị, ảnh 3 x 4; ",
		"recipients":  "- Sở Tài chính, Xây dựng,\nNội vụ;\n",
		"items":       "1. x\n",
		"forms":       "Mẫu số 01\nTÊN CƠ QUAN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐƠN ĐỀ NGHỊ\nĐịa chỉ: ……\nNơi nhận:\n- Lưu: VT.\nĐỘI TRƯỞNG\n",
	}
	// The closing shapes stand after a "Nơi nhận" and a signature.
	prefix := map[string]string{"recipients": "Nơi nhận:\n", "forms": "Nơi nhận:\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A\n"}
	for name, unit := range shapes {
		for _, reps := range []int{1000, 10000, 100000} {
			text := prefix[name] + strings.Repeat(unit, reps)
			b.Run(name+"/"+itoa(len(text)/1024)+"KiB", func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				for i := 0; i < b.N; i++ {
					Parse(&extract.Document{Text: text})
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(text)), "ns/B")
			})
		}
	}
}

// TestMutatedCorpus parses thousands of corrupted copies of the corpus
// (bytes changed, cut, repeated, header and list fragments inserted) with a
// fixed seed: none may panic or give a malformed record. It complements
// FuzzParse with inputs that stay close to real notices.
func TestMutatedCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	var seeds [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	iterations := 2000
	if testing.Short() {
		iterations = 200
	}
	r := rand.New(rand.NewSource(7))
	pieces := []string{"\n", " ", "-", "/", "1", "Số ", "ngày ", "Nơi nhận:", "T/M ", "KT. ", "(", ")", ",", ".",
		"Điều 1. ", "I. ", "%", "THÔNG BÁO", "|", "\t", "   ", "45.799/", "ĐẢNG CỘNG SẢN VIỆT NAM"}
	for k := 0; k < iterations; k++ {
		s := append([]byte(nil), seeds[r.Intn(len(seeds))]...)
		for j := 0; j < 1+r.Intn(40); j++ {
			i := r.Intn(len(s))
			switch r.Intn(4) {
			case 0:
				s[i] = byte(r.Intn(256))
			case 1:
				s = append(s[:i], s[min(len(s), i+r.Intn(200)):]...)
			case 2:
				s = append(s[:i], append([]byte(strings.Repeat(string(s[i:min(len(s), i+10)]), r.Intn(30))), s[i:]...)...)
			case 3:
				s = append(s[:i], append([]byte(pieces[r.Intn(len(pieces))]), s[i:]...)...)
			}
			if len(s) == 0 {
				s = []byte("x")
			}
		}
		n := Parse(&extract.Document{Text: extract.Normalize(strings.ToValidUTF8(string(s), "\uFFFD"))})
		for _, st := range n.Statistics {
			if !strings.Contains(n.Body, st.Text) {
				t.Fatalf("iteration %d: statistic %q not in the body", k, st.Text)
			}
		}
		if _, err := json.Marshal(n); err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzLinearStages checks that the closing and statistics stages give
// output that grows at most linearly with their input: a fuzzed fragment
// repeated eight times gives at most eight times the statistics (plus a
// constant for the joins), contexts and units of bounded size, and no more
// recipients than lines. Their time is shown linear by
// BenchmarkParseScaling.
func FuzzLinearStages(f *testing.F) {
	for _, s := range []string{"tăng 5,5 %, đạt 120 tỷ đồng, ", "- Các Sở: Tài chính, Xây dựng,\nNội vụ;\n", "1. x\n",
		"K/T TRƯỞNG BAN\nPHÓ\nTRƯỞNG BAN\n[\n", "ảnh 3 x 4, 66 mm x 98 mm ", "Mẫu số 01\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nNơi nhận:\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = extract.Normalize(strings.ToValidUTF8(s, "\uFFFD"))
		if len(s) > 2000 {
			s = s[:2000]
		}
		one := paragraphStats(s)
		eight := paragraphStats(strings.Repeat(s, 8))
		if len(eight) > 8*len(one)+8*(strings.Count(s, " ")+2) {
			t.Fatalf("%d statistics from 8 copies, %d from one", len(eight), len(one))
		}
		for _, st := range eight {
			if len(st.Context) > 200+160+len(st.Text) || len(strings.Fields(st.Unit)) > maxUnitWords+4 {
				t.Fatalf("statistic %+v is not bounded", st)
			}
		}
		lines := splitLines("Nơi nhận:\n" + strings.Repeat(s+"\n", 8))
		_, recips, _ := parseClosing(lines)
		if len(recips) > 2*len(lines)+2 {
			t.Fatalf("%d recipients from %d lines", len(recips), len(lines))
		}
		end := properEnd(lines, 0)
		if end < 0 || end > len(lines) {
			t.Fatalf("document proper ends at %d of %d lines", end, len(lines))
		}
		if end < len(lines) {
			readAppendices(lines[end:], "")
		}
	})
}
