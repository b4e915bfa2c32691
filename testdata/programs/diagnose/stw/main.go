// Command stw provokes the "stw" finding: stop-the-world pauses of 5 ms or more. With
// asynchronous preemption off (the program runs itself again with
// GODEBUG=asyncpreemptoff=1), a loop without function calls cannot be stopped, so each
// runtime.GC's stop-the-world waits for the loop's remaining ~10 ms.
package main

import (
	"os"
	"os/exec"
	"runtime"
	"time"

	"traceglass.test/programs/internal/tt"
)

var sink uint64

// spin loops for about d without a function call (no preemption point).
func spin(d time.Duration) {
	end := time.Now().Add(d)
	for {
		var x uint64
		for i := uint64(0); i < 1<<20; i++ {
			x += i * i
		}
		sink += x
		if time.Now().After(end) {
			return
		}
	}
}

// loop runs a preemption-free inner loop for about 20 ms per outer step.
func loop(stop chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		var x uint64
		for i := uint64(0); i < 20_000_000; i++ {
			x += i ^ (i >> 3)
		}
		sink += x
	}
}

func main() {
	if os.Getenv("GODEBUG") != "asyncpreemptoff=1" {
		cmd := exec.Command(os.Args[0], os.Args[1:]...)
		cmd.Env = append(os.Environ(), "GODEBUG=asyncpreemptoff=1")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		tt.Check(cmd.Run())
		return
	}
	runtime.GOMAXPROCS(2)
	tt.Run(func() {
		stop := make(chan struct{})
		go loop(stop)
		time.Sleep(5 * time.Millisecond)
		for i := 0; i < 5; i++ {
			runtime.GC()
			time.Sleep(3 * time.Millisecond)
		}
		close(stop)
		spin(0)
	})
}
