package pipeline

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"vanban/extract"
)

var update = flag.Bool("update", false, "rewrite the golden files in ../testdata/golden")

const (
	corpusDir = "../testdata/corpus"
	goldenDir = "../testdata/golden"
)

// corpusFiles lists the labelled notices of the test corpus: text, PDF
// and DOCX files, each with a NAME.gold.json beside it.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, ext := range []string{"*.txt", "*.pdf", "*.docx"} {
		m, err := filepath.Glob(filepath.Join(corpusDir, ext))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatalf("no corpus in %s", corpusDir)
	}
	return files
}

// baseName is a corpus file's name without its extension.
func baseName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

// parseCorpusFile parses one corpus file, naming it as a user would from
// the repository root so that goldens do not depend on the test's directory.
func parseCorpusFile(t testing.TB, path string) *Notice {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := extract.Read("testdata/"+filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path), data)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(doc)
}

func marshal(t testing.TB, n *Notice) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(n); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestGolden compares each record with its golden file; go test -update
// rewrites them.
func TestGolden(t *testing.T) {
	for _, path := range corpusFiles(t) {
		name := baseName(path)
		t.Run(name, func(t *testing.T) {
			got := marshal(t, parseCorpusFile(t, path))
			golden := filepath.Join(goldenDir, name+".json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./pipeline -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("record differs from %s (go test ./pipeline -update rewrites it after review):\n%s", golden, firstDiff(string(want), string(got)))
			}
		})
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl
		}
	}
	return ""
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestSchema validates every golden record against notice.schema.json.
func TestSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("notice.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("notice.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	goldens, _ := filepath.Glob(filepath.Join(goldenDir, "*.json"))
	if len(goldens) != len(corpusFiles(t)) {
		t.Fatalf("%d golden files for %d corpus files", len(goldens), len(corpusFiles(t)))
	}
	for _, g := range goldens {
		f, err := os.Open(g)
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: %v", g, err)
		}
	}
	// Records of Word 97, RTF and web page sources are valid too.
	legacy, _ := filepath.Glob("../testdata/legacy/*")
	for _, f := range legacy {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := extract.Read(f, data)
		if err != nil {
			t.Fatal(err)
		}
		var rec map[string]any
		b, _ := json.Marshal(Parse(doc))
		_ = json.Unmarshal(b, &rec)
		if err := sch.Validate(rec); err != nil {
			t.Errorf("record of %s: %v", f, err)
		}
	}
	// A record with every list empty and every string blank is valid too.
	var empty map[string]any
	b, _ := json.Marshal(Parse(&extract.Document{Path: "x", Format: extract.FormatText, Encoding: "utf-8", SHA256: strings.Repeat("0", 64)}))
	_ = json.Unmarshal(b, &empty)
	if err := sch.Validate(empty); err != nil {
		t.Errorf("record of an empty document: %v", err)
	}
	// A file name that is not UTF-8 keeps its bytes in path_bytes.
	raw := "/kho/th\xf4ng-b\xe1o.txt"
	n := Parse(&extract.Document{Path: raw, Format: extract.FormatText, Encoding: "utf-8", SHA256: strings.Repeat("0", 64)})
	b, _ = json.Marshal(n)
	var named map[string]any
	_ = json.Unmarshal(b, &named)
	if err := sch.Validate(named); err != nil {
		t.Errorf("record of a file named in Latin-1: %v", err)
	}
	var back Notice
	if err := json.Unmarshal(b, &back); err != nil || back.Source.RawPath() != raw || back.Source.Path != "/kho/th\ufffdng-b\ufffdo.txt" {
		t.Errorf("path %q, bytes %q (%v)", back.Source.Path, back.Source.PathBytes, err)
	}
	if n := Parse(&extract.Document{Path: "/kho/thông-báo.txt"}); n.Source.PathBytes != nil {
		t.Errorf("path_bytes of a UTF-8 name: %q", n.Source.PathBytes)
	}
}

// gold is the hand-made label file of a corpus notice (see GOLD.md).
type gold map[string]json.RawMessage

// TestGoldLabels checks each record against the archivists' labels: every
// header field exactly, the directives' numbers and openings, the
// references, and the statistics without any value missing or invented.
func TestGoldLabels(t *testing.T) {
	for _, path := range corpusFiles(t) {
		name := baseName(path)
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(corpusDir, name+".gold.json"))
			if err != nil {
				t.Fatal(err)
			}
			var g gold
			if err := json.Unmarshal(raw, &g); err != nil {
				t.Fatal(err)
			}
			var rec map[string]any
			if err := json.Unmarshal(marshal(t, parseCorpusFile(t, path)), &rec); err != nil {
				t.Fatal(err)
			}
			for _, field := range []string{"kind", "issuer.name", "issuer.parent", "number.raw", "number.type_code",
				"number.issuer_code", "doc_type.code", "place", "date", "title", "signer.mode",
				"signer.on_behalf_of", "signer.position", "signer.name"} {
				want, labelled := goldField(g, field)
				if !labelled {
					continue
				}
				if got := lookup(rec, field); normText(got) != normText(want) {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			if r, ok := g["recipients"]; ok {
				var want []string
				_ = json.Unmarshal(r, &want)
				got := toStrings(rec["recipients"])
				if strings.Join(normAll(got), "|") != strings.Join(normAll(want), "|") {
					t.Errorf("recipients = %q, want %q", got, want)
				}
			}
			if r, ok := g["directives"]; ok {
				var want []struct{ Number, Text string }
				_ = json.Unmarshal(r, &want)
				got := rec["directives"].([]any)
				if len(got) != len(want) {
					t.Errorf("%d directives, want %d", len(got), len(want))
				}
				for i := 0; i < len(got) && i < len(want); i++ {
					d := got[i].(map[string]any)
					if d["number"] != want[i].Number || !strings.HasPrefix(normText(d["text"].(string)), prefix(normText(want[i].Text), 30)) {
						t.Errorf("directive %d = %v %q, want %s %q", i, d["number"], prefix(d["text"].(string), 40), want[i].Number, want[i].Text)
					}
				}
			}
			if r, ok := g["references"]; ok {
				var want []struct{ Number, Date string }
				_ = json.Unmarshal(r, &want)
				var w, got []string
				for _, x := range want {
					w = append(w, x.Number+"@"+x.Date)
				}
				for _, x := range rec["references"].([]any) {
					m := x.(map[string]any)
					got = append(got, m["number"].(string)+"@"+m["date"].(string))
				}
				sort.Strings(w)
				sort.Strings(got)
				if strings.Join(w, " ") != strings.Join(got, " ") {
					t.Errorf("references = %v, want %v", got, w)
				}
			}
			if r, ok := g["statistics"]; ok {
				var want []struct {
					Value    float64
					Optional bool
				}
				_ = json.Unmarshal(r, &want)
				need, maybe := map[float64]int{}, map[float64]int{}
				for _, s := range want {
					if s.Optional {
						maybe[s.Value]++
					} else {
						need[s.Value]++
					}
				}
				for _, x := range rec["statistics"].([]any) {
					v := math.Round(x.(map[string]any)["value"].(float64)*1e6) / 1e6
					switch {
					case need[v] > 0:
						need[v]--
					case maybe[v] > 0:
						maybe[v]--
					default:
						t.Errorf("statistic %v is not in the labels", v)
					}
				}
				for v, n := range need {
					if n > 0 {
						t.Errorf("statistic %v missing (%d)", v, n)
					}
				}
			}
		})
	}
}

// goldField returns a labelled field; a null object labels its fields empty.
func goldField(g gold, path string) (string, bool) {
	parts := strings.SplitN(path, ".", 2)
	raw, ok := g[parts[0]]
	if !ok {
		return "", false
	}
	if string(raw) == "null" {
		return "", true
	}
	if len(parts) == 1 {
		var s string
		_ = json.Unmarshal(raw, &s)
		return s, true
	}
	var m map[string]*string
	if err := json.Unmarshal(raw, &m); err != nil {
		return "", false
	}
	v, ok := m[parts[1]]
	if !ok {
		return "", false
	}
	if v == nil {
		return "", true
	}
	return *v, true
}

func lookup(rec map[string]any, path string) string {
	var cur any = rec
	for _, p := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = m[p]
	}
	s, _ := cur.(string)
	return s
}

// normText compares as score.py does: case and spacing folded, list
// punctuation trimmed.
func normText(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.Trim(s, " ,;.:-–•+")
}

func normAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = normText(s)
	}
	return out
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func prefix(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
