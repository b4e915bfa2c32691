// Command goroutines creates many goroutines: some exist before tracing
// starts (blocked, so the trace must describe their initial state), thousands
// are created and exit during the trace, waves of goroutines block and are
// released together, and goroutines are created by other goroutines (deep
// creation chains).
package main

import (
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

func chain(depth int, wg *sync.WaitGroup) {
	defer wg.Done()
	if depth == 0 {
		return
	}
	wg.Add(1)
	go chain(depth-1, wg)
}

func main() {
	// Goroutines that already exist and are blocked when tracing starts.
	preRelease := make(chan struct{})
	var pre sync.WaitGroup
	for i := 0; i < 50; i++ {
		pre.Add(1)
		go func() {
			defer pre.Done()
			<-preRelease
		}()
	}
	time.Sleep(time.Millisecond)

	tt.Run(func() {
		close(preRelease) // unblock the pre-existing goroutines
		pre.Wait()

		// Waves: create goroutines that all block on one channel, then
		// release them together.
		for wave := 0; wave < 5; wave++ {
			gate := make(chan struct{})
			var wg sync.WaitGroup
			for i := 0; i < 400; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-gate
				}()
			}
			time.Sleep(500 * time.Microsecond)
			close(gate)
			wg.Wait()
		}

		// Short-lived goroutines that never block.
		var wg sync.WaitGroup
		for i := 0; i < 1500; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_ = i * i
			}(i)
		}
		wg.Wait()

		// A chain where each goroutine starts the next.
		wg.Add(1)
		go chain(200, &wg)
		wg.Wait()

		// Some still alive and blocked at the end.
		forever := make(chan struct{})
		for i := 0; i < 20; i++ {
			go func() { <-forever }()
		}
		time.Sleep(time.Millisecond)
	})
}
