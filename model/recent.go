package model

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// Recent keeps the latest responses of each agent (and of each queue's responses without an
// agent), and the latest detractors, for drilling down from figures to what customers said.
// Latest means latest by the time of the response, whatever order they arrive in.
// Memory is bounded: perAgent responses per agent and detractors in the stream.
//
// It copies what it keeps: the strings of an added response may point into a read buffer.
// Queue, agent, team, channel and site names are kept once each and numbered, so a million
// responses of sixty agents hold sixty copies of each name, and a kept response their numbers.
type Recent struct {
	// Canonical says the responses' queue, agent, team, channel and site are already kept
	// copies (an Aggregator that counts every grouping has just added them): they are not
	// copied again.
	Canonical bool

	perAgent   int
	byAgent    map[agentKey]*latest
	detractors latest
	capacity   int // of detractors
	// names numbers the queue, agent, team, channel and site names of what is kept (0 is ""),
	// and a kept response holds their numbers. Bounded by maxTable.
	names Table[string]
	taken map[agentKey]int // AddBatch's count of what each agent took, kept for the next batch
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
	// The indices of the agent's queue and name in the Recent's table.
	queue, agent uint32
	// The team, channel and site of the agent's last response, and their indices: they seldom
	// change from one response to the next, and the table's lookup hashes the name.
	last [3]named
}

type named struct {
	name string
	i    uint32
}

// refOf is the number of name s, from the last one when it is the same. The last is the
// table's copy, never s itself: s may point into a read buffer that is used again.
func (rc *Recent) refOf(last *named, s string) uint32 {
	if s != last.name {
		i := rc.ref(s)
		*last = named{rc.names.At(i), i}
	}
	return last.i
}

// kept is a response as a list holds it: 72 bytes and one pointer, not a Response's 176 and 10
// with its time and arrival beside (a month of a large floor keeps a quarter of a million). Its
// own texts are one string; its names are indices in the Recent's table; its time is kept in
// UTC, to the nanosecond.
type kept struct {
	at    int64  // the time in Unix nanoseconds (instants are bounded to 1970–2199)
	seq   uint64 // arrival, which breaks ties: the later arrival is the newer
	text  string // the id, the customer, the segment and the comment, one after the other
	idN   uint32 // the id's length in text
	custN uint32 // the customer's
	// The segment's length: segments stay in the text, since the Aggregator does not bound
	// their number as it bounds the other names.
	segN                              uint16
	score, csat, ces                  int8
	queue, agent, team, channel, site uint32
}

// response is the response k keeps.
func (rc *Recent) response(k *kept) Response {
	c := k.idN + k.custN
	g := c + uint32(k.segN)
	t := &rc.names
	return Response{ID: k.text[:k.idN], Time: time.Unix(0, k.at).UTC(), Score: k.score, CSAT: k.csat, CES: k.ces,
		Queue: t.At(k.queue), Agent: t.At(k.agent), Team: t.At(k.team), Channel: t.At(k.channel), Customer: k.text[k.idN:c],
		Segment: k.text[c:g], Site: t.At(k.site), Comment: k.text[g:]}
}

// maxTable bounds the Recent's table of names. The names of a Canonical Recent are the
// Aggregator's, which counts past its limits under Other, so they never reach it; past it (a
// feed of made-up names into a Recent of its own) a name is kept as Other.
const maxTable = MaxQueues + MaxAgents + MaxTeams + MaxChannels + MaxSites + 1

// ref is the number of name s, given when new: a copy of s unless the Recent is Canonical,
// Other past maxTable.
func (rc *Recent) ref(s string) uint32 {
	if i, ok := rc.names.Find(s); ok {
		return i
	}
	switch {
	case rc.names.Len() >= maxTable:
		s = Other
	case !rc.Canonical:
		s = strings.Clone(s)
	}
	return rc.names.Of(s)
}

func (k *kept) older(o *kept) bool { return k.at < o.at || k.at == o.at && k.seq < o.seq }

func (l *latest) add(x kept, capacity int) {
	if capacity <= 0 {
		return
	}
	l.seq++
	k := x
	k.seq = l.seq
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
func (rc *Recent) newest(l *latest, fn func(*Response) bool) {
	for i := len(l.order) - 1; i >= 0; i-- {
		r := rc.response(&l.slots[l.order[i]])
		if !fn(&r) {
			return
		}
	}
}

// NewRecent keeps perAgent responses per agent and detractors detractors.
func NewRecent(perAgent, detractors int) *Recent {
	rc := &Recent{
		perAgent: perAgent,
		byAgent:  make(map[agentKey]*latest),
		capacity: detractors,
	}
	rc.names.Of("") // number 0
	return rc
}

// Add keeps a copy of r.
func (rc *Recent) Add(r *Response) {
	rg := rc.byAgent[agentKey{r.Queue, r.Agent}]
	if rg == nil {
		// The key's names are the table's (never a read buffer's; Other past its bound).
		q, a := rc.ref(r.Queue), rc.ref(r.Agent)
		k := agentKey{rc.names.At(q), rc.names.At(a)}
		if rg = rc.byAgent[k]; rg == nil {
			rg = &latest{queue: q, agent: a}
			rc.byAgent[k] = rg
		}
	}
	x := rc.keep(r, rg)
	rg.add(x, rc.perAgent)
	if r.Class() == Detractor {
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
	// One copy holds the three texts of the response's own: one allocation, not three.
	var b strings.Builder
	b.Grow(len(r.ID) + len(r.Customer) + len(r.Comment))
	b.WriteString(r.ID)
	b.WriteString(r.Customer)
	b.WriteString(r.Comment)
	t, c := b.String(), len(r.ID)+len(r.Customer)
	x := *r // the time as it came, in its own zone
	x.ID, x.Customer, x.Comment, x.Segment = t[:len(r.ID)], t[len(r.ID):c], t[c:], n.intern(r.Segment)
	if !canonical {
		x.Queue, x.Agent, x.Team, x.Channel = n.intern(r.Queue), n.intern(r.Agent), n.intern(r.Team), n.intern(r.Channel)
		x.Site = n.intern(r.Site)
	}
	return x
}

// keep is r as a list keeps it, sharing no memory with r (see own); rg is its agent's list,
// which knows the indices of its queue and agent.
func (rc *Recent) keep(r *Response, rg *latest) kept {
	var b strings.Builder
	seg := r.Segment[:min(len(r.Segment), math.MaxUint16)]
	b.Grow(len(r.ID) + len(r.Customer) + len(seg) + len(r.Comment))
	b.WriteString(r.ID)
	b.WriteString(r.Customer)
	b.WriteString(seg)
	b.WriteString(r.Comment)
	return kept{at: r.Time.UnixNano(), text: b.String(), idN: uint32(len(r.ID)), custN: uint32(len(r.Customer)), segN: uint16(len(seg)),
		queue: rg.queue, agent: rg.agent, team: rc.refOf(&rg.last[0], r.Team), channel: rc.refOf(&rg.last[1], r.Channel), site: rc.refOf(&rg.last[2], r.Site),
		score: r.Score, csat: r.CSAT, ces: r.CES}
}

// Agent lists the latest responses of an agent in a queue, newest first; agent "" gives the
// queue's responses that name no agent. The list is a copy, at most limit long (0: all kept).
func (rc *Recent) Agent(queue, agent string, limit int) []Response {
	rg := rc.byAgent[agentKey{queue, agent}]
	if rg == nil {
		return nil
	}
	var out []Response
	rc.newest(rg, func(r *Response) bool {
		out = append(out, *r)
		return limit == 0 || len(out) < limit
	})
	return out
}

// Detractors lists the latest detractors newest first, those that keep returns true, at most
// limit of them.
func (rc *Recent) Detractors(limit int, keep func(*Response) bool) []Response {
	var out []Response
	rc.newest(&rc.detractors, func(r *Response) bool {
		if keep == nil || keep(r) {
			out = append(out, *r)
		}
		return len(out) < limit
	})
	return out
}
