package relay

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/npsboard/npsboard/feed"
)

// Whatever a client posts, the relay answers with an account of every record (accepted, a
// duplicate, or rejected with its index and reason) or with an error status, never a panic;
// and what it accepted is in its journal, whole, when it starts again.
func FuzzPost(f *testing.F) {
	f.Add("/v1/responses", `{"id":"1","ts":"2026-11-24T09:00:00Z","score":9,"queue":"q"}`+"\n"+`{"id":"1","ts":"2026-11-24T09:00:00Z","score":9,"queue":"q"}`)
	f.Add("/v1/responses", `[{"id":"2","ts":"2026-11-24T09:00:00Z","score":11,"queue":"q"},{"score":3}]`)
	f.Add("/v1/actions", `{"action":"acknowledge","alert":"r:1","by":"ana","at":"2026-11-24T09:00:00Z"}`+"\n{}")
	f.Add("/v1/responses", "\x00\xff{")
	f.Add("/v1/responses", `{"id":"y10k","ts":"9999-12-31T23:59:59-23:59","score":5,"queue":"q"}`)
	f.Add("/v1/responses", "[oops\n"+`{"id":"3","ts":"2026-11-24T09:00:00Z","score":9,"queue":"q"}`)
	f.Add("/v1/responses", `{"id":"4","ts":"2026-11-24T09:00:00Z","score":1,"queue":"q","comment":"`+strings.Repeat("\xff", 300)+`"}`)
	f.Add("/v1/actions", `{"action":"resolve","alert":"r:1","by":"x","at":"9999-12-31T23:59:59Z","note":"forged"}`+"\n"+
		`{"action":"frobnicate","alert":"r:1","by":"x","at":"2026-11-24T09:00:00Z"}`)
	dir := f.TempDir()
	n := 0
	f.Fuzz(func(t *testing.T, path, body string) {
		if path != "/v1/actions" {
			path = "/v1/responses"
		}
		n++
		journal := filepath.Join(dir, "j"+strings.Repeat("x", n%3)+".jsonl")
		srv, err := New(Config{Journal: journal, Decoder: &feed.Decoder{}, MaxBody: 1 << 16})
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Host = "127.0.0.1:8080"
		req.Header.Set("Content-Type", "application/x-ndjson")
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		srv.Close()
		switch rec.Code {
		case http.StatusOK:
		case http.StatusRequestEntityTooLarge:
			if len(body) <= 1<<16 {
				t.Fatalf("%d bytes refused as too large", len(body))
			}
			return
		default:
			t.Fatalf("%q: status %d: %s", body, rec.Code, rec.Body)
		}
		var reply PostReply
		if err := json.Unmarshal(rec.Body.Bytes(), &reply); err != nil {
			t.Fatalf("the reply is not JSON: %q", rec.Body)
		}
		records := len(feed.SplitRecords(body))
		if reply.Accepted+reply.Duplicates+reply.Rejected != records || reply.Rejected != len(reply.Rejects) {
			t.Fatalf("%q: %d records, reply %+v", body, records, reply)
		}
		for _, rj := range reply.Rejects {
			if rj.Reason.String() == "" || rj.Index < 0 || rj.Index >= max(records, 1) {
				t.Fatalf("%q: reject %+v", body, rj)
			}
		}
		// The journal reads back: a restarted relay starts from it.
		again, err := New(Config{Journal: journal, Decoder: &feed.Decoder{}})
		if err != nil {
			t.Fatalf("after %q the journal does not read back: %v", body, err)
		}
		again.Close()
	})
}
