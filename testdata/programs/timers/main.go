// Command timers exercises timers: time.Sleep of various lengths, time.After,
// time.NewTimer with Stop and Reset, a Ticker, time.AfterFunc callbacks,
// context deadlines and select statements that race a channel against a
// timeout.
package main

import (
	"context"
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

func sleepers(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 10; j++ {
				time.Sleep(time.Duration(100+i*50) * time.Microsecond)
			}
		}(i)
	}
	wg.Wait()
}

func after(rounds int) {
	for i := 0; i < rounds; i++ {
		<-time.After(200 * time.Microsecond)
	}
}

func timerStopReset() {
	t := time.NewTimer(time.Hour)
	for i := 0; i < 20; i++ {
		if !t.Stop() {
			<-t.C
		}
		t.Reset(100 * time.Microsecond)
		<-t.C
		t.Reset(time.Hour)
	}
	t.Stop()
}

func ticker(ticks int) {
	tk := time.NewTicker(300 * time.Microsecond)
	defer tk.Stop()
	for i := 0; i < ticks; i++ {
		<-tk.C
	}
}

func afterFunc(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		time.AfterFunc(time.Duration(i)*100*time.Microsecond, wg.Done)
	}
	wg.Wait()
}

func contextTimeouts() {
	for i := 0; i < 10; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Microsecond)
		work := make(chan int)
		go func(i int) {
			// Every other worker is too slow and loses the race.
			if i%2 == 0 {
				time.Sleep(100 * time.Microsecond)
			} else {
				time.Sleep(2 * time.Millisecond)
			}
			select {
			case work <- i:
			case <-ctx.Done():
			}
		}(i)
		select {
		case <-work:
		case <-ctx.Done():
		}
		cancel()
	}
}

func selectTimeout() {
	ch := make(chan int)
	go func() {
		for i := 0; i < 10; i++ {
			time.Sleep(time.Duration(i%3) * time.Millisecond)
			ch <- i
		}
	}()
	got := 0
	for got < 10 {
		select {
		case <-ch:
			got++
		case <-time.After(1500 * time.Microsecond):
		}
	}
}

func main() {
	tt.Run(func() {
		sleepers(8)
		after(30)
		timerStopReset()
		ticker(40)
		afterFunc(30)
		contextTimeouts()
		selectTimeout()
		go time.Sleep(time.Hour) // still sleeping at trace end
		time.Sleep(time.Millisecond)
	})
}
