// Command mathcheck is the Go oracle for server/util/go_math.ts, go_format_float.ts and
// go_json.ts. Each stdin line is an operation on float64 bits (16 hex digits):
//
//	x <bits>               -> "<Exp bits> <Log bits> <%v> <json.Marshal or 'error'>"
//	f <bits> <bits> <bits> -> "<math.FMA bits>"
//	s [hex of bytes]       -> json.Marshal of the string
package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

func float(s string) float64 {
	b, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bad float bits %q\n", s)
		os.Exit(1)
	}
	return math.Float64frombits(b)
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		f := strings.Fields(in.Text())
		switch {
		case len(f) == 2 && f[0] == "x":
			x := float(f[1])
			j, err := json.Marshal(x)
			if err != nil {
				j = []byte("error")
			}
			fmt.Fprintf(out, "%016x %016x %v %s\n",
				math.Float64bits(math.Exp(x)), math.Float64bits(math.Log(x)), x, j)
		case len(f) == 4 && f[0] == "f":
			fmt.Fprintf(out, "%016x\n", math.Float64bits(math.FMA(float(f[1]), float(f[2]), float(f[3]))))
		case len(f) <= 2 && len(f) >= 1 && f[0] == "s":
			b, err := hex.DecodeString(strings.Join(f[1:], ""))
			if err != nil {
				fmt.Fprintf(os.Stderr, "bad hex %q\n", f[1])
				os.Exit(1)
			}
			j, _ := json.Marshal(string(b))
			fmt.Fprintf(out, "%s\n", j)
		default:
			fmt.Fprintf(os.Stderr, "bad line %q\n", in.Text())
			os.Exit(1)
		}
	}
}
