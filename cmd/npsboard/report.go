package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/model/themes"
)

const reportUsage = `Reads a feed of survey responses to its end and prints the NPS figures a supervisor's screen
shows: overall and per group, for one window of time, with 95 % intervals, and what the feed
held (records accepted, duplicates, rejected and why).

Usage:
  npsboard report --file PATH [flags]
  npsboard report --ws URL --for DURATION [flags]
  npsboard report --nats URLS [--site NAME] [flags]

Flags:
` + sourceUsage + `  --for D           stop reading a live source (--ws, --follow, a pipe) after D, such as 30s
  --by GROUP        queue (default), agent (by queue and agent), team, channel, site, or
                    topic (the config's [topics]: the comments that mention each, by class,
                    and the NPS of their responses)
  --window W        all (default), today, yesterday, week, month, days (7d, 30d; at most 31d),
                    or whole minutes: 15m, 1h, 4h, 90m
  --at TIME         the instant the window ends at, RFC 3339 (default: the newest response)
  --queues LIST     only these queues, such as Billing,Sales (over --nats, only their subjects
                    are read)
  --tz ZONE         the display time zone, for "today" and for times without an offset
                    (default: the local zone; an IANA name such as Europe/Paris)
  --json            print one JSON object instead of a table
  --csv             print the groups as CSV instead of a table
  --rejects FILE    write each rejected line, with its reason and line number, as JSON lines
  --themes          print instead what detractors' comments talk about more than promoters':
                    words and phrases ranked by weighted log-odds (z), kept when G² ≥ 10.83
                    and at least 5 detractors' comments hold them ([themes] language in the
                    config; English by default)

Windows cover (start, end], in whole minutes: the end is --at rounded up to the minute.
Bad lines never make a report fail; a missing or unreadable source exits with status 1, as
does a websocket or a NATS server that never connected. Over --nats a report reads what the
stream holds when it starts, from the window's start (and the one it is compared with), and
ends.

Examples:
  npsboard report --file day.jsonl
  npsboard report --file day.jsonl --by agent --window 1h --at 2026-11-24T15:00:00+01:00
  npsboard demo --count 200000 | npsboard report --file - --json
  npsboard report --file day.jsonl --csv --by team > teams.csv
  npsboard report --file export.csv --config qualtrics.toml
  npsboard report --ws ws://127.0.0.1:8080/v1/stream?since=1 --for 1m --json
  npsboard report --nats nats://nats1:4222 --site Leeds --window 7d --by team
`

type reportOptions struct {
	src     sourceFlags
	forD    time.Duration
	by      model.Dim
	window  model.Window
	at      string
	tz      string
	json    bool
	csv     bool
	rejects string
	themes  bool
	byTopic bool
	queues  []string
}

func reportCommand() *command {
	c := &command{name: "report", summary: "read a feed to its end and print its NPS figures", usage: reportUsage}
	c.setup = func(fs *flag.FlagSet) func(context.Context, *env) error {
		o := reportOptions{by: model.ByQueue, window: model.AllTime()}
		o.src.register(fs)
		fs.DurationVar(&o.forD, "for", 0, "")
		fs.Var(dimFlag{&o.by, &o.byTopic}, "by", "")
		fs.Var(windowFlag{&o.window}, "window", "")
		fs.StringVar(&o.at, "at", "", "")
		fs.StringVar(&o.tz, "tz", "", "")
		fs.BoolVar(&o.json, "json", false, "")
		fs.BoolVar(&o.csv, "csv", false, "")
		fs.StringVar(&o.rejects, "rejects", "", "")
		fs.BoolVar(&o.themes, "themes", false, "")
		fs.Func("queues", "", func(v string) error {
			for _, q := range strings.Split(v, ",") {
				if q = strings.TrimSpace(q); q != "" {
					o.queues = append(o.queues, q)
				}
			}
			return nil
		})
		return func(ctx context.Context, e *env) error {
			if o.src.chosen() == nil {
				return usagef("no feed: give --file PATH (- for standard input), --ws URL or --nats URLS")
			}
			if err := o.src.check(); err != nil {
				return err
			}
			if o.forD < 0 {
				return usagef("invalid value %v for flag --for: want a duration", o.forD)
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
	cfg, err := o.src.loadConfig(e)
	if err != nil {
		return err
	}
	o.src.need = sourceNeed{from: historyFrom(o.window, at, loc), finite: true, queues: o.queues, skip: reportSkips(o), transient: true}
	src, err := o.src.build(e, loc, cfg)
	if err != nil {
		return err
	}
	if src.close != nil {
		defer src.close()
	}

	// A finite feed: keep every bucket, so that any window can be asked, or none at all when
	// the window is all time up to the newest response; and only the grouping the report prints.
	agg := model.NewAggregator(model.Retention{TotalsOnly: o.window.IsAll() && at.IsZero()}, o.by)
	seen := model.NewDedup()
	seen.Ceil(time.Now().Add(24 * time.Hour))
	// Room for the file's ids is made while its first blocks are decoded: writing the pages of
	// a table of millions is tens of milliseconds, with the other core idle.
	reserved := make(chan struct{})
	go func() {
		seen.Reserve(int(src.size / bytesPerLine))
		close(reserved)
	}()
	intake := feed.NewIntake(seen)
	flushRejects, err := setAside(intake, o.rejects)
	if err != nil {
		return err
	}
	defer flushRejects()
	runCtx := ctx
	if o.forD > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, o.forD)
		defer cancel()
	}
	take := agg.Add
	if len(o.queues) > 0 { // a stream filtered them already; a file is filtered here
		take = func(r *model.Response) {
			if slices.Contains(o.queues, r.Queue) {
				agg.Add(r)
			}
		}
	}
	add := take
	var index *themes.Index
	if o.themes || o.byTopic {
		an, err := cfg.analyzer()
		if err != nil {
			return err
		}
		index = themes.NewIndex()
		if o.byTopic {
			if index.Topics, err = cfg.topics(an); err != nil {
				return err
			}
		}
		var terms []themes.Term
		take = func(r *model.Response) {
			add(r)
			if r.Comment != "" {
				terms = an.Terms(r.Comment, terms[:0])
				index.Add(r.Time, r.Class(), terms)
			}
		}
	}
	sink := &reportSink{emit: func(b *feed.Batch) error {
		<-reserved
		return intake.Take(b, take)
	}}
	err = src.Run(runCtx, sink)
	<-reserved // before the duplicate set is read, even when no batch came
	if err != nil && runCtx.Err() == nil {
		return fmt.Errorf("reading %s: %w", src.Name(), err)
	}
	if src.connects && !sink.connected {
		return fmt.Errorf("%s: never connected: %v", src.Name(), sink.lastErr)
	}
	if err := flushRejects(); err != nil {
		return err
	}

	if at.IsZero() {
		at = agg.Newest()
		if at.IsZero() {
			at = time.Now() // no response at all: the report is of an empty window now
		}
	}
	switch {
	case o.themes:
		return writeThemes(e.stdout, index, o.window.Span(at, loc), o.window, o.json, o.csv)
	case o.byTopic:
		return writeTopics(e.stdout, index, o.window.Span(at, loc), o.window, o.json, o.csv)
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

// bytesPerLine is about what a record takes in a file, on the long side (the demo's take 210 on
// average): room is made at once for the ids of a file of known size, not as they come; a
// file of shorter records grows the room once or twice.
const bytesPerLine = 256

// reportSink takes a source's batches, and notes whether a websocket ever connected.
type reportSink struct {
	emit      func(*feed.Batch) error
	connected bool
	lastErr   error
}

func (s *reportSink) Emit(b *feed.Batch) error { return s.emit(b) }

func (s *reportSink) SetState(p feed.Phase, err error, _ time.Time) {
	if p == feed.Live {
		s.connected = true
	}
	if err != nil {
		s.lastErr = err
	}
}

func (s *reportSink) SetClock(time.Time) {}

func (s *reportSink) Act(model.Action) {} // a report counts responses, not what is done about them

// reportSkips are the text fields a report never prints nor groups by: not cleaned nor kept,
// still checked (a report is as strict as any reader).
func reportSkips(o *reportOptions) feed.FieldSet {
	skip := feed.FieldsOf(feed.FieldAgent, feed.FieldTeam, feed.FieldChannel, feed.FieldCustomer, feed.FieldSegment, feed.FieldSite, feed.FieldComment)
	keep := map[model.Dim][]feed.Field{model.ByAgent: {feed.FieldAgent, feed.FieldTeam, feed.FieldSite}, model.ByTeam: {feed.FieldTeam},
		model.ByChannel: {feed.FieldChannel}, model.BySite: {feed.FieldSite}}[o.by]
	if o.themes || o.byTopic {
		keep = append(keep, feed.FieldComment)
	}
	return skip &^ feed.FieldsOf(keep...)
}

// setAside writes the intake's rejects to path (none when ""), each with its reason and line,
// as JSON lines; the function returned flushes and closes the file, once: a caller defers it
// too, for the paths that return early.
func setAside(intake *feed.Intake, path string) (func() error, error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	rejects := feed.NewRejectLog(f)
	intake.OnReject = rejects.Write
	done := false
	return func() error {
		if done {
			return nil
		}
		done = true
		err := rejects.Flush()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("writing rejects: %w", err)
		}
		return nil
	}, nil
}

// historyFrom is the first publish time a report over a stream needs: the window's span and the
// one it is compared with, at the instant asked or now; zero (everything) for all time.
func historyFrom(w model.Window, at time.Time, loc *time.Location) time.Time {
	if w.IsAll() {
		return time.Time{}
	}
	if at.IsZero() {
		at = time.Now()
	}
	span := w.Span(at, loc)
	from := span.From
	if prev, ok := span.Previous(); ok {
		from = prev.From
	}
	return from.Add(-feed.ClockSkew) // a survey system's clock may run ahead of the server's
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

type dimFlag struct {
	d     *model.Dim
	topic *bool // --by topic: the configured topics, not a grouping of responses
}

func (f dimFlag) String() string {
	if f.d == nil {
		return ""
	}
	return f.d.String()
}

func (f dimFlag) Set(s string) (err error) {
	if f.topic != nil {
		*f.topic = s == "topic"
		if *f.topic {
			return nil
		}
	}
	*f.d, err = model.ParseDim(s)
	if err != nil && f.topic != nil {
		err = fmt.Errorf("%w, or topic", err)
	}
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
