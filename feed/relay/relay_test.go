package relay

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
)

// testRelay is a relay on a loopback port that can be stopped and started again on the same
// address, as a restart would.
type testRelay struct {
	t       *testing.T
	cfg     Config
	addr    string // fixed after the first start: a restart listens where the relay was
	mu      sync.Mutex
	srv     *Server
	httpSrv *http.Server
}

// client posts without keeping connections: a restarted relay is a new server.
var httpClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}

func startRelay(t *testing.T, cfg Config) *testRelay {
	t.Helper()
	if cfg.Journal == "" {
		cfg.Journal = filepath.Join(t.TempDir(), "journal.jsonl")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &testRelay{t: t, cfg: cfg, addr: ln.Addr().String()}
	ln.Close()
	r.start()
	t.Cleanup(r.stop)
	return r
}

func (r *testRelay) start() {
	r.t.Helper()
	srv, err := New(r.cfg)
	if err != nil {
		r.t.Fatal(err)
	}
	var ln net.Listener
	for range 50 { // the old listener's port may take a moment to be free again
		if ln, err = net.Listen("tcp", r.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		r.t.Fatal(err)
	}
	hs := &http.Server{Handler: srv.Handler()}
	r.mu.Lock()
	r.srv, r.httpSrv = srv, hs
	r.mu.Unlock()
	go hs.Serve(ln)
}

func (r *testRelay) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.httpSrv == nil {
		return
	}
	r.srv.Close()
	r.httpSrv.Close()
	r.httpSrv = nil
}

func (r *testRelay) server() *Server {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.srv
}

func (r *testRelay) url(path string) string { return "http://" + r.addr + path }

func line(id string, score int) string {
	return fmt.Sprintf(`{"id":%q,"ts":"2026-11-24T10:00:00Z","score":%d,"queue":"q"}`, id, score)
}

// post sends a body and decodes the reply.
func post(t *testing.T, url, token, body string) (int, PostReply) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-ndjson")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var reply PostReply
	json.NewDecoder(resp.Body).Decode(&reply)
	return resp.StatusCode, reply
}

func TestPostValidatesJournalsAndAnswers(t *testing.T) {
	r := startRelay(t, Config{})
	body := "[" + line("a", 9) + "," + line("b", 12) + `,{"id":"c"},` + line("a", 9) + "," + line("d", 3) + "]"
	code, reply := post(t, r.url("/v1/responses"), "", body)
	if code != 200 || reply.Accepted != 2 || reply.Duplicates != 1 || reply.Rejected != 2 || reply.FirstSeq != 1 || reply.LastSeq != 2 {
		t.Fatalf("%d %+v", code, reply)
	}
	if got := fmt.Sprint(reply.Rejects); got != "[{1 bad_score score \"12\" is not a whole number from 0 to 10} {2 missing_field ts is missing}]" {
		t.Errorf("rejects %s", got)
	}
	// JSON lines, and a single pretty-printed object.
	_, reply = post(t, r.url("/v1/responses"), "", line("e", 7)+"\n\n"+line("f", 8)+"\n")
	if reply.Accepted != 2 || reply.FirstSeq != 3 {
		t.Errorf("JSON lines: %+v", reply)
	}
	_, reply = post(t, r.url("/v1/responses"), "", "{\n  \"id\": \"g\",\n  \"ts\": 1795514400,\n  \"score\": 10,\n  \"queue\": \"q\"\n}\n")
	if reply.Accepted != 1 || reply.LastSeq != 5 {
		t.Errorf("one object: %+v", reply)
	}
	data, _ := os.ReadFile(r.cfg.Journal)
	if n := strings.Count(string(data), "\n"); n != 5 || !strings.HasPrefix(string(data), `{"seq":1,"recv":"`) {
		t.Errorf("journal of %d lines:\n%s", n, data)
	}
}

func TestTokenAndBodyLimits(t *testing.T) {
	r := startRelay(t, Config{Token: "s3cret", MaxBody: 1000})
	if code, _ := post(t, r.url("/v1/responses"), "", line("a", 9)); code != http.StatusUnauthorized {
		t.Errorf("no token: %d", code)
	}
	if code, _ := post(t, r.url("/v1/responses"), "wrong", line("a", 9)); code != http.StatusUnauthorized {
		t.Errorf("a wrong token: %d", code)
	}
	if code, reply := post(t, r.url("/v1/responses"), "s3cret", line("a", 9)); code != 200 || reply.Accepted != 1 {
		t.Errorf("the token: %d %+v", code, reply)
	}
	if code, _ := post(t, r.url("/v1/responses"), "s3cret", strings.Repeat(line("b", 9)+"\n", 20)); code != http.StatusRequestEntityTooLarge {
		t.Errorf("a large body: %d", code)
	}
	_, resp, err := websocket.DefaultDialer.Dial("ws://"+r.addr+"/v1/stream", nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a stream without the token: %v %v", err, resp)
	}
	_, resp, err = websocket.DefaultDialer.Dial("ws://"+r.addr+"/v1/stream", http.Header{"Origin": {"https://evil.example"}, "Authorization": {"Bearer s3cret"}})
	if err == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("a stream from a foreign page: %v %v", err, resp)
	}
	// The figures too are for those who have the token; the scheme's name in any case.
	if res, _ := httpClient.Get(r.url("/metrics")); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("metrics without the token: %d", res.StatusCode)
	} else {
		res.Body.Close()
	}
	req, _ := http.NewRequest("GET", r.url("/metrics"), nil)
	req.Header.Set("Authorization", "bearer  s3cret")
	res, _ := httpClient.Do(req)
	m, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{`npsboard_relay_responses_total{result="accepted"} 1`, "npsboard_relay_unauthorized_total 4", "npsboard_relay_posts_too_large_total 1", "npsboard_relay_journal_seq 1"} {
		if !strings.Contains(string(m), want) {
			t.Errorf("metrics lack %q:\n%s", want, m)
		}
	}
	res, _ = httpClient.Get(r.url("/healthz"))
	if res.StatusCode != 200 {
		t.Error("healthz")
	}
	res.Body.Close()
}

// collector is a pump-like sink that keeps what a source emits, deduplicated as a screen would.
type collector struct {
	mu      sync.Mutex
	in      *feed.Intake
	ids     []string
	phases  []feed.Phase
	actions []model.Action
}

func newCollector() *collector { return &collector{in: feed.NewIntake(model.NewDedup())} }

func (c *collector) Emit(b *feed.Batch) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.in.Take(b, func(r *model.Response) { c.ids = append(c.ids, strings.Clone(r.ID)) })
}
func (c *collector) SetState(p feed.Phase, _ error, _ time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.phases = append(c.phases, p)
}
func (c *collector) SetClock(time.Time) {}
func (c *collector) Act(a model.Action) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.actions = append(c.actions, a)
}

func (c *collector) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.ids)
}

func (c *collector) wait(t *testing.T, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); c.count() < n; {
		if time.Now().After(deadline) {
			t.Fatalf("%d responses received, want %d", c.count(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func streamFrom(t *testing.T, r *testRelay, token string) (*collector, *feed.WSSource, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	src := &feed.WSSource{URL: "ws://" + r.addr + "/v1/stream?since=1", Decoder: &feed.Decoder{},
		MinBackoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond, PingEvery: time.Second}
	if token != "" {
		src.Header = http.Header{"Authorization": {"Bearer " + token}}
	}
	c := newCollector()
	done := make(chan struct{})
	go func() { src.Run(ctx, c); close(done) }()
	return c, src, func() { cancel(); <-done }
}

// The client receives exactly what was posted, once, across a restart of the relay in the
// middle of the stream, while a producer keeps posting (and retries while the relay is down).
func TestAClientGetsEverythingOnceAcrossARelayRestart(t *testing.T) {
	r := startRelay(t, Config{Token: "t"})
	c, src, stop := streamFrom(t, r, "t")
	defer stop()
	sent := 0
	send := func(n int) {
		for range n {
			body := line(fmt.Sprint("r", sent), sent%11)
			for {
				req, _ := http.NewRequest("POST", r.url("/v1/responses"), strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer t")
				req.Header.Set("Content-Type", "application/json")
				if resp, err := httpClient.Do(req); err == nil {
					ok := resp.StatusCode == 200
					resp.Body.Close()
					if ok {
						break
					}
				}
				time.Sleep(10 * time.Millisecond) // the relay is down: try again, as a producer must
			}
			sent++
		}
	}
	send(200)
	c.wait(t, 200)
	r.stop()
	go func() { time.Sleep(150 * time.Millisecond); r.start() }()
	send(300) // the first of these wait for the relay to come back
	c.wait(t, 500)
	time.Sleep(100 * time.Millisecond) // anything sent twice would have arrived by now
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.ids) != 500 || c.in.Counts.Accepted != 500 {
		t.Fatalf("%d received, counts %+v", len(c.ids), c.in.Counts)
	}
	for i, id := range c.ids {
		if id != fmt.Sprint("r", i) {
			t.Fatalf("response %d is %s", i, id)
		}
	}
	if src.LastSeq() != 500 {
		t.Errorf("last sequence number %d", src.LastSeq())
	}
	if c.in.Counts.Duplicates != 0 {
		t.Errorf("%d responses were sent twice: the client did not resume after the last it had", c.in.Counts.Duplicates)
	}
}

// A client that does not read falls behind; it is cut with the sequence number to resume from,
// and resuming there gives it the rest, with nothing missing.
func TestASlowClientIsCutAndResumes(t *testing.T) {
	r := startRelay(t, Config{QueueSize: 4})
	conn, _, err := websocket.DefaultDialer.Dial("ws://"+r.addr+"/v1/stream?since=1", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	n := 0
	for range 1500 { // about 20 MB: more than the socket buffers hold
		var b strings.Builder
		for range 50 {
			fmt.Fprintln(&b, line(fmt.Sprint("s", n), n%11))
			n++
		}
		post(t, r.url("/v1/responses"), "", b.String())
	}
	var seqs []int64
	var closeErr *websocket.CloseError
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			closeErr, _ = err.(*websocket.CloseError)
			break
		}
		seqs = append(seqs, seqsOf(t, msg)...)
	}
	if closeErr == nil || closeErr.Code != closeTooSlow || !strings.HasPrefix(closeErr.Text, "too slow: resume with since=") {
		t.Fatalf("the slow client was not cut as such: %v", closeErr)
	}
	resume := strings.TrimPrefix(closeErr.Text, "too slow: resume with since=")
	if want := fmt.Sprint(len(seqs) + 1); resume != want {
		t.Errorf("resume with since=%s after %d lines received", resume, len(seqs))
	}
	conn2, _, err := websocket.DefaultDialer.Dial("ws://"+r.addr+"/v1/stream?since="+resume, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close()
	for int64(len(seqs)) < int64(n) {
		conn2.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, msg, err := conn2.ReadMessage()
		if err != nil {
			t.Fatalf("after %d lines: %v", len(seqs), err)
		}
		seqs = append(seqs, seqsOf(t, msg)...)
	}
	for i, s := range seqs {
		if s != int64(i+1) {
			t.Fatalf("line %d has sequence %d", i, s)
		}
	}
}

func seqsOf(t *testing.T, msg []byte) []int64 {
	var out []int64
	for _, l := range bytes.Split(bytes.TrimSpace(msg), []byte("\n")) {
		var v struct{ Seq int64 }
		if err := json.Unmarshal(l, &v); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		out = append(out, v.Seq)
	}
	return out
}

func TestATornJournalLineIsCutAtStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	r := startRelay(t, Config{Journal: path})
	post(t, r.url("/v1/responses"), "", line("a", 9)+"\n"+line("b", 9))
	r.stop()
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"seq":3,"recv":"2026-11-24T10:00:00.000Z","id":"c","ts":"2026-11-`) // the crash
	f.Close()
	r.start()
	if j := r.server().Journal(); j.Torn != 1 || j.Seq() != 2 {
		t.Fatalf("torn %d, seq %d", j.Torn, j.Seq())
	}
	_, reply := post(t, r.url("/v1/responses"), "", line("c", 9)+"\n"+line("a", 9))
	if reply.FirstSeq != 3 || reply.Accepted != 1 || reply.Duplicates != 1 {
		t.Errorf("after the restart: %+v", reply)
	}
}

// Actions on alerts go through the relay like responses: journaled in the same sequence,
// streamed to every client, replayed to one that connects later, and kept across a restart.
func TestActionsAreSharedAndKept(t *testing.T) {
	r := startRelay(t, Config{})
	c, _, stop := streamFrom(t, r, "")
	defer stop()
	post(t, r.url("/v1/responses"), "", line("a", 2))
	code, reply := post(t, r.url("/v1/actions"), "", `[{"action":"acknowledge","alert":"r:a","by":"maya","at":"2026-11-24T10:05:00Z"},`+
		`{"action":"assign","alert":"r:a","by":"maya","at":"2026-11-24T10:05:01Z"},{"action":"frobnicate","alert":"r:a","by":"x","at":"2026-11-24T10:06:00Z"}]`)
	if code != 200 || reply.Accepted != 1 || reply.Rejected != 2 || reply.FirstSeq != 2 || reply.Rejects[0].Index != 1 {
		t.Fatalf("%d %+v", code, reply)
	}
	c.wait(t, 1)
	waitActions := func(c *collector, n int) []model.Action {
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			c.mu.Lock()
			got := append([]model.Action(nil), c.actions...)
			c.mu.Unlock()
			if len(got) >= n {
				return got
			}
		}
		t.Fatalf("fewer than %d actions came", n)
		return nil
	}
	if got := waitActions(c, 1); got[0].Kind != model.ActAcknowledge || got[0].By != "maya" || got[0].Alert != "r:a" {
		t.Errorf("action %+v", got[0])
	}
	r.stop()
	r.start()
	late, _, stopLate := streamFrom(t, r, "")
	defer stopLate()
	late.wait(t, 1)
	if got := waitActions(late, 1); len(got) != 1 || late.count() != 1 {
		t.Errorf("after a restart, a new client got %d responses and %v", late.count(), got)
	}
	_, reply = post(t, r.url("/v1/responses"), "", line("b", 9))
	if reply.FirstSeq != 3 {
		t.Errorf("the sequence went on at %d", reply.FirstSeq)
	}
}
