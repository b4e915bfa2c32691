// Command generations writes a small trace of several generations (the runtime
// starts one about every second) whose state crosses the boundaries: a task
// and regions begun in one generation and ended in a later one, a goroutine
// blocked for the whole trace, one in a long syscall (a sleep in a pipe read),
// a GC in flight across a boundary, and steady light work in between. It is
// what tests of decoding one generation alone, or part of a trace, need.
package main

import (
	"context"
	"runtime"
	"runtime/trace"
	"sync"
	"syscall"
	"time"

	"traceglass.test/programs/internal/tt"
)

var sink [][]byte

func main() {
	t := tt.Start()
	ctx, outer := trace.NewTask(context.Background(), "outer")
	region := trace.StartRegion(ctx, "long-region")

	// Blocked for the whole trace.
	never := make(chan struct{})
	go func() { <-never }()

	// A read that waits across generations in a blocking syscall (a raw pipe).
	var fds [2]int
	tt.Check(syscall.Pipe(fds[:]))
	done := make(chan struct{})
	go func() {
		buf := make([]byte, 1)
		syscall.Read(fds[0], buf)
		close(done)
	}()

	var wg sync.WaitGroup
	stop := make(chan struct{})
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				trace.WithRegion(ctx, "tick", func() {
					sink = append(sink, make([]byte, 1024))
					if len(sink) > 256 {
						sink = sink[:0]
					}
				})
				if n%20 == 0 {
					trace.Logf(ctx, "worker", "%d at %d", i, n)
				}
				time.Sleep(20 * time.Millisecond)
			}
		}(i)
	}
	deadline := time.Now().Add(4500 * time.Millisecond)
	for time.Now().Before(deadline) {
		time.Sleep(700 * time.Millisecond)
		runtime.GC()
	}
	close(stop)
	wg.Wait()
	syscall.Write(fds[1], []byte{1})
	<-done
	region.End()
	outer.End()
	t.Stop()
}
