// Command sync exercises the synchronization primitives of package sync:
// contended Mutex and RWMutex, Cond (Wait/Signal/Broadcast), WaitGroup, Once
// and a bounded queue built from a Mutex and two Conds.
package main

import (
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

func spin(n int) int {
	x := 1
	for i := 0; i < n; i++ {
		x = x*1664525 + 1013904223
	}
	return x
}

// contendedMutex has several goroutines fight over one lock while holding it
// for a little while, so that most Lock calls block.
func contendedMutex(goroutines, iters int) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	shared := 0
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < iters; i++ {
				mu.Lock()
				shared += spin(3000)
				if i%5 == 0 {
					time.Sleep(50 * time.Microsecond) // sleep while holding the lock
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

// readersWriters mixes many readers with an occasional writer.
func readersWriters(readers, iters int) {
	var rw sync.RWMutex
	var wg sync.WaitGroup
	m := map[int]int{}
	for r := 0; r < readers; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			for i := 0; i < iters; i++ {
				rw.RLock()
				_ = m[i%16]
				spin(500)
				rw.RUnlock()
			}
		}(r)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < iters/4; i++ {
			rw.Lock()
			m[i%16] = spin(2000)
			rw.Unlock()
			time.Sleep(100 * time.Microsecond)
		}
	}()
	wg.Wait()
}

// boundedQueue is a classic producer/consumer queue using sync.Cond.
type boundedQueue struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	items    []int
	max      int
	closed   bool
}

func newBoundedQueue(max int) *boundedQueue {
	q := &boundedQueue{max: max}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	return q
}

func (q *boundedQueue) put(v int) {
	q.mu.Lock()
	for len(q.items) >= q.max {
		q.notFull.Wait()
	}
	q.items = append(q.items, v)
	q.notEmpty.Signal()
	q.mu.Unlock()
}

func (q *boundedQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.notEmpty.Broadcast()
	q.mu.Unlock()
}

func (q *boundedQueue) get() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.notEmpty.Wait()
	}
	if len(q.items) == 0 {
		return 0, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	q.notFull.Signal()
	return v, true
}

func condQueue(producers, consumers, items int) {
	q := newBoundedQueue(4)
	var pwg, cwg sync.WaitGroup
	for p := 0; p < producers; p++ {
		pwg.Add(1)
		go func(p int) {
			defer pwg.Done()
			for i := 0; i < items; i++ {
				q.put(p*items + i)
			}
		}(p)
	}
	for c := 0; c < consumers; c++ {
		cwg.Add(1)
		go func() {
			defer cwg.Done()
			for {
				v, ok := q.get()
				if !ok {
					return
				}
				spin(v % 1000)
			}
		}()
	}
	pwg.Wait()
	q.close()
	cwg.Wait()
}

// broadcastBarrier wakes a group of waiters at once with Cond.Broadcast.
func broadcastBarrier(waiters, rounds int) {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	gen := 0
	var wg sync.WaitGroup
	for w := 0; w < waiters; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			for seen := 0; seen < rounds; {
				for gen == seen {
					cond.Wait()
				}
				seen = gen
			}
			mu.Unlock()
		}()
	}
	for r := 1; r <= rounds; r++ {
		time.Sleep(300 * time.Microsecond)
		mu.Lock()
		gen = r
		cond.Broadcast()
		mu.Unlock()
	}
	wg.Wait()
}

// onceAndWaitGroup has many goroutines race through a sync.Once and wait on
// a WaitGroup that is released by a single goroutine.
func onceAndWaitGroup(n int) {
	var once sync.Once
	var ready sync.WaitGroup
	ready.Add(1)
	var all sync.WaitGroup
	for i := 0; i < n; i++ {
		all.Add(1)
		go func() {
			defer all.Done()
			once.Do(func() { time.Sleep(time.Millisecond) })
			ready.Wait()
		}()
	}
	time.Sleep(2 * time.Millisecond)
	ready.Done()
	all.Wait()
}

// leaveCondWaiter leaves one goroutine waiting on a Cond at trace end.
func leaveCondWaiter() {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	started := make(chan struct{})
	go func() {
		mu.Lock()
		close(started)
		cond.Wait()
		mu.Unlock()
	}()
	<-started
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { wg.Wait() }() // blocked on a WaitGroup forever
	time.Sleep(time.Millisecond)
}

func main() {
	tt.Run(func() {
		contendedMutex(4, 60)
		readersWriters(4, 200)
		condQueue(3, 3, 200)
		broadcastBarrier(6, 20)
		onceAndWaitGroup(50)
		leaveCondWaiter()
	})
}
