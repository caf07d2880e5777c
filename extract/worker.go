package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
)

// PDF parsing runs in a child process: crafted files make the PDF library
// loop forever or die of a fatal out-of-memory error that recover cannot
// catch. The child is the running binary itself, started with workerEnv set;
// every binary that reads PDFs (vanban, the test binaries) calls
// RunWorkerIfChild first thing in main or TestMain.

const workerEnv = "VANBAN_EXTRACT_WORKER"

// WorkerLimits bounds one PDF worker process.
type WorkerLimits struct {
	Timeout time.Duration // wall-clock time for one file
	Memory  uint64        // address-space cap (RLIMIT_AS), bytes
	onPage  func()        // called per OCR'd page (ocr.go)
}

// DefaultWorkerLimits are the limits Read applies to each PDF.
var DefaultWorkerLimits = WorkerLimits{Timeout: 60 * time.Second, Memory: 3 << 30}

// MaxPDFSize is the largest PDF file Read accepts, in bytes.
const MaxPDFSize = 256 << 20

// workerResult is what a worker writes to its standard output.
type workerResult struct {
	pdfText
	Extractor string `json:"extractor"`
	Err       string `json:"error,omitempty"`
	NoText    bool   `json:"no_text,omitempty"`
	// OCR tells about the OCR'd pages (an OCR request only; ocr.go).
	OCR *ocrSummary `json:"ocr,omitempty"`
}

// The readers a worker may use: ledongthuc/pdf with PDFium as fallback,
// or PDFium alone (after a worker died on the first).
const (
	readerAuto   = "auto"
	readerPDFium = "pdfium"
)

// RunWorkerIfChild turns the process into a PDF worker when it was started
// as one: it reads a PDF on standard input, writes its text as JSON on
// standard output and exits. Otherwise it returns at once.
func RunWorkerIfChild() {
	config := os.Getenv(workerEnv)
	if config == "" {
		return
	}
	limit, reader, _ := strings.Cut(config, ":")
	var mem uint64
	fmt.Sscan(limit, &mem)
	if mem > 0 {
		// Go reserves address space lazily, so the cap applies to the heap
		// the parser builds; the soft limit makes the collector work first.
		_ = syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: mem, Max: mem})
		debug.SetMemoryLimit(int64(mem / 2))
	}
	data, err := io.ReadAll(io.LimitReader(os.Stdin, MaxPDFSize+1))
	var res workerResult
	if err != nil {
		res.Err = err.Error()
	} else if req, ok := strings.CutPrefix(reader, readerOCR); ok {
		res = readOCRWorker(data, req)
	} else {
		res = readWithFallback(data, reader)
	}
	if err := json.NewEncoder(os.Stdout).Encode(&res); err != nil {
		os.Exit(3)
	}
	os.Exit(0)
}

// readWithFallback reads data with ledongthuc/pdf and, where that fails
// (but not on a PDF without text), with PDFium; or with PDFium alone.
func readWithFallback(data []byte, reader string) workerResult {
	var res workerResult
	var err error
	if reader != readerPDFium {
		res.Extractor = "ledongthuc/pdf"
		res.pdfText, err = readPDFText(data)
		if err == nil || errors.Is(err, errNoText) {
			if err != nil {
				res.Err, res.NoText = err.Error(), true
			}
			return res
		}
		res.Notes = append(res.Notes, "read with PDFium: ledongthuc/pdf could not: "+err.Error())
	}
	first := err
	notes := res.Notes
	res = workerResult{Extractor: "pdfium"}
	res.pdfText, err = readPDFium(data)
	res.Notes = append(notes, res.Notes...)
	if err != nil {
		res.Err = err.Error()
		if first != nil {
			res.Err = first.Error() + "; " + err.Error()
		}
		res.NoText = errors.Is(err, errNoText)
	}
	return res
}

// runPDFWorker extracts a PDF's text in a child process under lim, with
// the given reader.
func runPDFWorker(data []byte, lim WorkerLimits, reader string) (*workerResult, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot start the PDF worker: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), lim.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d:%s", workerEnv, lim.Memory, reader), "GOMAXPROCS=1")
	cmd.Stdin = bytes.NewReader(data)
	var stdout bytes.Buffer
	var stderr headBuffer
	cmd.Stdout = &stdout
	cmd.Stderr = stderrFor(&stderr, lim.onPage)
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	switch {
	case ctx.Err() != nil:
		return nil, fmt.Errorf("%w: the PDF reader gave up after %s", ErrUnreadable, lim.Timeout)
	case err != nil:
		msg := stderr.String()
		if strings.Contains(msg, "out of memory") || strings.Contains(msg, "cannot allocate memory") {
			return nil, fmt.Errorf("%w: the PDF reader ran out of memory (limit %d MiB)", ErrUnreadable, lim.Memory>>20)
		}
		if i := strings.Index(msg, "\n"); i > 0 {
			msg = msg[:i]
		}
		return nil, fmt.Errorf("%w: the PDF reader failed (%v) %s", ErrUnreadable, err, strings.TrimSpace(msg))
	}
	var res workerResult
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("%w: the PDF reader's output is unreadable: %v", ErrUnreadable, err)
	}
	return &res, nil
}

// headBuffer keeps the first 4 KiB written to it: the error message.
type headBuffer struct{ bytes.Buffer }

func (t *headBuffer) Write(p []byte) (int, error) {
	if room := 4096 - t.Len(); room > 0 {
		if len(p) > room {
			t.Buffer.Write(p[:room])
		} else {
			t.Buffer.Write(p)
		}
	}
	return len(p), nil
}
