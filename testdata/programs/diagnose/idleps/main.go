// Command idleps provokes the "idle-ps" finding: Ps idle while goroutines are runnable.
// It runs itself again with every thread on one CPU (taskset) and GOMAXPROCS=4. A busy
// goroutine (main.driver) wakes three workers every millisecond; the threads that would
// take the idle Ps to run them wait for the one CPU, which the driver's thread holds, so
// the workers stay runnable beside idle Ps for stretches of a few hundred microseconds
// or more.
package main

import (
	"os"
	"os/exec"
	"runtime"
	"strings"

	"traceglass.test/programs/internal/tt"
)

const rounds = 400

var sink uint64

// spin does about d iterations of work that the compiler keeps.
func spin(n int) {
	var x uint64
	for i := 0; i < n; i++ {
		x += uint64(i) * uint64(i)
	}
	sink += x
}

func worker(wake <-chan struct{}, done chan<- struct{}) {
	for range wake {
		spin(20000)
		done <- struct{}{}
	}
}

func driver(wakes []chan struct{}, done chan struct{}) {
	for r := 0; r < rounds; r++ {
		spin(300000)
		for _, w := range wakes {
			w <- struct{}{}
		}
		spin(300000)
		for range wakes {
			<-done
		}
	}
}

// firstCPU is the first CPU this process may run on (from /proc/self/status).
func firstCPU() string {
	b, err := os.ReadFile("/proc/self/status")
	tt.Check(err)
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "Cpus_allowed_list:") {
			list := strings.TrimSpace(strings.TrimPrefix(line, "Cpus_allowed_list:"))
			return strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == '-' })[0]
		}
	}
	return "0"
}

func main() {
	out := tt.OutPath()
	if os.Getenv("IDLEPS_PINNED") == "" {
		cmd := exec.Command("taskset", "-c", firstCPU(), os.Args[0], out)
		cmd.Env = append(os.Environ(), "IDLEPS_PINNED=1")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		tt.Check(cmd.Run())
		return
	}
	runtime.GOMAXPROCS(4)
	tt.Run(func() {
		wakes := make([]chan struct{}, 3)
		done := make(chan struct{}, len(wakes))
		for i := range wakes {
			wakes[i] = make(chan struct{}, 1)
			go worker(wakes[i], done)
		}
		driver(wakes, done)
		for _, w := range wakes {
			close(w)
		}
	})
}
