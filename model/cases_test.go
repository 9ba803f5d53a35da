package model

import (
	"fmt"
	"testing"
	"time"
)

func customerSays(id, customer string, score int, at time.Time) *Response {
	return &Response{ID: id, Time: at, Score: int8(score), Queue: "Billing", Agent: "Ana", Customer: customer}
}

// One open case a customer: a second detractor joins it and raises its severity (and its rule,
// and what the case says) when higher; a customer without an id has a case per response.
func TestOneCasePerCustomer(t *testing.T) {
	rules := everyDetractor()
	rules.Keywords = []string{"refund"}
	s := NewAlerts(rules)
	evs := s.Observe(customerSays("1", "C-7", 6, day0), time.Time{})
	if len(evs) != 1 || evs[0].Raised == nil || evs[0].Raised.Severity != Medium {
		t.Fatalf("the first detractor: %+v", evs)
	}
	second := customerSays("2", "C-7", 5, day0.Add(time.Hour))
	second.Comment = "I want a refund"
	evs = s.Observe(second, time.Time{})
	if len(evs) != 1 || evs[0].Joined == nil || evs[0].Joined.Alert != "r:1" || evs[0].Joined.Response.ID != "2" {
		t.Fatalf("the second detractor of the customer: %+v", evs)
	}
	c, _ := s.Get("r:1")
	if s.Len() != 1 || c.Severity != High || c.Rule != RuleKeyword || len(c.Joined()) != 1 || c.Why() != "scored 6 in Billing, with Ana; the comment says refund" {
		t.Errorf("the case: %d cases, %v %s %d joined, %q", s.Len(), c.Severity, c.Rule, len(c.Joined()), c.Why())
	}
	if bySev, _ := s.OpenCounts(day0); bySev != [3]int{0, 0, 1} {
		t.Errorf("open counts %v: the case moved from medium to high", bySev)
	}
	// A lower one joins and changes nothing; the same response again is not joined twice.
	s.Observe(customerSays("3", "C-7", 6, day0.Add(2*time.Hour)), time.Time{})
	if evs := s.Observe(customerSays("3", "C-7", 6, day0.Add(2*time.Hour)), time.Time{}); len(evs) != 0 || len(c.Joined()) != 2 || c.Severity != High {
		t.Errorf("a lower detractor, then again: %+v, %d joined, %v", evs, len(c.Joined()), c.Severity)
	}
	// Without a customer id: one case per response.
	s.Observe(&Response{ID: "a", Time: day0, Score: 2, Queue: "Billing"}, time.Time{})
	s.Observe(&Response{ID: "b", Time: day0, Score: 2, Queue: "Billing"}, time.Time{})
	if s.Len() != 3 {
		t.Errorf("%d cases, want the customer's and one per anonymous response", s.Len())
	}
	// The journal's events make the same case again.
	r := NewAlerts(rules)
	var all []AlertEvent
	s2 := NewAlerts(rules)
	for _, x := range []*Response{customerSays("1", "C-7", 6, day0), second} {
		all = append(all, s2.Observe(x, time.Time{})...)
	}
	for _, ev := range all {
		r.Restore(ev)
	}
	if rc, ok := r.Get("r:1"); !ok || rc.Severity != High || len(rc.Joined()) != 1 || r.Len() != 1 {
		t.Errorf("restored: %+v", rc)
	}
	if evs[0].Raised != nil {
		t.Error("a join raised an alert")
	}
}

// The case is named by the rule of highest priority that matches: vip, then keyword, then
// detractor; promoters open cases only when asked.
func TestTheRuleOfHighestPriorityNamesTheCase(t *testing.T) {
	rules := everyDetractor()
	rules.Keywords = []string{"cancel"}
	rules.VIPSegments = map[string]bool{"gold": true}
	rules.Promoters = true
	s := NewAlerts(rules)
	cases := []struct {
		r    Response
		rule string
		sev  Severity
	}{
		{Response{ID: "1", Score: 1, Segment: "Gold", Comment: "cancel it"}, RuleVIP, High},
		{Response{ID: "2", Score: 5, Comment: "I will CANCEL"}, RuleKeyword, High},
		{Response{ID: "3", Score: 3}, RuleDetractor, High},
		{Response{ID: "4", Score: 4}, RuleDetractor, Medium},
		{Response{ID: "5", Score: 10}, RulePromoter, Low},
		{Response{ID: "6", Score: 8}, "", 0},
	}
	for _, c := range cases {
		c.r.Time, c.r.Queue = day0, "Billing"
		evs := s.Observe(&c.r, time.Time{})
		switch {
		case c.rule == "" && len(evs) != 0:
			t.Errorf("%s: %+v", c.r.ID, evs[0])
		case c.rule != "" && (len(evs) != 1 || evs[0].Raised.Rule != c.rule || evs[0].Raised.Severity != c.sev):
			t.Errorf("%s: %+v, want %s %v", c.r.ID, evs, c.rule, c.sev)
		}
	}
}

// By default only the cases a floor must call back are opened (high: a score of 0 to 3, a VIP,
// a keyword); rules can say otherwise one by one. Those that open none are still counted.
func TestWhichDetractorsOpenCases(t *testing.T) {
	rules := DefaultRules()
	s := NewAlerts(rules)
	if evs := s.Observe(customerSays("1", "C-1", 5, day0), time.Time{}); len(evs) != 0 {
		t.Errorf("a medium detractor opened %+v by default", evs)
	}
	if evs := s.Observe(customerSays("2", "C-2", 2, day0.Add(2*time.Hour)), time.Time{}); len(evs) != 1 {
		t.Errorf("a high detractor opened %d", len(evs))
	}
	// A customer with an open case: their medium detractor joins it all the same.
	if evs := s.Observe(customerSays("3", "C-2", 5, day0.Add(4*time.Hour)), time.Time{}); len(evs) != 1 || evs[0].Joined == nil {
		t.Errorf("a medium detractor of a customer with a case: %+v", evs)
	}
	rules.Opens = map[string]bool{RuleDetractor: true, RuleVIP: false}
	rules.VIPSegments = map[string]bool{"vip": true}
	s = NewAlerts(rules)
	if evs := s.Observe(customerSays("4", "C-4", 5, day0), time.Time{}); len(evs) != 1 {
		t.Errorf("detractor opens, by its own rule: %d", len(evs))
	}
	vip := customerSays("5", "C-5", 1, day0)
	vip.Segment = "vip"
	if evs := s.Observe(vip, time.Time{}); len(evs) != 0 {
		t.Errorf("vip opens nothing, by its own rule: %+v", evs)
	}
}

// A customer's detractor within ReopenWithin of their case's resolution reopens it, whether the
// resolution is heard of before the response or after (two dashboards agree); later, it opens
// a new case.
func TestACustomerWhoComplainsAgainReopensTheirCase(t *testing.T) {
	rules := everyDetractor()
	rules.ReopenWithin = 48 * time.Hour
	resolve := Action{Kind: ActResolve, Alert: "r:1", By: "maya", At: day0.Add(time.Hour), Note: "called back"}
	again := customerSays("2", "C-7", 4, day0.Add(30*time.Hour))
	for _, order := range []string{"resolution first", "response first"} {
		s := NewAlerts(rules)
		s.Observe(customerSays("1", "C-7", 3, day0), time.Time{})
		if order == "resolution first" {
			s.Act(resolve, time.Time{})
			s.Observe(again, time.Time{})
		} else {
			s.Observe(again, time.Time{})
			s.Act(resolve, time.Time{})
		}
		c, _ := s.Get("r:1")
		if c.State != StateAcknowledged || c.ResolvedBy() != "" || !c.Open() || s.Len() != 1 {
			t.Errorf("%s: the case is %v (resolved by %q), %d cases", order, c.State, c.ResolvedBy(), s.Len())
		}
		if acts := c.Actions(); len(acts) != 2 || acts[1].Kind != "join" {
			t.Errorf("%s: its history %+v", order, acts)
		}
	}
	// Past the window: a new case, the old one stays resolved.
	s := NewAlerts(rules)
	s.Observe(customerSays("1", "C-7", 3, day0), time.Time{})
	s.Act(resolve, time.Time{})
	evs := s.Observe(customerSays("3", "C-7", 4, day0.Add(50*time.Hour)), time.Time{})
	if old, _ := s.Get("r:1"); len(evs) != 1 || evs[0].Raised == nil || evs[0].Raised.ID != "r:3" || old.State != StateResolved {
		t.Errorf("a detractor after the window: %+v; the old case %v", evs, old.State)
	}
	// A join cannot come from a relay or a journal as an action.
	if s.Act(Action{Kind: "join", Alert: "r:1", By: "eve", At: day0}, time.Time{}) || s.Excess().Actions != 1 {
		t.Error("a forged join was taken")
	}
}

// A case holds at most MaxJoined later responses: more still count, and are counted apart.
func TestACaseHoldsABoundedNumberOfResponses(t *testing.T) {
	s := NewAlerts(everyDetractor())
	for i := range MaxJoined + 6 {
		s.Observe(customerSays(fmt.Sprint(i), "C-1", 5, day0.Add(time.Duration(i)*time.Second)), time.Time{})
	}
	c, _ := s.Get("r:0")
	if len(c.Joined()) != MaxJoined || s.Excess().Joined != 5 || len(c.Actions()) != MaxJoined {
		t.Errorf("%d joined, %d let go, %d in its history", len(c.Joined()), s.Excess().Joined, len(c.Actions()))
	}
}

// The alerts hold at most the rules' CaseLimit cases and streaks: past it a detractor opens none, and is
// counted; a queue alert is still raised; once closed cases are forgotten, cases open again.
func TestTheCasesHeldAreBounded(t *testing.T) {
	rules := everyDetractor()
	rules.CaseLimit = 10
	s := NewAlerts(rules)
	for i := range 15 {
		r := customerSays(fmt.Sprint(i), fmt.Sprint("C-", i), 5, day0.Add(time.Duration(i)*time.Second))
		r.Agent = fmt.Sprint("A", i) // no streak: cases only
		s.Observe(r, time.Time{})
	}
	if s.Len() != 10 || s.Excess().Cases != 5 {
		t.Fatalf("%d cases held, %d counted past the bound; want 10 and 5", s.Len(), s.Excess().Cases)
	}
	if _, ok := s.Get("r:12"); ok {
		t.Error("a case past the bound was opened")
	}
	// A queue alert is not a case: it comes whatever the inbox holds.
	if evs := s.raise(&Alert{ID: "below_target:Billing:1", Rule: RuleBelowTarget, Queue: "Billing", RaisedAt: day0}); len(evs) != 1 {
		t.Error("a queue alert was refused by the bound of cases")
	}
	// Resolved and forgotten, the cases make room again.
	for i := range 10 {
		s.Act(Action{Kind: ActResolve, Alert: fmt.Sprint("r:", i), By: "maya", At: day0.Add(time.Minute)}, time.Time{})
	}
	s.Forget(day0.Add(time.Minute + KeepClosed + max(rules.ReopenWithin, time.Hour)))
	evs := s.Observe(customerSays("new", "C-new", 2, day0.Add(KeepOpen)), time.Time{})
	if len(evs) != 1 || evs[0].Raised == nil || s.Excess().Cases != 5 {
		t.Errorf("after the closed cases were forgotten: %+v, %d past the bound", evs, s.Excess().Cases)
	}
}
