// Command syscalls exercises system calls: file creation, writes, fsync,
// reads, stat and directory listing in a temporary directory, an os.Pipe used
// through the network poller, a pipe switched to blocking mode (so that reads
// block inside the read system call and the P is handed off), and a child
// process started and waited for.
package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

func fileIO(dir string, files, chunks int) {
	buf := bytes.Repeat([]byte("traceglass syscall test data\n"), 512) // ~15 KB
	var wg sync.WaitGroup
	for i := 0; i < files; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			name := filepath.Join(dir, "file"+string(rune('a'+i))+".dat")
			f, err := os.Create(name)
			tt.Check(err)
			for c := 0; c < chunks; c++ {
				_, err := f.Write(buf)
				tt.Check(err)
			}
			tt.Check(f.Sync())
			tt.Check(f.Close())
			data, err := os.ReadFile(name)
			tt.Check(err)
			if len(data) != len(buf)*chunks {
				panic("short read")
			}
			_, err = os.Stat(name)
			tt.Check(err)
			// Small reads to make many read syscalls.
			f, err = os.Open(name)
			tt.Check(err)
			small := make([]byte, 4096)
			for {
				_, err := f.Read(small)
				if err == io.EOF {
					break
				}
				tt.Check(err)
			}
			tt.Check(f.Close())
		}(i)
	}
	wg.Wait()
	entries, err := os.ReadDir(dir)
	tt.Check(err)
	for _, e := range entries {
		tt.Check(os.Remove(filepath.Join(dir, e.Name())))
	}
}

// pollerPipe streams data through an os.Pipe; reads and writes park the
// goroutines in the network poller.
func pollerPipe(messages int) {
	r, w, err := os.Pipe()
	tt.Check(err)
	done := make(chan int)
	go func() {
		total := 0
		buf := make([]byte, 1024)
		for {
			n, err := r.Read(buf)
			total += n
			if err == io.EOF {
				break
			}
			tt.Check(err)
		}
		r.Close()
		done <- total
	}()
	msg := bytes.Repeat([]byte{'p'}, 700)
	for i := 0; i < messages; i++ {
		_, err := w.Write(msg)
		tt.Check(err)
		if i%20 == 0 {
			time.Sleep(100 * time.Microsecond)
		}
	}
	w.Close()
	<-done
}

// blockingPipe calls Fd on the read end, which puts it into blocking mode:
// the reader then blocks inside the read system call until the writer, which
// sleeps between writes, sends more data.
func blockingPipe(messages int) {
	r, w, err := os.Pipe()
	tt.Check(err)
	_ = r.Fd() // switch to blocking mode
	done := make(chan struct{})
	go func() {
		buf := make([]byte, 64)
		for {
			_, err := r.Read(buf)
			if err == io.EOF {
				break
			}
			tt.Check(err)
		}
		r.Close()
		close(done)
	}()
	for i := 0; i < messages; i++ {
		time.Sleep(2 * time.Millisecond) // long enough for sysmon to retake the P
		_, err := w.Write([]byte("tick"))
		tt.Check(err)
	}
	w.Close()
	<-done
}

// childProcess forks and waits for a short-lived child.
func childProcess() {
	path, err := exec.LookPath("true")
	if err != nil {
		return
	}
	for i := 0; i < 2; i++ {
		cmd := exec.Command(path)
		tt.Check(cmd.Run())
	}
}

func main() {
	dir, err := os.MkdirTemp("", "traceglass-syscalls-")
	tt.Check(err)
	defer os.RemoveAll(dir)
	tt.Run(func() {
		fileIO(dir, 4, 40)
		pollerPipe(300)
		blockingPipe(12)
		childProcess()
	})
}
