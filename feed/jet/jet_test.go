package jet

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/demo"
	"github.com/npsboard/npsboard/feed/jet/jettest"
	"github.com/npsboard/npsboard/model"
)

// centerDay is a day of the demo's center: a few thousand responses over its sites and queues.
func centerDay(t testing.TB, hours int) []model.Response {
	t.Helper()
	c := demo.New(demo.Options{Seed: 7})
	from := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC) // a Tuesday, as the center opens
	var out []model.Response
	if err := c.Span(from, from.Add(time.Duration(hours)*time.Hour), time.UTC, func(r *model.Response) error {
		out = append(out, *r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(out) < 100 {
		t.Fatalf("the demo gave %d responses", len(out))
	}
	return out
}

// sink keeps everything a source emits, in order, duplicates included.
type sink struct {
	mu        sync.Mutex
	responses []model.Response
	rejects   []feed.Reject
	phases    []feed.Phase
}

func (s *sink) Emit(b *feed.Batch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.responses = append(s.responses, b.Responses...)
	s.rejects = append(s.rejects, b.Rejects...)
	return nil
}

func (s *sink) SetState(p feed.Phase, _ error, _ time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.phases = append(s.phases, p)
}
func (s *sink) SetClock(time.Time) {}
func (s *sink) Act(model.Action)   {}

func (s *sink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.responses)
}

func (s *sink) saw(p feed.Phase) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Contains(s.phases, p)
}

// lines are responses as published: what must come back byte for byte.
func lines(rs []model.Response) []string {
	out := make([]string, len(rs))
	for i := range rs {
		out[i] = string(feed.AppendJSON(nil, &rs[i]))
	}
	return out
}

// figures are the counts of each queue's classes: what every screen's figures are made of.
func figures(rs []model.Response) map[string][3]int {
	out := map[string][3]int{}
	for i := range rs {
		f := out[rs[i].Queue]
		f[rs[i].Class()]++
		out[rs[i].Queue] = f
	}
	return out
}

// waitFor polls cond until it holds or the time is out.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func publishAll(t testing.TB, p *Publisher, rs []model.Response, per int) Published {
	t.Helper()
	var all Published
	for i := 0; i < len(rs); i += per {
		got, err := p.Publish(context.Background(), rs[i:min(i+per, len(rs))])
		if err != nil {
			t.Fatal(err)
		}
		all.Stored += got.Stored
		all.Duplicates += got.Duplicates
	}
	return all
}

func readAll(t testing.TB, src *Source) *sink {
	t.Helper()
	src.Finite = true
	s := &sink{}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := src.Run(ctx, s); err != nil || ctx.Err() != nil {
		t.Fatalf("reading the stream: %v, %v", err, ctx.Err())
	}
	return s
}

func TestPublishedResponsesAreReadBackTheSame(t *testing.T) {
	srv := jettest.RunServer(t, t.TempDir(), 0)
	nc, js := connect(t, srv.ClientURL())
	ctx := context.Background()
	if _, err := EnsureStream(ctx, js, StreamSpec{}); err != nil {
		t.Fatal(err)
	}
	rs := centerDay(t, 12)
	p := NewPublisher(js, StreamSpec{})
	if got := publishAll(t, p, rs, 500); got.Stored != len(rs) || got.Duplicates != 0 {
		t.Fatalf("published %d: %+v", len(rs), got)
	}
	// A survey system that sends everything again (a retry, a replayed file) stores nothing.
	if got := publishAll(t, p, rs, 333); got.Stored != 0 || got.Duplicates != len(rs) {
		t.Fatalf("published %d again: %+v", len(rs), got)
	}
	got := readAll(t, &Source{Conn: nc, Decoder: &feed.Decoder{}})
	if !slices.Equal(lines(got.responses), lines(rs)) || len(got.rejects) != 0 {
		t.Fatalf("read back %d responses and %d rejects, not the %d published", len(got.responses), len(got.rejects), len(rs))
	}

	// A reader of one site, of two queues, of both: the subjects' filters, exactly.
	site, queues := rs[0].Site, []string{rs[0].Queue, rs[len(rs)-1].Queue}
	for _, c := range []struct {
		sites, queues []string
	}{{[]string{site}, nil}, {nil, queues}, {[]string{site}, queues}} {
		filters, err := Filters(DefaultPrefix, c.sites, c.queues)
		if err != nil {
			t.Fatal(err)
		}
		want := slices.DeleteFunc(slices.Clone(rs), func(r model.Response) bool {
			return len(c.sites) > 0 && !slices.Contains(c.sites, r.Site) || len(c.queues) > 0 && !slices.Contains(c.queues, r.Queue)
		})
		got := readAll(t, &Source{Conn: nc, Decoder: &feed.Decoder{}, Filters: filters})
		if len(want) == 0 || !slices.Equal(lines(got.responses), lines(want)) {
			t.Errorf("sites %q, queues %q: read %d responses, want %d", c.sites, c.queues, len(got.responses), len(want))
		}
	}

	// From a publish time on: nothing published before it.
	got = readAll(t, &Source{Conn: nc, Decoder: &feed.Decoder{}, Start: time.Now().Add(time.Hour)})
	if len(got.responses) != 0 {
		t.Errorf("a reader from an hour ahead read %d responses", len(got.responses))
	}
}

func TestAStreamThatIsNotThereIsSaidAndWaitedFor(t *testing.T) {
	srv := jettest.RunServer(t, t.TempDir(), 0)
	nc, js := connect(t, srv.ClientURL())
	s := &sink{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	src := &Source{Conn: nc, Decoder: &feed.Decoder{}, MinBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond}
	done := make(chan error, 1)
	go func() { done <- src.Run(ctx, s) }()
	waitFor(t, 5*time.Second, "no retry while the stream is missing", func() bool { return s.saw(feed.Retrying) })
	if _, err := EnsureStream(ctx, js, StreamSpec{}); err != nil {
		t.Fatal(err)
	}
	rs := centerDay(t, 2)
	publishAll(t, NewPublisher(js, StreamSpec{}), rs, 1000)
	waitFor(t, 10*time.Second, "the responses never came once the stream was there", func() bool { return s.count() == len(rs) })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestEnsureStreamMakesKeepsAndMends(t *testing.T) {
	srv := jettest.RunServer(t, t.TempDir(), 0)
	_, js := connect(t, srv.ClientURL())
	ctx := context.Background()
	st, err := EnsureStream(ctx, js, StreamSpec{Name: "NPS", MaxAge: 72 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	cfg := st.CachedInfo().Config
	if !slices.Equal(cfg.Subjects, []string{DefaultPrefix + ".>"}) || cfg.MaxAge != 72*time.Hour || cfg.Duplicates != model.DedupWindow || cfg.Replicas != 1 {
		t.Errorf("made %+v", cfg)
	}
	// An operator's stream keeps its age; a short duplicate window is lengthened.
	cfg.MaxAge, cfg.Duplicates = 96*time.Hour, time.Minute
	if _, err := js.UpdateStream(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	if st, err = EnsureStream(ctx, js, StreamSpec{Name: "NPS"}); err != nil {
		t.Fatal(err)
	}
	if got := st.CachedInfo().Config; got.MaxAge != 96*time.Hour || got.Duplicates != model.DedupWindow {
		t.Errorf("kept age %v and duplicate window %v", got.MaxAge, got.Duplicates)
	}
	// A stream of that name that takes other subjects is not npsboard's.
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "ORDERS", Subjects: []string{"orders.>"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := EnsureStream(ctx, js, StreamSpec{Name: "ORDERS"}); err == nil {
		t.Error("took a stream of other subjects")
	}
	for _, bad := range []StreamSpec{{Name: "a.b"}, {Replicas: 6}, {Replicas: -1}, {MaxAge: time.Hour}, {Prefix: "a.*"}} {
		if _, err := EnsureStream(ctx, js, bad); err == nil {
			t.Errorf("took %+v", bad)
		}
	}
}

func TestALiveReaderResumesAcrossAServerRestart(t *testing.T) {
	dir, port := t.TempDir(), jettest.FreePorts(t, 1)[0]
	srv := jettest.RunServer(t, dir, port)
	addr := srv.ClientURL()
	nc, js := connect(t, addr)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := EnsureStream(ctx, js, StreamSpec{}); err != nil {
		t.Fatal(err)
	}
	rs := centerDay(t, 12)
	half := len(rs) / 2
	p := NewPublisher(js, StreamSpec{})
	publishAll(t, p, rs[:half], 500)

	reader, _ := connect(t, addr)
	s := &sink{}
	src := &Source{Conn: reader, Decoder: &feed.Decoder{}, Heartbeat: 500 * time.Millisecond, MinBackoff: 50 * time.Millisecond, MaxBackoff: 200 * time.Millisecond}
	done := make(chan error, 1)
	go func() { done <- src.Run(ctx, s) }()
	waitFor(t, 10*time.Second, "the first half never came", func() bool { return s.count() == half })
	if !s.saw(feed.Live) {
		t.Error("a reader that caught up never said it was live")
	}

	srv.Shutdown()
	srv.WaitForShutdown()
	waitFor(t, 10*time.Second, "the reader never noticed its server was gone", func() bool { return s.saw(feed.Retrying) })
	jettest.RunServer(t, dir, port)
	waitFor(t, 10*time.Second, "the publisher never reconnected", nc.IsConnected)
	publishAll(t, p, rs[half:], 500)
	waitFor(t, 20*time.Second, "the second half never came", func() bool { return s.count() >= len(rs) })
	time.Sleep(200 * time.Millisecond) // a duplicate would come now
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(lines(s.responses), lines(rs)) {
		t.Fatalf("read %d responses across the restart, want the %d published, each once, in order", len(s.responses), len(rs))
	}
}

func TestAClusterLosesANodeMidStream(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a cluster of three")
	}
	nodes := jettest.RunCluster(t, 3)
	all := jettest.URLs(nodes...)
	nc, js := connect(t, all)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var st jetstream.Stream
	waitFor(t, 20*time.Second, "the replicated stream was never made", func() bool {
		var err error
		st, err = EnsureStream(ctx, js, StreamSpec{Replicas: 3})
		return err == nil
	})
	rs := centerDay(t, 24)

	// Two screens, each through its own server, live from the start.
	var screens []*sink
	var runs sync.WaitGroup
	for i := range 2 {
		conn, _ := connect(t, jettest.URLs(nodes[i+1], nodes[0], nodes[2-i]))
		s := &sink{}
		screens = append(screens, s)
		src := &Source{Conn: conn, Decoder: &feed.Decoder{}, Heartbeat: 500 * time.Millisecond, MinBackoff: 50 * time.Millisecond, MaxBackoff: 500 * time.Millisecond}
		runs.Go(func() {
			if err := src.Run(ctx, s); err != nil {
				t.Error(err)
			}
		})
	}

	// The stream's leader dies a third of the way through.
	p := NewPublisher(js, StreamSpec{})
	third := len(rs) / 3
	publishAll(t, p, rs[:third], 200)
	info, err := st.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var killed bool
	for _, n := range nodes {
		if n.Name() == info.Cluster.Leader {
			n.Shutdown()
			killed = true
		}
	}
	if !killed {
		t.Fatalf("no node leads the stream (%q)", info.Cluster.Leader)
	}
	publishAll(t, p, rs[third:], 200)

	for _, s := range screens {
		waitFor(t, 60*time.Second, "a screen never had every response", func() bool { return s.count() >= len(rs) })
	}
	time.Sleep(300 * time.Millisecond)
	cancel()
	runs.Wait()
	report := readAll(t, &Source{Conn: nc, Decoder: &feed.Decoder{}})
	want := figures(rs)
	for i, got := range append(screens, report) {
		if len(got.responses) != len(rs) || !equalFigures(figures(got.responses), want) || !sameIDs(got.responses, rs) {
			t.Errorf("reader %d: %d responses, want %d once each with the file's figures", i, len(got.responses), len(rs))
		}
	}
}

func equalFigures(a, b map[string][3]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func sameIDs(a, b []model.Response) bool {
	ids := func(rs []model.Response) []string {
		out := make([]string, len(rs))
		for i := range rs {
			out[i] = rs[i].ID
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(ids(a), ids(b))
}

// Whoever can publish to the stream can send anything: a reader sets aside what is not a
// response, with its reason, cleans what is, and goes on.
func TestHostileMessagesOnTheStream(t *testing.T) {
	srv := jettest.RunServer(t, t.TempDir(), 0)
	nc, js := connect(t, srv.ClientURL())
	ctx := context.Background()
	if _, err := EnsureStream(ctx, js, StreamSpec{}); err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{
		"not json",
		`{"id":"x","ts":"2026-11-24T10:00:00Z","score":99,"queue":"q"}`,
		`{"id":"e","ts":"2026-11-24T10:00:00Z","score":2,"queue":"Bill\u001b[2Jing","agent":"a\u001b]52;c;Zm9v\u0007","comment":"\u001b[31mred"}`,
		`{"id":"l","ts":"2026-11-24T10:00:00Z","score":2,"queue":"` + strings.Repeat("q", 300) + `"}`,
		"",
	} {
		if _, err := js.Publish(ctx, DefaultPrefix+".x.y", []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	got := readAll(t, &Source{Conn: nc, Decoder: &feed.Decoder{}})
	if len(got.responses) != 1 || len(got.rejects) != 4 {
		for _, r := range got.rejects {
			t.Log(r.Reason, r.Detail)
		}
		t.Fatalf("%d responses, %d rejects", len(got.responses), len(got.rejects))
	}
	r := got.responses[0]
	for _, s := range []string{r.Queue, r.Agent, r.Comment} {
		if strings.ContainsAny(s, "\x1b\x07") {
			t.Errorf("a control character came through: %q", s)
		}
	}
	var reasons []string
	for _, rej := range got.rejects {
		reasons = append(reasons, rej.Reason.String())
	}
	if fmt.Sprint(reasons) != "[bad_json bad_score too_long bad_json]" {
		t.Errorf("reasons %v", reasons)
	}
}
