package jet

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/npsboard/npsboard/feed"
)

// Source reads responses from the stream: an ordered consumer (JetStream's own: in order, no
// acknowledgements, recreated after the last message seen when its server goes away) from
// Start, then live. Each stream sequence is taken once: after any failure the next consumer
// starts after the last one received, and the dashboard drops a response seen twice by its
// id besides.
type Source struct {
	Conn    *nats.Conn
	Stream  string        // DefaultStream when empty
	Filters []string      // subjects to take (Filters); every subject of the stream when empty
	Start   time.Time     // the first publish time to take; the stream's first message when zero
	Finite  bool          // read what the stream holds when Run starts, then end: a report
	Decoder *feed.Decoder // decodes the records as published (canonical JSON)
	Label   string        // the source's name for people
	// Cases, when set, are the shared cases: the source delivers their actions, those in the
	// bucket when it starts and each as it is added, while it reads the stream.
	Cases *Cases

	Heartbeat  time.Duration // how soon a consumer whose server went away is noticed: 5 s when zero
	MinBackoff time.Duration // 500 ms when zero
	MaxBackoff time.Duration // 30 s when zero
	MaxBatch   int           // responses emitted at once: 4096 when zero

	mu      sync.Mutex
	lastSeq uint64 // the stream sequence of the last message received
	records int64
}

func (s *Source) Name() string { return s.Label }
func (s *Source) Live() bool   { return !s.Finite }

// LastSeq is the stream sequence of the last message received.
func (s *Source) LastSeq() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastSeq
}

// errCaughtUp ends a finite read.
var errCaughtUp = errors.New("caught up")

func (s *Source) Run(ctx context.Context, sink feed.Sink) error {
	minB, maxB := s.MinBackoff, s.MaxBackoff
	if minB <= 0 {
		minB = 500 * time.Millisecond
	}
	if maxB <= 0 {
		maxB = 30 * time.Second
	}
	js, err := jetstream.New(s.Conn)
	if err != nil {
		return err
	}
	if s.Cases != nil && !s.Finite {
		watchCtx, stop := context.WithCancel(ctx)
		defer stop()
		go s.watchCases(watchCtx, sink, minB, maxB)
	}
	backoff := minB
	sink.SetState(feed.Connecting, nil, time.Time{})
	for {
		served, err := s.session(ctx, js, sink)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, errCaughtUp):
			sink.SetState(feed.Ended, nil, time.Time{})
			return nil
		}
		if served {
			backoff = minB
		}
		wait := backoff/2 + rand.N(backoff/2+1)
		sink.SetState(feed.Retrying, err, time.Now().Add(wait))
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		backoff = min(2*backoff, maxB)
		sink.SetState(feed.Connecting, err, time.Time{})
	}
}

// watchCases delivers the shared cases' actions until ctx ends, watching again after any
// failure: a watch that starts again delivers every case again, and echoes change nothing.
func (s *Source) watchCases(ctx context.Context, sink feed.Sink, minB, maxB time.Duration) {
	backoff := minB
	for ctx.Err() == nil {
		began := time.Now()
		s.Cases.Watch(ctx, sink.Act)
		if time.Since(began) > time.Minute {
			backoff = minB
		}
		select {
		case <-ctx.Done():
		case <-time.After(backoff/2 + rand.N(backoff/2+1)):
		}
		backoff = min(2*backoff, maxB)
	}
}

// consumerConfig starts after the last message received, or at Start the first time.
func (s *Source) consumerConfig() jetstream.OrderedConsumerConfig {
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: s.Filters, InactiveThreshold: time.Minute}
	switch last := s.LastSeq(); {
	case last > 0:
		cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, last+1
	case !s.Start.IsZero():
		start := s.Start
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &start
	default:
		cfg.DeliverPolicy = jetstream.DeliverAllPolicy
	}
	return cfg
}

// session makes one ordered consumer and reads it until it fails, or, when finite, until it
// has what the stream held at the start.
func (s *Source) session(ctx context.Context, js jetstream.JetStream, sink feed.Sink) (served bool, err error) {
	stream := s.Stream
	if stream == "" {
		stream = DefaultStream
	}
	reqCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	st, err := js.Stream(reqCtx, stream)
	if err != nil {
		if errors.Is(err, jetstream.ErrStreamNotFound) {
			return false, fmt.Errorf("no stream %s on the servers: is a relay or npsboard publish sending to them?", stream)
		}
		return false, err
	}
	endSeq := st.CachedInfo().State.LastSeq // what a finite read must reach
	cons, err := js.OrderedConsumer(reqCtx, stream, s.consumerConfig())
	if err != nil {
		return false, err
	}
	pending := cons.CachedInfo().NumPending
	if s.Finite && (pending == 0 || s.LastSeq() >= endSeq) {
		return true, errCaughtUp
	}
	hb := s.Heartbeat
	if hb <= 0 {
		hb = 5 * time.Second
	}
	it, err := cons.Messages(jetstream.PullHeartbeat(hb), jetstream.PullExpiry(max(6*hb, 30*time.Second)), jetstream.PullMaxMessages(2048))
	if err != nil {
		return false, err
	}
	defer it.Stop()
	if pending > 0 {
		sink.SetState(feed.Loading, nil, time.Time{})
	} else {
		sink.SetState(feed.Live, nil, time.Time{})
	}
	loading := pending > 0

	// Next blocks, so it runs on its own goroutine; the loop below takes what has arrived
	// in batches, and watches the connection meanwhile.
	type next struct {
		m   jetstream.Msg
		err error
	}
	done := make(chan struct{})
	defer close(done)
	msgs := make(chan next, 1024)
	go func() {
		for {
			m, err := it.Next()
			select {
			case msgs <- next{m, err}:
			case <-done:
				return
			}
			if err != nil {
				return
			}
		}
	}()

	maxBatch := s.MaxBatch
	if maxBatch <= 0 {
		maxBatch = 4096
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	connected := true
	var b feed.Batch
	for {
		var first next
		select {
		case <-ctx.Done():
			return served, ctx.Err()
		case <-tick.C:
			// The consumer recovers by itself once the connection is back; until then the
			// screen says the feed is away rather than quiet.
			switch up := s.Conn.IsConnected(); {
			case !up && connected:
				sink.SetState(feed.Retrying, errors.New("disconnected from NATS; reconnecting"), time.Time{})
			case up && !connected:
				sink.SetState(phase(loading), nil, time.Time{})
			}
			connected = s.Conn.IsConnected()
			continue
		case first = <-msgs:
		}
		if first.err != nil {
			return served, first.err
		}
		b.Reset()
		caughtUp := s.take(first.m, &b, endSeq)
		for len(b.Responses) < maxBatch && !caughtUp {
			select {
			case n := <-msgs:
				if n.err != nil {
					if err := sink.Emit(&b); err != nil {
						return served, err
					}
					return served, n.err
				}
				caughtUp = s.take(n.m, &b, endSeq)
				continue
			default:
			}
			break
		}
		if err := sink.Emit(&b); err != nil {
			return served, err
		}
		served = true
		if caughtUp && loading {
			loading = false
			sink.SetState(feed.Live, nil, time.Time{})
		}
		if s.Finite && caughtUp {
			return served, errCaughtUp
		}
	}
}

func phase(loading bool) feed.Phase {
	if loading {
		return feed.Loading
	}
	return feed.Live
}

// take decodes a message into b, notes its sequence, and says whether the stream's end (as a
// finite read knows it) or its present end is reached.
func (s *Source) take(m jetstream.Msg, b *feed.Batch, endSeq uint64) (caughtUp bool) {
	meta, err := m.Metadata()
	s.mu.Lock()
	s.records++
	n := s.records
	if err == nil {
		s.lastSeq = meta.Sequence.Stream
	}
	s.mu.Unlock()
	b.Decode(n, m.Data(), s.Decoder)
	return err == nil && (meta.NumPending == 0 || meta.Sequence.Stream >= endSeq)
}

var _ feed.Source = (*Source)(nil)
