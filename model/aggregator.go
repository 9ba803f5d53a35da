package model

import (
	"slices"
	"strings"
	"time"
)

// Aggregator keeps the counts of every group in minute buckets, so that any window's figures
// can be read at any instant without keeping the responses themselves.
//
// Memory grows with groups × non-empty minutes and never with the number of responses. A live
// dashboard bounds it with a horizon: buckets older than the clock less the horizon are dropped
// (Advance), while all-time totals stay exact. An Aggregator is not safe for concurrent use.
type Aggregator struct {
	dims    uint8 // the groupings kept, a bit per Dim
	horizon int64 // minutes of buckets kept behind the clock; 0 keeps every bucket
	cutoff  int64 // buckets of minutes ≤ cutoff are gone (math.MinInt64 at first)
	newest  time.Time
	oldest  time.Time

	overall  series
	queues   map[string]*queueSeries
	teams    map[string]*series
	channels map[string]*series

	agentCount int // agents in all queues
	over       OverLimits
	renamedAt  int64 // the count of responses when one was last renamed Other
}

// queueSeries is a queue's counts, and those of the agents who answered in it and of its
// channels.
type queueSeries struct {
	series
	agents   map[string]*series
	channels map[string]*series
}

// NewAggregator makes an aggregator that keeps minute buckets for horizon behind the clock,
// or all of them when horizon is 0 (a report over a finite file). It keeps the groupings dims,
// or all of them when none is named; overall figures are always kept.
func NewAggregator(horizon time.Duration, dims ...Dim) *Aggregator {
	return &Aggregator{
		dims:     dimBits(dims),
		horizon:  int64((horizon + Resolution - 1) / Resolution),
		cutoff:   minInt64,
		queues:   make(map[string]*queueSeries),
		teams:    make(map[string]*series),
		channels: make(map[string]*series),
	}
}

const minInt64 = -1 << 63

// dimBits are the groupings dims as bits, all of them when none is named; a queue's agents and
// channels need their queue.
func dimBits(dims []Dim) uint8 {
	if len(dims) == 0 {
		return 0xff
	}
	keep := uint8(1 << Overall)
	for _, d := range dims {
		keep |= 1 << d
	}
	if keep&(1<<ByAgent|1<<ByQueueChannel) != 0 {
		keep |= 1 << ByQueue
	}
	return keep
}

// Add counts one accepted response in every group it belongs to. It does not allocate once the
// response's groups and buckets exist.
//
// Past the limits of groups (MaxQueues, MaxAgents, MaxTeams, MaxChannels), a new name is counted
// under Other, and r is renamed so: what keeps the response next (the latest responses, the
// alerts) then agrees with the figures. Each name is looked up once, and before anything counts
// it, so that every grouping agrees too.
func (a *Aggregator) Add(r *Response) {
	m, c := minuteOf(r.Time), r.Class()
	keep := m > a.cutoff
	if a.overall.total.Responses() == 0 || r.Time.After(a.newest) {
		a.newest = r.Time
	}
	if a.overall.total.Responses() == 0 || r.Time.Before(a.oldest) {
		a.oldest = r.Time
	}
	a.overall.add(m, c, keep)
	var team, channel *series
	if r.Team != "" && a.dims&(1<<ByTeam) != 0 {
		team = a.group(a.teams, &r.Team, MaxTeams, &a.over.Teams)
	}
	if r.Channel != "" && a.dims&(1<<ByChannel) != 0 {
		channel = a.group(a.channels, &r.Channel, MaxChannels, &a.over.Channels)
	}
	if a.dims&(1<<ByQueue) != 0 {
		q := a.queue(r)
		q.add(m, c, keep)
		if r.Agent != "" && a.dims&(1<<ByAgent) != 0 {
			a.agent(q, r).add(m, c, keep)
		}
		if r.Channel != "" && a.dims&(1<<ByQueueChannel) != 0 {
			a.group(q.channels, &r.Channel, MaxChannels, &a.over.Channels).add(m, c, keep)
		}
	}
	if team != nil {
		team.add(m, c, keep)
	}
	if channel != nil {
		channel.add(m, c, keep)
	}
}

// renamed counts a name of the response being added counted as Other, and the response once.
func (a *Aggregator) renamed(over *int64) {
	*over++
	if n := a.overall.total.Responses(); a.renamedAt != n { // the response's count, once added
		a.renamedAt = n
		a.over.Responses++
	}
}

// queue is the series of r's queue, made while there is room; past the limit, Other's.
func (a *Aggregator) queue(r *Response) *queueSeries {
	if q := a.queues[r.Queue]; q != nil {
		return q
	}
	if len(a.queues) >= MaxQueues && r.Queue != Other {
		a.renamed(&a.over.Queues)
		r.Queue = Other
		if q := a.queues[Other]; q != nil {
			return q
		}
	}
	q := &queueSeries{agents: make(map[string]*series), channels: make(map[string]*series)}
	a.queues[strings.Clone(r.Queue)] = q // keys are cloned: the name may point into a read buffer
	return q
}

// agent is the series of r's agent in queue q, made while there are fewer than MaxAgents in
// all; past the limit, the queue's Other.
func (a *Aggregator) agent(q *queueSeries, r *Response) *series {
	if s := q.agents[r.Agent]; s != nil {
		return s
	}
	if a.agentCount >= MaxAgents && r.Agent != Other {
		a.renamed(&a.over.Agents)
		r.Agent = Other
		if s := q.agents[Other]; s != nil {
			return s
		}
	}
	s := new(series)
	q.agents[strings.Clone(r.Agent)] = s
	a.agentCount++
	return s
}

// group is the series of *name in m, made while m holds fewer than limit; past it, a new name
// becomes Other, and is counted in over.
func (a *Aggregator) group(m map[string]*series, name *string, limit int, over *int64) *series {
	if s := m[*name]; s != nil {
		return s
	}
	if len(m) >= limit && *name != Other {
		a.renamed(over)
		*name = Other
		if s := m[Other]; s != nil {
			return s
		}
	}
	s := new(series)
	m[strings.Clone(*name)] = s
	return s
}

// Over is what was counted under Other so far.
func (a *Aggregator) Over() OverLimits { return a.over }

// Advance moves the clock to now and drops the buckets that fall out of the horizon.
// Without a horizon it does nothing.
func (a *Aggregator) Advance(now time.Time) {
	if a.horizon == 0 {
		return
	}
	cutoff := minuteOf(now) - a.horizon
	if cutoff <= a.cutoff {
		return
	}
	a.cutoff = cutoff
	a.overall.evict(cutoff)
	for _, q := range a.queues {
		q.evict(cutoff)
		for _, m := range []map[string]*series{q.agents, q.channels} {
			for _, s := range m {
				s.evict(cutoff)
			}
		}
	}
	for _, m := range []map[string]*series{a.teams, a.channels} {
		for _, s := range m {
			s.evict(cutoff)
		}
	}
}

// Covers reports whether the aggregator still has every bucket the span needs; a span reaching
// behind the horizon would be counted short.
func (a *Aggregator) Covers(sp Span) bool {
	return sp.Unbounded || minuteOf(sp.From) >= a.cutoff
}

// Newest and Oldest are the latest and earliest response times added; zero before any.
func (a *Aggregator) Newest() time.Time { return a.newest }
func (a *Aggregator) Oldest() time.Time { return a.oldest }

// Stat is the count of group g's responses in the span; zero for a group never seen.
func (a *Aggregator) Stat(g Group, sp Span) Stat {
	if s := a.series(g); s != nil {
		return s.stat(sp)
	}
	return Stat{}
}

func (a *Aggregator) series(g Group) *series {
	switch g.Dim {
	case Overall:
		return &a.overall
	case ByQueue:
		if q := a.queues[g.Queue]; q != nil {
			return &q.series
		}
	case ByAgent:
		if q := a.queues[g.Queue]; q != nil {
			return q.agents[g.Name]
		}
	case ByQueueChannel:
		if q := a.queues[g.Queue]; q != nil {
			return q.channels[g.Name]
		}
	case ByTeam:
		return a.teams[g.Name]
	case ByChannel:
		return a.channels[g.Name]
	}
	return nil
}

// Within lists the groups of dimension d (ByAgent or ByQueueChannel) inside a queue, in order.
func (a *Aggregator) Within(queue string, d Dim) []Group {
	q := a.queues[queue]
	if q == nil {
		return nil
	}
	m := q.agents
	if d == ByQueueChannel {
		m = q.channels
	}
	gs := make([]Group, 0, len(m))
	for name := range m {
		gs = append(gs, Group{Dim: d, Queue: queue, Name: name})
	}
	slices.SortFunc(gs, Group.Compare)
	return gs
}

// Trend counts group g's responses in n consecutive steps of equal length that end at to:
// element i covers (to − (n−i)·step, to − (n−i−1)·step]. Step is a whole number of minutes
// (shorter counts as one).
func (a *Aggregator) Trend(g Group, to time.Time, step time.Duration, n int) []Stat {
	n = max(n, 0)
	out := make([]Stat, n)
	s := a.series(g)
	if s == nil || n == 0 {
		return out
	}
	end := minuteOf(to)
	width := max(int64(step/Resolution), 1)
	from := end - width*int64(n)
	for i := s.search(from); i < s.n; i++ {
		b := s.at(i)
		if b.minute > end {
			break
		}
		k := (b.minute - from - 1) / width
		out[k] = out[k].Plus(b.stat())
	}
	return out
}

// Groups lists every group of dimension d seen so far, in order.
func (a *Aggregator) Groups(d Dim) []Group {
	var gs []Group
	switch d {
	case Overall:
		gs = []Group{{Dim: Overall}}
	case ByQueue:
		for q := range a.queues {
			gs = append(gs, Group{Dim: d, Queue: q})
		}
	case ByAgent, ByQueueChannel:
		for q := range a.queues {
			gs = append(gs, a.Within(q, d)...)
		}
	case ByTeam:
		for t := range a.teams {
			gs = append(gs, Group{Dim: d, Name: t})
		}
	case ByChannel:
		for c := range a.channels {
			gs = append(gs, Group{Dim: d, Name: c})
		}
	}
	slices.SortFunc(gs, Group.Compare)
	return gs
}
