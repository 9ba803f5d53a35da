package model

import (
	"fmt"
	"strconv"
	"testing"
	"time"
)

// A hand-built day: Billing is quiet until 10:00, gets a detractor (0) every two minutes until
// 10:58, is quiet again, then gets a promoter every two minutes from 12:30. The backtest opens a case for each
// detractor (history or not), raises below target at the first minute the last hour's upper
// bound is below the target, and clears it at the first minute it is not — the same minutes as
// judging every minute of the day one by one.
func TestTheBacktestJudgesEveryMinuteAsALiveScreen(t *testing.T) {
	day := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	var rs []Response
	for i := range 30 {
		rs = append(rs, Response{ID: fmt.Sprint("d", i), Time: day.Add(10*time.Hour + time.Duration(2*i)*time.Minute), Score: 0, Queue: "Billing"})
	}
	for i := range 30 {
		rs = append(rs, Response{ID: fmt.Sprint("p", i), Time: day.Add(12*time.Hour + time.Duration(30+2*i)*time.Minute), Score: 10, Queue: "Billing"})
	}
	rules := windowRules()
	bt := NewBacktest(rules)
	var raised []*Alert
	cleared := map[string]time.Time{}
	for i := range rs {
		for _, ev := range bt.Add(&rs[i]) {
			switch {
			case ev.Raised != nil:
				raised = append(raised, ev.Raised)
			case ev.Cleared != nil:
				cleared[ev.Cleared.Alert] = ev.Cleared.At
			}
		}
	}
	// By hand: the last hour at 10:00+2k minutes holds k+1 detractors and nothing else; it is
	// below target once the upper end of its interval is below 20.
	var start time.Time
	for k := 0; k < 30; k++ {
		if iv, ok := (Stat{Detractors: int64(k + 1)}).CI95(); ok && iv.Hi < 20 {
			start = day.Add(10*time.Hour + time.Duration(2*k)*time.Minute)
			break
		}
	}
	// It ends once too few detractors are left in the hour to tell, in a quiet minute.
	var end time.Time
	for m := day.Add(11 * time.Hour); m.Before(day.Add(13 * time.Hour)); m = m.Add(time.Minute) {
		var s Stat
		for _, r := range rs {
			if r.Time.After(m.Add(-time.Hour)) && !r.Time.After(m) {
				s.Add(r.Class())
			}
		}
		nps, _ := s.NPS()
		if iv, ok := s.CI95(); !(nps < 20 && ok && iv.Hi < 20) {
			end = m
			break
		}
	}
	cases, queue := 0, []*Alert{}
	for _, a := range raised {
		switch {
		case a.Rule == RuleDetractor:
			cases++
		case a.Rule == RuleBelowTarget:
			queue = append(queue, a)
		default:
			t.Errorf("the day raised %s %s", a.Rule, a.ID)
		}
	}
	if cases != 30 || start.IsZero() || end.IsZero() || !end.Before(day.Add(12*time.Hour)) {
		t.Fatalf("%d cases; the condition by hand from %v to %v", cases, start, end)
	}
	if len(queue) != 1 || !queue[0].RaisedAt.Equal(start) || !cleared[queue[0].ID].Equal(end) {
		t.Errorf("below target: %d alerts, raised %v (want %v), cleared %v (want %v)", len(queue), queue[0].RaisedAt, start, cleared[queue[0].ID], end)
	}
}

// A backtest says every case its rules open, past the bound of a screen's inbox: nobody resolves
// them as it runs, and it is there to count what the rules would ask of a floor.
func TestABacktestIsNotBoundedByTheInbox(t *testing.T) {
	bt := NewBacktest(everyDetractor())
	raised := 0
	for i := range MaxCases + 10 {
		r := &Response{ID: strconv.Itoa(i), Time: day0.Add(time.Duration(i) * time.Second), Score: 3, Queue: "Billing",
			Agent: strconv.Itoa(i), Customer: strconv.Itoa(i)}
		for _, ev := range bt.Add(r) {
			if ev.Raised != nil && IsCase(ev.Raised.Rule) {
				raised++
			}
		}
	}
	if raised != MaxCases+10 || bt.Alerts.Excess().Cases != 0 {
		t.Errorf("%d cases raised, %d refused; want all %d", raised, bt.Alerts.Excess().Cases, MaxCases+10)
	}
}
