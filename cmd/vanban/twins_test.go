package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"vanban/index"
	"vanban/pipeline"
)

// TestShowTwins ingests one notice as x.pdf, as x.txt (its text) and as
// "x (2).pdf" (the PDF with bytes appended, another id): each keeps its
// own record and id, and vanban show lists the other two as its twins.
func TestShowTwins(t *testing.T) {
	src := t.TempDir()
	pdf, err := os.ReadFile("../../testdata/corpus/r023.pdf")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(src, "x.pdf"), pdf, 0o644)
	os.WriteFile(filepath.Join(src, "x (2).pdf"), append(append([]byte{}, pdf...), "\n% bản sao\n"...), 0o644)
	code, text, stderr := runCmd(t, "", "text", filepath.Join(src, "x.pdf"))
	if code != exitOK {
		t.Fatalf("text: exit %d %s", code, stderr)
	}
	os.WriteFile(filepath.Join(src, "x.txt"), []byte(text), 0o644)
	// An unrelated notice has no twins.
	other, _ := os.ReadFile("../../testdata/corpus/tien-giang-250-tb-tu.txt")
	os.WriteFile(filepath.Join(src, "other.txt"), other, 0o644)

	data := filepath.Join(t.TempDir(), "archive")
	if code, _, stderr := runCmd(t, "", "ingest", "--data", data, "-q", src); code != exitOK {
		t.Fatalf("ingest: exit %d\n%s", code, stderr)
	}
	raw, _ := os.ReadFile(filepath.Join(data, "reports", "last-ingest.json"))
	var rep pipeline.Report
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Ingested != 4 {
		t.Fatalf("%d ingested, want 4 (each file its own record)", rep.Ingested)
	}
	ids := map[string]string{} // file name → id
	for _, f := range rep.Files {
		ids[filepath.Base(f.Path)] = f.ID
	}
	group := []string{"x.pdf", "x.txt", "x (2).pdf"}
	for _, name := range append(group, "other.txt") {
		code, out, stderr := runCmd(t, "", "show", "--data", data, ids[name])
		var n pipeline.Notice
		if err := json.Unmarshal([]byte(out), &n); code != exitOK || err != nil {
			t.Fatalf("show %s: exit %d %v %s", name, code, err, stderr)
		}
		if n.ID != ids[name] {
			t.Errorf("show %s: id %s, want its own %s", name, n.ID, ids[name])
		}
		want := map[string]bool{}
		if name != "other.txt" {
			for _, g := range group {
				if g != name {
					want[ids[g]] = true
				}
			}
		}
		got := map[string]bool{}
		for _, id := range n.Twins {
			got[id] = true
		}
		if len(got) != len(want) || len(n.Twins) != len(want) {
			t.Errorf("show %s (%s %s): twins %v, want the ids of the others %v", name, n.Number.Raw, n.Date, n.Twins, want)
		}
		for id := range want {
			if !got[id] {
				t.Errorf("show %s: twin %s missing from %v", name, id, n.Twins)
			}
		}
		if len(want) > 0 && !strings.Contains(stderr, "also in 2 other record") {
			t.Errorf("show %s: stderr %q", name, stderr)
		}
	}
	// Search shows the document once, the other files on an "also:" line;
	// --all-twins lists each.
	for _, tc := range []struct {
		args      []string
		ids, also int
	}{{nil, 1, 1}, {[]string{"--all-twins"}, 3, 0}} {
		code, out, stderr := runCmd(t, "", append([]string{"search", "--data", data, "--type", "TT"}, tc.args...)...)
		if code != exitOK {
			t.Fatalf("search %v: exit %d %s", tc.args, code, stderr)
		}
		if got := strings.Count(out, "\n   id "); got != tc.ids {
			t.Errorf("search %v: %d hits shown, want %d\n%s", tc.args, got, tc.ids, out)
		}
		if got := strings.Count(out, "\n   also: "); got != tc.also {
			t.Errorf("search %v: %d also lines, want %d\n%s", tc.args, got, tc.also, out)
		}
	}
	// Through a running server (show reads via its endpoint) the same twins.
	startServe(t, data)
	code, out, stderr := runCmd(t, "", "show", "--data", data, ids["x.pdf"])
	var n pipeline.Notice
	if err := json.Unmarshal([]byte(out), &n); code != exitOK || err != nil {
		t.Fatalf("show through serve: exit %d %v %s", code, err, stderr)
	}
	if want := []string{ids["x (2).pdf"], ids["x.txt"]}; !reflect.DeepEqual(n.Twins, sortedCopy(want)) {
		t.Errorf("show through serve: twins %v, want %v", n.Twins, sortedCopy(want))
	}
	// The records on disk are as ingested: no twins written into them.
	rec, err := os.ReadFile(filepath.Join(data, "records", ids["x.pdf"][:2], ids["x.pdf"]+".json"))
	if err != nil || strings.Contains(string(rec), `"twins"`) {
		t.Errorf("record on disk: %v, holds twins: %v", err, strings.Contains(string(rec), `"twins"`))
	}
}

func TestCollapseTwins(t *testing.T) {
	h := func(id, number, date, issuer string) index.Hit {
		return index.Hit{ID: id, Number: number, Date: date, Issuer: issuer}
	}
	for _, tc := range []struct {
		name string
		hits []index.Hit
		kept []string
		also map[string][]string
	}{
		{"none", nil, nil, map[string][]string{}},
		{"a pair apart", []index.Hit{h("a", "1-TB/TU", "2024-01-02", "TỈNH ỦY X"), h("b", "2-TB/TU", "2024-01-02", "TỈNH ỦY X"), h("c", "1/TB-TU", "2024-01-02", "Tỉnh ủy X")},
			[]string{"a", "b"}, map[string][]string{"a": {"c"}}},
		{"another date", []index.Hit{h("a", "1-TB/TU", "2024-01-02", "X"), h("b", "1-TB/TU", "2024-01-03", "X")},
			[]string{"a", "b"}, map[string][]string{}},
		{"no number", []index.Hit{h("a", "", "2024-01-02", "X"), h("b", "", "2024-01-02", "X")},
			[]string{"a", "b"}, map[string][]string{}},
	} {
		kept, also := collapseTwins(tc.hits)
		var ids []string
		for _, k := range kept {
			ids = append(ids, k.ID)
		}
		if !reflect.DeepEqual(ids, tc.kept) || !reflect.DeepEqual(also, tc.also) {
			t.Errorf("%s: kept %v also %v, want %v %v", tc.name, ids, also, tc.kept, tc.also)
		}
	}
}

func sortedCopy(s []string) []string {
	c := append([]string{}, s...)
	sort.Strings(c)
	return c
}
