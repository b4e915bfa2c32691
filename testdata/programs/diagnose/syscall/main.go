// Command syscall provokes the "syscall-held" finding: one goroutine (main.sleeper)
// makes 20 nanosleep system calls of 1.5 ms each. With Ps idle, the runtime does not take
// the P from a syscall shorter than 10 ms, so each keeps its P: ~30 ms in total. (Short
// calls: on a loaded machine a sleep may overrun 10 ms and lose its P; most do not.)
package main

import (
	"syscall"
	"time"

	"traceglass.test/programs/internal/tt"
)

const (
	calls = 20
	each  = 1500 * time.Microsecond
)

func sleeper(done chan struct{}) {
	ts := syscall.NsecToTimespec(int64(each))
	for i := 0; i < calls; i++ {
		syscall.Nanosleep(&ts, nil)
	}
	close(done)
}

func main() {
	tt.Run(func() {
		done := make(chan struct{})
		go sleeper(done)
		<-done
	})
}
