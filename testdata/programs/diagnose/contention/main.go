// Command contention provokes the "contention" finding: 8 goroutines (main.worker) take
// one mutex 10 times each and hold it 2 ms (a sleep) each time, so the others queue on
// it: ~160 ms of holding, and several seconds of waits in total on the stack of
// main.worker's Lock.
package main

import (
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

const (
	workers = 8
	rounds  = 10
	hold    = 2 * time.Millisecond
)

func worker(mu *sync.Mutex, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; i < rounds; i++ {
		mu.Lock()
		time.Sleep(hold)
		mu.Unlock()
	}
}

func main() {
	tt.Run(func() {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := 0; i < workers; i++ {
			wg.Add(1)
			go worker(&mu, &wg)
		}
		wg.Wait()
	})
}
