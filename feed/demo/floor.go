package demo

import (
	"cmp"
	"container/heap"
	"context"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
)

// The demo's floor works its cases as a real one would, so that the loop's figures (time to the
// first action, to resolution, the share within the deadline, the outcomes) have something to
// show: most of the cases the default rules open (a score of 0 to 3, a keyword, a VIP) are
// acknowledged within the hour by a supervisor of their site and resolved within hours,
// a few late, a few never. Like the responses, it is a function of the response's id alone.

// floorOutcomes are what comes of the demo's cases, with their weights.
var floorOutcomes = []struct {
	name   string
	weight float64
}{{"resolved_on_call", 0.45}, {"no_answer", 0.25}, {"refund", 0.12}, {"escalated", 0.08}, {"no_action_needed", 0.10}}

// floorRules are the rules the floor knows its cases by: the defaults.
var floorRules = model.DefaultRules()

// FloorActions are what the demo's supervisors do about a response's case: none for most.
func FloorActions(r *model.Response) []model.Action {
	if r.ID == "" || !floorRules.OpensCase(r) {
		return nil
	}
	h := fnv.New64a()
	h.Write([]byte(r.ID))
	rng := rand.New(rand.NewPCG(h.Sum64(), 7))
	if rng.Float64() < 0.12 {
		return nil // nobody gets to it
	}
	site := strings.ToLower(cmp.Or(r.Site, "floor"))
	who := "sup-" + site + "-" + string(rune('1'+rng.IntN(4)))
	id := model.ResponseAlertID(r.ID)
	// Lognormal delays: a median of 25 minutes to the first action, and of 2 hours more to the
	// resolution, with a long tail past the 24-hour deadline.
	ack := r.Time.Add(time.Duration(math.Exp(math.Log(25)+0.8*rng.NormFloat64()) * float64(time.Minute))).Truncate(time.Second)
	acts := []model.Action{{Kind: model.ActAcknowledge, Alert: id, By: who, At: ack}}
	if rng.Float64() < 0.1 {
		return acts // taken, not done yet
	}
	done := ack.Add(time.Duration(math.Exp(math.Log(120)+1.1*rng.NormFloat64()) * float64(time.Minute))).Truncate(time.Second)
	pick, outcome := rng.Float64(), floorOutcomes[0].name
	for _, o := range floorOutcomes {
		if pick < o.weight {
			outcome = o.name
			break
		}
		pick -= o.weight
	}
	return append(acts, model.Action{Kind: model.ActResolve, Alert: id, By: who, At: done, Outcome: outcome})
}

// WithFloor is src with the demo's floor acting on its cases as the clock passes their times.
// Actions for responses older than history (one day before now, when they arrive) are left
// out: no case is open for them.
func WithFloor(src feed.Source, now func() time.Time) feed.Source {
	return &floorSource{Source: src, now: now}
}

type floorSource struct {
	feed.Source
	now func() time.Time
}

func (f *floorSource) Run(ctx context.Context, sink feed.Sink) error {
	s := &floorSink{Sink: sink, now: f.now}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { s.run(ctx) })
	err := f.Source.Run(ctx, s)
	cancel()
	wg.Wait()
	s.give() // what came due while the source finished
	return err
}

// floorSink passes everything on, and holds the floor's actions until their time.
type floorSink struct {
	feed.Sink
	now func() time.Time
	mu  sync.Mutex
	due actionHeap
}

// maxFloorWaiting bounds the actions the floor holds for later: a demo at scale 10 for a day.
const maxFloorWaiting = 100_000

func (s *floorSink) Emit(b *feed.Batch) error {
	now := s.now()
	s.mu.Lock()
	for i := range b.Responses {
		r := &b.Responses[i]
		if now.Sub(r.Time) > 24*time.Hour {
			continue
		}
		for _, a := range FloorActions(r) {
			if len(s.due) < maxFloorWaiting {
				heap.Push(&s.due, a)
			}
		}
	}
	s.mu.Unlock()
	return s.Sink.Emit(b)
}

// run gives the held actions to the sink as their time comes.
func (s *floorSink) run(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		s.give()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// give hands the sink the actions whose time has come.
func (s *floorSink) give() {
	now := s.now()
	s.mu.Lock()
	var ready []model.Action
	for len(s.due) > 0 && !s.due[0].At.After(now) {
		ready = append(ready, heap.Pop(&s.due).(model.Action))
	}
	s.mu.Unlock()
	for _, a := range ready {
		s.Sink.Act(a)
	}
}

type actionHeap []model.Action

func (h actionHeap) Len() int           { return len(h) }
func (h actionHeap) Less(i, j int) bool { return h[i].At.Before(h[j].At) }
func (h actionHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *actionHeap) Push(x any)        { *h = append(*h, x.(model.Action)) }
func (h *actionHeap) Pop() any {
	old := *h
	a := old[len(old)-1]
	*h = old[:len(old)-1]
	return a
}
