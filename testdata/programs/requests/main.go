// Command requests is what a user of a request-serving program traces when one
// request is slow: 1,600 tasks of one type ("request"), each on its own
// goroutine, with regions and logs; a lock that a "database" goroutine holds
// across a slow call (a 15 ms sleep), on which some requests block; work
// handed to a worker pool over channels; file writes; and one request slower
// than all others (it sleeps 60 ms inside its task and logs "slowest").
// Request goroutines block for many reasons, so their group's breakdown has
// many columns.
package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime/trace"
	"strconv"
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

const (
	requests = 1600
	slowest  = 1234 // the request that sleeps 60 ms
)

type job struct {
	n     int
	reply chan int
}

// db holds mu across a slow call, as code that keeps a lock around a database
// round trip does.
func db(mu *sync.Mutex, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	for {
		select {
		case <-stop:
			return
		default:
		}
		mu.Lock()
		time.Sleep(15 * time.Millisecond)
		mu.Unlock()
		time.Sleep(2 * time.Millisecond)
	}
}

func worker(jobs <-chan job) {
	for j := range jobs {
		s := 0
		for k := 0; k < 2000+j.n%1000; k++ {
			s += k * j.n
		}
		j.reply <- s
	}
}

func request(ctx context.Context, id int, mu *sync.Mutex, jobs chan<- job, f *os.File, fmu *sync.Mutex, wg *sync.WaitGroup) {
	defer wg.Done()
	ctx, task := trace.NewTask(ctx, "request")
	defer task.End()
	trace.Logf(ctx, "id", "%d", id)
	var buf []byte
	trace.WithRegion(ctx, "parse", func() {
		buf = []byte("request-" + strconv.Itoa(id) + "\n")
	})
	if id%40 == 0 {
		trace.WithRegion(ctx, "cache.get", func() {
			mu.Lock()
			buf = append(buf, '.')
			mu.Unlock()
		})
	}
	trace.WithRegion(ctx, "compute", func() {
		reply := make(chan int)
		jobs <- job{n: id, reply: reply}
		<-reply
	})
	if id%8 == 0 {
		select {
		case <-time.After(200 * time.Microsecond):
		case <-ctx.Done():
		}
	}
	if id%10 == 0 {
		trace.WithRegion(ctx, "journal", func() {
			fmu.Lock()
			_, err := f.Write(buf)
			fmu.Unlock()
			tt.Check(err)
		})
	}
	if id == slowest {
		trace.Log(ctx, "note", "slowest")
		time.Sleep(60 * time.Millisecond)
	}
}

func main() {
	tt.Run(func() {
		dir, err := os.MkdirTemp("", "requests")
		tt.Check(err)
		defer os.RemoveAll(dir)
		f, err := os.Create(filepath.Join(dir, "journal"))
		tt.Check(err)
		defer f.Close()

		var mu, fmu sync.Mutex
		stop, done := make(chan struct{}), make(chan struct{})
		go db(&mu, stop, done)
		jobs := make(chan job)
		for w := 0; w < 4; w++ {
			go worker(jobs)
		}
		var wg sync.WaitGroup
		ctx := context.Background()
		for i := 0; i < requests; i++ {
			wg.Add(1)
			go request(ctx, i, &mu, jobs, f, &fmu, &wg)
			if i%20 == 19 {
				time.Sleep(time.Millisecond)
			}
		}
		wg.Wait()
		close(jobs)
		close(stop)
		<-done
	})
}
