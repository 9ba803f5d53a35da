package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"golang.org/x/net/netutil"

	"github.com/npsboard/npsboard/feed/relay"
	"github.com/npsboard/npsboard/model"
)

const relayUsage = `A small server to run next to the survey system: it takes responses by POST, validates them
like any feed, keeps the accepted ones in a journal on disk (synced before it answers), and
streams them to every dashboard over websockets. A dashboard that reconnects resumes where it
left off; a restarted relay reads its journal and goes on with the same sequence.

Usage:
  npsboard relay --journal FILE [flags]

Endpoints:
  POST /v1/responses   a JSON object, an array of them, or JSON lines, as application/json or
                       application/x-ndjson; answers with counts and each rejected item's
                       index and reason (413 when the body is too large)
  POST /v1/actions     actions on alerts, as JSON lines
  GET  /v1/stream      a websocket of JSON lines, each with its "seq"; ?since=SEQ starts there
                       (default: the first response received today)
  GET  /healthz        "ok"
  GET  /metrics        counters, and the NPS figures per window, queue and site (see 'npsboard
                       help exporter'), in the Prometheus text format (with the token, if set)

Without a token the relay answers only to localhost, IP addresses and --allow-host names, and
never to a web page of another origin: a page a visitor opens cannot use it.

Flags:
  --journal FILE        the journal: JSON lines, created if missing (required)
  --listen ADDR         where to listen (default 127.0.0.1:8080: this machine only)
  --config FILE         a field mapping for the posted records (see 'npsboard help config')
  --token-file FILE     a file holding the bearer token that posting and streaming require
                        (or set NPSBOARD_TOKEN; without either, no token is asked)
  --allow-origin O      a web page origin allowed to use the relay, such as
                        https://wall.example.com (repeatable; programs send no origin)
  --allow-host NAME     a host name the relay answers to without a token, beyond localhost
                        and IP addresses, such as relay.lan (repeatable)
  --tls-cert FILE       serve HTTPS and WSS with this certificate (PEM) ...
  --tls-key FILE        ... and this key
  --max-body BYTES      the largest POST body (default 8388608)
  --queue N             messages queued for a client before it is cut as too slow (default 1024)
  --queue-bytes BYTES   bytes queued for a client before it is cut as too slow (default 16777216)
  --max-clients N       clients streaming at once; the next gets 503 (default 2000)
  --max-conns N         connections open at once; more wait to be accepted (default 4096)
  --tz ZONE             where "today" starts for clients that give no since (default: local)
  --log FILE            write the log to FILE instead of standard error
  --log-format F        text (default) or json: one object a line, for journald or a shipper
  --log-level L         debug (each POST too), info (default), warn or error

With --nats the relay also publishes every response it accepts to a JetStream stream (made if
missing), and answers a POST only once JetStream has acknowledged them: when it cannot, the
POST gets 503 and nothing of it is accepted. Dashboards anywhere then read the stream
(npsboard --nats URLS) rather than this relay.

` + natsUsage + natsStreamUsage + `
` + metricsUsage + `
Examples:
  npsboard relay --journal /var/lib/npsboard/journal.jsonl
  NPSBOARD_TOKEN=s3cret npsboard relay --journal j.jsonl --listen :8443 --tls-cert c.pem --tls-key k.pem
  curl -H 'Authorization: Bearer s3cret' -H 'Content-Type: application/x-ndjson' \
       --data-binary @day.jsonl https://relay:8443/v1/responses
  npsboard --ws wss://relay:8443/v1/stream --token-file ~/.npsboard-token
  npsboard relay --journal j.jsonl --nats nats://nats1:4222,nats://nats2:4222 --replicas 3
`

type relayOptions struct {
	journal, listen, config, tokenFile string
	origins, hosts                     valueList
	tlsCert, tlsKey                    string
	maxBody, queueBytes                int64
	queue, maxClients, maxConns        int
	tz                                 string
	log                                logFlags
	configSet                          bool
	nats                               natsFlags
	metrics                            metricsFlags
}

// valueList is a repeatable flag of plain values.
type valueList []string

func (l *valueList) String() string     { return strings.Join(*l, ", ") }
func (l *valueList) Set(v string) error { *l = append(*l, v); return nil }

func relayCommand() *command {
	c := &command{name: "relay", summary: "serve responses to many dashboards", usage: relayUsage}
	c.setup = func(fs *flag.FlagSet) func(context.Context, *env) error {
		o := relayOptions{}
		fs.StringVar(&o.journal, "journal", "", "")
		fs.StringVar(&o.listen, "listen", "127.0.0.1:8080", "")
		fs.Func("config", "", func(v string) error { o.config, o.configSet = v, true; return nil })
		fs.StringVar(&o.tokenFile, "token-file", "", "")
		fs.Var(&o.origins, "allow-origin", "")
		fs.Var(&o.hosts, "allow-host", "")
		fs.StringVar(&o.tlsCert, "tls-cert", "", "")
		fs.StringVar(&o.tlsKey, "tls-key", "", "")
		fs.Int64Var(&o.maxBody, "max-body", 8<<20, "")
		fs.IntVar(&o.queue, "queue", 1024, "")
		fs.Int64Var(&o.queueBytes, "queue-bytes", 16<<20, "")
		fs.IntVar(&o.maxClients, "max-clients", 2000, "")
		fs.IntVar(&o.maxConns, "max-conns", 4096, "")
		fs.StringVar(&o.tz, "tz", "", "")
		o.log.register(fs)
		o.nats.register(fs, true)
		o.metrics.register(fs)
		return func(ctx context.Context, e *env) error { return runRelay(ctx, e, &o) }
	}
	return c
}

func runRelay(ctx context.Context, e *env, o *relayOptions) error {
	switch {
	case o.journal == "":
		return usagef("no journal: give --journal FILE")
	case (o.tlsCert == "") != (o.tlsKey == ""):
		return usagef("--tls-cert and --tls-key go together")
	case o.maxBody < 1024:
		return usagef("invalid value %d for flag --max-body: want at least 1024 bytes", o.maxBody)
	case o.queue < 1:
		return usagef("invalid value %d for flag --queue: want at least 1", o.queue)
	case o.queueBytes < 2<<20:
		return usagef("invalid value %d for flag --queue-bytes: want at least 2097152 (a message may hold a megabyte)", o.queueBytes)
	case o.maxClients < 1:
		return usagef("invalid value %d for flag --max-clients: want at least 1", o.maxClients)
	case o.maxConns <= o.maxClients:
		return usagef("invalid value %d for flag --max-conns: want more than --max-clients (%d), for posts", o.maxConns, o.maxClients)
	}
	if err := o.nats.check(); err != nil {
		return err
	}
	if err := o.log.check(); err != nil {
		return err
	}
	if err := checkListen(o.listen, "127.0.0.1:8080"); err != nil {
		return err
	}
	loc, err := loadZone(o.tz)
	if err != nil {
		return err
	}
	src := sourceFlags{config: o.config, configSet: o.configSet}
	cfg, err := src.loadConfig(e)
	if err != nil {
		return err
	}
	dec, err := decoder(cfg, loc)
	if err != nil {
		return err
	}
	dec.Source = "relay"
	token, err := bearerToken(e, o.tokenFile)
	if err != nil {
		return err
	}
	logger, closeLog, err := o.log.open(e.stderr)
	if err != nil {
		return err
	}
	defer closeLog()

	figures, err := o.metrics.options(loc)
	if err != nil {
		return err
	}
	rc := relay.Config{Journal: o.journal, Decoder: dec, Token: token, AllowOrigins: o.origins, AllowHosts: o.hosts,
		MaxBody: o.maxBody, QueueSize: o.queue, QueueBytes: o.queueBytes, MaxClients: o.maxClients, Location: loc, Log: logger,
		Figures: figures}
	if o.nats.given() {
		pub, nc, err := o.nats.publisher(ctx, e, "npsboard relay")
		if err != nil {
			return err
		}
		defer nc.Close()
		rc.Publish = func(ctx context.Context, rs []model.Response) error {
			_, err := pub.Publish(ctx, rs)
			return err
		}
		logger.Info("relay publishing", "nats", o.nats.urls, "stream", o.nats.stream)
	}
	r, err := relay.New(rc)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		r.Close()
		return err
	}
	ln = netutil.LimitListener(ln, o.maxConns)
	srv := relayLimits.server(r.Handler(), logger)
	scheme := "http"
	if o.tlsCert != "" {
		scheme = "https"
	}
	logger.Info("relay listening", "url", fmt.Sprintf("%s://%s", scheme, ln.Addr()), "journal", o.journal,
		"seq", r.Journal().Seq(), "token", token != "", "torn", r.Journal().Torn)
	served := make(chan error, 1)
	go func() {
		if o.tlsCert != "" {
			served <- srv.ServeTLS(ln, o.tlsCert, o.tlsKey)
		} else {
			served <- srv.Serve(ln)
		}
	}()
	select {
	case err = <-served:
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		r.Close() // close the streams first: Shutdown does not wait for hijacked connections
		if err := srv.Shutdown(shutdown); err != nil {
			logger.Warn("relay: connections still open at shutdown", "err", err)
		}
		cancel()
		logger.Info("relay stopped", "seq", r.Journal().Seq())
		return nil
	}
	r.Close()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// httpLimits are what the relay allows a client: time to send its headers and its body, to
// read the answer, to keep an idle connection, and the size of its headers. Bodies are
// limited by --max-body; streams, once upgraded, by their own queue and deadlines.
type httpLimits struct {
	readHeader, read, write, idle time.Duration
	maxHeader                     int
}

var relayLimits = httpLimits{
	readHeader: 10 * time.Second,
	read:       60 * time.Second, // a POST body must come within a minute
	write:      60 * time.Second, // streams are exempt: the upgrade lifts deadlines
	idle:       2 * time.Minute,
	maxHeader:  64 << 10,
}

func (l httpLimits) server(h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.readHeader,
		ReadTimeout:       l.read,
		WriteTimeout:      l.write,
		IdleTimeout:       l.idle,
		MaxHeaderBytes:    l.maxHeader,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// checkListen refuses a --listen that is not HOST:PORT, with an example of one.
func checkListen(addr, example string) error {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return usagef("invalid value %q for flag --listen: want HOST:PORT, such as %s", addr, example)
	}
	return nil
}
