package demo

import (
	"strings"
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
)

var day = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

// simulate runs a day of n responses and returns them.
func simulate(t *testing.T, seed uint64, n int) (*Center, []model.Response) {
	t.Helper()
	c := New(seed, "", DayIncidents)
	var rs []model.Response
	if err := DayTimes(seed, day, n, func(at time.Time) error {
		rs = append(rs, c.Response(at))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return c, rs
}

func TestAnIncidentSendsItsQueueBad(t *testing.T) {
	c, rs := simulate(t, 5, 100000)
	var inc Incident
	for _, r := range rs {
		if i, ok := c.IncidentAt(r.Time); ok {
			inc = i
			break
		}
	}
	if inc.Queue == "" {
		t.Fatal("no incident in a simulated day")
	}
	if length := inc.End.Sub(inc.Start); length < DayIncidents.Length/2 || length > DayIncidents.Length {
		t.Errorf("incident from %v to %v", inc.Start, inc.End)
	}
	// The incident's queue during any incident of it, against the same queue at other times.
	var during, outside model.Stat
	for _, r := range rs {
		if r.Queue != inc.Queue {
			continue
		}
		if i, ok := c.IncidentAt(r.Time); ok && i.Queue == inc.Queue {
			during.Add(r.Class())
		} else if !ok {
			outside.Add(r.Class())
		}
	}
	d, _ := during.NPS()
	o, _ := outside.NPS()
	if cmp, ok := model.Compare(during, outside); !ok || d > o-30 || !cmp.Significant() {
		t.Errorf("%s: NPS %.0f during its incidents, %.0f outside", inc.Queue, d, o)
	}
}

func TestQueuesDifferAndCommentsFitTheScore(t *testing.T) {
	_, rs := simulate(t, 9, 60000)
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
	err := DayTimes(1, day, 10000, func(at time.Time) error {
		if at.Before(last) || at.Before(day) || !at.Before(day.Add(24*time.Hour)) {
			t.Fatalf("%v out of order or outside the day", at)
		}
		last = at
		switch h := at.Hour(); {
		case h < 5:
			night++
		case h == 10:
			morning++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if morning < 10*night {
		t.Errorf("%d responses from 10 to 11, %d from 0 to 5", morning, night)
	}
}
