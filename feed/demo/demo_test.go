package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
)

// A Monday, so that a week of days starts the week.
var day = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// simulate runs days of the center of a seed and returns its responses.
func simulate(t *testing.T, o Options, days int) (*Center, []model.Response) {
	t.Helper()
	c := New(o)
	var rs []model.Response
	if err := c.Span(day, day.AddDate(0, 0, days), time.UTC, func(r *model.Response) error {
		rs = append(rs, *r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return c, rs
}

// The volume of a real floor: one or two survey answers per agent per hour on duty, nothing
// at night or on Sundays, a quieter Saturday; three sites, twelve queues, 240 agents in teams.
func TestTheVolumeIsThatOfARealFloor(t *testing.T) {
	c, rs := simulate(t, Options{Seed: 3}, 7)
	agentHours := 0.0
	for d := range 7 {
		for i := range slotsPerDay {
			at := day.AddDate(0, 0, d).Add(time.Duration(i) * 30 * time.Minute)
			agentHours += 0.5 * float64(len(c.duty.at(c, at).agents))
		}
	}
	perAgentHour := float64(len(rs)) / agentHours
	if perAgentHour < 1.2 || perAgentHour > 1.8 {
		t.Errorf("%.2f responses per agent-hour on duty (%d responses, %.0f agent-hours), want 1 to 2", perAgentHour, len(rs), agentHours)
	}
	t.Logf("%d responses in a week, %.2f per agent-hour on duty", len(rs), perAgentHour)
	byDay := map[time.Weekday]int{}
	agents, sitesSeen, queuesSeen, teams := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	withCSAT := 0
	for _, r := range rs {
		byDay[r.Time.Weekday()]++
		if h := r.Time.Hour(); h < 8 || h >= 20 {
			t.Fatalf("a response at %v, when the center is closed", r.Time)
		}
		agents[r.Agent], sitesSeen[r.Site], queuesSeen[r.Queue], teams[r.Team] = true, true, true, true
		if r.CSAT > 0 && r.CES > 0 {
			withCSAT++
		}
	}
	if byDay[time.Sunday] != 0 || byDay[time.Saturday] == 0 || byDay[time.Saturday] > byDay[time.Tuesday]/2 {
		t.Errorf("by day: %v; want none on Sunday and a quiet Saturday", byDay)
	}
	if perDay := byDay[time.Tuesday]; perDay < 1500 || perDay > 4000 {
		t.Errorf("%d responses on a Tuesday", perDay)
	}
	if len(sitesSeen) != 3 || len(queuesSeen) != 12 || len(agents) < 230 || len(agents) > Agents || len(teams) < 20 || len(teams) > 40 {
		t.Errorf("%d sites, %d queues, %d agents, %d teams", len(sitesSeen), len(queuesSeen), len(agents), len(teams))
	}
	if share := float64(withCSAT) / float64(len(rs)); share < 0.5 || share > 0.7 {
		t.Errorf("%.0f %% answer CSAT and CES", 100*share)
	}
	// An agent gets one or two an hour: over a 30-day month some 200, enough to be measured;
	// over one hour, one or two, which are not.
	perAgent := map[string]int{}
	for _, r := range rs {
		perAgent[r.Agent]++
	}
	for name, n := range perAgent {
		if n > 120 {
			t.Errorf("%s answered %d surveys in a week", name, n)
		}
	}
}

// Scale multiplies the agents, and so the volume.
func TestScaleMultipliesTheFloor(t *testing.T) {
	_, one := simulate(t, Options{Seed: 3}, 1)
	c, ten := simulate(t, Options{Seed: 3, Scale: 10}, 1)
	if len(c.agents) != 10*Agents {
		t.Errorf("%d agents at scale 10", len(c.agents))
	}
	if ratio := float64(len(ten)) / float64(len(one)); ratio < 9 || ratio > 11 {
		t.Errorf("scale 10 writes %.1f times the volume", ratio)
	}
	names := map[string]bool{}
	for _, a := range c.agents {
		if names[a.name] {
			t.Fatalf("two agents named %s", a.name)
		}
		names[a.name] = true
	}
}

// A minute gives the same responses, with the same ids, however it is reached: so that a
// live demo continues its history, and a restarted one raises no alert twice.
func TestAMinuteIsAlwaysTheSame(t *testing.T) {
	at := day.Add(10*time.Hour + 7*time.Minute)
	var a, b []model.Response
	New(Options{Seed: 5}).Minute(at, time.UTC, func(r *model.Response) error { a = append(a, *r); return nil })
	c := New(Options{Seed: 5})
	c.Span(day, at, time.UTC, func(*model.Response) error { return nil }) // another history first
	c.Minute(at, time.UTC, func(r *model.Response) error { b = append(b, *r); return nil })
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d and %d responses in the same minute", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("response %d differs:\n%+v\n%+v", i, a[i], b[i])
		}
		if a[i].Time.Before(at) || !a[i].Time.Before(at.Add(time.Minute)) || i > 0 && a[i].Time.Before(a[i-1].Time) {
			t.Fatalf("response %d at %v, outside its minute or out of order", i, a[i].Time)
		}
	}
}

func TestAnIncidentSendsItsQueueBad(t *testing.T) {
	c, rs := simulate(t, Options{Seed: 5}, 28)
	// The incident's queue during its incidents, against the same queue at other times.
	during, outside := map[string]*model.Stat{}, map[string]*model.Stat{}
	for _, r := range rs {
		m := outside
		if i, ok := c.IncidentAt(r.Time); ok {
			if i.Queue != r.Queue {
				continue
			}
			if length := i.End.Sub(i.Start); length < RealIncidents.Length/2 || length > RealIncidents.Length {
				t.Fatalf("incident from %v to %v", i.Start, i.End)
			}
			m = during
		}
		if m[r.Queue] == nil {
			m[r.Queue] = new(model.Stat)
		}
		m[r.Queue].Add(r.Class())
	}
	seen := 0
	for q, d := range during {
		if d.Responses() < 60 {
			continue
		}
		seen++
		dn, _ := d.NPS()
		on, _ := outside[q].NPS()
		if cmp, ok := model.Compare(*d, *outside[q]); !ok || dn > on-30 || !cmp.Significant() {
			t.Errorf("%s: NPS %.0f during its incidents (%d responses), %.0f outside", q, dn, d.Responses(), on)
		}
	}
	if seen == 0 {
		t.Fatal("no incident seen in four weeks")
	}
}

func TestQueuesDifferAndCommentsFitTheScore(t *testing.T) {
	_, rs := simulate(t, Options{Seed: 9}, 14)
	byQueue := map[string]*model.Stat{}
	for _, r := range rs {
		if byQueue[r.Queue] == nil {
			byQueue[r.Queue] = new(model.Stat)
		}
		byQueue[r.Queue].Add(r.Class())
		if r.Comment == "" {
			continue
		}
		unhappy := strings.Contains(r.Comment, "cancel") || strings.Contains(r.Comment, "refund") || strings.Contains(r.Comment, "complaint")
		if unhappy && r.Score > 6 {
			t.Errorf("a score of %d says %q", r.Score, r.Comment)
		}
	}
	sales, _ := byQueue["Sales"].NPS()
	retention, _ := byQueue["Retention"].NPS()
	if sales < retention+40 {
		t.Errorf("Sales %+.0f and Retention %+.0f hardly differ", sales, retention)
	}
}

func TestDayTimesFollowTheCurve(t *testing.T) {
	var night, morning int
	var last time.Time
	err := New(Options{Seed: 1}).DayTimes(day, 10000, func(at time.Time) error {
		if at.Before(last) || at.Before(day) || !at.Before(day.Add(24*time.Hour)) {
			t.Fatalf("%v out of order or outside the day", at)
		}
		last = at
		switch h := at.Hour(); {
		case h < 8 || h >= 20:
			night++
		case h == 10:
			morning++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if night != 0 || morning < 500 {
		t.Errorf("%d responses from 10 to 11, %d when closed", morning, night)
	}
}

// The live demo writes its history, then each response as the clock passes its time: together,
// exactly the responses of the center over that span, in order, each once.
func TestTheLiveDemoContinuesItsHistory(t *testing.T) {
	start := day.AddDate(0, 0, 1).Add(10*time.Hour + 30*time.Second) // a Tuesday, 10:00:30
	var mu sync.Mutex
	clock := start
	now := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(7 * time.Second) // the clock runs while lines are written
		return clock
	}
	var out syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		done <- Live(ctx, &out, LiveOptions{Seed: 2, Backfill: time.Hour, Location: time.UTC, Now: now, Tick: time.Millisecond})
	}()
	for {
		mu.Lock()
		end := clock
		mu.Unlock()
		if end.Sub(start) > 12*time.Minute {
			break
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	var got []string
	var last time.Time
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r struct {
			ID string
			TS time.Time
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		if r.TS.Before(last) {
			t.Fatalf("%s goes back in time", r.ID)
		}
		last = r.TS
		got = append(got, r.ID)
	}
	var want []string
	New(Options{Seed: 2}).Span(start.Truncate(time.Minute).Add(-time.Hour), last.Add(time.Nanosecond), time.UTC, func(r *model.Response) error {
		if !r.Time.Truncate(time.Millisecond).After(last) { // the feed writes milliseconds
			want = append(want, r.ID)
		}
		return nil
	})
	if len(got) < 200 || !slices.Equal(got, want) {
		t.Fatalf("the live demo wrote %d responses, the center has %d over the span:\n%v\n%v", len(got), len(want), got[max(0, len(got)-5):], want[max(0, len(want)-5):])
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
