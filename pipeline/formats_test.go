package pipeline

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const formatsDir = "../testdata/formats"

// scoredView reduces a record to the fields score.py scores, in the form it
// compares them: header and signer fields with case and spacing folded,
// recipients in order, directive numbers with the first 30 characters of
// their text, references and statistic values as sorted sets.
func scoredView(t *testing.T, n *Notice) map[string]string {
	t.Helper()
	var rec map[string]any
	if err := json.Unmarshal(marshal(t, n), &rec); err != nil {
		t.Fatal(err)
	}
	v := map[string]string{}
	for _, f := range []string{"kind", "issuer.name", "issuer.parent", "number.raw", "number.type_code",
		"number.issuer_code", "doc_type.code", "place", "date", "title", "signer.mode",
		"signer.on_behalf_of", "signer.position", "signer.name"} {
		v[f] = normText(lookup(rec, f))
	}
	v["recipients"] = strings.Join(normAll(n.Recipients), " | ")
	var ds, refs, stats []string
	for _, d := range n.Directives {
		ds = append(ds, d.Number+":"+prefix(normText(d.Text), 30))
	}
	for _, r := range n.References {
		refs = append(refs, r.Number+"@"+r.Date)
	}
	for _, s := range n.Statistics {
		stats = append(stats, fmt.Sprint(s.Value))
	}
	sort.Strings(refs)
	sort.Strings(stats)
	v["directives"] = strings.Join(ds, " | ")
	v["references"] = strings.Join(refs, " ")
	v["statistics"] = strings.Join(stats, " ")
	return v
}

// TestFormatInvariance parses every notice that testdata holds in several
// formats (the text in testdata/corpus, its DOCX and PDF renderings in
// testdata/formats) and requires the records to agree on every scored field.
func TestFormatInvariance(t *testing.T) {
	rendered, _ := filepath.Glob(filepath.Join(formatsDir, "*"))
	if len(rendered) == 0 {
		t.Fatalf("no rendered notices in %s", formatsDir)
	}
	byName := map[string][]string{}
	for _, p := range rendered {
		// "NAME.cairo.pdf" is another rendering of NAME.
		name, _, _ := strings.Cut(filepath.Base(p), ".")
		byName[name] = append(byName[name], p)
	}
	for name, paths := range byName {
		txt := filepath.Join(corpusDir, name+".txt")
		if _, err := os.Stat(txt); err != nil {
			t.Errorf("%s has renderings but no text in %s", name, corpusDir)
			continue
		}
		want := scoredView(t, parseCorpusFile(t, txt))
		for _, p := range paths {
			t.Run(filepath.Base(p), func(t *testing.T) {
				got := scoredView(t, parseCorpusFile(t, p))
				for f, w := range want {
					if got[f] != w {
						t.Errorf("%s:\n  %s: %q\n  txt: %q", f, filepath.Ext(p), got[f], w)
					}
				}
			})
		}
	}
}
