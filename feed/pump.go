package feed

import (
	"cmp"
	"context"
	"sync"
	"time"
	"unsafe"

	"github.com/npsboard/npsboard/model"
)

// Source is where responses come from: a file, standard input, a websocket, the demo.
type Source interface {
	// Name names the source for people: "demo", "day.jsonl", "ws://relay:8080".
	Name() string
	// Live says whether the source is happening now. A live source's clock is the wall clock;
	// a file read to its end has the clock of its newest response; a replay sets its own.
	Live() bool
	// Run reads the source, giving the sink each batch in order, until the source ends (nil),
	// fails (an error) or ctx ends.
	Run(ctx context.Context, sink Sink) error
}

// Clocked is a source that may keep a clock of its own (a replay), which it sets
// (Sink.SetClock): a screen then follows that clock from its first update, never the wall
// clock, even before the source has set it. A source that wraps another passes it on.
type Clocked interface{ OwnClock() bool }

// Sink is what a source reports to.
type Sink interface {
	// Emit takes a batch; the source may reuse it once Emit returns.
	Emit(*Batch) error
	// SetState says where the source is: connecting, live, retrying at retryAt after err.
	SetState(p Phase, err error, retryAt time.Time)
	// SetClock sets the source's clock, for a replay.
	SetClock(time.Time)
	// Act takes an action on an alert that the source carries (a relay shares them).
	Act(model.Action)
}

// Phase is where a source is in its life.
type Phase uint8

const (
	Loading    Phase = iota // reading a file that is there to be read
	Connecting              // reaching a server
	Live                    // receiving as things happen
	Retrying                // waiting to connect again after an error
	Ended                   // read to its end
	Failed                  // stopped on an error
)

func (p Phase) String() string {
	return [...]string{"loading", "connecting", "live", "retrying", "ended", "failed"}[p]
}

// Status is what a source has done so far.
type Status struct {
	Source  string
	Phase   Phase
	Err     error     // why the source failed, or the last error before a retry
	RetryAt time.Time // when a retrying source tries again
	Counts  Counts
	Clock   time.Time // the source's "now"
	// Arrived is when the update left the pump: the wall clock, or a replay's own clock.
	Arrived time.Time
	// OwnClock says Clock is the source's own (a replay's), not the wall clock.
	OwnClock bool
}

// Update is what the dashboard receives at a tick: the responses accepted since the last one, in
// order, and the source's status.
type Update struct {
	Responses []model.Response
	Actions   []model.Action // actions on alerts, shared by other dashboards through a relay
	Status    Status
}

// ClockSkew is how far ahead of the wall clock a response may be stamped and still move a
// file's clock or be remembered by its own time: survey systems' clocks differ by seconds, a
// broken one by years.
const ClockSkew = time.Hour

// Pump runs a source and delivers what it accepted at most once per tick, so that a screen
// redraws a few times a second however fast responses come. Deliveries never wait on the
// receiver: a receiver that is busy gets the responses at a later tick, all together. An
// update carries at most MaxBatch responses, so that the receiver's work per update stays
// short; while more wait, the next offer comes as soon as the receiver may have taken the
// last (an offer it cannot take costs nothing), so that a big file loads at the receiver's
// pace; and a chunk of MaxBatch is offered as soon as it is full, so that a big file never waits
// for a tick. Only when MaxPending responses wait does the source itself wait, which bounds memory
// while a big file loads. Responses wait in chunks of MaxBatch, each allocated once and handed
// over whole: nothing is copied twice.
type Pump struct {
	Every      time.Duration    // the tick; 200 ms when zero
	MaxBatch   int              // responses in one update; 50,000 when zero
	MaxPending int              // responses held for the receiver before the source waits; 100,000 when zero
	Now        func() time.Time // the wall clock, for live sources; time.Now when nil

	mu      sync.Mutex
	drained *sync.Cond
	full    chan struct{} // a chunk of MaxBatch is ready: offer it now, not at the tick
	intake  *Intake
	seen    *model.Dedup
	pending [][]model.Response // chunks of at most MaxBatch, oldest first
	held    int                // responses in pending
	actions []model.Action
	status  Status
	newest  time.Time // the newest response no later than the wall clock allows
	clock   time.Time // set by a source with a clock of its own (a replay)
	now     func() time.Time
	stopped bool   // set when Run returns: a source waiting for room gives up
	text    []byte // the own texts of a transient read's responses (keep)
}

// NewPump makes a pump that checks duplicates against seen.
func NewPump(seen *model.Dedup) *Pump {
	p := &Pump{intake: NewIntake(seen), seen: seen, full: make(chan struct{}, 1)}
	p.drained = sync.NewCond(&p.mu)
	return p
}

// Run runs src until it ends or ctx ends, offering an Update at each tick that has news. offer
// returns whether it took the update; it must not block. Run returns once the last update has
// been taken, with the source's error, or when ctx ends; it does not wait then for a source
// blocked in a read it cannot interrupt (a terminal's standard input), which ends with the
// process.
func (p *Pump) Run(ctx context.Context, src Source, offer func(Update) bool) error {
	every, now := p.Every, p.Now
	if every <= 0 {
		every = 200 * time.Millisecond
	}
	if now == nil {
		now = time.Now
	}
	if p.MaxBatch <= 0 {
		p.MaxBatch = 50000
	}
	if p.MaxPending <= 0 {
		p.MaxPending = 100000
	}
	c, own := src.(Clocked)
	own = own && c.OwnClock()
	p.status = Status{Source: src.Name(), Phase: Loading, OwnClock: own}
	if src.Live() {
		p.status.Phase = Live
		if !own {
			p.status.Clock = now()
		}
	}
	p.now = now
	p.status.Arrived = now()
	p.seen.Ceil(now().Add(ClockSkew))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer p.stop()
	// The screen learns at once what it is waiting for: "loading day.jsonl", "live".
	var lastSent Status
	sent := offer(Update{Status: p.status})
	if sent {
		lastSent = p.status
	}
	done := make(chan error, 1)
	go func() { done <- src.Run(ctx, p) }()

	tick := time.NewTimer(every)
	defer tick.Stop()
	finished := false
	var runErr error
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-done:
			finished, runErr = true, err
			done = nil
			p.mu.Lock()
			if err != nil && ctx.Err() == nil {
				p.status.Phase, p.status.Err = Failed, err
			} else {
				p.status.Phase = Ended
			}
			p.mu.Unlock()
		case <-tick.C:
		case <-p.full:
		}

		p.mu.Lock()
		switch {
		case !p.clock.IsZero():
			p.status.Clock = p.clock
		case own: // not set yet
		case src.Live() && p.status.Phase != Ended && p.status.Phase != Failed:
			p.status.Clock = now()
		case !src.Live():
			p.status.Clock = p.newest
		}
		p.status.Arrived = cmp.Or(p.clock, now())
		p.seen.Ceil(now().Add(ClockSkew))
		p.status.Counts = p.intake.Counts
		news := p.held > 0 || len(p.actions) > 0 || !sent || p.status.Phase != lastSent.Phase || p.status.Err != lastSent.Err ||
			p.status.Counts != lastSent.Counts || p.status.Clock.Unix() != lastSent.Clock.Unix()
		var chunk []model.Response
		if len(p.pending) > 0 {
			chunk = p.pending[0]
		}
		if news && offer(Update{Responses: chunk[:len(chunk):len(chunk)], Actions: p.actions, Status: p.status}) {
			lastSent, sent = p.status, true
			p.actions = nil
			if chunk != nil {
				p.held -= len(chunk)
				if len(p.pending) == 1 && cap(chunk) > len(chunk) {
					// The chunk still being filled: the receiver has its responses, and the rest
					// of its room goes on filling, so that a receiver that keeps up (and takes a
					// few hundred at a time) costs no allocation per update.
					p.pending[0] = chunk[len(chunk):]
				} else {
					p.pending[0] = nil // the receiver has it now
					p.pending = p.pending[1:]
				}
			}
			p.drained.Broadcast()
		}
		backlog := p.held > 0
		delivered := !backlog && sent && lastSent.Phase == p.status.Phase
		p.mu.Unlock()
		if finished && delivered {
			return runErr
		}
		if backlog {
			tick.Reset(backlogRetry)
		} else {
			tick.Reset(every)
		}
	}
}

// backlogRetry is how soon an offer comes again while responses wait for a receiver that was
// busy: soon, so that a big file loads at the receiver's pace, not the tick's.
const backlogRetry = 2 * time.Millisecond

// SetState records where the source is.
func (p *Pump) SetState(ph Phase, err error, retryAt time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.status.Phase, p.status.Err, p.status.RetryAt = ph, err, retryAt
}

// Act holds an action for the next update.
func (p *Pump) Act(a model.Action) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.actions = append(p.actions, a)
}

// SetClock records a source's own clock.
func (p *Pump) SetClock(t time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clock = t
}

// Emit accounts for a batch from the source and holds its accepted responses for the next tick.
func (p *Pump) Emit(b *Batch) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.held >= p.MaxPending && !p.stopped {
		p.drained.Wait()
	}
	ceiling := p.now().Add(ClockSkew)
	return p.intake.Take(b, func(r *model.Response) {
		// Chunks are made whole and filled to their room, never grown: a response is copied
		// once. They are bigger the more wait, up to MaxBatch.
		if n := len(p.pending); n == 0 || len(p.pending[n-1]) == cap(p.pending[n-1]) {
			p.pending = append(p.pending, make([]model.Response, 0, min(p.MaxBatch, 4096<<min(n, 4))))
		}
		last := &p.pending[len(p.pending)-1]
		*last = append(*last, *r)
		if b.block != nil {
			// A transient read: the block the texts are in is read into again once this batch
			// is taken. The names are copies already (shared by the decoders); the response's
			// own texts go into the pump's buffer, which is only ever appended to.
			x := &(*last)[len(*last)-1]
			x.ID, x.Customer, x.Comment = p.keep(x.ID), p.keep(x.Customer), p.keep(x.Comment)
		}
		p.held++
		if len(*last) == cap(*last) { // a whole chunk: no need to wait for the tick
			select {
			case p.full <- struct{}{}:
			default:
			}
		}
		if r.Time.After(p.newest) && !r.Time.After(ceiling) {
			p.newest = r.Time
		}
	})
}

// keep copies s into the pump's text buffer, a megabyte at a time: a string of it is never
// written again (a full buffer is left to its strings, and a new one begun).
func (p *Pump) keep(s string) string {
	if s == "" {
		return ""
	}
	if len(p.text)+len(s) > cap(p.text) {
		p.text = make([]byte, 0, max(1<<20, len(s)))
	}
	off := len(p.text)
	p.text = append(p.text, s...)
	return unsafe.String(&p.text[off], len(s))
}

// stop releases a source waiting for room, so that it can see that ctx has ended.
func (p *Pump) stop() {
	p.mu.Lock()
	p.stopped = true
	p.drained.Broadcast()
	p.mu.Unlock()
}
