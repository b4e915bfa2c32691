// Command quotecheck is the Go oracle for server/util/go_quote.ts.
//
//	quotecheck quote   reads lines of hex-encoded bytes on stdin and writes
//	                   strconv.Quote of each, one per line.
//	quotecheck table   writes the printable-rune run table embedded in
//	                   go_quote.ts (alternating non-printable/printable run
//	                   lengths from U+0000, base 36, comma separated).
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: quotecheck quote|table")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "quote":
		quoteLines()
	case "table":
		printTable()
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", os.Args[1])
		os.Exit(2)
	}
}

func quoteLines() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		b, err := hex.DecodeString(in.Text())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out.WriteString(strconv.Quote(string(b)))
		out.WriteByte('\n')
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func printTable() {
	var runs []string
	printable, start := false, rune(0)
	for r := rune(0); r <= utf8.MaxRune+1; r++ {
		p := r <= utf8.MaxRune && strconv.IsPrint(r)
		if p != printable || r > utf8.MaxRune {
			runs = append(runs, strconv.FormatInt(int64(r-start), 36))
			printable, start = p, r
		}
	}
	fmt.Println(strings.Join(runs, ","))
}
