// Command sched provokes the "sched-latency" finding: with GOMAXPROCS=1, a goroutine
// (main.spinner) keeps the only P busy and, every ~0.1 ms of work, wakes main.ticker
// with a channel send that does not block. The ticker is then runnable until the
// scheduler preempts the spinner (~10 ms later), 110 times: its p99 wait from runnable
// to running is about 10 ms.
package main

import (
	"runtime"
	"sync/atomic"

	"traceglass.test/programs/internal/tt"
)

const ticks = 110

var sink uint64

func spinner(stop *int32, wake chan struct{}, done chan struct{}) {
	for atomic.LoadInt32(stop) == 0 {
		var x uint64
		for i := uint64(0); i < 100000; i++ {
			x += i * i
		}
		sink += x
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	close(done)
}

func ticker(wake chan struct{}, done chan struct{}) {
	for i := 0; i < ticks; i++ {
		<-wake
	}
	close(done)
}

func main() {
	runtime.GOMAXPROCS(1)
	tt.Run(func() {
		var stop int32
		wake := make(chan struct{})
		spun := make(chan struct{})
		ticked := make(chan struct{})
		go ticker(wake, ticked)
		go spinner(&stop, wake, spun)
		<-ticked
		atomic.StoreInt32(&stop, 1)
		<-spun
	})
}
