// Command knownchange writes the trace of a small program in two versions that differ by
// two known changes, for the trace-diff test. With -after: (1) a goroutine runs an
// allocation loop for AllocMs of wall-clock time (AllocMs of extra execution), then (2)
// a holder goroutine keeps a mutex for HoldMs while Waiters goroutines wait for it
// (Waiters × HoldMs of extra sync blocking). The phases do not overlap, nothing else
// differs, the GC is off (no cycle starts by chance in one version only), and the CPU
// profiler runs while tracing. Usage: knownchange [-after] out.trace
//
// It prints what it measured of the two on its own clock, as JSON: the waiters' total
// time in Lock, the hold and the allocation loop's run (on a busy machine the OS can
// stretch a nominal 100 ms hold, so the test compares with these).
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"sync"
	"sync/atomic"
	"time"
)

// The nominal changes (keep in step with the test).
const (
	Waiters = 3
	HoldMs  = 100
	AllocMs = 250
)

var (
	mu   sync.Mutex
	sink atomic.Int64
	keep []byte // where each allocation escapes to

	// Measured on the program's clock (ns).
	waitNs, holdNs, allocNs atomic.Int64
)

//go:noinline
func holder(ready chan struct{}, hold time.Duration, done *sync.WaitGroup) {
	defer done.Done()
	mu.Lock()
	start := time.Now()
	close(ready)
	// Held by spinning, not sleeping: a timer's wake-up comes late on a busy machine,
	// a spin ends on time.
	for end := time.Now().Add(hold); time.Now().Before(end); {
	}
	holdNs.Store(int64(time.Since(start)))
	mu.Unlock()
}

//go:noinline
func waiter(ready chan struct{}, done *sync.WaitGroup) {
	defer done.Done()
	<-ready
	start := time.Now()
	mu.Lock()
	waitNs.Add(int64(time.Since(start)))
	sink.Add(1)
	mu.Unlock()
}

// allocLoop allocates a small object per microsecond or so of work: some 20 MB in all,
// which the program keeps no reference to.
//
//go:noinline
func allocLoop(d time.Duration, done *sync.WaitGroup) {
	defer done.Done()
	start := time.Now()
	end := start.Add(d)
	h := uint64(14695981039346656037)
	for time.Now().Before(end) {
		b := make([]byte, 64)
		keep = b
		for i := 0; i < 1000; i++ {
			h ^= uint64(i)
			h *= 1099511628211
		}
		b[h%64] = byte(h)
		h += uint64(b[3])
	}
	allocNs.Store(int64(time.Since(start)))
	sink.Add(int64(h & 1))
}

func main() {
	after := flag.Bool("after", false, "the second version: with the two known changes")
	flag.Parse()
	if flag.NArg() != 1 {
		log.Fatal("usage: knownchange [-after] out.trace")
	}
	runtime.GOMAXPROCS(2)
	runtime.GC()
	debug.SetGCPercent(-1)
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
	t0 := time.Now()
	var done sync.WaitGroup
	ready := make(chan struct{})
	for i := 0; i < Waiters; i++ {
		done.Add(1)
		go waiter(ready, &done)
	}
	if *after {
		done.Add(1)
		go allocLoop(AllocMs*time.Millisecond, &done)
	}
	time.Sleep(time.Until(t0.Add(300 * time.Millisecond)))
	var hold time.Duration
	if *after {
		hold = HoldMs * time.Millisecond
	}
	done.Add(1)
	go holder(ready, hold, &done)
	// A fixed span, so the main goroutine's time is the same in both versions.
	time.Sleep(time.Until(t0.Add(500 * time.Millisecond)))
	trace.Stop()
	pprof.StopCPUProfile()
	done.Wait()
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("{\"waitNs\": %d, \"holdNs\": %d, \"allocNs\": %d}\n", waitNs.Load(), holdNs.Load(), allocNs.Load())
}
