// Command gomaxprocs changes GOMAXPROCS several times while goroutines are
// busy (each change stops the world and starts or stops Ps), including
// values larger than the number of CPUs and going down to 1.
package main

import (
	"runtime"
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

func main() {
	tt.Run(func() {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for i := 0; i < 6; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				x := i
				for n := 0; ; n++ {
					for k := 0; k < 20000; k++ {
						x = x*1103515245 + 12345
					}
					if n%4 == 0 {
						time.Sleep(50 * time.Microsecond)
					}
					select {
					case <-stop:
						return
					default:
					}
				}
			}(i)
		}
		orig := runtime.GOMAXPROCS(0)
		for _, p := range []int{1, 4, 2, 8, 1, 3, orig} {
			time.Sleep(8 * time.Millisecond)
			runtime.GOMAXPROCS(p)
		}
		time.Sleep(5 * time.Millisecond)
		close(stop)
		wg.Wait()
	})
}
