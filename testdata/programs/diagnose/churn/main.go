// Command churn provokes the "churn" finding: 5,000 short-lived goroutines
// (main.job), created in batches of 50 as fast as they finish, each adding a number.
package main

import (
	"sync"

	"traceglass.test/programs/internal/tt"
)

const (
	jobs  = 5000
	batch = 50
)

var total int64
var mu sync.Mutex

func job(i int, wg *sync.WaitGroup) {
	mu.Lock()
	total += int64(i)
	mu.Unlock()
	wg.Done()
}

func main() {
	tt.Run(func() {
		var wg sync.WaitGroup
		for i := 0; i < jobs; i += batch {
			for k := 0; k < batch; k++ {
				wg.Add(1)
				go job(i+k, &wg)
			}
			wg.Wait()
		}
	})
}
