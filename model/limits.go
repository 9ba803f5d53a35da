package model

// Limits on the distinct groups kept. A center has tens of queues, hundreds or a few thousand
// agents; a feed that names a million queues would otherwise take gigabytes.
const (
	MaxQueues   = 1000
	MaxAgents   = 20000 // pairs of a queue and an agent
	MaxTeams    = 1000
	MaxChannels = 50
	MaxSites    = 100
)

// Other is the name the responses of groups past a limit are counted under (by an Aggregator,
// see Add), as web analytics do with "(other)".
const Other = "(other)"

// OverLimits counts the responses counted under Other: by the grouping whose limit they met,
// and in all (a response may meet two).
type OverLimits struct{ Responses, Queues, Agents, Teams, Channels, Sites int64 }

// Any says whether any response was.
func (o OverLimits) Any() bool { return o != OverLimits{} }
