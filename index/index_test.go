package index

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"vanban/pipeline"
)

// notice builds a record with the given fields; its id is the hash of its
// title and body.
func notice(title, body string, set func(n *pipeline.Notice)) *pipeline.Notice {
	sum := sha256.Sum256([]byte(title + "\x00" + body))
	n := &pipeline.Notice{
		SchemaVersion: pipeline.SchemaVersion,
		ID:            hex.EncodeToString(sum[:]),
		Kind:          pipeline.KindParty,
		Title:         title,
		Body:          body,
		Source:        pipeline.Source{Format: "txt"},
	}
	if set != nil {
		set(n)
	}
	return n
}

// testArchive creates an archive in a temporary folder holding ns, in
// one segment.
func testArchive(t *testing.T, ns ...*pipeline.Notice) *Archive {
	t.Helper()
	return segmentedArchive(t, ns, 0)
}

var (
	ntmTG = notice("Kết luận về xây dựng nông thôn mới", "Tỉnh ủy Tiền Giang chỉ đạo xây dựng nông thôn mới nâng cao; đồng chí Bí thư kết luận.", func(n *pipeline.Notice) {
		n.DocType.Code, n.Number.Raw, n.Number.IssuerCode, n.Issuer.Name = "TB", "250-TB/TU", "TU", "TỈNH ỦY TIỀN GIANG"
		n.Date, n.Signer.Name = "2024-10-09", "Phạm Thị Mai Tiên"
		n.Recipients = []string{"Các huyện ủy", "Lưu Văn phòng Tỉnh ủy"}
	})
	scattered = notice("Kế hoạch phát triển", "Nông dân mới về thôn; xây dựng đường thôn mới, hỗ trợ nông nghiệp.", func(n *pipeline.Notice) {
		n.DocType.Code, n.Number.Raw, n.Issuer.Name, n.Date = "KH", "12-KH/HU", "HUYỆN ỦY CHỢ GẠO", "2023-03-01"
		n.Kind = pipeline.KindState
	})
	hoaOld = notice("Về hòa giải ở cơ sở", "Công tác hòa giải và thụy sĩ tình nguyện; khỏe mạnh.", func(n *pipeline.Notice) {
		n.DocType.Code, n.Date = "HD", "2022-05-01"
	})
	hoaFlower = notice("Lễ hội hoa xuân", "Trưng bày hoa và cây cảnh; hoa giấy và giải thưởng.", func(n *pipeline.Notice) {
		n.DocType.Code, n.Date = "TB", "2021-01-15"
	})
	hoaNew = notice("Về hoà giải viên", "Bồi dưỡng hoà giải viên; thuỵ điển; khoẻ.", func(n *pipeline.Notice) {
		n.DocType.Code, n.Date = "HD", "2020-02-01"
	})
	danang = notice("Đảng bộ thành phố Đà Nẵng", "Đại hội Đảng bộ Đà Nẵng lần thứ XXII.", func(n *pipeline.Notice) {
		n.DocType.Code, n.Issuer.Name, n.Date = "NQ", "THÀNH ỦY ĐÀ NẴNG", "2020-10-15"
	})
	nfd = notice(norm.NFD.String("Thông báo về nông thôn mới kiểu mẫu"), norm.NFD.String("Xã đạt chuẩn nông thôn mới kiểu mẫu năm 2025."), func(n *pipeline.Notice) {
		n.DocType.Code, n.Date = "TB", "2025-01-02"
	})
)

func allNotices() []*pipeline.Notice {
	return []*pipeline.Notice{ntmTG, scattered, hoaOld, hoaFlower, hoaNew, danang, nfd}
}

func ids(r *Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

func runSearch(t *testing.T, a *Archive, q Query) *Result {
	t.Helper()
	r, err := a.Search(q)
	if err != nil {
		t.Fatalf("%+v: %v", q, err)
	}
	return r
}

func contains(list []string, id string) bool {
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}

func TestSearchDiacritics(t *testing.T) {
	a := testArchive(t, allNotices()...)
	tests := []struct {
		name  string
		q     string
		want  []*pipeline.Notice // must all be found
		first *pipeline.Notice   // ranked first, if set
		not   []*pipeline.Notice
	}{
		{"with diacritics", "nông thôn mới", []*pipeline.Notice{ntmTG, nfd}, nil, []*pipeline.Notice{hoaOld, scattered}},
		{"without diacritics", "nong thon moi", []*pipeline.Notice{ntmTG, nfd}, nil, []*pipeline.Notice{scattered}},
		{"đ folds to d", "dang bo da nang", []*pipeline.Notice{danang}, danang, nil},
		{"đ typed", "Đà Nẵng", []*pipeline.Notice{danang}, danang, nil},
		{"typed diacritics narrow", "hòa giải", []*pipeline.Notice{hoaOld, hoaNew}, nil, []*pipeline.Notice{hoaFlower}},
		{"a word typed with diacritics", "hòa", []*pipeline.Notice{hoaOld, hoaNew}, nil, []*pipeline.Notice{hoaFlower}},
		{"folded finds all spellings", "hoa", []*pipeline.Notice{hoaOld, hoaNew, hoaFlower}, nil, nil},
		{"old tone placement finds the new", "thụy", []*pipeline.Notice{hoaOld, hoaNew}, nil, nil},
		{"new tone placement finds the old", "khoẻ", []*pipeline.Notice{hoaOld, hoaNew}, nil, nil},
		{"NFD query", norm.NFD.String("kiểu mẫu"), []*pipeline.Notice{nfd}, nfd, nil},
		{"quoted phrase", `"nông thôn mới"`, []*pipeline.Notice{ntmTG, nfd}, nil, []*pipeline.Notice{scattered}},
		{"quoted phrase folded", `"nong thon moi"`, []*pipeline.Notice{ntmTG, nfd}, nil, []*pipeline.Notice{scattered}},
		{"prefix folded", "kieu*", []*pipeline.Notice{nfd}, nfd, nil},
		{"prefix with diacritics", "kiể*", []*pipeline.Notice{nfd}, nfd, nil},
		{"prefix with other diacritics", "kiê*", nil, nil, []*pipeline.Notice{nfd}},
		{"number", "250-TB/TU", []*pipeline.Notice{ntmTG}, ntmTG, nil},
		{"recipient", "huyện ủy", []*pipeline.Notice{ntmTG}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runSearch(t, a, Query{Text: tt.q, Limit: 20})
			got := ids(r)
			for _, w := range tt.want {
				if !contains(got, w.ID) {
					t.Errorf("%q does not find %q", tt.q, w.Title)
				}
			}
			for _, w := range tt.not {
				if contains(got, w.ID) {
					t.Errorf("%q finds %q", tt.q, w.Title)
				}
			}
			if tt.first != nil && (len(got) == 0 || got[0] != tt.first.ID) {
				t.Errorf("%q: first hit is not %q", tt.q, tt.first.Title)
			}
		})
	}
}

// TestSearchRanking checks the order: title matches first, and with
// Apart the words standing together above the same words scattered.
func TestSearchRanking(t *testing.T) {
	a := testArchive(t, allNotices()...)
	rank := func(q string) []string { return ids(runSearch(t, a, Query{Text: q, Limit: 20})) }
	pos := func(list []string, n *pipeline.Notice) int {
		for i, id := range list {
			if id == n.ID {
				return i
			}
		}
		return len(list)
	}
	flower := rank("hoa xuân")
	if pos(flower, hoaFlower) != 0 {
		t.Errorf("\"hoa xuân\": the flower notice is not first")
	}
	ntm := ids(runSearch(t, a, Query{Text: "nong thon moi", Apart: true, Limit: 20}))
	if len(ntm) != 3 || pos(ntm, scattered) != 2 {
		t.Errorf("\"nong thon moi\" apart: scattered words do not rank below the phrase: %v", ntm)
	}
}

func TestSearchHighlights(t *testing.T) {
	a := testArchive(t, allNotices()...)
	for _, q := range []string{"nong thon moi", "nông thôn mới", `"nông thôn mới"`} {
		r := runSearch(t, a, Query{Text: q, Fragments: true, Limit: 20})
		for _, h := range r.Hits {
			if h.ID != ntmTG.ID && h.ID != nfd.ID {
				continue
			}
			body := strings.Join(h.Fragments["body"], " ")
			title := strings.Join(h.Fragments["title"], " ")
			want := "<mark>nông thôn mới</mark>"
			if h.ID == nfd.ID {
				want = "<mark>" + html.EscapeString(norm.NFD.String("nông thôn mới")) + "</mark>"
			}
			if !strings.Contains(body, want) || !strings.Contains(title, want) {
				t.Errorf("%q: fragments %q / %q lack %q", q, title, body, want)
			}
		}
	}
	r := runSearch(t, a, Query{Text: "da nang", Fragments: true})
	if len(r.Hits) == 0 || !strings.Contains(r.Hits[0].Fragments["title"][0], "<mark>Đà Nẵng</mark>") {
		t.Errorf("đ highlight: %+v", r.Hits)
	}
}

func TestSearchFiltersAndFacets(t *testing.T) {
	a := testArchive(t, allNotices()...)
	tests := []struct {
		name string
		q    Query
		want []*pipeline.Notice
	}{
		{"type", Query{Type: "HD"}, []*pipeline.Notice{hoaOld, hoaNew}},
		{"issuer code", Query{Issuer: "TU"}, []*pipeline.Notice{ntmTG}},
		{"issuer name folded", Query{Issuer: "tien giang"}, []*pipeline.Notice{ntmTG}},
		{"date range", Query{From: "2021-01-01", To: "2022-12-31"}, []*pipeline.Notice{hoaOld, hoaFlower}},
		{"date range inclusive", Query{From: "2024-10-09", To: "2024-10-09"}, []*pipeline.Notice{ntmTG}},
		{"signer", Query{Signer: "mai tien"}, []*pipeline.Notice{ntmTG}},
		{"kind", Query{Kind: "state"}, []*pipeline.Notice{scattered}},
		{"text and type", Query{Text: "hoa", Type: "TB"}, []*pipeline.Notice{hoaFlower}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runSearch(t, a, tt.q)
			got := ids(r)
			if len(got) != len(tt.want) {
				t.Errorf("%d hits, want %d", len(got), len(tt.want))
			}
			for _, w := range tt.want {
				if !contains(got, w.ID) {
					t.Errorf("missing %q", w.Title)
				}
			}
		})
	}
	r := runSearch(t, a, Query{Text: "hoa"})
	counts := map[string]int{}
	for _, c := range r.Facets["type"] {
		counts[c.Value] = c.Count
	}
	if counts["HD"] != 2 || counts["TB"] != 1 {
		t.Errorf("type facet %v", r.Facets["type"])
	}
	years := map[string]int{}
	for _, c := range runSearch(t, a, Query{Text: "nong thon moi"}).Facets["year"] {
		years[c.Value] = c.Count
	}
	if len(years) != 2 || years["2024"] != 1 || years["2025"] != 1 {
		t.Errorf("year facet %v", years)
	}
	byDate := runSearch(t, a, Query{Text: "hoa", ByDate: true})
	if len(byDate.Hits) != 3 || byDate.Hits[0].ID != hoaOld.ID || byDate.Hits[2].ID != hoaNew.ID {
		t.Errorf("sort by date: %v", ids(byDate))
	}
}

func TestSearchBadQueries(t *testing.T) {
	a := testArchive(t, ntmTG)
	for _, q := range []Query{
		{Text: strings.Repeat("a", MaxQueryLen+1)},
		{Text: "x", Limit: MaxLimit + 1},
		{Text: "x", Page: -1},
		{Text: "x", From: "2024-13-01"},
		{Text: "x", From: "2024-02-01", To: "2024-01-01"},
	} {
		if _, err := a.Search(q); !errors.Is(err, ErrBadQuery) {
			t.Errorf("%+v: err %v, want ErrBadQuery", q, err)
		}
	}
}

func TestArchiveLookupAndStats(t *testing.T) {
	a := testArchive(t, allNotices()...)
	for key, want := range map[string]string{ntmTG.ID: ntmTG.ID, ntmTG.ID[:8]: ntmTG.ID, "250-TB/TU": ntmTG.ID, "Số 250 - TB/TU": ntmTG.ID} {
		got, err := a.Lookup(key)
		if err != nil || len(got) != 1 || got[0] != want {
			t.Errorf("Lookup(%q) = %v, %v", key, got, err)
		}
	}
	if _, err := a.Lookup("999-XX/YY"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown number: %v", err)
	}
	if _, err := a.RecordJSON("../../etc/passwd"); !errors.Is(err, ErrNotFound) {
		t.Errorf("path in id: %v", err)
	}
	n, err := a.Record(danang.ID)
	if err != nil || n.Title != danang.Title {
		t.Errorf("Record: %v %v", n, err)
	}
	st, err := a.Stats()
	if err != nil || st.Documents != uint64(len(allNotices())) {
		t.Fatalf("stats %+v %v", st, err)
	}
	if has, err := a.Has(ntmTG.ID); !has || err != nil {
		t.Errorf("Has: %v %v", has, err)
	}
}

func TestCreateIsExclusive(t *testing.T) {
	dir := t.TempDir()
	a, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := Create(dir); !errors.Is(err, ErrBusy) {
		t.Errorf("second writer: %v, want ErrBusy", err)
	}
	if _, err := Open(t.TempDir()); !errors.Is(err, ErrNoArchive) {
		t.Errorf("empty dir: %v, want ErrNoArchive", err)
	}
}

func TestSourceIsCheckedAgainstTheID(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "tb.txt")
	data := []byte("THÔNG BÁO\nnội dung")
	os.WriteFile(src, data, 0o644)
	sum := sha256.Sum256(data)
	n := notice("t", "b", func(n *pipeline.Notice) {
		n.ID = hex.EncodeToString(sum[:])
		n.Source.Path = src
		n.Source.Size = int64(len(data))
	})
	for _, keep := range []bool{false, true} {
		os.WriteFile(src, data, 0o644)
		arch := filepath.Join(dir, fmt.Sprint("archive", keep))
		a, err := Create(arch)
		if err != nil {
			t.Fatal(err)
		}
		a.CopySources = keep
		if err := a.Add(n, data); err != nil {
			t.Fatal(err)
		}
		a.Commit()
		got, _, err := a.Source(n.ID)
		if err != nil || string(got) != string(data) {
			t.Errorf("copy %v: %q %v", keep, got, err)
		}
		os.WriteFile(src, []byte("changed"), 0o644)
		_, _, err = a.Source(n.ID)
		if keep && err != nil || !keep && !errors.Is(err, ErrSourceGone) {
			t.Errorf("copy %v, original changed: %v", keep, err)
		}
		if _, _, err := a.Source(strings.Repeat("0", 64)); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown id: %v", err)
		}
		a.Close()
	}
}

func TestPhraseHighlightsOnlyThePhrase(t *testing.T) {
	a := testArchive(t, allNotices()...)
	r := runSearch(t, a, Query{Text: `"nông thôn mới"`, Fragments: true, Limit: 20})
	for _, h := range r.Hits {
		for _, frags := range h.Fragments {
			for _, f := range frags {
				if strings.Count(f, "<mark>") != strings.Count(f, "<mark>nông thôn mới</mark>")+strings.Count(f, "<mark>"+html.EscapeString(norm.NFD.String("nông thôn mới"))+"</mark>") {
					t.Errorf("a mark that is not the phrase: %q", f)
				}
			}
		}
	}
}
