package demo

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"time"
)

// LiveOptions describe a live demo feed.
type LiveOptions struct {
	Seed     uint64
	Rate     float64          // responses a second
	Dirty    float64          // share of responses followed by a line of dirt
	Backfill bool             // first write the last 24 hours, so that a screen opens on a full day
	Location *time.Location   // the center's time zone
	Now      func() time.Time // the clock; time.Now when nil
	Tick     time.Duration    // how often lines are written and flushed; 100 ms when zero
}

// Live writes a live demo feed as JSON lines until ctx ends: with Backfill, the responses of
// the last 24 hours (a day's volume is that of ten hours at Rate), then Rate responses a second
// stamped with the current time. Incidents come every quarter of an hour, to be seen.
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
	began := now()
	if o.Backfill {
		if err := backfill(w, o, began.In(loc)); err != nil {
			return err
		}
	}
	prefix := fmt.Sprintf("%x-%x", o.Seed, began.Unix())
	lines := NewWriter(w, New(o.Seed, prefix, LiveIncidents), o.Dirty)
	t := time.NewTicker(tick)
	defer t.Stop()
	written := 0
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
		for due := int(o.Rate * at.Sub(began).Seconds()); written < due; written++ {
			if err := lines.Write(at.In(loc)); err != nil {
				return err
			}
		}
	}
}

// backfill writes the responses of the 24 hours before now, in order.
func backfill(w io.Writer, o LiveOptions, now time.Time) error {
	perDay := int(o.Rate * 10 * 3600)
	lines := NewWriter(w, New(o.Seed, fmt.Sprintf("%x-bf%x", o.Seed, now.Unix()), DayIncidents), o.Dirty)
	from := now.Add(-24 * time.Hour)
	for day := -1; day <= 0; day++ {
		midnight := time.Date(now.Year(), now.Month(), now.Day()+day, 0, 0, 0, 0, now.Location())
		err := DayTimes(o.Seed+uint64(day+1), midnight, perDay, func(t time.Time) error {
			if t.After(from) && !t.After(now) {
				return lines.Write(t)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
