package jet

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
)

// Publisher publishes responses to the stream, each under its site's and queue's subject with
// its id as Nats-Msg-Id, so that JetStream stores a response sent twice once.
type Publisher struct {
	js     jetstream.JetStream
	stream string
	prefix string
	// Patience is how long Publish keeps trying what the servers did not acknowledge (a leader
	// being elected, a server restarting): 15 s when zero.
	Patience time.Duration
	// AckWait is how long one acknowledgement is waited for before its response is sent again
	// (with the same id: the stream stores it once): AckTimeout when zero. An acknowledgement
	// lost with a leader that died never comes, and nats.go's futures do not time out unless
	// their JetStream was made so (NewJetStream): the wait is bounded here whatever js is.
	AckWait time.Duration
}

// AckTimeout is how long an acknowledgement of a publication is waited for.
const AckTimeout = 5 * time.Second

// NewJetStream is the JetStream a Publisher should publish through: one whose futures fail
// after AckTimeout. Without it, nats.go keeps the future of every lost acknowledgement
// pending for ever: a relay's memory grows with each leader election, and past 4,000 pending
// every publication stalls.
func NewJetStream(nc *nats.Conn) (jetstream.JetStream, error) { return newJetStream(nc, AckTimeout) }

func newJetStream(nc *nats.Conn, ackTimeout time.Duration) (jetstream.JetStream, error) {
	return jetstream.New(nc, jetstream.WithPublishAsyncTimeout(ackTimeout))
}

// NewPublisher publishes to the stream of spec, which must exist (EnsureStream).
func NewPublisher(js jetstream.JetStream, spec StreamSpec) *Publisher {
	spec = spec.withDefaults()
	return &Publisher{js: js, stream: spec.Name, prefix: spec.Prefix}
}

// Published is what the stream did with a batch.
type Published struct {
	Stored     int // new to the stream
	Duplicates int // already in it, by id, within its duplicate window
}

// ErrNotAcknowledged is what Publish returns when the servers did not acknowledge every
// response in time.
var ErrNotAcknowledged = errors.New("JetStream did not acknowledge")

// errNoAck is why a response was sent again when its acknowledgement did not come in time.
var errNoAck = errors.New("no acknowledgement came in time")

// Publish publishes responses and returns once JetStream acknowledged every one: stored on as
// many servers as the stream has replicas. What was not acknowledged is sent again, with the
// same id, until Patience runs out or ctx ends; then the error says how many were left, and
// sending them all again later loses nothing and stores nothing twice.
func (p *Publisher) Publish(ctx context.Context, rs []model.Response) (Published, error) {
	var out Published
	patience := p.Patience
	if patience <= 0 {
		patience = 15 * time.Second
	}
	ackWait := p.AckWait
	if ackWait <= 0 {
		ackWait = AckTimeout
	}
	deadline := time.Now().Add(patience)
	todo := make([]int, len(rs))
	for i := range todo {
		todo[i] = i
	}
	wait := 50 * time.Millisecond
	var lastErr error
	var body []byte
	for len(todo) > 0 {
		futures := make([]jetstream.PubAckFuture, len(todo))
		var failed []int
		for k, i := range todo {
			r := &rs[i]
			body = feed.AppendJSON(body[:0], r)
			msg := &nats.Msg{Subject: Subject(p.prefix, r.Site, r.Queue), Data: append([]byte(nil), body...), Header: nats.Header{}}
			msg.Header.Set(jetstream.MsgIDHeader, Token(r.ID))
			f, err := p.js.PublishMsgAsync(msg, jetstream.WithExpectStream(p.stream))
			if err != nil {
				lastErr = err
				failed = append(failed, i)
				continue
			}
			futures[k] = f
		}
		// The round's acknowledgements are waited for until AckWait, or the patience, ends;
		// those that did not come by then are sent again.
		expired := time.NewTimer(max(min(ackWait, time.Until(deadline)), 0))
		late := false
		for k, f := range futures {
			if f == nil {
				continue
			}
			var ack *jetstream.PubAck
			var err error
			if late { // what has come by now, and no more waiting
				select {
				case ack = <-f.Ok():
				case err = <-f.Err():
				default:
					err = errNoAck
				}
			} else {
				select {
				case ack = <-f.Ok():
				case err = <-f.Err():
				case <-expired.C:
					late, err = true, errNoAck
				case <-ctx.Done():
					expired.Stop()
					return out, fmt.Errorf("%w %d of %d responses: %v", ErrNotAcknowledged, len(rs)-out.Stored-out.Duplicates, len(rs), ctx.Err())
				}
			}
			switch {
			case ack == nil:
				lastErr = err
				failed = append(failed, todo[k])
			case ack.Duplicate:
				out.Duplicates++
			default:
				out.Stored++
			}
		}
		expired.Stop()
		todo = failed
		if len(todo) == 0 {
			break
		}
		if time.Now().Add(wait).After(deadline) {
			return out, fmt.Errorf("%w %d of %d responses in %v: %v", ErrNotAcknowledged, len(todo), len(rs), patience, lastErr)
		}
		select {
		case <-ctx.Done():
			return out, fmt.Errorf("%w %d of %d responses: %v", ErrNotAcknowledged, len(todo), len(rs), ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, 2*time.Second)
	}
	return out, nil
}
