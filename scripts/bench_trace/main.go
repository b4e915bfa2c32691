// Command bench_trace writes a large execution trace for benchmarking trace
// parsers and viewers. It runs a mixed workload (an HTTP service and its
// clients on loopback, a TCP echo service, a worker pool fed through
// channels, mutex and sync.Cond contention, file and pipe I/O, timers,
// allocation-driven GC with occasional forced collections, short-lived
// goroutines, user tasks/regions/logs, CPU samples) until the trace written so far
// reaches the requested size, then stops tracing.
//
// Usage:
//
//	bench_trace [-size-mb 120] [-max-duration 10m] OUT.trace
//
// Only loopback addresses (127.0.0.1, ephemeral ports) are used.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// countingWriter counts the bytes of trace data written so far.
type countingWriter struct {
	w io.Writer
	n int64 // accessed atomically
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	atomic.AddInt64(&c.n, int64(n))
	return n, err
}

func (c *countingWriter) count() int64 { return atomic.LoadInt64(&c.n) }

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench_trace:", err)
		os.Exit(1)
	}
}

var sink atomic.Value

// workload holds the shared state of all workers; stop is closed to end it.
type workload struct {
	stop chan struct{}
	wg   sync.WaitGroup
	dir  string
	reqs int64
}

func (w *workload) stopped() bool {
	select {
	case <-w.stop:
		return true
	default:
		return false
	}
}

func (w *workload) goLoop(name string, body func(ctx context.Context, i int)) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		ctx, task := trace.NewTask(context.Background(), name)
		defer task.End()
		for i := 0; !w.stopped(); i++ {
			body(ctx, i)
		}
	}()
}

func spin(n int) int {
	x := 1
	for i := 0; i < n; i++ {
		x = x*1664525 + 1013904223
	}
	return x
}

// httpService starts an HTTP server and a few clients calling it.
func (w *workload) httpService(clients int) (shutdown func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	var mu sync.Mutex
	store := map[int][]byte{}
	mux := http.NewServeMux()
	mux.HandleFunc("/kv", func(rw http.ResponseWriter, r *http.Request) {
		ctx, task := trace.NewTask(r.Context(), "http.kv")
		defer task.End()
		k, _ := strconv.Atoi(r.URL.Query().Get("k"))
		trace.Logf(ctx, "key", "%d", k)
		var v []byte
		trace.WithRegion(ctx, "store", func() {
			mu.Lock()
			v = store[k]
			if v == nil || k%5 == 0 {
				v = bytes.Repeat([]byte{byte('a' + k%26)}, 200+k%800)
				store[k%512] = v
			}
			mu.Unlock()
		})
		trace.WithRegion(ctx, "write", func() { rw.Write(v) })
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	base := "http://" + ln.Addr().String() + "/kv?k="
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	for c := 0; c < clients; c++ {
		c := c
		w.goLoop("http.client", func(ctx context.Context, i int) {
			resp, err := client.Get(base + strconv.Itoa(c*1000+i%997))
			if err != nil {
				trace.Log(ctx, "error", err.Error())
				time.Sleep(time.Millisecond)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			atomic.AddInt64(&w.reqs, 1)
		})
	}
	return func() { srv.Close() }
}

// echoService starts a TCP echo server with persistent client connections.
func (w *workload) echoService(clients int) (shutdown func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				io.Copy(c, c)
			}(c)
		}
	}()
	var conns []net.Conn
	for c := 0; c < clients; c++ {
		conn, err := net.Dial("tcp", ln.Addr().String())
		check(err)
		buf := make([]byte, 256)
		msg := bytes.Repeat([]byte{'e'}, 256)
		w.goLoop("echo.client", func(ctx context.Context, i int) {
			conn.Write(msg)
			io.ReadFull(conn, buf)
			if i%100 == 0 {
				time.Sleep(200 * time.Microsecond)
			}
		})
		conns = append(conns, conn)
	}
	return func() {
		ln.Close()
		for _, c := range conns {
			c.Close()
		}
	}
}

// pipeline runs producers, a worker pool and a collector connected by
// channels, with regions around each job.
func (w *workload) pipeline(workers int) {
	jobs := make(chan int, 16)
	results := make(chan int, 16)
	w.goLoop("pipeline.producer", func(ctx context.Context, i int) {
		select {
		case jobs <- i:
		case <-w.stop:
		}
	})
	for k := 0; k < workers; k++ {
		w.goLoop("pipeline.worker", func(ctx context.Context, i int) {
			select {
			case j := <-jobs:
				var r int
				trace.WithRegion(ctx, "job", func() { r = spin(500 + j%2000) })
				select {
				case results <- r:
				case <-w.stop:
				}
			case <-w.stop:
			}
		})
	}
	w.goLoop("pipeline.collector", func(ctx context.Context, i int) {
		select {
		case <-results:
		case <-time.After(5 * time.Millisecond):
			trace.Log(ctx, "collector", "timeout")
		case <-w.stop:
		}
	})
}

// locks runs mutex and cond contention.
func (w *workload) locks(goroutines int) {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	queue := 0
	for g := 0; g < goroutines; g++ {
		g := g
		w.goLoop("locks", func(ctx context.Context, i int) {
			mu.Lock()
			if g%2 == 0 {
				queue++
				cond.Signal()
			} else {
				for queue == 0 && !w.stopped() {
					cond.Wait()
				}
				if queue > 0 {
					queue--
				}
			}
			spin(300)
			mu.Unlock()
		})
	}
	// Wake any waiter when stopping.
	go func() {
		<-w.stop
		mu.Lock()
		cond.Broadcast()
		mu.Unlock()
	}()
}

// fileIO writes and reads a file with pwrite/pread, syncing it now and
// then; a pipe streams data to a reader goroutine.
func (w *workload) fileIO(workers int) {
	data := bytes.Repeat([]byte("bench trace file data\n"), 200)
	for k := 0; k < workers; k++ {
		f, err := os.Create(filepath.Join(w.dir, fmt.Sprintf("f%d", k)))
		check(err)
		buf := make([]byte, len(data))
		w.goLoop("fileio", func(ctx context.Context, i int) {
			off := int64(i%64) * int64(len(data))
			if _, err := f.WriteAt(data, off); err != nil {
				check(err)
			}
			if _, err := f.ReadAt(buf, off); err != nil {
				check(err)
			}
			if i%500 == 499 {
				trace.WithRegion(ctx, "fsync", func() { f.Sync() })
			}
			if i%10 == 9 {
				time.Sleep(100 * time.Microsecond)
			}
		})
	}
	pr, pw, err := os.Pipe()
	check(err)
	w.goLoop("pipe.writer", func(ctx context.Context, i int) {
		pw.Write(data[:512])
		if i%20 == 19 {
			time.Sleep(100 * time.Microsecond)
		}
	})
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		buf := make([]byte, 4096)
		for {
			if _, err := pr.Read(buf); err != nil {
				return
			}
		}
	}()
	go func() { <-w.stop; time.Sleep(10 * time.Millisecond); pw.Close() }()
}

// pingPong has pairs of goroutines exchange messages over unbuffered
// channels (a request/response hand-off: every message blocks one goroutine
// and wakes the other).
func (w *workload) pingPong(pairs int) {
	for p := 0; p < pairs; p++ {
		req := make(chan int)
		resp := make(chan int)
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for {
				select {
				case v := <-req:
					resp <- v + spin(8000)
				case <-w.stop:
					return
				}
			}
		}()
		w.goLoop("pingpong", func(ctx context.Context, i int) {
			select {
			case req <- i:
				<-resp
			case <-w.stop:
			}
			if i%50 == 49 {
				time.Sleep(50 * time.Microsecond)
			}
			if i%5000 == 0 {
				trace.Logf(ctx, "pingpong", "%d round trips", i)
			}
		})
	}
}

// garbage allocates continuously, with an explicit GC now and then.
func (w *workload) garbage(workers int) {
	for k := 0; k < workers; k++ {
		k := k
		w.goLoop("alloc", func(ctx context.Context, i int) {
			var keep [][]byte
			for j := 0; j < 50; j++ {
				keep = append(keep, make([]byte, 64+(j*97)%2000))
			}
			sink.Store(keep)
			if i%5 == 4 {
				time.Sleep(200 * time.Microsecond)
			}
			if k == 0 && i%20000 == 19999 {
				trace.WithRegion(ctx, "forced-gc", runtime.GC)
			}
		})
	}
}

// churn starts and finishes short-lived goroutines and sleeps on timers.
func (w *workload) churn() {
	w.goLoop("spawner", func(ctx context.Context, i int) {
		var wg sync.WaitGroup
		for j := 0; j < 20; j++ {
			wg.Add(1)
			go func(j int) {
				defer wg.Done()
				if j%4 == 0 {
					time.Sleep(50 * time.Microsecond)
				}
				spin(200)
			}(j)
		}
		wg.Wait()
		if i%500 == 0 {
			trace.Logf(ctx, "spawner", "round %d", i)
		}
	})
	w.goLoop("sleeper", func(ctx context.Context, i int) {
		time.Sleep(time.Duration(100+i%900) * time.Microsecond)
	})
}

func main() {
	sizeMB := flag.Int("size-mb", 120, "stop once the trace reaches this many MiB")
	cpuProfile := flag.Bool("cpuprofile", true, "run the CPU profiler (to io.Discard) so the trace has CPU samples (Go 1.19+)")
	maxDur := flag.Duration("max-duration", 10*time.Minute, "stop after this long even if the size was not reached")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: %s [flags] OUT.trace\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	target := int64(*sizeMB) << 20

	dir, err := os.MkdirTemp("", "bench-trace-")
	check(err)
	defer os.RemoveAll(dir)

	f, err := os.Create(flag.Arg(0))
	check(err)
	bw := bufio.NewWriterSize(f, 1<<20)
	cw := &countingWriter{w: bw}
	start := time.Now()
	check(trace.Start(cw))
	if *cpuProfile {
		check(pprof.StartCPUProfile(io.Discard))
	}

	w := &workload{stop: make(chan struct{}), dir: dir}
	stopHTTP := w.httpService(2)
	stopEcho := w.echoService(2)
	w.pipeline(4)
	w.locks(4)
	w.fileIO(1)
	w.garbage(1)
	w.pingPong(1)
	w.churn()

	tick := time.NewTicker(50 * time.Millisecond)
	nextReport := int64(10 << 20)
	reason := "size reached"
	for range tick.C {
		n := cw.count()
		if n >= nextReport {
			fmt.Fprintf(os.Stderr, "bench_trace: %d MiB after %.1fs\n", n>>20, time.Since(start).Seconds())
			nextReport += 10 << 20
		}
		if n >= target {
			break
		}
		if time.Since(start) > *maxDur {
			reason = "max duration reached"
			break
		}
	}
	tick.Stop()
	close(w.stop)
	stopHTTP()
	stopEcho()
	w.wg.Wait()
	if *cpuProfile {
		pprof.StopCPUProfile()
	}
	trace.Stop()
	check(bw.Flush())
	check(f.Close())
	fmt.Fprintf(os.Stderr, "bench_trace: %s: wrote %d bytes (%.1f MiB) in %.1fs, %d HTTP requests, %s\n",
		reason, cw.count(), float64(cw.count())/(1<<20), time.Since(start).Seconds(),
		atomic.LoadInt64(&w.reqs), runtime.Version())
}
