package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = "../../testdata/corpus/tien-giang-250-tb-tu.txt"

func runCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestParseOneFile(t *testing.T) {
	code, out, errs := runCmd(t, "", "parse", sample)
	if code != exitOK || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 {
		t.Fatalf("%d lines of output, want one JSON line", len(lines))
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	if rec["schema_version"] != "1" || rec["source"].(map[string]any)["path"] != sample {
		t.Errorf("record %v", rec["source"])
	}
	if num := rec["number"].(map[string]any)["raw"]; num != "250-TB/TU" {
		t.Errorf("number %v", num)
	}
}

func TestParsePretty(t *testing.T) {
	code, out, _ := runCmd(t, "", "parse", "--pretty", sample)
	if code != exitOK || !strings.Contains(out, "\n  \"schema_version\": \"1\",") {
		t.Fatalf("exit %d, output not indented:\n%.200s", code, out)
	}
}

func TestParseManyWithFailures(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	pdf := filepath.Join(dir, "scan.pdf")
	os.WriteFile(empty, nil, 0o644)
	os.WriteFile(pdf, []byte("%PDF-1.7\n"), 0o644)
	missing := filepath.Join(dir, "missing.txt")
	code, out, errs := runCmd(t, "", "parse", sample, empty, missing, pdf, "../../testdata/corpus/web-010.txt")
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	if n := strings.Count(strings.TrimSpace(out), "\n") + 1; n != 2 {
		t.Errorf("%d records, want the 2 good files", n)
	}
	for _, f := range []string{empty, missing, pdf} {
		if !strings.Contains(errs, f) {
			t.Errorf("stderr does not name %s:\n%s", f, errs)
		}
	}
}

func TestParseStdin(t *testing.T) {
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCmd(t, string(data), "parse", "-")
	if code != exitOK || !strings.Contains(out, `"raw":"250-TB/TU"`) {
		t.Fatalf("exit %d: %.200s", code, out)
	}
}

// TestUsageErrors: a usage error is one line and a hint on stderr, exit 2;
// no command at all prints the whole usage.
func TestUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		hint string
	}{
		{nil, "Usage:"},
		{[]string{"frobnicate"}, "Run 'vanban help' for usage."},
		{[]string{"parse"}, "Run 'vanban parse --help' for usage."},
		{[]string{"parse", "--nope", sample}, "Run 'vanban parse --help' for usage."},
		{[]string{"search", "--bogus", "x"}, "Run 'vanban search --help' for usage."},
	} {
		code, out, errs := runCmd(t, "", tt.args...)
		if code != exitUsage || out != "" || !strings.Contains(errs, tt.hint) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", tt.args, code, out, errs)
		}
		if tt.args != nil && (strings.Count(strings.TrimSpace(errs), "\n") != 1 || strings.Contains(errs, "Usage:")) {
			t.Errorf("%q: want one line and a hint, got %q", tt.args, errs)
		}
	}
}

// TestHelpAndFlagOrder checks that every subcommand's --help prints the
// usage on stdout and exits 0, and that flags may follow the files, as in
// "vanban parse FILE --pretty".
func TestHelpAndFlagOrder(t *testing.T) {
	for _, cmd := range []string{"parse", "text", "ingest", "search", "show", "stats", "reindex", "rm", "serve"} {
		for _, args := range [][]string{{cmd, "--help"}, {cmd, "-h"}, {"help", cmd}} {
			code, out, errs := runCmd(t, "", args...)
			// The command's own usage: its synopsis and its flags.
			if code != exitOK || !strings.Contains(out, "Usage:\n  vanban "+cmd) || !strings.Contains(out, "-data") && cmd != "parse" && cmd != "text" || errs != "" {
				t.Errorf("%q: exit %d, stdout %.80q, stderr %q", args, code, out, errs)
			}
		}
	}
	if code, out, _ := runCmd(t, "", "help", "schema"); code != exitOK || !strings.Contains(out, "vanban schema") {
		t.Errorf("help schema: exit %d, %q", code, out)
	}
	code, out, errs := runCmd(t, "", "parse", sample, "--pretty")
	if code != exitOK || !strings.Contains(out, "\n  \"schema_version\": \"1\"") {
		t.Errorf("parse FILE --pretty: exit %d, %.80q, %s", code, out, errs)
	}
}

func TestSchemaAndVersion(t *testing.T) {
	code, out, _ := runCmd(t, "", "schema")
	var v map[string]any
	if code != exitOK || json.Unmarshal([]byte(out), &v) != nil || v["title"] == nil {
		t.Errorf("schema: exit %d, %.100s", code, out)
	}
	if code, out, _ := runCmd(t, "", "version"); code != exitOK || !strings.Contains(out, "schema 1") {
		t.Errorf("version: exit %d, %q", code, out)
	}
}
