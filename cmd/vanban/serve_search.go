package main

// The search page: the search's state in the URL, the facets people read,
// the hits, the pager, the help when nothing is found.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"vanban/index"
	"vanban/pipeline"
)

// searchParams are a search's state as the URL holds it. From and To are
// ISO dates once read (the form may send dd/mm/yyyy).
type searchParams struct {
	Q, Type, Issuer, Signer, Kind, From, To, Sort string
	Page, Limit                                   int
	Apart                                         bool // apart=1: the words anywhere, not as a phrase
}

var errBadParam = errors.New("bad parameter")

func readSearchParams(v url.Values) (searchParams, error) {
	p := searchParams{Q: v.Get("q"), Type: v.Get("type"), Issuer: v.Get("issuer"), Signer: v.Get("signer"),
		Kind: v.Get("kind"), Sort: v.Get("sort"), Page: 1, Limit: 10, Apart: v.Get("apart") == "1"}
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
	var err error
	if p.From, err = parseDateParam("from", v.Get("from")); err != nil {
		return p, err
	}
	if p.To, err = parseDateParam("to", v.Get("to")); err != nil {
		return p, err
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

// values are the URL parameters of p with changes applied; an empty value
// removes a parameter. Changing anything but the page goes back to page 1.
func (p searchParams) values(changes ...string) url.Values {
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
	return v
}

// url returns the search page URL for p with changes applied (see values).
func (p searchParams) url(changes ...string) string {
	v := p.values(changes...)
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

// exportURL is the URL of the export of p's whole result list in format
// (csv, jsonl or txt).
func (p searchParams) exportURL(format string) string {
	v := p.values("page", "1")
	v.Del("limit")
	v.Set("format", format)
	return "/api/export?" + v.Encode()
}

// facetLink is one clickable facet value.
type facetLink struct {
	Value  string // the parameter's value
	Label  string // what the reader sees: "Thông báo (TB)"
	Count  int
	URL    string // "" when the value cannot be chosen
	Note   string // a tooltip saying what the link does, when it is not plain
	Active bool
}

type facetGroup struct {
	Name    string
	Label   string
	Links   []facetLink
	Current string // the filter's value, as the reader sees it, if set
	Chip    string // the active filter's chip: "Loại văn bản: Thông báo (TB)"
	Clear   string // URL without this facet's filter, when it is set
}

// count is the number of notices p's search matches with one change to
// its query.
func (s *server) count(ctx context.Context, p searchParams, change func(*index.Query)) (int, error) {
	q := p.query()
	change(&q)
	q.Page, q.Limit, q.Fragments = 1, 1, false
	res, err := s.arch.SearchContext(ctx, q)
	if err != nil {
		return 0, err
	}
	return int(res.Total), nil
}

// facets are the facet groups of the search page: type (names beside
// codes), year (newest first, and the notices without a date), kind,
// issuer (split by parent where two issuers share a name) and signer.
// The kind counts and the undated bucket cost a counting search each.
func (s *server) facets(ctx context.Context, p searchParams, res *index.Result) ([]facetGroup, error) {
	var out []facetGroup
	add := func(g facetGroup) {
		if g.Chip == "" && g.Current != "" {
			g.Chip = g.Label + ": " + g.Current
		}
		if len(g.Links) > 0 || g.Clear != "" {
			out = append(out, g)
		}
	}
	plain := func(name, label, param, current string, show func(string) string) facetGroup {
		g := facetGroup{Name: name, Label: label}
		for _, c := range res.Facets[name] {
			g.Links = append(g.Links, facetLink{Value: c.Value, Label: show(c.Value), Count: c.Count, URL: p.url(param, c.Value), Active: c.Value == current})
		}
		if current != "" {
			g.Current, g.Clear = show(current), p.url(param, "")
		}
		return g
	}
	same := func(v string) string { return v }
	add(plain(index.FacetType, "Loại văn bản", "type", p.Type, typeLabel))

	years := facetGroup{Name: index.FacetYear, Label: "Năm"}
	current := ""
	if len(p.From) == 10 && len(p.To) == 10 && p.From[:4] == p.To[:4] && p.From[4:] == "-01-01" && p.To[4:] == "-12-31" {
		current = p.From[:4]
	}
	counts := append([]index.FacetCount(nil), res.Facets[index.FacetYear]...)
	sort.Slice(counts, func(i, j int) bool { return counts[i].Value > counts[j].Value })
	for _, c := range counts {
		years.Links = append(years.Links, facetLink{Value: c.Value, Label: c.Value, Count: c.Count,
			URL: p.url("from", c.Value+"-01-01", "to", c.Value+"-12-31"), Active: c.Value == current})
	}
	if p.From == "" && p.To == "" && res.Total > 0 {
		// Undated notices: the index cannot filter on a missing date, but
		// they come last in the newest-first order, so the bucket links
		// to the page where they begin.
		dated, err := s.count(ctx, p, func(q *index.Query) { q.From = "0001-01-01" })
		if err != nil {
			return nil, err
		}
		if undated := int(res.Total) - dated; undated > 0 {
			l := facetLink{Value: "none", Label: "Không rõ ngày", Count: undated,
				Note: "Văn bản không ghi ngày đứng cuối danh sách xếp theo ngày: liên kết mở trang đầu tiên có chúng"}
			if page := dated/p.Limit + 1; page <= index.MaxPage {
				l.URL = searchParams{Q: p.Q, Type: p.Type, Issuer: p.Issuer, Signer: p.Signer, Kind: p.Kind, Sort: "date", Limit: p.Limit, Page: page}.url()
			}
			years.Links = append(years.Links, l)
		}
	}
	if current != "" {
		years.Current, years.Clear = current, p.url("from", "", "to", "")
	} else if p.From != "" || p.To != "" {
		years.Current, years.Clear = vnDate(p.From)+" – "+vnDate(p.To), p.url("from", "", "to", "")
		switch {
		case p.To == "":
			years.Current = "từ " + vnDate(p.From)
		case p.From == "":
			years.Current = "đến " + vnDate(p.To)
		}
		years.Chip = "Ngày: " + years.Current
	}
	add(years)

	kinds := facetGroup{Name: index.FacetKind, Label: "Khối"}
	if p.Kind != "" {
		kinds.Links = append(kinds.Links, facetLink{Value: p.Kind, Label: kindLabel(p.Kind), Count: int(res.Total), URL: p.url("kind", p.Kind), Active: true})
		kinds.Current, kinds.Clear = kindLabel(p.Kind), p.url("kind", "")
	} else if res.Total > 0 {
		for _, k := range []string{pipeline.KindParty, pipeline.KindState} {
			n, err := s.count(ctx, p, func(q *index.Query) { q.Kind = k })
			if err != nil {
				return nil, err
			}
			if n > 0 {
				kinds.Links = append(kinds.Links, facetLink{Value: k, Label: kindLabel(k), Count: n, URL: p.url("kind", k)})
			}
		}
	}
	add(kinds)

	issuers := facetGroup{Name: index.FacetIssuer, Label: "Cơ quan ban hành"}
	for _, c := range res.Facets[index.FacetIssuer] {
		parents := s.issuers.of(c.Value)
		if len(parents) < 2 {
			issuers.Links = append(issuers.Links, facetLink{Value: c.Value, Label: c.Value, Count: c.Count, URL: p.url("issuer", c.Value), Active: c.Value == p.Issuer})
			continue
		}
		// Two bodies print this name (BAN TỔ CHỨC of two party
		// committees): one line each, filtered on name and parent, which
		// the issuer filter matches together.
		rest := c.Count
		for _, parent := range parents {
			if parent == "" {
				continue
			}
			v := c.Value + " " + parent
			n, err := s.count(ctx, p, func(q *index.Query) { q.Issuer = v })
			if err != nil {
				return nil, err
			}
			if n > 0 {
				issuers.Links = append(issuers.Links, facetLink{Value: v, Label: c.Value + " — " + parent, Count: n, URL: p.url("issuer", v), Active: v == p.Issuer})
				rest -= n
			}
		}
		if rest > 0 {
			issuers.Links = append(issuers.Links, facetLink{Value: c.Value, Label: c.Value, Count: rest, URL: p.url("issuer", c.Value), Active: c.Value == p.Issuer,
				Note: "Kể cả văn bản của các cơ quan cùng tên"})
		}
	}
	if p.Issuer != "" {
		issuers.Current, issuers.Clear = p.Issuer, p.url("issuer", "")
	}
	add(issuers)
	add(plain(index.FacetSigner, "Người ký", "signer", p.Signer, same))
	return out, nil
}

// search runs the search the request's URL describes; on failure it has
// answered the request and returns ok false.
func (s *server) search(w http.ResponseWriter, r *http.Request) (p searchParams, res *index.Result, ok bool) {
	p, err := readSearchParams(r.URL.Query())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return p, nil, false
	}
	res, err = s.arch.SearchContext(r.Context(), p.query())
	if err != nil {
		s.searchFailed(w, r, err)
		return p, nil, false
	}
	setHits(w, res.Total)
	return p, res, true
}

// searchFailed answers a search that failed: 400 for a bad query, 500
// otherwise.
func (s *server) searchFailed(w http.ResponseWriter, r *http.Request, err error) {
	if s.searchStopped(w, r, err) {
		return
	}
	if errors.Is(err, index.ErrBadQuery) {
		s.fail(w, r, http.StatusBadRequest, strings.TrimPrefix(err.Error(), index.ErrBadQuery.Error()+": "))
		return
	}
	s.log.Printf("search: %v", err)
	s.fail(w, r, http.StatusInternalServerError, "the search failed")
}

// hitView is a hit as the search page shows it.
type hitView struct {
	index.Hit
	Label       string // the title; for an untitled notice, its type, number, issuer and date
	Untitled    bool
	VNDate      string // dd/mm/yyyy
	TypeName    string // "Thông báo"
	IssuerLabel string // the issuer, with its parent where two issuers share the name
	Citation    string
}

// hitViews reads the records of the page's hits for what the page shows
// besides the hit: type name, parent issuer, citation.
func (s *server) hitViews(hits []index.Hit) []hitView {
	out := make([]hitView, len(hits))
	for i, h := range hits {
		n, err := s.arch.Record(h.ID)
		if err != nil {
			n = &pipeline.Notice{ID: h.ID, Number: pipeline.Number{Raw: h.Number}, Date: h.Date,
				DocType: pipeline.DocType{Code: h.Type}, Issuer: pipeline.Issuer{Name: h.Issuer}, Title: h.Title}
		}
		s.issuers.add(n.Issuer.Name, n.Issuer.Parent)
		v := hitView{Hit: h, Label: h.Title, VNDate: vnDate(h.Date), TypeName: n.DocType.Name, IssuerLabel: h.Issuer, Citation: citation(n)}
		if n.Issuer.Parent != "" && len(s.issuers.of(n.Issuer.Name)) > 1 {
			v.IssuerLabel = n.Issuer.Name + " — " + n.Issuer.Parent
		}
		if strings.TrimSpace(v.Label) == "" {
			v.Untitled, v.Label = true, untitledLabel(n)
		}
		out[i] = v
	}
	return out
}

// untitledLabel names a notice without a trích yếu by what it has:
// "Thông báo số 12-TB/TU của Tỉnh ủy Tiền Giang, ngày 09/10/2024", else
// its file's name.
func untitledLabel(n *pipeline.Notice) string {
	if n.Number.Raw == "" && n.Date == "" && n.Issuer.Name == "" {
		if base := filepath.Base(n.Source.Path); base != "." && base != "/" && base != "" {
			return "Văn bản không có trích yếu: " + base
		}
		return "Văn bản không có trích yếu"
	}
	label := n.DocType.Name
	if label == "" {
		label = "Văn bản"
	}
	if n.Number.Raw != "" {
		label += " số " + n.Number.Raw
	}
	if is := bodyName(n.Issuer.Name); is != "" {
		label += " của " + is
	}
	if n.Date != "" {
		label += ", ngày " + vnDate(n.Date)
	}
	return label
}

// pageLink is one link of the pager.
type pageLink struct {
	Label   string
	URL     string // "" for the current page and for a gap
	Rel     string
	Current bool
}

// pager links the first and last pages, the previous and next, and the
// pages around the current one ("« ‹ 1 … 4 5 [6] 7 8 … 20 › »").
func pager(p searchParams, pages int) []pageLink {
	if pages <= 1 {
		return nil
	}
	to := func(n int) string { return p.url("page", strconv.Itoa(n)) }
	var out []pageLink
	if p.Page > 1 {
		out = append(out, pageLink{Label: "« Đầu", URL: to(1), Rel: "first"}, pageLink{Label: "‹ Trước", URL: to(p.Page - 1), Rel: "prev"})
	}
	lo, hi := max(1, p.Page-2), min(pages, p.Page+2)
	if lo > 1 {
		out = append(out, pageLink{Label: "1", URL: to(1)})
		if lo > 2 {
			out = append(out, pageLink{Label: "…"})
		}
	}
	for n := lo; n <= hi; n++ {
		l := pageLink{Label: strconv.Itoa(n), Current: n == p.Page}
		if !l.Current {
			l.URL = to(n)
		}
		out = append(out, l)
	}
	if hi < pages {
		if hi < pages-1 {
			out = append(out, pageLink{Label: "…"})
		}
		out = append(out, pageLink{Label: strconv.Itoa(pages), URL: to(pages)})
	}
	if p.Page < pages {
		out = append(out, pageLink{Label: "Sau ›", URL: to(p.Page + 1), Rel: "next"}, pageLink{Label: "Cuối »", URL: to(pages), Rel: "last"})
	}
	return out
}

// suggestion is a link offered on a page without results.
type suggestion struct{ Text, URL string }

// suggestions are the searches to try when p finds nothing: without each
// filter, without the diacritics, without the quotes.
func suggestions(p searchParams, facets []facetGroup) []suggestion {
	var out []suggestion
	for _, g := range facets {
		if g.Clear != "" {
			label, value, _ := strings.Cut(g.Chip, ": ")
			out = append(out, suggestion{"Bỏ lọc " + strings.ToLower(label) + ": " + value, g.Clear})
		}
	}
	for _, f := range []struct{ param, label, value string }{{"type", "loại văn bản", typeLabel(p.Type)}, {"signer", "người ký", p.Signer}, {"kind", "khối", kindLabel(p.Kind)}, {"issuer", "cơ quan ban hành", p.Issuer}} {
		set := map[string]string{"type": p.Type, "signer": p.Signer, "kind": p.Kind, "issuer": p.Issuer}[f.param]
		covered := false
		for _, s := range out {
			covered = covered || s.URL == p.url(f.param, "")
		}
		if set != "" && !covered {
			out = append(out, suggestion{"Bỏ lọc " + f.label + ": " + f.value, p.url(f.param, "")})
		}
	}
	if (p.From != "" || p.To != "") && !slices.ContainsFunc(out, func(s suggestion) bool { return s.URL == p.url("from", "", "to", "") }) {
		out = append(out, suggestion{"Bỏ khoảng ngày", p.url("from", "", "to", "")})
	}
	if folded := foldQuery(p.Q); folded != p.Q {
		out = append(out, suggestion{"Tìm không dấu: " + folded, p.url("q", folded)})
	}
	if strings.Contains(p.Q, `"`) {
		unq := strings.Join(strings.Fields(strings.ReplaceAll(p.Q, `"`, " ")), " ")
		out = append(out, suggestion{"Bỏ ngoặc kép: " + unq, p.url("q", unq)})
	}
	return out
}

// offers are the wider searches of a phrase that found few notices (see
// index.Result.Broader): its words apart, or in other spellings; and, when
// the words are searched apart, the way back to the phrase.
func offers(p searchParams, res *index.Result) []suggestion {
	var out []suggestion
	for _, b := range res.Broader {
		if b.Kind == "folded" {
			out = append(out, suggestion{fmt.Sprintf("Thêm %d văn bản viết khác dấu: tìm “%s”", b.More, b.Text), p.url("q", b.Text)})
		} else {
			out = append(out, suggestion{fmt.Sprintf("Thêm %d văn bản có các từ này đứng rời nhau", b.More), p.url("apart", "1")})
		}
	}
	if p.Apart {
		out = append(out, suggestion{"Đang tìm các từ đứng rời nhau · chỉ tìm cả cụm", p.url("apart", "")})
	}
	return out
}

func (s *server) searchPage(w http.ResponseWriter, r *http.Request) {
	// Dates typed as dd/mm/yyyy: the URL that is kept holds ISO dates.
	v := r.URL.Query()
	if p, err := readSearchParams(v); err == nil && (v.Get("from") != p.From || v.Get("to") != p.To) {
		http.Redirect(w, r, p.url(), http.StatusSeeOther)
		return
	}
	p, res, ok := s.search(w, r)
	if !ok {
		return
	}
	facets, err := s.facets(r.Context(), p, res)
	if err != nil {
		s.searchFailed(w, r, err)
		return
	}
	pages := (int(res.Total) + p.Limit - 1) / p.Limit
	if pages > index.MaxPage {
		pages = index.MaxPage
	}
	active := 0
	for _, g := range facets {
		if g.Clear != "" {
			active++
		}
	}
	data := map[string]any{
		"Title":  "Tìm kiếm",
		"P":      p,
		"Result": res,
		"Hits":   s.hitViews(res.Hits),
		"Facets": facets,
		"Active": active,
		"Pages":  pages,
		"Pager":  pager(p, pages),
		"First":  (p.Page-1)*p.Limit + 1,
		"Offers": offers(p, res),
		"Export": map[string]string{
			"CSV": p.exportURL("csv"), "JSONL": p.exportURL("jsonl"), "TXT": p.exportURL("txt"),
		},
		"ExportMax":   exportMax,
		"Truncated":   int(res.Total) > exportMax,
		"FromVN":      vnDate(p.From),
		"ToVN":        vnDate(p.To),
		"DatePattern": datePattern,
	}
	if res.Total == 0 {
		data["Suggestions"] = suggestions(p, facets)
	}
	if p.Q != "" {
		data["Title"] = p.Q
	}
	s.render(w, http.StatusOK, "search", data)
}

// datePattern is what the date boxes accept: dd/mm/yyyy (or d/m/yyyy, with
// "-" or "."), or ISO.
const datePattern = `\s*(\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{4}|\d{4}-\d{2}-\d{2})\s*`

// issuerParents knows, for each issuer name, the bodies printed above it
// in the archive's records ("" for none), so that a name two bodies share
// ("BAN TỔ CHỨC") is shown with its parent. It is filled from the record
// files in the background when the server starts, and from every record
// the server reads.
type issuerParents struct {
	mu      sync.RWMutex
	parents map[string]map[string]bool
	ready   chan struct{} // closed when the first walk is done
}

func newIssuerParents() *issuerParents {
	return &issuerParents{parents: map[string]map[string]bool{}, ready: make(chan struct{})}
}

func (ip *issuerParents) add(name, parent string) {
	if name == "" {
		return
	}
	ip.mu.RLock()
	known := ip.parents[name][parent]
	ip.mu.RUnlock()
	if known {
		return
	}
	ip.mu.Lock()
	defer ip.mu.Unlock()
	if ip.parents[name] == nil {
		ip.parents[name] = map[string]bool{}
	}
	ip.parents[name][parent] = true
}

// of lists the parents of name in order ("" first when some notices of
// this name have none).
func (ip *issuerParents) of(name string) []string {
	ip.mu.RLock()
	defer ip.mu.RUnlock()
	out := make([]string, 0, len(ip.parents[name]))
	for p := range ip.parents[name] {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// walk reads the issuer of every record file under dir/records; a file
// that does not read is skipped (the search shows what it can).
func (ip *issuerParents) walk(dir string, logger *log.Logger) {
	defer close(ip.ready)
	err := filepath.WalkDir(filepath.Join(dir, "records"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		var r struct {
			Issuer pipeline.Issuer `json:"issuer"`
		}
		if json.Unmarshal(data, &r) == nil {
			ip.add(r.Issuer.Name, r.Issuer.Parent)
		}
		return nil
	})
	if err != nil {
		logger.Printf("reading the issuers of the records: %v", err)
	}
}
