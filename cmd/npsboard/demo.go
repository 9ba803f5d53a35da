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

const demoUsage = `Writes the survey responses of a simulated contact center as JSON lines on standard output:
six queues with their own score mixes, 60 agents in teams, four channels, a daily volume curve,
comments that fit the scores, a few VIP customers ("segment":"vip"), and now and then an
incident that sends one queue bad for a while. The same seed and start give the same lines.

Usage:
  npsboard demo --count N [flags]    N responses over a simulated day, as fast as possible
  npsboard demo --rate R [flags]     R responses a second, stamped now, until stopped

Flags:
  --count N       how many responses to write, spread over the 24 hours from --start
  --rate R        responses per second to write in real time (may be fractional, such as 0.5)
  --start TIME    with --count: the start of the simulated day, RFC 3339 or a date such as
                  2026-11-24 (default: the last midnight in --tz)
  --seed S        the seed of the simulation (default 1)
  --dirty P       follow this share of responses (0 to 1) with a line of dirt: a re-sent
                  duplicate or a record to be rejected, as real feeds carry (default 0)
  --tz ZONE       the time zone of the simulated center (default: the local zone)

Examples:
  npsboard demo --count 200000 > day.jsonl
  npsboard demo --count 200000 --start 2026-11-24 --seed 7 | npsboard report --file -
  npsboard demo --rate 5 --dirty 0.02
`

type demoOptions struct {
	count int
	rate  float64
	start string
	seed  uint64
	dirty float64
	tz    string
}

func demoCommand() *command {
	c := &command{name: "demo", summary: "write a simulated contact center's responses as JSON lines", usage: demoUsage}
	c.setup = func(fs *flag.FlagSet) func(context.Context, *env) error {
		o := demoOptions{seed: 1}
		fs.IntVar(&o.count, "count", 0, "")
		fs.Float64Var(&o.rate, "rate", 0, "")
		fs.StringVar(&o.start, "start", "", "")
		fs.Uint64Var(&o.seed, "seed", 1, "")
		fs.Float64Var(&o.dirty, "dirty", 0, "")
		fs.StringVar(&o.tz, "tz", "", "")
		return func(ctx context.Context, e *env) error { return demoRun(ctx, e, &o) }
	}
	return c
}

func demoRun(ctx context.Context, e *env, o *demoOptions) error {
	switch {
	case (o.count > 0) == (o.rate > 0):
		return usagef("give either --count N or --rate R")
	case o.count < 0:
		return usagef("invalid value %d for flag --count: want a positive number", o.count)
	case o.rate < 0 || o.rate > 1e6:
		return usagef("invalid value %v for flag --rate: want a number of responses a second up to 1000000", o.rate)
	case o.dirty < 0 || o.dirty > 1:
		return usagef("invalid value %v for flag --dirty: want a share from 0 to 1", o.dirty)
	case o.start != "" && o.rate > 0:
		return usagef("--start goes with --count; --rate stamps responses with the current time")
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
	if o.count > 0 {
		start, err := demoStart(o.start, loc)
		if err != nil {
			return err
		}
		lines := demo.NewWriter(w, demo.New(o.seed, "", demo.DayIncidents), o.dirty)
		if err := demo.DayTimes(o.seed, start, o.count, lines.Write); err != nil {
			return err
		}
		return w.Flush()
	}

	return demo.Live(ctx, out, demo.LiveOptions{Seed: o.seed, Rate: o.rate, Dirty: o.dirty, Location: loc})
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
