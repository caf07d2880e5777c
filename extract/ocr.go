package extract

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"vanban/extract/viet"
)

// OCR: pages without a real text layer (scans, with at most a signature
// stamp as text) are read by Tesseract 5 with its Vietnamese model
// (Debian's tesseract-ocr and tesseract-ocr-vie), run as a command inside
// the worker process, so the worker's time and memory bounds hold for it
// too. vanban takes Tesseract's word boxes (TSV), not its plain text, and
// lays them out with the code that lays out a PDF's glyphs (layout.go):
// the two-column header and closing separate as they do in a typed PDF.

// OCRMode says when pages are OCR'd.
type OCRMode string

// The OCR modes.
const (
	// OCRAuto OCRs the pages with no text layer or whose text covers
	// only a small part of a page that is mostly an image (a scan under
	// a signature stamp).
	OCRAuto OCRMode = "auto"
	// OCRAlways OCRs every page, ignoring the text layer.
	OCRAlways OCRMode = "always"
	// OCRNever never OCRs: a scan is an error.
	OCRNever OCRMode = "never"
)

// ParseOCRMode reads "auto", "always" or "never".
func ParseOCRMode(s string) (OCRMode, error) {
	switch m := OCRMode(s); m {
	case OCRAuto, OCRAlways, OCRNever:
		return m, nil
	}
	return "", fmt.Errorf("unknown OCR mode %q (want auto, always or never)", s)
}

// String returns the mode's name ("auto" when empty).
func (m OCRMode) String() string {
	if m == "" {
		return string(OCRAuto)
	}
	return string(m)
}

// Set reads the mode, as a flag.Value.
func (m *OCRMode) Set(s string) error {
	v, err := ParseOCRMode(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Options tune Read.
type Options struct {
	// OCR says when pages are OCR'd; OCRAuto when empty.
	OCR OCRMode
	// OCRCache is the folder OCR results are kept in, by the file's
	// SHA-256 and the page number, so a file is OCR'd once. Empty means
	// DefaultOCRCache(); "-" keeps nothing.
	OCRCache string
	// OnOCRPage, if set, is called each time a page has been OCR'd (or
	// read from the cache), from the goroutine reading the file: a long
	// scan shows progress page by page.
	OnOCRPage func()
}

// DefaultOCRCache is os.UserCacheDir()/vanban/ocr ("" if the system has no
// cache folder).
func DefaultOCRCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "vanban", "ocr")
}

// ErrNoOCR: a file needs OCR and Tesseract or its Vietnamese model is not
// installed.
var ErrNoOCR = errors.New("OCR is not available")

// ocrInstallHint says how to install Tesseract with Vietnamese.
const ocrInstallHint = "install Tesseract 5 and its Vietnamese model (Debian, Ubuntu: apt-get install tesseract-ocr tesseract-ocr-vie; Windows: the UB Mannheim installer with Vietnamese ticked, tesseract.exe on PATH)"

// OCR parameters.
const (
	// ocrDPI is the resolution PDF pages are rendered at for OCR, in
	// dots per inch: the resolution scanners write archives at (the
	// real scans here are 300 ppi JPEGs, rendered pixel for pixel) and
	// the one Tesseract is trained for; other resolutions were not
	// measured.
	ocrDPI = 300
	// ocrPageTimeout bounds Tesseract on one page.
	ocrPageTimeout = 180 * time.Second
	// ocrLowConfidence is the mean word confidence (0–100) under which
	// a page's text is flagged as unreliable.
	ocrLowConfidence = 70
	// ocrJunkConfidence: a word recognised with less confidence than this
	// is dropped when it holds no two letters or digits together (specks,
	// rules and logos read as "¬", "z", "3⁄4").
	ocrJunkConfidence = 50
	// ocrMarkConfidence: a word without letters or digits, or a line of
	// one short mark, recognised with less confidence than this is
	// dropped.
	ocrMarkConfidence = 80
	// ocrDoubtConfidence: a word recognised with less confidence than
	// this is doubtful (OCRInfo.Doubtful). On the real scans here the
	// words read right score 95–97 and the words with a wrong tone mark
	// 79–83; 3.6 % of all words fall under 90.
	ocrDoubtConfidence = 90
	// ocrCacheVersion changes when the cached form of a page changes
	// (3: doubtful regions read again, ocrreread.go).
	ocrCacheVersion = 3
)

// An ocrWord is one word Tesseract read, its box in pixels of the page
// image (origin top left) and its confidence (0–100).
type ocrWord struct {
	Text string  `json:"t"`
	Box  [4]int  `json:"b"` // left, top, width, height
	Conf float64 `json:"c"`
	Line int     `json:"l"` // the word's line, numbered on the page
}

// An ocrPage is Tesseract's reading of one page image: its size in pixels,
// the resolution (dots per inch) and the words.
type ocrPage struct {
	Version int       `json:"version"`
	Engine  string    `json:"engine"`
	Width   int       `json:"width"`
	Height  int       `json:"height"`
	DPI     int       `json:"dpi"`
	Words   []ocrWord `json:"words"`
}

// confidence is the page's mean word confidence (0–100), -1 without words.
func (p *ocrPage) confidence() float64 {
	sum, n := 0.0, 0
	for _, w := range p.Words {
		sum += w.Conf
		n++
	}
	if n == 0 {
		return -1
	}
	return sum / float64(n)
}

// ocrSummary is what the worker tells about the pages it OCR'd.
type ocrSummary struct {
	Engine string           `json:"engine"`
	Pages  []ocrPageSummary `json:"pages"`
	// NotNeeded: in auto mode, no page turned out to need OCR.
	NotNeeded bool `json:"not_needed,omitempty"`
	// Unavailable: a page needs OCR and the parent found no Tesseract.
	Unavailable bool `json:"unavailable,omitempty"`
}

// ocrPageSummary is one OCR'd page: its number (from 1), mean word
// confidence (0–100), word count and whether it came from the cache.
type ocrPageSummary struct {
	Page       int     `json:"page"`
	Confidence float64 `json:"confidence"`
	Words      int     `json:"words"`
	Cached     bool    `json:"cached,omitempty"`
	// Doubtful are the page's words with a letter read with less than
	// ocrDoubtConfidence, as read.
	Doubtful []string `json:"doubtful,omitempty"`
}

// doubtful lists the words of p that hold a letter and were read with less
// confidence than ocrDoubtConfidence, each once, in reading order.
func (p *ocrPage) doubtful() []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range p.Words {
		if w.Conf >= ocrDoubtConfidence || seen[w.Text] || !strings.ContainsFunc(w.Text, unicode.IsLetter) {
			continue
		}
		seen[w.Text] = true
		out = append(out, w.Text)
	}
	return out
}

// ocrRequest is what the parent tells an OCR worker (in ocrRequestEnv).
type ocrRequest struct {
	Mode  OCRMode `json:"mode"`
	Cache string  `json:"cache"`
	SHA   string  `json:"sha256"`
	// Image is the image format for an image file ("png", "jpeg",
	// "tiff"); empty for a PDF.
	Image string `json:"image,omitempty"`
	// Engine is the Tesseract version the parent found; "" if it found
	// none (the worker then only tells whether OCR is needed).
	Engine string `json:"engine"`
	// Walker: the PDF's text layer is read by vanban's walker over
	// ledongthuc/pdf (which read it in the first pass), not by PDFium.
	Walker bool `json:"walker,omitempty"`
}

const ocrRequestEnv = "VANBAN_OCR_REQUEST"

// tesseractProbe finds Tesseract once per process.
type tesseractProbe struct {
	once    sync.Once
	version string
	err     error
}

var tesseract = new(tesseractProbe)

// tesseractVersion finds Tesseract and its Vietnamese model and returns
// its version ("tesseract 5.3.0"), or an ErrNoOCR error saying how to
// install them.
func tesseractVersion() (string, error) {
	p := tesseract
	p.once.Do(func() {
		if _, err := exec.LookPath("tesseract"); err != nil {
			p.err = fmt.Errorf("%w: Tesseract is not installed: %s", ErrNoOCR, ocrInstallHint)
			return
		}
		out, err := exec.Command("tesseract", "--version").CombinedOutput()
		if err != nil {
			p.err = fmt.Errorf("%w: tesseract --version failed (%v): %s", ErrNoOCR, err, ocrInstallHint)
			return
		}
		p.version, _, _ = strings.Cut(strings.TrimSpace(string(out)), "\n")
		langs, err := exec.Command("tesseract", "--list-langs").CombinedOutput()
		if err != nil || !hasLine(string(langs), "vie") {
			p.err = fmt.Errorf("%w: Tesseract has no Vietnamese model (vie): %s", ErrNoOCR, ocrInstallHint)
		}
	})
	return p.version, p.err
}

func hasLine(s, want string) bool {
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) == want {
			return true
		}
	}
	return false
}

// runTesseract reads the words of one page image (any format Leptonica
// reads: PNM, PNG, JPEG, TIFF; page is the TIFF page from 0, or -1) within
// ocrPageTimeout. dpi is the image's resolution, or 0 to let Tesseract
// take it from the image.
func runTesseract(img []byte, page, dpi int) ([]ocrWord, error) {
	return runTesseractAs(img, page, dpi, 3)
}

// runTesseractAs is runTesseract with a page segmentation mode: 3 for a
// whole page (automatic), 6 for one block of text.
func runTesseractAs(img []byte, page, dpi, psm int) ([]ocrWord, error) {
	ctx, cancel := context.WithTimeout(context.Background(), ocrPageTimeout)
	defer cancel()
	args := []string{"stdin", "stdout", "-l", "vie", "--psm", strconv.Itoa(psm)}
	if dpi > 0 {
		args = append(args, "--dpi", strconv.Itoa(dpi))
	}
	if page >= 0 {
		args = append(args, "-c", "tessedit_page_number="+strconv.Itoa(page))
	}
	args = append(args, "tsv")
	cmd := exec.CommandContext(ctx, "tesseract", args...)
	// One thread a page: on a busy machine OpenMP's threads cost more
	// than they give, and -j workers already use the cores.
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	cmd.Stdin = bytes.NewReader(img)
	var out bytes.Buffer
	var stderr headBuffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("tesseract gave up after %s", ocrPageTimeout)
		}
		msg := strings.TrimSpace(stderr.String())
		if i := strings.LastIndex(msg, "\n"); i >= 0 {
			msg = msg[i+1:]
		}
		return nil, fmt.Errorf("tesseract failed (%v): %s", err, msg)
	}
	return parseTSV(&out)
}

// parseTSV reads Tesseract's TSV output: a header line, then one row per
// page, block, paragraph, line and word (level 1–5), with the box in
// pixels and, for words, the confidence. Empty words and words of
// negative confidence are left out.
func parseTSV(r io.Reader) ([]ocrWord, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var words []ocrWord
	header := true
	line, lineKey := 0, ""
	for sc.Scan() {
		rec := strings.Split(sc.Text(), "\t")
		if header {
			header = false
			if len(rec) < 12 || rec[0] != "level" {
				return nil, errors.New("tesseract output: not TSV")
			}
			continue
		}
		if len(rec) < 12 || rec[0] != "5" {
			continue
		}
		var n [10]int
		for i := 0; i < 10; i++ {
			n[i], _ = strconv.Atoi(rec[i])
		}
		conf, _ := strconv.ParseFloat(rec[10], 64)
		text := strings.TrimSpace(strings.Join(rec[11:], " "))
		if text == "" || conf < 0 {
			continue
		}
		if key := strings.Join(rec[1:5], "."); key != lineKey {
			line++
			lineKey = key
		}
		words = append(words, ocrWord{Text: text, Box: [4]int{n[6], n[7], n[8], n[9]}, Conf: conf, Line: line})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("tesseract output: %w", err)
	}
	if header {
		return nil, errors.New("tesseract output: empty")
	}
	return words, nil
}

// junkWord reports a word that is most likely a speck, a rule or part of
// a seal or logo: recognised with little confidence and without two
// letters or digits together, or with some confidence but no letter or
// digit at all ("_" beside a table border). Punctuation read with
// confidence ("-" in the motto) stays.
func junkWord(w ocrWord) bool {
	if w.Conf >= ocrMarkConfidence {
		return false
	}
	run, best := 0, 0
	for _, r := range w.Text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best == 0 || (best < 2 && w.Conf < ocrJunkConfidence)
}

// splitGluedWord splits an OCR'd word as viet.SplitGlued does ("TRUNGƯƠNG"
// → "TRUNG", "ƯƠNG"), sharing its box between the parts by their number of
// letters.
func splitGluedWord(w ocrWord) []ocrWord {
	parts := viet.SplitGlued(w.Text)
	if len(parts) == 1 {
		return []ocrWord{w}
	}
	total := utf8.RuneCountInString(w.Text)
	out := make([]ocrWord, 0, len(parts))
	left := w.Box[0]
	for _, p := range parts {
		width := w.Box[2] * utf8.RuneCountInString(p) / total
		out = append(out, ocrWord{Text: p, Box: [4]int{left, w.Box[1], width, w.Box[3]}, Conf: w.Conf, Line: w.Line})
		left += width
	}
	return out
}

// speck reports a word read with little confidence whose box is under
// 0.4 of the page's text height (textHeight, pixels; 0 when unknown): the
// strokes of a signature or the rim of a seal read as "TU", "Q2". A
// handwritten number is written larger than the print, not smaller.
func speck(w ocrWord, textHeight int) bool {
	return w.Conf < ocrJunkConfidence && textHeight > 0 && float64(w.Box[3]) < 0.4*float64(textHeight)
}

// medianWordHeight is the median box height, in pixels, of the words read
// with confidence (ocrMarkConfidence or more); 0 if there are none.
func medianWordHeight(ws []ocrWord) int {
	var hs []int
	for _, w := range ws {
		if w.Conf >= ocrMarkConfidence && w.Box[3] > 0 {
			hs = append(hs, w.Box[3])
		}
	}
	if len(hs) == 0 {
		return 0
	}
	sort.Ints(hs)
	return hs[len(hs)/2]
}

// markLine reports a line that is one short mark read with some doubt:
// the star under a party issuer's name (read as ">k", "*", "x"), a seal's
// dot. A page number or a list label is read with confidence and stays.
func markLine(ws []ocrWord) bool {
	if len(ws) != 1 || ws[0].Conf >= ocrMarkConfidence {
		return false
	}
	n := 0
	for _, r := range ws[0].Text {
		if unicode.IsDigit(r) {
			return false
		}
		n++
	}
	return n <= 2
}

// ocrGlyphs turns a page's words into glyphs in points (y growing upwards,
// as layoutPages takes them): every word of one Tesseract line on the
// line's baseline (the bottom of its box), its size the line's median
// word height, so that the line and column code treats them as it treats
// a PDF's words.
func ocrGlyphs(p *ocrPage) (gs []glyph, height float64, notes []string) {
	dpi := p.DPI
	if dpi <= 0 {
		dpi = ocrDPI
	}
	scale := 72 / float64(dpi)
	height = float64(p.Height) * scale
	byLine := map[int][]ocrWord{}
	var order []int
	textHeight := medianWordHeight(p.Words)
	for _, w := range p.Words {
		if junkWord(w) || speck(w, textHeight) {
			continue
		}
		if _, ok := byLine[w.Line]; !ok {
			order = append(order, w.Line)
		}
		byLine[w.Line] = append(byLine[w.Line], splitGluedWord(w)...)
	}
	for _, id := range order {
		ws, note := fixNumberLabel(byLine[id])
		if note != "" {
			notes = append(notes, note)
		}
		if markLine(ws) {
			continue
		}
		heights := make([]int, 0, len(ws))
		bottom := 0
		for _, w := range ws {
			heights = append(heights, w.Box[3])
			bottom = max(bottom, w.Box[1]+w.Box[3])
		}
		sort.Ints(heights)
		// A word's box spans its ascenders, tone marks and descenders:
		// about 1.1 em for most Vietnamese words.
		size := math.Max(float64(heights[len(heights)/2])*scale/1.1, 1)
		// The baseline is a little above the bottom of the boxes, which
		// includes descenders and dots below.
		y := height - float64(bottom)*scale + 0.2*size
		for _, w := range ws {
			x, wd := float64(w.Box[0])*scale, float64(w.Box[2])*scale
			// Tesseract has found the word breaks: a space glyph after
			// each word keeps words apart however close they stand.
			gs = append(gs, glyph{x: x, y: y, w: wd, size: size, s: w.Text},
				glyph{x: x + wd, y: y, w: 0, size: size, s: " "})
		}
	}
	return gs, height, notes
}

// ocrCachePath is where page (from 1) of the file sha is kept under dir.
func ocrCachePath(dir, sha string, page int) string {
	return filepath.Join(dir, sha[:2], sha, fmt.Sprintf("p%04d.json", page))
}

// loadOCRPage returns the cached reading of a page, if it was made by the
// same engine.
func loadOCRPage(dir, sha string, page int, engine string) (*ocrPage, bool) {
	if dir == "" || dir == "-" || len(sha) < 2 {
		return nil, false
	}
	data, err := os.ReadFile(ocrCachePath(dir, sha, page))
	if err != nil {
		return nil, false
	}
	var p ocrPage
	if json.Unmarshal(data, &p) != nil || p.Version != ocrCacheVersion || p.Engine != engine {
		return nil, false
	}
	return &p, true
}

// storeOCRPage keeps a page's reading (temporary file + rename, so an
// interrupted write leaves no half page). Failures are ignored: the cache
// only saves time.
func storeOCRPage(dir, sha string, page int, p *ocrPage) {
	if dir == "" || dir == "-" || len(sha) < 2 {
		return
	}
	path := ocrCachePath(dir, sha, page)
	if os.MkdirAll(filepath.Dir(path), 0o755) != nil {
		return
	}
	data, err := json.Marshal(p)
	if err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".page-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return
	}
	if os.Rename(tmp.Name(), path) != nil {
		os.Remove(tmp.Name())
	}
}

// ocrNotes are the warnings about an OCR'd document: which pages were
// OCR'd and by what, and the pages read with little confidence.
func ocrNotes(sum *ocrSummary) []string {
	var low []string
	for _, p := range sum.Pages {
		if p.Words > 0 && p.Confidence < ocrLowConfidence {
			low = append(low, fmt.Sprintf("page %d (%.0f)", p.Page, p.Confidence))
		}
	}
	var notes []string
	if len(low) > 0 {
		notes = append(notes, fmt.Sprintf("OCR confidence is low on %s: check the fields against the scan", strings.Join(low, ", ")))
	}
	return notes
}

// ocrCache is the cache folder opts name ("" for none).
func (o Options) ocrCache() string {
	switch o.OCRCache {
	case "":
		return DefaultOCRCache()
	case "-":
		return ""
	}
	return o.OCRCache
}

// OCRInfo tells how the OCR'd pages of a document were read.
type OCRInfo struct {
	// Engine is the OCR engine and its version: "tesseract 5.3.0".
	Engine string
	// Confidence is the mean word confidence over the OCR'd pages, 0–100.
	Confidence float64
	// Pages are the OCR'd pages, in order.
	Pages []OCRPage
	// Doubtful are the words (as read, each once) that Tesseract
	// recognised with little confidence (under 90 of 100): where a fixed
	// vocabulary applies (a person's name, say), the parser may mend
	// these and only these.
	Doubtful []string
}

// OCRPage is one OCR'd page: its number (from 1), its mean word
// confidence (0–100) and its word count.
type OCRPage struct {
	Page       int
	Confidence float64
	Words      int
}

// ocrDocument fills doc from an OCR worker's result.
func ocrDocument(doc *Document, res *workerResult) (*Document, error) {
	doc.Pages, doc.Extractor = res.Pages, res.Extractor
	doc.Notes = append(doc.Notes, res.Notes...)
	if s := res.OCR; s != nil {
		info := &OCRInfo{Engine: s.Engine, Pages: []OCRPage{}}
		sum, n := 0.0, 0
		seen := map[string]bool{}
		for _, p := range s.Pages {
			info.Pages = append(info.Pages, OCRPage{Page: p.Page, Confidence: p.Confidence, Words: p.Words})
			for _, w := range p.Doubtful {
				if !seen[w] {
					seen[w] = true
					info.Doubtful = append(info.Doubtful, w)
				}
			}
			if p.Words > 0 {
				sum += p.Confidence * float64(p.Words)
				n += p.Words
			}
		}
		if n > 0 {
			info.Confidence = math.Round(sum/float64(n)*10) / 10
		}
		doc.OCR = info
	}
	if strings.TrimSpace(res.Text) == "" {
		return nil, fmt.Errorf("%w: OCR found no words on %d pages", ErrNoText, res.Pages)
	}
	return finish(doc, res.Text)
}

// pageNumbers writes page numbers as "1, 3, 4".
func pageNumbers(pages []int) string {
	s := make([]string, len(pages))
	for i, p := range pages {
		s[i] = strconv.Itoa(p)
	}
	return strings.Join(s, ", ")
}

// ocrPageMarker is the line an OCR worker writes on its standard output,
// before the request's answer, after each page: the parent counts pages
// as they are read (runPDFWorker calls WorkerLimits.onPage).
const ocrPageMarker = "vanban-ocr-page"
