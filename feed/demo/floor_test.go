package demo

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
)

// The floor acts on most of the worst detractors' cases, the same way for the same response:
// acknowledged (a median of about 25 minutes), then resolved with an outcome; never on others.
func TestTheFloorWorksMostCases(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	acked, resolved, total := 0, 0, 0
	var firsts []time.Duration
	for i := range 2000 {
		r := &model.Response{ID: "r" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + time.Duration(i).String(), Time: t0, Score: int8(i % 4), Site: "Lisbon"}
		acts := FloorActions(r)
		total++
		if len(acts) > 0 {
			acked++
			firsts = append(firsts, acts[0].At.Sub(r.Time))
			if acts[0].Kind != model.ActAcknowledge || acts[0].Alert != "r:"+r.ID || !strings.HasPrefix(acts[0].By, "sup-lisbon-") || acts[0].Check() != nil {
				t.Fatalf("%+v", acts[0])
			}
		}
		if len(acts) == 2 {
			resolved++
			if acts[1].Kind != model.ActResolve || acts[1].Outcome == "" || !acts[1].At.After(acts[0].At) || acts[1].Check() != nil {
				t.Fatalf("%+v", acts[1])
			}
		}
		if again := FloorActions(r); len(again) != len(acts) || len(acts) > 0 && again[0] != acts[0] {
			t.Fatal("the floor acts differently on the same response")
		}
	}
	if share := float64(acked) / float64(total); share < 0.83 || share > 0.93 || float64(resolved)/float64(acked) < 0.85 {
		t.Errorf("%d of %d acknowledged, %d resolved", acked, total, resolved)
	}
	slices.Sort(firsts)
	if m := firsts[len(firsts)/2]; m < 15*time.Minute || m > 35*time.Minute {
		t.Errorf("a median of %v to the first action", m)
	}
	if len(FloorActions(&model.Response{ID: "p", Time: t0, Score: 5})) != 0 {
		t.Error("the floor acted on a detractor that opens no case by default")
	}
	n := 0
	for i := range 50 {
		if len(FloorActions(&model.Response{ID: "k" + time.Duration(i).String(), Time: t0, Score: 5, Comment: "I want a refund"})) > 0 {
			n++
		}
	}
	if n < 35 {
		t.Errorf("the floor took %d of 50 keyword cases", n)
	}
}

// A source with the floor hands the sink the floor's actions once their time has come, and
// none for history.
func TestWithFloorActsAsTheClockPasses(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	var lines strings.Builder
	for i, at := range []time.Time{now.Add(-6 * time.Hour), now.Add(-30 * time.Hour)} {
		lines.WriteString(`{"id":"` + string(rune('a'+i)) + `q","ts":"` + at.Format(time.RFC3339) + `","score":1,"queue":"Q","site":"Leeds"}` + "\n")
	}
	src := WithFloor(&feed.ReaderSource{Label: "demo", Reader: strings.NewReader(lines.String()), Decoder: &feed.Decoder{}}, func() time.Time { return now })
	sink := &actSink{}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	src.Run(ctx, sink)
	want := FloorActions(&model.Response{ID: "aq", Time: now.Add(-6 * time.Hour), Score: 1, Site: "Leeds"})
	sink.mu.Lock()
	defer sink.mu.Unlock()
	for _, a := range sink.acts {
		if a.Alert == "r:bq" {
			t.Errorf("an action for history: %+v", a)
		}
	}
	if len(want) > 0 && (len(sink.acts) == 0 || sink.acts[0] != want[0]) {
		t.Errorf("acts %+v, want %+v", sink.acts, want)
	}
}

type actSink struct {
	mu   sync.Mutex
	acts []model.Action
}

func (s *actSink) Emit(*feed.Batch) error                { return nil }
func (s *actSink) SetState(feed.Phase, error, time.Time) {}
func (s *actSink) SetClock(time.Time)                    {}
func (s *actSink) Act(a model.Action) {
	s.mu.Lock()
	s.acts = append(s.acts, a)
	s.mu.Unlock()
}
