package pipeline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"vanban/extract"
)

// Every file of a batch is read and parsed in a worker process (see
// extract.RunWorkerJob): a hostile file (a numbering bomb, 60 MB of dense
// citations) costs its own time and memory, bounded per file, never the
// run. The worker is the running binary; the job is registered when this
// package is loaded, so every binary that imports pipeline can serve it.
//
// A PDF or an image is read in the parent, whose own PDF and OCR workers
// bound it (and report OCR progress to it); its text alone is then parsed
// in the worker. Every other format is read and parsed there.

// fileJob is the name of the job that reads and parses one file.
const fileJob = "pipeline.read-parse"

func init() { extract.RegisterWorkerJob(fileJob, runFileJob) }

// jobRequest heads a file job's payload, one JSON line followed by the
// file's bytes, or by the text of Doc when it is set.
type jobRequest struct {
	Path string            `json:"path"`          // the path the record names
	Doc  *extract.Document `json:"doc,omitempty"` // already read: only parse it
}

// jobAnswer is a file job's answer: a record, or why there is none.
type jobAnswer struct {
	Notice *Notice `json:"notice,omitempty"`
	Err    string  `json:"error,omitempty"`
	// Refused names what a file that is not a document is, and Reason
	// says so ("an Excel workbook, not a document").
	Refused string `json:"refused,omitempty"`
	Reason  string `json:"reason,omitempty"`
}

// runFileJob is the worker's side of a file job.
func runFileJob(payload []byte) []byte {
	var ans jobAnswer
	head, body, ok := bytes.Cut(payload, []byte{'\n'})
	var req jobRequest
	if !ok || json.Unmarshal(head, &req) != nil {
		ans.Err = "bad file job request"
		return marshalAnswer(&ans)
	}
	doc := req.Doc
	if doc == nil {
		var err error
		doc, err = extract.ReadWith(req.Path, body, extract.Options{OCR: extract.OCRNever})
		if err != nil {
			if kind, ok := extract.RefusedKind(err); ok {
				ans.Refused = kind
				var nd *extract.NotDocumentError
				if errors.As(err, &nd) {
					ans.Reason = nd.Error()
				}
			} else {
				ans.Err = strings.TrimPrefix(err.Error(), req.Path+": ")
			}
			return marshalAnswer(&ans)
		}
	} else {
		doc.Text = string(body)
	}
	n, err := safeParse(doc)
	if err != nil {
		ans.Err = err.Error()
	} else {
		ans.Notice = n
	}
	return marshalAnswer(&ans)
}

func marshalAnswer(a *jobAnswer) []byte {
	out, err := json.Marshal(a)
	if err != nil {
		out, _ = json.Marshal(jobAnswer{Err: "cannot encode the record: " + err.Error()})
	}
	return out
}

// readInWorker reads and parses the file at path (data, its bytes) in a
// worker under lim; doc, if not nil, is the file already read, whose text
// is only parsed. A refusal comes back as an *extract.NotDocumentError, a
// limit overrun names the limit.
func readInWorker(path string, data []byte, doc *extract.Document, lim extract.WorkerLimits) (*Notice, error) {
	req := jobRequest{Path: path}
	body := data
	if doc != nil {
		d := *doc
		body, d.Text = []byte(d.Text), ""
		req.Doc = &d
	}
	head, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	payload := make([]byte, 0, len(head)+1+len(body))
	payload = append(append(append(payload, head...), '\n'), body...)
	line, err := extract.RunWorkerJob(fileJob, payload, lim)
	payload = nil
	switch {
	case errors.Is(err, extract.ErrTimeLimit):
		return nil, fmt.Errorf("reading and parsing took longer than the time limit of %s per file (%w)", effective(lim).Timeout, extract.ErrTimeLimit)
	case errors.Is(err, extract.ErrMemoryLimit):
		return nil, fmt.Errorf("reading and parsing needed more than the memory limit of %d MiB per file (%w)", effective(lim).Memory>>20, extract.ErrMemoryLimit)
	case err != nil:
		return nil, fmt.Errorf("the file worker %w", err)
	}
	var ans jobAnswer
	if err := json.Unmarshal(line, &ans); err != nil {
		return nil, fmt.Errorf("the file worker's answer is unreadable: %v", err)
	}
	switch {
	case ans.Refused != "":
		return nil, &refusal{kind: ans.Refused, reason: ans.Reason}
	case ans.Err != "":
		return nil, errors.New(ans.Err)
	case ans.Notice == nil:
		return nil, errors.New("the file worker gave no record")
	}
	return ans.Notice, nil
}

// refusal is a worker's answer that a file is not a document.
type refusal struct{ kind, reason string }

func (r *refusal) Error() string { return r.reason }

// effective fills lim's zero fields with extract.DefaultFileLimits.
func effective(lim extract.WorkerLimits) extract.WorkerLimits {
	if lim.Timeout <= 0 {
		lim.Timeout = extract.DefaultFileLimits.Timeout
	}
	if lim.Memory == 0 {
		lim.Memory = extract.DefaultFileLimits.Memory
	}
	return lim
}
