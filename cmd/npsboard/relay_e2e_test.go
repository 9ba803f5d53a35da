package main

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/tui"
)

// proxy forwards TCP connections to a target and can cut them all at once, as a network drop,
// or stall them, as a network that stops carrying anything without closing.
type proxy struct {
	ln         net.Listener
	target     string
	mu         sync.Mutex
	conns      []net.Conn
	stallUntil atomic.Int64 // unix nanoseconds: nothing goes through before
}

func newProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
	t.Cleanup(func() { ln.Close(); p.cut() })
	return p
}

func (p *proxy) pipe(c net.Conn) {
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns = append(p.conns, c, up)
	p.mu.Unlock()
	go func() { p.copy(up, c); up.Close() }()
	p.copy(c, up)
	c.Close()
}

// copy forwards src to dst, holding what it read while the proxy is stalled.
func (p *proxy) copy(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		for time.Now().UnixNano() < p.stallUntil.Load() {
			time.Sleep(10 * time.Millisecond)
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// stall stops every byte for d, connections open.
func (p *proxy) stall(d time.Duration) { p.stallUntil.Store(time.Now().Add(d).UnixNano()) }

// cut closes every connection through the proxy.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// relayProcess runs `npsboard relay` in-process; stop and start again, as a restart.
type relayProcess struct {
	t      *testing.T
	args   []string
	cancel context.CancelFunc
	done   chan int
}

func (r *relayProcess) start() {
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.done = cancel, make(chan int, 1)
	go func() {
		var out bytes.Buffer
		r.done <- run(ctx, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &out, getenv: func(string) string { return "" }}, r.args)
	}()
	waitListening(r.t, r.args[len(r.args)-1])
}

// waitListening waits until something listens at addr: a relay that has started.
func waitListening(t *testing.T, addr string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the relay did not start")
		}
	}
}

func (r *relayProcess) stop() {
	r.cancel()
	if code := <-r.done; code != exitOK {
		r.t.Errorf("the relay exited %d", code)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// A relay runs, a producer posts a day of responses to it, and two dashboards and two
// `npsboard report --ws` take them from its stream, through a relay restart and a network drop:
// every one of them ends with exactly the figures of `npsboard report --file` on the same lines.
func TestRelayDashboardsAndReportsAgreeWithTheFile(t *testing.T) {
	if testing.Short() {
		t.Skip("a relay and six clients")
	}
	dir := t.TempDir()
	relayAddr := freeAddr(t)
	tokenFile := filepath.Join(dir, "token")
	os.WriteFile(tokenFile, []byte("s3cret\n"), 0o600)
	r := &relayProcess{t: t, args: []string{"relay", "--journal", filepath.Join(dir, "journal.jsonl"), "--token-file", tokenFile, "--listen", relayAddr}}
	r.start()
	defer func() { r.stop() }()
	px := newProxy(t, relayAddr)
	stream := "ws://" + px.ln.Addr().String() + "/v1/stream?since=1"

	// A day before yesterday: a live screen's clock is the wall clock, and "all" on it rightly
	// leaves out responses stamped later than now.
	start := time.Now().UTC().AddDate(0, 0, -2).Format(time.DateOnly)
	_, day, _ := runCLI(t, "", "demo", "--count", "6000", "--start", start, "--seed", "9", "--tz", "UTC", "--dirty", "0.02")
	dayFile := filepath.Join(dir, "day.jsonl")
	os.WriteFile(dayFile, []byte(day), 0o644)

	// Two dashboards: the dashboard's own pump into its own model.
	type screen struct {
		updates []feed.Update
		mu      sync.Mutex
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var screens [2]*screen
	var pumps sync.WaitGroup
	for i := range screens {
		s := &screen{}
		screens[i] = s
		src := &feed.WSSource{URL: stream, Decoder: &feed.Decoder{Location: time.UTC}, Header: http.Header{"Authorization": {"Bearer s3cret"}},
			MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, PingEvery: time.Second}
		pump := feed.NewPump(model.NewDedup())
		pump.Every = 20 * time.Millisecond
		pumps.Go(func() {
			pump.Run(ctx, src, func(u feed.Update) bool {
				s.mu.Lock()
				s.updates = append(s.updates, u)
				s.mu.Unlock()
				return true
			})
		})
	}
	// Two reports from the stream, reading while all this happens.
	reports := make([]string, 2)
	var reading sync.WaitGroup
	for i := range reports {
		reading.Go(func() {
			e := &env{stdin: strings.NewReader(""), stdout: new(bytes.Buffer), stderr: new(bytes.Buffer),
				getenv: func(k string) string { return map[string]string{"NPSBOARD_TOKEN": "s3cret"}[k] }}
			if code := run(context.Background(), e, []string{"report", "--ws", stream, "--for", "12s", "--json", "--by", "agent", "--tz", "UTC"}); code != exitOK {
				t.Errorf("report --ws exited %d: %s", code, e.stderr)
			}
			reports[i] = e.stdout.(*bytes.Buffer).String()
		})
	}

	// The producer: chunks of 300 lines, each posted until the relay takes it.
	lines := strings.SplitAfter(day, "\n")
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	postChunk := func(body string) {
		for {
			req, _ := http.NewRequest("POST", "http://"+relayAddr+"/v1/responses", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer s3cret")
			req.Header.Set("Content-Type", "application/x-ndjson")
			if resp, err := client.Do(req); err == nil {
				ok := resp.StatusCode == http.StatusOK
				resp.Body.Close()
				if ok {
					return
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	chunks := 0
	for i := 0; i < len(lines); i += 300 {
		postChunk(strings.Join(lines[i:min(i+300, len(lines))], ""))
		switch chunks++; chunks {
		case 7: // the relay restarts in the middle of the stream
			r.stop()
			time.Sleep(100 * time.Millisecond)
			r.start()
		case 14: // the network between the relay and the screens drops
			px.cut()
		case 17: // and then stalls: connections open, nothing moving, for longer than a ping
			px.stall(3 * time.Second)
		}
	}
	reading.Wait()
	cancel()
	pumps.Wait()

	// What `npsboard report --file` says of the same lines.
	code, want, _ := runCLI(t, "", "report", "--file", dayFile, "--json", "--by", "agent", "--tz", "UTC")
	if code != exitOK {
		t.Fatal(code)
	}
	file := decodeReport(t, want)
	same := func(who string, got reportOut) {
		t.Helper()
		if got.Overall.Responses != file.Overall.Responses || *got.Overall.NPS != *file.Overall.NPS || len(got.Groups) != len(file.Groups) {
			t.Errorf("%s: %d responses, NPS %v, %d groups; the file: %d, %v, %d", who, got.Overall.Responses, *got.Overall.NPS, len(got.Groups),
				file.Overall.Responses, *file.Overall.NPS, len(file.Groups))
			return
		}
		for i, g := range got.Groups {
			f := file.Groups[i]
			if g.Queue != f.Queue || g.Agent != f.Agent || g.stat.Responses != f.stat.Responses || *g.stat.NPS != *f.stat.NPS {
				t.Errorf("%s: %s/%s %d %v; the file: %s/%s %d %v", who, g.Queue, g.Agent, g.stat.Responses, *g.stat.NPS, f.Queue, f.Agent, f.stat.Responses, *f.stat.NPS)
			}
		}
	}
	for i, out := range reports {
		rep := decodeReport(t, out)
		same(fmt.Sprintf("report --ws %d", i+1), rep)
		if rep.Feed.Accepted != file.Feed.Accepted {
			t.Errorf("report --ws %d accepted %d, the file %d", i+1, rep.Feed.Accepted, file.Feed.Accepted)
		}
	}
	_, byQueue, _ := runCLI(t, "", "report", "--file", dayFile, "--json", "--tz", "UTC")
	fileQueues := decodeReport(t, byQueue)
	for i, s := range screens {
		who := fmt.Sprintf("dashboard %d", i+1)
		// Exactly the responses of the file came through the pump, by agent...
		agg := model.NewAggregator(model.Retention{})
		var last feed.Update
		for _, u := range s.updates {
			for j := range u.Responses {
				agg.Add(&u.Responses[j])
			}
			last = u
		}
		var buf bytes.Buffer
		writeReportJSON(&buf, buildReport(agg, &last.Status.Counts, model.ByAgent, model.AllTime(), agg.Newest(), time.UTC))
		same(who, decodeReport(t, buf.String()))
		if last.Status.Counts.Accepted != file.Feed.Accepted || last.Status.Counts.Duplicates != 0 {
			t.Errorf("%s: counts %+v; the file accepted %d, and a resumed stream sends nothing twice", who, last.Status.Counts, file.Feed.Accepted)
		}
		// ... and the screen shows the file's figures, queue by queue.
		theme, _ := tui.ThemeNamed("dark")
		m := tui.New(nil, tui.Options{Window: model.AllTime(), Theme: theme, Location: time.UTC})
		for _, u := range s.updates {
			m.Update(toScreen(u))
		}
		m.Update(tea.WindowSizeMsg{Width: 160, Height: 60})
		shown := map[string][2]string{}
		for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
			if g := queueRow.FindStringSubmatch(l); g != nil {
				shown[g[1]] = [2]string{strings.ReplaceAll(g[2], ",", ""), g[3]}
			}
		}
		if len(shown) != len(fileQueues.Groups) {
			t.Errorf("%s shows %d queues, the file has %d", who, len(shown), len(fileQueues.Groups))
		}
		for _, g := range fileQueues.Groups {
			want := [2]string{fmt.Sprint(g.stat.Responses), signedTable(*g.stat.NPS)}
			if got := shown[g.Queue]; got != want {
				t.Errorf("%s: %s shows %v, the file %v", who, g.Queue, got, want)
			}
		}
	}
}

// signedTable writes an NPS as the dashboard's table does.
func signedTable(x float64) string {
	n := int(math.Round(x))
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return fmt.Sprint(n)
}
