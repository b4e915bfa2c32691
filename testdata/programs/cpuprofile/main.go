// Command cpuprofile runs the CPU profiler (writing to io.Discard) while
// tracing and burns CPU in several goroutines with distinct call stacks, so
// the trace contains CPU samples (Go 1.19 and later).
package main

import (
	"io"
	"runtime/pprof"
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

//go:noinline
func hashLoop(n int) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < n; i++ {
		h ^= uint64(i)
		h *= 1099511628211
	}
	return h
}

//go:noinline
func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

//go:noinline
func sortish(a []int) int {
	n := len(a)
	for i := range a {
		a[i] = (i * 7919) % n
	}
	// insertion sort: deliberately slow
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j-1] > a[j]; j-- {
			a[j-1], a[j] = a[j], a[j-1]
		}
	}
	return a[0]
}

var sink uint64

func main() {
	tt.Run(func() {
		tt.Check(pprof.StartCPUProfile(io.Discard))
		deadline := time.Now().Add(400 * time.Millisecond)
		var wg sync.WaitGroup
		var mu sync.Mutex
		buf := make([]int, 1500) // allocated once: this program is about CPU, not GC
		work := []func(){
			func() { v := hashLoop(200000); mu.Lock(); sink += v; mu.Unlock() },
			func() { v := fib(22); mu.Lock(); sink += uint64(v); mu.Unlock() },
			func() { v := sortish(buf); mu.Lock(); sink += uint64(v); mu.Unlock() },
		}
		for i, w := range work {
			wg.Add(1)
			go func(i int, w func()) {
				defer wg.Done()
				for time.Now().Before(deadline) {
					w()
					if i == 0 {
						time.Sleep(200 * time.Microsecond)
					}
				}
			}(i, w)
		}
		wg.Wait()
		pprof.StopCPUProfile()
	})
}
