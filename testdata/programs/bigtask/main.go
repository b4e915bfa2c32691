// Command bigtask runs a whole pipeline inside one task, as a batch job does: a
// producer hands 52,000 items in batches to four workers, and each item's
// processing is a region, so the one task has over 100,000 events (region
// begins and ends, and a log per 1,000 items).
package main

import (
	"context"
	"runtime/trace"
	"sync"

	"traceglass.test/programs/internal/tt"
)

const (
	items   = 52000
	batch   = 200
	workers = 4
)

func process(n int) int {
	s := 0
	for k := 0; k < 50; k++ {
		s += k ^ n
	}
	return s
}

func main() {
	tt.Run(func() {
		ctx, task := trace.NewTask(context.Background(), "pipeline")
		batches := make(chan []int, workers)
		var wg sync.WaitGroup
		var mu sync.Mutex
		total := 0
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for b := range batches {
					for _, n := range b {
						trace.WithRegion(ctx, "item", func() {
							v := process(n)
							mu.Lock()
							total += v
							mu.Unlock()
						})
						if n%1000 == 0 {
							trace.Logf(ctx, "progress", "%d items", n)
						}
					}
				}
			}()
		}
		for i := 0; i < items; i += batch {
			b := make([]int, batch)
			for k := range b {
				b[k] = i + k
			}
			batches <- b
		}
		close(batches)
		wg.Wait()
		task.End()
	})
}
