package model

import "strings"

// Limits on the distinct groups kept. A center has tens of queues, hundreds or a few thousand
// agents; a feed that names a million queues would otherwise take gigabytes.
const (
	MaxQueues   = 1000
	MaxAgents   = 20000 // pairs of a queue and an agent
	MaxTeams    = 1000
	MaxChannels = 50
)

// Other is the name the responses of groups past a limit are counted under, as web analytics
// do with "(other)".
const Other = "(other)"

// Census admits the names of queues, agents, teams and channels up to their limits; past a
// limit, a new name is counted as Other, and each such response is counted, so that a screen
// or a report can say so. Names already admitted stay admitted.
type Census struct {
	dims                    uint8 // the groupings checked, a bit per Dim
	queues, teams, channels map[string]struct{}
	agents                  map[agentKey]struct{}
	over                    OverLimits
}

// OverLimits counts the responses counted under Other: by the grouping whose limit they met,
// and in all (a response may meet two).
type OverLimits struct{ Responses, Queues, Agents, Teams, Channels int64 }

// Any says whether any response was.
func (o OverLimits) Any() bool { return o != OverLimits{} }

// NewCensus makes an empty census of the groupings dims (all of them when none is named), as
// an Aggregator keeps them: a report of queues checks only queues.
func NewCensus(dims ...Dim) *Census {
	return &Census{dims: dimBits(dims), queues: map[string]struct{}{}, teams: map[string]struct{}{},
		channels: map[string]struct{}{}, agents: map[agentKey]struct{}{}}
}

// Admit renames to Other the names of r that are past their limits.
func (c *Census) Admit(r *Response) {
	before := c.over.Responses
	if c.dims&(1<<ByQueue) != 0 && !admit(c.queues, r.Queue, MaxQueues) {
		r.Queue = Other
		c.over.Queues++
		c.over.Responses = before + 1
	}
	if c.dims&(1<<ByAgent) != 0 && r.Agent != "" && r.Agent != Other {
		if _, ok := c.agents[agentKey{r.Queue, r.Agent}]; !ok {
			if len(c.agents) < MaxAgents {
				c.agents[agentKey{strings.Clone(r.Queue), strings.Clone(r.Agent)}] = struct{}{}
			} else {
				r.Agent = Other
				c.over.Agents++
				c.over.Responses = before + 1
			}
		}
	}
	if c.dims&(1<<ByTeam) != 0 && r.Team != "" && !admit(c.teams, r.Team, MaxTeams) {
		r.Team = Other
		c.over.Teams++
		c.over.Responses = before + 1
	}
	if c.dims&(1<<ByChannel|1<<ByQueueChannel) != 0 && r.Channel != "" && !admit(c.channels, r.Channel, MaxChannels) {
		r.Channel = Other
		c.over.Channels++
		c.over.Responses = before + 1
	}
}

// admit says whether name is in set, adding it while the set is below limit. Other is always
// admitted: it is where the excess goes.
func admit(set map[string]struct{}, name string, limit int) bool {
	if _, ok := set[name]; ok || name == Other {
		return true
	}
	if len(set) >= limit {
		return false
	}
	set[strings.Clone(name)] = struct{}{} // the name may point into a read buffer
	return true
}

// Over is what was counted under Other so far.
func (c *Census) Over() OverLimits { return c.over }
