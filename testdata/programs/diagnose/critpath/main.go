// Command critpath is the critical path's known answer: one request (a task of
// type "request") waits on a chain of three goroutines whose delays are known by
// construction. The request sends to A and waits for C's reply; A sleeps 100 ms
// and wakes B; B takes a mutex, wakes C and holds the mutex across a 150 ms
// sleep; C blocks on that mutex until B unlocks it, then sleeps 200 ms and
// replies. The request's critical path is therefore, from its start: A's sleep
// (100 ms), B's hold of the mutex (150 ms), C's sleep (200 ms), and only
// microseconds of running and scheduling between them.
package main

import (
	"context"
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

func main() {
	tt.Run(func() {
		var mu sync.Mutex
		toA := make(chan struct{})
		toB := make(chan struct{})
		toC := make(chan struct{})
		reply := make(chan struct{})
		go func() { // A
			<-toA
			time.Sleep(sleepA)
			toB <- struct{}{}
		}()
		go func() { // B
			<-toB
			mu.Lock()
			toC <- struct{}{}
			time.Sleep(holdB)
			mu.Unlock()
		}()
		go func() { // C
			<-toC
			mu.Lock()
			mu.Unlock()
			time.Sleep(sleepC)
			reply <- struct{}{}
		}()
		// Let the three goroutines block on their channels before the request.
		time.Sleep(10 * time.Millisecond)
		ctx, task := trace.NewTask(context.Background(), "request")
		trace.Log(ctx, "step", "send to A")
		toA <- struct{}{}
		<-reply
		task.End()
	})
}
