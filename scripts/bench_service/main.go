// Command bench_service writes a large execution trace of a program unlike
// bench_trace: a busy HTTP/1.1 JSON service on loopback answering many short
// requests from many keep-alive clients. Each request decodes a JSON body,
// takes a connection from a small pool (a buffered channel standing in for a
// database pool), "queries" it (a short sleep or CPU work), encodes a JSON
// answer and logs to a shared buffered writer under a mutex. Tracing stops when
// the trace written so far reaches the requested size.
//
// Usage:
//
//	bench_service [-size-mb 300] [-clients 64] [-max-duration 10m] OUT.trace
//
// Only loopback addresses (127.0.0.1, ephemeral ports) are used.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/trace"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

type countingWriter struct {
	w io.Writer
	n atomic.Int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n.Add(int64(n))
	return n, err
}

type request struct {
	User  int      `json:"user"`
	Items []string `json:"items"`
}

type answer struct {
	User   int               `json:"user"`
	Total  int               `json:"total"`
	Prices map[string]int    `json:"prices"`
	Meta   map[string]string `json:"meta"`
}

func main() {
	sizeMB := flag.Int("size-mb", 300, "stop tracing after this many MiB")
	clients := flag.Int("clients", 64, "concurrent keep-alive clients")
	maxDur := flag.Duration("max-duration", 10*time.Minute, "stop after this long in any case")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: bench_service [flags] OUT.trace")
		os.Exit(2)
	}
	f, err := os.Create(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cw := &countingWriter{w: bufio.NewWriterSize(f, 1<<20)}

	pool := make(chan int, 8) // the "database" connections
	for i := 0; i < cap(pool); i++ {
		pool <- i
	}
	var logMu sync.Mutex
	logBuf := bufio.NewWriter(io.Discard)
	var served atomic.Int64

	mux := http.NewServeMux()
	mux.HandleFunc("/price", func(w http.ResponseWriter, r *http.Request) {
		var req request
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		conn := <-pool
		if req.User%7 == 0 {
			time.Sleep(200 * time.Microsecond) // a slow query
		} else {
			x := 0
			for i := 0; i < 2000; i++ {
				x += i * req.User
			}
			_ = x
		}
		pool <- conn
		ans := answer{User: req.User, Prices: map[string]int{}, Meta: map[string]string{"conn": strconv.Itoa(conn)}}
		for i, it := range req.Items {
			ans.Prices[it] = len(it) * (i + 1)
			ans.Total += ans.Prices[it]
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(&ans)
		logMu.Lock()
		fmt.Fprintf(logBuf, "user=%d total=%d\n", req.User, ans.Total)
		logMu.Unlock()
		served.Add(1)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)

	if err := trace.Start(cw); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	url := "http://" + ln.Addr().String() + "/price"
	for c := 0; c < *clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
			items := []string{"apple", "pear", "plum", "fig", "kiwi"}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				body, _ := json.Marshal(request{User: c*100000 + i, Items: items[:1+i%len(items)]})
				resp, err := client.Post(url, "application/json", bytes.NewReader(body))
				if err != nil {
					time.Sleep(time.Millisecond)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}(c)
	}
	start := time.Now()
	limit := int64(*sizeMB) << 20
	next := int64(10 << 20)
	for cw.n.Load() < limit && time.Since(start) < *maxDur {
		time.Sleep(20 * time.Millisecond)
		if n := cw.n.Load(); n >= next {
			fmt.Fprintf(os.Stderr, "bench_service: %d MiB after %.1fs, %d requests\n", n>>20, time.Since(start).Seconds(), served.Load())
			next += 10 << 20
		}
	}
	trace.Stop()
	close(stop)
	srv.Close()
	wg.Wait()
	if err := cw.w.(*bufio.Writer).Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	f.Close()
	fmt.Fprintf(os.Stderr, "bench_service: %d bytes, %d requests in %.1fs\n", cw.n.Load(), served.Load(), time.Since(start).Seconds())
}
