package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/jet"
	"github.com/npsboard/npsboard/model"
)

const publishUsage = `Reads a feed and publishes every response it accepts to a NATS JetStream stream, for a survey
system that can write a file or a pipe but cannot run a relay. Records are checked as any
feed's; the bad ones are counted and set aside with their reason, never published. Each
response goes to npsboard.responses.<site>.<queue> with its id as Nats-Msg-Id: publishing a
file again, or after a failure, stores nothing twice (within the stream's two-day window).

Usage:
  npsboard publish --nats URLS --file PATH [flags]

Flags:
` + natsUsage + natsStreamUsage + fileUsage + wsUsage + configUsage + `  --tz ZONE         the zone of times without an offset (default: the local zone)
  --rejects FILE    write each rejected record, with its reason and line number, as JSON lines

It exits with status 1 when JetStream did not acknowledge a response in time; what it printed
says how many were published, and running it again publishes the rest.

Examples:
  npsboard publish --nats nats://nats1:4222 --file day.jsonl
  tail -F /var/log/survey.jsonl | npsboard publish --nats nats://nats1:4222 --file -
  npsboard publish --nats tls://nats.example:4222 --nats-creds /etc/npsboard/nats.creds --replicas 3 --file export.csv
`

type publishOptions struct {
	nats    natsFlags
	src     sourceFlags
	tz      string
	rejects string
}

func publishCommand() *command {
	c := &command{name: "publish", summary: "publish a feed's responses to NATS JetStream", usage: publishUsage}
	c.setup = func(fs *flag.FlagSet) func(context.Context, *env) error {
		o := publishOptions{}
		o.nats.register(fs, true)
		o.src.registerOnly(fs, []sourceKind{&fileSource{}, &wsSource{}}) // --nats is where they go
		fs.StringVar(&o.tz, "tz", "", "")
		fs.StringVar(&o.rejects, "rejects", "", "")
		return func(ctx context.Context, e *env) error {
			switch {
			case !o.nats.given():
				return usagef("no stream: give --nats URLS")
			case o.src.chosen() == nil:
				return usagef("no feed: give --file PATH (- for standard input) or --ws URL")
			}
			if err := o.nats.check(); err != nil {
				return err
			}
			if err := o.src.check(); err != nil {
				return err
			}
			return publish(ctx, e, &o)
		}
	}
	return c
}

func publish(ctx context.Context, e *env, o *publishOptions) error {
	loc, err := loadZone(o.tz)
	if err != nil {
		return err
	}
	cfg, err := o.src.loadConfig(e)
	if err != nil {
		return err
	}
	o.src.need = sourceNeed{finite: true}
	src, err := o.src.build(e, loc, cfg)
	if err != nil {
		return err
	}
	if src.close != nil {
		defer src.close()
	}
	pub, nc, err := o.nats.publisher(ctx, e, "npsboard publish")
	if err != nil {
		return err
	}
	defer nc.Close()
	pub.Patience = time.Minute // a batch job waits out an election, and says so if it cannot

	seen := model.NewDedup()
	seen.Ceil(time.Now().Add(feed.ClockSkew))
	intake := feed.NewIntake(seen)
	flushRejects, err := setAside(intake, o.rejects)
	if err != nil {
		return err
	}
	defer flushRejects()
	var done jet.Published
	var batch []model.Response
	sink := &reportSink{emit: func(b *feed.Batch) error {
		batch = batch[:0]
		if err := intake.Take(b, func(r *model.Response) { batch = append(batch, *r) }); err != nil {
			return err
		}
		got, err := pub.Publish(ctx, batch)
		done.Stored += got.Stored
		done.Duplicates += got.Duplicates
		return err
	}}
	runErr := src.Run(ctx, sink)
	counts := intake.Counts
	if err := flushRejects(); err != nil && runErr == nil {
		runErr = err
	}
	fmt.Fprintf(e.stderr, "npsboard publish: %s records: %s published to %s (%s new, %s already there), %s duplicates in the feed, %s rejected\n",
		thousands(counts.Records), thousands(int64(done.Stored+done.Duplicates)), o.nats.stream,
		thousands(int64(done.Stored)), thousands(int64(done.Duplicates)), thousands(counts.Duplicates), thousands(counts.Rejected))
	if runErr != nil && ctx.Err() == nil {
		return fmt.Errorf("publishing %s: %w", src.Name(), runErr)
	}
	if src.connects && !sink.connected {
		return fmt.Errorf("%s: never connected: %v", src.Name(), sink.lastErr)
	}
	return nil
}
