package model

import (
	"cmp"
	"slices"
	"time"
)

// Loop is how well the loop is closed for a group of cases (a queue's, an owner's, the floor's):
// how soon someone acts and resolves, the share resolved within the follow-up deadline (the
// SLA), the backlog by age, and what came of the cases. The Net Promoter System is about this
// loop as much as about the score.
type Loop struct {
	Cases, Open, Resolved int
	// FirstAction is the time from raising to the first action (acknowledged, assigned or
	// resolved) of the cases acted on; Resolution, to their resolution. Quantiles are nearest
	// rank: the value at rank ⌈q·n⌉ of n, sorted (Hyndman & Fan 1996, definition 1).
	FirstAction, Resolution Quantiles
	// WithinSLA is the share, 0 to 1, of the cases already due or resolved that were resolved
	// by their deadline; OK false when there is none yet.
	WithinSLA struct {
		Share float64
		Of    int
		OK    bool
	}
	// Backlog is the open cases by age: under an hour, 1 to 4 h, 4 to 24 h, a day or more.
	Backlog [4]int
	// Outcomes counts the resolved cases by outcome ("" for a resolution with a note only).
	Outcomes map[string]int
}

// BacklogAges are the upper bounds of the backlog's ages but the last.
var BacklogAges = [3]time.Duration{time.Hour, 4 * time.Hour, 24 * time.Hour}

// Quantiles are the median and the 90th percentile of durations, of N of them.
type Quantiles struct {
	Median, P90 time.Duration
	N           int
}

// quantiles is the nearest-rank median and 90th percentile of ds, which it sorts.
func quantiles(ds []time.Duration) Quantiles {
	if len(ds) == 0 {
		return Quantiles{}
	}
	slices.Sort(ds)
	rank := func(q float64) time.Duration {
		i := int(q*float64(len(ds))+0.999999999) - 1 // ⌈q·n⌉, from 1
		return ds[min(max(i, 0), len(ds)-1)]
	}
	return Quantiles{Median: rank(0.5), P90: rank(0.9), N: len(ds)}
}

// LoopOf is the loop's figures of the cases (alerts of the case rules) raised in sp, at instant
// now, grouped by key (a queue, an owner; "" for all together). Cases of other rules are
// passed over.
func LoopOf(alerts []*Alert, sp Span, now time.Time, key func(*Alert) string) map[string]*Loop {
	out := map[string]*Loop{}
	first := map[string][]time.Duration{}
	resolve := map[string][]time.Duration{}
	onTime := map[string]int{}
	for _, a := range alerts {
		if !IsCase(a.Rule) || !sp.Contains(a.RaisedAt) {
			continue
		}
		k := key(a)
		l := out[k]
		if l == nil {
			l = &Loop{Outcomes: map[string]int{}}
			out[k] = l
		}
		l.Cases++
		if at, ok := firstAction(a); ok {
			first[k] = append(first[k], at.Sub(a.RaisedAt))
		}
		switch {
		case a.State == StateResolved:
			l.Resolved++
			resolve[k] = append(resolve[k], a.ResolvedAt().Sub(a.RaisedAt))
			l.Outcomes[a.Outcome()]++
			l.WithinSLA.Of++
			if a.Due.IsZero() || !a.ResolvedAt().After(a.Due) {
				onTime[k]++
			}
		case a.Open():
			l.Open++
			age, b := now.Sub(a.RaisedAt), 0
			for b < len(BacklogAges) && age >= BacklogAges[b] {
				b++
			}
			l.Backlog[b]++
			if !a.Due.IsZero() && now.After(a.Due) {
				l.WithinSLA.Of++ // due, and not resolved: late
			}
		}
	}
	for k, l := range out {
		l.FirstAction, l.Resolution = quantiles(first[k]), quantiles(resolve[k])
		if l.WithinSLA.Of > 0 {
			l.WithinSLA.Share, l.WithinSLA.OK = float64(onTime[k])/float64(l.WithinSLA.Of), true
		}
	}
	return out
}

// Loops are the loop's figures as every screen of them shows them: the floor's (zero when no
// case was raised in sp), by queue and by owner (the case's taker, "" for nobody).
type Loops struct {
	Floor          *Loop
	Queues, Owners map[string]*Loop
}

// LoopsOf is the Loops of the cases raised in sp, at instant now.
func LoopsOf(alerts []*Alert, sp Span, now time.Time) Loops {
	l := Loops{Floor: LoopOf(alerts, sp, now, func(*Alert) string { return "" })[""],
		Queues: LoopOf(alerts, sp, now, func(a *Alert) string { return a.Queue }),
		Owners: LoopOf(alerts, sp, now, func(a *Alert) string { return a.Taker() })}
	if l.Floor == nil {
		l.Floor = &Loop{Outcomes: map[string]int{}}
	}
	return l
}

// firstAction is when someone first acted on the case: its first acknowledgement, assignment or
// resolution.
func firstAction(a *Alert) (time.Time, bool) {
	for _, act := range a.Actions() {
		if act.Kind == ActAcknowledge || act.Kind == ActAssign || act.Kind == ActResolve {
			return act.At, true
		}
	}
	return time.Time{}, false
}

// ByCount are the keys of counts, the most frequent first, then by name.
func ByCount(counts map[string]int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y string) int { return cmp.Or(cmp.Compare(counts[y], counts[x]), cmp.Compare(x, y)) })
	return keys
}

// LoopKeys are a loop's groups in order: the most cases first, then by name.
func LoopKeys(loops map[string]*Loop) []string {
	keys := make([]string, 0, len(loops))
	for k := range loops {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y string) int { return cmp.Or(cmp.Compare(loops[y].Cases, loops[x].Cases), cmp.Compare(x, y)) })
	return keys
}
