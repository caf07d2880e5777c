package main

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"vanban/index"
	"vanban/pipeline"
)

//go:embed web
var webFiles embed.FS

// runServe is "vanban serve [--data DIR] [--addr HOST:PORT] [--searches N]
// [--queue N] [--timeout D] [-q]".
//
// The server holds the archive as its writer: a vanban ingest started
// while it runs hands it the notices (endpoint.go), and its searches see
// them once each batch is committed. An archive that an ingest is already
// writing is served once that ingest ends.
func runServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve")
	data := dataFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	searches := fs.Int("searches", runtime.NumCPU(), "searches run at once")
	queue := fs.Int("queue", defaultQueue*runtime.NumCPU(), "searches waiting for a turn (at most 0.5 s) before 503")
	timeout := fs.Duration("timeout", defaultTimeout, "time limit of a request's search")
	quiet := fs.Bool("q", false, "no request log")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *searches < 1 || *queue < 0 || *timeout <= 0 {
		return fmt.Errorf("%w: --searches must be at least 1, --queue at least 0, --timeout positive", errUsage)
	}
	if _, err := os.Stat(filepath.Join(*data, "index", "index_meta.json")); err != nil {
		return fmt.Errorf("%s: %w", *data, index.ErrNoArchive)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	arch, err := createWaiting(ctx, *data, stderr)
	if err != nil {
		return err
	}
	defer arch.Close()
	tuneForServe()
	if err := arch.Warm(); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	ep, unpublish, err := publishEndpoint(*data, ln.Addr(), roleServe)
	if err != nil {
		ln.Close()
		return err
	}
	defer unpublish()
	logger := log.New(stderr, "vanban: ", log.LstdFlags)
	h, err := newServer(arch, logger)
	if err != nil {
		return err
	}
	s := h.(*server)
	s.rpc = &rpcHandler{arch: arch, token: ep.Token, writable: true, log: logger}
	s.limit, s.timeout = newLimiter(*searches, *queue, queueWait), *timeout
	if !*quiet {
		s.reqLog = &requestLog{w: stderr}
	}
	srv := newHTTPServer(h)
	fmt.Fprintf(stderr, "vanban: serving %s on http://%s/ (Ctrl-C to stop)\n", *data, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	// What an ingest added and did not commit (it was killed) is committed
	// here: its records are on disk, so the index may list them.
	tick := time.NewTicker(commitEvery)
	defer tick.Stop()
loop:
	for {
		select {
		case err := <-errc:
			return err
		case <-ctx.Done():
			break loop
		case <-tick.C:
			if err := arch.Commit(); err != nil {
				logger.Printf("commit: %v", err)
			}
		}
	}
	fmt.Fprintln(stderr, "vanban: shutting down")
	unpublish()
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shut)
	if cerr := arch.Commit(); err == nil {
		err = cerr
	}
	if cerr := arch.Close(); err == nil {
		err = cerr
	}
	return err
}

// commitEvery is how often vanban serve commits what ingests added
// without committing.
const commitEvery = 2 * time.Second

// createWaiting opens dir as its writer, waiting while another process
// (an ingest, a reindex) writes it.
func createWaiting(ctx context.Context, dir string, stderr io.Writer) (*index.Archive, error) {
	said := false
	for {
		arch, err := index.Create(dir)
		if !errors.Is(err, index.ErrBusy) {
			return arch, err
		}
		if !said {
			fmt.Fprintf(stderr, "vanban: %s is being written by another vanban process; serving it once that ends (Ctrl-C to give up)\n", dir)
			said = true
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(time.Second):
		}
	}
}

// newHTTPServer wraps h with the limits every response is served under.
func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
}

// server serves an archive, read-only: the search page, notice pages,
// source downloads and the JSON API.
type server struct {
	arch    *index.Archive
	log     *log.Logger
	tmpl    map[string]*template.Template
	mux     *http.ServeMux
	issuers *issuerParents
	rpc     http.Handler // the endpoint's calls (endpoint.go); nil in tests

	limit   *limiter      // the searches at once; nil: no bound
	timeout time.Duration // a request's time limit; 0: none
	reqLog  *requestLog   // nil: no request log
}

// contentSecurityPolicy allows the page's own style sheet and font and
// nothing else: no scripts at all, no frames, forms only to itself.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

func newServer(arch *index.Archive, logger *log.Logger) (http.Handler, error) {
	s := &server{arch: arch, log: logger, tmpl: map[string]*template.Template{}, mux: http.NewServeMux(), issuers: newIssuerParents(),
		limit: newLimiter(runtime.NumCPU(), defaultQueue*runtime.NumCPU(), queueWait), timeout: defaultTimeout}
	go s.issuers.walk(arch.Dir(), logger)
	funcs := template.FuncMap{
		"mark":      func(s string) template.HTML { return template.HTML(s) }, // fragments are escaped by index
		"orDash":    orDash,
		"paras":     func(s string) []string { return strings.Split(s, "\n\n") },
		"add":       func(a, b int) int { return a + b },
		"kindName":  kindName,
		"number":    func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) },
		"vnDate":    vnDate,
		"typeLabel": typeLabel,
	}
	for _, page := range []string{"search", "notice", "error"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(webFiles, "web/layout.html", "web/"+page+".html")
		if err != nil {
			return nil, err
		}
		s.tmpl[page] = t
	}
	static, err := fs.Sub(webFiles, "web/static")
	if err != nil {
		return nil, err
	}
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", noListing(http.FileServer(http.FS(static)))))
	s.mux.HandleFunc("GET /{$}", s.limited(s.searchPage))
	s.mux.HandleFunc("GET /notices/{id}", s.limited(s.noticePage))
	s.mux.HandleFunc("GET /notices/{id}/source", s.source(false))
	s.mux.HandleFunc("GET /notices/{id}/original", s.source(true))
	s.mux.HandleFunc("GET /api/search", s.limited(s.apiSearch))
	s.mux.HandleFunc("GET /api/export", s.limited(s.export))
	s.mux.HandleFunc("GET /api/notices/{id}", s.apiNotice)
	s.mux.HandleFunc("GET /api/notices/{id}/source", s.source(false))
	s.mux.HandleFunc("GET /api/notices/{id}/original", s.source(true))
	s.mux.HandleFunc("GET /api/notices/{id}/citations", s.apiCitations)
	return s, nil
}

// ServeHTTP adds the security headers, refuses anything but GET and HEAD,
// and turns a panic into a 500 without a stack trace.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	lw := &logWriter{ResponseWriter: w, hits: -1}
	if s.reqLog != nil && !quietCall(r.URL.Path) {
		start := time.Now()
		defer func() { s.reqLog.line(start, r, lw) }()
	}
	s.serve(lw, r)
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v) // net/http closes the connection
			}
			s.log.Printf("%s %s: internal error: %v", r.Method, r.URL.Path, v)
			s.fail(w, r, http.StatusInternalServerError, "internal error")
		}
	}()
	if s.rpc != nil && strings.HasPrefix(r.URL.Path, rpcPrefix) {
		if r.URL.Path == rpcPrefix+"search" {
			s.limited(s.rpc.ServeHTTP)(w, r)
		} else {
			s.rpc.ServeHTTP(w, r)
		}
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		s.fail(w, r, http.StatusMethodNotAllowed, "this archive is read-only: only GET requests")
		return
	}
	if _, pattern := s.mux.Handler(r); pattern == "" {
		s.fail(w, r, http.StatusNotFound, "no such page")
		return
	}
	s.mux.ServeHTTP(w, r)
}

func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, rpcPrefix)
}

// fail answers with an error: JSON for the API, a page otherwise.
func (s *server) fail(w http.ResponseWriter, r *http.Request, code int, msg string) {
	if isAPI(r) {
		writeJSON(w, code, map[string]string{"error": msg})
		return
	}
	s.render(w, code, "error", map[string]any{"Title": http.StatusText(code), "Code": code, "Message": msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":"internal error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	w.Write(b.Bytes())
}

// render executes a page into a buffer first, so that a template error
// becomes a clean 500 rather than half a page.
func (s *server) render(w http.ResponseWriter, code int, page string, data any) {
	var b bytes.Buffer
	if err := s.tmpl[page].Execute(&b, data); err != nil {
		s.log.Printf("render %s: %v", page, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(b.Bytes())
}

func (s *server) apiSearch(w http.ResponseWriter, r *http.Request) {
	if _, res, ok := s.search(w, r); ok {
		writeJSON(w, http.StatusOK, res)
	}
}

// record loads the notice named by the request's {id}, answering 404 for an
// unknown or malformed id.
func (s *server) record(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	data, err := s.arch.RecordJSON(r.PathValue("id"))
	switch {
	case errors.Is(err, index.ErrNotFound):
		s.fail(w, r, http.StatusNotFound, "no notice with this id in the archive")
		return nil, false
	case err != nil:
		s.log.Printf("record %q: %v", r.PathValue("id"), err)
		s.fail(w, r, http.StatusInternalServerError, "the notice could not be read")
		return nil, false
	}
	return data, true
}

func (s *server) apiNotice(w http.ResponseWriter, r *http.Request) {
	data, ok := s.record(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(data)
}

// apiCitations answers the archive's notices a notice cites and those
// citing it (index.Citations).
func (s *server) apiCitations(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.record(w, r); !ok {
		return
	}
	n, err := s.arch.Record(r.PathValue("id"))
	var c *index.Citations
	if err == nil {
		c, err = s.arch.Citations(n)
	}
	if err != nil {
		s.log.Printf("citations %q: %v", r.PathValue("id"), err)
		s.fail(w, r, http.StatusInternalServerError, "the citations could not be read")
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// reference is a cited document, linked when the archive holds it.
type reference struct {
	pipeline.Reference
	URL string
}

// citer is a notice of the archive that cites the one shown.
type citer struct {
	Number, Date, Label, URL string
}

// citedBy lists the notices of the archive citing n (index.Citations:
// its number in any written form, the dates agreeing), at most limit,
// newest first.
func (s *server) citedBy(cit *index.Citations, limit int) []citer {
	var out []citer
	for _, c := range cit.CitedBy {
		if len(out) == limit {
			break
		}
		label := c.Title
		if label == "" {
			label = untitledLabel(&pipeline.Notice{Number: pipeline.Number{Raw: c.Number}, Date: c.Date})
		}
		out = append(out, citer{Number: c.Number, Date: vnDate(c.Date), Label: label, URL: "/notices/" + c.ID})
	}
	return out
}

// formatNames are the names of the source formats on the page.
var formatNames = map[string]string{"pdf": "PDF", "docx": "Word (DOCX)", "txt": "văn bản thuần (TXT)"}

func (s *server) noticePage(w http.ResponseWriter, r *http.Request) {
	data, ok := s.record(w, r)
	if !ok {
		return
	}
	var n pipeline.Notice
	if err := json.Unmarshal(data, &n); err != nil {
		s.log.Printf("record %s: %v", n.ID, err)
		s.fail(w, r, http.StatusInternalServerError, "the notice could not be read")
		return
	}
	s.issuers.add(n.Issuer.Name, n.Issuer.Parent)
	cit, err := s.arch.Citations(&n)
	if err != nil {
		s.log.Printf("citations of %s: %v", n.ID, err)
		cit = &index.Citations{}
	}
	var refs []reference
	for i, ref := range n.References {
		rf := reference{Reference: ref}
		if i < len(cit.References) && len(cit.References[i].IDs) > 0 {
			rf.URL = "/notices/" + cit.References[i].IDs[0]
		}
		refs = append(refs, rf)
	}
	var pretty bytes.Buffer
	json.Indent(&pretty, data, "", "  ")
	title, untitled := n.Title, false
	if title == "" {
		title, untitled = untitledLabel(&n), true
	}
	// The browser opens the original inline; a PDF at the page where the
	// header stands (the first: 36-HD/VPTW and 30/2020/NĐ-CP put the
	// header at the top of page one).
	original := ""
	switch n.Source.Format {
	case "pdf":
		original = "/notices/" + n.ID + "/original#page=1"
	case "txt":
		original = "/notices/" + n.ID + "/original"
	}
	s.render(w, http.StatusOK, "notice", map[string]any{
		"Title": title, "Untitled": untitled, "N": n, "Refs": refs, "CitedBy": s.citedBy(cit, 20), "JSON": pretty.String(),
		"File": filepath.Base(n.Source.Path), "Format": formatNames[n.Source.Format], "Size": fileSize(n.Source.Size),
		"Original": original, "Citation": citation(&n),
	})
}

// fileSize writes a size in bytes as people read it: "48 KB", "1,2 MB".
func fileSize(n int64) string {
	switch {
	case n <= 0:
		return ""
	case n < 1000:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1000*1000:
		return strconv.FormatInt((n+500)/1000, 10) + " KB"
	}
	return strings.Replace(strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64), ".", ",", 1) + " MB"
}

// sourceTypes are the Content-Types of the source formats.
var sourceTypes = map[string]string{"txt": "text/plain; charset=utf-8", "pdf": "application/pdf",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"doc":  "application/msword", "rtf": "application/rtf", "html": "text/html; charset=utf-8",
	"png": "image/png", "jpeg": "image/jpeg", "tiff": "image/tiff"}

// source serves a notice's original file: inline (the browser shows a PDF
// in its own viewer, a text file as text; a DOCX, which browsers do not
// show, still downloads) or as an attachment. The file is streamed
// (index.OpenSource checks it and SourceFile.WriteTo hashes it again on the
// way); if it changed meanwhile the response is cut off, so the client
// sees a failed download rather than other bytes.
func (s *server) source(inline bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sf, n, err := s.arch.OpenSource(r.PathValue("id"))
		switch {
		case errors.Is(err, index.ErrNotFound):
			s.fail(w, r, http.StatusNotFound, "no notice with this id in the archive")
			return
		case errors.Is(err, index.ErrSourceGone):
			s.fail(w, r, http.StatusGone, "the original file has moved or changed since it was ingested")
			return
		case err != nil:
			s.log.Printf("source %q: %v", r.PathValue("id"), err)
			s.fail(w, r, http.StatusInternalServerError, "the file could not be read")
			return
		}
		defer sf.Close()
		name := n.ID[:12] + "." + n.Source.Format
		if base := filepath.Base(n.Source.Path); base != "." && base != "/" {
			name = base
		}
		disposition := "attachment"
		// Browsers show PDF, text, web pages and images; a Word or RTF
		// file downloads even when asked for inline.
		if inline && !slices.Contains([]string{"docx", "doc", "rtf"}, n.Source.Format) {
			disposition = "inline"
			if n.Source.Format == "pdf" {
				// The browser's PDF viewer is a plugin frame inside the
				// response's document; the page's policy would block it.
				w.Header().Set("Content-Security-Policy", pdfSecurityPolicy)
			}
			if n.Source.Format == "html" {
				// A saved web page is someone else's markup: shown in a
				// sandbox, with no script, no request and no form.
				w.Header().Set("Content-Security-Policy", htmlSecurityPolicy)
			}
		}
		w.Header().Set("Content-Type", sourceTypes[n.Source.Format])
		w.Header().Set("Content-Disposition", mimeDisposition(disposition, name))
		w.Header().Set("Content-Length", strconv.FormatInt(sf.Size, 10))
		if r.Method == http.MethodHead {
			return
		}
		if _, err := sf.WriteTo(w); err != nil {
			s.log.Printf("source %s: %v", n.ID, err)
			panic(http.ErrAbortHandler) // cut the response off
		}
	}
}

// pdfSecurityPolicy is the policy of a PDF shown inline: the browser's
// viewer may run, nothing may frame it.
const pdfSecurityPolicy = "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// htmlSecurityPolicy is the policy of a saved web page shown inline: a
// sandbox of its own origin, its inline styles and nothing else.
const htmlSecurityPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"

// mimeDisposition is a Content-Disposition header (disposition "inline"
// or "attachment") naming the file (RFC 6266, with a UTF-8 filename* for
// Vietnamese names).
func mimeDisposition(disposition, name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r >= 0x7f || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf(`%s; filename="%s"; filename*=UTF-8''%s`, disposition, ascii, url.PathEscape(name))
}

func kindName(k string) string {
	switch k {
	case pipeline.KindParty:
		return "Văn bản của Đảng"
	case pipeline.KindState:
		return "Văn bản nhà nước"
	}
	return "Không rõ"
}

// noListing serves h's files but no directory listing: a path naming a
// folder (empty, or ending in "/") is not found.
func noListing(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}
