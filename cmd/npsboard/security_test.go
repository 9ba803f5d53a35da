package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/relay"
)

// The relay's HTTP limits hold against clients that send slowly or too much: headers that
// never end, a body that trickles, headers too large. The limits are the relay's own, with
// the times shortened for the test.
func TestTheRelayCutsSlowAndOversizedClients(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "j.jsonl")
	r, err := relay.New(relay.Config{Journal: journal, Decoder: &feed.Decoder{}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// The journal holds customers' words: only its user may read it.
	if fi, err := os.Stat(journal); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the journal's mode: %v %v", fi.Mode(), err)
	}
	limits := relayLimits
	limits.readHeader, limits.read, limits.write = 200*time.Millisecond, 400*time.Millisecond, 400*time.Millisecond
	srv := limits.server(r.Handler(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()

	// closedWithin sends what, then waits for the server to answer or hang up.
	closedWithin := func(what string) (time.Duration, string) {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		start := time.Now()
		c.Write([]byte(what))
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		reply, _ := io.ReadAll(c)
		return time.Since(start), string(reply)
	}
	if d, _ := closedWithin("POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "); d > 2*time.Second {
		t.Errorf("headers that never end held the connection %v", d)
	}
	if d, _ := closedWithin("POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{\"id\":"); d > 2*time.Second {
		t.Errorf("a body that trickles held the connection %v", d)
	}
	big := "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + strings.Repeat("a", 100<<10) + "\r\n\r\n"
	if _, reply := closedWithin(big); !strings.HasPrefix(reply, "HTTP/1.1 431") {
		t.Errorf("100 KiB of headers: %q", firstLine(reply))
	}
	if _, reply := closedWithin("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"); !strings.HasPrefix(reply, "HTTP/1.1 200") {
		t.Errorf("a plain request after them: %q", firstLine(reply))
	}
	if relayLimits.readHeader > 10*time.Second || relayLimits.read > time.Minute || relayLimits.maxHeader > 64<<10 {
		t.Errorf("the relay's limits were loosened: %+v", relayLimits)
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\r\n")
	return line
}

// Secrets never go on a command line (where ps shows them to every user of the machine) nor
// into a log: the token comes from a file or the environment, and neither a wrong guess nor
// the right one is ever written down.
func TestNoSecretsOnTheCommandLineOrInLogs(t *testing.T) {
	for _, args := range [][]string{{"relay", "--token", "s3cret"}, {"--token", "s3cret"}, {"report", "--token", "s3cret"}} {
		code, _, stderr := runCLI(t, "", args...)
		if code != exitUsage || !strings.Contains(stderr, "--token") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}

	addr := freeAddr(t)
	var logs bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &logs,
			getenv: func(k string) string { return map[string]string{"NPSBOARD_TOKEN": "s3cret-t0ken"}[k] }}
		done <- run(ctx, e, []string{"relay", "--journal", filepath.Join(t.TempDir(), "j.jsonl"), "--listen", addr})
	}()
	waitListening(t, addr)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	for _, token := range []string{"s3cret-t0ken", "s3cret-guess", "", "s3cret-t0ken-and-more"} {
		req, _ := http.NewRequest("POST", "http://"+addr+"/v1/responses", strings.NewReader(`{"id":"1","ts":"2026-11-24T09:00:00Z","score":9,"queue":"q"}`))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if want := map[bool]int{true: 200, false: 401}[token == "s3cret-t0ken"]; resp.StatusCode != want {
			t.Errorf("token %q: %d, want %d (a prefix or an extension of the token is not it)", token, resp.StatusCode, want)
		}
	}
	cancel()
	<-done
	if strings.Contains(logs.String(), "s3cret") || !strings.Contains(logs.String(), "relay listening") {
		t.Errorf("the log:\n%s", logs.String())
	}

	// A source's name, shown on screen and logged, hides a URL's password and token.
	src := &feed.WSSource{URL: "wss://ana:hunter2@relay.example/v1/stream?token=abc123&since=4"}
	if name := src.Name(); strings.Contains(name, "hunter2") || strings.Contains(name, "abc123") || !strings.Contains(name, "since=4") {
		t.Errorf("the source is named %q", name)
	}
}

// The relay holds at most --max-conns connections: past them, a new one waits to be accepted
// (idle ones are closed after their header timeout), so that a flood of connections cannot
// take the machine's file descriptors.
func TestTheRelayHoldsAtMostMaxConns(t *testing.T) {
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
		done <- run(ctx, e, []string{"relay", "--journal", filepath.Join(t.TempDir(), "j.jsonl"), "--listen", addr,
			"--max-conns", "3", "--max-clients", "2"})
	}()
	defer func() { cancel(); <-done }()
	waitListening(t, addr)
	var idle []net.Conn
	for range 3 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		idle = append(idle, c)
	}
	c, err := net.Dial("tcp", addr) // the kernel takes it; the relay does not, yet
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
	c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if n, _ := c.Read(make([]byte, 64)); n > 0 {
		t.Fatal("a fourth connection was served while three were held")
	}
	for _, i := range idle {
		i.Close()
	}
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if reply, _ := io.ReadAll(c); !strings.HasPrefix(string(reply), "HTTP/1.1 200") {
		t.Errorf("once the others went: %q", firstLine(string(reply)))
	}
}
