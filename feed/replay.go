package feed

import (
	"context"
	"time"
)

// ReplaySource plays another source's responses by their timestamps, at Speed times real time:
// a response stamped ten minutes after the one before comes a minute later at speed 10. Gaps
// longer than MaxGap (nights, weekends) last MaxGap. The replay has a clock of its own, which
// screens follow: it moves with the replay, also between responses.
type ReplaySource struct {
	Inner  Source
	Speed  float64
	MaxGap time.Duration // the longest wait, in the replay's time; no limit when zero
	// Sleep waits, or returns early with ctx's error; time.Sleep when nil (tests replace it).
	Sleep func(ctx context.Context, d time.Duration) error
}

func (s *ReplaySource) Name() string { return s.Inner.Name() + " (replay)" }
func (s *ReplaySource) Live() bool   { return true }

// OwnClock says the replay's clock is its own: a screen follows it from the start, never the
// wall clock.
func (s *ReplaySource) OwnClock() bool { return true }

// tick is how often the replay's clock moves while it waits.
const tick = 100 * time.Millisecond

func (s *ReplaySource) Run(ctx context.Context, sink Sink) error {
	sleep := s.Sleep
	if sleep == nil {
		sleep = func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
				return nil
			}
		}
	}
	rs := &replaySink{Sink: sink, src: s, sleep: sleep, ctx: ctx}
	sink.SetState(Live, nil, time.Time{})
	err := s.Inner.Run(ctx, rs)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

type replaySink struct {
	Sink
	src   *ReplaySource
	sleep func(context.Context, time.Duration) error
	ctx   context.Context
	clock time.Time
	part  Batch
}

// Emit passes the batch on as the replay's clock reaches each response: every response that
// is due goes in one batch; rejects go with the first.
func (r *replaySink) Emit(b *Batch) error {
	part := &r.part
	part.reset()
	part.Unkeyed = b.Unkeyed
	part.Rejects = append(part.Rejects, b.Rejects...)
	part.Records = int64(len(b.Rejects))
	for i := range b.Responses {
		t := b.Responses[i].Time
		if r.clock.IsZero() {
			r.clock = t
			r.Sink.SetClock(t)
		}
		if t.After(r.clock) {
			if err := r.flush(); err != nil {
				return err
			}
			if err := r.wait(t); err != nil {
				return err
			}
		}
		part.Responses = append(part.Responses, b.Responses[i])
		part.Records++
	}
	return r.flush()
}

func (r *replaySink) flush() error {
	if r.part.Records == 0 {
		return nil
	}
	err := r.Sink.Emit(&r.part)
	unkeyed := r.part.Unkeyed
	r.part.reset()
	r.part.Unkeyed = unkeyed
	return err
}

// wait moves the replay's clock to t in steps, sleeping Speed times less than the gap (which
// is first capped at MaxGap).
func (r *replaySink) wait(t time.Time) error {
	gap := t.Sub(r.clock)
	if r.src.MaxGap > 0 && gap > r.src.MaxGap {
		// Skip the rest of a long gap at once: the clock jumps to where the wait begins.
		r.clock = t.Add(-r.src.MaxGap)
		r.Sink.SetClock(r.clock)
		gap = r.src.MaxGap
	}
	step := time.Duration(float64(tick) * r.src.Speed) // replay time per tick
	for gap > 0 {
		d := min(gap, step)
		if err := r.sleep(r.ctx, time.Duration(float64(d)/r.src.Speed)); err != nil {
			return err
		}
		r.clock = r.clock.Add(d)
		gap -= d
		r.Sink.SetClock(r.clock)
	}
	r.clock = t
	r.Sink.SetClock(t)
	return nil
}
