// Command sortcheck prints the permutations Go's slices.SortFunc produces, so that
// tests/go_sort_test.ts can check our port against the real thing.
//
// Input: one array per line, its int64 keys in decimal separated by spaces (an empty line
// is an empty array). Each key is paired with its position as id, the pairs are sorted by
// key alone, and the ids are printed in sorted order, one line per array.
package main

import (
	"bufio"
	"cmp"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
)

type pair struct {
	key int64
	id  int
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 0, 1<<20), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		fields := strings.Fields(in.Text())
		pairs := make([]pair, len(fields))
		for i, f := range fields {
			k, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			pairs[i] = pair{k, i}
		}
		slices.SortFunc(pairs, func(a, b pair) int { return cmp.Compare(a.key, b.key) })
		ids := make([]string, len(pairs))
		for i, p := range pairs {
			ids[i] = strconv.Itoa(p.id)
		}
		fmt.Fprintln(out, strings.Join(ids, " "))
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
