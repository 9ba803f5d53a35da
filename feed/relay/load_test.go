package relay

import (
	"bytes"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/npsboard/npsboard/feed"
)

var (
	loadFor     = flag.Duration("load-for", 3*time.Second, "how long BenchmarkRelayLoad posts")
	loadClients = flag.Int("load-clients", 500, "BenchmarkRelayLoad's websocket clients")
	loadRate    = flag.Int("load-rate", 5000, "BenchmarkRelayLoad's posted responses a second")
	loadAddr    = flag.String("load-addr", "", "BenchmarkRelayLoad against a relay already running at HOST:PORT (to measure its memory alone)")
)

// BenchmarkRelayLoad runs the relay on loopback with -load-clients websocket clients while a
// producer posts -load-rate responses a second (batches of 50, every 10 ms) for -load-for.
// It reports the rate delivered to all clients together, the 99th percentile of the delivery
// latency (from the relay's receipt stamp to a client's read), the heap of the whole process
// (relay and clients), and fails if any client that was not cut as too slow missed a line.
//
// The figures in README.md: go test ./feed/relay -run '^$' -bench RelayLoad -benchtime 1x -load-for 60s -v
func BenchmarkRelayLoad(b *testing.B) {
	for b.Loop() {
		relayLoad(b, *loadFor, *loadClients, *loadRate)
	}
}

type loadClient struct {
	lines    int64
	last     int64 // the last seq read
	gaps     int
	cut      bool
	lat      []time.Duration // a sample: one line in a hundred
	conn     *websocket.Conn
	finished chan struct{}
}

func relayLoad(b *testing.B, dur time.Duration, clients, rate int) {
	base := "http://" + *loadAddr
	if *loadAddr == "" {
		srv, err := New(Config{Journal: filepath.Join(b.TempDir(), "journal.jsonl"), Decoder: &feed.Decoder{}, QueueSize: 1024})
		if err != nil {
			b.Fatal(err)
		}
		hs := httptest.NewServer(srv.Handler())
		defer hs.Close()
		defer srv.Close()
		base = hs.URL
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	defer client.CloseIdleConnections()
	// Only what is posted now: a relay already running may have a journal.
	var since int64 = 1
	if resp, err := client.Get(base + "/metrics"); err == nil {
		var metrics bytes.Buffer
		metrics.ReadFrom(resp.Body)
		resp.Body.Close()
		for _, l := range strings.Split(metrics.String(), "\n") {
			if v, ok := strings.CutPrefix(l, "npsboard_relay_journal_seq "); ok {
				n, _ := strconv.ParseInt(v, 10, 64)
				since = n + 1
			}
		}
	}
	url := "ws" + strings.TrimPrefix(base, "http") + "/v1/stream?since=" + strconv.FormatInt(since, 10)

	cs := make([]*loadClient, clients)
	dialer := websocket.Dialer{ReadBufferSize: 64 << 10}
	for i := range cs {
		conn, _, err := dialer.Dial(url, nil)
		if err != nil {
			b.Fatalf("client %d: %v", i, err)
		}
		c := &loadClient{conn: conn, finished: make(chan struct{}), last: since - 1}
		cs[i] = c
		go c.read()
	}

	const batch = 50
	every := time.Duration(float64(time.Second) * batch / float64(rate))
	var body bytes.Buffer
	var posted, refused int64
	ts := time.Now().UTC().Format(time.RFC3339)
	var mem runtime.MemStats
	var peakHeap uint64
	tick := time.NewTicker(every)
	start := time.Now()
	for time.Since(start) < dur {
		<-tick.C
		body.Reset()
		for range batch {
			fmt.Fprintf(&body, `{"id":"l%d-%d","ts":%q,"score":%d,"queue":"q%d","agent":"a%d","comment":"fine"}`+"\n", since, posted, ts, posted%11, posted%50, posted%2000)
			posted++
		}
		resp, err := client.Post(base+"/v1/responses", "application/x-ndjson", &body)
		if err != nil || resp.StatusCode != http.StatusOK {
			refused++
		}
		if resp != nil {
			resp.Body.Close()
		}
		if posted%(batch*20) == 0 {
			runtime.ReadMemStats(&mem)
			peakHeap = max(peakHeap, mem.HeapInuse)
		}
	}
	tick.Stop()
	postedFor := time.Since(start)
	// Every client that was not cut gets every line.
	deadline := time.Now().Add(30 * time.Second)
	for _, c := range cs {
		for atomic.LoadInt64(&c.lines) < posted && !c.isCut() && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
	}
	drained := time.Since(start)
	var delivered int64
	var lat []time.Duration
	cut, missed := 0, 0
	for _, c := range cs {
		c.conn.Close()
		<-c.finished
		delivered += c.lines
		lat = append(lat, c.lat...)
		switch {
		case c.cut:
			cut++
		case c.lines != posted || c.gaps > 0:
			missed++
		}
	}
	slices.Sort(lat)
	p := func(q float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(q*float64(len(lat))))]
	}
	b.ReportMetric(float64(delivered)/drained.Seconds(), "delivered/s")
	b.ReportMetric(float64(p(0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(p(0.5).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(cut), "clients-cut")
	b.Logf("%d clients, %d responses posted in %v (%.0f/s), %d posts refused; delivered %d lines (%.0f/s) by %v; latency p50 %v p99 %v max %v; peak heap %.0f MB (%s); %d cut as too slow, %d fast clients missed lines",
		clients, posted, postedFor.Round(time.Millisecond), float64(posted)/postedFor.Seconds(), refused, delivered, float64(delivered)/drained.Seconds(),
		drained.Round(time.Millisecond), p(0.5), p(0.99), p(1), float64(peakHeap)/(1<<20), map[bool]string{true: "the clients", false: "relay and clients"}[*loadAddr != ""], cut, missed)
	if missed > 0 || refused > 0 {
		b.Fatalf("%d clients missed lines, %d posts were refused", missed, refused)
	}
}

func (c *loadClient) isCut() bool {
	select {
	case <-c.finished:
		return true
	default:
		return false
	}
}

// read counts the lines of each message, checks that sequence numbers follow each other, and
// samples the delivery latency from the relay's receipt stamp.
func (c *loadClient) read() {
	defer close(c.finished)
	for {
		_, msg, err := c.conn.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if asClose(err, &ce) && ce.Code == 4000 {
				c.cut = true
			}
			return
		}
		now := time.Now()
		n := int64(bytes.Count(msg, []byte{'\n'}))
		first := seqOf(msg)
		if first != c.last+1 {
			c.gaps++
		}
		c.last = first + n - 1
		atomic.AddInt64(&c.lines, n)
		if first%100 < n { // this message holds a line whose seq is a multiple of 100
			if recv, ok := loadRecv(msg); ok {
				c.lat = append(c.lat, now.Sub(recv))
			}
		}
	}
}

func asClose(err error, ce **websocket.CloseError) bool {
	e, ok := err.(*websocket.CloseError)
	*ce = e
	return ok
}

// seqOf is the seq of a message's first line: {"seq":N,...
func seqOf(msg []byte) int64 {
	i := bytes.Index(msg, []byte(`"seq":`))
	if i < 0 {
		return -1
	}
	j := i + 6
	k := j
	for k < len(msg) && msg[k] >= '0' && msg[k] <= '9' {
		k++
	}
	n, _ := strconv.ParseInt(string(msg[j:k]), 10, 64)
	return n
}

// loadRecv is the relay's receipt stamp of a message's first line.
func loadRecv(msg []byte) (time.Time, bool) {
	i := bytes.Index(msg, []byte(`"recv":"`))
	if i < 0 {
		return time.Time{}, false
	}
	j := i + 8
	k := bytes.IndexByte(msg[j:], '"')
	if k < 0 {
		return time.Time{}, false
	}
	t, err := time.Parse(feed.TimeLayout, string(msg[j:j+k]))
	return t, err == nil
}
