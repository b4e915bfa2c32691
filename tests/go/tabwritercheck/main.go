// Command tabwritercheck is the Go oracle for server/util/tabwriter.ts. Each stdin line is
// a JSON case; for each it writes the JSON-quoted output of text/tabwriter on one line.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
)

type testCase struct {
	Minwidth, Tabwidth, Padding int
	Padchar                     string
	Writes                      []string
	Flush                       bool
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var c testCase
		if err := json.Unmarshal(in.Bytes(), &c); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var sb strings.Builder
		w := tabwriter.NewWriter(&sb, c.Minwidth, c.Tabwidth, c.Padding, c.Padchar[0], 0)
		for _, s := range c.Writes {
			w.Write([]byte(s))
		}
		if c.Flush {
			w.Flush()
		}
		b, _ := json.Marshal(sb.String())
		out.Write(b)
		out.WriteByte('\n')
	}
}
