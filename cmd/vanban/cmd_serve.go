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
	"strconv"
	"strings"
	"syscall"
	"time"

	"vanban/index"
	"vanban/pipeline"
)

//go:embed web
var webFiles embed.FS

// runServe is "vanban serve [--data DIR] [--addr HOST:PORT]".
func runServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve")
	data := dataFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	arch, err := index.Open(*data)
	if err != nil {
		return err
	}
	defer arch.Close()
	index.TuneForSearch()
	if err := arch.Warm(); err != nil {
		return err
	}
	h, err := newServer(arch, log.New(stderr, "vanban: ", log.LstdFlags))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := newHTTPServer(h)
	fmt.Fprintf(stderr, "vanban: serving %s on http://%s/ (Ctrl-C to stop)\n", *data, ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(stderr, "vanban: shutting down")
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shut)
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
	arch *index.Archive
	log  *log.Logger
	tmpl map[string]*template.Template
	mux  *http.ServeMux
}

// contentSecurityPolicy allows the page's own style sheet and font and
// nothing else: no scripts at all, no frames, forms only to itself.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

func newServer(arch *index.Archive, logger *log.Logger) (http.Handler, error) {
	s := &server{arch: arch, log: logger, tmpl: map[string]*template.Template{}, mux: http.NewServeMux()}
	funcs := template.FuncMap{
		"mark":     func(s string) template.HTML { return template.HTML(s) }, // fragments are escaped by index
		"orDash":   orDash,
		"paras":    func(s string) []string { return strings.Split(s, "\n\n") },
		"add":      func(a, b int) int { return a + b },
		"kindName": kindName,
		"number":   func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) },
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
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServer(http.FS(static))))
	s.mux.HandleFunc("GET /{$}", s.searchPage)
	s.mux.HandleFunc("GET /notices/{id}", s.noticePage)
	s.mux.HandleFunc("GET /notices/{id}/source", s.source)
	s.mux.HandleFunc("GET /api/search", s.apiSearch)
	s.mux.HandleFunc("GET /api/notices/{id}", s.apiNotice)
	s.mux.HandleFunc("GET /api/notices/{id}/source", s.source)
	s.mux.HandleFunc("GET /api/notices/{id}/citations", s.apiCitations)
	return s, nil
}

// ServeHTTP adds the security headers, refuses anything but GET and HEAD,
// and turns a panic into a 500 without a stack trace.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	defer func() {
		if v := recover(); v != nil {
			s.log.Printf("%s %s: internal error: %v", r.Method, r.URL.Path, v)
			s.fail(w, r, http.StatusInternalServerError, "internal error")
		}
	}()
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

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

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

// searchParams are a search's state as the URL holds it.
type searchParams struct {
	Q, Type, Issuer, Signer, Kind, From, To, Sort string
	Page, Limit                                   int
	Apart                                         bool // apart=1: the words anywhere, not as a phrase
}

var errBadParam = errors.New("bad parameter")

func readSearchParams(v url.Values) (searchParams, error) {
	p := searchParams{Q: v.Get("q"), Type: v.Get("type"), Issuer: v.Get("issuer"), Signer: v.Get("signer"),
		Kind: v.Get("kind"), From: v.Get("from"), To: v.Get("to"), Sort: v.Get("sort"), Page: 1, Limit: 10,
		Apart: v.Get("apart") == "1"}
	for _, f := range []struct {
		name string
		dst  *int
		max  int
	}{{"page", &p.Page, index.MaxPage}, {"limit", &p.Limit, index.MaxLimit}} {
		raw := v.Get(f.name)
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > f.max {
			return p, fmt.Errorf("%w: %s must be a number from 1 to %d", errBadParam, f.name, f.max)
		}
		*f.dst = n
	}
	for _, s := range []string{p.Q, p.Type, p.Issuer, p.Signer, p.Kind} {
		if len(s) > index.MaxQueryLen {
			return p, fmt.Errorf("%w: a parameter is longer than %d bytes", errBadParam, index.MaxQueryLen)
		}
	}
	if p.Sort != "" && p.Sort != "date" && p.Sort != "relevance" {
		return p, fmt.Errorf("%w: sort must be relevance or date", errBadParam)
	}
	return p, nil
}

func (p searchParams) query() index.Query {
	q := index.Query{Text: p.Q, Type: p.Type, Issuer: p.Issuer, Signer: p.Signer, Kind: p.Kind, From: p.From, To: p.To,
		Page: p.Page, Limit: p.Limit, Fragments: true, ByDate: p.Sort == "date", Apart: p.Apart}
	if strings.TrimSpace(p.Q) == "" && p.Sort == "" {
		q.ByDate = true // browsing: newest first
	}
	return q
}

// url returns the search page URL for p with changes applied; an empty
// value removes a parameter. Changing anything but the page goes back to
// page 1.
func (p searchParams) url(changes ...string) string {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", p.Q)
	set("type", p.Type)
	set("issuer", p.Issuer)
	set("signer", p.Signer)
	set("kind", p.Kind)
	set("from", p.From)
	set("to", p.To)
	set("sort", p.Sort)
	if p.Apart {
		v.Set("apart", "1")
	}
	if p.Limit != 10 {
		v.Set("limit", strconv.Itoa(p.Limit))
	}
	page := p.Page
	for i := 0; i+1 < len(changes); i += 2 {
		k, val := changes[i], changes[i+1]
		if k == "page" {
			page, _ = strconv.Atoi(val)
			continue
		}
		page = 1
		if val == "" {
			v.Del(k)
		} else {
			v.Set(k, val)
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

// facetLink is one clickable facet value.
type facetLink struct {
	Value  string
	Count  int
	URL    string
	Active bool
}

type facetGroup struct {
	Name    string
	Label   string
	Links   []facetLink
	Current string // the value filtered on, if any
	Clear   string // URL without this facet's filter, when it is set
}

func (s *server) facets(p searchParams, res *index.Result) []facetGroup {
	var out []facetGroup
	for _, f := range []struct{ name, label, param string }{{"type", "Loại văn bản", "type"}, {"issuer", "Cơ quan ban hành", "issuer"}, {"year", "Năm", "year"}, {"signer", "Người ký", "signer"}} {
		g := facetGroup{Name: f.name, Label: f.label}
		current := map[string]string{"type": p.Type, "issuer": p.Issuer, "signer": p.Signer}[f.param]
		if f.param == "year" && len(p.From) == 10 && len(p.To) == 10 && p.From[:4] == p.To[:4] && p.From[4:] == "-01-01" && p.To[4:] == "-12-31" {
			current = p.From[:4]
		}
		for _, c := range res.Facets[f.name] {
			var u string
			if f.param == "year" {
				u = p.url("from", c.Value+"-01-01", "to", c.Value+"-12-31")
			} else {
				u = p.url(f.param, c.Value)
			}
			g.Links = append(g.Links, facetLink{Value: c.Value, Count: c.Count, URL: u, Active: c.Value == current})
		}
		g.Current = current
		if current != "" {
			if f.param == "year" {
				g.Clear = p.url("from", "", "to", "")
			} else {
				g.Clear = p.url(f.param, "")
			}
		}
		if len(g.Links) > 0 || g.Clear != "" {
			out = append(out, g)
		}
	}
	return out
}

// search runs the search the request's URL describes; on failure it has
// answered the request and returns ok false.
func (s *server) search(w http.ResponseWriter, r *http.Request) (p searchParams, res *index.Result, ok bool) {
	p, err := readSearchParams(r.URL.Query())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return p, nil, false
	}
	res, err = s.arch.Search(p.query())
	if err != nil {
		if errors.Is(err, index.ErrBadQuery) {
			s.fail(w, r, http.StatusBadRequest, strings.TrimPrefix(err.Error(), index.ErrBadQuery.Error()+": "))
		} else {
			s.log.Printf("search: %v", err)
			s.fail(w, r, http.StatusInternalServerError, "the search failed")
		}
		return p, nil, false
	}
	return p, res, true
}

func (s *server) searchPage(w http.ResponseWriter, r *http.Request) {
	p, res, ok := s.search(w, r)
	if !ok {
		return
	}
	pages := (int(res.Total) + p.Limit - 1) / p.Limit
	if pages > index.MaxPage {
		pages = index.MaxPage
	}
	data := map[string]any{
		"Title":  "Tìm kiếm",
		"P":      p,
		"Result": res,
		"Facets": s.facets(p, res),
		"Pages":  pages,
		"First":  (p.Page-1)*p.Limit + 1,
	}
	if p.Page > 1 {
		data["Prev"] = p.url("page", strconv.Itoa(p.Page-1))
	}
	if p.Page < pages {
		data["Next"] = p.url("page", strconv.Itoa(p.Page+1))
	}
	if p.Q != "" {
		data["Title"] = p.Q
	}
	// A phrase that found few notices: how many more the wider searches
	// find, each a link.
	type broader struct {
		More       uint64
		Kind, Text string
		URL        string
	}
	var wider []broader
	for _, b := range res.Broader {
		u := p.url("apart", "1")
		if b.Kind == "folded" {
			u = p.url("q", b.Text)
		}
		wider = append(wider, broader{More: b.More, Kind: b.Kind, Text: b.Text, URL: u})
	}
	data["Broader"] = wider
	if p.Apart {
		data["Together"] = p.url("apart", "")
	}
	s.render(w, http.StatusOK, "search", data)
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
	var refs []reference
	for _, ref := range n.References {
		rf := reference{Reference: ref}
		if ids, err := s.arch.Lookup(ref.Number); err == nil && len(ids) > 0 && ids[0] != n.ID {
			rf.URL = "/notices/" + ids[0]
		}
		refs = append(refs, rf)
	}
	var pretty bytes.Buffer
	json.Indent(&pretty, data, "", "  ")
	title := n.Title
	if title == "" {
		title = orDash(n.Number.Raw)
	}
	s.render(w, http.StatusOK, "notice", map[string]any{
		"Title": title, "N": n, "Refs": refs, "JSON": pretty.String(), "File": filepath.Base(n.Source.Path),
	})
}

func (s *server) source(w http.ResponseWriter, r *http.Request) {
	data, n, err := s.arch.Source(r.PathValue("id"))
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
	types := map[string]string{"txt": "text/plain; charset=utf-8", "pdf": "application/pdf",
		"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"doc":  "application/msword", "rtf": "application/rtf", "html": "text/html"}
	name := n.ID[:12] + "." + n.Source.Format
	if base := filepath.Base(n.Source.Path); base != "." && base != "/" {
		name = base
	}
	w.Header().Set("Content-Type", types[n.Source.Format])
	w.Header().Set("Content-Disposition", mimeAttachment(name))
	w.Write(data)
}

// mimeAttachment is a Content-Disposition header that downloads the file
// under name (RFC 6266, with a UTF-8 filename* for Vietnamese names).
func mimeAttachment(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r >= 0x7f || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(name))
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
