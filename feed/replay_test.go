package feed

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
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
