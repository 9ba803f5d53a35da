package jet

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/npsboard/npsboard/feed/jet/jettest"
	"github.com/npsboard/npsboard/model"
)

// silentJS is a JetStream whose first `lost` publications are never acknowledged, as when the
// stream's leader dies with them; the others are acknowledged at once. Only PublishMsgAsync is
// used by a Publisher: the embedded interface is nil.
type silentJS struct {
	jetstream.JetStream
	mu   sync.Mutex
	lost int
	sent map[string]int // by id, how many times
}

type future struct {
	ok  chan *jetstream.PubAck
	err chan error
	msg *nats.Msg
}

func (f *future) Ok() <-chan *jetstream.PubAck { return f.ok }
func (f *future) Err() <-chan error            { return f.err }
func (f *future) Msg() *nats.Msg               { return f.msg }

func (s *silentJS) PublishMsgAsync(m *nats.Msg, _ ...jetstream.PublishOpt) (jetstream.PubAckFuture, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := m.Header.Get(jetstream.MsgIDHeader)
	s.sent[id]++
	f := &future{ok: make(chan *jetstream.PubAck, 1), err: make(chan error, 1), msg: m}
	if s.lost > 0 {
		s.lost--
		return f, nil // never answered
	}
	f.ok <- &jetstream.PubAck{Stream: "NPSBOARD", Duplicate: s.sent[id] > 1}
	return f, nil
}

func someResponses(n int) []model.Response {
	rs := make([]model.Response, n)
	for i := range rs {
		rs[i] = model.Response{ID: fmt.Sprint("r", i), Time: time.Date(2026, 12, 2, 9, 0, i, 0, time.UTC), Score: 9, Queue: "Billing"}
	}
	return rs
}

// publishWithin publishes rs, failing the test if Publish has not returned within d.
func publishWithin(t *testing.T, p *Publisher, rs []model.Response, d time.Duration) (Published, error) {
	t.Helper()
	type result struct {
		got Published
		err error
	}
	done := make(chan result, 1)
	go func() {
		got, err := p.Publish(context.Background(), rs)
		done <- result{got, err}
	}()
	select {
	case r := <-done:
		return r.got, r.err
	case <-time.After(d):
		t.Fatalf("Publish still waits after %v, for acknowledgements that will never come", d)
		return Published{}, nil
	}
}

// An acknowledgement that never comes is sent again after AckWait, and the batch is stored.
func TestALostAcknowledgementIsSentAgain(t *testing.T) {
	js := &silentJS{lost: 3, sent: map[string]int{}}
	p := NewPublisher(js, StreamSpec{})
	p.AckWait, p.Patience = 50*time.Millisecond, 5*time.Second
	got, err := publishWithin(t, p, someResponses(10), 3*time.Second)
	if err != nil || got.Stored+got.Duplicates != 10 {
		t.Fatalf("%+v, %v; want all 10 acknowledged", got, err)
	}
	for i := range 3 {
		if n := js.sent[fmt.Sprint("r", i)]; n != 2 {
			t.Errorf("r%d was sent %d times, want 2", i, n)
		}
	}
	if n := js.sent["r3"]; n != 1 {
		t.Errorf("r3, acknowledged at once, was sent %d times", n)
	}
}

// Nothing acknowledged, ever: Publish gives up when its patience ends, saying how many are left.
func TestPublishGivesUpWhenItsPatienceEnds(t *testing.T) {
	js := &silentJS{lost: 1 << 30, sent: map[string]int{}}
	p := NewPublisher(js, StreamSpec{})
	p.AckWait, p.Patience = 5*time.Second, 200*time.Millisecond
	start := time.Now()
	_, err := publishWithin(t, p, someResponses(4), 3*time.Second)
	if !errors.Is(err, ErrNotAcknowledged) || time.Since(start) > 2*time.Second {
		t.Fatalf("after %v: %v; want ErrNotAcknowledged within the patience", time.Since(start), err)
	}
}

// An acknowledgement that never comes from a real server (a subscriber takes the subject and
// answers nothing, as a leader that died would) is let go by nats.go too: nothing stays
// pending in the JetStream a Publisher should publish through, however many are lost.
func TestLostAcknowledgementsDoNotStayPending(t *testing.T) {
	for _, c := range []struct {
		name    string
		timeout time.Duration
	}{{"with the timeout NewJetStream gives", 200 * time.Millisecond}, {"without one", 0}} {
		t.Run(c.name, func(t *testing.T) {
			srv := jettest.RunServer(t, t.TempDir(), 0)
			nc, _ := connect(t, srv.ClientURL())
			if _, err := nc.Subscribe(DefaultPrefix+".>", func(*nats.Msg) {}); err != nil {
				t.Fatal(err)
			}
			nc.Flush()
			js, err := newJetStream(nc, c.timeout)
			if err != nil {
				t.Fatal(err)
			}
			p := NewPublisher(js, StreamSpec{})
			p.AckWait, p.Patience = 100*time.Millisecond, 300*time.Millisecond
			if _, err := publishWithin(t, p, someResponses(20), 3*time.Second); !errors.Is(err, ErrNotAcknowledged) {
				t.Fatalf("%v, want ErrNotAcknowledged", err)
			}
			deadline := time.Now().Add(2 * time.Second)
			for js.PublishAsyncPending() > 0 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			pending := js.PublishAsyncPending()
			if c.timeout > 0 && pending != 0 {
				t.Errorf("%d publications still pending", pending)
			}
			if c.timeout == 0 && pending == 0 { // what the timeout is for
				t.Errorf("without a timeout nothing stayed pending: the test does not lose acknowledgements")
			}
		})
	}
}
