package index

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"vanban/pipeline"
)

// The query semantics of query.go, each with invented variants.

var markRE = regexp.MustCompile(`<mark>(.*?)</mark>`)

// marked lists the marked words of a result's fragments, in lower case.
func marked(r *Result) []string {
	var out []string
	for _, h := range r.Hits {
		for _, fs := range h.Fragments {
			for _, f := range fs {
				for _, m := range markRE.FindAllStringSubmatch(f, -1) {
					out = append(out, strings.ToLower(norm.NFC.String(m[1])))
				}
			}
		}
	}
	sort.Strings(out)
	return dedup(out)
}

func TestTypedDiacriticsNarrow(t *testing.T) {
	party := notice("Về kết nạp đảng viên", "Chi bộ kết nạp 3 đảng viên mới.", func(n *pipeline.Notice) { n.DocType.Code = "TB" })
	caps := notice("KẾT LUẬN VỀ ĐẢNG VIÊN", "Công tác quản lý ĐẢNG VIÊN.", func(n *pipeline.Notice) { n.DocType.Code = "KL" })
	eth := notice("Ðảng viên và chi bộ", "Ðảng viên gương mẫu (Ð cho Đ).", func(n *pipeline.Notice) { n.DocType.Code = "TB" })
	nfdN := notice(norm.NFD.String("Sinh hoạt đảng viên"), norm.NFD.String("Mỗi đảng viên sinh hoạt."), func(n *pipeline.Notice) { n.DocType.Code = "TB" })
	college := notice("Trường cao đẳng", "Sinh viên cao đẳng; giáo viên đang giảng dạy; thành viên.", func(n *pipeline.Notice) { n.DocType.Code = "TT" })
	register := notice("Đăng ký tạm trú", "Người đăng ký; nhân viên dạng hợp đồng.", func(n *pipeline.Notice) { n.DocType.Code = "ND" })
	ascii := notice("Dang vien khong dau", "Van ban go khong dau: dang vien.", func(n *pipeline.Notice) { n.DocType.Code = "CV" })
	scatteredN := notice("Đảng bộ xã", "Đảng bộ có 40 người; viên chức 12.", func(n *pipeline.Notice) { n.DocType.Code = "TB" })
	a := testArchive(t, party, caps, eth, nfdN, college, register, ascii, scatteredN)

	tests := []struct {
		q      string
		apart  bool
		want   []*pipeline.Notice
		marks  []string // every marked word, lower case
		broad  string   // a wider search offered ("" none)
		facets map[string]int
	}{
		{q: "đảng viên", want: []*pipeline.Notice{party, caps, eth, nfdN}, marks: []string{"ðảng viên", "đảng viên"},
			broad: "apart", facets: map[string]int{"TB": 3, "KL": 1}},
		{q: "ĐẢNG VIÊN", want: []*pipeline.Notice{party, caps, eth, nfdN}},
		{q: norm.NFD.String("Đảng viên"), want: []*pipeline.Notice{party, caps, eth, nfdN}},
		{q: "Ðảng viên", want: []*pipeline.Notice{party, caps, eth, nfdN}},
		{q: "dang vien", want: []*pipeline.Notice{party, caps, eth, nfdN, ascii}},
		{q: "đảng", want: []*pipeline.Notice{party, caps, eth, nfdN, scatteredN}, marks: []string{"ðảng", "đảng"}},
		{q: "đẳng", want: []*pipeline.Notice{college}, marks: []string{"đẳng"}},
		{q: "dang", want: []*pipeline.Notice{party, caps, eth, nfdN, college, register, ascii, scatteredN}},
		{q: "đảng viên", apart: true, want: []*pipeline.Notice{party, caps, eth, nfdN, scatteredN}},
		{q: "đảng vien", want: []*pipeline.Notice{party, caps, eth, nfdN}},
		{q: "dang viên", want: []*pipeline.Notice{party, caps, eth, nfdN}},
	}
	for _, tt := range tests {
		r := runSearch(t, a, Query{Text: tt.q, Apart: tt.apart, Fragments: true, Limit: 20})
		got := ids(r)
		if len(got) != len(tt.want) || r.Total != uint64(len(tt.want)) {
			var titles []string
			for _, h := range r.Hits {
				titles = append(titles, h.Title)
			}
			t.Errorf("%q (apart %v): %d hits %q, want %d", tt.q, tt.apart, r.Total, titles, len(tt.want))
			continue
		}
		for _, w := range tt.want {
			if !contains(got, w.ID) {
				t.Errorf("%q: %q not found", tt.q, w.Title)
			}
		}
		if tt.marks != nil {
			if m := marked(r); strings.Join(m, "|") != strings.Join(tt.marks, "|") {
				t.Errorf("%q marks %q, want %q", tt.q, m, tt.marks)
			}
		}
		if tt.broad != "" && (len(r.Broader) == 0 || r.Broader[0].Kind != tt.broad || r.Broader[0].More != 1) {
			t.Errorf("%q: broader %+v, want %s with 1 more", tt.q, r.Broader, tt.broad)
		}
		for v, n := range tt.facets {
			found := false
			for _, c := range r.Facets["type"] {
				if c.Value == v {
					found = c.Count == n
				}
			}
			if !found {
				t.Errorf("%q: type facet %v, want %s: %d", tt.q, r.Facets["type"], v, n)
			}
		}
	}
}

func TestPhrasesAreExact(t *testing.T) {
	right := notice("Thông báo của Ủy ban Kiểm tra", "Ủy ban kiểm tra Tỉnh ủy họp.", nil)
	// Every pair of "ủy ban kiểm tra" is here, the phrase is not.
	apart1 := notice("Kế hoạch", "Ủy ban nhân dân tỉnh; Ban kiểm soát; kiểm tra định kỳ.", nil)
	apart2 := notice("Báo cáo", "Ban chỉ đạo; Ủy ban Mặt trận; Ban kiểm tra; kiểm điểm.", nil)
	apart3 := notice("Quy chế", "Thường trực ủy ban; Ban Tổ chức và kiểm tra; ủy ban kiểm soát.", nil)
	// Folded pairs without the spelling: "ủy bán kiêm tra".
	spelled := notice("Khác", "Ủy bán kiêm trà; ủy ban kiểm toán.", nil)
	repeated := notice("Lặp", "ban ban ban kiểm tra; ủy ban kiểm; tra ủy ban kiểm tra viên.", nil)
	a := testArchive(t, right, apart1, apart2, apart3, spelled, repeated)
	for _, tt := range []struct {
		q    string
		want []*pipeline.Notice
	}{
		{"ủy ban kiểm tra", []*pipeline.Notice{right, repeated}},
		{`"ủy ban kiểm tra"`, []*pipeline.Notice{right, repeated}},
		{"uy ban kiem tra", []*pipeline.Notice{right, spelled, repeated}},
		{"ủy ban kiem tra", []*pipeline.Notice{right, spelled, repeated}}, // "bán kiêm trà" folds to "ban kiem tra"
		{"uy ban kiểm tra", []*pipeline.Notice{right, repeated}},
		{"ban ban kiểm tra", []*pipeline.Notice{repeated}},
		{"kiểm tra viên", []*pipeline.Notice{repeated}},
		{"ủy ban kiểm tra viên", []*pipeline.Notice{repeated}},
	} {
		r := runSearch(t, a, Query{Text: tt.q, Limit: 20, Fragments: true})
		if r.Total != uint64(len(tt.want)) {
			t.Errorf("%q: %d hits, want %d", tt.q, r.Total, len(tt.want))
		}
		for _, w := range tt.want {
			if !contains(ids(r), w.ID) {
				t.Errorf("%q: %q not found", tt.q, w.Body)
			}
		}
		for _, h := range r.Hits {
			if len(h.Fragments) == 0 {
				t.Errorf("%q: %q has no fragment", tt.q, h.Title)
			}
		}
	}
}

func TestNumberAndDateQueries(t *testing.T) {
	decision := notice("Quyết định về công tác cán bộ", "Quyết định này có hiệu lực.", func(n *pipeline.Notice) {
		n.Number.Raw, n.Date = "294-QĐ/TW", "2024-10-09"
	})
	citing := notice("Thông báo thực hiện Quyết định số 294-QĐ/TW", "Thực hiện Quyết định số 294-QĐ/TW của Bộ Chính trị; Quyết định 294-QĐ/TW quy định.", func(n *pipeline.Notice) {
		n.Number.Raw, n.Date = "12-TB/TU", "2024-11-02"
	})
	circular := notice("Thông tư về cư trú", "Thông tư này quy định.", func(n *pipeline.Notice) {
		n.Number.Raw, n.Date = "05/2024/TT-BCA", "2024-03-15"
	})
	citingTT := notice("Hướng dẫn", "Theo Thông tư số 05/2024/TT-BCA và 5/2024/TT-BCA; Thông tư 05/2024/TT-BCA.", func(n *pipeline.Notice) {
		n.Number.Raw, n.Date = "7/HD-CAT", "2024-04-01"
	})
	a := testArchive(t, citing, decision, citingTT, circular)
	for _, tt := range []struct {
		q     string
		first *pipeline.Notice
		total int
	}{
		{"294-QĐ/TW", decision, 2},
		{"Số 294-QĐ/TW", decision, 2},
		{"số 294 - QĐ/TW", decision, 2},
		{"294/QĐ-TW", decision, 2},
		{"294–QĐ/TW", decision, 2},
		{"294-QD/TW", decision, 2},
		{"quyết định 294-QĐ/TW", decision, 2},
		{"05/2024/TT-BCA", circular, 2},
		{"5/2024/TT-BCA", circular, 2},
		{"5/2024/TT–BCA", circular, 2},
		{"09/10/2024", decision, 1},
		{"9-10-2024", decision, 1},
		{"ngày 9 tháng 10 năm 2024", decision, 1},
		{"Ngày 09 tháng 10 năm 2024", decision, 1},
		{"ngay 15 thang 3 nam 2024", circular, 1},
	} {
		r := runSearch(t, a, Query{Text: tt.q, Limit: 20})
		if r.Total != uint64(tt.total) || len(r.Hits) == 0 || r.Hits[0].ID != tt.first.ID {
			var got []string
			for _, h := range r.Hits {
				got = append(got, h.Number)
			}
			t.Errorf("%q: %d hits %v, want %d with %s first", tt.q, r.Total, got, tt.total, tt.first.Number.Raw)
		}
	}
	// A date outside the range asked finds nothing.
	if r := runSearch(t, a, Query{Text: "09/10/2024", From: "2025-01-01"}); r.Total != 0 {
		t.Errorf("a date outside --from: %d hits", r.Total)
	}
}

func TestQueryParsing(t *testing.T) {
	for _, tt := range []struct {
		in   string
		runs string
		nums string
		days []int32
	}{
		{"đình công", "đình công", "", nil},
		{"Số 294 - QĐ/TW về cán bộ", "về cán bộ", "294-QĐ/TW", nil},
		{"quyết định 294/QĐ-TW", "quyết định", "294/QĐ-TW", nil},
		{"kinh tế - xã hội 2021 - 2025", "kinh tế xã hội 2021-2025", "", nil},
		{"họp ngày 9 tháng 10 năm 2024", "họp", "", []int32{20241009}},
		{"31/02/2024", "31/02/2024", "", nil},
		{"05/2024/TT-BCA", "", "05/2024/TT-BCA", nil},
		{"1/2/2024", "", "", []int32{20240201}},
	} {
		p := parseText(tt.in)
		var runs []string
		for _, r := range p.runs {
			runs = append(runs, strings.Join(r, " "))
		}
		if strings.Join(runs, "|") != tt.runs || strings.Join(p.numbers, "|") != tt.nums || len(p.days) != len(tt.days) || len(p.days) > 0 && p.days[0] != tt.days[0] {
			t.Errorf("parseText(%q) = runs %q numbers %q days %v; want %q %q %v", tt.in, runs, p.numbers, p.days, tt.runs, tt.nums, tt.days)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"294-QĐ/TW", "294 qd tw"}, {"294/QĐ-TW", "294 qd tw"}, {"05/2024/TT-BCA", "5 2024 tt bca"},
		{"Số 05/2024/TT-BCA", "so 5 2024 tt bca"}, {"TB/TU", ""}, {"1000/UBND-VP", "1000 ubnd vp"},
	} {
		if got := numberKey(tt.in); got != tt.want {
			t.Errorf("numberKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestChainOccurrences(t *testing.T) {
	// words a b c: freq(a), freq(b), freq(c); pairs ab, bc.
	for _, tt := range []struct {
		words, pairs []uint64
		want         bool
	}{
		{[]uint64{1, 1, 1}, []uint64{1, 1}, true},  // one of each: "a b c"
		{[]uint64{2, 2, 2}, []uint64{1, 1}, false}, // "a b x c ... b c": unknown
		{[]uint64{2, 1, 2}, []uint64{1, 1}, true},  // the only b follows a and precedes c
		{[]uint64{1, 3, 1}, []uint64{1, 3}, true},  // every b precedes c
		{[]uint64{1, 3, 2}, []uint64{3, 1}, true},  // every b follows a
		{[]uint64{1, 3, 2}, []uint64{1, 1}, false},
		{[]uint64{2, 3, 2}, []uint64{2, 2}, true}, // 3 b's, 2 after a, 2 before c: one has both
		{[]uint64{2, 4, 2}, []uint64{2, 2}, false},
	} {
		got := chainOccurrences(3, func(k int) uint64 { return tt.words[k] }, func(k int) uint64 { return tt.pairs[k] }) > 0
		if got != tt.want {
			t.Errorf("words %v pairs %v: %v, want %v", tt.words, tt.pairs, got, tt.want)
		}
	}
}

// TestChainOccurrencesIsALowerBound: on random texts over a few words,
// the bound from word, pair and triple frequencies never exceeds the
// phrase's true count (so a positive bound proves the phrase), and it is
// positive wherever the old exact chains were.
func TestChainOccurrencesIsALowerBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	count := func(text []int, gram []int) uint64 {
		n := uint64(0)
		for i := 0; i+len(gram) <= len(text); i++ {
			if slices.Equal(text[i:i+len(gram)], gram) {
				n++
			}
		}
		return n
	}
	proven := 0
	for trial := 0; trial < 20000; trial++ {
		text := make([]int, 5+rng.IntN(40))
		for i := range text {
			text[i] = rng.IntN(3 + trial%4)
		}
		phrase := make([]int, 3+rng.IntN(3))
		for i := range phrase {
			phrase[i] = rng.IntN(3)
		}
		n := len(phrase)
		word := func(k int) uint64 { return count(text, phrase[k:k+1]) }
		pair := func(k int) uint64 { return count(text, phrase[k:k+2]) }
		triple := func(k int) uint64 { return count(text, phrase[k:k+3]) }
		truth := count(text, phrase)
		for _, got := range []uint64{chainOccurrences(n, word, pair), chainOccurrences(n-1, pair, triple)} {
			if got > truth {
				t.Fatalf("text %v phrase %v: bound %d > true count %d", text, phrase, got, truth)
			}
			if got > 0 {
				proven++
			}
		}
	}
	if proven == 0 {
		t.Fatal("the bound proved nothing")
	}
}

func TestEquivalentSpellings(t *testing.T) {
	long := notice("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh giao Hội đồng nhân dân; quy định về kỹ thuật.", nil)
	short := notice("UBND tỉnh", "UBND tỉnh; HĐND tỉnh; qui định về kĩ thuật và lí luận.", nil)
	party := notice("Ban Chấp hành Trung ương", "BCH TW; Ban Thường vụ; BTV Tỉnh ủy; Ủy ban MTTQ tỉnh, Mặt trận Tổ quốc.", nil)
	other := notice("Khác", "Ban nhân dân; ủy ban; quý vị; kỷ niệm; ly hôn.", nil)
	a := testArchive(t, long, short, party, other)
	for _, tt := range []struct {
		q     string
		want  []*pipeline.Notice
		marks []string
	}{
		{"ủy ban nhân dân tỉnh", []*pipeline.Notice{long, short}, []string{"ubnd tỉnh", "ủy ban nhân dân tỉnh"}},
		{"UBND tỉnh", []*pipeline.Notice{long, short}, nil},
		{"ubnd", []*pipeline.Notice{long, short}, nil},
		{"uy ban nhan dan", []*pipeline.Notice{long, short}, nil},
		{"hđnd", []*pipeline.Notice{long, short}, nil},
		{"Hội đồng nhân dân", []*pipeline.Notice{long, short}, nil},
		{"ban chấp hành trung ương", []*pipeline.Notice{party}, nil},
		{"BCH Trung ương", []*pipeline.Notice{party}, nil},
		{"ban thường vụ", []*pipeline.Notice{party}, []string{"ban thường vụ", "btv"}},
		{"mặt trận tổ quốc", []*pipeline.Notice{party}, nil},
		{"quy định", []*pipeline.Notice{long, short}, []string{"qui định", "quy định"}},
		{"qui dinh", []*pipeline.Notice{long, short}, nil},
		{"kĩ thuật", []*pipeline.Notice{long, short}, nil},
		{"lý luận", []*pipeline.Notice{short}, nil},
		{"quý", []*pipeline.Notice{other}, nil},
	} {
		r := runSearch(t, a, Query{Text: tt.q, Limit: 20, Fragments: true})
		if r.Total != uint64(len(tt.want)) {
			t.Errorf("%q: %d hits, want %d", tt.q, r.Total, len(tt.want))
			continue
		}
		for _, w := range tt.want {
			if !contains(ids(r), w.ID) {
				t.Errorf("%q: %q not found", tt.q, w.Title)
			}
		}
		if tt.marks != nil {
			if m := marked(r); strings.Join(m, "|") != strings.Join(tt.marks, "|") {
				t.Errorf("%q marks %q, want %q", tt.q, m, tt.marks)
			}
		}
	}
}

// TestMatchAtFragmentEdge: a match the fragment's window would cut is
// shown whole and marked.
func TestMatchAtFragmentEdge(t *testing.T) {
	u := termsOf("ngân sách", false)
	for k := 0; k < 90; k++ {
		text := "mở đầu " + strings.Repeat("x", k%7) + " ngân sách " + strings.Repeat("và ", k) + "ngân sách cuối"
		var spans [][2]int
		toks := textTokens(text)
		for i := range toks.fold {
			if toks.at(u, i) {
				spans = append(spans, [2]int{toks.start[i], toks.end[i+1]})
			}
		}
		for _, f := range cutFragments(text, spans, 1, 120) {
			plain := strings.ReplaceAll(f, "<mark>ngân sách</mark>", "")
			if strings.Contains(plain, "ngân") || strings.Contains(plain, "sách") {
				t.Errorf("%d: a match left unmarked or cut: %q", k, f)
			}
		}
	}
}

func TestCitations(t *testing.T) {
	decision := notice("Quyết định", "Nội dung.", func(n *pipeline.Notice) { n.Number.Raw, n.Date = "294-QĐ/TW", "2024-01-02" })
	cite := func(title, date string, numbers ...string) *pipeline.Notice {
		return notice(title, strings.Join(numbers, "; "), func(n *pipeline.Notice) {
			n.Number.Raw, n.Date = title, date
			for _, num := range numbers {
				n.References = append(n.References, pipeline.Reference{Raw: "Quyết định số " + num, Number: num})
			}
		})
	}
	a1 := cite("1-TB/TU", "2024-03-01", "294-QĐ/TW", "99-CT/TW")
	a2 := cite("2-TB/TU", "2024-05-01", "294/QĐ-TW")
	a3 := cite("3-TB/TU", "2024-04-01", "295-QĐ/TW")
	a := testArchive(t, decision, a1, a2, a3)
	c, err := a.Citations(decision)
	if err != nil || len(c.CitedBy) != 2 || c.CitedBy[0].ID != a2.ID || c.CitedBy[1].ID != a1.ID || c.CitedBy[0].Number != "2-TB/TU" {
		t.Fatalf("cited by: %+v %v", c, err)
	}
	c, err = a.Citations(a1)
	if err != nil || len(c.References) != 2 || len(c.References[0].IDs) != 1 || c.References[0].IDs[0] != decision.ID || len(c.References[1].IDs) != 0 || len(c.CitedBy) != 0 {
		t.Fatalf("references: %+v %v", c, err)
	}
	for _, key := range []string{"294-QĐ/TW", "Số 294 - QĐ/TW", "294/QĐ-TW"} {
		if ids, err := a.Lookup(key); err != nil || len(ids) != 1 || ids[0] != decision.ID {
			t.Errorf("Lookup(%q) = %v %v", key, ids, err)
		}
	}
}

// TestCitationsDates: a party number without a year comes back every term,
// so a citation that gives a date names the notice of that date only, and
// a notice is cited by those whose citation's date is its own (or none).
func TestCitationsDates(t *testing.T) {
	old := notice("Thông báo", "Nội dung.", func(n *pipeline.Notice) { n.Number.Raw, n.Date = "01-TB/TU", "2016-02-01" })
	cur := notice("Thông báo", "Nội dung khác.", func(n *pipeline.Notice) { n.Number.Raw, n.Date = "01-TB/TU", "2021-03-05" })
	cite := func(title, date string) *pipeline.Notice {
		return notice(title, "Thực hiện Thông báo số 01-TB/TU.", func(n *pipeline.Notice) {
			n.Number.Raw = title
			n.References = []pipeline.Reference{{Raw: "Thông báo số 01 - TB/TU ngày 05/3/2021", Number: "01 - TB/TU", Date: date}}
		})
	}
	dated, undated := cite("5-CV/TU", "2021-03-05"), cite("6-CV/TU", "")
	a := testArchive(t, old, cur, dated, undated)
	c, err := a.Citations(dated)
	if err != nil || len(c.References) != 1 || len(c.References[0].IDs) != 1 || c.References[0].IDs[0] != cur.ID {
		t.Fatalf("a dated citation resolves to %+v (%v), want only %s", c.References, err, cur.ID)
	}
	if c, err = a.Citations(undated); err != nil || len(c.References[0].IDs) != 2 {
		t.Fatalf("an undated citation resolves to %+v (%v), want both", c.References, err)
	}
	c, err = a.Citations(old)
	if err != nil || len(c.CitedBy) != 1 || c.CitedBy[0].ID != undated.ID {
		t.Fatalf("the 2016 notice is cited by %+v (%v), want only the undated citation", c.CitedBy, err)
	}
	if c, err = a.Citations(cur); err != nil || len(c.CitedBy) != 2 {
		t.Fatalf("the 2021 notice is cited by %+v (%v), want both", c.CitedBy, err)
	}
}

// TestIssuerCode: a code given to --issuer is the number's issuer code or
// a word of the name as printed, never a folded word: "TU" (Tỉnh ủy) is
// not "TƯ" in "ĐẦU TƯ"; a part of a name matches with or without
// diacritics.
func TestIssuerCode(t *testing.T) {
	tu := notice("Kết luận", "Nội dung.", func(n *pipeline.Notice) {
		n.Issuer.Name, n.Number.IssuerCode = "TỈNH ỦY TIỀN GIANG", "TU"
	})
	plan := notice("Quyết định", "Nội dung khác.", func(n *pipeline.Notice) {
		n.Issuer.Name, n.Number.IssuerCode, n.Kind = "BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "BKHĐT", pipeline.KindState
	})
	ubnd := notice("Kế hoạch", "Nội dung nữa.", func(n *pipeline.Notice) {
		n.Issuer.Name, n.Number.IssuerCode, n.Kind = "UBND TỈNH AN GIANG", "", pipeline.KindState
	})
	a := testArchive(t, tu, plan, ubnd)
	for _, tt := range []struct {
		issuer string
		want   []*pipeline.Notice
	}{
		{"TU", []*pipeline.Notice{tu}},
		{"TƯ", []*pipeline.Notice{plan}},
		{"đầu tư", []*pipeline.Notice{plan}},
		{"dau tu", []*pipeline.Notice{plan}},
		{"UBND", []*pipeline.Notice{ubnd}}, // a word of the name, no number code
		{"BKHĐT", []*pipeline.Notice{plan}},
		{"tien giang", []*pipeline.Notice{tu}},
	} {
		res, err := a.Search(Query{Issuer: tt.issuer, Limit: 10})
		if err != nil {
			t.Fatalf("--issuer %q: %v", tt.issuer, err)
		}
		var want []string
		for _, n := range tt.want {
			want = append(want, n.ID)
		}
		if got := ids(res); strings.Join(sortedCopy(got), ",") != strings.Join(sortedCopy(want), ",") {
			t.Errorf("--issuer %q: %d hits %v, want %v", tt.issuer, len(got), got, want)
		}
	}
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}

// TestHoldsAllAgreesWithTokens: the one-pass phrase check over a record's
// text says what the token scan says, on random texts of words spelled
// many ways (case, marks, old tone placement, Ð, leading zeros,
// punctuation between words).
func TestHoldsAllAgreesWithTokens(t *testing.T) {
	vocab := []string{"đảng", "Đảng", "ĐẢNG", "đang", "dang", "Ðảng", "số", "sở", "so", "cơ", "có", "co", "hòa", "hoà", "HOÀ", "tổ", "chức", "05", "5", "2024", "x"}
	seps := []string{" ", " ", " ", ", ", ".\n\n", " - ", "\n"}
	rng := rand.New(rand.NewPCG(3, 5))
	for trial := 0; trial < 5000; trial++ {
		var b strings.Builder
		for i := 0; i < 3+rng.IntN(30); i++ {
			b.WriteString(vocab[rng.IntN(len(vocab))])
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		text := b.String()
		var groups []alts
		for g := 0; g < 1+rng.IntN(2); g++ {
			var q []string
			for i := 0; i < 1+rng.IntN(4); i++ {
				q = append(q, vocab[rng.IntN(len(vocab))])
			}
			groups = append(groups, alts{termsOf(strings.Join(q, " "), rng.IntN(4) == 0)})
		}
		toks := textTokens(text)
		want := true
		for _, g := range groups {
			want = want && toks.holdsAny(g)
		}
		if got := holdsAll(text, groups); got != want {
			t.Fatalf("text %q, phrases %+v: holdsAll %v, tokens say %v", text, groups, got, want)
		}
	}
}

// TestChainProofIsSound: on random texts of words spelled many ways, a
// phrase the frequencies prove (chainProof, both stages) is one the text
// holds, spelled as typed; and the proof finds most of the phrases held.
func TestChainProofIsSound(t *testing.T) {
	vocab := []string{"kinh", "tế", "te", "xã", "xa", "hội", "hoi", "hơi", "cơ", "có", "sở", "số", "so", "đảng", "đang", "tổ", "tờ", "chức"}
	rng := rand.New(rand.NewPCG(9, 1))
	proved, held := 0, 0
	for trial := 0; trial < 20000; trial++ {
		var words []string
		for i := 0; i < 4+rng.IntN(25); i++ {
			words = append(words, vocab[rng.IntN(len(vocab))])
		}
		text := strings.Join(words, " ")
		var q []string
		for i := 0; i < 3+rng.IntN(3); i++ {
			q = append(q, vocab[rng.IntN(len(vocab))])
		}
		if rng.IntN(2) == 0 { // often a phrase the text holds
			at := rng.IntN(len(words))
			q = words[at:min(len(words), at+3+rng.IntN(3))]
			if len(q) < 3 {
				continue
			}
		}
		u := termsOf(strings.Join(q, " "), false)
		toks := textTokens(text)
		count := func(ft fieldTerm) uint64 {
			parts := strings.Split(ft.term, " ")
			forms := toks.fold
			if ft.field == fieldText || ft.field == fieldTextMPairs {
				forms = toks.exact
			}
			n := uint64(0)
			for i := 0; i+len(parts) <= len(forms); i++ {
				if slices.Equal(forms[i:i+len(parts)], parts) {
					n++
				}
			}
			return n
		}
		freq := func(ft fieldTerm) ([]uint64, error) { return []uint64{count(ft)}, nil }
		sub := func(ft fieldTerm, docs []uint32) ([]uint64, error) { return []uint64{count(ft)}, nil }
		ok, err := u.chainProof([]uint32{0}, freq, sub)
		if err != nil {
			t.Fatal(err)
		}
		holds := toks.holds(u)
		if ok[0] && !holds {
			t.Fatalf("text %q: phrase %q proven but not held", text, strings.Join(q, " "))
		}
		if holds {
			held++
			if ok[0] {
				proved++
			}
		}
	}
	if proved*2 < held {
		t.Errorf("proved %d of %d phrases held", proved, held)
	}
	t.Logf("proved %d of %d phrases held", proved, held)
}
