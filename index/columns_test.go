package index

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestColumnsPersisted: the writer saves every segment's columns when it
// commits and closes; a reader loads them, equal to those built from the
// posting lists; a damaged or missing file is rebuilt, with the same
// search results.
func TestColumnsPersisted(t *testing.T) {
	ns := randomNotices(200, 7)
	a := segmentedArchive(t, ns, 45)
	dir := columnsDir(filepath.Join(a.Dir(), "index"))
	snap, err := a.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	if len(snap.Segments()) < 2 {
		t.Fatalf("%d segments", len(snap.Segments()))
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.cols"))
	if len(files) != len(snap.Segments()) {
		t.Errorf("%d column files for %d segments", len(files), len(snap.Segments()))
	}
	for _, ss := range snap.Segments() {
		path := filepath.Join(dir, segmentColumnsName(ss.Id()))
		loaded, err := loadColumns(path, ss.Segment().Count())
		if err != nil {
			t.Fatalf("segment %x: %v", ss.Id(), err)
		}
		built, err := buildColumns(ss.Segment())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(loaded, built) {
			t.Errorf("segment %x: the loaded columns differ from those built", ss.Id())
		}
		if _, err := loadColumns(path, ss.Segment().Count()+1); err == nil {
			t.Errorf("segment %x: columns of another document count accepted", ss.Id())
		}
	}
	q := Query{Text: "tiền", Limit: 50}
	want := runSearch(t, a, q)

	// Damaged, truncated and missing files: rebuilt, same answer.
	os.WriteFile(files[0], []byte("vanban columns 1\nxx"), 0o644)
	data, _ := os.ReadFile(files[1])
	os.WriteFile(files[1], data[:len(data)/2], 0o644)
	if len(files) > 2 {
		os.Remove(files[2])
	}
	b, err := Open(a.Dir())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	got := runSearch(t, b, q)
	if got.Total != want.Total || !reflect.DeepEqual(got.Facets, want.Facets) || !reflect.DeepEqual(ids(got), ids(want)) {
		t.Errorf("with damaged column files: %d hits %v, want %d %v", got.Total, got.Facets["type"], want.Total, want.Facets["type"])
	}
}
