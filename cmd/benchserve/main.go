//go:build linux

// Command benchserve is the load test of vanban serve: C clients, each
// sending the next query of a fixed mix to /api/search as soon as the
// last is answered, for a fixed time, on loopback. It prints per level
// the requests answered per second, the 503s, the errors and client
// time-outs, p50/p99 of the answers and of the refusals, the slowest
// answer, and the server's peak resident memory so far (VmHWM of -pid).
//
// With -watch WORDS it also polls, every -every, the total of a search
// for WORDS ("*": every notice, the archive's size) and prints each change
// with its time, so that a run beside an
// ingest shows when the ingest's notices become visible (compare with
// the server's "committed" log lines).
//
// Usage:
//
//	go run ./cmd/benchserve -url http://127.0.0.1:8080/ -c 8,32,200 -d 20s -pid PID
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// queries is the fixed mix: words and phrases with and without
// diacritics, filters, a number, later pages, date sorting.
var queries = []string{
	"q=nông+thôn+mới",
	"q=nong+thon+moi",
	"q=đảng+viên",
	"q=dang+vien&type=TB",
	"q=kiểm+tra+giám+sát",
	"q=kiem+tra",
	"q=\"phát+triển+kinh+tế\"",
	"q=chuyển+đổi+số&sort=date",
	"q=cải+cách+hành+chính&page=2",
	"q=ngân+sách",
	"q=tiền+giang",
	"q=phòng+chống+tham+nhũng",
	"q=250-TB/TU",
	"q=quốc+phòng&from=2020-01-01&to=2024-12-31",
	"q=giáo+dục+đào+tạo",
	"q=y+te&kind=state",
	"type=NQ",
	"q=tổ+chức+cơ+sở+đảng&page=3",
	"q=an+ninh+trật+tự",
	"q=đất+đai",
}

// honor makes a client refused with 503 wait the Retry-After second
// before its next request, as the answer asks.
var honor = flag.Bool("retry-after", true, "after a 503, wait the second Retry-After asks")

type sample struct {
	status int // 0: transport error; -1: client time-out
	took   time.Duration
}

func main() {
	base := flag.String("url", "http://127.0.0.1:8080/", "the server")
	levels := flag.String("c", "8,32,200", "concurrent clients, one level after the other")
	dur := flag.Duration("d", 20*time.Second, "time at each level")
	timeout := flag.Duration("timeout", 5*time.Second, "client time-out of a request")
	pid := flag.Int("pid", 0, "the server's pid, for its peak memory")
	watch := flag.String("watch", "", "poll the total of this search and print its changes")
	every := flag.Duration("every", 50*time.Millisecond, "how often -watch polls")
	flag.Parse()
	client := &http.Client{Timeout: *timeout, Transport: &http.Transport{MaxIdleConnsPerHost: 1000, MaxConnsPerHost: 0}}
	stopWatch := func() {}
	if *watch != "" {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); watchTotal(ctx, client, *base, *watch, *every) }()
		stopWatch = func() { cancel(); <-done }
	}
	fmt.Printf("%-7s %8s %8s %6s %6s %9s %9s %9s %9s %9s %10s\n", "clients", "answered", "req/s", "503", "errors", "p50", "p99", "503 p99", "slowest", ">1s", "server MiB")
	for _, f := range strings.Split(*levels, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || c < 1 {
			fmt.Fprintf(os.Stderr, "benchserve: bad -c %q\n", *levels)
			os.Exit(2)
		}
		level(client, *base, c, *dur, *pid)
	}
	stopWatch()
}

// level runs c clients for d and prints its line.
func level(client *http.Client, base string, c int, d time.Duration, pid int) {
	var mu sync.Mutex
	var all []sample
	end := time.Now().Add(d)
	var wg sync.WaitGroup
	for i := 0; i < c; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []sample
			for k := i; time.Now().Before(end); k++ {
				s := one(client, base+"api/search?"+queries[k%len(queries)])
				mine = append(mine, s)
				if s.status == http.StatusServiceUnavailable && *honor {
					time.Sleep(time.Second) // Retry-After: 1
				}
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	var ok, shed []time.Duration
	errs, slow := 0, 0
	var slowest time.Duration
	for _, s := range all {
		switch s.status {
		case http.StatusOK:
			ok = append(ok, s.took)
		case http.StatusServiceUnavailable:
			shed = append(shed, s.took)
		default:
			errs++
		}
		if s.took > time.Second {
			slow++
		}
		slowest = max(slowest, s.took)
	}
	fmt.Printf("%-7d %8d %8.1f %6d %6d %9s %9s %9s %9s %9d %10s\n", c, len(ok), float64(len(ok))/d.Seconds(), len(shed), errs,
		pct(ok, 50), pct(ok, 99), pct(shed, 99), slowest.Round(time.Millisecond), slow, peakMiB(pid))
	if errs > 0 {
		codes := map[int]int{}
		for _, s := range all {
			if s.status != http.StatusOK && s.status != http.StatusServiceUnavailable {
				codes[s.status]++
			}
		}
		fmt.Printf("        errors by status (0 transport, -1 client time-out): %v\n", codes)
	}
}

func one(client *http.Client, u string) sample {
	start := time.Now()
	resp, err := client.Get(u)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) && ue.Timeout() {
			return sample{status: -1, took: time.Since(start)}
		}
		return sample{status: 0, took: time.Since(start)}
	}
	var body struct{ Total int }
	json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	return sample{status: resp.StatusCode, took: time.Since(start)}
}

func pct(ds []time.Duration, p int) string {
	if len(ds) == 0 {
		return "-"
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	i := (len(ds)*p + 99) / 100
	if i > 0 {
		i--
	}
	return ds[i].Round(100 * time.Microsecond).String()
}

// peakMiB is the peak resident memory of process pid (VmHWM), in MiB.
func peakMiB(pid int) string {
	if pid == 0 {
		return "-"
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(data), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.Atoi(f[1])
			return strconv.Itoa(kb / 1024)
		}
	}
	return "?"
}

// watchTotal prints the time (UTC, ms) each time the total of a search
// for q changes.
func watchTotal(ctx context.Context, client *http.Client, base, q string, every time.Duration) {
	last := -1
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		text := q
		if q == "*" {
			text = ""
		}
		resp, err := client.Get(base + "api/search?limit=1&q=" + url.QueryEscape(text))
		if err != nil {
			continue
		}
		var body struct{ Total int }
		json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK && body.Total != last {
			fmt.Fprintf(os.Stderr, "watch %s total %d\n", time.Now().UTC().Format("15:04:05.000"), body.Total)
			last = body.Total
		}
	}
}
