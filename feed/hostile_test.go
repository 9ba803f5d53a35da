package feed

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/npsboard/npsboard/model"
)

// endless reads as n bytes of z, with no newline.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), e.n)
	for i := range k {
		p[i] = 'z'
	}
	e.n -= k
	return int(k), nil
}

// A line of 256 MiB with no newline is never held whole: the reader keeps a bounded part of
// it, rejects it as too long, and reads on to the record after it.
func TestAnEndlessLineIsNeverHeldWhole(t *testing.T) {
	runtime.GC() // what earlier tests left is not this read's
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	r := io.MultiReader(&endless{n: 256 << 20}, strings.NewReader("\n"+jsonLine("after")))
	in := NewIntake(model.NewDedup())
	var ids []string
	err := ReadJSONLines(context.Background(), r, &Decoder{}, func(b *Batch) error {
		return in.Take(b, func(r *model.Response) { ids = append(ids, r.ID) })
	})
	close(stop)
	<-sampled
	if err != nil || len(ids) != 1 || ids[0] != "after" || in.Counts.ByReason[TooLong] != 1 {
		t.Fatalf("err %v, ids %v, counts %+v", err, ids, in.Counts)
	}
	t.Logf("peak heap while reading: %d MiB", peak.Load()>>20)
	if p := peak.Load(); p > 64<<20 {
		t.Errorf("reading a 256 MiB line took %d MiB of heap", p>>20)
	}
}

// A server that answers the upgrade and then sends bytes that are no websocket frames is a
// connection that failed: the source says so, connects again, and takes what comes next.
func TestGarbageFramesAreAFailedConnection(t *testing.T) {
	url := wsServer(t, func(n int, _ *http.Request, c *websocket.Conn) {
		if n == 1 {
			junk := make([]byte, 4096)
			rng := rand.New(rand.NewPCG(1, 2))
			for i := range junk {
				junk[i] = byte(rng.IntN(256))
			}
			c.NetConn().Write(junk)
			return
		}
		c.WriteMessage(websocket.TextMessage, []byte(jsonLine("fine")))
		drain(c)
	})
	sink := runWS(t, &WSSource{URL: url, Decoder: &Decoder{}, MinBackoff: 10 * time.Millisecond},
		func(s *testSink) bool { ids, _ := s.got(); return len(ids) == 1 })
	if ids, _ := sink.got(); len(ids) != 1 || ids[0] != "fine" {
		t.Fatalf("after garbage, ids %v", ids)
	}
	if !sink.sawRetry() {
		t.Error("the garbage was not seen as a failed connection")
	}
}

func (s *testSink) sawRetry() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.phases {
		if p == Retrying {
			return true
		}
	}
	return false
}
