package relay

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/npsboard/npsboard/model"
)

// A relay that publishes answers only once the stream took the responses: when it did not,
// nothing is accepted or journaled, and the client's retry is accepted, not a duplicate.
func TestARelayAnswersOnlyAfterPublishing(t *testing.T) {
	var mu sync.Mutex
	down := true
	var stored []string
	cfg := Config{Publish: func(_ context.Context, rs []model.Response) error {
		mu.Lock()
		defer mu.Unlock()
		if down {
			return errors.New("no servers available")
		}
		for _, r := range rs {
			stored = append(stored, r.ID)
		}
		return nil
	}}
	r := startRelay(t, cfg)
	body := line("a", 9) + "\n" + line("b", 3) + "\n" + `{"id":"c"}` + "\n"
	if code, _ := post(t, r.url("/v1/responses"), "", body); code != 503 {
		t.Fatalf("with the stream away, answered %d", code)
	}
	if data, _ := os.ReadFile(r.cfg.Journal); len(data) != 0 {
		t.Fatalf("journaled what was not published:\n%s", data)
	}
	mu.Lock()
	down = false
	mu.Unlock()
	code, reply := post(t, r.url("/v1/responses"), "", body)
	if code != 200 || reply.Accepted != 2 || reply.Duplicates != 0 || reply.Rejected != 1 {
		t.Fatalf("the retry: %d %+v", code, reply)
	}
	// A bad record or a duplicate is never published; only what is accepted.
	_, reply = post(t, r.url("/v1/responses"), "", line("a", 9)+"\n"+line("d", 10)+"\n")
	if reply.Accepted != 1 || reply.Duplicates != 1 {
		t.Fatalf("again: %+v", reply)
	}
	if got := strings.Join(stored, ","); got != "a,b,d" {
		t.Errorf("published %s", got)
	}
	data, _ := os.ReadFile(r.cfg.Journal)
	if n := strings.Count(string(data), "\n"); n != 3 {
		t.Errorf("journaled %d lines", n)
	}
}
