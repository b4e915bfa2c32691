// Command tinytrace writes a short runtime/trace execution trace to the file named by its
// argument, touching the common event kinds (goroutines, blocking, GC, syscalls, user
// annotations with awkward strings, coroutine switches, optionally CPU samples) so tests
// can compare traceglass with `go tool trace` on a real, current trace.
//
// Usage: tinytrace [-cpu] out.trace
package main

import (
	"context"
	"flag"
	"iter"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"sync"
	"time"
)

func main() {
	cpu := flag.Bool("cpu", false, "also record a CPU profile, so the trace has CPU samples")
	flag.Parse()
	if flag.NArg() != 1 {
		log.Fatal("usage: tinytrace [-cpu] out.trace")
	}
	f, err := os.Create(flag.Arg(0))
	if err != nil {
		log.Fatal(err)
	}
	if *cpu {
		if err := pprof.StartCPUProfile(discard{}); err != nil {
			log.Fatal(err)
		}
	}
	if err := trace.Start(f); err != nil {
		log.Fatal(err)
	}
	work(*cpu)
	trace.Stop()
	if *cpu {
		pprof.StopCPUProfile()
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

func work(spin bool) {
	ctx, task := trace.NewTask(context.Background(), "tiny task")
	defer task.End()
	// Strings that exercise strconv.Quote in -d=wire: escapes, non-ASCII, invalid UTF-8.
	trace.Log(ctx, "quote\t\"me\"", "h\u00e9llo \u2028 \U0001F600 \x00\xff\xfe end\n")
	trace.WithRegion(ctx, "channels", func() {
		var wg sync.WaitGroup
		ch := make(chan int)
		for i := range 4 {
			wg.Go(func() {
				ch <- i
			})
		}
		for range 4 {
			<-ch
		}
		wg.Wait()
	})
	trace.WithRegion(ctx, "mutex", func() {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				mu.Lock()
				time.Sleep(time.Millisecond)
				mu.Unlock()
			})
		}
		wg.Wait()
	})
	runtime.GC()
	if f, err := os.CreateTemp("", "tinytrace"); err == nil {
		f.Write(make([]byte, 4096))
		f.Close()
		os.Remove(f.Name())
	}
	next, stop := iter.Pull(count(3))
	for _, ok := next(); ok; _, ok = next() {
	}
	stop()
	if spin {
		// Burn CPU long enough for the profiler to take samples.
		deadline := time.Now().Add(150 * time.Millisecond)
		x := 0
		for time.Now().Before(deadline) {
			x++
		}
		sink = x
	}
}

var sink int

func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
