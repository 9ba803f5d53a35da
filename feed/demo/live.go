package demo

import (
	"bufio"
	"context"
	"io"
	"time"

	"github.com/npsboard/npsboard/model"
)

// LiveOptions describe a live demo feed.
type LiveOptions struct {
	Seed  uint64
	Scale int // agents and volume, times Agents
	// Rate, when above 0, writes that many responses a second stamped with the clock, instead of
	// the center's own pace: a load, not a center (agents answer at night too).
	Rate     float64
	Dirty    float64          // share of responses followed by a line of dirt
	Backfill time.Duration    // history written first, so that a screen opens on full windows
	Location *time.Location   // the center's time zone
	Now      func() time.Time // the clock; time.Now when nil
	Tick     time.Duration    // how often lines are written and flushed; 100 ms when zero
}

// Live writes a live demo feed as JSON lines until ctx ends: the center's responses of the
// Backfill before now, then each response as the clock passes its time, at the center's pace
// (a few a minute at midday, none on a Sunday); or, with Rate, that many a second.
func Live(ctx context.Context, out io.Writer, o LiveOptions) error {
	now, tick := o.Now, o.Tick
	if now == nil {
		now = time.Now
	}
	if tick <= 0 {
		tick = 100 * time.Millisecond
	}
	loc := o.Location
	if loc == nil {
		loc = time.Local
	}
	w := bufio.NewWriterSize(out, 64<<10)
	c := New(Options{Seed: o.Seed, Scale: o.Scale})
	lines := NewWriter(w, c, o.Dirty)
	began := now()
	minute := began.Truncate(time.Minute)
	if o.Backfill > 0 {
		if err := c.Span(minute.Add(-o.Backfill), minute, loc, lines.Write); err != nil {
			return err
		}
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	var pending []model.Response // the current minute's responses not yet due
	written := 0                 // with Rate: how many so far
	collect := func(r *model.Response) error { pending = append(pending, *r); return nil }
	if o.Rate <= 0 {
		if err := c.Minute(minute, loc, collect); err != nil {
			return err
		}
	}
	for {
		if err := w.Flush(); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		at := now()
		if o.Rate > 0 {
			for due := int(o.Rate * at.Sub(began).Seconds()); written < due; written++ {
				r := c.Response(at, loc)
				if err := lines.Write(&r); err != nil {
					return err
				}
			}
			continue
		}
		for {
			for len(pending) > 0 && !pending[0].Time.After(at) {
				if err := lines.Write(&pending[0]); err != nil {
					return err
				}
				pending = pending[1:]
			}
			if next := minute.Add(time.Minute); len(pending) == 0 && !next.After(at) {
				minute = next
				if err := c.Minute(minute, loc, collect); err != nil {
					return err
				}
				continue
			}
			break
		}
	}
}
