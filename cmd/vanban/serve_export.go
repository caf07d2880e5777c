package main

// The export of a result list: CSV, JSON Lines, citation lines.

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"vanban/index"
	"vanban/pipeline"
)

// exportMax bounds an export: the first exportMax hits of a result list
// (a variable for the tests).
var exportMax = 10000

// exportRow is one notice of an export.
type exportRow struct {
	ID           string `json:"id"`
	Number       string `json:"number"`
	Date         string `json:"date"` // ISO
	Type         string `json:"type"`
	TypeName     string `json:"type_name"`
	Kind         string `json:"kind"`
	Issuer       string `json:"issuer"`
	IssuerParent string `json:"issuer_parent"`
	Title        string `json:"title"`
	Signer       string `json:"signer"`
	Pages        int    `json:"pages"`
	Citation     string `json:"citation"`
	URL          string `json:"url"`
}

// export writes the whole result list of a search (its first exportMax
// hits, in the search's order) as CSV (UTF-8 with a BOM, so that Excel
// reads Vietnamese), JSON Lines or one citation a line.
func (s *server) export(w http.ResponseWriter, r *http.Request) {
	p, err := readSearchParams(r.URL.Query())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	format := r.URL.Query().Get("format")
	types := map[string]string{"csv": "text/csv; charset=utf-8", "jsonl": "application/jsonl; charset=utf-8", "txt": "text/plain; charset=utf-8"}
	if format == "" {
		format = "csv"
	}
	if types[format] == "" {
		s.fail(w, r, http.StatusBadRequest, "format must be csv, jsonl or txt")
		return
	}
	q := p.query()
	q.Fragments, q.Limit, q.Page = false, index.MaxLimit, 1
	res, err := s.arch.SearchContext(r.Context(), q)
	if err != nil {
		s.searchFailed(w, r, err)
		return
	}
	setHits(w, res.Total)
	want := min(int(res.Total), exportMax)
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	h := w.Header()
	h.Set("Content-Type", types[format])
	h.Set("Content-Disposition", mimeDisposition("attachment", "vanban-"+time.Now().Format("2006-01-02")+"."+format))
	h.Set("X-Total-Count", strconv.FormatUint(res.Total, 10))
	h.Set("X-Export-Count", strconv.Itoa(want))
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	var cw *csv.Writer
	if format == "csv" {
		bw.WriteString("\ufeff")
		cw = csv.NewWriter(bw)
		cw.Write([]string{"Số, ký hiệu", "Ngày", "Ngày (ISO)", "Loại", "Mã loại", "Khối", "Cơ quan ban hành", "Cơ quan cấp trên", "Trích yếu", "Người ký", "Số trang", "Trích dẫn", "ID", "Liên kết"})
	}
	enc := json.NewEncoder(bw)
	for done := 0; done < want; {
		for _, h := range res.Hits {
			if done == want {
				break
			}
			done++
			n, err := s.arch.Record(h.ID)
			if err != nil {
				n = &pipeline.Notice{ID: h.ID, Number: pipeline.Number{Raw: h.Number}, Date: h.Date,
					DocType: pipeline.DocType{Code: h.Type}, Issuer: pipeline.Issuer{Name: h.Issuer}, Title: h.Title}
			}
			row := exportRow{ID: n.ID, Number: n.Number.Raw, Date: n.Date, Type: n.DocType.Code, TypeName: n.DocType.Name, Kind: n.Kind,
				Issuer: n.Issuer.Name, IssuerParent: n.Issuer.Parent, Title: n.Title, Signer: n.Signer.Name, Pages: n.Source.Pages,
				Citation: citation(n), URL: scheme + "://" + r.Host + "/notices/" + n.ID}
			switch format {
			case "csv":
				pages := ""
				if row.Pages > 0 {
					pages = strconv.Itoa(row.Pages)
				}
				cw.Write(spreadsheetSafe(row.Number, vnDate(row.Date), row.Date, row.TypeName, row.Type, kindLabel(row.Kind), row.Issuer,
					row.IssuerParent, row.Title, row.Signer, pages, row.Citation, row.ID, row.URL))
			case "jsonl":
				enc.Encode(row)
			case "txt":
				bw.WriteString(row.Citation + "\n")
			}
		}
		if done == want || len(res.Hits) == 0 {
			break
		}
		q.Page++
		if res, err = s.arch.SearchContext(r.Context(), q); err != nil {
			s.log.Printf("export: %v", err)
			break
		}
	}
	if cw != nil {
		cw.Flush()
	}
}

// spreadsheetSafe keeps a spreadsheet from reading a cell as a formula: a
// value beginning with =, +, -, @ or a control character gets a leading
// apostrophe (the OWASP advice on CSV injection).
func spreadsheetSafe(cells ...string) []string {
	for i, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			cells[i] = "'" + c
		}
	}
	return cells
}
