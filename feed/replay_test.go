package feed

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
)

func TestReplayPlaysByTheTimestamps(t *testing.T) {
	at := func(min int) string {
		return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC).Add(time.Duration(min) * time.Minute).Format(time.RFC3339)
	}
	text := fmt.Sprintf(`{"id":"a","ts":%q,"score":9,"queue":"q"}`+"\n", at(0)) +
		fmt.Sprintf(`{"id":"b","ts":%q,"score":9,"queue":"q"}`+"\n", at(0)) + // the same instant: no wait
		"not json\n" +
		fmt.Sprintf(`{"id":"c","ts":%q,"score":9,"queue":"q"}`+"\n", at(10)) + // ten minutes later
		fmt.Sprintf(`{"id":"d","ts":%q,"score":9,"queue":"q"}`+"\n", at(600)) // a night: capped
	var slept time.Duration
	src := &ReplaySource{
		Inner:  &ReaderSource{Label: "day.jsonl", Reader: strings.NewReader(text), Decoder: &Decoder{}},
		Speed:  60,
		MaxGap: 30 * time.Minute,
		Sleep:  func(_ context.Context, d time.Duration) error { slept += d; return nil },
	}
	sink := &testSink{}
	if err := src.Run(context.Background(), sink); err != nil {
		t.Fatal(err)
	}
	ids, rejects := sink.got()
	if fmt.Sprint(ids) != "[a b c d]" || len(rejects) != 1 {
		t.Fatalf("ids %v, rejects %v", ids, rejects)
	}
	// 10 minutes and a gap capped at 30, at 60 times real time: 40 seconds.
	if slept != 40*time.Second {
		t.Errorf("slept %v, want 40s", slept)
	}
	if want := time.Date(2026, 11, 24, 19, 0, 0, 0, time.UTC); !sink.clock.Equal(want) {
		t.Errorf("the replay's clock ends at %v, want %v", sink.clock, want)
	}
}

// A screen follows a replay's clock from its first update: the pump never gives it the wall
// clock first. Given today's instant, a screen replaying last month would have counted the
// month past its minutes and judged no queue (its last judged minute being today).
func TestAReplaysClockNeverStartsAtTheWallClock(t *testing.T) {
	first := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	var text strings.Builder
	for i := range 5 {
		fmt.Fprintf(&text, `{"id":"r%d","ts":%q,"score":3,"queue":"q"}`+"\n", i, first.Add(time.Duration(i)*time.Minute).Format(time.RFC3339))
	}
	src := &ReplaySource{Inner: &ReaderSource{Label: "nov.jsonl", Reader: strings.NewReader(text.String()), Decoder: &Decoder{}}, Speed: 60,
		Sleep: func(context.Context, time.Duration) error { return nil }}
	wall := time.Date(2026, 12, 4, 3, 0, 0, 0, time.UTC)
	p := NewPump(model.NewDedup())
	p.Now = func() time.Time { return wall }
	p.Every = time.Millisecond
	var clocks []time.Time
	got := 0
	if err := p.Run(context.Background(), src, func(u Update) bool {
		clocks = append(clocks, u.Status.Clock)
		got += len(u.Responses)
		return true
	}); err != nil {
		t.Fatal(err)
	}
	for _, c := range clocks {
		if !c.IsZero() && (c.Before(first) || c.After(first.Add(4*time.Minute))) {
			t.Fatalf("an update's clock is %v, outside the replay's %v to %v: %v", c, first, first.Add(4*time.Minute), clocks)
		}
	}
	if got != 5 || !clocks[len(clocks)-1].Equal(first.Add(4*time.Minute)) {
		t.Errorf("%d responses, the clock ends at %v", got, clocks[len(clocks)-1])
	}
}
