package model

import (
	"fmt"
	"testing"
	"time"
)

// The loop's figures of a hand-built day of five cases, all due 24 h after raised:
//
//	c1 raised 09:00, acknowledged 09:30, resolved 10:00 (refund)        first 30m, resolved 1h
//	c2 raised 09:00, resolved 12:00 (no_answer), no other action        first 3h,  resolved 3h
//	c3 raised 09:00 the day before, resolved 11:00 today (refund): late first 26h, resolved 26h
//	c4 raised 11:30, assigned 11:40, open at 12:00                      first 10m, open 30m
//	c5 raised 06:00, open at 12:00                                      open 6h
//
// At 12:00: 5 cases, 3 resolved, 2 open (one under an hour old, one of 4 to 24 h). First action
// over 4 cases, sorted 10m, 30m, 3h, 26h: the median is rank ⌈0.5·4⌉ = 2, 30m; the 90th
// percentile rank ⌈0.9·4⌉ = 4, 26h. Resolution over 1h, 3h, 26h: median rank 2, 3h; p90 rank 3,
// 26h. Within the SLA: of the 3 resolved (none open is due yet), c1 and c2: 2/3.
func TestTheLoopsFiguresByHand(t *testing.T) {
	noon := day0.Add(12 * time.Hour)
	at := func(h, m int) time.Time { return day0.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	s := NewAlerts(everyDetractor())
	raise := func(id string, when time.Time) {
		s.Observe(&Response{ID: id, Time: when, Score: 2, Queue: "Billing", Customer: "C-" + id}, time.Time{})
	}
	act := func(kind ActionKind, id string, when time.Time, outcome string) {
		if !s.Act(Action{Kind: kind, Alert: "r:" + id, By: "ana", At: when, Owner: "ana", Outcome: outcome}, time.Time{}) {
			t.Fatalf("%s %s refused", kind, id)
		}
	}
	raise("c1", at(9, 0))
	raise("c2", at(9, 0))
	raise("c3", at(9-24, 0))
	raise("c4", at(11, 30))
	raise("c5", at(6, 0))
	act(ActAcknowledge, "c1", at(9, 30), "")
	act(ActResolve, "c1", at(10, 0), "refund")
	act(ActResolve, "c2", at(12, 0), "no_answer")
	act(ActResolve, "c3", at(11, 0), "refund")
	act(ActAssign, "c4", at(11, 40), "")
	all := s.List(FilterAll, "", noon)
	loops := LoopOf(all, AllTime().Span(noon, time.UTC), noon, func(*Alert) string { return "" })
	l := loops[""]
	if l == nil || l.Cases != 5 || l.Resolved != 3 || l.Open != 2 || l.Backlog != [4]int{1, 0, 1, 0} {
		t.Fatalf("%+v", l)
	}
	if l.FirstAction != (Quantiles{30 * time.Minute, 26 * time.Hour, 4}) || l.Resolution != (Quantiles{3 * time.Hour, 26 * time.Hour, 3}) {
		t.Errorf("first action %+v, resolution %+v", l.FirstAction, l.Resolution)
	}
	if !l.WithinSLA.OK || l.WithinSLA.Of != 3 || fmt.Sprintf("%.4f", l.WithinSLA.Share) != "0.6667" {
		t.Errorf("within the SLA %+v", l.WithinSLA)
	}
	if l.Outcomes["refund"] != 2 || l.Outcomes["no_answer"] != 1 {
		t.Errorf("outcomes %v", l.Outcomes)
	}
	// Over today only, c3 (raised yesterday) is left out; by owner, c4 is ana's.
	today := LoopOf(all, Today().Span(noon, time.UTC), noon, func(*Alert) string { return "" })[""]
	if today.Cases != 4 || today.Resolution.N != 2 {
		t.Errorf("today %+v", today)
	}
	byOwner := LoopOf(all, AllTime().Span(noon, time.UTC), noon, func(a *Alert) string { return a.Taker() })
	if byOwner["ana"].Cases != 4 || byOwner[""].Cases != 1 || fmt.Sprint(LoopKeys(byOwner)) != "[ana ]" {
		t.Errorf("by owner %v", LoopKeys(byOwner))
	}
	// A case open past its deadline counts against the SLA.
	later := LoopOf(all, AllTime().Span(noon.Add(24*time.Hour), time.UTC), noon.Add(24*time.Hour), func(*Alert) string { return "" })[""]
	if later.WithinSLA.Of != 5 || later.Backlog != [4]int{0, 0, 0, 2} {
		t.Errorf("a day later %+v", later)
	}
}

func TestNearestRankQuantiles(t *testing.T) {
	ds := func(ms ...int) []time.Duration {
		out := make([]time.Duration, len(ms))
		for i, m := range ms {
			out[i] = time.Duration(m) * time.Minute
		}
		return out
	}
	cases := []struct {
		in          []time.Duration
		median, p90 time.Duration
	}{
		{ds(5), 5 * time.Minute, 5 * time.Minute},
		{ds(10, 1), time.Minute, 10 * time.Minute},                            // ranks 1 and 2
		{ds(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 5 * time.Minute, 9 * time.Minute}, // ranks 5 and 9
		{ds(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), 6 * time.Minute, 10 * time.Minute},
	}
	for _, c := range cases {
		if q := quantiles(c.in); q.Median != c.median || q.P90 != c.p90 {
			t.Errorf("%v: %+v, want %v and %v", c.in, q, c.median, c.p90)
		}
	}
}
