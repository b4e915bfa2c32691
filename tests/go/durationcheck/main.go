// Command durationcheck is the Go oracle for server/util/go_duration.ts and the
// histogram buckets of server/analysis/histogram.ts. Each stdin line is a request:
//
//	F <ns>        time.Duration(ns).String()
//	P <text>      time.ParseDuration(text): "ok <ns>" or "err <message>"
//	B <ns>        the TimeHistogram bucket of a sample of ns
//	M <bucket>    TimeHistogram.BucketMin(bucket) in ns
package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"time"
)

// As internal/trace/traceviewer/histogram.go (not importable from here).
var logDiv = math.Log(math.Pow(10, 1.0/5))

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(nil, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		line := in.Text()
		if len(line) < 2 {
			fmt.Fprintf(os.Stderr, "bad line %q\n", line)
			os.Exit(1)
		}
		arg := line[2:]
		switch line[0] {
		case 'F':
			ns, _ := strconv.ParseInt(arg, 10, 64)
			fmt.Fprintln(out, time.Duration(ns).String())
		case 'P':
			d, err := time.ParseDuration(arg)
			if err != nil {
				fmt.Fprintf(out, "err %s\n", strconv.Quote(err.Error()))
			} else {
				fmt.Fprintf(out, "ok %d\n", int64(d))
			}
		case 'B':
			ns, _ := strconv.ParseInt(arg, 10, 64)
			bucket := 0
			if ns > 0 {
				bucket = int(math.Log(float64(ns)) / logDiv)
			}
			fmt.Fprintln(out, bucket)
		case 'M':
			b, _ := strconv.Atoi(arg)
			fmt.Fprintln(out, int64(time.Duration(math.Exp(float64(b)*logDiv))))
		}
	}
}
