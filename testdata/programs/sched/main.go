// Command sched exercises the goroutine scheduler: goroutine creation, exit,
// blocking and unblocking on channels, blocking in select, a worker pool, a
// pipeline, runtime.Gosched and goroutines that are still blocked (or
// runnable, or running) when the trace ends.
package main

import (
	"runtime"
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

// pipeline passes values through a chain of stages connected by unbuffered
// channels, so every hand-off blocks one goroutine and unblocks another.
func pipeline(stages, items int) {
	first := make(chan int)
	in := first
	for i := 0; i < stages; i++ {
		out := make(chan int)
		go func(in <-chan int, out chan<- int, k int) {
			for v := range in {
				out <- v + k
			}
			close(out)
		}(in, out, i)
		in = out
	}
	go func() {
		for i := 0; i < items; i++ {
			first <- i
		}
		close(first)
	}()
	sum := 0
	for v := range in {
		sum += v
	}
	_ = sum
}

// workerPool distributes jobs over a buffered channel to a few workers.
func workerPool(workers, jobs int) {
	jobsCh := make(chan int, 8)
	results := make(chan int, 8)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for j := range jobsCh {
				x := j
				for k := 0; k < 2000; k++ {
					x = x*31 + k
				}
				if j%7 == 0 {
					runtime.Gosched()
				}
				results <- x
			}
		}(w)
	}
	go func() {
		for j := 0; j < jobs; j++ {
			jobsCh <- j
		}
		close(jobsCh)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	for range results {
	}
}

// selectLoop blocks in select statements over several channels, including a
// timeout case and a default-less select with a nil channel.
func selectLoop(rounds int) {
	a := make(chan int)
	b := make(chan string)
	quit := make(chan struct{})
	var never chan int // nil: a case on it never fires
	go func() {
		for i := 0; i < rounds; i++ {
			if i%2 == 0 {
				a <- i
			} else {
				b <- "x"
			}
			if i%10 == 0 {
				time.Sleep(200 * time.Microsecond)
			}
		}
		close(quit)
	}()
	for {
		select {
		case <-a:
		case <-b:
		case <-never:
		case <-time.After(50 * time.Millisecond):
		case <-quit:
			return
		}
	}
}

// fanOut starts many short-lived goroutines that exit quickly.
func fanOut(n int) {
	var wg sync.WaitGroup
	done := make(chan int, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			done <- i * i
		}(i)
	}
	wg.Wait()
	close(done)
	for range done {
	}
}

// leaveBlocked starts goroutines that are still blocked when tracing stops.
func leaveBlocked() {
	var mu sync.Mutex
	mu.Lock() // never unlocked
	recvBlocked := make(chan int)
	sendBlocked := make(chan int)
	started := make(chan struct{}, 8)
	go func() { started <- struct{}{}; <-recvBlocked }()
	go func() { started <- struct{}{}; sendBlocked <- 1 }()
	go func() {
		started <- struct{}{}
		select {
		case <-recvBlocked:
		case sendBlocked <- 2:
		}
	}()
	go func() { started <- struct{}{}; mu.Lock() }()
	go func() { started <- struct{}{}; time.Sleep(time.Hour) }()
	go func() { started <- struct{}{}; select {} }()
	for i := 0; i < 6; i++ {
		<-started
	}
	time.Sleep(5 * time.Millisecond)
	// A goroutine that is spinning (running or runnable) at the end.
	go func() {
		x := 0
		for {
			x++
			if x%1000000 == 0 {
				runtime.Gosched()
			}
		}
	}()
	time.Sleep(2 * time.Millisecond)
}

func main() {
	tt.Run(func() {
		pipeline(6, 400)
		workerPool(4, 600)
		selectLoop(400)
		fanOut(300)
		leaveBlocked()
	})
}
