// Command service is a small but realistic program: an HTTP service on
// loopback with annotated requests (a task per request, regions for its
// phases, logs), a mutex-protected cache, JSON encoding, file I/O from a
// background flusher, allocation-driven GC, a CPU profile running in the
// background, and a client generating load from several goroutines. It runs
// for about 1.5 seconds, so newer Go versions split the trace into several
// generations.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

type item struct {
	ID     int               `json:"id"`
	Name   string            `json:"name"`
	Tags   []string          `json:"tags"`
	Values map[string]int    `json:"values"`
	Extra  map[string]string `json:"extra,omitempty"`
}

type cache struct {
	mu    sync.Mutex
	items map[int]*item
	hits  int
	miss  int
}

func (c *cache) get(ctx context.Context, id int) *item {
	defer trace.StartRegion(ctx, "cache.get").End()
	c.mu.Lock()
	defer c.mu.Unlock()
	if it, ok := c.items[id]; ok {
		c.hits++
		return it
	}
	c.miss++
	it := &item{ID: id, Name: "item-" + strconv.Itoa(id), Tags: []string{"a", "b", "c"}, Values: map[string]int{}}
	for k := 0; k < 20; k++ {
		it.Values["k"+strconv.Itoa(k)] = id * k
	}
	c.items[id] = it
	if len(c.items) > 64 {
		for k := range c.items {
			delete(c.items, k)
			break
		}
	}
	return it
}

type journal struct {
	mu      sync.Mutex
	pending [][]byte
	f       *os.File
}

func (j *journal) add(line string) {
	j.mu.Lock()
	j.pending = append(j.pending, []byte(line))
	j.mu.Unlock()
}

func (j *journal) flush(ctx context.Context) {
	defer trace.StartRegion(ctx, "journal.flush").End()
	j.mu.Lock()
	batch := j.pending
	j.pending = nil
	j.mu.Unlock()
	for _, b := range batch {
		j.f.Write(b)
	}
	j.f.Sync()
	trace.Logf(ctx, "journal", "flushed %d lines", len(batch))
}

func main() {
	dir, err := os.MkdirTemp("", "traceglass-service-")
	tt.Check(err)
	defer os.RemoveAll(dir)
	jf, err := os.Create(filepath.Join(dir, "journal.log"))
	tt.Check(err)
	defer jf.Close()
	tt.Check(os.WriteFile(filepath.Join(dir, "template.txt"), make([]byte, 8192), 0o644))

	tt.Run(func() {
		tt.Check(pprof.StartCPUProfile(io.Discard))
		defer pprof.StopCPUProfile()

		c := &cache{items: map[int]*item{}}
		j := &journal{f: jf}

		mux := http.NewServeMux()
		mux.HandleFunc("/item", func(w http.ResponseWriter, r *http.Request) {
			ctx, task := trace.NewTask(r.Context(), "GET /item")
			defer task.End()
			id, _ := strconv.Atoi(r.URL.Query().Get("id"))
			trace.Logf(ctx, "id", "%d", id)
			var it *item
			trace.WithRegion(ctx, "lookup", func() { it = c.get(ctx, id) })
			trace.WithRegion(ctx, "template", func() {
				data, err := os.ReadFile(filepath.Join(dir, "template.txt"))
				if err == nil && len(data) == 0 {
					trace.Log(ctx, "warning", "empty template")
				}
			})
			trace.WithRegion(ctx, "encode", func() {
				w.Header().Set("Content-Type", "application/json")
				json.NewEncoder(w).Encode(it)
			})
			j.add(fmt.Sprintf("served item %d\n", id))
		})
		mux.HandleFunc("/report", func(w http.ResponseWriter, r *http.Request) {
			ctx, task := trace.NewTask(r.Context(), "GET /report")
			defer task.End()
			trace.WithRegion(ctx, "aggregate", func() {
				// CPU-heavy: shows up in CPU samples.
				h := 0
				for i := 0; i < 3000000; i++ {
					h = h*31 + i
				}
				c.mu.Lock()
				fmt.Fprintf(w, "hits=%d miss=%d h=%d\n", c.hits, c.miss, h)
				c.mu.Unlock()
			})
		})

		ln, err := net.Listen("tcp", "127.0.0.1:0")
		tt.Check(err)
		srv := &http.Server{Handler: mux}
		go srv.Serve(ln)
		base := "http://" + ln.Addr().String()

		ctx, bg := trace.NewTask(context.Background(), "background")
		stopFlusher := make(chan struct{})
		flusherDone := make(chan struct{})
		go func() {
			defer close(flusherDone)
			tk := time.NewTicker(100 * time.Millisecond)
			defer tk.Stop()
			for {
				select {
				case <-tk.C:
					j.flush(ctx)
				case <-stopFlusher:
					j.flush(ctx)
					return
				}
			}
		}()

		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
		deadline := time.Now().Add(1500 * time.Millisecond)
		var wg sync.WaitGroup
		for u := 0; u < 4; u++ {
			wg.Add(1)
			go func(u int) {
				defer wg.Done()
				uctx, utask := trace.NewTask(context.Background(), "client")
				defer utask.End()
				trace.Logf(uctx, "user", "user %d starting", u)
				for n := 0; time.Now().Before(deadline); n++ {
					path := fmt.Sprintf("/item?id=%d", (n*7+u)%100)
					if n%40 == 39 {
						path = "/report"
					}
					resp, err := client.Get(base + path)
					if err != nil {
						trace.Log(uctx, "error", err.Error())
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					time.Sleep(time.Duration(7+2*u) * time.Millisecond)
				}
			}(u)
		}
		wg.Wait()
		close(stopFlusher)
		<-flusherDone
		bg.End()
		srv.Close()
	})
}
