// Command floatcheck is the Go oracle for server/util/go_float.ts: for each stdin line
// "<float64 bits as 16 hex digits> <precision>" it writes fmt.Sprintf("%.<precision>f").
package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		bits, prec, ok := strings.Cut(in.Text(), " ")
		b, err1 := strconv.ParseUint(bits, 16, 64)
		p, err2 := strconv.Atoi(prec)
		if !ok || err1 != nil || err2 != nil {
			fmt.Fprintf(os.Stderr, "bad line %q\n", in.Text())
			os.Exit(1)
		}
		fmt.Fprintf(out, "%.*f\n", p, math.Float64frombits(b))
	}
}
