// Command gc exercises the garbage collector: allocation-heavy goroutines
// that trigger GC cycles with mark assists, a growing and shrinking live
// heap, explicit runtime.GC calls, debug.SetGCPercent changes, finalizers and
// debug.FreeOSMemory.
package main

import (
	"runtime"
	"runtime/debug"
	"sync"

	"traceglass.test/programs/internal/tt"
)

type node struct {
	left, right *node
	payload     [6]int64
}

func buildTree(depth int) *node {
	if depth == 0 {
		return &node{}
	}
	return &node{left: buildTree(depth - 1), right: buildTree(depth - 1)}
}

var sink interface{}

// churn allocates short-lived garbage of assorted sizes.
func churn(iters int) {
	for i := 0; i < iters; i++ {
		switch i % 4 {
		case 0:
			sink = make([]byte, 64)
		case 1:
			sink = make([]byte, 512)
		case 2:
			sink = make([]int, 100)
		default:
			sink = &node{}
		}
	}
}

func main() {
	tt.Run(func() {
		// Live heap that keeps the marker busy.
		live := make([]*node, 0, 8)
		for i := 0; i < 4; i++ {
			live = append(live, buildTree(10))
		}
		var wg sync.WaitGroup
		for g := 0; g < 3; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				churn(20000)
			}()
		}
		wg.Wait()

		runtime.GC() // explicit, blocking GC

		old := debug.SetGCPercent(20) // collect more often
		churn(5000)
		debug.SetGCPercent(old)

		// Finalizers run on the finalizer goroutine.
		for i := 0; i < 20; i++ {
			x := new(node)
			runtime.SetFinalizer(x, func(*node) {})
		}
		live = live[:1]      // drop most of the live heap
		debug.FreeOSMemory() // forces a GC and returns memory to the OS

		// One large allocation.
		sink = make([]byte, 8<<20)
		churn(4000)
		runtime.KeepAlive(live)
	})
}
