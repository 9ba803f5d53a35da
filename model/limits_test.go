package model

import (
	"fmt"
	"testing"
)

// Past each limit a new name is counted as Other, the response renamed so, and the excess
// counted; names admitted before stay.
func TestGroupsPastTheirLimitsAreCountedUnderOther(t *testing.T) {
	agg := NewAggregator(Retention{})
	add := func(q, agent, team, channel string) Response {
		r := Response{ID: q + agent, Time: day0, Score: 9, Queue: q, Agent: agent, Team: team, Channel: channel}
		agg.Add(&r)
		return r
	}
	for i := range MaxQueues + 7 {
		add(fmt.Sprint("q", i), "", "", "")
	}
	if got := add("q3", "", "", ""); got.Queue != "q3" {
		t.Errorf("a queue admitted before became %q", got.Queue)
	}
	if got := add("q-new", "", "", ""); got.Queue != Other {
		t.Errorf("a queue past the limit is %q", got.Queue)
	}
	for i := range MaxAgents + 3 {
		add("q1", fmt.Sprint("a", i), fmt.Sprint("t", i%(MaxTeams+2)), fmt.Sprint("c", i%(MaxChannels+4)))
	}
	want := OverLimits{Responses: 8, Queues: 8, Agents: 3}
	for i := range MaxAgents + 3 {
		team, channel := i%(MaxTeams+2) >= MaxTeams, i%(MaxChannels+4) >= MaxChannels
		if team {
			want.Teams++
		}
		if channel {
			want.Channels++
		}
		if team || channel || i >= MaxAgents {
			want.Responses++
		}
	}
	if got := agg.Over(); got != want || !got.Any() {
		t.Errorf("over the limits: %+v, want %+v", got, want)
	}
	if n := len(agg.Groups(ByQueue)); n != MaxQueues+1 {
		t.Errorf("%d queues kept, want %d and %s", n, MaxQueues, Other)
	}
	if s := agg.Stat(Group{Dim: ByQueue, Queue: Other}, AllTime().Span(day0, nil)); s.Responses() != 8 {
		t.Errorf("%s holds %d responses, want 8", Other, s.Responses())
	}
	if n := len(agg.Groups(ByTeam)); n != MaxTeams+1 {
		t.Errorf("%d teams kept", n)
	}
	if n := len(agg.Groups(ByChannel)); n != MaxChannels+1 {
		t.Errorf("%d channels kept", n)
	}
}

// A report of queues alone looks at no other name.
func TestOnlyTheGroupingsKeptAreLimited(t *testing.T) {
	agg := NewAggregator(Retention{}, ByQueue)
	for i := range MaxTeams + 10 {
		r := Response{ID: fmt.Sprint(i), Time: day0, Score: 9, Queue: "q", Team: fmt.Sprint("t", i)}
		agg.Add(&r)
		if r.Team == Other {
			t.Fatal("a team was renamed where teams are not kept")
		}
	}
	if agg.Over().Any() {
		t.Errorf("over %+v", agg.Over())
	}
}

// Sites past MaxSites are counted as Other too.
func TestSitesPastTheirLimitAreCountedUnderOther(t *testing.T) {
	agg := NewAggregator(Retention{})
	for i := range MaxSites + 5 {
		r := Response{ID: fmt.Sprint(i), Time: day0, Score: 9, Queue: "q", Site: fmt.Sprint("site-", i)}
		agg.Add(&r)
		if i >= MaxSites && r.Site != Other {
			t.Fatalf("site %d kept its name %q past the limit", i, r.Site)
		}
	}
	if n := len(agg.Groups(BySite)); n != MaxSites+1 {
		t.Errorf("%d sites kept, want %d and %s", n, MaxSites, Other)
	}
	if o := agg.Over(); o.Sites != 5 || o.Responses != 5 {
		t.Errorf("over the limits: %+v", o)
	}
}
