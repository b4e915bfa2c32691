// Command stacks produces events with unusual stacks: very deep recursion
// (deeper than the tracer's stack depth limit), generic functions, methods on
// pointer and value receivers, closures nested in closures, anonymous
// functions in init, and goroutines created from deep stacks.
package main

import (
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

var blockCh = make(chan struct{})

//go:noinline
func recurse(n int, wg *sync.WaitGroup) {
	if n == 0 {
		// Block and then create a goroutine at the bottom of a deep stack.
		time.Sleep(100 * time.Microsecond)
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(100 * time.Microsecond)
		}()
		return
	}
	recurse(n-1, wg)
}

type number interface {
	~int | ~int64 | ~float64
}

//go:noinline
func sumAndBlock[T number](xs []T, ch chan T) {
	var s T
	for _, x := range xs {
		s += x
	}
	ch <- s
}

type worker struct{ id int }

//go:noinline
func (w *worker) ptrMethod(ch chan int) { ch <- w.id }

//go:noinline
func (w worker) valueMethod(ch chan int) { ch <- w.id * 2 }

var initDone chan struct{}

func init() {
	initDone = make(chan struct{})
	go func() {
		<-blockCh // still blocked at trace end; created from init
	}()
	close(initDone)
}

func main() {
	tt.Run(func() {
		var wg sync.WaitGroup
		for _, depth := range []int{10, 50, 100, 200, 500} {
			recurse(depth, &wg)
		}
		wg.Wait()

		ci := make(chan int)
		cf := make(chan float64)
		go sumAndBlock([]int{1, 2, 3}, ci)
		go sumAndBlock([]float64{1.5, 2.5}, cf)
		<-ci
		<-cf

		w := &worker{id: 7}
		go w.ptrMethod(ci)
		go w.valueMethod(ci)
		<-ci
		<-ci

		outer := func(k int) func() {
			return func() {
				inner := func() {
					time.Sleep(time.Duration(k) * 50 * time.Microsecond)
				}
				inner()
			}
		}
		for k := 1; k <= 3; k++ {
			wg.Add(1)
			f := outer(k)
			go func() {
				defer wg.Done()
				f()
			}()
		}
		wg.Wait()
		<-initDone
	})
}
