// Command knownchange writes the trace of a small program in two versions that differ by
// two known changes, for the trace-diff test: with -after, (1) a holder goroutine keeps a
// mutex for HoldMs while Waiters goroutines wait for it (Waiters × HoldMs of extra sync
// blocking), and (2) a new goroutine runs an allocation loop for AllocMs of wall-clock
// time (AllocMs of extra execution). Everything else is the same in both versions; the
// CPU profiler runs while tracing. Usage: knownchange [-after] out.trace
package main

import (
	"flag"
	"io"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"sync"
	"time"
)

// The known values the test expects back (keep in step with the test).
const (
	Waiters = 3
	HoldMs  = 100
	AllocMs = 250
)

var (
	mu    sync.Mutex
	sink  int
	sinkM sync.Mutex
)

//go:noinline
func holder(ready chan struct{}, hold time.Duration, done *sync.WaitGroup) {
	defer done.Done()
	mu.Lock()
	close(ready)
	if hold > 0 {
		time.Sleep(hold)
	}
	mu.Unlock()
}

//go:noinline
func waiter(ready chan struct{}, done *sync.WaitGroup) {
	defer done.Done()
	<-ready
	mu.Lock()
	sink++
	mu.Unlock()
}

//go:noinline
func allocLoop(d time.Duration, done *sync.WaitGroup) {
	defer done.Done()
	end := time.Now().Add(d)
	n := 0
	for time.Now().Before(end) {
		for i := 0; i < 64; i++ {
			s := make([]int, 32)
			s[i%32] = i
			n += s[3]
		}
	}
	sinkM.Lock()
	sink += n
	sinkM.Unlock()
}

// worker is the same in both versions: a little work and sleep, over and over.
//
//go:noinline
func worker(done *sync.WaitGroup) {
	defer done.Done()
	for i := 0; i < 20; i++ {
		sinkM.Lock()
		sink += i
		sinkM.Unlock()
		time.Sleep(5 * time.Millisecond)
	}
}

func main() {
	after := flag.Bool("after", false, "the second version: with the two known changes")
	flag.Parse()
	if flag.NArg() != 1 {
		log.Fatal("usage: knownchange [-after] out.trace")
	}
	runtime.GOMAXPROCS(4)
	// GC workers exist in both versions before tracing starts.
	runtime.GC()
	f, err := os.Create(flag.Arg(0))
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(io.Discard); err != nil {
		log.Fatal(err)
	}
	if err := trace.Start(f); err != nil {
		log.Fatal(err)
	}
	var done sync.WaitGroup
	ready := make(chan struct{})
	for i := 0; i < Waiters; i++ {
		done.Add(1)
		go waiter(ready, &done)
	}
	for i := 0; i < 2; i++ {
		done.Add(1)
		go worker(&done)
	}
	if *after {
		done.Add(1)
		go allocLoop(AllocMs*time.Millisecond, &done)
	}
	time.Sleep(20 * time.Millisecond) // the waiters are blocked on ready
	var hold time.Duration
	if *after {
		hold = HoldMs * time.Millisecond
	}
	done.Add(1)
	go holder(ready, hold, &done)
	// A fixed span, so the main goroutine's time is the same in both versions.
	time.Sleep(500 * time.Millisecond)
	trace.Stop()
	pprof.StopCPUProfile()
	done.Wait()
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
