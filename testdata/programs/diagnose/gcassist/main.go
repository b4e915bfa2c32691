// Command gcassist provokes the "gc-assist" finding: a 64 MiB live heap of pointers
// (so each GC has much to mark) and two goroutines (main.allocator) that allocate as
// fast as they can with GOGC=10, so the GC makes them assist in marking for a large
// share of their running time.
package main

import (
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

type node struct {
	next *node
	pad  [6]*int
}

var live *node
var sink []*node

func allocator(until time.Time, wg *sync.WaitGroup) {
	defer wg.Done()
	for time.Now().Before(until) {
		batch := make([]*node, 0, 256)
		for i := 0; i < 256; i++ {
			batch = append(batch, &node{})
		}
		sink = batch
	}
}

func main() {
	runtime.GOMAXPROCS(2)
	for i := 0; i < 1<<20; i++ { // 64 MiB of 64-byte nodes
		live = &node{next: live}
	}
	debug.SetGCPercent(10)
	tt.Run(func() {
		var wg sync.WaitGroup
		until := time.Now().Add(150 * time.Millisecond)
		for i := 0; i < 2; i++ {
			wg.Add(1)
			go allocator(until, &wg)
		}
		wg.Wait()
	})
	runtime.KeepAlive(live)
}
