package relay

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/journal"
	"github.com/npsboard/npsboard/feed/prom"
	"github.com/npsboard/npsboard/model"
)

// Config configures a relay.
type Config struct {
	Journal string        // the journal file
	Decoder *feed.Decoder // validates posted records (with the config's mapping)
	Token   string        // a bearer token required to post, to stream and for /metrics; none when empty
	// AllowOrigins are the origins of web pages allowed to use the relay, beyond its own.
	AllowOrigins []string
	// AllowHosts are the host names the relay answers to without a token, beyond localhost and
	// IP addresses: a page elsewhere cannot then reach it through a name it controls (DNS
	// rebinding).
	AllowHosts []string
	MaxBody    int64            // the largest request body; 8 MiB when zero
	QueueSize  int              // messages queued for a client before it is cut; 1024 when zero
	QueueBytes int64            // bytes queued for a client before it is cut; 16 MiB when zero
	MaxClients int              // clients streaming at once; 2,000 when zero
	Location   *time.Location   // where "today" starts, for clients that give no since
	Now        func() time.Time // time.Now when nil
	Log        *slog.Logger     // diagnostics; nothing when nil
	// Publish, when set, hands the accepted responses of a POST on (to a JetStream stream)
	// before the relay journals them and answers: what it could not hand on is not accepted,
	// and the client's retry is not taken for a duplicate.
	Publish func(ctx context.Context, rs []model.Response) error
	// Figures, when set, are the NPS figures /metrics serves beside the relay's counters: of
	// every response in the journal and accepted since.
	Figures *prom.Options
}

// Server is a relay.
type Server struct {
	cfg     Config
	journal *Journal
	seen    *model.Dedup
	mu      sync.Mutex // guards clients
	clients map[*client]struct{}
	streams atomic.Int64 // clients admitted, streaming or about to
	upgrade websocket.Upgrader
	closed  atomic.Bool
	aggMu   sync.Mutex        // guards agg
	agg     *model.Aggregator // the figures of /metrics; nil without Config.Figures

	// Counters for /metrics.
	accepted, duplicates, rejected, posts, drops, tooLarge, unauthorized, actions atomic.Int64
	published, publishFailures                                                    atomic.Int64
	refused                                                                       [numRefusals]atomic.Int64
}

// Why a request was refused before it reached an endpoint, for /metrics.
type refusal uint8

const (
	refusedHost refusal = iota
	refusedOrigin
	refusedContentType
	refusedClients
	numRefusals
)

var refusalNames = [numRefusals]string{"host", "origin", "content_type", "clients"}

// New opens the journal and makes a relay ready to serve.
func New(cfg Config) (*Server, error) {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 8 << 20
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 1024
	}
	if cfg.QueueBytes <= 0 {
		cfg.QueueBytes = 16 << 20
	}
	if cfg.MaxClients <= 0 {
		cfg.MaxClients = 2000
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Decoder == nil {
		cfg.Decoder = &feed.Decoder{}
	}
	seen := model.NewDedup()
	var agg *model.Aggregator
	var each func(*model.Response)
	if cfg.Figures != nil {
		agg = model.NewAggregator(model.Tiered(cfg.Location), cfg.Figures.Dims()...)
		each = agg.Add
	}
	j, err := openJournal(cfg.Journal, seen, each)
	if err != nil {
		return nil, err
	}
	if j.Torn > 0 {
		cfg.Log.Warn("journal: cut off a line broken by a crash", "torn", j.Torn)
	}
	if j.Invalid > 0 {
		cfg.Log.Warn("journal: lines whose records today's rules reject are kept, and rejected by readers", "lines", j.Invalid)
	}
	s := &Server{cfg: cfg, journal: j, seen: seen, clients: map[*client]struct{}{}, agg: agg}
	s.upgrade = websocket.Upgrader{
		ReadBufferSize:  4 << 10,
		WriteBufferSize: 64 << 10,
		CheckOrigin:     s.originAllowed,
	}
	return s, nil
}

// Journal is the relay's journal.
func (s *Server) Journal() *Journal { return s.journal }

// Handler serves the relay's endpoints.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/responses", s.post)
	mux.HandleFunc("POST /v1/actions", s.postActions)
	mux.HandleFunc("GET /v1/stream", s.stream)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") })
	mux.HandleFunc("GET /metrics", s.metrics)
	return s.guard(mux)
}

// guard turns away, before any endpoint, what a web page elsewhere could send through a
// visitor's browser: a request by a host name the relay does not answer to (without a token,
// a page could make a name of its own point here: DNS rebinding), one from a page of another
// origin, and a POST that is not JSON (a form, or text/plain, needs no permission to be sent).
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case s.cfg.Token == "" && !s.hostAllowed(r.Host):
			s.refuse(w, refusedHost, http.StatusForbidden, fmt.Sprintf(
				"this relay does not answer to the name %q without a token: set a token, or list the name with --allow-host", hostName(r.Host)))
		case !s.originAllowed(r):
			s.refuse(w, refusedOrigin, http.StatusForbidden, "requests from web pages of other origins are refused (see --allow-origin)")
		case r.Method == http.MethodPost && !jsonType(r.Header.Get("Content-Type")):
			s.refuse(w, refusedContentType, http.StatusUnsupportedMediaType,
				"send JSON: Content-Type: application/json, or application/x-ndjson for JSON lines")
		default:
			next.ServeHTTP(w, r)
		}
	})
}

func (s *Server) refuse(w http.ResponseWriter, why refusal, status int, msg string) {
	s.refused[why].Add(1)
	http.Error(w, msg, status)
}

// hostAllowed says whether the relay answers to a Host header without a token: localhost and
// its subdomains, an IP address (no page can make one point elsewhere), or a listed name.
func (s *Server) hostAllowed(host string) bool {
	name := hostName(host)
	if name == "" {
		return false
	}
	if strings.EqualFold(name, "localhost") || strings.HasSuffix(strings.ToLower(name), ".localhost") {
		return true
	}
	if _, err := netip.ParseAddr(name); err == nil {
		return true
	}
	for _, h := range s.cfg.AllowHosts {
		if strings.EqualFold(h, name) {
			return true
		}
	}
	return false
}

// hostName is a Host header without its port and brackets.
func hostName(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		return h
	}
	return strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
}

// jsonType says whether a content type is JSON or JSON lines.
func jsonType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	switch mt {
	case "application/json", "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines",
		"application/jsonlines", "application/json-seq":
		return true
	}
	return strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")
}

// Close disconnects every client and closes the journal.
func (s *Server) Close() error {
	s.closed.Store(true)
	s.mu.Lock()
	for c := range s.clients {
		c.cut(websocket.CloseGoingAway, "relay shutting down")
	}
	s.mu.Unlock()
	return s.journal.Close()
}

// authorized checks the bearer token, in constant time. The scheme's name is read in any case
// (RFC 7235).
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.Token == "" {
		return true
	}
	scheme, got, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if ok && strings.EqualFold(scheme, "Bearer") && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(s.cfg.Token)) == 1 {
		return true
	}
	s.unauthorized.Add(1)
	w.Header().Set("WWW-Authenticate", `Bearer realm="npsboard"`)
	http.Error(w, "a valid bearer token is required", http.StatusUnauthorized)
	return false
}

// originAllowed lets programs (which send no Origin) in, and browsers only from the relay's own
// pages and the origins allowed: a page elsewhere must not post or read with a visitor's
// network access.
func (s *Server) originAllowed(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	for _, o := range s.cfg.AllowOrigins {
		if o == "*" || strings.EqualFold(o, origin) {
			return true
		}
	}
	u, err := url.Parse(origin)
	return err == nil && strings.EqualFold(u.Host, r.Host) // the relay's own pages
}

// PostReply is the answer to a POST.
type PostReply struct {
	Accepted   int          `json:"accepted"`
	Duplicates int          `json:"duplicates"`
	Rejected   int          `json:"rejected"`
	FirstSeq   int64        `json:"first_seq,omitempty"`
	LastSeq    int64        `json:"last_seq,omitempty"`
	Rejects    []PostReject `json:"rejects"`
}

// PostReject says which item of a POST was set aside, and why.
type PostReject struct {
	Index  int         `json:"index"`
	Reason feed.Reason `json:"reason"`
	Detail string      `json:"detail"`
}

func (s *Server) post(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	s.posts.Add(1)
	items, reply, ok := s.readRecords(w, r)
	if !ok {
		return
	}
	var accepted []model.Response
	var line []byte
	for i, item := range items {
		var resp model.Response
		p := feed.Problem{}
		if len(item) > feed.MaxLine {
			p = feed.Problem{Reason: feed.TooLong, Detail: fmt.Sprintf("a record longer than %d bytes", feed.MaxLine)}
		} else {
			p = s.cfg.Decoder.DecodeJSON(item, int64(i), &resp)
		}
		if p.OK() { // what the journal writes must fit the line every reader takes
			if line = feed.AppendJSONSeq(line[:0], math.MaxInt64, model.MaxTime, &resp); len(line)+journal.SealLen > feed.MaxLine {
				p = feed.Problem{Reason: feed.TooLong, Detail: fmt.Sprintf("a record longer than %d bytes once cleaned and journaled", feed.MaxLine)}
			}
		}
		switch {
		case !p.OK():
			reply.Rejects = append(reply.Rejects, PostReject{Index: i, Reason: p.Reason, Detail: p.Detail})
		case s.isDuplicate(&resp):
			reply.Duplicates++
		default:
			accepted = append(accepted, resp)
		}
	}
	reply.Rejected = len(reply.Rejects)
	if s.cfg.Publish != nil && len(accepted) > 0 {
		if err := s.cfg.Publish(r.Context(), accepted); err != nil {
			s.forget(accepted)
			s.publishFailures.Add(1)
			s.cfg.Log.Error("publish", "err", err, "responses", len(accepted))
			http.Error(w, "the responses could not be published: nothing was accepted; send them again", http.StatusServiceUnavailable)
			return
		}
		s.published.Add(int64(len(accepted)))
	}
	err := s.journal.Append(accepted, s.cfg.Now(), func(first int64, lines []byte) {
		reply.FirstSeq, reply.LastSeq = first, first+int64(len(accepted))-1
		s.broadcast(lines, reply.LastSeq)
	})
	if err != nil {
		s.forget(accepted)
		s.cfg.Log.Error("journal", "err", err)
		http.Error(w, "the journal could not be written: nothing was accepted", http.StatusServiceUnavailable)
		return
	}
	reply.Accepted = len(accepted)
	if s.agg != nil {
		s.aggMu.Lock()
		for i := range accepted {
			s.agg.Add(&accepted[i])
		}
		s.aggMu.Unlock()
	}
	s.cfg.Log.Debug("post", "accepted", reply.Accepted, "duplicates", reply.Duplicates, "rejected", reply.Rejected, "last_seq", reply.LastSeq)
	s.accepted.Add(int64(reply.Accepted))
	s.duplicates.Add(int64(reply.Duplicates))
	s.rejected.Add(int64(reply.Rejected))
	writeJSON(w, http.StatusOK, reply)
}

// postActions takes actions on alerts (acknowledge, assign, resolve, reopen) from a dashboard,
// journals them, and shares them with every dashboard streaming, so that two supervisors never
// call the same customer without knowing.
func (s *Server) postActions(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	items, reply, ok := s.readRecords(w, r)
	if !ok {
		return
	}
	var acts []model.Action
	now := s.cfg.Now()
	for i, item := range items {
		act, _, err := feed.ParseAction(item)
		var p feed.Problem
		switch {
		case len(item) > feed.MaxLine:
			p = feed.Problem{Reason: feed.TooLong, Detail: fmt.Sprintf("an action longer than %d bytes", feed.MaxLine)}
		case errors.As(err, &p):
		case err != nil:
			p = feed.Problem{Reason: feed.BadJSON, Detail: err.Error()}
		case act.At.Sub(now) > model.MaxActionSkew:
			// A forged time would order every later action after it, and age never.
			p = feed.Problem{Reason: feed.BadTime, Detail: fmt.Sprintf("an action stamped %s, more than %v after the relay's clock",
				act.At.UTC().Format(time.RFC3339), model.MaxActionSkew)}
		}
		if !p.OK() {
			reply.Rejects = append(reply.Rejects, PostReject{Index: i, Reason: p.Reason, Detail: p.Detail})
			continue
		}
		acts = append(acts, act)
	}
	reply.Rejected = len(reply.Rejects)
	err := s.journal.AppendActions(acts, s.cfg.Now(), func(first int64, lines []byte) {
		reply.FirstSeq, reply.LastSeq = first, first+int64(len(acts))-1
		s.broadcast(lines, reply.LastSeq)
	})
	if err != nil {
		s.cfg.Log.Error("journal", "err", err)
		http.Error(w, "the journal could not be written: nothing was kept", http.StatusServiceUnavailable)
		return
	}
	reply.Accepted = len(acts)
	s.actions.Add(int64(len(acts)))
	writeJSON(w, http.StatusOK, reply)
}

// readRecords reads a POST's body and splits it into records, as a file of the same bytes
// would be; ok is false when the request has been answered.
func (s *Server) readRecords(w http.ResponseWriter, r *http.Request) (items []string, reply PostReply, ok bool) {
	reply = PostReply{Rejects: []PostReject{}}
	body, ok := s.readBody(w, r)
	if !ok {
		return nil, reply, false
	}
	return feed.SplitRecords(string(body)), reply, true
}

// readBody reads a request's body up to the limit, answering 413 beyond it.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		s.tooLarge.Add(1)
		http.Error(w, fmt.Sprintf("the body is larger than %d bytes: send fewer at a time", s.cfg.MaxBody), http.StatusRequestEntityTooLarge)
		return nil, false
	case err != nil:
		http.Error(w, "reading the body: "+err.Error(), http.StatusBadRequest)
		return nil, false
	}
	return body, true
}

// isDuplicate records the response's id, and says whether it was already accepted. Within one
// POST too: the relay's dedup is shared by all posts, under the journal's order.
func (s *Server) isDuplicate(r *model.Response) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen.Ceil(s.cfg.Now().Add(time.Hour))
	return s.seen.Add(r.ID, r.Time)
}

// forget forgets responses that were not kept: sending them again must not be a duplicate.
func (s *Server) forget(rs []model.Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range rs {
		s.seen.Forget(rs[i].ID)
	}
}

func (s *Server) forgotten() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen.Forgotten()
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// client is one streaming connection.
type client struct {
	conn   *websocket.Conn
	send   chan message
	quit   chan struct{}
	once   sync.Once
	code   int
	why    string
	sent   atomic.Int64 // the last sequence number sent
	queued atomic.Int64 // bytes of the messages waiting in send
}

// message is a websocket message of JSON lines, and the sequence number of its last line.
type message struct {
	lines []byte
	last  int64
}

// cut ends a client's stream with a close code and reason.
func (c *client) cut(code int, why string) {
	c.once.Do(func() {
		c.code, c.why = code, why
		close(c.quit)
	})
}

// broadcast queues a batch of journal lines to every client, in messages of about maxMessage
// bytes (a client reads a message whole). It never waits: a client whose queue is full, in
// messages or in bytes, is cut, to resume from where it was with since. The messages are
// shared by every client: what the slowest holds bounds the memory of all.
func (s *Server) broadcast(lines []byte, last int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.clients) == 0 {
		return
	}
	for _, m := range messages(bytes.Clone(lines), last) {
		for c := range s.clients {
			if c.queued.Load()+int64(len(m.lines)) > s.cfg.QueueBytes {
				s.tooSlow(c)
				continue
			}
			select {
			case c.send <- m:
				c.queued.Add(int64(len(m.lines)))
			default:
				s.tooSlow(c)
			}
		}
	}
}

// tooSlow cuts a client that fell behind; s.mu is held.
func (s *Server) tooSlow(c *client) {
	s.drops.Add(1)
	delete(s.clients, c)
	c.cut(closeTooSlow, "") // the reason is written with the close, from what was sent by then
}

// messages cuts journal lines, whose last has sequence number last, into messages of about
// maxMessage bytes, on line ends.
func messages(lines []byte, last int64) []message {
	var out []message
	for len(lines) > maxMessage {
		cut := maxMessage + bytes.IndexByte(lines[maxMessage:], '\n') + 1
		if cut == maxMessage || cut >= len(lines) {
			break
		}
		out = append(out, message{lines: lines[:cut:cut]})
		lines = lines[cut:]
	}
	out = append(out, message{lines: lines, last: last})
	// A message's last sequence number is counted back from the batch's.
	for i := len(out) - 2; i >= 0; i-- {
		out[i].last = out[i+1].last - int64(bytes.Count(out[i+1].lines, []byte{'\n'}))
	}
	return out
}

// closeTooSlow is the close code of a client cut for falling behind (a private-use code).
const closeTooSlow = 4000

// Stream timing.
const (
	pingEvery    = 20 * time.Second
	writeTimeout = 10 * time.Second
	maxMessage   = 256 << 10 // bytes of lines in one message
)

func (s *Server) stream(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	since := int64(0)
	if v := r.URL.Query().Get("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			http.Error(w, "since: want a sequence number from 1", http.StatusBadRequest)
			return
		}
		since = n
	}
	// Admitted before the upgrade, so that a rush of clients cannot pass the limit together.
	if s.streams.Add(1) > int64(s.cfg.MaxClients) {
		s.streams.Add(-1)
		w.Header().Set("Retry-After", "30")
		s.refuse(w, refusedClients, http.StatusServiceUnavailable, fmt.Sprintf("this relay streams to %d clients at most: try later", s.cfg.MaxClients))
		return
	}
	defer s.streams.Add(-1)
	conn, err := s.upgrade.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	defer conn.Close()
	if since == 0 {
		now := s.cfg.Now().In(s.cfg.Location)
		since, _ = s.journal.SeqSince(time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.cfg.Location))
	}
	c := &client{conn: conn, send: make(chan message, s.cfg.QueueSize), quit: make(chan struct{})}
	c.sent.Store(since - 1)
	var head int64
	s.journal.Head(func(seq int64) {
		head = seq
		s.mu.Lock()
		if !s.closed.Load() {
			s.clients[c] = struct{}{}
		}
		s.mu.Unlock()
	})
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	s.cfg.Log.Info("client", "remote", r.RemoteAddr, "since", since, "head", head)

	// The reader: answers pings, notices a client gone.
	go func() {
		conn.SetReadLimit(4 << 10)
		conn.SetReadDeadline(time.Now().Add(3 * pingEvery))
		conn.SetPongHandler(func(string) error { return conn.SetReadDeadline(time.Now().Add(3 * pingEvery)) })
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				c.cut(websocket.CloseNormalClosure, "")
				return
			}
		}
	}()

	write := func(lines []byte, last int64) bool {
		conn.SetWriteDeadline(time.Now().Add(writeTimeout))
		if err := conn.WriteMessage(websocket.TextMessage, lines); err != nil {
			c.cut(websocket.CloseAbnormalClosure, "")
			return false
		}
		c.sent.Store(last)
		return true
	}
	// First what the journal holds from since to the head, in messages of a few hundred KiB.
	var batch []byte
	var last int64
	err = s.journal.Replay(since, head, func(seq int64, line []byte) bool {
		select {
		case <-c.quit:
			return false
		default:
		}
		batch, last = append(batch, line...), seq
		if len(batch) >= maxMessage {
			ok := write(batch, last)
			batch = batch[:0]
			return ok
		}
		return true
	})
	if err == nil && len(batch) > 0 {
		write(batch, last)
	}
	// Then the live stream.
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	closing := func() {
		why := c.why
		if c.code == closeTooSlow {
			why = fmt.Sprintf("too slow: resume with since=%d", c.sent.Load()+1)
		}
		if c.code != websocket.CloseNormalClosure && c.code != websocket.CloseAbnormalClosure {
			conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(c.code, why), time.Now().Add(time.Second))
		}
	}
	for {
		select { // a client that was cut sends nothing more, though messages wait
		case <-c.quit:
			closing()
			return
		default:
		}
		select {
		case m := <-c.send:
			c.queued.Add(-int64(len(m.lines)))
			if !write(m.lines, m.last) {
				return
			}
		case <-ping.C:
			if conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeTimeout)) != nil {
				return
			}
		case <-c.quit:
			closing()
			return
		}
	}
}

// metrics writes the relay's counters in the Prometheus text format; with a token, for those
// who have it (a scrape job sends it as a bearer token).
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	s.mu.Lock()
	clients := len(s.clients)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	var b strings.Builder
	metric := func(name, kind, help string, values ...string) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, kind)
		for i := 0; i+1 < len(values); i += 2 {
			fmt.Fprintf(&b, "%s%s %s\n", name, values[i], values[i+1])
		}
	}
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	metric("npsboard_relay_responses_total", "counter", "Responses posted, by what became of them.",
		`{result="accepted"}`, n(s.accepted.Load()), `{result="duplicate"}`, n(s.duplicates.Load()), `{result="rejected"}`, n(s.rejected.Load()))
	if s.cfg.Publish != nil {
		metric("npsboard_relay_published_total", "counter", "Responses published to JetStream and acknowledged.", "", n(s.published.Load()))
		metric("npsboard_relay_publish_failures_total", "counter", "POST requests answered 503 because JetStream did not acknowledge.", "", n(s.publishFailures.Load()))
	}
	metric("npsboard_relay_posts_total", "counter", "POST requests to /v1/responses.", "", n(s.posts.Load()))
	metric("npsboard_relay_actions_total", "counter", "Actions on alerts taken and shared.", "", n(s.actions.Load()))
	metric("npsboard_relay_posts_too_large_total", "counter", "POST requests refused for their size.", "", n(s.tooLarge.Load()))
	metric("npsboard_relay_unauthorized_total", "counter", "Requests refused for a missing or wrong token.", "", n(s.unauthorized.Load()))
	metric("npsboard_relay_clients", "gauge", "Clients streaming now.", "", strconv.Itoa(clients))
	metric("npsboard_relay_client_drops_total", "counter", "Clients cut for falling behind.", "", n(s.drops.Load()))
	metric("npsboard_relay_journal_seq", "gauge", "The last sequence number in the journal.", "", n(s.journal.Seq()))
	metric("npsboard_relay_journal_torn_lines_total", "counter", "Broken lines cut off the journal at start.", "", strconv.Itoa(s.journal.Torn))
	var refused []string
	for i, name := range refusalNames {
		refused = append(refused, `{reason="`+name+`"}`, n(s.refused[i].Load()))
	}
	metric("npsboard_relay_requests_refused_total", "counter", "Requests refused before any endpoint, by reason.", refused...)
	metric("npsboard_relay_ids_forgotten_early_total", "counter", "Ids forgotten before their 48 hours to keep within the limit.", "", n(s.forgotten()))
	if s.agg != nil {
		o := *s.cfg.Figures
		o.Location = s.cfg.Location
		s.aggMu.Lock()
		prom.Write(&b, s.agg, s.cfg.Now(), o)
		s.aggMu.Unlock()
	}
	io.WriteString(w, b.String())
}
