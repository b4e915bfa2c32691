// Command annotations exercises user annotations from runtime/trace: nested
// tasks, tasks that span several goroutines, nested regions, regions started
// with WithRegion and StartRegion, logs with and without categories, a task
// and a region that began before tracing started, tasks and regions that are
// still open when tracing stops, and task/region/log strings with hostile
// contents (HTML, quotes, newlines, non-ASCII UTF-8, an invalid UTF-8 byte, a
// NUL byte and a very long string).
package main

import (
	"context"
	"fmt"
	"runtime/trace"
	"strings"
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

const (
	hostileHTML  = `<script>alert(1)</script>`
	hostileQuote = `quotes: "double" 'single' ` + "`back`" + ` \backslash\ &amp; </title>`
	hostileLines = "line one\nline two\r\n\ttabbed line"
	hostileUTF8  = "héllo wörld ✓ 日本語 🚀 Ω≈ç√"
	hostileBad   = "invalid utf8: \xff\xfe end"
	hostileNUL   = "nul byte: \x00 after nul"
)

func spin(n int) int {
	x := 0
	for i := 0; i < n; i++ {
		x += i * i
	}
	return x
}

// handleRequest is a typical annotated request: one task, a few regions on
// the goroutine running the task, and sub-work on other goroutines.
func handleRequest(ctx context.Context, id int) {
	ctx, task := trace.NewTask(ctx, "request")
	defer task.End()
	trace.Logf(ctx, "request-id", "%d", id)
	trace.WithRegion(ctx, "parse", func() {
		spin(20000)
	})
	trace.WithRegion(ctx, "process", func() {
		var wg sync.WaitGroup
		for part := 0; part < 3; part++ {
			wg.Add(1)
			go func(part int) {
				defer wg.Done()
				// A child task per part, run on another goroutine.
				cctx, sub := trace.NewTask(ctx, "part")
				defer sub.End()
				trace.WithRegion(cctx, "compute", func() {
					spin(10000 * (part + 1))
					trace.WithRegion(cctx, "inner", func() {
						time.Sleep(100 * time.Microsecond)
					})
				})
				trace.Log(cctx, "part-done", fmt.Sprint(part))
			}(part)
		}
		wg.Wait()
	})
	r := trace.StartRegion(ctx, "respond")
	time.Sleep(200 * time.Microsecond)
	r.End()
}

// nested builds deep task and region nesting.
func nested(ctx context.Context, depth int) {
	if depth == 0 {
		trace.Log(ctx, "", "bottom reached (empty category)")
		return
	}
	ctx, task := trace.NewTask(ctx, fmt.Sprintf("level-%d", depth))
	defer task.End()
	trace.WithRegion(ctx, fmt.Sprintf("region-level-%d", depth), func() {
		trace.Logf(ctx, "depth", "%d", depth)
		nested(ctx, depth-1)
	})
}

// hostile uses awkward strings as task types, region types, log categories
// and log messages.
func hostile(ctx context.Context) {
	all := []string{hostileHTML, hostileQuote, hostileLines, hostileUTF8, hostileBad, hostileNUL}
	for _, s := range all {
		tctx, task := trace.NewTask(ctx, s)
		trace.WithRegion(tctx, s, func() {
			trace.Log(tctx, s, s)
		})
		trace.Log(tctx, "message", s)
		task.End()
	}
	trace.Log(ctx, hostileHTML, "category is html; message: "+hostileHTML)
	trace.Log(ctx, "long", strings.Repeat("0123456789abcdef", 300)) // 4800 bytes
	trace.WithRegion(ctx, "", func() {})                            // empty region type
	_, empty := trace.NewTask(ctx, "")                              // empty task type
	empty.End()
}

// crossGoroutine ends a task on a different goroutine than the one that
// started it and logs into it from several goroutines.
func crossGoroutine(ctx context.Context) {
	tctx, task := trace.NewTask(ctx, "handoff")
	done := make(chan struct{})
	go func() {
		trace.Log(tctx, "handoff", "logged from goroutine B")
		time.Sleep(200 * time.Microsecond)
		task.End()
		close(done)
	}()
	trace.Log(tctx, "handoff", "logged from goroutine A")
	<-done
	// Logging into an ended task is allowed too.
	trace.Log(tctx, "handoff", "logged after the task ended")
}

func main() {
	// Started before tracing: the trace sees only their end.
	early, earlyTask := trace.NewTask(context.Background(), "started-before-trace")
	earlyRegion := trace.StartRegion(early, "region-started-before-trace")

	t := tt.Start()
	ctx, mainTask := trace.NewTask(context.Background(), "main")
	trace.Log(ctx, "phase", "start")
	earlyRegion.End()
	earlyTask.End()

	var wg sync.WaitGroup
	for i := 0; i < 30; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			handleRequest(ctx, i)
		}(i)
		time.Sleep(100 * time.Microsecond)
	}
	wg.Wait()
	nested(ctx, 6)
	hostile(ctx)
	crossGoroutine(ctx)

	// Left open at trace end: a task, a region on the main goroutine and a
	// region on a goroutine that blocks forever.
	_ = trace.StartRegion(ctx, "unfinished-main-region")
	openCtx, _ := trace.NewTask(ctx, "unfinished-task")
	trace.Log(openCtx, "phase", "this task never ends")
	started := make(chan struct{})
	go func() {
		trace.StartRegion(openCtx, "unfinished-blocked-region")
		close(started)
		select {}
	}()
	<-started
	trace.Log(ctx, "phase", "stopping")
	t.Stop() // mainTask is never ended either
	_ = mainTask
}
