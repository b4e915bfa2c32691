// Package tt holds the small amount of boilerplate shared by the test-trace
// programs: argument handling and starting/stopping runtime/trace.
package tt

import (
	"bufio"
	"fmt"
	"os"
	"runtime/trace"
)

// OutPath returns the output path given as the only command-line argument.
func OutPath() string {
	if len(os.Args) != 2 || os.Args[1] == "" {
		fmt.Fprintf(os.Stderr, "usage: %s OUT.trace\n", os.Args[0])
		os.Exit(2)
	}
	return os.Args[1]
}

// Create opens the output file named on the command line.
func Create() *os.File {
	f, err := os.Create(OutPath())
	Check(err)
	return f
}

// Check aborts the program on error.
func Check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// Tracer is a started execution trace writing to a file.
type Tracer struct {
	f *os.File
	w *bufio.Writer
}

// Start creates the output file and starts tracing into it.
func Start() *Tracer {
	f := Create()
	w := bufio.NewWriterSize(f, 64<<10)
	Check(trace.Start(w))
	return &Tracer{f: f, w: w}
}

// Stop stops tracing and flushes the trace file.
func (t *Tracer) Stop() {
	trace.Stop()
	Check(t.w.Flush())
	Check(t.f.Close())
}

// Run traces body and writes the trace to the path given on the command line.
func Run(body func()) {
	t := Start()
	body()
	t.Stop()
}
