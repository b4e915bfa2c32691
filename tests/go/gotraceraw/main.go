// Command gotraceraw converts between Go's raw text trace format and wire bytes, with
// Go's own reader and writer (x/exp/trace/internal/raw, generated from the standard
// library's internal/trace/raw). It stands in for Go's gotraceraw test tool, which
// shipped with Go up to 1.23 only, and keeps its interface: read stdin, write stdout,
// print the error and exit 1 on failure (after writing what was converted so far).
//
// Usage: gotraceraw text2bytes|bytes2text
package main

import (
	"bufio"
	"io"
	"log"
	"os"

	"golang.org/x/exp/trace/internal/raw"
	"golang.org/x/exp/trace/internal/version"
)

type reader interface {
	Version() version.Version
	ReadEvent() (raw.Event, error)
}

type writer interface {
	WriteEvent(raw.Event) error
}

func main() {
	log.SetFlags(0)
	if len(os.Args) != 2 {
		log.Fatal("usage: gotraceraw text2bytes|bytes2text")
	}
	out := bufio.NewWriter(os.Stdout)
	err := convert(os.Args[1], os.Stdin, out)
	out.Flush()
	if err != nil {
		log.Fatal(err)
	}
}

func convert(mode string, in io.Reader, out io.Writer) error {
	var r reader
	var w writer
	var err error
	switch mode {
	case "text2bytes":
		var tr *raw.TextReader
		if tr, err = raw.NewTextReader(in); err != nil {
			return err
		}
		r = tr
		w, err = raw.NewWriter(out, tr.Version())
	case "bytes2text":
		var br *raw.Reader
		if br, err = raw.NewReader(bufio.NewReader(in)); err != nil {
			return err
		}
		r = br
		w, err = raw.NewTextWriter(out, br.Version())
	default:
		log.Fatalf("unknown mode %q: want text2bytes or bytes2text", mode)
	}
	if err != nil {
		return err
	}
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := w.WriteEvent(ev); err != nil {
			return err
		}
	}
}
