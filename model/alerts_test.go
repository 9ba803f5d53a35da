package model

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// everyDetractor are the default rules, with a case opened for every detractor, not only the
// high ones.
func everyDetractor() Rules {
	r := DefaultRules()
	r.OpenAt = Low
	return r
}

func detractor(id string, score int, at time.Time, queue, agent string) *Response {
	return &Response{ID: id, Time: at, Score: int8(score), Queue: queue, Agent: agent, Customer: "C-" + id}
}

func TestEveryDetractorRaisesAnAlertGradedBySeverity(t *testing.T) {
	rules := everyDetractor()
	rules.VIPCustomers = map[string]bool{"C-vip": true}
	rules.VIPSegments = map[string]bool{"vip": true}
	rules.FollowUp = [3]time.Duration{72 * time.Hour, 24 * time.Hour, 4 * time.Hour}
	s := NewAlerts(rules)
	cases := []struct {
		r    *Response
		rule string
		sev  Severity
		why  string
		none bool
	}{
		{r: detractor("1", 3, day0, "Billing", "Ana"), rule: RuleDetractor, sev: High, why: "scored 3 in Billing, with Ana"},
		{r: detractor("2", 6, day0, "Billing", "Ana"), rule: RuleDetractor, sev: Medium, why: "scored 6 in Billing, with Ana"},
		{r: &Response{ID: "3", Time: day0, Score: 5, Queue: "Sales", Comment: "I want a REFUND now"}, rule: RuleKeyword, sev: High, why: "scored 5 in Sales; the comment says refund"},
		{r: &Response{ID: "4", Time: day0, Score: 6, Queue: "Sales", Customer: "C-vip", Comment: "refund"}, rule: RuleVIP, sev: High, why: "scored 6 in Sales; a VIP customer"},
		{r: &Response{ID: "5", Time: day0, Score: 6, Queue: "Sales", Segment: "VIP"}, rule: RuleVIP, sev: High, why: "scored 6 in Sales; a VIP customer"},
		{r: detractor("6", 7, day0, "Sales", ""), none: true},
		{r: detractor("7", 10, day0, "Sales", ""), none: true},     // promoters open nothing unless asked
		{r: detractor("1", 3, day0, "Billing", "Ana"), none: true}, // the same response again
	}
	for _, c := range cases {
		events := s.Observe(c.r, time.Time{})
		if c.none {
			if len(events) != 0 {
				t.Errorf("%s: raised %+v", c.r.ID, events[0].Raised)
			}
			continue
		}
		if len(events) != 1 || events[0].Raised == nil {
			t.Fatalf("%s: events %+v", c.r.ID, events)
		}
		a := events[0].Raised
		if a.ID != "r:"+c.r.ID || a.Rule != c.rule || a.Severity != c.sev || a.Why() != c.why || a.State != StateNew ||
			a.Response.ID != c.r.ID || !a.Due.Equal(day0.Add(rules.FollowUp[c.sev])) {
			t.Errorf("%s: %+v", c.r.ID, a)
		}
	}
}

func TestTheLifeOfAnAlert(t *testing.T) {
	s := NewAlerts(everyDetractor())
	s.Observe(detractor("1", 2, day0, "Billing", "Ana"), time.Time{})
	a, _ := s.Get("r:1")
	at := func(min int) time.Time { return day0.Add(time.Duration(min) * time.Minute) }
	steps := []struct {
		act  Action
		want string
	}{
		{Action{Kind: ActAcknowledge, Alert: "r:1", By: "maya", At: at(5)}, "acknowledged maya@5 owner= resolved=@0 note="},
		{Action{Kind: ActAcknowledge, Alert: "r:1", By: "liam", At: at(6)}, "acknowledged maya@5 owner= resolved=@0 note="},
		{Action{Kind: ActAssign, Alert: "r:1", By: "maya", At: at(7), Owner: "liam"}, "acknowledged maya@5 owner=liam resolved=@0 note="},
		{Action{Kind: ActResolve, Alert: "r:1", By: "liam", At: at(30), Note: "called back, refunded"}, "resolved maya@5 owner=liam resolved=liam@30 note=called back, refunded"},
		{Action{Kind: ActResolve, Alert: "r:1", By: "maya", At: at(31), Note: "again"}, "resolved maya@5 owner=liam resolved=liam@30 note=called back, refunded"},
		{Action{Kind: ActReopen, Alert: "r:1", By: "maya", At: at(40)}, "acknowledged maya@5 owner=liam resolved=@0 note=called back, refunded"},
	}
	for i, st := range steps {
		if err := st.act.Check(); err != nil {
			t.Fatal(err)
		}
		s.Act(st.act, time.Time{})
		got := fmt.Sprintf("%v %s@%d owner=%s resolved=%s@%d note=%s", a.State, a.AckBy(), minutesOf(a.AckAt()), a.Owner(), a.ResolvedBy(), minutesOf(a.ResolvedAt()), a.Note())
		if got != st.want {
			t.Errorf("step %d (%s): %s\n want %s", i+1, st.act.Kind, got, st.want)
		}
	}
	// Resolving a new alert at once records who took it too; it is then closed and not overdue.
	s.Observe(detractor("2", 2, day0, "Billing", "Ana"), time.Time{})
	s.Act(Action{Kind: ActResolve, Alert: "r:2", By: "liam", At: at(1), Note: "no answer"}, time.Time{})
	b, _ := s.Get("r:2")
	if b.AckBy() != "liam" || b.Open() || b.Overdue(day0.Add(48*time.Hour)) {
		t.Errorf("resolved at once: %+v", b)
	}
	if !a.Overdue(day0.Add(25*time.Hour)) || a.Overdue(day0.Add(23*time.Hour)) {
		t.Error("the follow-up deadline is not 24 hours")
	}
	for _, bad := range []Action{{Kind: ActAssign, Alert: "r:1", By: "x", At: day0}, {Kind: "frobnicate", Alert: "r:1", By: "x", At: day0}, {Kind: ActResolve, By: "x", At: day0}} {
		if bad.Check() == nil {
			t.Errorf("%+v passes its check", bad)
		}
	}
}

func minutesOf(t time.Time) int {
	if t.IsZero() {
		return 0
	}
	return int(t.Sub(day0) / time.Minute)
}

// A dashboard may hear of an action before it has raised the alert (it started later, or its
// feed is behind): the action waits for it.
func TestAnActionWaitsForItsAlert(t *testing.T) {
	s := NewAlerts(everyDetractor())
	s.Act(Action{Kind: ActAcknowledge, Alert: "r:9", By: "maya", At: day0}, time.Time{})
	s.Observe(detractor("9", 1, day0, "Q", ""), time.Time{})
	if a, _ := s.Get("r:9"); a.State != StateAcknowledged || a.AckBy() != "maya" {
		t.Errorf("%+v", a)
	}
}

func TestStreaks(t *testing.T) {
	s := NewAlerts(everyDetractor()) // 3 in a row within 1h
	at := func(min int) time.Time { return day0.Add(time.Duration(min) * time.Minute) }
	feed := func(specs ...string) (ids []string) {
		for _, sp := range specs {
			var id string
			var score, min int
			fmt.Sscanf(sp, "%s %d %d", &id, &score, &min)
			for _, ev := range s.Observe(&Response{ID: id, Time: at(min), Score: int8(score), Queue: "Q", Agent: "Ana"}, time.Time{}) {
				if ev.Raised.Rule == RuleStreak {
					ids = append(ids, ev.Raised.ID+" "+ev.Raised.Why())
				}
			}
		}
		return ids
	}
	if got := feed("a 2 0", "b 5 10", "c 9 20", "d 3 30", "e 4 40"); len(got) != 0 {
		t.Errorf("a promoter breaks the run: %v", got)
	}
	if got := feed("f 1 50"); fmt.Sprint(got) != "[s:d Ana in Q: 3 detractors in a row within 20m]" {
		t.Errorf("d, e, f: %v", got)
	}
	if got := feed("g 2 55"); len(got) != 0 {
		t.Errorf("a fourth in the same run raised another: %v", got)
	}
	if got := feed("h 9 60", "i 2 100", "j 2 140", "k 2 210"); len(got) != 0 {
		t.Errorf("three spread over more than an hour: %v", got)
	}
}

// counts adds, to a queue, responses of the given classes spread over the minutes (from, to].
func counts(a *Aggregator, queue string, from, to time.Time, p, pa, d int) {
	n, i := p+pa+d, 0
	add := func(k, score int) {
		for range k {
			t := from.Add(time.Duration(i+1) * to.Sub(from) / time.Duration(n+1))
			r := Response{ID: fmt.Sprint(queue, t.UnixNano(), i), Time: t, Score: int8(score), Queue: queue}
			a.Add(&r)
			i++
		}
	}
	add(p, 10)
	add(pa, 7)
	add(d, 2)
}

// The thresholds were worked out apart: 30/40/30 has NPS 0 and 95 % interval [-14.923,
// +14.923]; 33/40/27 has NPS +6 and [-9.055, +20.706].
func TestBelowTargetOnlyWhenTheWholeIntervalIs(t *testing.T) {
	now := day0.Add(10 * time.Hour)
	cases := []struct {
		name      string
		p, pa, d  int
		target    float64
		wantAlert bool
	}{
		{"NPS 0, interval up to +14.92, target +15", 30, 40, 30, 15, true},
		{"NPS 0, interval up to +14.92, target +14.9: within noise", 30, 40, 30, 14.9, false},
		{"NPS +6 below +20, but the interval reaches +20.7: not significant", 33, 40, 27, 20, false},
		{"NPS +6 against a target of +21", 33, 40, 27, 21, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			agg := NewAggregator(Retention{})
			counts(agg, "Billing", now.Add(-time.Hour), now, c.p, c.pa, c.d)
			rules := windowRules()
			rules.Targets = map[string]float64{"Billing": c.target}
			rules.SpikeMinRecent = 1 << 30 // only this rule
			s := NewAlerts(rules)
			events := s.Judge(agg, now)
			if got := len(events) == 1 && events[0].Raised.Rule == RuleBelowTarget; got != c.wantAlert {
				t.Fatalf("events %+v", events)
			}
			if c.wantAlert && !strings.HasPrefix(events[0].Raised.Why(), "Billing NPS ") {
				t.Errorf("why: %q", events[0].Raised.Why())
			}
		})
	}
}

// Between 8 detractors of 40 in the hour before, 6 of 12 in the last 15 minutes is a spike
// (z = 2.05), 5 of 12 is not (z = 1.52); fewer than 10 responses are too few to tell.
func TestDetractorSpikes(t *testing.T) {
	now := day0.Add(10 * time.Hour)
	cases := []struct {
		name      string
		recentD   int
		recentN   int
		wantAlert bool
	}{
		{"6 of 12 against 8 of 40", 6, 12, true},
		{"5 of 12 against 8 of 40", 5, 12, false},
		{"9 of 9: too few", 9, 9, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			agg := NewAggregator(Retention{})
			counts(agg, "Sales", now.Add(-75*time.Minute), now.Add(-15*time.Minute), 20, 12, 8)
			counts(agg, "Sales", now.Add(-15*time.Minute), now, c.recentN-c.recentD, 0, c.recentD)
			rules := windowRules()
			rules.Target = -100 // only this rule
			s := NewAlerts(rules)
			var spikes []string
			for _, e := range s.Judge(agg, now) {
				spikes = append(spikes, e.Raised.Why())
			}
			if (len(spikes) == 1) != c.wantAlert {
				t.Fatalf("alerts %v", spikes)
			}
		})
	}
}

// A queue alert is named after the first minute of its condition, so that a dashboard that
// starts later names it alike; it clears itself when the condition ends, and says why.
func TestAQueueAlertIsNamedByItsStartAndClearsItself(t *testing.T) {
	agg := NewAggregator(Retention{})
	start := day0.Add(9 * time.Hour)
	// A good hour, then from 10:00 a bad one.
	counts(agg, "Billing", start, start.Add(time.Hour), 60, 20, 20)
	counts(agg, "Billing", start.Add(time.Hour), start.Add(2*time.Hour), 10, 20, 70)
	rules := windowRules()
	rules.SpikeMinRecent = 1 << 30
	early := NewAlerts(rules)
	var ids []string
	for m := 0; m <= 120; m += 5 {
		for _, e := range early.Judge(agg, start.Add(time.Duration(m)*time.Minute+30*time.Second)) {
			ids = append(ids, e.Raised.ID)
		}
	}
	late := NewAlerts(rules)
	evs := late.Judge(agg, start.Add(2*time.Hour+30*time.Second))
	if len(ids) != 1 || len(evs) != 1 || evs[0].Raised.ID != ids[0] {
		t.Fatalf("early %v, late %v", ids, evs)
	}
	id := ids[0]
	// Good responses come back: the alert clears itself.
	counts(agg, "Billing", start.Add(2*time.Hour), start.Add(3*time.Hour), 90, 10, 0)
	evs = early.Judge(agg, start.Add(3*time.Hour+30*time.Second))
	if len(evs) != 1 || evs[0].Cleared == nil || evs[0].Cleared.Alert != id || evs[0].Cleared.Facts.NPS <= 0 {
		t.Fatalf("events %+v", evs)
	}
	a, _ := early.Get(id)
	if !strings.HasPrefix(a.Cleared(), "Billing NPS +") || !strings.HasSuffix(a.Cleared(), " in the last 1h") {
		t.Errorf("it says it cleared as %q", a.Cleared())
	}
	if a.Open() || a.ClearedAt().IsZero() {
		t.Errorf("a cleared alert is still open: %+v", a)
	}
	if len(early.Judge(agg, start.Add(3*time.Hour+40*time.Second))) != 0 {
		t.Error("judged twice in one minute")
	}
}

func TestListsCountsAndRestore(t *testing.T) {
	s := NewAlerts(everyDetractor())
	var events []AlertEvent
	for i, score := range []int{5, 1, 6, 2} {
		events = append(events, s.Observe(detractor(fmt.Sprint(i), score, day0.Add(time.Duration(i)*time.Minute), "Q", ""), time.Time{})...)
	}
	act := Action{Kind: ActAssign, Alert: "r:2", By: "maya", At: day0.Add(time.Hour), Owner: "maya"}
	s.Act(act, time.Time{})
	events = append(events, AlertEvent{Action: &act})
	ids := func(as []*Alert) (out []string) {
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	if got := fmt.Sprint(ids(s.List(FilterOpen, "maya", day0))); got != "[r:0 r:1 r:2 r:3]" {
		t.Errorf("open, due soonest first: %s", got)
	}
	if got := fmt.Sprint(ids(s.List(FilterMine, "maya", day0))); got != "[r:2]" {
		t.Errorf("mine: %s", got)
	}
	if got := fmt.Sprint(ids(s.List(FilterNew, "maya", day0))); got != "[r:0 r:1 r:3]" {
		t.Errorf("new: %s", got)
	}
	if got := len(s.List(FilterOverdue, "maya", day0.Add(25*time.Hour))); got != 4 {
		t.Errorf("%d overdue", got)
	}
	if bySev, over := s.OpenCounts(day0); bySev != [3]int{0, 2, 2} || over != 0 {
		t.Errorf("counts %v %d", bySev, over)
	}
	// The journal's events make the same alerts again.
	r := NewAlerts(everyDetractor())
	for _, e := range events {
		r.Restore(e)
	}
	if a, _ := r.Get("r:2"); a == nil || a.Owner() != "maya" || a.State != StateAcknowledged || r.Len() != 4 {
		t.Errorf("restored %+v", a)
	}
	// Closed alerts are forgotten after a day (a customer's resolved case once it can no longer
	// be reopened, a week), open ones after three.
	s.Act(Action{Kind: ActResolve, Alert: "r:0", By: "maya", At: day0, Outcome: "no_answer"}, time.Time{})
	s.Observe(&Response{ID: "anon", Time: day0, Score: 1, Queue: "Q"}, time.Time{})
	s.Act(Action{Kind: ActResolve, Alert: "r:anon", By: "maya", At: day0, Note: "called"}, time.Time{})
	s.Forget(day0.Add(23 * time.Hour))
	if s.Len() != 5 {
		t.Errorf("%d kept after 23 h", s.Len())
	}
	s.Forget(day0.Add(25 * time.Hour))
	if _, ok := s.Get("r:anon"); ok || s.Len() != 4 {
		t.Errorf("%d kept after a day", s.Len())
	}
	if bySev, _ := s.OpenCounts(day0.Add(25 * time.Hour)); bySev != [3]int{0, 1, 2} {
		t.Errorf("open counts after forgetting: %v", bySev)
	}
	s.Forget(day0.Add(73 * time.Hour))
	if _, ok := s.Get("r:0"); !ok || s.Len() != 1 {
		t.Errorf("%d kept after three days, the resolved case of a customer among them: %v", s.Len(), ok)
	}
	s.Forget(day0.Add(7*24*time.Hour + time.Minute))
	if s.Len() != 0 || len(s.List(FilterAll, "", day0)) != 0 || len(s.byCustomer) != 0 {
		t.Errorf("%d kept after a week, %d customers", s.Len(), len(s.byCustomer))
	}
}

// Two dashboards hear of two supervisors' actions in opposite orders: they agree all the same,
// and an action heard twice counts once.
func TestActionsConvergeWhateverTheirOrder(t *testing.T) {
	at := func(min int) time.Time { return day0.Add(time.Duration(min) * time.Minute) }
	acts := []Action{
		{Kind: ActAcknowledge, Alert: "r:1", By: "maya", At: at(5)},
		{Kind: ActAcknowledge, Alert: "r:1", By: "liam", At: at(6)},
		{Kind: ActResolve, Alert: "r:1", By: "liam", At: at(9), Note: "called"},
		{Kind: ActReopen, Alert: "r:1", By: "maya", At: at(12)},
	}
	var states []string
	for _, order := range [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {1, 3, 0, 2}} {
		s := NewAlerts(everyDetractor())
		s.Observe(detractor("1", 2, day0, "Q", ""), time.Time{})
		for _, i := range order {
			s.Act(acts[i], time.Time{})
		}
		if s.Act(acts[order[0]], time.Time{}) {
			t.Error("an echo counted as new")
		}
		a, _ := s.Get("r:1")
		states = append(states, fmt.Sprintf("%v %s %s %q", a.State, a.AckBy(), a.ResolvedBy(), a.Note()))
	}
	if states[0] != "acknowledged maya  \"called\"" || states[1] != states[0] || states[2] != states[0] {
		t.Errorf("states %q", states)
	}
}

// The open counts are kept as alerts change: after any mix of raising, acting, clearing,
// restoring, forgetting and time passing, they are what counting every alert gives.
func TestOpenCountsAreKeptExactly(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	rules := DefaultRules()
	rules.FollowUp = [3]time.Duration{3 * time.Hour, 2 * time.Hour, time.Hour}
	s := NewAlerts(rules)
	now := day0
	var ids []string
	kinds := []ActionKind{ActAcknowledge, ActAssign, ActResolve, ActReopen, ActReopen}
	for step := range 20000 {
		switch op := rng.IntN(100); {
		case op < 40:
			id := fmt.Sprint(step)
			s.Observe(detractor(id, rng.IntN(7), now.Add(-time.Duration(rng.IntN(120))*time.Minute), "Q", fmt.Sprint("A", rng.IntN(30))), time.Time{})
			ids = append(ids, "r:"+id)
		case op < 80 && len(ids) > 0:
			act := Action{Kind: kinds[rng.IntN(len(kinds))], Alert: ids[rng.IntN(len(ids))], By: "ana",
				At: now.Add(time.Duration(step) * time.Millisecond), Owner: "bob"}
			s.Act(act, time.Time{})
		case op < 85 && len(ids) > 0: // a queue alert's way of closing, on any alert
			s.clear(&Cleared{Alert: ids[rng.IntN(len(ids))], At: now, Why: "back to normal"})
		case op < 97:
			now = now.Add(time.Duration(rng.IntN(20)) * time.Minute)
		case op < 99:
			s.Forget(now)
		default: // a restart: everything again from the journal of events
			restored := NewAlerts(rules)
			for _, a := range s.byID {
				raised := *a
				raised.State, raised.h, raised.queued, raised.late = StateNew, nil, false, false
				restored.Restore(AlertEvent{Raised: &raised})
				for _, act := range a.Actions() {
					restored.Restore(AlertEvent{Action: &act})
				}
				if !a.ClearedAt().IsZero() {
					restored.Restore(AlertEvent{Cleared: &Cleared{Alert: a.ID, At: a.ClearedAt(), Why: a.Cleared()}})
				}
			}
			s = restored
		}
		if step%50 != 0 {
			continue
		}
		var want [3]int
		wantLate, wantSoon := 0, 0
		for _, a := range s.byID {
			if a.Open() {
				want[a.Severity]++
			}
			if a.Overdue(now) {
				wantLate++
			} else if a.Open() && !a.Due.IsZero() && !a.Due.After(now.Add(time.Hour)) {
				wantSoon++
			}
		}
		got, late := s.OpenCounts(now)
		if got != want || late != wantLate {
			t.Fatalf("step %d: counts %v, %d overdue; counting every alert: %v, %d", step, got, late, want, wantLate)
		}
		if soon := s.DueWithin(now, time.Hour); soon != wantSoon {
			t.Fatalf("step %d: %d due within the hour; counting every alert: %d", step, soon, wantSoon)
		}
	}
}

// A backfill brings the last hour in batches within one minute: the minute is judged again
// after each batch that was observed, and not again when nothing new came.
func TestAMinuteIsJudgedAgainAsItsDataComes(t *testing.T) {
	now := day0.Add(10*time.Hour + 30*time.Second)
	agg := NewAggregator(Retention{})
	rules := windowRules()
	rules.SpikeMinRecent = 1 << 30
	s := NewAlerts(rules)
	if events := s.Judge(agg, now); len(events) != 0 {
		t.Fatalf("no data, yet %+v", events)
	}
	// The hour arrives: 20 promoters, 20 passives, 60 detractors (NPS -40).
	counts(agg, "Billing", now.Truncate(time.Minute).Add(-time.Hour), now.Truncate(time.Minute), 20, 20, 60)
	if events := s.Judge(agg, now); len(events) != 0 {
		t.Fatal("judged again without anything observed")
	}
	s.Observe(&Response{ID: "late", Time: now.Add(-10 * time.Minute), Score: 9, Queue: "Billing"}, time.Time{})
	events := s.Judge(agg, now.Add(10*time.Second))
	if len(events) != 1 || events[0].Raised == nil || events[0].Raised.Rule != RuleBelowTarget {
		t.Fatalf("after the backfill, events %+v", events)
	}
	if events := s.Judge(agg, now.Add(20*time.Second)); len(events) != 0 {
		t.Errorf("raised twice: %+v", events)
	}
}

// An alert takes at most MaxActionsPerAlert actions, and one waiting for its alert as many:
// the rest are refused and counted, so that a flood of actions costs a bounded time and room.
func TestActionsOnOneAlertAreBounded(t *testing.T) {
	s := NewAlerts(everyDetractor())
	s.Observe(detractor("1", 2, day0, "Q", ""), day0)
	flood := func(alert string, n int) {
		for i := range n {
			s.Act(Action{Kind: ActAcknowledge, Alert: alert, By: fmt.Sprint("u", i), At: day0.Add(time.Duration(i) * time.Millisecond)}, day0)
		}
	}
	flood("r:1", 3*MaxActionsPerAlert)
	a, _ := s.Get("r:1")
	if len(a.Actions()) != MaxActionsPerAlert || a.AckBy() != "u0" {
		t.Errorf("%d actions kept, acknowledged by %q", len(a.Actions()), a.AckBy())
	}
	flood("r:2", 3*MaxActionsPerAlert) // not raised yet: they wait
	s.Observe(detractor("2", 2, day0, "Q", ""), day0)
	b, _ := s.Get("r:2")
	if len(b.Actions()) != MaxActionsPerAlert {
		t.Errorf("%d actions kept for an alert raised after them", len(b.Actions()))
	}
	if got := s.Excess().Actions; got != 4*MaxActionsPerAlert {
		t.Errorf("%d actions counted as refused, want %d", got, 4*MaxActionsPerAlert)
	}
	// One that belongs before the others still finds its place, and the state follows it.
	s2 := NewAlerts(everyDetractor())
	s2.Observe(detractor("1", 2, day0, "Q", ""), day0)
	s2.Act(Action{Kind: ActAcknowledge, Alert: "r:1", By: "late", At: day0.Add(time.Minute)}, day0)
	s2.Act(Action{Kind: ActAcknowledge, Alert: "r:1", By: "early", At: day0}, day0)
	if a, _ := s2.Get("r:1"); a.AckBy() != "early" {
		t.Errorf("acknowledged by %q, want the earlier", a.AckBy())
	}
}

// An action from elsewhere is checked against the receiver's clock: one stamped in 9999, or
// two hours ahead, is refused (a forged resolve would otherwise order every later action after
// it, into a year no journal can write); a few minutes of skew between clocks are not.
func TestAnActionFromTheFutureIsRefused(t *testing.T) {
	s := NewAlerts(everyDetractor())
	s.Observe(detractor("1", 2, day0, "Q", ""), day0)
	for _, at := range []time.Time{time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), day0.Add(2 * time.Hour)} {
		if s.Act(Action{Kind: ActResolve, Alert: "r:1", By: "x", At: at, Note: "forged"}, day0) {
			t.Errorf("an action stamped %v was taken at %v", at, day0)
		}
	}
	if !s.Act(Action{Kind: ActAcknowledge, Alert: "r:1", By: "ana", At: day0.Add(5 * time.Minute)}, day0) {
		t.Fatal("an action 5 minutes ahead was refused")
	}
	done, _ := s.Do(Action{Kind: ActResolve, Alert: "r:1", By: "maya", At: day0, Note: "called"})
	if a, _ := s.Get("r:1"); a.State != StateResolved || !done.At.After(day0.Add(5*time.Minute)) || done.At.After(day0.Add(6*time.Minute)) {
		t.Errorf("resolved here after it: %v at %v", a.State, done.At)
	}
	if s.Excess().Actions != 2 {
		t.Errorf("%d refused, want 2", s.Excess().Actions)
	}
}

// Actions for alerts never raised here are let go by count, oldest first, and by age on the
// clock that received them.
func TestWaitingActionsAreBounded(t *testing.T) {
	s := NewAlerts(everyDetractor())
	for i := range MaxPendingActions + 5000 {
		s.Act(Action{Kind: ActAcknowledge, Alert: fmt.Sprint("r:x", i), By: "u", At: day0.Add(50 * time.Minute)}, day0.Add(time.Duration(i)*time.Millisecond))
	}
	if s.pending.n != MaxPendingActions || s.Excess().Pending != 5000 {
		t.Fatalf("%d waiting, %d let go", s.pending.n, s.Excess().Pending)
	}
	if _, waits := s.pending.byAlert["r:x0"]; waits {
		t.Error("the first to wait was kept, a later one let go")
	}
	// Stamped 50 minutes after they came, they go 72 h after they came, not after their stamp.
	s.Forget(day0.Add(KeepOpen + 30*time.Minute))
	if s.pending.n != 0 || len(s.pending.byAlert) != 0 {
		t.Errorf("%d still waiting after three days", s.pending.n)
	}
}

// A detractor older than the horizon when it arrives (a backfill of last month) raises
// nothing: it is history, nobody's to-do. The horizon is the longest follow-up unless set.
func TestAResponseOlderThanTheHorizonRaisesNothing(t *testing.T) {
	rules := DefaultRules()
	rules.FollowUp[Low] = 30 * time.Hour
	if h := rules.HorizonOrDefault(); h != 30*time.Hour {
		t.Errorf("the horizon is %v, not the longest follow-up", h)
	}
	s := NewAlerts(rules)
	arrived := day0.Add(30 * time.Hour)
	if evs := s.Observe(detractor("edge", 1, day0, "Q", "Ana"), arrived); len(evs) != 1 {
		t.Errorf("a detractor just at the horizon raised %d alerts", len(evs))
	}
	if evs := s.Observe(detractor("old", 1, day0, "Q", "Ana"), arrived.Add(time.Second)); len(evs) != 0 {
		t.Errorf("a detractor past the horizon raised %+v", evs)
	}
	if !s.History(day0, arrived.Add(time.Second)) || s.History(day0, arrived) || s.History(day0, time.Time{}) {
		t.Error("History disagrees with Observe")
	}
	rules.Horizon = time.Hour
	s = NewAlerts(rules)
	if evs := s.Observe(detractor("set", 1, day0, "Q", "Ana"), day0.Add(61*time.Minute)); len(evs) != 0 {
		t.Errorf("a detractor past a horizon of 1h raised %+v", evs)
	}
}

// windowRules are the default rules with the queue rules of fixed windows in force instead of
// the worsening detector: below target and spike.
func windowRules() Rules {
	r := DefaultRules()
	r.QueueRules = []string{RuleBelowTarget, RuleSpike}
	return r
}

// Judged hours at once, the queue rules are judged minute by minute back to the last minute
// judged, up to MaxCatchUp: a queue below target for an hour and a half in between is raised and
// cleared; further back than MaxCatchUp, only the minute asked is judged, and nothing is.
func TestJudgingCatchesUpMinuteByMinute(t *testing.T) {
	rules := DefaultRules()
	rules.QueueRules = []string{RuleBelowTarget}
	t0 := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	for _, gap := range []time.Duration{MaxCatchUp, MaxCatchUp + time.Hour} {
		agg := NewAggregator(Tiered(time.UTC), ByQueue)
		for i := range int(gap / time.Minute) {
			at := t0.Add(time.Duration(i)*time.Minute + 30*time.Second)
			score := int8(10)
			if at.Sub(t0) >= time.Hour && at.Sub(t0) < 150*time.Minute {
				score = 0
			}
			r := Response{ID: fmt.Sprint(i), Time: at, Score: score, Queue: "Q"}
			agg.Add(&r)
		}
		agg.Advance(t0.Add(gap))
		alerts := NewAlerts(rules)
		alerts.Judge(agg, t0)
		var raised, cleared int
		for _, e := range alerts.Judge(agg, t0.Add(gap)) {
			if e.Raised != nil {
				raised++
			}
			if e.Cleared != nil {
				cleared++
			}
		}
		if within := gap <= MaxCatchUp; within && (raised != 1 || cleared != 1) || !within && raised+cleared != 0 {
			t.Errorf("judged %v later: %d raised, %d cleared", gap, raised, cleared)
		}
	}
}
