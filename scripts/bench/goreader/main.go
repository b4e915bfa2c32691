// Command goreader reads every event of a trace with golang.org/x/exp/trace, the way a
// Go program would, and reports the count, the time taken and its peak RSS. It is the
// Go baseline for `deno task bench`; it is not part of traceglass.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/exp/trace"
)

func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	start := time.Now()
	r, err := trace.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	n := 0
	var readErr string
	for {
		_, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			readErr = err.Error()
			break
		}
		n++
	}
	elapsed := time.Since(start)
	json.NewEncoder(os.Stdout).Encode(map[string]any{
		"events": n,
		"ms":     float64(elapsed.Microseconds()) / 1000,
		"rssKB":  peakRSS(),
		"error":  readErr,
	})
}

// peakRSS reads VmHWM from /proc/self/status (Linux).
func peakRSS() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb int
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%d", &kb)
			return kb
		}
	}
	return 0
}
