package extract

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden texts in ../testdata/golden-text")

// TestExtractGolden compares the text extract gives for every PDF and DOCX
// fixture (and the legacy-encoded text) with its golden copy, so that a
// change to the layout code shows as a diff to review; go test -update
// rewrites them. The damaged PDFs, read by PDFium, are checked by
// TestExtractGoldenPDFium (slow_test.go, without the race detector).
func TestExtractGolden(t *testing.T) {
	var files []string
	for _, pat := range []string{"formats/*.pdf", "formats/*.docx", "formats/*.txt", "corpus/*.pdf", "corpus/*.docx", "real/*.pdf", "legacy/*"} {
		m, _ := filepath.Glob(filepath.Join("../testdata", pat))
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("only %d fixtures", len(files))
	}
	checkGolden(t, files)
}

// checkGolden compares the text of each file with its golden copy in
// ../testdata/golden-text, or rewrites the copies with -update.
func checkGolden(t *testing.T, files []string) {
	for _, f := range files {
		name := filepath.Base(filepath.Dir(f)) + "-" + filepath.Base(f) + ".txt"
		t.Run(name, func(t *testing.T) {
			got := readDoc(t, f).Text
			golden := filepath.Join("../testdata/golden-text", name)
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./extract -run TestExtractGolden -update writes it)", err)
			}
			if got != string(want) {
				gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
				for i := 0; i < len(gl) || i < len(wl); i++ {
					var g, w string
					if i < len(gl) {
						g = gl[i]
					}
					if i < len(wl) {
						w = wl[i]
					}
					if g != w {
						t.Fatalf("differs from %s at line %d:\n  got:  %q\n  want: %q", golden, i+1, g, w)
					}
				}
			}
		})
	}
}
