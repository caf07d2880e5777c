package main

// One writer, many readers: the process that holds an archive's writer
// lock (vanban serve, or a vanban ingest when no server runs) publishes an
// endpoint in the archive folder, and the other commands go through it
// instead of opening the index, which Bleve lets only one process hold
// while it writes. See README, "Search while ingesting".

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"vanban/index"
	"vanban/pipeline"
)

// endpointFile is the endpoint's file in the archive folder, readable by
// its owner only (mode 0600): whoever reads the token may write the archive.
const endpointFile = "serve.json"

// rpcPrefix is the path of the endpoint's calls, beside the web pages.
const rpcPrefix = "/_vanban/"

// Endpoint roles.
const (
	roleServe  = "serve"  // vanban serve: reads, and takes the notices of ingests
	roleIngest = "ingest" // a vanban ingest writing itself: reads only
)

// endpoint is the content of serve.json.
type endpoint struct {
	Addr  string `json:"addr"`  // host:port on loopback
	Token string `json:"token"` // 64 hex digits, sent as "Authorization: Bearer TOKEN"
	PID   int    `json:"pid"`
	Role  string `json:"role"` // roleServe or roleIngest
}

// publishEndpoint writes serve.json for a listener at addr and returns the
// endpoint and a function that removes the file (if it is still ours).
// The file is written beside its place and renamed, so a reader never sees
// half of it.
func publishEndpoint(dir string, addr net.Addr, role string) (*endpoint, func(), error) {
	var tok [32]byte
	if _, err := rand.Read(tok[:]); err != nil {
		return nil, nil, err
	}
	host := addr.String()
	if ta, ok := addr.(*net.TCPAddr); ok && (ta.IP == nil || ta.IP.IsUnspecified()) {
		host = net.JoinHostPort("127.0.0.1", fmt.Sprint(ta.Port))
	}
	ep := &endpoint{Addr: host, Token: hex.EncodeToString(tok[:]), PID: os.Getpid(), Role: role}
	data, _ := json.Marshal(ep)
	f, err := os.CreateTemp(dir, ".serve-*.json") // mode 0600
	if err != nil {
		return nil, nil, err
	}
	_, err = f.Write(append(data, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	path := filepath.Join(dir, endpointFile)
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	remove := func() {
		if cur, err := readEndpoint(dir); err == nil && cur.Token == ep.Token {
			os.Remove(path)
		}
	}
	return ep, remove, nil
}

// readEndpoint reads dir's serve.json.
func readEndpoint(dir string) (*endpoint, error) {
	data, err := os.ReadFile(filepath.Join(dir, endpointFile))
	if err != nil {
		return nil, err
	}
	var ep endpoint
	if err := json.Unmarshal(data, &ep); err != nil || ep.Addr == "" || ep.Token == "" {
		return nil, fmt.Errorf("%s: not an endpoint file", filepath.Join(dir, endpointFile))
	}
	return &ep, nil
}

// rpcHandler answers the endpoint's calls on arch. All take the token;
// the writing calls (has, add, commit) only when writable.
type rpcHandler struct {
	arch     *index.Archive
	token    string
	writable bool
	log      *log.Logger
}

// addRequest is the body of POST /_vanban/add: a parsed notice, its source
// bytes (base64 in JSON) and whether the archive keeps a copy of them.
type addRequest struct {
	Notice *pipeline.Notice `json:"notice"`
	Source []byte           `json:"source,omitempty"`
	Copy   bool             `json:"copy,omitempty"`
}

// maxAddBody bounds the body of an add: the largest source file and its
// record, in base64.
const maxAddBody = 1 << 30

func (h *rpcHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	auth := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if subtle.ConstantTimeCompare([]byte(auth), []byte(h.token)) != 1 {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "bad token"})
		return
	}
	q := r.URL.Query()
	var out any
	var err error
	switch name := strings.TrimPrefix(r.URL.Path, rpcPrefix); {
	case name == "ping":
		role := roleIngest
		if h.writable {
			role = roleServe
		}
		out = map[string]string{"role": role}
	case name == "search" && r.Method == http.MethodPost:
		var sq index.Query
		if err = json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&sq); err == nil {
			var res *index.Result
			if res, err = h.arch.SearchContext(r.Context(), sq); err == nil {
				setHits(w, res.Total)
				out = res
			}
		} else {
			err = fmt.Errorf("%w: %v", index.ErrBadQuery, err)
		}
	case name == "lookup":
		out, err = h.arch.Lookup(q.Get("key"))
	case name == "record":
		var data []byte
		if data, err = h.arch.RecordJSON(q.Get("id")); err == nil {
			w.Header().Set("Content-Type", "application/json")
			w.Write(data)
			return
		}
	case name == "citations":
		var n *pipeline.Notice
		if n, err = h.arch.Record(q.Get("id")); err == nil {
			out, err = h.arch.Citations(n)
		}
	case name == "twins":
		var n *pipeline.Notice
		if n, err = h.arch.Record(q.Get("id")); err == nil {
			var ids []string
			ids, err = h.arch.Twins(n)
			out = append([]string{}, ids...)
		}
	case name == "stats":
		out, err = h.arch.Stats()
	case !h.writable:
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "this endpoint reads only: another vanban ingest is writing the archive"})
		return
	case name == "has":
		var has bool
		has, err = h.arch.Has(q.Get("id"))
		out = map[string]bool{"has": has}
	case name == "add" && r.Method == http.MethodPost:
		var req addRequest
		if err = json.NewDecoder(http.MaxBytesReader(w, r.Body, maxAddBody)).Decode(&req); err != nil || req.Notice == nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("bad add request: %v", err)})
			return
		}
		err = h.arch.AddSource(req.Notice, req.Source, req.Copy)
		out = map[string]bool{"ok": true}
	case name == "commit" && r.Method == http.MethodPost:
		start := time.Now()
		if err = h.arch.Commit(); err == nil {
			// When an ingest's notices become visible, to the millisecond.
			h.log.Printf("committed an ingest's notices at %s (took %s)", time.Now().UTC().Format("15:04:05.000"), time.Since(start).Round(time.Millisecond))
		}
		out = map[string]bool{"ok": true}
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such call"})
		return
	}
	switch {
	case errors.Is(err, index.ErrNotFound):
		writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
	case errors.Is(err, index.ErrBadQuery):
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
	case errors.Is(err, context.DeadlineExceeded):
		w.Header().Set("Retry-After", retryAfter)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "the search took too long and was stopped"})
	case errors.Is(err, context.Canceled):
		// The caller has gone.
	case err != nil:
		h.log.Printf("%s %s: %v", r.Method, r.URL.Path, err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
	default:
		writeJSON(w, http.StatusOK, out)
	}
}

// remote is an archive reached through its writer's endpoint. It reads
// like an open *index.Archive and, when the writer is vanban serve, takes
// an ingest's notices (pipeline.Sink).
type remote struct {
	dir  string
	ep   *endpoint
	c    *http.Client
	copy bool // Add asks the server to keep a copy of each source
}

// dialEndpoint returns the endpoint of dir's writer if one answers, nil if
// there is none or it is gone (a process killed leaves its file behind).
func dialEndpoint(dir string) *remote {
	ep, err := readEndpoint(dir)
	if err != nil {
		return nil
	}
	r := &remote{dir: dir, ep: ep, c: &http.Client{Transport: &http.Transport{
		Proxy: nil, MaxIdleConnsPerHost: 64, IdleConnTimeout: 30 * time.Second,
	}}}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var pong struct{ Role string }
	if err := r.call(ctx, http.MethodGet, "ping", nil, nil, &pong); err != nil {
		return nil
	}
	ep.Role = pong.Role
	return r
}

// call sends one call and decodes its JSON answer into out (or copies the
// raw bytes when out is a *[]byte).
func (r *remote) call(ctx context.Context, method, name string, params url.Values, body any, out any) error {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(data)
	}
	u := "http://" + r.ep.Addr + rpcPrefix + name
	if len(params) > 0 {
		u += "?" + params.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+r.ep.Token)
	resp, err := r.c.Do(req)
	if err != nil {
		return fmt.Errorf("%s: the archive's %s process (pid %d): %w", r.dir, r.ep.Role, r.ep.PID, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s: the archive's %s process (pid %d): %w", r.dir, r.ep.Role, r.ep.PID, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct{ Error string }
		json.Unmarshal(data, &e)
		switch resp.StatusCode {
		case http.StatusNotFound:
			return index.ErrNotFound
		case http.StatusBadRequest:
			return fmt.Errorf("%w: %s", index.ErrBadQuery, strings.TrimPrefix(e.Error, index.ErrBadQuery.Error()+": "))
		}
		return fmt.Errorf("%s: the archive's %s process (pid %d): %s (%s)", r.dir, r.ep.Role, r.ep.PID, resp.Status, e.Error)
	}
	if raw, ok := out.(*[]byte); ok {
		*raw = data
		return nil
	}
	return json.Unmarshal(data, out)
}

func (r *remote) Dir() string  { return r.dir }
func (r *remote) Close() error { r.c.CloseIdleConnections(); return nil }

func (r *remote) Search(q index.Query) (*index.Result, error) {
	var res index.Result
	return &res, r.call(context.Background(), http.MethodPost, "search", nil, q, &res)
}

func (r *remote) Lookup(key string) ([]string, error) {
	var ids []string
	return ids, r.call(context.Background(), http.MethodGet, "lookup", url.Values{"key": {key}}, nil, &ids)
}

func (r *remote) RecordJSON(id string) ([]byte, error) {
	var data []byte
	return data, r.call(context.Background(), http.MethodGet, "record", url.Values{"id": {id}}, nil, &data)
}

func (r *remote) Record(id string) (*pipeline.Notice, error) {
	data, err := r.RecordJSON(id)
	if err != nil {
		return nil, err
	}
	var n pipeline.Notice
	if err := json.Unmarshal(data, &n); err != nil {
		return nil, fmt.Errorf("record %s: %w", id, err)
	}
	return &n, nil
}

func (r *remote) Citations(n *pipeline.Notice) (*index.Citations, error) {
	var c index.Citations
	return &c, r.call(context.Background(), http.MethodGet, "citations", url.Values{"id": {n.ID}}, nil, &c)
}

func (r *remote) Twins(n *pipeline.Notice) ([]string, error) {
	var ids []string
	return ids, r.call(context.Background(), http.MethodGet, "twins", url.Values{"id": {n.ID}}, nil, &ids)
}

func (r *remote) Stats() (*index.Stats, error) {
	var st index.Stats
	return &st, r.call(context.Background(), http.MethodGet, "stats", nil, nil, &st)
}

// Has, Add and Commit hand an ingest's notices to vanban serve
// (pipeline.Sink): the server writes the records, indexes them and commits
// when asked, as the archive would in the ingest's own process.
func (r *remote) Has(id string) (bool, error) {
	var out struct{ Has bool }
	err := r.call(context.Background(), http.MethodGet, "has", url.Values{"id": {id}}, nil, &out)
	return out.Has, err
}

func (r *remote) Add(n *pipeline.Notice, source []byte) error {
	req := addRequest{Notice: n, Copy: r.copy}
	if r.copy {
		req.Source = source
	}
	var out struct{}
	return r.call(context.Background(), http.MethodPost, "add", nil, req, &out)
}

func (r *remote) Commit() error {
	var out struct{}
	return r.call(context.Background(), http.MethodPost, "commit", nil, struct{}{}, &out)
}

// archiveReader is what search, show and stats read: the archive opened
// read-only, or its writer's endpoint.
type archiveReader interface {
	Dir() string
	Search(q index.Query) (*index.Result, error)
	Lookup(key string) ([]string, error)
	RecordJSON(id string) ([]byte, error)
	Record(id string) (*pipeline.Notice, error)
	Citations(n *pipeline.Notice) (*index.Citations, error)
	Twins(n *pipeline.Notice) ([]string, error)
	Stats() (*index.Stats, error)
	Close() error
}

// openReader opens dir for reading: through its writer's endpoint when a
// process writes it, else read-only. A writer that has just taken the lock
// publishes its endpoint a moment later, so a busy archive is tried again
// for a few seconds.
func openReader(dir string) (archiveReader, error) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		if r := dialEndpoint(dir); r != nil {
			return r, nil
		}
		a, err := index.Open(dir)
		if err == nil {
			return a, nil
		}
		if !errors.Is(err, index.ErrBusy) || time.Now().After(deadline) {
			return nil, err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// openSink opens dir for an ingest: the archive itself, with a read
// endpoint published for search, show and stats while it runs; or, when
// vanban serve holds the archive, the server, which is handed the notices.
// close commits nothing the ingest has not committed, and unpublishes.
func openSink(dir string, copySources, quiet bool, stderr io.Writer) (sink pipeline.Sink, close func() error, err error) {
	arch, err := index.Create(dir)
	if err == nil {
		arch.CopySources = copySources
		stop, perr := serveReads(arch)
		if perr != nil {
			fmt.Fprintf(stderr, "vanban: warning: no read endpoint, so search, show and stats wait for this ingest: %v\n", perr)
			stop = func() {}
		}
		return arch, func() error { stop(); return arch.Close() }, nil
	}
	if !errors.Is(err, index.ErrBusy) {
		return nil, nil, err
	}
	r := dialEndpoint(dir)
	if r == nil || r.ep.Role != roleServe {
		return nil, nil, err
	}
	r.copy = copySources
	if !quiet {
		fmt.Fprintf(stderr, "vanban: %s is held by vanban serve (pid %d at %s); handing it the notices\n", dir, r.ep.PID, r.ep.Addr)
	}
	return r, r.Close, nil
}

// serveReads publishes a read-only endpoint on arch for the other commands
// while this process writes it, and returns the function that stops it.
func serveReads(arch *index.Archive) (func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ep, unpublish, err := publishEndpoint(arch.Dir(), ln.Addr(), roleIngest)
	if err != nil {
		ln.Close()
		return nil, err
	}
	srv := newHTTPServer(&rpcHandler{arch: arch, token: ep.Token, log: log.New(io.Discard, "", 0)})
	go srv.Serve(ln)
	return func() {
		unpublish()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}
