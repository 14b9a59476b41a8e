// httpload: a small HTTP/1.1 load client for the benchmark harness (scripts/bench.sh). Each
// "request" is one or more steps run in order on a kept-alive connection (e.g. the GET + PUT the
// gateway sends Cielo for one refund), so its latency is the floor the gateway cannot beat.
// In a URL or body, {n} becomes the request number as 12 digits (a distinct sale per request).
// Prints one JSON object: counts, achieved rate, and latency percentiles in milliseconds.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

type step struct{ method, url string }

func main() {
	var steps, headers listFlag
	flag.Var(&steps, "step", `"METHOD URL", repeatable; run in order for each request`)
	flag.Var(&headers, "H", `"Name: value", repeatable`)
	body := flag.String("body", "", "body sent with every step (POST/PUT)")
	total := flag.Int("n", 1000, "requests")
	first := flag.Int("first", 0, "number of the first request")
	workers := flag.Int("c", 50, "concurrent workers")
	rate := flag.Float64("rate", 0, "requests per second overall; 0 = as fast as possible")
	flag.Parse()
	if len(steps) == 0 {
		fmt.Fprintln(os.Stderr, "httpload: at least one -step")
		os.Exit(2)
	}
	var plan []step
	for _, s := range steps {
		method, url, ok := strings.Cut(s, " ")
		if !ok {
			fmt.Fprintf(os.Stderr, "httpload: bad -step %q\n", s)
			os.Exit(2)
		}
		plan = append(plan, step{method, url})
	}

	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: *workers, MaxConnsPerHost: *workers},
	}
	// Ticks pace the start of requests; with no rate the channel is fed as fast as it drains.
	next := make(chan int, *workers)
	go func() {
		start := time.Now()
		for i := 0; i < *total; i++ {
			if *rate > 0 {
				due := start.Add(time.Duration(float64(i) / *rate * float64(time.Second)))
				time.Sleep(time.Until(due))
			}
			next <- *first + i
		}
		close(next)
	}()

	latencies := make([]time.Duration, 0, *total)
	var mu sync.Mutex
	var failed atomic.Int64
	var firstError atomic.Value
	var wg sync.WaitGroup
	began := time.Now()
	for w := 0; w < *workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range next {
				id := fmt.Sprintf("%012d", n)
				t0 := time.Now()
				if err := run(client, plan, headers, strings.ReplaceAll(*body, "{n}", id), id); err != nil {
					failed.Add(1)
					firstError.CompareAndSwap(nil, err.Error())
					continue
				}
				d := time.Since(t0)
				mu.Lock()
				latencies = append(latencies, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(began)

	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) float64 {
		if len(latencies) == 0 {
			return 0
		}
		i := int(p * float64(len(latencies)-1))
		return float64(latencies[i].Microseconds()) / 1000
	}
	out := map[string]any{
		"requests": *total, "ok": len(latencies), "failed": failed.Load(),
		"seconds": elapsed.Seconds(), "rps": float64(len(latencies)) / elapsed.Seconds(),
		"p50_ms": pct(0.50), "p90_ms": pct(0.90), "p99_ms": pct(0.99), "max_ms": pct(1),
	}
	if e := firstError.Load(); e != nil {
		out["first_error"] = e
	}
	json.NewEncoder(os.Stdout).Encode(out)
}

// run sends the steps for one request; any non-2xx answer fails it.
func run(client *http.Client, plan []step, headers []string, body, id string) error {
	for _, s := range plan {
		var reader io.Reader
		if body != "" {
			reader = strings.NewReader(body)
		}
		req, err := http.NewRequest(s.method, strings.ReplaceAll(s.url, "{n}", id), reader)
		if err != nil {
			return err
		}
		for _, h := range headers {
			name, value, _ := strings.Cut(h, ":")
			req.Header.Set(strings.TrimSpace(name), strings.TrimSpace(value))
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("%s %s: HTTP %d", s.method, req.URL.Path, resp.StatusCode)
		}
	}
	return nil
}
