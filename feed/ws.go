package feed

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/npsboard/npsboard/model"
)

// WSSource receives responses over a websocket, from a relay or any server that sends them: a
// text message holds one JSON object, a JSON array of objects, or JSON lines.
//
// It stays connected for days: pings keep the connection alive and a read deadline notices one
// that died silently; on any error it connects again, forever, after a wait that doubles from
// MinBackoff to MaxBackoff, with jitter so that a hundred screens do not all come back at the
// same instant. Records that carry a sequence number ("seq", as the relay sends them) let it
// resume after the last one received: the server replays what was missed, and duplicates are
// still dropped by id.
type WSSource struct {
	URL        string
	Header     http.Header // sent with the handshake: a bearer token, custom headers
	TLS        *tls.Config // for wss: certificates are verified; RootCAs may add a CA
	Decoder    *Decoder
	MinBackoff time.Duration // 500 ms when zero
	MaxBackoff time.Duration // 30 s when zero
	PingEvery  time.Duration // 20 s when zero
	ReadLimit  int64         // the largest message; 16 MiB when zero

	mu      sync.Mutex
	lastSeq int64
	records int64
}

func (s *WSSource) Name() string { return redactURL(s.URL) }
func (s *WSSource) Live() bool   { return true }

// LastSeq is the sequence number of the last record received.
func (s *WSSource) LastSeq() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastSeq
}

func (s *WSSource) Run(ctx context.Context, sink Sink) error {
	minB, maxB := s.MinBackoff, s.MaxBackoff
	if minB <= 0 {
		minB = 500 * time.Millisecond
	}
	if maxB <= 0 {
		maxB = 30 * time.Second
	}
	backoff := minB
	sink.SetState(Connecting, nil, time.Time{})
	for {
		served, err := s.session(ctx, sink)
		if ctx.Err() != nil {
			return nil
		}
		if served {
			backoff = minB // it worked for a while: the next failure is a new story
		}
		wait := backoff/2 + rand.N(backoff/2+1) // equal jitter
		sink.SetState(Retrying, err, time.Now().Add(wait))
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		backoff = min(2*backoff, maxB)
		sink.SetState(Connecting, err, time.Time{})
	}
}

// session connects once and reads until the connection fails. It reports whether it was
// connected long enough, or received enough, to count as having worked.
func (s *WSSource) session(ctx context.Context, sink Sink) (served bool, err error) {
	u, err := url.Parse(s.URL)
	if err != nil {
		return false, err
	}
	if seq := s.LastSeq(); seq > 0 {
		q := u.Query()
		q.Set("since", strconv.FormatInt(seq+1, 10))
		u.RawQuery = q.Encode()
	}
	d := websocket.Dialer{HandshakeTimeout: 15 * time.Second, TLSClientConfig: s.TLS, Proxy: http.ProxyFromEnvironment}
	conn, resp, err := d.DialContext(ctx, u.String(), s.Header)
	if err != nil {
		if resp != nil {
			return false, fmt.Errorf("%w (HTTP %s)", err, resp.Status)
		}
		return false, err
	}
	defer conn.Close()
	sink.SetState(Live, nil, time.Time{})
	began := time.Now()
	defer func() { served = served || time.Since(began) > 10*time.Second }()

	limit, ping := s.ReadLimit, s.PingEvery
	if limit <= 0 {
		limit = 16 << 20
	}
	if ping <= 0 {
		ping = 20 * time.Second
	}
	deadline := 3 * ping // a connection silent for three pings is dead
	conn.SetReadLimit(limit)
	conn.SetReadDeadline(time.Now().Add(deadline))
	conn.SetPongHandler(func(string) error { return conn.SetReadDeadline(time.Now().Add(deadline)) })

	// Pings go out from their own goroutine; the session's end (or ctx's) stops it.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		t := time.NewTicker(ping)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-ctx.Done():
				conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bye"), time.Now().Add(time.Second))
				conn.Close()
				return
			case <-t.C:
				if conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(10*time.Second)) != nil {
					return
				}
			}
		}
	}()

	var b Batch
	for {
		kind, msg, err := conn.ReadMessage()
		if err != nil {
			return served, err
		}
		conn.SetReadDeadline(time.Now().Add(deadline))
		b.reset()
		b.Unkeyed = s.Decoder.Mapping.NoID()
		for _, act := range s.decodeMessage(kind, msg, &b) {
			sink.Act(act)
		}
		if err := sink.Emit(&b); err != nil {
			return served, err
		}
		served = true
	}
}

// decodeMessage adds the records of one message to b, and returns the actions on alerts it
// carries (a relay sends them between responses; they are not records of the feed).
func (s *WSSource) decodeMessage(kind int, msg []byte, b *Batch) (actions []model.Action) {
	reject := func(p Problem, raw string) {
		b.Records++
		b.Rejects = append(b.Rejects, Reject{Problem: p, Line: s.nextRecord(), Raw: raw[:min(len(raw), RawLimit)], Size: sizeIf(len(raw) > RawLimit, len(raw))})
	}
	if kind != websocket.TextMessage {
		reject(problem(BadJSON, "a binary message, where text was expected"), string(msg))
		return nil
	}
	for _, item := range SplitRecords(string(msg)) {
		if IsAction(item) {
			act, seq, err := ParseAction(item)
			s.sawSeq(seq)
			if err == nil {
				actions = append(actions, act)
				continue
			}
			var p Problem
			errors.As(err, &p)
			reject(p, item)
			continue
		}
		s.decodeOne(item, b)
	}
	return actions
}

// sawSeq notes a sequence number received, to resume after it.
func (s *WSSource) sawSeq(seq int64) {
	if seq > 0 {
		s.mu.Lock()
		s.lastSeq = max(s.lastSeq, seq)
		s.mu.Unlock()
	}
}

// SplitRecords cuts a message or a request body into the text of its records: the elements of
// a JSON array, one JSON value however it is laid out, or else JSON lines, each a record as in
// a file of the same bytes (so that a body opening with a broken "[" line loses only that line).
func SplitRecords(text string) []string {
	trimmed := strings.TrimSpace(text)
	switch {
	case trimmed == "":
		return nil
	case json.Valid([]byte(trimmed)):
		if trimmed[0] == '[' {
			if items, err := splitArray(trimmed); err == nil {
				return items
			}
		}
		return []string{trimmed}
	}
	var items []string
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(strings.TrimPrefix(line, bom)); line != "" {
			items = append(items, line)
		}
	}
	return items
}

func (s *WSSource) decodeOne(item string, b *Batch) {
	n := s.nextRecord()
	if len(item) > MaxLine {
		b.tooLong(n, item[:RawLimit], len(item))
		return
	}
	b.add(n, item, func(r *model.Response) Problem {
		seq, p := s.Decoder.DecodeSeq(item, n, r)
		s.sawSeq(seq)
		return p
	})
}

// nextRecord numbers the records received, for rejects to say which one they were.
func (s *WSSource) nextRecord() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records++
	return s.records
}

// splitArray cuts a JSON array into the text of its elements.
func splitArray(text string) ([]string, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var items []string
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		items = append(items, string(bytes.TrimSpace(raw)))
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("text after the array")
	}
	return items, nil
}

func sizeIf(cond bool, n int) int64 {
	if cond {
		return int64(n)
	}
	return 0
}

// redactURL hides a URL's password and token parameters, for screens and logs.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	for k := range q {
		if strings.Contains(strings.ToLower(k), "token") || strings.Contains(strings.ToLower(k), "key") {
			q.Set(k, "…")
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}
