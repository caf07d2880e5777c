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
	Reader string `json:"reader,omitempty"` // readerAuto, readerPDFium, or readerOCR and its request (ocr.go)
	Job    string `json:"job,omitempty"`    // a job registered with RegisterWorkerJob, instead of a reader
	Size   int    `json:"size"`
}

// maxRequestSize is the most bytes a request carries: a file of
// MaxFileSize and a header a job puts before it.
const maxRequestSize = MaxFileSize + 1<<20

// Errors of RunWorkerJob (and, wrapped in ErrUnreadable, of the PDF
// reader): the worker overran a limit of WorkerLimits, or died.
var (
	ErrTimeLimit   = errors.New("over the time limit")
	ErrMemoryLimit = errors.New("over the memory limit")
	ErrWorkerDied  = errors.New("the worker process died")
)

// workerJobs are the jobs a worker runs, by name (RegisterWorkerJob).
var workerJobs = map[string]func([]byte) []byte{}

// RegisterWorkerJob makes fn a job a worker process can run, under name:
// RunWorkerJob(name, payload, lim) runs fn(payload) in a worker and
// returns its result. fn must return one line of JSON (json.Marshal's
// output) and must not keep payload. Register jobs from a package's init,
// so that a worker (the same binary, started afresh) knows them before
// RunWorkerIfChild runs; a name registered twice panics.
func RegisterWorkerJob(name string, fn func(payload []byte) []byte) {
	if _, dup := workerJobs[name]; dup || name == "" {
		panic("extract: worker job " + name + " registered twice")
	}
	workerJobs[name] = fn
}

// RunWorkerJob runs the job registered as name on payload in a worker
// process bounded by lim (zero fields take DefaultFileLimits), reusing an
// idle worker of the same memory cap. A job that overruns its time is
// killed (ErrTimeLimit), one that runs out of memory dies (ErrMemoryLimit),
// and one that dies otherwise (a fatal error, a signal) gives
// ErrWorkerDied; each error names the limit, and costs only this job.
func RunWorkerJob(name string, payload []byte, lim WorkerLimits) ([]byte, error) {
	if lim.Timeout <= 0 {
		lim.Timeout = DefaultFileLimits.Timeout
	}
	if lim.Memory == 0 {
		lim.Memory = DefaultFileLimits.Memory
	}
	if len(payload) > maxRequestSize {
		return nil, fmt.Errorf("%w: a request of %d bytes (the limit is %d)", ErrTooLarge, len(payload), maxRequestSize)
	}
	return exchange(workerRequest{Job: name}, payload, lim)
}

// DefaultFileLimits bound a job of RunWorkerJob (reading and parsing one
// file) when its caller sets none. The memory cap is the PDF worker's, so
// that one pool of workers serves both: it caps address space, of which
// an idle worker of this binary already reserves some 1.6 GB (measured
// with /proc/PID/status, VmSize), which leaves a heap of about 1.4 GB.
var DefaultFileLimits = WorkerLimits{Timeout: 120 * time.Second, Memory: 3 << 30}

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
		if err != nil || json.Unmarshal(line, &req) != nil || req.Size < 0 || req.Size > maxRequestSize {
			fmt.Fprintln(os.Stderr, "bad worker request")
			os.Exit(2)
		}
		data := make([]byte, req.Size)
		if _, err := io.ReadFull(in, data); err != nil {
			os.Exit(2)
		}
		if req.Job != "" {
			answer := runJob(req.Job, data)
			data = nil
			out.Write(answer)
			if err := out.WriteByte('\n'); err != nil || out.Flush() != nil {
				os.Exit(3)
			}
			if req.Size > 8<<20 || len(answer) > 8<<20 {
				answer = nil
				debug.FreeOSMemory()
			}
			continue
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

// runJob runs the job name on data in the worker and returns its answer:
// one line. An unknown job or one whose answer is not a line is a bug of
// the caller; the worker answers with a JSON error.
func runJob(name string, data []byte) []byte {
	fn := workerJobs[name]
	if fn == nil {
		return []byte(`{"error":"no such worker job"}`)
	}
	answer := fn(data)
	if len(answer) == 0 || bytes.IndexByte(answer, '\n') >= 0 {
		return []byte(`{"error":"the worker job's answer is not one line"}`)
	}
	return answer
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
	line, err := exchange(workerRequest{Reader: reader}, data, lim)
	if err != nil {
		return nil, fmt.Errorf("%w: the PDF reader %w", ErrUnreadable, err)
	}
	var res workerResult
	if err := json.Unmarshal(line, &res); err != nil {
		return nil, fmt.Errorf("%w: the PDF reader's output is unreadable: %v", ErrUnreadable, err)
	}
	return &res, nil
}

// exchange sends one request (head, with data) to a worker with the
// memory cap lim.Memory and returns its answer line, killing the worker
// after lim.Timeout. The errors read after "the PDF reader" or "the file
// worker": "gave up after 1m0s (over the time limit)".
func exchange(head workerRequest, data []byte, lim WorkerLimits) ([]byte, error) {
	w, err := takeWorker(lim.Memory)
	if err != nil {
		return nil, err
	}
	w.stderr.Reset()
	w.served++
	head.Size = len(data)
	type answer struct {
		line []byte
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		h, _ := json.Marshal(head)
		if _, err := w.in.Write(append(h, '\n')); err != nil {
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
		return nil, fmt.Errorf("gave up after %s (%w)", lim.Timeout, ErrTimeLimit)
	}
	if a.err != nil {
		// The worker died: wait for its last words.
		w.kill()
		msg := w.stderr.String()
		if strings.Contains(msg, "out of memory") || strings.Contains(msg, "cannot allocate memory") {
			return nil, fmt.Errorf("ran out of memory (limit %d MiB) (%w)", lim.Memory>>20, ErrMemoryLimit)
		}
		if i := strings.Index(msg, "\n"); i > 0 {
			msg = msg[:i]
		}
		status := "exited"
		if st := w.cmd.ProcessState; st != nil {
			status = st.String()
		}
		return nil, fmt.Errorf("failed (%s) %s (%w)", status, strings.TrimSpace(msg), ErrWorkerDied)
	}
	putWorker(w)
	return a.line, nil
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
