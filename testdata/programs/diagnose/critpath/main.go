// Command critpath is the critical path's known answer: one request (a task of
// type "request") waits on a chain of three goroutines whose delays are known by
// construction. The request sends to A and waits for C's reply; A sleeps 100 ms
// and wakes B; B takes a mutex, wakes C and holds the mutex across a 150 ms
// sleep; C blocks on that mutex until B unlocks it, then sleeps 200 ms and
// replies. The request's critical path is therefore, from its start: A's sleep
// (100 ms), B's hold of the mutex (150 ms), C's sleep (200 ms), and only
// microseconds of running and scheduling between them.
//
// A loaded machine oversleeps, so each goroutine also measures its sleep and logs
// it in the task ("measured": "A 100123456", in ns): the test compares the path's
// segments with what the program measured.
package main

import (
	"context"
	"fmt"
	"runtime/trace"
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

const (
	sleepA = 100 * time.Millisecond
	holdB  = 150 * time.Millisecond
	sleepC = 200 * time.Millisecond
)

func measured(ctx context.Context, who string, d time.Duration) {
	trace.Log(ctx, "measured", fmt.Sprintf("%s %d", who, d.Nanoseconds()))
}

func main() {
	tt.Run(func() {
		var mu sync.Mutex
		toA := make(chan context.Context)
		toB := make(chan context.Context)
		toC := make(chan context.Context)
		reply := make(chan struct{})
		go func() { // A
			ctx := <-toA
			t0 := time.Now()
			time.Sleep(sleepA)
			measured(ctx, "A", time.Since(t0))
			toB <- ctx
		}()
		go func() { // B
			ctx := <-toB
			mu.Lock()
			toC <- ctx
			t0 := time.Now()
			time.Sleep(holdB)
			held := time.Since(t0)
			mu.Unlock()
			measured(ctx, "B", held)
		}()
		go func() { // C
			ctx := <-toC
			mu.Lock()
			mu.Unlock()
			t0 := time.Now()
			time.Sleep(sleepC)
			measured(ctx, "C", time.Since(t0))
			reply <- struct{}{}
		}()
		// Let the three goroutines block on their channels before the request.
		time.Sleep(10 * time.Millisecond)
		ctx, task := trace.NewTask(context.Background(), "request")
		trace.Log(ctx, "step", "send to A")
		toA <- ctx
		<-reply
		task.End()
	})
}
