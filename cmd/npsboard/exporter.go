package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/prom"
	"github.com/npsboard/npsboard/model"
)

// metricsFlags say which figures /metrics serves: the relay's and the exporter's.
type metricsFlags struct {
	windows   string
	agents    bool
	maxAgents int
}

const metricsUsage = `  --metrics-windows LIST
                    the windows of the figures on /metrics (default 1h,today,30d; at most 8)
  --metrics-agents  agents' figures on /metrics too, at most --metrics-max-agents of them
  --metrics-max-agents N
                    the most agents on /metrics, those with the most responses (default 500,
                    at most 5000); npsboard_agents_omitted counts the others
`

func (m *metricsFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&m.windows, "metrics-windows", "1h,today,30d", "")
	fs.BoolVar(&m.agents, "metrics-agents", false, "")
	fs.IntVar(&m.maxAgents, "metrics-max-agents", prom.DefaultMaxAgents, "")
}

func (m *metricsFlags) options(loc *time.Location) (*prom.Options, error) {
	ws, err := prom.ParseWindows(m.windows)
	if err != nil {
		return nil, usagef("invalid value %q for flag --metrics-windows: %v", m.windows, err)
	}
	if m.maxAgents < 1 || m.maxAgents > prom.MaxAgentsLimit {
		return nil, usagef("invalid value %d for flag --metrics-max-agents: want 1 to %d", m.maxAgents, prom.MaxAgentsLimit)
	}
	return &prom.Options{Windows: ws, Agents: m.agents, MaxAgents: m.maxAgents, Location: loc}, nil
}

const exporterUsage = `Reads a feed and serves its NPS figures to Prometheus on /metrics, for a site without a relay
(a relay serves them itself): per window, the NPS, its 95 % interval and the responses of each
class, overall (npsboard_nps…), per queue (npsboard_queue_…), per site (npsboard_site_…), and
per agent when asked (npsboard_agent_…), with the feed's counts (npsboard_records_total,
npsboard_rejected_total). Windows end at the scrape's instant.

Usage:
  npsboard exporter --file PATH|--ws URL|--nats URLS [flags]

Flags:
` + sourceUsage + `  --listen ADDR     where to serve /metrics and /healthz (default 127.0.0.1:9470)
  --tz ZONE         where today and this week start (default: the local zone)
` + metricsUsage + logUsage + `
Examples:
  npsboard exporter --file /var/log/surveys.jsonl --follow --listen :9470
  npsboard exporter --nats nats://nats1:4222 --site Leeds --metrics-agents
  curl -s 127.0.0.1:9470/metrics | grep '^npsboard_queue_nps{'
`

type exporterOptions struct {
	src     sourceFlags
	metrics metricsFlags
	listen  string
	tz      string
	log     logFlags
}

func exporterCommand() *command {
	c := &command{name: "exporter", summary: "serve a feed's NPS figures to Prometheus", usage: exporterUsage}
	c.setup = func(fs *flag.FlagSet) func(context.Context, *env) error {
		o := exporterOptions{}
		o.src.register(fs)
		o.metrics.register(fs)
		fs.StringVar(&o.listen, "listen", "127.0.0.1:9470", "")
		fs.StringVar(&o.tz, "tz", "", "")
		o.log.register(fs)
		return func(ctx context.Context, e *env) error {
			if o.src.chosen() == nil {
				return usagef("no feed: give --file PATH, --ws URL or --nats URLS")
			}
			if err := o.src.check(); err != nil {
				return err
			}
			if err := o.log.check(); err != nil {
				return err
			}
			if err := checkListen(o.listen, "127.0.0.1:9470"); err != nil {
				return err
			}
			return runExporter(ctx, e, &o)
		}
	}
	return c
}

// exported is what the exporter serves: the figures, and the feed's counts, under one lock.
type exported struct {
	mu      sync.Mutex
	agg     *model.Aggregator
	intake  *feed.Intake
	phase   feed.Phase
	lastErr error
}

func (x *exported) Emit(b *feed.Batch) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.intake.Take(b, x.agg.Add)
}

func (x *exported) SetState(p feed.Phase, err error, _ time.Time) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.phase, x.lastErr = p, err
}
func (x *exported) SetClock(time.Time) {}
func (x *exported) Act(model.Action)   {}

// write writes the feed's counts and the figures at now.
func (x *exported) write(w io.Writer, now time.Time, o prom.Options) {
	x.mu.Lock()
	defer x.mu.Unlock()
	c := x.intake.Counts
	var b strings.Builder
	prom.Family(&b, "npsboard_records_total", "counter", "Records the feed sent, by what became of them.")
	for _, r := range []struct {
		result string
		n      int64
	}{{"accepted", c.Accepted}, {"duplicate", c.Duplicates}, {"rejected", c.Rejected}} {
		prom.Sample(&b, "npsboard_records_total", []string{"result", r.result}, float64(r.n))
	}
	prom.Family(&b, "npsboard_rejected_total", "counter", "Records set aside, by reason.")
	for _, r := range feed.Reasons() {
		prom.Sample(&b, "npsboard_rejected_total", []string{"reason", r.String()}, float64(c.ByReason[r]))
	}
	up := 0.0
	if x.phase == feed.Live || x.phase == feed.Loading || x.phase == feed.Ended {
		up = 1
	}
	prom.Family(&b, "npsboard_source_up", "gauge", "Whether the source is read (1), or connecting, retrying, failed (0).")
	prom.Sample(&b, "npsboard_source_up", nil, up)
	io.WriteString(w, b.String())
	prom.Write(w, x.agg, now, o)
}

func runExporter(ctx context.Context, e *env, o *exporterOptions) error {
	loc, err := loadZone(o.tz)
	if err != nil {
		return err
	}
	figures, err := o.metrics.options(loc)
	if err != nil {
		return err
	}
	cfg, err := o.src.loadConfig(e)
	if err != nil {
		return err
	}
	logger, closeLog, err := o.log.open(e.stderr)
	if err != nil {
		return err
	}
	defer closeLog()
	o.src.need = sourceNeed{from: time.Now().Add(-model.MaxWindow)}
	src, err := o.src.build(e, loc, cfg)
	if err != nil {
		return err
	}
	if src.close != nil {
		defer src.close()
	}
	seen := model.NewDedup()
	x := &exported{agg: model.NewAggregator(model.Tiered(loc), figures.Dims()...), intake: feed.NewIntake(seen)}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		x.write(w, time.Now(), *figures)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") })
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return err
	}
	srv := relayLimits.server(mux, logger)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Info("exporter listening", "url", "http://"+ln.Addr().String()+"/metrics", "source", src.Name())

	runCtx, stopSource := context.WithCancel(ctx)
	defer stopSource()
	go func() {
		seen.Ceil(time.Now().Add(feed.ClockSkew))
		if err := src.Run(runCtx, x); err != nil && runCtx.Err() == nil {
			logger.Error("source stopped", "source", src.Name(), "err", err)
			x.SetState(feed.Failed, err, time.Time{})
		}
	}()
	select {
	case err = <-served:
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
		return nil
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}
