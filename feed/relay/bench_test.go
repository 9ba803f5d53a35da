package relay

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// BenchmarkFanout posts batches of 1,000 responses to a relay streaming to 100 clients, and
// waits each time until every client has every response. It reports the responses delivered
// a second (1,000 × 100 per batch) and how many were lost (clients cut as too slow).
func BenchmarkFanout(b *testing.B) {
	const clients, batch = 100, 1000
	srv, err := New(Config{Journal: filepath.Join(b.TempDir(), "journal.jsonl")})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	url := "ws" + strings.TrimPrefix(hs.URL, "http") + "/v1/stream?since=1"

	var received [clients]atomic.Int64 // lines each client has read
	var wg sync.WaitGroup
	for i := range clients {
		conn, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close()
		wg.Go(func() {
			for {
				_, msg, err := conn.ReadMessage()
				if err != nil {
					return
				}
				received[i].Add(int64(bytes.Count(msg, []byte{'\n'})))
			}
		})
	}
	var body strings.Builder
	n := 0
	post := func() {
		body.Reset()
		for range batch {
			fmt.Fprintf(&body, `{"id":"b%d","ts":"2026-11-24T10:00:00Z","score":%d,"queue":"q%d","agent":"a%d"}`+"\n", n, n%11, n%50, n%2000)
			n++
		}
		resp, err := http.Post(hs.URL+"/v1/responses", "application/x-ndjson", strings.NewReader(body.String()))
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
	waitAll := func() {
		for deadline := time.Now().Add(30 * time.Second); ; {
			done := true
			for i := range clients {
				if received[i].Load() < int64(n) && srv.drops.Load() == 0 {
					done = false
					break
				}
			}
			if done || time.Now().After(deadline) {
				return
			}
			time.Sleep(200 * time.Microsecond)
		}
	}
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		post()
		waitAll()
	}
	elapsed := time.Since(start)
	var lost int64
	for i := range clients {
		lost += int64(n) - received[i].Load()
	}
	b.ReportMetric(float64(n)*clients/elapsed.Seconds(), "delivered/s")
	b.ReportMetric(float64(lost), "lost")
}
