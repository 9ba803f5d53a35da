package model

import (
	"math"
	"slices"
	"strings"
	"time"
	"unsafe"
)

// Aggregator keeps the counts of every group in time buckets, so that any window's figures
// can be read at any instant without keeping the responses themselves.
//
// Memory grows with groups × non-empty buckets and never with the number of responses. A
// dashboard that runs for months bounds it with a Retention: minute buckets for the last two
// days behind its clock, then quarter-hours, then local days, then only the all-time totals,
// which stay exact. An Aggregator is not safe for concurrent use.
type Aggregator struct {
	dims   uint8 // the groupings kept, a bit per Dim
	ret    Retention
	cut    [tiers]int64 // tier t keeps buckets that end after cut[t]; cut[tierMinute] is a quarter-hour, cut[tierQuarter] a local midnight
	days   dayCache
	newest time.Time
	oldest time.Time

	overall series
	queues  map[string]*queueSeries
	// recentQueues holds queues found lately, by where their name's bytes are: a reader that
	// shares one copy of each name (feed's decoders do) finds its queue here without hashing
	// the name. The name is still compared, so a name anywhere finds its own queue.
	recentQueues [16]*queueSeries
	teams        map[string]*series
	channels     map[string]*series
	sites        map[string]*siteSeries

	agentCount int // agents in all queues
	over       OverLimits
	renamedAt  int64 // the count of responses when one was last renamed Other
}

// Retention is how long an Aggregator keeps each size of bucket behind its clock: minutes, then
// quarter-hours, then the days of Loc. The zero Retention keeps every minute, forever (a report
// over a file, which may be asked about any instant).
type Retention struct {
	Minutes, Quarters, Days time.Duration
	Loc                     *time.Location
	// TotalsOnly keeps no bucket at all, only the running totals: a report over all time, up
	// to its newest response, needs nothing else, and counting a million responses into
	// buckets nobody asks about is a third of its counting. Only such spans may then be
	// asked (Covers says which): any other would count nothing.
	TotalsOnly bool
}

// Tiered is a dashboard's retention: minutes for 50 hours (today and its comparison, on the
// longest day of the year), quarter-hours for 64 days (a month or 31 days, and its comparison),
// local days for 400 days (the all-time trend). Every window a dashboard offers then has its
// edges on the edges of kept buckets: its figures are exact.
func Tiered(loc *time.Location) Retention {
	return Retention{Minutes: 50 * time.Hour, Quarters: 64 * 24 * time.Hour, Days: 400 * 24 * time.Hour, Loc: loc}
}

// keepsAll says whether the retention keeps every minute.
func (r Retention) keepsAll() bool { return r.Minutes == 0 && !r.TotalsOnly }

// queueSeries is a queue's counts, and those of the agents who answered in it and of its
// channels.
type queueSeries struct {
	series
	agents   map[string]*agentSeries
	channels map[string]*series
}

// agentSeries is an agent's counts in a queue, and the team and site of their latest answer.
type agentSeries struct {
	series
	team, site string
}

// siteSeries is a site's counts, and those of each queue's part at the site.
type siteSeries struct {
	series
	queues map[string]*series
}

// NewAggregator makes an aggregator that keeps buckets as ret says (every minute when it is
// zero). It keeps the groupings dims, or all of them when none is named; overall figures are
// always kept.
func NewAggregator(ret Retention, dims ...Dim) *Aggregator {
	if ret.Loc == nil {
		ret.Loc = time.UTC
	}
	a := &Aggregator{
		dims:     dimBits(dims),
		ret:      ret,
		queues:   make(map[string]*queueSeries),
		teams:    make(map[string]*series),
		channels: make(map[string]*series),
		sites:    make(map[string]*siteSeries),
		days:     dayCache{loc: ret.Loc},
	}
	for i := range a.cut {
		a.cut[i] = minInt64
		if ret.TotalsOnly {
			a.cut[i] = math.MaxInt64 // every response is older than every bucket kept
		}
	}
	return a
}

// place is the bucket a response of minute m goes in: its tier and the bucket's end; tier −1
// when it is older than every bucket kept (it counts in the totals only).
func (a *Aggregator) place(m int64) (tier int, end int64) {
	switch {
	case m > a.cut[tierMinute]:
		return tierMinute, m
	case m > a.cut[tierQuarter]:
		return tierQuarter, ceilDiv(m, 15) * 15
	case m > a.cut[tierDay]:
		return tierDay, a.days.end(m)
	}
	return -1, 0
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
// response's groups and buckets exist. The names of r it counts by are replaced by the
// Aggregator's own copies of them, so that whatever keeps r next shares those rather than a
// read buffer (Recent.Canonical).
//
// Past the limits of groups (MaxQueues, MaxAgents, MaxTeams, MaxChannels), a new name is counted
// under Other, and r is renamed so: what keeps the response next (the latest responses, the
// alerts) then agrees with the figures. Each name is looked up once, and before anything counts
// it, so that every grouping agrees too.
func (a *Aggregator) Add(r *Response) {
	m, c := minuteOf(r.Time), r.Class()
	tier, end := a.place(m)
	x := answersOf(r) // worked out once for the response's eight or so series
	if a.overall.total.Responses() == 0 || r.Time.After(a.newest) {
		a.newest = r.Time
	}
	if a.overall.total.Responses() == 0 || r.Time.Before(a.oldest) {
		a.oldest = r.Time
	}
	a.overall.count(tier, end, c, &x)
	var team, channel *series
	var site *siteSeries
	if r.Team != "" && a.dims&(1<<ByTeam) != 0 {
		team = a.group(a.teams, &r.Team, MaxTeams, &a.over.Teams)
	}
	if r.Channel != "" && a.dims&(1<<ByChannel) != 0 {
		channel = a.group(a.channels, &r.Channel, MaxChannels, &a.over.Channels)
	}
	if r.Site != "" && a.dims&(1<<BySite) != 0 {
		site = a.site(r)
	}
	if a.dims&(1<<ByQueue) != 0 {
		q := a.queue(r)
		q.count(tier, end, c, &x)
		if r.Agent != "" && a.dims&(1<<ByAgent) != 0 {
			s := a.agent(q, r)
			s.count(tier, end, c, &x)
			if s.team != r.Team || s.site != r.Site { // rarely: an agent moves
				s.team, s.site = strings.Clone(r.Team), strings.Clone(r.Site)
			}
		}
		if site != nil {
			sq := site.queues[r.Queue]
			if sq == nil {
				sq = new(series)
				site.queues[strings.Clone(r.Queue)] = sq
			}
			sq.count(tier, end, c, &x)
		}
		if r.Channel != "" && a.dims&(1<<ByQueueChannel) != 0 {
			a.group(q.channels, &r.Channel, MaxChannels, &a.over.Channels).count(tier, end, c, &x)
		}
	}
	if team != nil {
		team.count(tier, end, c, &x)
	}
	if site != nil {
		site.count(tier, end, c, &x)
	}
	if channel != nil {
		channel.count(tier, end, c, &x)
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

// admit makes the entry of *name, not in m, with fresh while there is room (full says there is
// not); past it, the name becomes Other, counted in over. Either way *name becomes the map's own
// copy of the name: the response's may point into a read buffer. (Callers look the name up
// first: the common case stays a map lookup.)
func admit[T any, P interface {
	*T
	key() string
}](a *Aggregator, m map[string]P, name *string, full bool, over *int64, fresh func(name string) P) P {
	if full && *name != Other {
		a.renamed(over)
		*name = Other
		if s := m[Other]; s != nil {
			return s
		}
	}
	s := fresh(strings.Clone(*name))
	m[s.key()] = s
	*name = s.key()
	return s
}

func (s *series) key() string { return s.name }

// queue is the series of r's queue, made while there is room; past the limit, Other's.
func (a *Aggregator) queue(r *Response) *queueSeries {
	slot := &a.recentQueues[uintptr(unsafe.Pointer(unsafe.StringData(r.Queue)))>>4&15]
	if q := *slot; q != nil && q.name == r.Queue {
		r.Queue = q.name
		return q
	}
	if q := a.queues[r.Queue]; q != nil {
		r.Queue = q.name
		*slot = q
		return q
	}
	return admit(a, a.queues, &r.Queue, len(a.queues) >= MaxQueues, &a.over.Queues, func(name string) *queueSeries {
		return &queueSeries{series: series{name: name}, agents: make(map[string]*agentSeries), channels: make(map[string]*series)}
	})
}

// agent is the series of r's agent in queue q, made while there are fewer than MaxAgents in
// all; past the limit, the queue's Other.
func (a *Aggregator) agent(q *queueSeries, r *Response) *agentSeries {
	if s := q.agents[r.Agent]; s != nil {
		r.Agent = s.name
		return s
	}
	return admit(a, q.agents, &r.Agent, a.agentCount >= MaxAgents, &a.over.Agents, func(name string) *agentSeries {
		a.agentCount++
		return &agentSeries{series: series{name: name}}
	})
}

// site is the series of r's site, made while there are fewer than MaxSites; past it, Other's.
func (a *Aggregator) site(r *Response) *siteSeries {
	if s := a.sites[r.Site]; s != nil {
		r.Site = s.name
		return s
	}
	return admit(a, a.sites, &r.Site, len(a.sites) >= MaxSites, &a.over.Sites, func(name string) *siteSeries {
		return &siteSeries{series: series{name: name}, queues: make(map[string]*series)}
	})
}

// group is the series of *name in m, made while m holds fewer than limit; past it, a new name
// becomes Other, and is counted in over.
func (a *Aggregator) group(m map[string]*series, name *string, limit int, over *int64) *series {
	if s := m[*name]; s != nil {
		*name = s.name
		return s
	}
	return admit(a, m, name, len(m) >= limit, over, func(name string) *series { return &series{name: name} })
}

// Over is what was counted under Other so far.
func (a *Aggregator) Over() OverLimits { return a.over }

// Advance moves the clock to now: buckets older than the retention of their size are folded
// into the next size (minutes into quarter-hours, quarter-hours into local days), and days past
// theirs are dropped. With a zero retention it does nothing.
func (a *Aggregator) Advance(now time.Time) {
	if a.ret.keepsAll() || a.ret.TotalsOnly {
		return
	}
	m := minuteOf(now)
	next := [tiers]int64{
		floorDiv(m-int64(a.ret.Minutes/Resolution), 15) * 15,
		a.days.start(m - int64(a.ret.Quarters/Resolution)),
		a.days.start(m - int64(a.ret.Days/Resolution)),
	}
	if next == a.cut || next[tierMinute] < a.cut[tierMinute] {
		return
	}
	a.cut = next
	a.each(func(s *series) {
		fold(&s.tier, next, &a.days)
		if s.answers != nil {
			fold(&s.answers.tier, next, &a.days)
		}
	})
}

// fold moves the buckets past the cutoffs next into the next size: minutes into quarter-hours,
// quarter-hours into the local days of days, and drops the days past the last.
func fold[T summable[T]](r *[tiers]ring[T], next [tiers]int64, days *dayCache) {
	r[tierMinute].pop(next[tierMinute], func(b cell[T]) { r[tierQuarter].add(ceilDiv(int64(b.end), 15)*15, b.n) })
	r[tierQuarter].pop(next[tierQuarter], func(b cell[T]) { r[tierDay].add(days.end(int64(b.end)), b.n) })
	r[tierDay].pop(next[tierDay], nil)
}

// each calls fn with every series.
func (a *Aggregator) each(fn func(*series)) {
	fn(&a.overall)
	for _, q := range a.queues {
		fn(&q.series)
		for _, s := range q.agents {
			fn(&s.series)
		}
		for _, s := range q.channels {
			fn(s)
		}
	}
	for _, st := range a.sites {
		fn(&st.series)
		for _, s := range st.queues {
			fn(s)
		}
	}
	for _, m := range []map[string]*series{a.teams, a.channels} {
		for _, s := range m {
			fn(s)
		}
	}
}

// Covers reports whether the span is counted exactly: each of its edges is on the edge of the
// buckets that hold the time around it (any minute within the minute buckets, a quarter-hour
// within the quarter-hours, a local midnight within the days). Otherwise a bucket across an
// edge counts whole on the side of its end.
func (a *Aggregator) Covers(sp Span) bool {
	if a.ret.TotalsOnly {
		return sp.Unbounded && !sp.To.Before(a.newest)
	}
	exact := func(t time.Time) bool {
		m := minuteOf(t)
		if !t.Equal(time.Unix(m*60, 0)) {
			return false // inside a minute: only a response on the very edge could miscount
		}
		switch {
		case m >= a.cut[tierMinute]:
			return true
		case m >= a.cut[tierQuarter]:
			return m%15 == 0
		case m >= a.cut[tierDay]:
			return a.days.start(m) == m
		}
		return false
	}
	return exact(sp.To) && (sp.Unbounded || exact(sp.From))
}

// Reach is the earliest instant whose buckets are kept: a trend cannot go further back.
// Zero when every bucket is kept.
func (a *Aggregator) Reach() time.Time {
	if a.ret.keepsAll() || a.cut[tierDay] == minInt64 {
		return time.Time{}
	}
	if a.ret.TotalsOnly {
		return a.newest // no trend at all
	}
	return time.Unix(a.cut[tierDay]*60, 0)
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
			if s := q.agents[g.Name]; s != nil {
				return &s.series
			}
		}
	case ByQueueChannel:
		if q := a.queues[g.Queue]; q != nil {
			return q.channels[g.Name]
		}
	case ByTeam:
		return a.teams[g.Name]
	case ByChannel:
		return a.channels[g.Name]
	case BySite:
		if s := a.sites[g.Name]; s != nil {
			return &s.series
		}
	case BySiteQueue:
		if s := a.sites[g.Name]; s != nil {
			return s.queues[g.Queue]
		}
	}
	return nil
}

// Within lists the groups of dimension d (ByAgent or ByQueueChannel) inside a queue, in order.
func (a *Aggregator) Within(queue string, d Dim) []Group {
	q := a.queues[queue]
	if q == nil {
		return nil
	}
	var gs []Group
	if d == ByQueueChannel {
		for name := range q.channels {
			gs = append(gs, Group{Dim: d, Queue: queue, Name: name})
		}
	} else {
		for name := range q.agents {
			gs = append(gs, Group{Dim: d, Queue: queue, Name: name})
		}
	}
	slices.SortFunc(gs, Group.Compare)
	return gs
}

// AgentOf is the team and site of an agent's latest answer in a queue.
func (a *Aggregator) AgentOf(g Group) (team, site string) {
	if q := a.queues[g.Queue]; q != nil {
		if s := q.agents[g.Name]; s != nil {
			return s.team, s.site
		}
	}
	return "", ""
}

// SiteQueues lists the queues with answers at a site, as BySiteQueue groups, in order.
func (a *Aggregator) SiteQueues(site string) []Group {
	s := a.sites[site]
	if s == nil {
		return nil
	}
	gs := make([]Group, 0, len(s.queues))
	for q := range s.queues {
		gs = append(gs, Group{Dim: BySiteQueue, Queue: q, Name: site})
	}
	slices.SortFunc(gs, Group.Compare)
	return gs
}

// Trend counts group g's responses in n consecutive steps of equal length that end at to:
// element i covers (to − (n−i)·step, to − (n−i−1)·step]. Step is a whole number of minutes
// (shorter counts as one). A bucket coarser than a step (a quarter-hour, a day) counts in the
// step its end falls in.
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
	for i := range s.tier {
		s.tier[i].each(from, end, func(b *bucket) {
			k := (int64(b.end) - from - 1) / width
			out[k] = out[k].Plus(b.n.stat())
		})
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
	case BySite:
		for s := range a.sites {
			gs = append(gs, Group{Dim: d, Name: s})
		}
	case BySiteQueue:
		for s := range a.sites {
			gs = append(gs, a.SiteQueues(s)...)
		}
	case ByChannel:
		for c := range a.channels {
			gs = append(gs, Group{Dim: d, Name: c})
		}
	}
	slices.SortFunc(gs, Group.Compare)
	return gs
}

// dayCache finds the local days of minutes: the last day asked for is kept, since buckets are
// folded in time order.
type dayCache struct {
	loc        *time.Location
	from, to   int64 // the day (from, to] in minutes
	hasCurrent bool
}

// end is the end of the local day that holds minute m's bucket, (m−1, m]: the first local
// midnight at or after m.
func (d *dayCache) end(m int64) int64 {
	d.find(m)
	return d.to
}

// start is the local midnight at or before minute m (the start of the day holding the instant m).
func (d *dayCache) start(m int64) int64 {
	d.find(m + 1)
	return d.from
}

func (d *dayCache) find(m int64) {
	if d.hasCurrent && d.from < m && m <= d.to {
		return
	}
	t := time.Unix(m*60-1, 0).In(d.loc) // an instant inside the bucket (m−1, m]
	y, mo, day := t.Date()
	d.from = floorDiv(time.Date(y, mo, day, 0, 0, 0, 0, d.loc).Unix(), 60)
	d.to = floorDiv(time.Date(y, mo, day+1, 0, 0, 0, 0, d.loc).Unix(), 60)
	d.hasCurrent = true
}

// ceilDiv divides rounding toward plus infinity.
func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }
