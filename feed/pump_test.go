package feed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
)

// collector is a receiver of updates that can play busy.
type collector struct {
	mu      sync.Mutex
	busy    bool
	updates []Update
}

func (c *collector) offer(u Update) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.busy {
		return false
	}
	c.updates = append(c.updates, u)
	return true
}

func (c *collector) ids() (ids []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, u := range c.updates {
		for _, r := range u.Responses {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

func (c *collector) last() Update {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.updates[len(c.updates)-1]
}

func lines(n int, at func(i int) string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"id":"%d","ts":"%s","score":%d,"queue":"q"}`+"\n", i, at(i), i%11)
	}
	return b.String()
}

func TestAFileIsLoadedAndEndsWithTheClockOfItsNewestResponse(t *testing.T) {
	text := lines(1000, func(i int) string { return fmt.Sprintf("2026-11-24T10:%02d:00Z", i%60) }) + "garbage\n"
	p := NewPump(model.NewDedup())
	p.Every = time.Millisecond
	var c collector
	src := &ReaderSource{Label: "day.jsonl", Reader: strings.NewReader(text), Decoder: &Decoder{}}
	if err := p.Run(context.Background(), src, c.offer); err != nil {
		t.Fatal(err)
	}
	if got := c.ids(); len(got) != 1000 || got[0] != "0" || got[999] != "999" {
		t.Fatalf("%d responses delivered", len(got))
	}
	last := c.last().Status
	if last.Phase != Ended || last.Source != "day.jsonl" || last.Counts.Accepted != 1000 || last.Counts.Rejected != 1 {
		t.Errorf("last status %+v", last)
	}
	if want := time.Date(2026, 11, 24, 10, 59, 0, 0, time.UTC); !last.Clock.Equal(want) {
		t.Errorf("clock %v, want %v", last.Clock, want)
	}
	if c.updates[0].Status.Phase != Loading {
		t.Errorf("first phase %v, want loading", c.updates[0].Status.Phase)
	}
}

func TestABusyReceiverGetsEverythingLaterInOrder(t *testing.T) {
	pr, pw := io.Pipe()
	p := NewPump(model.NewDedup())
	p.Every = 5 * time.Millisecond
	wall := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	p.Now = func() time.Time { return wall }
	c := collector{busy: true}
	done := make(chan error)
	go func() {
		done <- p.Run(context.Background(), &ReaderSource{Label: "pipe", Reader: pr, IsLive: true, Decoder: &Decoder{}}, c.offer)
	}()
	text := lines(5000, func(int) string { return "2026-11-24T11:59:00Z" })
	if _, err := io.WriteString(pw, text); err != nil {
		t.Fatal(err)
	}
	// Several ticks go by while the receiver is busy, long enough for the decoders to have every
	// line even on a loaded machine (50 ms was not, once, under CI).
	time.Sleep(300 * time.Millisecond)
	c.mu.Lock()
	c.busy = false
	c.mu.Unlock()
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	ids := c.ids()
	if len(ids) != 5000 {
		t.Fatalf("%d responses delivered, want 5000", len(ids))
	}
	for i, id := range ids {
		if id != fmt.Sprint(i) {
			t.Fatalf("response %d is %s", i, id)
		}
	}
	if len(c.updates) > 3 {
		t.Errorf("%d updates for one burst", len(c.updates))
	}
	// The receiver was busy until the pipe was about to close: its first update may already
	// say ended. Either way a live source's clock is the wall clock.
	if u := c.updates[0]; !u.Status.Clock.Equal(wall) || (u.Status.Phase != Live && u.Status.Phase != Ended) {
		t.Errorf("a live source's status %+v", u.Status)
	}
}

func TestAFailingSourceSaysWhy(t *testing.T) {
	boom := errors.New("connection reset")
	r := io.MultiReader(strings.NewReader(lines(3, func(int) string { return "2026-11-24T10:00:00Z" })), errReader{boom})
	p := NewPump(model.NewDedup())
	p.Every = time.Millisecond
	var c collector
	err := p.Run(context.Background(), &ReaderSource{Label: "x", Reader: r, Decoder: &Decoder{}}, c.offer)
	if !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	if s := c.last().Status; s.Phase != Failed || !errors.Is(s.Err, boom) || len(c.ids()) != 3 {
		t.Errorf("status %+v after %d responses", s, len(c.ids()))
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// blockedReader never returns, as a terminal's standard input may not.
type blockedReader struct{ block chan struct{} }

func (b blockedReader) Read([]byte) (int, error) { <-b.block; return 0, io.EOF }

func TestCancellingReturnsEvenWhenTheSourceIsStuck(t *testing.T) {
	p := NewPump(model.NewDedup())
	p.Every = time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	stuck := blockedReader{make(chan struct{})}
	defer close(stuck.block)
	done := make(chan error)
	var c collector
	go func() {
		done <- p.Run(ctx, &ReaderSource{Label: "tty", Reader: stuck, IsLive: true, Decoder: &Decoder{}}, c.offer)
	}()
	time.Sleep(10 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
}

func TestTooManyPendingResponsesHoldTheSource(t *testing.T) {
	p := NewPump(model.NewDedup())
	p.Every = time.Millisecond
	p.MaxPending = 100
	c := collector{busy: true}
	ctx, cancel := context.WithCancel(context.Background())
	src := &ReaderSource{Label: "big", Reader: strings.NewReader(lines(200000, func(int) string { return "2026-11-24T10:00:00Z" })), Decoder: &Decoder{}}
	done := make(chan error)
	go func() { done <- p.Run(ctx, src, c.offer) }()
	time.Sleep(50 * time.Millisecond)
	p.mu.Lock()
	held := p.held
	p.mu.Unlock()
	// One block over the limit may be taken before the source waits; far from all 200,000.
	if held > 100+40000 {
		t.Errorf("%d responses held for a busy receiver", held)
	}
	cancel()
	<-done
}

func TestUpdatesAreBoundedAndABacklogIsDrainedInOrder(t *testing.T) {
	p := NewPump(model.NewDedup())
	p.Every = 20 * time.Millisecond
	p.MaxBatch = 700
	var c collector
	text := lines(5000, func(int) string { return "2026-11-24T10:00:00Z" })
	if err := p.Run(context.Background(), &ReaderSource{Label: "f", Reader: strings.NewReader(text), Decoder: &Decoder{}}, c.offer); err != nil {
		t.Fatal(err)
	}
	ids := c.ids()
	if len(ids) != 5000 {
		t.Fatalf("%d delivered", len(ids))
	}
	for i, id := range ids {
		if id != fmt.Sprint(i) {
			t.Fatalf("response %d is %s", i, id)
		}
	}
	for _, u := range c.updates {
		if len(u.Responses) > 700 {
			t.Fatalf("an update of %d responses", len(u.Responses))
		}
	}
	if s := c.last().Status; s.Phase != Ended || s.Counts.Accepted != 5000 {
		t.Errorf("last status %+v", s)
	}
}

// One response of a file stamped by a broken clock (2150) neither moves the file's clock nor
// makes the ids before it be forgotten, so that a duplicate after it is still one.
func TestAResponseFromTheFutureDoesNotMoveAFilesClock(t *testing.T) {
	text := `{"id":"x","ts":"2026-11-24T10:00:00Z","score":9,"queue":"q"}` + "\n" +
		`{"id":"broken","ts":"2150-01-01T00:00:00Z","score":9,"queue":"q"}` + "\n" +
		lines(70000, func(int) string { return "2026-11-24T10:00:00Z" }) +
		`{"id":"x","ts":"2026-11-24T10:00:00Z","score":9,"queue":"q"}` + "\n"
	text = strings.Replace(text, `{"id":"0",`, `{"id":"zero",`, 1)
	p := NewPump(model.NewDedup())
	p.Every = time.Millisecond
	p.Now = func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }
	var c collector
	if err := p.Run(context.Background(), &ReaderSource{Label: "f", Reader: strings.NewReader(text), Decoder: &Decoder{}}, c.offer); err != nil {
		t.Fatal(err)
	}
	last := c.last().Status
	if want := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC); !last.Clock.Equal(want) {
		t.Errorf("the file's clock is %v, want %v", last.Clock, want)
	}
	if last.Counts.Duplicates != 1 || last.Counts.Accepted != 70002 {
		t.Errorf("counts %+v: x was counted twice", last.Counts)
	}
}

// A receiver that keeps up takes a few responses at a time, all from the chunk the pump is
// still filling: what it holds is its own, even when it appends to it, and every update says
// when it left the pump.
func TestUpdatesTakenAsTheyComeAreTheReceiversOwn(t *testing.T) {
	pr, pw := io.Pipe()
	p := NewPump(model.NewDedup())
	p.Every = time.Millisecond
	wall := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	p.Now = func() time.Time { return wall }
	var got [][]model.Response
	var mu sync.Mutex
	offer := func(u Update) bool {
		if u.Status.Arrived != wall {
			t.Errorf("an update arrived at %v, not at the pump's clock", u.Status.Arrived)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(u.Responses) > 0 {
			got = append(got, append(u.Responses, model.Response{ID: "mine"})) // a receiver's own use
		}
		return true
	}
	done := make(chan error)
	go func() {
		done <- p.Run(context.Background(), &ReaderSource{Label: "pipe", Reader: pr, IsLive: true, Decoder: &Decoder{}}, offer)
	}()
	text := lines(40, func(int) string { return "2026-11-24T11:59:00Z" })
	for len(text) > 0 {
		end := strings.IndexByte(text[strings.Index(text, "\n")+1:], '\n') + strings.Index(text, "\n") + 2
		io.WriteString(pw, text[:end]) // two lines at a time, each write a separate read
		text = text[end:]
		time.Sleep(20 * time.Millisecond) // past the reader's wait for more (10 ms)
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) < 10 {
		t.Fatalf("%d updates: the trickle came in a lump", len(got))
	}
	next := 0
	for _, rs := range got {
		for i, r := range rs {
			switch {
			case i == len(rs)-1 && r.ID != "mine":
				t.Fatalf("the receiver's own response became %q", r.ID)
			case i < len(rs)-1 && r.ID != fmt.Sprint(next):
				t.Fatalf("response %d became %q", next, r.ID)
			case i < len(rs)-1:
				next++
			}
		}
	}
	if next != 40 {
		t.Errorf("%d of 40 responses", next)
	}
}

// A file read into blocks used again (a transient read, as the dashboard's) gives a receiver
// responses that stay whole after it took them, while block after block is read into again:
// the receiver keeps every update to the end, and each response is what a copying read gives,
// field for field, the agents past the limit of shared names too.
func TestATransientFileThroughThePumpKeepsWhatItHandedOver(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 24<<20; i++ {
		fmt.Fprintf(&b, `{"id":"r%d","ts":"2026-11-24T10:%02d:00Z","score":%d,"queue":"q%d","agent":"agent %d","customer":"C-%d","comment":"%s","segment":"vip"}`+"\n",
			i, i%60, i%11, i%7, i, i%5000, strings.Repeat("w", i%70))
	}
	read := func(transient bool) []model.Response {
		var kept []model.Response
		src := &ReaderSource{Label: "f", Reader: strings.NewReader(b.String()), Format: FormatJSONLines, Decoder: &Decoder{}, Transient: transient}
		p := NewPump(model.NewDedup())
		p.Every = time.Millisecond
		if err := p.Run(context.Background(), src, func(u Update) bool {
			kept = append(kept, u.Responses...) // the responses as handed over, not copied
			return true
		}); err != nil {
			t.Fatal(err)
		}
		return kept
	}
	want := read(false)
	got := read(true)
	if len(want) < 100_000 || len(got) != len(want) {
		t.Fatalf("%d responses read into blocks used again, %d copied", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("response %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
