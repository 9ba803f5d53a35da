package state

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/npsboard/npsboard/model"
)

// Recorder keeps the changes to the alerts for the dashboard, never making it wait: the
// events queue up, and a goroutine (Run) writes them to the state journal (synced) and posts
// the actions to the relay, trying again when either fails. notify hears, from that goroutine,
// why actions are not being kept or shared ("" once they are again).
type Recorder struct {
	journal Appender // nil: alerts are not kept (the demo)
	post    func([]model.Action) error
	notify  func(string)
	// Retry is how often it tries again after a failure.
	Retry   time.Duration
	mu      sync.Mutex
	queue   []model.AlertEvent
	unsent  []model.Action
	saveErr error
	sendErr error
	said    string
	wake    chan struct{}
	// Warn hears of events the journal set aside, never to be written (a time out of range).
	Warn    func(string)
	skipped int
	// Raise, when set, shares the alerts raised here (a case's key in a shared bucket), as
	// post shares the actions; nil when the sharing needs no raising.
	Raise    func([]*model.Alert) error
	unraised []*model.Alert
}

// MaxUnraised is the most raised alerts waiting to be shared: past it the oldest are let go
// (their first action shares them anyway).
const MaxUnraised = 100_000

// Appender is where the recorder keeps events: a state journal.
type Appender interface {
	Append([]model.AlertEvent) error
}

// NewRecorder makes a recorder that keeps events in j (none when nil) and posts actions with
// post (none when nil).
func NewRecorder(j Appender, post func([]model.Action) error, notify func(string)) *Recorder {
	if notify == nil {
		notify = func(string) {}
	}
	return &Recorder{journal: j, post: post, notify: notify, Retry: 2 * time.Second, wake: make(chan struct{}, 1)}
}

// Record queues events; it never blocks.
func (r *Recorder) Record(evs []model.AlertEvent) {
	r.mu.Lock()
	if r.journal != nil {
		r.queue = append(r.queue, evs...)
	}
	if r.post != nil {
		for _, e := range evs {
			if e.Action != nil && !e.Remote {
				r.unsent = append(r.unsent, *e.Action)
			}
		}
	}
	if r.Raise != nil {
		for _, e := range evs {
			if e.Raised != nil && !e.Remote {
				r.unraised = append(r.unraised, e.Raised)
			}
		}
		if n := len(r.unraised) - MaxUnraised; n > 0 {
			r.unraised = append(r.unraised[:0], r.unraised[n:]...)
		}
	}
	r.mu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Saving says why actions are not being kept or shared, if they are not.
func (r *Recorder) Saving() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.saveErr != nil:
		return fmt.Sprintf("actions are not being saved: %v", r.saveErr)
	case r.sendErr != nil:
		return fmt.Sprintf("actions are not being shared (they will be sent): %v", r.sendErr)
	}
	return ""
}

// Run writes and sends until ctx ends, then one last time.
func (r *Recorder) Run(ctx context.Context) {
	retry := time.NewTicker(r.Retry)
	defer retry.Stop()
	for {
		select {
		case <-ctx.Done():
			r.Flush()
			return
		case <-r.wake:
		case <-retry.C:
		}
		r.Flush()
		if s := r.Saving(); s != r.said {
			r.said = s
			r.notify(s)
		}
	}
}

// Flush writes the queued events, a slice at a time (a backfill raises hundreds of thousands
// at once: they need no buffer of their whole size), and sends the unsent actions; it stops
// at the first failure, for the next tick.
func (r *Recorder) Flush() {
	for {
		r.mu.Lock()
		evs := r.queue[:min(len(r.queue), 4096)]
		r.mu.Unlock()
		if len(evs) == 0 {
			break
		}
		err := r.journal.Append(evs)
		if s, ok := r.journal.(interface{ Skips() int }); ok && r.Warn != nil {
			if n := s.Skips(); n != r.skipped {
				r.Warn(fmt.Sprintf("%d changes to alerts could not be written (a time out of range), and were set aside", n-r.skipped))
				r.skipped = n
			}
		}
		r.mu.Lock()
		r.saveErr = err
		if err == nil {
			r.queue = r.queue[len(evs):]
		}
		r.mu.Unlock()
		if err != nil {
			break
		}
	}
	r.mu.Lock()
	raised := r.unraised[:min(len(r.unraised), 1024)]
	r.mu.Unlock()
	if len(raised) > 0 {
		err := r.Raise(raised)
		r.mu.Lock()
		r.sendErr = err
		if err == nil {
			r.unraised = r.unraised[len(raised):]
		}
		r.mu.Unlock()
		if err != nil {
			return
		}
	}
	r.mu.Lock()
	acts := r.unsent
	r.mu.Unlock()
	if len(acts) > 0 {
		err := r.post(acts)
		r.mu.Lock()
		r.sendErr = err
		if err == nil {
			r.unsent = r.unsent[len(acts):]
		}
		r.mu.Unlock()
	}
}
