// Command leak provokes the "leak" finding: 20 goroutines (main.waiter) block on a
// channel receive that never comes and are still blocked when the trace ends, ~200 ms
// later. A clean helper goroutine ends normally.
package main

import (
	"time"

	"traceglass.test/programs/internal/tt"
)

const leaked = 20

func waiter(ch chan int) {
	<-ch
}

func main() {
	tt.Run(func() {
		never := make(chan int)
		for i := 0; i < leaked; i++ {
			go waiter(never)
		}
		done := make(chan struct{})
		go func() {
			time.Sleep(10 * time.Millisecond)
			close(done)
		}()
		<-done
		time.Sleep(200 * time.Millisecond)
	})
}
