package model

import (
	"math"
	"time"
)

// Backtest judges the rules over history as a live screen would have judged it as it came:
// each response arrives at its own time, and the queues are judged at every whole minute
// between. It is how rules are tuned on last month's data before they are switched on; it
// keeps no journal, and nothing it raises is anyone's to-do.
type Backtest struct {
	Alerts *Alerts
	agg    *Aggregator
	last   time.Time // the latest minute judged
	span   time.Duration
	forgot time.Time
}

// NewBacktest makes a backtest of rules.
func NewBacktest(rules Rules) *Backtest {
	// The queue rules need only the queues' figures: the minutes of the last two days, and
	// quarter-hours before (the worsening's reference of weeks sums those, not 40,000 minutes).
	// A backtest says every case the rules open, which nobody resolves as it runs: the bound of a
	// screen's inbox (MaxCases) would stop it after three days of a flood. Its caller bounds
	// what it keeps of them.
	rules.CaseLimit = math.MaxInt
	alerts := NewAlerts(rules)
	return &Backtest{Alerts: alerts, agg: NewAggregator(Tiered(time.UTC), ByQueue),
		span: max(rules.Window, rules.SpikeRecent+rules.SpikeBaseline)}
}

// Add takes the next response in the order the feed gives them, and returns what it raises,
// joins and clears, and what the quiet minutes before it did.
func (b *Backtest) Add(r *Response) []AlertEvent {
	m := r.Time.Truncate(time.Minute)
	events := b.quiet(m)
	if m.After(b.last) {
		b.agg.Advance(m) // minutes older than two days become quarter-hours
	}
	b.agg.Add(r)
	events = append(events, b.Alerts.Observe(r, time.Time{})...)
	events = append(events, b.Alerts.Judge(b.agg, r.Time)...)
	if m.After(b.last) {
		b.last = m
	}
	// The alerts keep days, not months: what was raised is in the events.
	if r.Time.Sub(b.forgot) > time.Hour {
		b.Alerts.Forget(r.Time)
		b.forgot = r.Time
	}
	return events
}

// End judges the quiet minutes after the last response, up to instant until (the wall clock:
// what has not happened yet is not judged), so that conditions the silence ends are cleared.
func (b *Backtest) End(until time.Time) []AlertEvent {
	return b.quiet(until.Truncate(time.Minute))
}

// quiet judges the minutes after the last one judged and before m, which hold no responses: a
// window slides over them. After as long as the longest window, nothing can change until the
// next response.
func (b *Backtest) quiet(m time.Time) []AlertEvent {
	if b.last.IsZero() || !m.After(b.last) {
		return nil
	}
	var events []AlertEvent
	to := m
	if q := b.last.Add(b.span + 2*time.Minute); q.Before(to) {
		to = q
	}
	for t := b.last.Add(time.Minute); t.Before(to); t = t.Add(time.Minute) {
		events = append(events, b.Alerts.Judge(b.agg, t)...)
	}
	return events
}

// ClearRaised applies a clearing to an alert as raised, kept outside any Alerts (a backtest's
// list of what it raised).
func ClearRaised(a *Alert, c *Cleared) {
	h := a.handling()
	h.clearedAt, h.clearedFacts, h.cleared = c.At, c.Facts, c.Why
}

// JoinRaised adds a customer's later response to their case as raised, kept outside any
// Alerts, with the severity (and rule) it brings when higher.
func JoinRaised(a *Alert, j *Joined) {
	h := a.handling()
	h.joined = append(h.joined, j.Response)
	if j.Severity > a.Severity {
		a.Severity, a.Rule, a.Facts = j.Severity, j.Rule, j.Facts.Ref()
	}
}
