package model

import (
	"slices"
	"sort"
	"strings"
)

// Recent keeps the latest responses of each agent (and of each queue's responses without an
// agent), and the latest detractors, for drilling down from figures to what customers said.
// Latest means latest by the time of the response, whatever order they arrive in.
// Memory is bounded: perAgent responses per agent and detractors in the stream.
//
// It copies what it keeps: the strings of an added response may point into a read buffer.
// Queue, agent, team and channel names are interned, so a million responses of sixty agents
// hold sixty copies of each name.
type Recent struct {
	// Canonical says the responses' queue, agent, team, channel and site are already kept
	// copies (an Aggregator that counts every grouping has just added them): they are not
	// interned again.
	Canonical bool

	perAgent   int
	byAgent    map[agentKey]*latest
	detractors latest
	capacity   int // of detractors
	names      names
	taken      map[agentKey]int // AddBatch's count of what each agent took, kept for the next batch
}

type agentKey struct{ queue, agent string }

// latest holds the latest responses by time, up to its capacity, so that a file not sorted
// by time keeps the newest, and a late old response is dropped rather than pushing a newer one
// out. The responses stay in their slots; order lists the slots oldest first. In time order an
// add appends (or, when full, reuses the oldest slot and shifts the list of slot numbers by one,
// a few hundred bytes); out of order it finds its place by binary search.
type latest struct {
	slots []kept
	order []int32 // slots, oldest first
	seq   uint64
	// The newest's time and arrival: an add in order compares with them, not with a slot that
	// is out of the cache (a month of a large floor keeps thousands of agents).
	lastAt  int64
	lastSeq uint64
}

type kept struct {
	r   Response
	at  int64  // r.Time in Unix nanoseconds (instants are bounded to 1970–2199)
	seq uint64 // arrival, which breaks ties: the later arrival is the newer
}

func (k *kept) older(o *kept) bool { return k.at < o.at || k.at == o.at && k.seq < o.seq }

func (l *latest) add(x Response, capacity int) {
	if capacity <= 0 {
		return
	}
	l.seq++
	k := kept{r: x, at: x.Time.UnixNano(), seq: l.seq}
	n := len(l.order)
	i := n // where k goes: before the first kept response it is older than
	if n > 0 && k.older(&kept{at: l.lastAt, seq: l.lastSeq}) {
		i = sort.Search(n, func(j int) bool { return k.older(&l.slots[l.order[j]]) })
	} else {
		l.lastAt, l.lastSeq = k.at, k.seq
	}
	if n < capacity {
		if len(l.slots) == cap(l.slots) { // grown as append would, but never past the capacity
			l.slots = slices.Grow(l.slots, min(max(2*len(l.slots), 4), capacity)-len(l.slots))
		}
		l.slots = append(l.slots, k)
		l.order = slices.Insert(l.order, i, int32(len(l.slots)-1))
		return
	}
	if i == 0 {
		return // older than all kept: not among the latest
	}
	s := l.order[0] // the oldest makes room
	l.slots[s] = k
	copy(l.order[:i-1], l.order[1:i])
	l.order[i-1] = s
}

// newest calls fn with the responses newest first until fn returns false.
func (l *latest) newest(fn func(*Response) bool) {
	for i := len(l.order) - 1; i >= 0; i-- {
		if !fn(&l.slots[l.order[i]].r) {
			return
		}
	}
}

// NewRecent keeps perAgent responses per agent and detractors detractors.
func NewRecent(perAgent, detractors int) *Recent {
	return &Recent{
		perAgent: perAgent,
		byAgent:  make(map[agentKey]*latest),
		capacity: detractors,
		names:    make(names),
	}
}

// Add keeps a copy of r.
func (rc *Recent) Add(r *Response) {
	x := rc.names.own(r, rc.Canonical)
	k := agentKey{x.Queue, x.Agent}
	rg := rc.byAgent[k]
	if rg == nil {
		rg = new(latest)
		rc.byAgent[k] = rg
	}
	rg.add(x, rc.perAgent)
	if x.Class() == Detractor {
		rc.detractors.add(x, rc.capacity)
	}
}

// AddBatch keeps copies of the responses of rs that are among the latest: the same as Add for
// each in turn, but a batch in time order (a file, a backfill) is taken newest first, so that of
// an agent's hundred answers in it only the last few are copied, not all to be pushed out.
func (rc *Recent) AddBatch(rs []Response) {
	sorted := true
	for i := 1; i < len(rs) && sorted; i++ {
		sorted = !rs[i].Time.Before(rs[i-1].Time)
	}
	if !sorted || len(rs) < 2*rc.perAgent {
		for i := range rs {
			rc.Add(&rs[i])
		}
		return
	}
	// Newest first, counting what each agent and the detractors have taken: once full, older
	// responses of the batch would only be pushed out. They are then added oldest first, as Add
	// would have, so that ties keep their order.
	taken := rc.taken
	if taken == nil {
		taken = make(map[agentKey]int)
		rc.taken = taken
	}
	defer clear(taken)
	detractors := 0
	var keep []int
	for i := len(rs) - 1; i >= 0; i-- {
		r := &rs[i]
		k := agentKey{r.Queue, r.Agent}
		d := r.Class() == Detractor && detractors < rc.capacity
		if taken[k] >= rc.perAgent && !d {
			continue
		}
		if taken[k] < rc.perAgent {
			taken[k]++
		}
		if d {
			detractors++
		}
		keep = append(keep, i)
	}
	for j := len(keep) - 1; j >= 0; j-- {
		rc.Add(&rs[keep[j]])
	}
}

// names interns the names of queues, agents, teams, channels and segments: few, and repeated
// in every response. Past maxInterned names (a feed of made-up ones) it copies instead.
type names map[string]string

const maxInterned = MaxQueues + MaxAgents + MaxTeams + MaxChannels + 1000

func (n names) intern(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := n[s]; ok {
		return v
	}
	v := strings.Clone(s)
	if len(n) < maxInterned {
		n[v] = v
	}
	return v
}

// own is a copy of r that shares no memory with it: the strings of a response just decoded
// point into the read buffer, which a kept string would keep whole.
func (n names) own(r *Response, canonical bool) Response {
	x := *r
	// One copy holds the three texts of the response's own: one allocation, not three.
	var b strings.Builder
	b.Grow(len(r.ID) + len(r.Customer) + len(r.Comment))
	b.WriteString(r.ID)
	b.WriteString(r.Customer)
	b.WriteString(r.Comment)
	all := b.String()
	i, c := len(r.ID), len(r.ID)+len(r.Customer)
	x.ID, x.Customer, x.Comment = all[:i], all[i:c], all[c:]
	if !canonical {
		x.Queue, x.Agent, x.Team, x.Channel = n.intern(r.Queue), n.intern(r.Agent), n.intern(r.Team), n.intern(r.Channel)
		x.Site = n.intern(r.Site)
	}
	x.Segment = n.intern(r.Segment)
	return x
}

// Agent lists the latest responses of an agent in a queue, newest first; agent "" gives the
// queue's responses that name no agent. The list is a copy, at most limit long (0: all kept).
func (rc *Recent) Agent(queue, agent string, limit int) []Response {
	rg := rc.byAgent[agentKey{queue, agent}]
	if rg == nil {
		return nil
	}
	var out []Response
	rg.newest(func(r *Response) bool {
		out = append(out, *r)
		return limit == 0 || len(out) < limit
	})
	return out
}

// Detractors lists the latest detractors newest first, those that keep returns true, at most
// limit of them.
func (rc *Recent) Detractors(limit int, keep func(*Response) bool) []Response {
	var out []Response
	rc.detractors.newest(func(r *Response) bool {
		if keep == nil || keep(r) {
			out = append(out, *r)
		}
		return len(out) < limit
	})
	return out
}
