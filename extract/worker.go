package extract

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// PDF parsing runs in child processes: crafted files make the PDF library
// loop forever or die of a fatal out-of-memory error that recover cannot
// catch. A child is the running binary itself, started with workerEnv set;
// every binary that reads PDFs (vanban, the test binaries) calls
// RunWorkerIfChild first thing in main or TestMain.
//
// A worker serves one file after another, so that its start (some 20 ms
// for this binary) is paid once per worker, not per file. Each request
// keeps its own time limit: a worker that overruns it is killed, and one
// that dies (out of memory, a fatal error) is replaced; either costs only
// the file it was reading. The address-space cap holds for the worker's
// life, and a worker is retired after workerRequests files, so that no
// file inherits much of another's memory.

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

// Worker reuse: files served by one worker before it is retired, and how
// long an idle worker waits for the next file before it exits.
const (
	workerRequests = 200
	workerIdle     = 15 * time.Second
)

// workerRequest is the header of one request to a worker, a JSON line
// followed by Size bytes of PDF. New kinds of request add fields.
type workerRequest struct {
	Reader string `json:"reader"` // readerAuto, readerPDFium, or readerOCR and its request (ocr.go)
	Size   int    `json:"size"`
}

// workerResult is a worker's answer to one request: one JSON line.
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
// as one: it reads requests on standard input (a workerRequest line and
// the PDF's bytes), writes each PDF's text as a JSON line on standard
// output, and exits when its input ends. Otherwise it returns at once.
func RunWorkerIfChild() {
	config := os.Getenv(workerEnv)
	if config == "" {
		return
	}
	var mem uint64
	fmt.Sscan(config, &mem)
	if mem > 0 {
		// Go reserves address space lazily, so the cap applies to the heap
		// the parser builds; the soft limit makes the collector work first.
		limitAddressSpace(mem)
		debug.SetMemoryLimit(int64(mem / 2))
	}
	// The worker's heap is short-lived and capped: collect less often.
	debug.SetGCPercent(400)
	in := bufio.NewReaderSize(os.Stdin, 64<<10)
	out := bufio.NewWriterSize(os.Stdout, 64<<10)
	for {
		line, err := in.ReadSlice('\n')
		if err == io.EOF && len(line) == 0 {
			os.Exit(0)
		}
		var req workerRequest
		if err != nil || json.Unmarshal(line, &req) != nil || req.Size < 0 || req.Size > MaxPDFSize {
			fmt.Fprintln(os.Stderr, "bad worker request")
			os.Exit(2)
		}
		data := make([]byte, req.Size)
		if _, err := io.ReadFull(in, data); err != nil {
			os.Exit(2)
		}
		var res workerResult
		if ocr, ok := strings.CutPrefix(req.Reader, readerOCR); ok {
			res = readOCRWorker(data, ocr)
		} else {
			res = readWithFallback(data, req.Reader)
		}
		data = nil
		if err := json.NewEncoder(out).Encode(&res); err != nil || out.Flush() != nil {
			os.Exit(3)
		}
		// After a large file, give its memory back before the next.
		if req.Size > 8<<20 || len(res.Text) > 8<<20 {
			res = workerResult{}
			debug.FreeOSMemory()
		}
	}
}

// readWithFallback reads data with ledongthuc/pdf and, where that fails
// or finds no text, with PDFium; or with PDFium alone. "No text" from one
// reader is no verdict (ledongthuc/pdf cannot decode LZW streams, which
// PDF 1.2 writers used): only when neither finds text is the PDF taken
// for a scan.
func readWithFallback(data []byte, reader string) workerResult {
	var res workerResult
	var err error
	if reader != readerPDFium {
		res.Extractor = "ledongthuc/pdf"
		res.pdfText, err = readPDFText(data)
		if err == nil {
			return res
		}
		if errors.Is(err, errNoText) {
			res.Notes = append(res.Notes, "read with PDFium: ledongthuc/pdf found no text")
		} else {
			res.Notes = append(res.Notes, "read with PDFium: ledongthuc/pdf could not: "+err.Error())
		}
	}
	first := err
	firstPages := res.Pages
	notes := res.Notes
	res = workerResult{Extractor: "pdfium"}
	res.pdfText, err = readPDFium(data)
	res.Notes = append(notes, res.Notes...)
	if err != nil {
		res.Err = err.Error()
		if first != nil && !errors.Is(first, errNoText) {
			res.Err = first.Error() + "; " + err.Error()
		}
		res.NoText = errors.Is(err, errNoText) || (errors.Is(first, errNoText) && res.Pages == 0)
		if res.NoText {
			res.Err = errNoText.Error()
			res.Pages = max(res.Pages, firstPages)
		}
	}
	return res
}

// A pdfWorker is one worker process and the pipes to it.
type pdfWorker struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr *headBuffer
	exited chan struct{} // closed when the process has ended
	mem    uint64
	served int
	idle   *time.Timer // retires the worker while it waits in the pool
}

// workerPool holds the idle workers by their memory cap.
var workerPool struct {
	sync.Mutex
	idle map[uint64][]*pdfWorker
}

// workersStarted counts the worker processes started (for tests).
var workersStarted atomic.Int64

// startWorker starts a worker process with the memory cap mem.
func startWorker(mem uint64) (*pdfWorker, error) {
	workersStarted.Add(1)
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot start the PDF worker: %w", err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d", workerEnv, mem), "GOMAXPROCS=1")
	w := &pdfWorker{cmd: cmd, stderr: &headBuffer{}, exited: make(chan struct{}), mem: mem}
	cmd.Stderr = w.stderr
	if w.in, err = cmd.StdinPipe(); err != nil {
		return nil, fmt.Errorf("cannot start the PDF worker: %w", err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("cannot start the PDF worker: %w", err)
	}
	w.out = bufio.NewReaderSize(out, 64<<10)
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cannot start the PDF worker: %w", err)
	}
	go func() {
		cmd.Wait()
		close(w.exited)
	}()
	return w, nil
}

// takeWorker returns an idle worker with the memory cap mem, or a new one.
func takeWorker(mem uint64) (*pdfWorker, error) {
	workerPool.Lock()
	for list := workerPool.idle[mem]; len(list) > 0; list = workerPool.idle[mem] {
		w := list[len(list)-1]
		workerPool.idle[mem] = list[:len(list)-1]
		if !w.idle.Stop() {
			w.in.Close() // retiring already
			continue
		}
		select {
		case <-w.exited:
		default:
			workerPool.Unlock()
			return w, nil
		}
	}
	workerPool.Unlock()
	return startWorker(mem)
}

// putWorker returns a worker to the pool, or retires it after
// workerRequests files. An idle worker retires after workerIdle.
func putWorker(w *pdfWorker) {
	if w.served >= workerRequests {
		w.in.Close()
		return
	}
	workerPool.Lock()
	defer workerPool.Unlock()
	if workerPool.idle == nil {
		workerPool.idle = map[uint64][]*pdfWorker{}
	}
	workerPool.idle[w.mem] = append(workerPool.idle[w.mem], w)
	w.idle = time.AfterFunc(workerIdle, func() {
		workerPool.Lock()
		list := workerPool.idle[w.mem]
		for i, x := range list {
			if x == w {
				workerPool.idle[w.mem] = append(list[:i], list[i+1:]...)
				w.in.Close()
				break
			}
		}
		workerPool.Unlock()
	})
}

// kill ends a worker that overran its time or failed.
func (w *pdfWorker) kill() {
	w.cmd.Process.Kill()
	w.in.Close()
	<-w.exited
}

// runPDFWorker extracts a PDF's text in a worker process under lim, with
// the given reader.
func runPDFWorker(data []byte, lim WorkerLimits, reader string) (*workerResult, error) {
	w, err := takeWorker(lim.Memory)
	if err != nil {
		return nil, err
	}
	w.stderr.Reset()
	w.served++
	type answer struct {
		line []byte
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		head, _ := json.Marshal(workerRequest{Reader: reader, Size: len(data)})
		if _, err := w.in.Write(append(head, '\n')); err != nil {
			done <- answer{err: err}
			return
		}
		if _, err := w.in.Write(data); err != nil {
			done <- answer{err: err}
			return
		}
		// An OCR request's page markers come before its answer.
		line, err := w.out.ReadBytes('\n')
		for err == nil && string(line) == ocrPageMarker+"\n" {
			if lim.onPage != nil {
				lim.onPage()
			}
			line, err = w.out.ReadBytes('\n')
		}
		done <- answer{line, err}
	}()
	timer := time.NewTimer(lim.Timeout)
	defer timer.Stop()
	var a answer
	select {
	case a = <-done:
	case <-timer.C:
		w.kill()
		<-done
		return nil, fmt.Errorf("%w: the PDF reader gave up after %s", ErrUnreadable, lim.Timeout)
	}
	if a.err != nil {
		// The worker died: wait for its last words.
		w.kill()
		msg := w.stderr.String()
		if strings.Contains(msg, "out of memory") || strings.Contains(msg, "cannot allocate memory") {
			return nil, fmt.Errorf("%w: the PDF reader ran out of memory (limit %d MiB)", ErrUnreadable, lim.Memory>>20)
		}
		if i := strings.Index(msg, "\n"); i > 0 {
			msg = msg[:i]
		}
		status := "exited"
		if st := w.cmd.ProcessState; st != nil {
			status = st.String()
		}
		return nil, fmt.Errorf("%w: the PDF reader failed (%s) %s", ErrUnreadable, status, strings.TrimSpace(msg))
	}
	var res workerResult
	if err := json.Unmarshal(a.line, &res); err != nil {
		w.kill()
		return nil, fmt.Errorf("%w: the PDF reader's output is unreadable: %v", ErrUnreadable, err)
	}
	putWorker(w)
	return &res, nil
}

// headBuffer keeps the first 4 KiB written to it since its last Reset:
// the error message. The worker's stderr is copied into it while the
// caller reads it.
type headBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (t *headBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if room := 4096 - t.buf.Len(); room > 0 {
		if len(p) > room {
			t.buf.Write(p[:room])
		} else {
			t.buf.Write(p)
		}
	}
	return len(p), nil
}

func (t *headBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.String()
}

func (t *headBuffer) Reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Reset()
}
