//go:build go1.25

// Command flightrecorder uses the Go 1.25 flight recorder
// (runtime/trace.FlightRecorder): it keeps a rolling window of trace data in
// memory while a workload runs, and writes a snapshot of that window to the
// output file when an "interesting" event happens (here: a slow request).
// The snapshot is a complete trace that starts in the middle of the program's
// execution.
package main

import (
	"context"
	"runtime"
	"runtime/trace"
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

var sink []byte

func request(ctx context.Context, id int) time.Duration {
	start := time.Now()
	ctx, task := trace.NewTask(ctx, "request")
	defer task.End()
	trace.Logf(ctx, "id", "%d", id)
	trace.WithRegion(ctx, "work", func() {
		for i := 0; i < 200; i++ {
			sink = make([]byte, 256)
		}
		d := 100 * time.Microsecond
		if id == 150 {
			d = 20 * time.Millisecond // the slow request that triggers a snapshot
		}
		time.Sleep(d)
	})
	return time.Since(start)
}

func main() {
	out := tt.Create()
	defer out.Close()

	fr := trace.NewFlightRecorder(trace.FlightRecorderConfig{
		MinAge:   200 * time.Millisecond,
		MaxBytes: 128 << 10,
	})
	tt.Check(fr.Start())

	// Activity before the interesting window (it may fall out of the buffer).
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				sink = make([]byte, 512)
			}
		}()
	}
	wg.Wait()
	runtime.GC()

	var once sync.Once
	var snapErr error
	ctx := context.Background()
	sem := make(chan struct{}, 3)
	for id := 0; id < 200; id++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(id int) {
			defer wg.Done()
			defer func() { <-sem }()
			if d := request(ctx, id); d > 10*time.Millisecond {
				once.Do(func() {
					trace.Log(ctx, "snapshot", "slow request, writing flight recorder snapshot")
					_, snapErr = fr.WriteTo(out)
				})
			}
		}(id)
	}
	wg.Wait()
	fr.Stop()
	tt.Check(snapErr)
}
