// Command load writes a trace of about 1.8 MB that makes the server's heavy pages
// heavy, for its load test: waves of short-lived worker goroutines from one start
// function (one group of many thousands), channels and a contended mutex (scheduling
// and blocking profiles), allocation with a low GOGC (many GC cycles, mark assists).
// It stops tracing once the trace has reached its size.
package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/trace"
	"sync"
	"sync/atomic"

	"traceglass.test/programs/internal/tt"
)

// Tracing stops once this many bytes were written; the final flush adds a little.
const traceBytes = 1500 << 10

type countingWriter struct {
	f *os.File
	n int64
}

func (w *countingWriter) Write(p []byte) (int, error) {
	atomic.AddInt64(&w.n, int64(len(p)))
	return w.f.Write(p)
}

var (
	mu     sync.Mutex
	shared = map[int][]byte{}
	sink   atomic.Value
)

func worker(id int, results chan<- int) {
	buf := make([]byte, 256+id%2048)
	for i := range buf {
		buf[i] = byte(id + i)
	}
	sink.Store(buf)
	if id%4 == 0 {
		mu.Lock()
		shared[id%512] = buf[:16]
		mu.Unlock()
	}
	if id%16 == 0 {
		runtime.Gosched()
	}
	results <- len(buf)
}

func main() {
	debug.SetGCPercent(10)
	f, err := os.Create(tt.OutPath())
	tt.Check(err)
	w := &countingWriter{f: f}
	tt.Check(trace.Start(w))
	results := make(chan int, 64)
	total := 0
	done := make(chan struct{})
	go func() {
		for n := range results {
			total += n
		}
		close(done)
	}()
	for id := 0; atomic.LoadInt64(&w.n) < traceBytes; {
		var wg sync.WaitGroup
		for k := 0; k < 500; k++ {
			wg.Add(1)
			go func(id int) {
				defer wg.Done()
				worker(id, results)
			}(id)
			id++
		}
		wg.Wait()
	}
	trace.Stop()
	close(results)
	<-done
	tt.Check(f.Close())
}
