package feed

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// wsServer serves each connection (numbered from 1) with fn.
func wsServer(t *testing.T, fn func(n int, r *http.Request, c *websocket.Conn)) string {
	t.Helper()
	var conns atomic.Int64
	up := websocket.Upgrader{}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		fn(int(conns.Add(1)), r, c)
	}))
	t.Cleanup(s.Close)
	return "ws" + strings.TrimPrefix(s.URL, "http")
}

// drain keeps a server's connection open, reading (and answering nothing) until the client
// closes it: a handler that slept instead would outlive the test.
func drain(c *websocket.Conn) {
	for {
		if _, _, err := c.ReadMessage(); err != nil {
			return
		}
	}
}

func runWS(t *testing.T, src *WSSource, until func(*testSink) bool) *testSink {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	sink := &testSink{}
	done := make(chan struct{})
	go func() { src.Run(ctx, sink); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for !until(sink) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	return sink
}

func TestWSMessagesOfEveryShape(t *testing.T) {
	url := wsServer(t, func(_ int, _ *http.Request, c *websocket.Conn) {
		c.WriteMessage(websocket.TextMessage, []byte(strings.TrimSpace(jsonLine("one"))))
		c.WriteMessage(websocket.TextMessage, []byte("["+strings.TrimSpace(jsonLine("two"))+",\n"+strings.TrimSpace(jsonLine("three"))+"]"))
		c.WriteMessage(websocket.TextMessage, []byte(jsonLine("four")+"\n"+jsonLine("five")+"garbage\n"))
		c.WriteMessage(websocket.BinaryMessage, []byte{0, 1, 2})
		c.WriteMessage(websocket.TextMessage, []byte(`[{"id":`))
		c.WriteMessage(websocket.TextMessage, []byte("{\n \"id\": \"six\",\n \"ts\": 1795514400,\n \"score\": 8,\n \"queue\": \"q\"\n}"))
		drain(c)
	})
	sink := runWS(t, &WSSource{URL: url, Decoder: &Decoder{}}, func(s *testSink) bool { ids, rej := s.got(); return len(ids) == 6 && len(rej) == 3 })
	ids, rejects := sink.got()
	if fmt.Sprint(ids) != "[one two three four five six]" {
		t.Errorf("ids %v", ids)
	}
	var reasons []string
	for _, r := range rejects {
		reasons = append(reasons, r.Reason.String()+":"+r.Detail)
	}
	if want := "[bad_json:not valid JSON bad_json:a binary message, where text was expected bad_json:not valid JSON]"; fmt.Sprint(reasons) != want {
		t.Errorf("rejects %v", reasons)
	}
}

// A server that goes silent without closing is noticed by the read deadline; the client
// connects again and resumes after the last sequence number it received.
func TestWSNoticesASilentServerAndResumes(t *testing.T) {
	var resumedFrom atomic.Value
	url := wsServer(t, func(n int, r *http.Request, c *websocket.Conn) {
		c.SetPingHandler(func(string) error { return nil }) // never answers pings
		if n == 1 {
			c.WriteMessage(websocket.TextMessage, []byte(`{"seq":7,`+jsonLine("a")[1:]))
			drain(c) // silent, connection open, until the client gives up on it
			return
		}
		resumedFrom.Store(r.URL.Query().Get("since"))
		c.WriteMessage(websocket.TextMessage, []byte(`{"seq":8,`+jsonLine("b")[1:]))
		drain(c)
	})
	src := &WSSource{URL: url, Decoder: &Decoder{}, PingEvery: 50 * time.Millisecond, MinBackoff: 10 * time.Millisecond}
	sink := runWS(t, src, func(s *testSink) bool { ids, _ := s.got(); return len(ids) == 2 })
	if ids, _ := sink.got(); fmt.Sprint(ids) != "[a b]" {
		t.Fatalf("ids %v", ids)
	}
	if since := resumedFrom.Load(); since != "8" {
		t.Errorf("reconnected with since=%v, want 8", since)
	}
	if src.LastSeq() != 8 {
		t.Errorf("last seq %d", src.LastSeq())
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if fmt.Sprint(sink.phases[:3]) != "[connecting live retrying]" {
		t.Errorf("phases %v", sink.phases)
	}
}

func TestWSRetriesARefusedConnection(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusUnauthorized)
	}))
	defer s.Close()
	src := &WSSource{URL: "ws" + strings.TrimPrefix(s.URL, "http"), Decoder: &Decoder{}, MinBackoff: 10 * time.Millisecond, MaxBackoff: 20 * time.Millisecond}
	sink := runWS(t, src, func(s *testSink) bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return len(s.phases) >= 5
	})
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if sink.phases[0] != Connecting || sink.phases[1] != Retrying || sink.phases[2] != Connecting {
		t.Errorf("phases %v", sink.phases)
	}
}
