package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"io"
	"syscall"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/demo"
)

const demoUsage = `Writes the survey responses of a simulated contact center as JSON lines on standard output.
The center is a realistic one: three sites, twelve queues with their own score mixes, 240
agents in teams working shifts (weekdays 08:00 to 20:00, a quiet Saturday, closed on Sunday),
one or two answers per agent per hour on duty, CSAT and CES, comments that fit the scores, a
few VIP customers ("segment":"vip"), and now and then an incident that sends one queue bad for
a few hours. The same seed and scale give the same responses, with the same ids.

Usage:
  npsboard demo --days D [flags]     the D days before now (or from --start), as fast as possible
  npsboard demo --live [flags]       the center at its own pace, each response as its time comes
  npsboard demo --count N [flags]    N responses over one weekday of the center, as fast as possible
  npsboard demo --rate R [flags]     R responses a second, stamped now, until stopped (a load)

Flags:
  --days D        how many days of the center to write
  --live          write the center's responses as they happen, until stopped
  --count N       how many responses to write, spread over the 24 hours from --start
  --rate R        responses per second to write in real time (may be fractional, such as 0.5)
  --start TIME    with --days or --count: where they start, RFC 3339 or a date such as
                  2026-11-24 (default: --days end now; --count starts at the last midnight)
  --scale N       agents and volume times N, 1 to 50 (default 1: 240 agents)
  --seed S        the seed of the simulation (default 1)
  --dirty P       follow this share of responses (0 to 1) with a line of dirt: a re-sent
                  duplicate or a record to be rejected, as real feeds carry (default 0)
  --tz ZONE       the time zone of the simulated center (default: the local zone)

Examples:
  npsboard demo --days 30 > month.jsonl
  npsboard demo --days 30 --scale 10 --start 2026-11-01 | npsboard report --file - --by agent
  npsboard demo --live --dirty 0.02 | npsboard --file -
  npsboard demo --rate 1000 | npsboard --file -
`

type demoOptions struct {
	days  int
	live  bool
	count int
	rate  float64
	start string
	scale int
	seed  uint64
	dirty float64
	tz    string
}

func demoCommand() *command {
	c := &command{name: "demo", summary: "write a simulated contact center's responses as JSON lines", usage: demoUsage}
	c.setup = func(fs *flag.FlagSet) func(context.Context, *env) error {
		o := demoOptions{seed: 1}
		fs.IntVar(&o.days, "days", 0, "")
		fs.BoolVar(&o.live, "live", false, "")
		fs.IntVar(&o.count, "count", 0, "")
		fs.Float64Var(&o.rate, "rate", 0, "")
		fs.StringVar(&o.start, "start", "", "")
		fs.IntVar(&o.scale, "scale", 1, "")
		fs.Uint64Var(&o.seed, "seed", 1, "")
		fs.Float64Var(&o.dirty, "dirty", 0, "")
		fs.StringVar(&o.tz, "tz", "", "")
		return func(ctx context.Context, e *env) error { return demoRun(ctx, e, &o) }
	}
	return c
}

// maxDemoDays bounds --days: a year of the largest center is 100 million lines.
const maxDemoDays = 366

func demoRun(ctx context.Context, e *env, o *demoOptions) error {
	modes := 0
	for _, on := range []bool{o.days > 0, o.live, o.count > 0, o.rate > 0} {
		if on {
			modes++
		}
	}
	switch {
	case modes != 1:
		return usagef("give one of --days D, --live, --count N or --rate R")
	case o.days < 0 || o.days > maxDemoDays:
		return usagef("invalid value %d for flag --days: want 1 to %d", o.days, maxDemoDays)
	case o.count < 0:
		return usagef("invalid value %d for flag --count: want a positive number", o.count)
	case o.rate < 0 || o.rate > 1e6:
		return usagef("invalid value %v for flag --rate: want a number of responses a second up to 1000000", o.rate)
	case o.scale < 1 || o.scale > demo.MaxScale:
		return usagef("invalid value %d for flag --scale: want 1 to %d", o.scale, demo.MaxScale)
	case o.dirty < 0 || o.dirty > 1:
		return usagef("invalid value %v for flag --dirty: want a share from 0 to 1", o.dirty)
	case o.start != "" && (o.rate > 0 || o.live):
		return usagef("--start goes with --days or --count; --live and --rate write the present")
	}
	loc, err := loadZone(o.tz)
	if err != nil {
		return err
	}
	err = runDemo(ctx, e.stdout, o, loc)
	if errors.Is(err, syscall.EPIPE) {
		return nil // the reader went away (| head): that is how a demo ends
	}
	return err
}

func runDemo(ctx context.Context, out io.Writer, o *demoOptions, loc *time.Location) error {
	w := bufio.NewWriterSize(out, 256<<10)
	switch {
	case o.days > 0:
		c := demo.New(demo.Options{Seed: o.seed, Scale: o.scale})
		to := time.Now().Truncate(time.Minute)
		from := to.AddDate(0, 0, -o.days)
		if o.start != "" {
			var err error
			if from, err = demoStart(o.start, loc); err != nil {
				return err
			}
			to = from.AddDate(0, 0, o.days)
		}
		if err := c.Span(from, to, loc, demo.NewWriter(w, c, o.dirty).Write); err != nil {
			return err
		}
		return w.Flush()
	case o.count > 0:
		start, err := demoStart(o.start, loc)
		if err != nil {
			return err
		}
		c := demo.New(demo.Options{Seed: o.seed, Scale: o.scale, Incidents: demo.DayIncidents})
		lines := demo.NewWriter(w, c, o.dirty)
		err = c.DayTimes(start, o.count, func(t time.Time) error {
			r := c.Response(t, loc)
			return lines.Write(&r)
		})
		if err != nil {
			return err
		}
		return w.Flush()
	}
	return demo.Live(ctx, out, demo.LiveOptions{Seed: o.seed, Scale: o.scale, Rate: o.rate, Dirty: o.dirty, Location: loc})
}

// demoStart reads --start: an RFC 3339 date-time or a date (its midnight); the last midnight
// when empty.
func demoStart(s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		now := time.Now().In(loc)
		return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc), nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		return t, nil
	}
	if t, ok := feed.ParseTimestamp(s, loc); ok {
		return t.In(loc), nil
	}
	return time.Time{}, usagef("invalid value %q for flag --start: want a date such as 2026-11-24 or an RFC 3339 date-time", s)
}
