package pipeline

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vanban/extract"
)

// headerSeeds are the corpus text notices that have a header (a number).
func headerSeeds(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	var out []string
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		text := extract.Normalize(string(b))
		if parseDoc(text).Number.Raw != "" {
			out = append(out, text)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no corpus notices with a header in %s", corpusDir)
	}
	return out
}

func parseDoc(text string) *Notice {
	return Parse(&extract.Document{Path: "f.txt", Format: extract.FormatText, Encoding: "utf-8", Text: text})
}

// shuffleHeader rewrites the header zone of text (the lines above the type
// name) the ways real copies of one document differ, without changing what
// it says: cells on their own lines between "|" lines, columns run together
// with "|", tabs or runs of spaces, the date and number lines broken
// anywhere, the headings, the motto, "Số", the date line and the type
// name in other cases.
func shuffleHeader(text string, r *rand.Rand) string {
	lines := strings.Split(text, "\n")
	end := len(lines)
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if dt, n, ok := typeByName(t); ok && isUpperText(t[:n]) && dt.name != "" {
			end = i
			break
		}
	}
	if end == len(lines) {
		return text
	}
	var out []string
	for i := 0; i < end; i++ {
		t := strings.TrimSpace(lines[i])
		switch {
		case t == "":
		case isPlaceDate(t):
			t = caseShift(t, r)
			if f := strings.Fields(t); len(f) > 2 && r.Intn(2) == 0 {
				k := 1 + r.Intn(len(f)-1)
				t = strings.Join(f[:k], " ") + "\n" + strings.Join(f[k:], " ")
			}
		case numberWord.MatchString(t) && headerNumber.MatchString(t) && !isPlaceDate(t):
			w := []string{"Số", "SỐ", "số"}[r.Intn(3)]
			t = w + strings.TrimPrefix(strings.TrimPrefix(t, "Số"), "SỐ")
			if r.Intn(3) == 0 && strings.HasPrefix(t, w+":") {
				t = w + ":\n" + strings.TrimSpace(t[len(w)+1:])
			}
		default:
			if _, _, ok := headingOf(t); ok {
				t = caseShift(t, r)
			}
		}
		out = append(out, t)
	}
	// Separators between the zone's lines.
	var zone []string
	for i := 0; i < len(out); i++ {
		zone = append(zone, out[i])
		if i+1 < len(out) && out[i] != "" && !strings.Contains(out[i], "\n") && !strings.Contains(out[i+1], "\n") && out[i+1] != "" {
			switch r.Intn(5) {
			case 0:
				zone = append(zone, "|")
			case 1:
				if !isUpperText(out[i]) || !isUpperText(out[i+1]) {
					zone[len(zone)-1] += []string{" | ", "\t", "     "}[r.Intn(3)] + out[i+1]
					i++
				}
			}
		}
	}
	head := strings.Join(zone, "\n")
	typeLine := strings.TrimSpace(lines[end])
	if _, n, _ := typeByName(typeLine); n == len(typeLine) && r.Intn(2) == 0 {
		typeLine = strings.ToLower(typeLine)
	}
	return head + "\n" + typeLine + "\n" + strings.Join(lines[end+1:], "\n")
}

// caseShift writes s in upper, lower or title case.
func caseShift(s string, r *rand.Rand) string {
	switch r.Intn(3) {
	case 0:
		return strings.ToUpper(s)
	case 1:
		return strings.ToLower(s)
	}
	return s
}

// sameHeader compares the header fields of two records, case aside.
func sameHeader(a, b *Notice) bool {
	ha, hb := headerOf(a), headerOf(b)
	return strings.EqualFold(ha.issuer, hb.issuer) && strings.EqualFold(ha.parent, hb.parent) &&
		ha.kind == hb.kind && ha.raw == hb.raw && ha.typeCode == hb.typeCode && ha.issuerCode == hb.issuerCode &&
		ha.docCode == hb.docCode && strings.EqualFold(ha.place, hb.place) && ha.date == hb.date && strings.EqualFold(ha.title, hb.title)
}

// TestShuffledHeaders parses 400 shuffled copies of the corpus headers
// (fixed seeds) and requires the header fields of the unshuffled notice.
func TestShuffledHeaders(t *testing.T) {
	seeds := headerSeeds(t)
	n := 400
	if testing.Short() {
		n = 50
	}
	for k := 0; k < n; k++ {
		r := rand.New(rand.NewSource(int64(k)))
		text := seeds[k%len(seeds)]
		shuffled := shuffleHeader(text, r)
		want, got := parseDoc(text), parseDoc(shuffled)
		if !sameHeader(want, got) {
			t.Fatalf("seed %d:\n got %+v\nwant %+v\nheader:\n%s", k, headerOf(got), headerOf(want), firstLines(shuffled, 20))
		}
	}
}

// FuzzHeaderLayout is TestShuffledHeaders driven by the fuzzer:
// go test -run XXX -fuzz FuzzHeaderLayout ./pipeline
func FuzzHeaderLayout(f *testing.F) {
	seeds := headerSeeds(f)
	for i := range seeds {
		f.Add(uint8(i), int64(i))
	}
	f.Fuzz(func(t *testing.T, which uint8, seed int64) {
		text := seeds[int(which)%len(seeds)]
		shuffled := shuffleHeader(text, rand.New(rand.NewSource(seed)))
		want, got := parseDoc(text), parseDoc(shuffled)
		if !sameHeader(want, got) {
			t.Fatalf("got %+v\nwant %+v\nheader:\n%s", headerOf(got), headerOf(want), firstLines(shuffled, 20))
		}
	})
}

func firstLines(s string, n int) string {
	l := strings.Split(s, "\n")
	return strings.Join(l[:min(n, len(l))], "\n")
}
