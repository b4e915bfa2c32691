// Command tasklatency provokes the "task-latency" finding: 40 "request" tasks, 30 of
// which take ~1 ms (a sleep) and 10 ~60 ms: two modes, 60× apart (far enough that a
// loaded machine's oversleeping does not move a task from one to the other).
package main

import (
	"context"
	"runtime/trace"
	"time"

	"traceglass.test/programs/internal/tt"
)

const (
	fast  = 30
	slow  = 10
	fastD = 1 * time.Millisecond
	slowD = 60 * time.Millisecond
)

func request(d time.Duration) {
	_, task := trace.NewTask(context.Background(), "request")
	time.Sleep(d)
	task.End()
}

func main() {
	tt.Run(func() {
		for i := 0; i < fast+slow; i++ {
			d := fastD
			if i%4 == 3 {
				d = slowD
			}
			request(d)
		}
	})
}
