//go:build go1.23

// Command coroutines exercises iter.Pull and iter.Pull2 (Go 1.23+), which run
// the iterator in a coroutine: each next() call switches goroutines directly
// (GoSwitch events in the trace). It also uses range-over-func, stops
// iterators early, nests pulls, and leaves a pull iterator suspended at the
// end of the trace.
package main

import (
	"iter"
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func squares(seq iter.Seq[int]) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for v := range seq {
			if !yield(v, v*v) {
				return
			}
		}
	}
}

// slowSource blocks (sleeps) inside the iterator now and then, so the
// coroutine goroutine itself blocks.
func slowSource(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if i%50 == 0 {
				time.Sleep(100 * time.Microsecond)
			}
			if !yield(i) {
				return
			}
		}
	}
}

func pullAll(n int) int {
	next, stop := iter.Pull(count(n))
	defer stop()
	sum := 0
	for {
		v, ok := next()
		if !ok {
			return sum
		}
		sum += v
	}
}

func pull2Early(n int) int {
	next, stop := iter.Pull2(squares(count(n)))
	sum := 0
	for i := 0; i < n/2; i++ {
		_, sq, ok := next()
		if !ok {
			break
		}
		sum += sq
	}
	stop() // stop early: the iterator sees yield return false
	return sum
}

// zip pulls from two iterators in lockstep (two coroutines).
func zip(a, b iter.Seq[int]) int {
	na, sa := iter.Pull(a)
	defer sa()
	nb, sb := iter.Pull(b)
	defer sb()
	sum := 0
	for {
		x, ok1 := na()
		y, ok2 := nb()
		if !ok1 || !ok2 {
			return sum
		}
		sum += x * y
	}
}

var keep func() (int, bool)

func main() {
	tt.Run(func() {
		total := 0
		total += pullAll(500)
		total += pull2Early(400)
		total += zip(count(300), slowSource(300))
		for v := range count(100) { // plain range-over-func, no coroutine
			total += v
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := pullAll(300) + zip(count(100), count(100))
				mu.Lock()
				total += s
				mu.Unlock()
			}()
		}
		wg.Wait()
		// Leave a coroutine suspended mid-iteration when tracing stops.
		next, _ := iter.Pull(slowSource(1000))
		next()
		next()
		keep = next
		_ = total
	})
}
