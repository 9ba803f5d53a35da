package model

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
)

// Dim is a way of grouping responses.
type Dim uint8

const (
	Overall        Dim = iota // every response
	ByQueue                   // by queue
	ByAgent                   // by queue and agent: an agent working two queues is two groups
	ByTeam                    // by team
	ByChannel                 // by channel
	ByQueueChannel            // by queue and channel: a queue's channel split
	BySite                    // by site
	BySiteQueue               // by site and queue: a queue's part at one site
)

var dimNames = [...]string{Overall: "overall", ByQueue: "queue", ByAgent: "agent", ByTeam: "team", ByChannel: "channel",
	ByQueueChannel: "queue-channel", BySite: "site", BySiteQueue: "site-queue"}

func (d Dim) String() string {
	if int(d) < len(dimNames) {
		return dimNames[d]
	}
	return fmt.Sprintf("Dim(%d)", d)
}

// ParseDim reads a grouping name as the --by flag takes it. Its error says what is wanted.
func ParseDim(s string) (Dim, error) {
	for d, name := range dimNames {
		if d != int(Overall) && d != int(ByQueueChannel) && d != int(BySiteQueue) && strings.EqualFold(s, name) {
			return Dim(d), nil
		}
	}
	return 0, errors.New("want queue, agent, team, channel or site")
}

// Group identifies one group of responses. Queue is set for ByQueue, ByAgent, ByQueueChannel
// and BySiteQueue; Name holds the agent, team, channel or site.
type Group struct {
	Dim   Dim
	Queue string
	Name  string
}

// Compare orders groups by dimension, then queue, then name.
func (g Group) Compare(o Group) int {
	return cmp.Or(cmp.Compare(g.Dim, o.Dim), strings.Compare(g.Queue, o.Queue), strings.Compare(g.Name, o.Name))
}

func (g Group) String() string {
	switch g.Dim {
	case Overall:
		return "overall"
	case ByQueue:
		return g.Queue
	case ByAgent, ByQueueChannel:
		return g.Queue + "/" + g.Name
	case BySiteQueue:
		return g.Name + "/" + g.Queue
	}
	return g.Name
}
