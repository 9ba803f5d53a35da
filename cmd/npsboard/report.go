package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
)

const reportUsage = `Reads a feed of survey responses to its end and prints the NPS figures a supervisor's screen
shows: overall and per group, for one window of time, with 95 % intervals, and what the feed
held (records accepted, duplicates, rejected and why).

Usage:
  npsboard report --file PATH [flags]

Flags:
  --file PATH       the feed: JSON lines, one response per line; - reads standard input
  --by GROUP        queue (default), agent (by queue and agent), team, or channel
  --window W        all (default), today, or a duration of whole minutes: 15m, 1h, 4h, 90m
  --at TIME         the instant the window ends at, RFC 3339 (default: the newest response)
  --tz ZONE         the display time zone, for "today" and for times without an offset
                    (default: the local zone; an IANA name such as Europe/Paris)
  --json            print one JSON object instead of a table
  --csv             print the groups as CSV instead of a table
  --rejects FILE    write each rejected line, with its reason and line number, as JSON lines

Windows cover (start, end], in whole minutes: the end is --at rounded up to the minute.
Bad lines never make a report fail; a missing or unreadable source exits with status 1.

Examples:
  npsboard report --file day.jsonl
  npsboard report --file day.jsonl --by agent --window 1h --at 2026-11-24T15:00:00+01:00
  npsboard demo --count 200000 | npsboard report --file - --json
  npsboard report --file day.jsonl --csv --by team > teams.csv
`

type reportOptions struct {
	file    string
	by      model.Dim
	window  model.Window
	at      string
	tz      string
	json    bool
	csv     bool
	rejects string
}

func reportCommand() *command {
	c := &command{name: "report", summary: "read a feed to its end and print its NPS figures", usage: reportUsage}
	c.setup = func(fs *flag.FlagSet) func(context.Context, *env) error {
		o := reportOptions{by: model.ByQueue, window: model.AllTime()}
		fs.StringVar(&o.file, "file", "", "")
		fs.Var(dimFlag{&o.by}, "by", "")
		fs.Var(windowFlag{&o.window}, "window", "")
		fs.StringVar(&o.at, "at", "", "")
		fs.StringVar(&o.tz, "tz", "", "")
		fs.BoolVar(&o.json, "json", false, "")
		fs.BoolVar(&o.csv, "csv", false, "")
		fs.StringVar(&o.rejects, "rejects", "", "")
		return func(ctx context.Context, e *env) error {
			if o.file == "" {
				return usagef("no feed: give --file PATH (- for standard input)")
			}
			if o.json && o.csv {
				return usagef("--json and --csv exclude each other")
			}
			return report(ctx, e, &o)
		}
	}
	return c
}

func report(ctx context.Context, e *env, o *reportOptions) error {
	loc, err := loadZone(o.tz)
	if err != nil {
		return err
	}
	var at time.Time
	if o.at != "" {
		var ok bool
		if at, ok = feed.ParseTimestamp(o.at, loc); !ok {
			return usagef("invalid value %q for flag --at: want an RFC 3339 date-time such as 2026-11-24T15:00:00Z", o.at)
		}
	}
	in, err := openSource(o.file, e.stdin)
	if err != nil {
		return err
	}
	defer in.Close()

	// A finite feed: keep every bucket, so that any window can be asked; and only the grouping
	// the report prints.
	agg := model.NewAggregator(0, o.by)
	seen := model.NewDedup()
	seen.Ceil(time.Now().Add(24 * time.Hour))
	intake := feed.NewIntake(seen)
	var rejects *feed.RejectLog
	if o.rejects != "" {
		f, err := os.Create(o.rejects)
		if err != nil {
			return err
		}
		defer f.Close()
		rejects = feed.NewRejectLog(f)
		intake.OnReject = rejects.Write
	}
	err = feed.ReadJSONLines(ctx, in, &feed.Decoder{Location: loc}, func(b *feed.Batch) error {
		return intake.Take(b, agg.Add)
	})
	if err != nil {
		return fmt.Errorf("reading %s: %w", sourceName(o.file), err)
	}
	if rejects != nil {
		if err := rejects.Flush(); err != nil {
			return fmt.Errorf("writing rejects: %w", err)
		}
	}

	if at.IsZero() {
		at = agg.Newest()
		if at.IsZero() {
			at = time.Now() // no response at all: the report is of an empty window now
		}
	}
	r := buildReport(agg, &intake.Counts, o.by, o.window, at, loc)
	switch {
	case o.json:
		return writeReportJSON(e.stdout, r)
	case o.csv:
		return writeReportCSV(e.stdout, r)
	}
	return writeReportTable(e.stdout, r)
}

// openSource opens a feed file; "-" is standard input.
func openSource(path string, stdin io.Reader) (io.ReadCloser, error) {
	if path == "-" {
		return io.NopCloser(stdin), nil
	}
	return os.Open(path)
}

func sourceName(path string) string {
	if path == "-" {
		return "standard input"
	}
	return path
}

// loadZone is the display time zone: the local one unless named.
func loadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return time.Local, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, usagef("invalid value %q for flag --tz: want an IANA zone such as Europe/Paris", name)
	}
	return loc, nil
}

type dimFlag struct{ d *model.Dim }

func (f dimFlag) String() string {
	if f.d == nil {
		return ""
	}
	return f.d.String()
}

func (f dimFlag) Set(s string) (err error) {
	*f.d, err = model.ParseDim(s)
	return err
}

type windowFlag struct{ w *model.Window }

func (f windowFlag) String() string {
	if f.w == nil {
		return ""
	}
	return f.w.String()
}

func (f windowFlag) Set(s string) (err error) {
	*f.w, err = model.ParseWindow(s)
	return err
}
