//go:build linux

// The benchmark runs on Linux only: .ci/bench-index installs Debian's
// sqlite3, and it reads the child's peak memory from its rusage.

// Command benchindex is the archive's benchmark harness. It generates
// realistic synthetic notices from the real ones in testdata/corpus,
// ingests them with vanban's own pipeline and index (in a child process,
// whose peak memory it reads), then times a fixed list of queries with and
// without diacritics (every one with the four facets) and runs the same
// corpus and queries through SQLite FTS5 (unicode61 remove_diacritics 2,
// Debian's sqlite3) for comparison. It prints each figure, its target and
// the ratios.
//
// Usage:
//
//	go run ./cmd/benchindex [-n 100000] [-dir DIR] [-reps 10] [-keep]
//
// .ci/bench-index installs sqlite3 and runs it.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"vanban/extract"
	"vanban/index"
	"vanban/pipeline"
)

const (
	childEnv   = "VANBAN_BENCH_INGEST"
	oneShotEnv = "VANBAN_BENCH_ONESHOT"    // the child answers one search, as a one-shot vanban search does
	profileEnv = "VANBAN_BENCH_CPUPROFILE" // the ingest's CPU profile, if set
)

// commitEvery is the ingest's records per commit.
var commitEvery = 500

// benchQuery is one query of the fixed list.
type benchQuery struct {
	text       string
	typ        string
	from, to   string
	issuerCode string
}

var queries = []benchQuery{
	{text: "nông thôn mới"}, {text: "nong thon moi"},
	{text: `"nông thôn mới"`}, {text: `"nong thon moi"`},
	{text: "kinh tế xã hội"}, {text: "kinh te xa hoi"},
	{text: "Tiền Giang"}, {text: "tien giang"},
	{text: "đảng viên"}, {text: "dang vien"},
	{text: "cải cách hành chính"}, {text: "cai cach hanh chinh"},
	{text: "phát triển kinh tế", typ: "TB"}, {text: "phat trien kinh te", typ: "TB"},
	{text: "ngân sách", from: "2018-01-01", to: "2020-12-31"}, {text: "ngan sach", from: "2018-01-01", to: "2020-12-31"},
	{text: "Bí thư Tỉnh ủy", issuerCode: "TU"}, {text: "bi thu tinh uy", issuerCode: "TU"},
	{text: "quốc phòng an ninh"}, {text: "quoc phong an ninh"},
	{text: "chuyển đổi số"}, {text: "chuyen doi so"},
	{text: "thiên tai sạt lở"}, {text: "thien tai sat lo"},
}

func main() {
	extract.RunWorkerIfChild()
	if os.Getenv(oneShotEnv) == "1" {
		if err := oneShot(os.Args[1], os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "benchindex:", err)
			os.Exit(1)
		}
		return
	}
	if os.Getenv(childEnv) == "1" {
		commitEvery, _ = strconv.Atoi(os.Args[3])
		childIngest(os.Args[1], os.Args[2])
		return
	}
	n := flag.Int("n", 100000, "notices to generate and ingest")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "vanban-bench"), "work folder")
	reps := flag.Int("reps", 10, "times each query runs")
	corpus := flag.String("corpus", "testdata/corpus", "real notices the synthetic ones are built from")
	keep := flag.Bool("keep", false, "keep the work folder")
	skipFTS := flag.Bool("no-fts5", false, "skip the SQLite FTS5 comparison")
	commit := flag.Int("commit", 500, "records per index commit, as vanban ingest --commit")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the ingest to this file")
	flag.BoolVar(&reuse, "reuse", false, "time the queries on the archive a previous -keep run left in -dir (no generation, no ingest, no FTS5)")
	flag.Parse()
	commitEvery = *commit
	if *cpuProfile != "" {
		os.Setenv(profileEnv, *cpuProfile)
	}
	if err := run(*n, *dir, *reps, *corpus, *keep, *skipFTS); err != nil {
		fmt.Fprintln(os.Stderr, "benchindex:", err)
		os.Exit(1)
	}
}

// reuse: time the queries on an archive left by an earlier run.
var reuse bool

func run(n int, dir string, reps int, corpus string, keep, skipFTS bool) error {
	docs := filepath.Join(dir, "corpus")
	data := filepath.Join(dir, "archive")
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	if reuse {
		text, idx := duBytes(docs), duBytes(filepath.Join(data, "index"))
		fmt.Printf("the archive of an earlier run: index %.0f MB = %.2f× the text (%.0f MB)\n", float64(idx)/1e6, float64(idx)/float64(text), float64(text)/1e6)
		return timeQueries(exe, data, reps)
	}
	if !keep {
		defer os.RemoveAll(dir)
	}
	start := time.Now()
	textBytes, err := generate(corpus, docs, n)
	if err != nil {
		return err
	}
	fmt.Printf("generated %d notices, %.1f MB of text, in %s\n", n, float64(textBytes)/1e6, time.Since(start).Round(time.Second))

	os.RemoveAll(data)
	cmd := exec.Command(exe, data, docs, strconv.Itoa(commitEvery))
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stderr = os.Stderr
	start = time.Now()
	out, err := cmd.Output()
	wall := time.Since(start)
	if err != nil {
		return fmt.Errorf("ingest: %v", err)
	}
	var rep struct{ Ingested, Failed int }
	if err := json.Unmarshal(out, &rep); err != nil {
		return fmt.Errorf("ingest output: %v", err)
	}
	peak := int64(0)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		peak = ru.Maxrss * 1024
	}
	idxSize := duBytes(filepath.Join(data, "index"))
	allSize := duBytes(data)
	rate := float64(rep.Ingested) / wall.Seconds()

	fmt.Printf("\nvanban (%d notices, %d failed)\n", rep.Ingested, rep.Failed)
	fmt.Printf("  ingest rate        %8.0f notices/s   target ≥ 500\n", rate)
	fmt.Printf("  peak memory        %8.0f MiB         target < 1024\n", float64(peak)/(1<<20))
	fmt.Printf("  index on disk      %8.0f MB = %.2f× the text   target ≤ 3×  (with records and source copies: %.0f MB)\n",
		float64(idxSize)/1e6, float64(idxSize)/float64(textBytes), float64(allSize)/1e6)
	// The ingest leaves gigabytes of written pages for the kernel to
	// flush: flush them now, not while queries are timed.
	syscall.Sync()
	if err := timeQueries(exe, data, reps); err != nil {
		return err
	}
	p50, p99 := lastP50, lastP99
	if skipFTS {
		return nil
	}
	f50, f99, ftsSize, ftsLoad, err := benchFTS5(dir, data, reps)
	if err != nil {
		return fmt.Errorf("fts5: %v", err)
	}
	fone, err := ftsOneShots(filepath.Join(dir, "fts5.db"))
	if err != nil {
		return fmt.Errorf("fts5: %v", err)
	}
	fmt.Printf("\nSQLite FTS5 (unicode61 remove_diacritics 2), same corpus and queries, hits + the same four facets\n")
	fmt.Printf("  load               %8.1f s\n", ftsLoad.Seconds())
	fmt.Printf("  database on disk   %8.0f MB = %.2f× the text\n", float64(ftsSize)/1e6, float64(ftsSize)/float64(textBytes))
	fmt.Printf("  query p50          %8.2f ms\n", ms(f50))
	fmt.Printf("  query p99          %8.2f ms\n", ms(f99))
	fmt.Printf("  one-shot search    %8.0f ms          (a sqlite3 process, the same query, hits and facets; median)\n", ms(fone))
	fmt.Printf("\nratios vanban/FTS5: p50 %.2f, p99 %.2f (target ≤ 2), size %.2f\n", ms(p50)/ms(f50), ms(p99)/ms(f99), float64(idxSize)/float64(ftsSize))
	return nil
}

// lastP50 and lastP99 are timeQueries' figures, for the FTS5 ratios.
var lastP50, lastP99 time.Duration

// timeQueries opens the archive at data as vanban serve does (its garbage
// collector setting, the search columns built first), runs the queries
// reps times and prints their figures, the first run of each apart (the
// phrase checks' cache makes later runs of a phrase cheaper), then the
// one-shot process figure.
func timeQueries(exe, data string, reps int) error {
	start := time.Now()
	tuneGC(index.IngestMemory, index.SearchGCPercent) // as vanban serve does
	arch, err := index.Open(data)
	if err != nil {
		return err
	}
	defer arch.Close()
	if err := arch.Warm(); err != nil {
		return err
	}
	warm := time.Since(start)
	var lat []time.Duration
	perQuery := make([][]time.Duration, len(queries))
	totals := make([]uint64, len(queries))
	for r := 0; r < reps; r++ {
		for i, q := range queries {
			t0 := time.Now()
			res, err := arch.Search(index.Query{Text: q.text, Type: q.typ, From: q.from, To: q.to, Issuer: q.issuerCode, Fragments: true})
			if err != nil {
				return fmt.Errorf("query %q: %v", q.text, err)
			}
			d := time.Since(t0)
			lat = append(lat, d)
			perQuery[i] = append(perQuery[i], d)
			totals[i] = res.Total
		}
	}
	p50, p99 := percentile(lat, 50), percentile(lat, 99)
	fmt.Printf("\nper query (median of %d runs; hits found):\n", reps)
	for i, q := range queries {
		filter := ""
		switch {
		case q.typ != "":
			filter = " --type " + q.typ
		case q.from != "":
			filter = " --from " + q.from + " --to " + q.to
		case q.issuerCode != "":
			filter = " --issuer " + q.issuerCode
		}
		fmt.Printf("  %8.1f ms %7d  %s%s\n", ms(percentile(perQuery[i], 50)), totals[i], q.text, filter)
	}

	first := make([]time.Duration, len(queries))
	for i := range queries {
		first[i] = perQuery[i][0]
	}
	fmt.Printf("  first runs: p50 %.2f ms, p99 %.2f ms (each query's first run; its later runs may use the phrase cache)\n", ms(percentile(first, 50)), ms(percentile(first, 99)))
	lastP50, lastP99 = p50, p99
	fmt.Printf("  open and warm-up   %8.0f ms          (once, before the first query; vanban serve does it at start)\n", ms(warm))
	fmt.Printf("  query p50          %8.2f ms          target ≤ 5\n", ms(p50))
	fmt.Printf("  query p99          %8.2f ms          target ≤ 30\n", ms(p99))
	arch.Close()
	one, err := oneShots(exe, data)
	if err != nil {
		return err
	}
	fmt.Printf("  one-shot search    %8.0f ms          target < 100 (process life: open, one query with facets and fragments, exit; median)\n", ms(one))

	return nil
}

// oneShotQueries are the queries a one-shot process answers, each timed
// oneShotRuns times.
var oneShotQueries = []string{"nông thôn mới", "dang vien", "quốc phòng an ninh"}

const oneShotRuns = 5

// oneShot is the child of oneShots: open the archive, answer one query
// with facets and fragments, print the total.
func oneShot(data, text string) error {
	arch, err := index.Open(data)
	if err != nil {
		return err
	}
	defer arch.Close()
	res, err := arch.Search(index.Query{Text: text, Fragments: true})
	if err != nil {
		return err
	}
	fmt.Println(res.Total)
	return nil
}

// oneShots times whole processes answering one query each, from start to
// exit, and returns the median.
func oneShots(exe, data string) (time.Duration, error) {
	var ds []time.Duration
	for r := 0; r < oneShotRuns; r++ {
		for _, q := range oneShotQueries {
			cmd := exec.Command(exe, data, q)
			cmd.Env = append(os.Environ(), oneShotEnv+"=1")
			t0 := time.Now()
			if out, err := cmd.CombinedOutput(); err != nil {
				return 0, fmt.Errorf("one-shot %q: %v %s", q, err, out)
			}
			ds = append(ds, time.Since(t0))
		}
	}
	return percentile(ds, 50), nil
}

// ftsOneShots times sqlite3 processes answering the same queries (hits
// and the four facets) and returns the median.
func ftsOneShots(db string) (time.Duration, error) {
	var ds []time.Duration
	for r := 0; r < oneShotRuns; r++ {
		for _, text := range oneShotQueries {
			match, where := ftsQuery(benchQuery{text: text})
			var script strings.Builder
			fmt.Fprintf(&script, "SELECT d.id, snippet(fts, 1, '<mark>', '</mark>', '…', 20) FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH %s%s ORDER BY bm25(fts, 2.0, 1.0, 1.0) LIMIT 10;\n", sq(match), where)
			for _, col := range []string{index.FacetType, index.FacetIssuer, index.FacetYear, index.FacetSigner} {
				fmt.Fprintf(&script, "SELECT d.%s, count(*) FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH %s%s GROUP BY d.%s ORDER BY 2 DESC LIMIT 15;\n", col, sq(match), where, col)
			}
			cmd := exec.Command("sqlite3", db)
			cmd.Stdin = strings.NewReader(script.String())
			t0 := time.Now()
			if out, err := cmd.CombinedOutput(); err != nil {
				return 0, fmt.Errorf("one-shot %q: %v %s", text, err, out)
			}
			ds = append(ds, time.Since(t0))
		}
	}
	return percentile(ds, 50), nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration{}, ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	if i > 0 {
		i--
	}
	return s[i]
}

// generate writes n notices under dir (1000 a folder) unless a previous
// run left exactly them, and returns their total size.
func generate(corpus, dir string, n int) (int64, error) {
	marker := filepath.Join(dir, "COUNT")
	if b, err := os.ReadFile(marker); err == nil && strings.TrimSpace(string(b)) == strconv.Itoa(n)+" v2" {
		return duBytes(dir), nil
	}
	os.RemoveAll(dir)
	g, err := newGenerator(corpus, 1)
	if err != nil {
		return 0, err
	}
	var total int64
	for i := 0; i < n; i++ {
		sub := filepath.Join(dir, fmt.Sprintf("%03d", i/1000))
		if i%1000 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return 0, err
			}
		}
		text := g.notice(i)
		total += int64(len(text))
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("tb-%06d.txt", i)), []byte(text), 0o644); err != nil {
			return 0, err
		}
	}
	return total, os.WriteFile(marker, []byte(strconv.Itoa(n)+" v2"), 0o644)
}

// childIngest ingests docs into data exactly as vanban ingest does and
// prints the counts as JSON.
func childIngest(data, docs string) {
	tuneGC(index.IngestMemory, index.IngestGCPercent) // as vanban ingest does
	if path := os.Getenv(profileEnv); path != "" {
		f, err := os.Create(path)
		if err == nil {
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	arch, err := index.Create(data)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	rep, err := pipeline.Ingest(context.Background(), []string{docs}, nil, arch, pipeline.BatchOptions{CommitEvery: commitEvery})
	if cerr := arch.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	json.NewEncoder(os.Stdout).Encode(map[string]int{"Ingested": rep.Ingested, "Failed": rep.Failed})
}

func duBytes(root string) int64 {
	var total int64
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	return total
}

// benchFTS5 loads the archive's records into SQLite FTS5 and times the
// same queries there: the top ten hits with snippets, and the four facets
// as GROUP BY queries over the matches.
func benchFTS5(dir, data string, reps int) (p50, p99 time.Duration, size int64, load time.Duration, err error) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		return 0, 0, 0, 0, fmt.Errorf("sqlite3 not found; apt-get install sqlite3")
	}
	db := filepath.Join(dir, "fts5.db")
	os.Remove(db)
	sqlPath := filepath.Join(dir, "load.sql")
	f, err := os.Create(sqlPath)
	if err != nil {
		return
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;")
	fmt.Fprintln(w, "CREATE TABLE docs(id INTEGER PRIMARY KEY, type TEXT, issuer TEXT, issuer_code TEXT, year TEXT, signer TEXT, date TEXT, title TEXT, body TEXT, meta TEXT);")
	id := 0
	err = index.WalkRecords(data, func(_ string, n *pipeline.Notice) error {
		id++
		year := ""
		if len(n.Date) >= 4 {
			year = n.Date[:4]
		}
		meta := strings.Join(append([]string{n.Number.Raw, n.Issuer.Parent, n.Issuer.Name, n.Signer.Mode + " " + n.Signer.OnBehalfOf, n.Signer.Position, n.Signer.Name}, n.Recipients...), "\n")
		fmt.Fprintf(w, "INSERT INTO docs VALUES(%d,%s,%s,%s,%s,%s,%s,%s,%s,%s);\n", id, sq(n.DocType.Code), sq(n.Issuer.Name), sq(n.Number.IssuerCode),
			sq(year), sq(n.Signer.Name), sq(n.Date), sq(n.Title), sq(n.Body), sq(meta))
		return nil
	})
	if err != nil {
		return
	}
	fmt.Fprintln(w, "CREATE VIRTUAL TABLE fts USING fts5(title, body, meta, content='docs', content_rowid='id', tokenize='unicode61 remove_diacritics 2');")
	fmt.Fprintln(w, "INSERT INTO fts(fts) VALUES('rebuild'); COMMIT;")
	w.Flush()
	f.Close()
	start := time.Now()
	if out, err2 := exec.Command("sqlite3", db, ".read "+sqlPath).CombinedOutput(); err2 != nil {
		return 0, 0, 0, 0, fmt.Errorf("load: %v %s", err2, out)
	}
	load = time.Since(start)
	os.Remove(sqlPath)
	fi, err := os.Stat(db)
	if err != nil {
		return
	}
	size = fi.Size()

	var script strings.Builder
	script.WriteString(".timer on\n.output /dev/null\n")
	for r := 0; r < reps; r++ {
		for _, q := range queries {
			match, where := ftsQuery(q)
			fmt.Fprintf(&script, "SELECT '@@';\n")
			fmt.Fprintf(&script, "SELECT d.id, snippet(fts, 1, '<mark>', '</mark>', '…', 20) FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH %s%s ORDER BY bm25(fts, 2.0, 1.0, 1.0) LIMIT 10;\n", sq(match), where)
			for _, col := range []string{index.FacetType, index.FacetIssuer, index.FacetYear, index.FacetSigner} {
				fmt.Fprintf(&script, "SELECT d.%s, count(*) FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH %s%s GROUP BY d.%s ORDER BY 2 DESC LIMIT 15;\n", col, sq(match), where, col)
			}
		}
	}
	cmd := exec.Command("sqlite3", db)
	cmd.Stdin = strings.NewReader(script.String())
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, 0, 0, 0, fmt.Errorf("queries: %v %s", err, out)
	}
	// .timer prints "Run Time: real R user U sys S" after each statement;
	// the five statements of a query follow its "@@" marker statement.
	runTime := regexp.MustCompile(`Run Time: real ([0-9.]+)`)
	var lat []time.Duration
	var cur time.Duration
	count := -1
	for _, line := range strings.Split(string(out), "\n") {
		m := runTime.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		secs, _ := strconv.ParseFloat(m[1], 64)
		count++
		if count%6 == 0 { // the marker statement
			if count > 0 {
				lat = append(lat, cur)
			}
			cur = 0
			continue
		}
		cur += time.Duration(secs * float64(time.Second))
	}
	if count > 0 {
		lat = append(lat, cur)
	}
	if len(lat) != reps*len(queries) {
		return 0, 0, 0, 0, fmt.Errorf("read %d timings, want %d", len(lat), reps*len(queries))
	}
	return percentile(lat, 50), percentile(lat, 99), size, load, nil
}

// ftsQuery writes q in FTS5 syntax with vanban's semantics as far as FTS5
// has them: the neighbouring unquoted words are one phrase, as quoted
// phrases are, and every phrase must match (FTS5 folds every word, so a
// word typed with diacritics does not narrow); the filters become
// conditions on the docs table.
func ftsQuery(q benchQuery) (match, where string) {
	var parts []string
	text := q.text
	for {
		i := strings.IndexByte(text, '"')
		if i < 0 {
			break
		}
		j := strings.IndexByte(text[i+1:], '"')
		if j < 0 {
			break
		}
		parts = append(parts, `"`+text[i+1:i+1+j]+`"`)
		text = text[:i] + text[i+2+j:]
	}
	if words := strings.Fields(text); len(words) > 0 {
		parts = append(parts, `"`+strings.Join(words, " ")+`"`)
	}
	match = strings.Join(parts, " AND ")
	if q.typ != "" {
		where += " AND d.type = " + sq(q.typ)
	}
	if q.issuerCode != "" {
		where += " AND d.issuer_code = " + sq(q.issuerCode)
	}
	if q.from != "" {
		where += " AND d.date >= " + sq(q.from) + " AND d.date <= " + sq(q.to)
	}
	return match, where
}

// sq quotes s as an SQL string literal.
func sq(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// tuneGC sets the collector as vanban's commands do (cmd/vanban/gc.go):
// a soft memory limit and a GOGC, unless GOMEMLIMIT or GOGC are set.
func tuneGC(limit int64, percent int) {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(percent)
	}
}
