package jet

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/jet/jettest"
	"github.com/npsboard/npsboard/feed/relay"
	"github.com/npsboard/npsboard/model"
)

// renamed gives a day's responses new ids, so that every round of a benchmark stores them.
func renamed(rs []model.Response, round int) []model.Response {
	out := make([]model.Response, len(rs))
	for i := range rs {
		out[i] = rs[i]
		out[i].ID = fmt.Sprintf("%s#%d", rs[i].ID, round)
	}
	return out
}

// BenchmarkPublish publishes a day of the demo (about 4,000 responses) in batches of 500 to a
// server in this process, each acknowledged (file storage, one replica).
func BenchmarkPublish(b *testing.B) {
	srv := jettest.RunServer(b, b.TempDir(), 0)
	_, js := connect(b, srv.ClientURL())
	if _, err := EnsureStream(context.Background(), js, StreamSpec{}); err != nil {
		b.Fatal(err)
	}
	p := NewPublisher(js, StreamSpec{})
	day := centerDay(b, 24)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		rs := renamed(day, i)
		publishAll(b, p, rs, 500)
	}
	b.ReportMetric(float64(b.N*len(day))/b.Elapsed().Seconds(), "responses/s")
}

// BenchmarkRelayIntoJetStream posts the day to a relay in batches of 500, as a survey system
// does; the relay answers each POST once JetStream acknowledged it.
func BenchmarkRelayIntoJetStream(b *testing.B) {
	srv := jettest.RunServer(b, b.TempDir(), 0)
	_, js := connect(b, srv.ClientURL())
	if _, err := EnsureStream(context.Background(), js, StreamSpec{}); err != nil {
		b.Fatal(err)
	}
	p := NewPublisher(js, StreamSpec{})
	r, err := relay.New(relay.Config{Journal: filepath.Join(b.TempDir(), "journal.jsonl"), Decoder: &feed.Decoder{},
		Publish: func(ctx context.Context, rs []model.Response) error { _, err := p.Publish(ctx, rs); return err }})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	hs := httptest.NewServer(r.Handler())
	defer hs.Close()
	day := centerDay(b, 24)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		rs := renamed(day, i)
		for j := 0; j < len(rs); j += 500 {
			var body strings.Builder
			for k := j; k < min(j+500, len(rs)); k++ {
				body.Write(feed.AppendJSON(nil, &rs[k]))
				body.WriteByte('\n')
			}
			resp, err := http.Post(hs.URL+"/v1/responses", "application/x-ndjson", strings.NewReader(body.String()))
			if err != nil {
				b.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("the relay answered %s", resp.Status)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(day))/b.Elapsed().Seconds(), "responses/s")
}

// BenchmarkRead reads a week of the demo (about 25,000 responses) from the stream, decoded, as a
// report or a screen that opens does.
func BenchmarkRead(b *testing.B) {
	srv := jettest.RunServer(b, b.TempDir(), 0)
	nc, js := connect(b, srv.ClientURL())
	if _, err := EnsureStream(context.Background(), js, StreamSpec{}); err != nil {
		b.Fatal(err)
	}
	week := centerDay(b, 7*24)
	publishAll(b, NewPublisher(js, StreamSpec{}), week, 1000)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if got := readAll(b, &Source{Conn: nc, Decoder: &feed.Decoder{}}); len(got.responses) != len(week) {
			b.Fatalf("read %d of %d", len(got.responses), len(week))
		}
	}
	b.ReportMetric(float64(b.N*len(week))/b.Elapsed().Seconds(), "responses/s")
}

// BenchmarkFiftyScreens has 50 screens, each with its own connection and ordered consumer, live
// on one stream; each round publishes a day and waits until every screen has all of it.
func BenchmarkFiftyScreens(b *testing.B) {
	const screens = 50
	srv := jettest.RunServer(b, b.TempDir(), 0)
	_, js := connect(b, srv.ClientURL())
	if _, err := EnsureStream(context.Background(), js, StreamSpec{}); err != nil {
		b.Fatal(err)
	}
	p := NewPublisher(js, StreamSpec{})
	ctx, cancel := context.WithCancel(context.Background())
	sinks := make([]*countSink, screens)
	var runs sync.WaitGroup
	for i := range sinks {
		conn, _ := connect(b, srv.ClientURL())
		sinks[i] = &countSink{}
		src := &Source{Conn: conn, Decoder: &feed.Decoder{}}
		runs.Go(func() { src.Run(ctx, sinks[i]) })
	}
	defer func() { cancel(); runs.Wait() }()
	day := centerDay(b, 24)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		publishAll(b, p, renamed(day, i), 500)
		want := int64((i + 1) * len(day))
		for _, s := range sinks {
			for s.count() < want {
				time.Sleep(time.Millisecond)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(day)*screens)/b.Elapsed().Seconds(), "deliveries/s")
}

// countSink counts what a screen would take, and keeps nothing.
type countSink struct {
	mu sync.Mutex
	n  int64
}

func (s *countSink) Emit(b *feed.Batch) error {
	s.mu.Lock()
	s.n += int64(len(b.Responses))
	s.mu.Unlock()
	return nil
}
func (s *countSink) count() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}
func (s *countSink) SetState(feed.Phase, error, time.Time) {}
func (s *countSink) SetClock(time.Time)                    {}
func (s *countSink) Act(model.Action)                      {}
