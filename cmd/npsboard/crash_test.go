package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/relay"
	"github.com/npsboard/npsboard/model"
)

// idSink keeps how many times each id came, as a dashboard's feed would see them.
type idSink struct {
	mu   sync.Mutex
	seen map[string]int
}

func (s *idSink) Emit(b *feed.Batch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range b.Responses {
		s.seen[r.ID]++
	}
	return nil
}
func (s *idSink) SetState(feed.Phase, error, time.Time) {}
func (s *idSink) SetClock(time.Time)                    {}
func (s *idSink) Act(model.Action)                      {}

func (s *idSink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.seen)
}

// The relay is killed (SIGKILL) at random moments while a producer posts and three clients
// stream. Started again on the same journal each time, it loses nothing: every response it
// accepted reaches every client exactly once, responses sent again after a crash are counted
// as duplicates, and the journal reads whole (a line torn by a kill is cut off and counted).
func TestARelayKilledAtRandomLosesNothing(t *testing.T) {
	if os.Getenv("NPSBOARD_RELAY_CHILD") != "" {
		return
	}
	if testing.Short() {
		t.Skip("kills a relay process five times")
	}
	dir := t.TempDir()
	journal := filepath.Join(dir, "journal.jsonl")
	addr := freeAddr(t)
	var child *exec.Cmd // only the chaos goroutine touches it once the test runs
	start := func() {
		child = exec.Command(os.Args[0], "-test.run=^TestRelayChild$")
		child.Env = append(os.Environ(), "NPSBOARD_RELAY_CHILD="+strings.Join([]string{"relay", "--journal", journal, "--listen", addr}, "\n"))
		child.Stderr = io.Discard
		if err := child.Start(); err != nil {
			t.Fatal(err)
		}
		waitListening(t, addr)
	}
	start()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sinks := make([]*idSink, 3)
	var streams sync.WaitGroup
	for i := range sinks {
		sinks[i] = &idSink{seen: map[string]int{}}
		src := &feed.WSSource{URL: "ws://" + addr + "/v1/stream?since=1", Decoder: &feed.Decoder{Location: time.UTC},
			MinBackoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond, PingEvery: time.Second}
		streams.Go(func() { src.Run(ctx, sinks[i]) })
	}

	// The producer: batches of 40, each sent until the relay answers; the ids it accepted are
	// the ones every client must have.
	accepted := map[string]bool{}
	var dups int
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	// Chaos: five kills at random moments while the producer posts, each followed by a start.
	rng := rand.New(rand.NewPCG(7, 7))
	chaos := make(chan int)
	go func() {
		kills := 0
		for ; kills < 5; kills++ {
			time.Sleep(time.Duration(20+rng.IntN(150)) * time.Millisecond)
			child.Process.Signal(syscall.SIGKILL)
			child.Wait()
			start()
		}
		chaos <- kills
	}()
	ts := time.Now().UTC().Format(time.RFC3339)
	next := 0
	kills := -1
	for batch := 0; kills < 0 || batch < 100; batch++ {
		select {
		case kills = <-chaos:
		default:
		}
		var body bytes.Buffer
		ids := []string{}
		for range 40 {
			id := fmt.Sprint("k", next)
			next++
			ids = append(ids, id)
			fmt.Fprintf(&body, `{"id":%q,"ts":%q,"score":%d,"queue":"q%d"}`+"\n", id, ts, next%11, next%5)
		}
		for {
			resp, err := client.Post("http://"+addr+"/v1/responses", "application/x-ndjson", bytes.NewReader(body.Bytes()))
			if err == nil && resp.StatusCode == http.StatusOK {
				var reply relay.PostReply
				json.NewDecoder(resp.Body).Decode(&reply)
				resp.Body.Close()
				if reply.Rejected != 0 || reply.Accepted+reply.Duplicates != len(ids) {
					t.Fatalf("reply %+v", reply)
				}
				dups += reply.Duplicates
				for _, id := range ids {
					accepted[id] = true
				}
				break
			}
			if resp != nil {
				resp.Body.Close()
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		done := true
		for _, s := range sinks {
			done = done && s.count() >= len(accepted)
		}
		if done {
			break
		}
	}
	cancel()
	streams.Wait()
	for i, s := range sinks {
		s.mu.Lock()
		for id := range accepted {
			if s.seen[id] != 1 {
				t.Errorf("client %d saw %s %d times", i, id, s.seen[id])
			}
		}
		if len(s.seen) != len(accepted) {
			t.Errorf("client %d saw %d ids, %d were accepted", i, len(s.seen), len(accepted))
		}
		s.mu.Unlock()
	}
	child.Process.Kill()
	child.Wait()
	j, err := relay.OpenJournal(journal, model.NewDedup())
	if err != nil {
		t.Fatalf("the journal after %d kills: %v", kills, err)
	}
	defer j.Close()
	if j.Seq() != int64(len(accepted)) {
		t.Errorf("the journal holds %d responses, %d were accepted", j.Seq(), len(accepted))
	}
	t.Logf("%d kills; %d responses accepted, %d sent again after a kill and counted as duplicates, %d torn lines cut at the last start", kills, len(accepted), dups, j.Torn)
}

// TestRelayChild is the relay process TestARelayKilledAtRandomLosesNothing kills.
func TestRelayChild(t *testing.T) {
	args := os.Getenv("NPSBOARD_RELAY_CHILD")
	if args == "" {
		t.Skip("run by TestARelayKilledAtRandomLosesNothing")
	}
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: os.Stderr, getenv: func(string) string { return "" }}
	os.Exit(run(context.Background(), e, strings.Split(args, "\n")))
}
