// Command cpuwork burns CPU in tasks, regions and goroutine groups while the CPU
// profiler runs, so the trace holds many CPU samples to attribute (Go 1.19 and later):
// two task types, each with regions of two types; a task begun on one goroutine whose
// work runs in a region on a pooled worker; a goroutine created inside a region (it
// inherits the region's task); and a spinner outside every task.
package main

import (
	"context"
	"io"
	"runtime/pprof"
	"runtime/trace"
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

var sink uint64

//go:noinline
func hashFor(d time.Duration) uint64 {
	h := uint64(14695981039346656037)
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		for i := 0; i < 2000; i++ {
			h ^= uint64(i)
			h *= 1099511628211
		}
	}
	return h
}

//go:noinline
func sortFor(d time.Duration) uint64 {
	a := make([]int, 400)
	var s uint64
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		for i := range a {
			a[i] = (i * 7919) % len(a)
		}
		for i := 1; i < len(a); i++ {
			for j := i; j > 0 && a[j-1] > a[j]; j-- {
				a[j-1], a[j] = a[j], a[j-1]
			}
		}
		s += uint64(a[0])
	}
	return s
}

var mu sync.Mutex

func add(v uint64) {
	mu.Lock()
	sink += v
	mu.Unlock()
}

//go:noinline
func renderWorker(ctx context.Context, wg *sync.WaitGroup, n int) {
	defer wg.Done()
	for i := 0; i < n; i++ {
		ctx, task := trace.NewTask(ctx, "render")
		add(hashFor(3 * time.Millisecond)) // in the task, outside its regions
		trace.WithRegion(ctx, "layout", func() { add(sortFor(6 * time.Millisecond)) })
		trace.WithRegion(ctx, "paint", func() {
			// A helper created inside a region inherits the task.
			var hw sync.WaitGroup
			hw.Add(1)
			go paintHelper(&hw)
			add(hashFor(4 * time.Millisecond))
			hw.Wait()
		})
		task.End()
		time.Sleep(time.Millisecond)
	}
}

//go:noinline
func paintHelper(wg *sync.WaitGroup) {
	defer wg.Done()
	add(hashFor(3 * time.Millisecond))
}

type job struct {
	ctx  context.Context
	done chan struct{}
}

//go:noinline
func compressWorker(jobs <-chan job) {
	for j := range jobs {
		trace.WithRegion(j.ctx, "deflate", func() { add(sortFor(5 * time.Millisecond)) })
		close(j.done)
	}
}

//go:noinline
func compressClient(ctx context.Context, wg *sync.WaitGroup, jobs chan<- job, n int) {
	defer wg.Done()
	for i := 0; i < n; i++ {
		ctx, task := trace.NewTask(ctx, "compress")
		trace.WithRegion(ctx, "checksum", func() { add(hashFor(2 * time.Millisecond)) })
		j := job{ctx, make(chan struct{})}
		jobs <- j
		<-j.done
		task.End()
	}
}

//go:noinline
func spinner(wg *sync.WaitGroup, d time.Duration) {
	defer wg.Done()
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		add(hashFor(2 * time.Millisecond))
		time.Sleep(500 * time.Microsecond)
	}
}

func main() {
	tt.Run(func() {
		tt.Check(pprof.StartCPUProfile(io.Discard))
		ctx := context.Background()
		var wg sync.WaitGroup
		jobs := make(chan job)
		go compressWorker(jobs)
		go compressWorker(jobs)
		wg.Add(4)
		go renderWorker(ctx, &wg, 60)
		go compressClient(ctx, &wg, jobs, 90)
		go compressClient(ctx, &wg, jobs, 90)
		go spinner(&wg, 900*time.Millisecond)
		wg.Wait()
		close(jobs)
		pprof.StopCPUProfile()
	})
}
