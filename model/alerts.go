package model

import (
	"cmp"
	"container/heap"
	"slices"
	"strconv"
	"strings"
	"time"
)

// AlertEvent is a change to the alerts, as a state journal keeps it and a relay shares it:
// an alert raised, a queue alert cleared by itself, or an action.
type AlertEvent struct {
	// Raised is the alert raised, as it was raised (a copy: the alert itself goes on changing
	// on the screen's goroutine while a recorder writes this one on its own).
	Raised  *Alert
	Cleared *Cleared
	Action  *Action
	Joined  *Joined
	// Remote says the action came from another dashboard through a relay: it is kept here,
	// not sent back.
	Remote bool
}

// Joined is a customer's later response joining their case: it raises the case's severity if
// it is higher, and reopens a resolved case.
type Joined struct {
	Alert    string
	Rule     string
	Severity Severity
	Facts    Facts
	Response *Response
}

// IsCase says a rule opens cases for customers (one per customer), rather than alerts on a
// queue or an agent.
func IsCase(rule string) bool {
	return rule == RuleVIP || rule == RuleKeyword || rule == RuleDetractor || rule == RulePromoter
}

// MaxCases bounds the cases and streaks a screen holds at once, open or lately closed, unless
// its Rules say otherwise (CaseLimit): about
// three times what the three days of KeepOpen bring on a floor of 2,000 agents, and 30 MB or
// so of memory. Past it a response opens no case (it still counts in every figure and list,
// and is counted in Excess.Cases), so that a flood of made-up customers, or a file of a
// million answers of one day, cannot take a small computer's memory, and the floor is told
// that it has more to call back than an inbox can hold. Queue alerts are not bounded by it.
const MaxCases = 50_000

// MaxJoined bounds the responses that join one case: a customer who answers a hundred times
// still counts in every figure, but their case holds the first hundred.
const MaxJoined = 100

// Cleared says a queue alert's condition ended, and how the queue stood then.
type Cleared struct {
	Alert string
	At    time.Time
	Facts Facts
	Why   string // the words of an older journal, which kept words, not facts
}

// Alerts keeps the alerts of a dashboard: it raises them from responses and from the figures
// of queues, applies actions to them, and forgets old closed ones.
//
// Alerts are named by what raised them, so that every dashboard that sees the same responses
// names them alike, and actions shared through a relay find their alert: a detractor's by its
// response id, a streak's by the response that began it, a queue's by its rule, its queue and
// the minute its condition began (queue rules are judged at whole minutes, on minutes that are
// over).
type Alerts struct {
	Rules     Rules
	horizon   time.Duration
	responses responseRules
	queue     []QueueRule
	worse     *detector // the worsening detector, in queue when it is in force; Knowable asks it either way
	byID      map[string]*Alert
	pending   pending // actions for alerts this dashboard has not raised (yet)
	streaks   map[agentKey]*run
	// byCustomer is each customer's latest case, open or resolved within ReopenWithin.
	byCustomer map[string]*Alert
	active     map[string]*Alert // queue rule and queue → its alert while the condition holds
	judged     time.Time         // the last minute the queue rules were judged at
	// unjudged says responses came since: a backfill brings the last hour a batch at a time,
	// and its minutes are judged again as it fills them.
	unjudged bool
	open     openTally
	order    [2][]*Alert // the queues' alerts, then the others: each by urgency (List)
	names    names
	// held is the cases and streaks in byID, which CaseBound bounds.
	held int
	// facts holds one copy of each detractor's facts (a keyword, a VIP) for the cases to
	// share: they are most cases' facts, and a few kinds only (see ref).
	facts  map[Facts]*Facts
	excess Excess
}

// CaseBound is how many cases and streaks the alerts hold at most.
func (s *Alerts) CaseBound() int { return cmp.Or(s.Rules.CaseLimit, MaxCases) }

// refused says an alert of rule is not raised, and counts it, because the alerts hold their
// bound of cases and streaks already.
func (s *Alerts) refused(rule string) bool {
	if IsQueueRule(rule) || s.held < s.CaseBound() {
		return false
	}
	s.excess.Cases++
	return true
}

// maxSharedFacts bounds the facts the cases share: past it (a config of thousands of
// keywords) a case has its own.
const maxSharedFacts = 4096

// ref is f as a case holds it: nil when it says nothing, shared when it is only a keyword or
// a VIP (facts are never written through, only replaced).
func (s *Alerts) ref(f Facts) *Facts {
	if f != (Facts{Keyword: f.Keyword, VIP: f.VIP}) {
		return f.Ref()
	}
	if f == (Facts{}) {
		return nil
	}
	p := s.facts[f]
	if p == nil {
		if p = f.Ref(); len(s.facts) < maxSharedFacts {
			s.facts[f] = p
		}
	}
	return p
}

// Bounds of what the alerts take from elsewhere (a relay, a journal): an action may be stamped
// at most MaxActionSkew after the receiver's clock (clocks differ by seconds; a forged one by
// centuries), an alert holds at most MaxActionsPerAlert actions, and at most MaxPendingActions
// wait, for KeepOpen at most, for alerts not raised here (yet).
const (
	MaxActionSkew      = time.Hour
	MaxActionsPerAlert = 1000
	MaxPendingActions  = 100_000
)

// Excess counts what the alerts refused or let go to keep within their bounds.
type Excess struct {
	// Actions refused: malformed, outside the range of instants, stamped too far ahead of the
	// clock, or on an alert that holds MaxActionsPerAlert already.
	Actions int64
	// Pending actions let go: too many waited, or for too long, for their alert.
	Pending int64
	// Joined: responses that found their customer's case full (MaxJoined).
	Joined int64
	// Cases: responses that would have opened a case or a streak while the alerts held
	// their bound of them (CaseBound).
	Cases int64
}

// Excess is what was refused or let go so far.
func (s *Alerts) Excess() Excess { return s.excess }

// activeKey names a queue rule's condition on a queue, which has one alert while it holds.
func activeKey(rule, queue string) string { return rule + "/" + queue }

// run is an agent's latest detractors in a row.
type run struct {
	first string // the id of the first
	start time.Time
	n     int
	fired bool
}

// Retention of alerts in memory, after they were raised: a screen that runs for weeks holds
// a few days of them, whatever the volume. (The state journal keeps every one, for the
// export.) An open alert is long overdue after three days; the follow-up is 24 h by default.
const (
	KeepClosed = 24 * time.Hour
	KeepOpen   = 72 * time.Hour
)

// NewAlerts makes an empty set of alerts under rules.
func NewAlerts(rules Rules) *Alerts {
	rules.ReopenWithin = min(rules.ReopenWithin, MaxReopenWithin)
	if rules.Worsening == (Detector{}) {
		rules.Worsening = DefaultDetector
	}
	worse := newDetector(rules.Worsening)
	return &Alerts{Rules: rules, horizon: rules.HorizonOrDefault(), responses: rules.responseRules(), queue: rules.queueRules(worse),
		worse: worse, byID: map[string]*Alert{},
		pending: pending{byAlert: map[string]*waiting{}}, byCustomer: map[string]*Alert{},
		streaks: map[agentKey]*run{}, active: map[string]*Alert{}, names: names{}, facts: map[Facts]*Facts{}}
}

// Get finds an alert by id.
func (s *Alerts) Get(id string) (*Alert, bool) {
	a, ok := s.byID[id]
	return a, ok
}

// Len is the number of alerts kept.
func (s *Alerts) Len() int { return len(s.byID) }

// raise adds an alert, applies the actions that waited for it, and reports it; an alert
// already known is not raised again.
func (s *Alerts) raise(a *Alert) []AlertEvent {
	if _, ok := s.byID[a.ID]; ok {
		return nil
	}
	if s.refused(a.Rule) {
		return nil
	}
	if !IsQueueRule(a.Rule) {
		s.held++
	}
	if a.Due.IsZero() { // restored alerts keep the deadline they were raised with
		a.Due = a.RaisedAt.Add(s.Rules.FollowUp[a.Severity])
	}
	s.byID[a.ID] = a
	if IsQueueRule(a.Rule) {
		s.active[activeKey(a.Rule, a.Queue)] = a // until its condition ends
	}
	if IsCase(a.Rule) && a.Response != nil && a.Response.Customer != "" {
		s.byCustomer[a.Response.Customer] = a
	}
	raised := *a
	events := []AlertEvent{{Raised: &raised}}
	for _, act := range s.pending.take(a.ID) {
		a.act(act)
	}
	s.open.changed(a, false)
	s.place(a)
	return events
}

// CaseOf is the case a response opened or joined, if it did.
func (s *Alerts) CaseOf(r *Response) (*Alert, bool) {
	if a, ok := s.byID[ResponseAlertID(r.ID)]; ok {
		return a, true
	}
	if c := s.byCustomer[r.Customer]; r.Customer != "" && c != nil {
		for _, j := range c.Joined() {
			if j.ID == r.ID {
				return c, true
			}
		}
	}
	return nil, false
}

// History says whether instant t was already past the horizon at instant arrived: a response
// of then raises no alert, and no queue is judged at then (that is a backtest's work).
func (s *Alerts) History(t, arrived time.Time) bool {
	return !arrived.IsZero() && arrived.Sub(t) > s.horizon
}

// Opens says the response rules open a case for r: a detractor of theirs (high ones only,
// by default), or a promoter when they thank promoters.
func (s *Alerts) Opens(r *Response) bool {
	_, _, _, opens := s.responses.match(r)
	return opens
}

// Observe raises the alerts of one response that arrived at instant arrived: the case it
// opens (or joins: one case a customer), and its agent's streak when it makes one. A response
// older than the rules' horizon when it arrived (last month's file, a backfill) is history and
// raises none. A zero arrived sets no such bound.
func (s *Alerts) Observe(r *Response, arrived time.Time) []AlertEvent {
	if s.History(r.Time, arrived) {
		return nil
	}
	if !r.Time.After(s.judged) {
		s.unjudged = true // a minute already judged has changed (a backfill)
	}
	detractor := r.Class() == Detractor
	// Only a response some rule can take may have been seen, and before its rule is matched (a
	// keyword is looked for in a lowercased copy of the comment).
	if detractor || r.Class() == Promoter && s.responses.promoters {
		if _, seen := s.byID[ResponseAlertID(r.ID)]; seen {
			return nil // a response seen before: it counts once, in streaks too
		}
	}
	var events []AlertEvent
	if r.Agent != "" {
		events = s.streak(r, detractor)
	}
	rule, sev, facts, opens := s.responses.match(r)
	if rule == "" {
		return events
	}
	if c := s.byCustomer[r.Customer]; r.Customer != "" && c != nil && s.joinable(c, r) {
		keep := s.names.own(r, false)
		j := &Joined{Alert: c.ID, Rule: rule, Severity: sev, Facts: facts, Response: &keep}
		if s.join(c, j) {
			events = append(events, AlertEvent{Joined: j})
		}
		return events
	}
	if !opens || s.refused(rule) { // refused before the response is copied for the case
		return events
	}
	keep := s.names.own(r, false)
	return append(events, s.raise(&Alert{ID: ResponseAlertID(r.ID), Rule: rule, Severity: sev, Queue: keep.Queue,
		Agent: keep.Agent, Response: &keep, Facts: s.ref(facts), RaisedAt: r.Time})...)
}

// joinable says a customer's later response belongs to their case: it is open, or was
// resolved less than ReopenWithin before the response.
func (s *Alerts) joinable(c *Alert, r *Response) bool {
	if c.Open() {
		return true
	}
	return c.State == StateResolved && c.handled().clearedAt.IsZero() && r.Time.Sub(c.ResolvedAt()) <= s.Rules.ReopenWithin
}

// join adds a response to its customer's case, and says whether it was new there. A case takes
// the severity (and the rule and facts that gave it) of its most severe response; a detractor
// that comes after the case was resolved reopens it, as an action of its own in the case's
// history, so that dashboards hearing of the resolution before or after agree.
func (s *Alerts) join(c *Alert, j *Joined) bool {
	h := c.handling()
	if c.Response != nil && c.Response.ID == j.Response.ID {
		return false
	}
	for _, o := range h.joined {
		if o.ID == j.Response.ID {
			return false
		}
	}
	if len(h.joined) >= MaxJoined {
		s.excess.Joined++
		return false
	}
	was := c.Open()
	h.joined = append(h.joined, j.Response)
	if j.Response.Class() == Detractor {
		c.act(Action{Kind: actJoin, Alert: c.ID, At: j.Response.Time, Note: j.Response.ID, within: s.Rules.ReopenWithin})
	}
	if j.Severity > c.Severity {
		if was { // out of the counts under its old severity; counted again under the new below
			s.open.close(c)
			was = false
		}
		s.unplace(c)
		c.Severity, c.Rule, c.Facts = j.Severity, j.Rule, s.ref(j.Facts)
		s.place(c)
	}
	s.open.changed(c, was)
	return true
}

func (s *Alerts) streak(r *Response, detractor bool) []AlertEvent {
	k := agentKey{r.Queue, r.Agent}
	st := s.streaks[k]
	if !detractor {
		delete(s.streaks, k)
		return nil
	}
	if st == nil || r.Time.Sub(st.start) > s.Rules.StreakWithin {
		st = &run{first: strings.Clone(r.ID), start: r.Time}
		if _, ok := s.streaks[k]; !ok { // a new key: its strings must not point into a read buffer
			k = agentKey{s.names.intern(r.Queue), s.names.intern(r.Agent)}
		}
		s.streaks[k] = st
	}
	st.n++
	if st.n < s.Rules.StreakCount || st.fired || s.Rules.StreakCount <= 0 {
		return nil
	}
	st.fired = true
	keep := s.names.own(r, false)
	return s.raise(&Alert{ID: "s:" + st.first, Rule: RuleStreak, Severity: s.Rules.StreakSeverity, Queue: keep.Queue, Agent: keep.Agent,
		Response: &keep, Facts: &Facts{Count: st.n, Span: r.Time.Sub(st.start)}, RaisedAt: r.Time})
}

// Judge applies the queue rules at the last whole minute before now: it raises the alerts of
// conditions that began and clears those of conditions that ended. It judges a minute again
// only if responses were observed since.
func (s *Alerts) Judge(agg *Aggregator, now time.Time) []AlertEvent {
	at := now.Truncate(time.Minute)
	if at.Before(s.judged) || at.Equal(s.judged) && !s.unjudged {
		return nil
	}
	// The minutes since the last one judged, each in turn, as a screen that judges every minute
	// does: one that gets hours at once (catching up after a stall, a fast replay) raises and
	// clears the same alerts, named alike. Further back than MaxCatchUp, only the minute at.
	from := at
	if !s.judged.IsZero() && at.After(s.judged) && at.Sub(s.judged) <= MaxCatchUp {
		from = s.judged.Add(time.Minute)
	}
	s.judged, s.unjudged = at, false
	var events []AlertEvent
	for t := from; !t.After(at); t = t.Add(time.Minute) {
		events = s.judgeAt(agg, t, events)
	}
	return events
}

// MaxCatchUp is how far back Judge judges the minutes it was not asked about: an afternoon's
// outage, some 240 judgements a queue.
const MaxCatchUp = 4 * time.Hour

// judgeAt judges the queue rules at minute at, appending what they raise and clear to events.
func (s *Alerts) judgeAt(agg *Aggregator, at time.Time, events []AlertEvent) []AlertEvent {
	for _, g := range agg.Groups(ByQueue) {
		q := g.Queue
		for _, rule := range s.queue {
			holds, facts := rule.Judge(agg, q, at)
			a := s.active[activeKey(rule.Name(), q)]
			switch {
			case holds && a == nil:
				start, facts := began(rule, agg, q, at, facts)
				id := rule.Name() + ":" + q + ":" + strconv.FormatInt(start.Unix(), 10)
				events = append(events, s.raise(&Alert{ID: id, Rule: rule.Name(), Severity: rule.Severity(), Queue: q, Facts: facts.Ref(),
					RaisedAt: start})...)
			case !holds && a != nil:
				events = append(events, s.clear(&Cleared{Alert: a.ID, At: at, Facts: facts})...)
			}
		}
	}
	return events
}

// began is the first minute of the run of minutes, up to at, in which a condition held (the
// facts stay those of at), or the change point of a rule that knows it: the same on every
// dashboard that has the same responses, whenever it started looking. (Before the data, or behind the buckets kept, no condition holds: the
// search stops there.)
func began(rule QueueRule, agg *Aggregator, q string, at time.Time, facts Facts) (time.Time, Facts) {
	if r, ok := rule.(changePoint); ok {
		return r.Began(at, facts), facts
	}
	start := at
	for back := 1; back <= 24*60; back++ {
		m := at.Add(-time.Duration(back) * time.Minute)
		if ok, _ := rule.Judge(agg, q, m); !ok {
			break
		}
		start = m
	}
	return start, facts
}

func (s *Alerts) clear(c *Cleared) []AlertEvent {
	a, ok := s.byID[c.Alert]
	if !ok || !a.ClearedAt().IsZero() {
		return nil
	}
	if k := activeKey(a.Rule, a.Queue); s.active[k] == a {
		delete(s.active, k)
	}
	was := a.Open()
	h := a.handling()
	h.clearedAt, h.clearedFacts, h.cleared = c.At, c.Facts, c.Why
	s.open.changed(a, was)
	return []AlertEvent{{Cleared: c}}
}

// Act applies an action received at instant now, and reports whether it was new: not an echo
// of one already applied, nor refused (see Excess). An action for an alert not raised here yet
// waits for it: dashboards that started at different times raise the same alerts at different
// moments. A zero now (a journal's replay) bounds nothing by the clock.
func (s *Alerts) Act(act Action, now time.Time) bool {
	if act.Check() != nil || !now.IsZero() && act.At.Sub(now) > MaxActionSkew {
		s.excess.Actions++
		return false
	}
	if a, ok := s.byID[act.Alert]; ok {
		was := a.Open()
		done := a.act(act)
		s.open.changed(a, was)
		if done == actRefused {
			s.excess.Actions++
		}
		return done == actDone
	}
	since := now
	if since.IsZero() {
		since = act.At
	}
	done, dropped := s.pending.add(act, since)
	s.excess.Pending += int64(dropped)
	if done == actRefused {
		s.excess.Actions++
	}
	return done == actDone
}

// Do applies an action taken here, stamped after the alert's last action: actions are
// replayed in the order of their times, and what is done after seeing an action comes after
// it, whatever the clocks of the dashboards say. It returns the action as applied, and
// whether it changed anything.
func (s *Alerts) Do(act Action) (Action, bool) {
	if a, ok := s.byID[act.Alert]; ok {
		if acts := a.Actions(); len(acts) > 0 && !act.At.After(acts[len(acts)-1].At) {
			act.At = acts[len(acts)-1].At.Add(time.Millisecond)
		}
	}
	return act, s.Act(act, act.At)
}

// Restore replays an event of a state journal.
func (s *Alerts) Restore(ev AlertEvent) {
	switch {
	case ev.Raised != nil:
		a := *ev.Raised
		a.h, a.queued, a.late = nil, false, false // as raised: what was done comes by its own events
		s.raise(&a)
	case ev.Cleared != nil:
		s.clear(ev.Cleared)
	case ev.Action != nil:
		s.Act(*ev.Action, time.Time{})
	case ev.Joined != nil:
		if c, ok := s.byID[ev.Joined.Alert]; ok && ev.Joined.Response != nil {
			keep := s.names.own(ev.Joined.Response, false)
			j := *ev.Joined
			j.Response = &keep
			s.join(c, &j)
		}
	}
}

// Forget drops the alerts closed more than KeepClosed ago (a customer's resolved case, once
// ReopenWithin is over too) and those open whose last news is more than KeepOpen old, and
// actions that waited that long for their alert (by the clock that received them).
func (s *Alerts) Forget(now time.Time) {
	// The heap of deadlines lets go of what is due, or it would hold every alert ever raised
	// when nobody asks for the counts (a headless use).
	s.OpenCounts(now)
	gone := false
	for id, a := range s.byID {
		if s.forgettable(a, now) {
			delete(s.byID, id)
			if !IsQueueRule(a.Rule) {
				s.held--
			}
			if r := a.Response; r != nil && s.byCustomer[r.Customer] == a {
				delete(s.byCustomer, r.Customer)
			}
			s.open.forget(a)
			gone = true
		}
	}
	if gone {
		for b := range s.order {
			s.order[b] = slices.DeleteFunc(s.order[b], func(a *Alert) bool { return s.byID[a.ID] != a })
		}
	}
	s.excess.Pending += int64(s.pending.expire(now.Add(-KeepOpen)))
}

// latestOf is the latest of instants.
func latestOf(ts ...time.Time) time.Time {
	var l time.Time
	for _, t := range ts {
		if t.After(l) {
			l = t
		}
	}
	return l
}

// forgettable says an alert is done with at instant now.
func (s *Alerts) forgettable(a *Alert, now time.Time) bool {
	last := a.RaisedAt
	if j := a.Joined(); len(j) > 0 && j[len(j)-1].Time.After(last) {
		last = j[len(j)-1].Time
	}
	if a.Open() {
		return now.Sub(last) > KeepOpen
	}
	closed := latestOf(last, a.ResolvedAt(), a.ClearedAt())
	keep := KeepClosed
	if a.Response != nil && a.Response.Customer != "" && a.State == StateResolved {
		keep = max(keep, s.Rules.ReopenWithin)
	}
	return now.Sub(closed) > keep
}

// AlertFilter chooses alerts for a list.
type AlertFilter uint8

const (
	FilterOpen    AlertFilter = iota // new or acknowledged, not cleared
	FilterNew                        // nobody has taken them
	FilterMine                       // owned or acknowledged by the user, still open
	FilterOverdue                    // open past their follow-up deadline
	FilterAll
)

var filterNames = [...]string{"open", "new", "mine", "overdue", "all"}

func (f AlertFilter) String() string { return filterNames[f] }

// List is the alerts a filter keeps, as a floor works them: the queues' alerts first, then the
// cases (and agents' streaks) by urgency — the most overdue first, then due soonest, the more
// severe, a VIP first among equals. It goes through the alerts in that order, kept as they
// change: no sorting.
func (s *Alerts) List(f AlertFilter, user string, now time.Time) []*Alert {
	return s.AppendList(nil, f, user, now)
}

// AppendList appends the list to out: a screen that lists often reuses its slice.
func (s *Alerts) AppendList(out []*Alert, f AlertFilter, user string, now time.Time) []*Alert {
	for _, band := range s.order {
		for _, a := range band {
			keep := false
			switch f {
			case FilterOpen:
				keep = a.Open()
			case FilterNew:
				keep = a.Open() && a.State == StateNew
			case FilterMine:
				keep = a.Open() && a.Taker() == user
			case FilterOverdue:
				keep = a.Overdue(now)
			case FilterAll:
				keep = true
			}
			if keep {
				out = append(out, a)
			}
		}
	}
	return out
}

// IsQueueRule says a rule judges a queue's figures: its alerts are the floor's, above the cases.
func IsQueueRule(rule string) bool {
	return rule == RuleBelowTarget || rule == RuleSpike || rule == RuleWorsening
}

// band is where an alert is listed: 0 for a queue's, 1 for the others.
func band(a *Alert) int {
	if IsQueueRule(a.Rule) {
		return 0
	}
	return 1
}

// urgency orders alerts of a band: due soonest first (the most overdue, then those due next;
// none due last), then the more severe, a VIP first, the oldest, and by id.
func urgency(x, y *Alert) int {
	if xz, yz := x.Due.IsZero(), y.Due.IsZero(); xz != yz {
		if xz {
			return 1
		}
		return -1
	}
	return cmp.Or(x.Due.Compare(y.Due), cmp.Compare(y.Severity, x.Severity), cmp.Compare(y.isVIP(), x.isVIP()),
		x.RaisedAt.Compare(y.RaisedAt), strings.Compare(x.ID, y.ID))
}

// place puts an alert in its band's order. Alerts come mostly in time order: most go at the end.
func (s *Alerts) place(a *Alert) {
	b := band(a)
	o := s.order[b]
	i := len(o)
	if i > 0 && urgency(a, o[i-1]) < 0 {
		i, _ = slices.BinarySearchFunc(o, a, urgency)
	}
	s.order[b] = slices.Insert(o, i, a)
}

// unplace takes an alert out of its band's order, before what orders it changes.
func (s *Alerts) unplace(a *Alert) {
	b := band(a)
	if i, found := slices.BinarySearchFunc(s.order[b], a, urgency); found && s.order[b][i] == a {
		s.order[b] = slices.Delete(s.order[b], i, i+1)
	}
}

// OpenCounts counts the open alerts by severity, and those overdue. The counts are kept as
// alerts change, so that a screen can ask at every frame. Time is taken to go forward: an
// alert counted overdue stays so until it is closed.
func (s *Alerts) OpenCounts(now time.Time) (bySeverity [3]int, overdue int) {
	t := &s.open
	for len(t.dues) > 0 && now.After(t.dues[0].Due) {
		a := heap.Pop(&t.dues).(*Alert)
		a.queued = false
		if s.byID[a.ID] == a && a.Open() && !a.late {
			a.late = true
			t.overdue++
		}
	}
	return t.open, t.overdue
}

// DueWithin counts the open alerts not yet overdue whose deadline comes within d of now: what
// the floor must do next. It looks at each waiting deadline: a wall asks once a second.
func (s *Alerts) DueWithin(now time.Time, d time.Duration) int {
	s.OpenCounts(now) // those now overdue leave the heap
	n := 0
	for _, a := range s.open.dues {
		if s.byID[a.ID] == a && a.Open() && !a.late && !a.Due.After(now.Add(d)) {
			n++
		}
	}
	return n
}

// OpenKinds counts the open alerts by what a floor does about them: customers to call back,
// queues going bad, agents with detractors in a row.
type OpenKinds struct{ Cases, Queues, Streaks int }

// OpenByKind is the open alerts by kind, kept as alerts change.
func (s *Alerts) OpenByKind() OpenKinds { return s.open.kinds }

// openTally keeps the number of open alerts by severity and by kind, and of those overdue; the
// alerts open and not yet overdue wait in a heap by deadline.
type openTally struct {
	open    [3]int
	kinds   OpenKinds
	overdue int
	dues    dueHeap
}

// kind is the count of an alert's kind.
func (t *openTally) kind(a *Alert) *int {
	switch {
	case IsQueueRule(a.Rule):
		return &t.kinds.Queues
	case a.Rule == RuleStreak:
		return &t.kinds.Streaks
	}
	return &t.kinds.Cases
}

// changed accounts for an alert that was open or not before a change.
func (t *openTally) changed(a *Alert, was bool) {
	switch is := a.Open(); {
	case was && !is:
		t.close(a)
	case !was && is:
		t.open[a.Severity]++
		*t.kind(a)++
		if !a.queued && !a.Due.IsZero() {
			a.queued = true
			heap.Push(&t.dues, a)
		}
	}
}

// forget accounts for an alert dropped. If it waits in the heap, it is skipped there later.
func (t *openTally) forget(a *Alert) {
	if a.Open() {
		t.close(a)
	}
}

// close takes an open alert out of the counts.
func (t *openTally) close(a *Alert) {
	t.open[a.Severity]--
	*t.kind(a)--
	if a.late {
		a.late = false
		t.overdue--
	}
}

type dueHeap []*Alert

func (h dueHeap) Len() int           { return len(h) }
func (h dueHeap) Less(i, j int) bool { return h[i].Due.Before(h[j].Due) }
func (h dueHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)        { *h = append(*h, x.(*Alert)) }
func (h *dueHeap) Pop() any {
	old := *h
	a := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return a
}
