// Command gcassist takes a short trace in the middle of a GC mark phase, while
// hundreds of allocating goroutines on two Ps are preempted or parked in mark
// assists. Goroutines that do not run during the whole trace get their status
// from the runtime's trace-advance writer, which has no P: a GCMarkAssistActive
// event without a P in the first generation. Go's MutatorUtilizationV2 indexes
// its P table with that missing P and panics (the /mmu page fails for flags
// with assist). Whether a trace catches such a goroutine depends on timing:
// scripts/gen_testdata.sh reruns the program until one does.
package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/trace"
	"sync"
	"sync/atomic"
	"time"

	"traceglass.test/programs/internal/tt"
)

type node struct {
	next    *node
	payload [4]int64
}

var sinks [256]*node

func main() {
	out := tt.OutPath()
	runtime.GOMAXPROCS(2)
	debug.SetGCPercent(5)
	// A large pointer-rich live heap makes each mark phase long.
	live := make([]*node, 0, 1<<20)
	for i := 0; i < 1<<20; i++ {
		live = append(live, &node{})
	}
	var stop int32
	var wg sync.WaitGroup
	for g := 0; g < 512; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for atomic.LoadInt32(&stop) == 0 {
				var head *node
				for i := 0; i < 256; i++ {
					head = &node{next: head}
				}
				sinks[g%len(sinks)] = head
			}
		}(g)
	}
	time.Sleep(50 * time.Millisecond)
	f, err := os.Create(out)
	tt.Check(err)
	tt.Check(trace.Start(f))
	time.Sleep(10 * time.Millisecond)
	trace.Stop()
	atomic.StoreInt32(&stop, 1)
	wg.Wait()
	tt.Check(f.Close())
	runtime.KeepAlive(live)
}
