package model

import "strings"

// Recent keeps the latest responses of each agent (and of each queue's responses without an
// agent), and the latest detractors, for drilling down from figures to what customers said.
// Memory is bounded: perAgent responses per agent and detractors in the stream.
//
// It copies what it keeps: the strings of an added response may point into a read buffer.
// Queue, agent, team and channel names are interned, so a million responses of sixty agents
// hold sixty copies of each name.
type Recent struct {
	perAgent   int
	byAgent    map[agentKey]*ring
	detractors ring
	names      names
}

type agentKey struct{ queue, agent string }

// ring holds the latest responses, newest last, up to its capacity.
type ring struct {
	buf  []Response
	next int // where the next response goes once the ring is full
}

func (r *ring) add(x Response, capacity int) {
	if len(r.buf) < capacity {
		r.buf = append(r.buf, x)
		return
	}
	r.buf[r.next] = x
	r.next = (r.next + 1) % capacity
}

// newest calls fn with the responses newest first until fn returns false.
func (r *ring) newest(fn func(*Response) bool) {
	n := len(r.buf)
	for i := range n {
		j := (r.next - 1 - i + 2*n) % n
		if !fn(&r.buf[j]) {
			return
		}
	}
}

// NewRecent keeps perAgent responses per agent and detractors detractors.
func NewRecent(perAgent, detractors int) *Recent {
	return &Recent{
		perAgent:   perAgent,
		byAgent:    make(map[agentKey]*ring),
		detractors: ring{buf: make([]Response, 0, detractors)},
		names:      make(names),
	}
}

// Add keeps a copy of r.
func (rc *Recent) Add(r *Response) {
	x := rc.names.own(r)
	k := agentKey{x.Queue, x.Agent}
	rg := rc.byAgent[k]
	if rg == nil {
		rg = new(ring)
		rc.byAgent[k] = rg
	}
	rg.add(x, rc.perAgent)
	if x.Class() == Detractor {
		rc.detractors.add(x, cap(rc.detractors.buf))
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
func (n names) own(r *Response) Response {
	x := *r
	x.ID = strings.Clone(r.ID)
	x.Customer = strings.Clone(r.Customer)
	x.Comment = strings.Clone(r.Comment)
	x.Queue, x.Agent, x.Team, x.Channel = n.intern(r.Queue), n.intern(r.Agent), n.intern(r.Team), n.intern(r.Channel)
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
