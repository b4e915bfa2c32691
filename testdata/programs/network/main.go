// Command network exercises the network poller over loopback TCP only
// (127.0.0.1, ephemeral ports): an echo server with several concurrent
// clients, a small HTTP server with a client making requests, read deadlines
// that expire, and a listener still blocked in Accept when the trace ends.
package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"traceglass.test/programs/internal/tt"
)

func listen() net.Listener {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	tt.Check(err)
	return ln
}

// echo runs a line-based echo server and some clients talking to it.
func echo(clients, lines int) {
	ln := listen()
	var srv sync.WaitGroup
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			srv.Add(1)
			go func(c net.Conn) {
				defer srv.Done()
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if _, err := io.WriteString(c, strings.ToUpper(line)); err != nil {
						return
					}
				}
			}(c)
		}
	}()
	var wg sync.WaitGroup
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c, err := net.Dial("tcp", ln.Addr().String())
			tt.Check(err)
			defer c.Close()
			r := bufio.NewReader(c)
			for j := 0; j < lines; j++ {
				fmt.Fprintf(c, "client %d line %d\n", i, j)
				if _, err := r.ReadString('\n'); err != nil {
					panic(err)
				}
				if j%25 == 0 {
					time.Sleep(300 * time.Microsecond)
				}
			}
		}(i)
	}
	wg.Wait()
	ln.Close()
	srv.Wait()
}

// httpRoundTrips serves a couple of handlers over loopback HTTP.
func httpRoundTrips(requests int) {
	ln := listen()
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello %s\n", r.URL.Query().Get("n"))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(time.Millisecond)
		w.Write([]byte(strings.Repeat("z", 4096)))
	})
	server := &http.Server{Handler: mux}
	go server.Serve(ln)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	base := "http://" + ln.Addr().String()
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < requests; i++ {
				path := fmt.Sprintf("/hello?n=%d", i)
				if i%10 == 0 {
					path = "/slow"
				}
				resp, err := client.Get(base + path)
				tt.Check(err)
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}(w)
	}
	wg.Wait()
	server.Close()
}

// deadlines reads from a connection that never sends anything, so that read
// deadlines expire and wake the blocked reader.
func deadlines() {
	ln := listen()
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			accepted <- c
		}
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	tt.Check(err)
	defer c.Close()
	peer := <-accepted
	defer peer.Close()
	buf := make([]byte, 16)
	for i := 0; i < 3; i++ {
		c.SetReadDeadline(time.Now().Add(2 * time.Millisecond))
		if _, err := c.Read(buf); err == nil {
			panic("expected timeout")
		}
	}
}

// leaveAccepting leaves a goroutine blocked in Accept and one blocked reading
// from an idle connection when tracing stops.
func leaveAccepting() {
	ln := listen()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		buf := make([]byte, 1)
		c.Read(buf) // blocks: the client never writes
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	tt.Check(err)
	_ = c
	go func() { ln2 := listen(); ln2.Accept() }()
	time.Sleep(2 * time.Millisecond)
}

func main() {
	tt.Run(func() {
		echo(4, 150)
		httpRoundTrips(40)
		deadlines()
		leaveAccepting()
	})
}
