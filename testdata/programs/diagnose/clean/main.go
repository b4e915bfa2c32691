// Command clean provokes no finding: a small pipeline of three stages over 200 items,
// a lightly used mutex, 10 tasks of similar length and goroutines that all end. Nothing
// in it reaches any rule's threshold.
package main

import (
	"context"
	"runtime/trace"
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

func stage(in <-chan int, out chan<- int, mu *sync.Mutex, sum *int) {
	for v := range in {
		mu.Lock()
		*sum += v
		mu.Unlock()
		out <- v + 1
	}
	close(out)
}

func main() {
	tt.Run(func() {
		var mu sync.Mutex
		sum := 0
		for t := 0; t < 10; t++ {
			_, task := trace.NewTask(context.Background(), "batch")
			a, b, c := make(chan int), make(chan int), make(chan int)
			go stage(a, b, &mu, &sum)
			go stage(b, c, &mu, &sum)
			go func() {
				for i := 0; i < 20; i++ {
					a <- i
				}
				close(a)
			}()
			for range c {
			}
			task.End()
			time.Sleep(2 * time.Millisecond)
		}
	})
}
