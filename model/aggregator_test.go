package model

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
	"unsafe"
)

var day0 = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

func resp(id string, at time.Time, score int, queue, agent string) Response {
	return Response{ID: id, Time: at, Score: int8(score), Queue: queue, Agent: agent, Team: "team-" + agent, Channel: "voice"}
}

// bruteForce counts, the slow obvious way, the responses of group g inside span sp.
func bruteForce(rs []Response, g Group, sp Span) Stat {
	var s Stat
	for i := range rs {
		r := &rs[i]
		in := g.Dim == Overall ||
			g.Dim == ByQueue && r.Queue == g.Queue ||
			g.Dim == ByAgent && r.Queue == g.Queue && r.Agent == g.Name ||
			g.Dim == ByTeam && r.Team == g.Name ||
			g.Dim == ByChannel && r.Channel == g.Name ||
			g.Dim == ByQueueChannel && r.Queue == g.Queue && r.Channel == g.Name ||
			g.Dim == BySite && r.Site == g.Name ||
			g.Dim == BySiteQueue && r.Site == g.Name && r.Queue == g.Queue
		if in && sp.Contains(r.Time) {
			s.Add(r.Class())
		}
	}
	return s
}

// bruteExperience counts, the slow obvious way, the CSAT and CES answers of group g inside sp.
func bruteExperience(rs []Response, g Group, sp Span) Experience {
	var x Experience
	for i := range rs {
		r := &rs[i]
		if bruteForce(rs[i:i+1], g, sp).Responses() == 0 {
			continue
		}
		if r.CSAT >= 1 && r.CSAT <= 5 {
			x.CSAT.Responses++
			if r.CSAT >= 4 {
				x.CSAT.Satisfied++
			}
		}
		if v := int64(r.CES); v >= 1 && v <= 7 {
			x.CES.Responses++
			x.CES.Sum += v
			x.CES.Squares += v * v
			if v >= 5 {
				x.CES.EasyAnswers++
			}
		}
	}
	return x
}

// Random responses over three days, out of order, checked against brute force for every group
// and window at many instants — including instants inside a minute and before the data begins.
func TestAggregatorAgreesWithBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	queues := []string{"billing", "sales", "support"}
	agents := []string{"ana", "ben", "chloé", ""}
	var rs []Response
	for i := range 3000 {
		at := day0.Add(time.Duration(rng.Int64N(int64(72 * time.Hour))))
		if rng.IntN(10) == 0 { // a few on exact minute boundaries, where off-by-ones live
			at = at.Truncate(time.Minute)
		}
		r := resp(fmt.Sprint(i), at, rng.IntN(11), queues[rng.IntN(3)], agents[rng.IntN(4)])
		if r.Agent == "" {
			r.Team, r.Channel = "", ""
		}
		r.Site = []string{"", "Leeds", "Cork"}[rng.IntN(3)]
		rs = append(rs, r)
	}
	a := NewAggregator(Retention{})
	for i := range rs {
		a.Add(&rs[i])
	}
	windows := []Window{Last(time.Minute), Last(15 * time.Minute), Last(time.Hour), Last(4 * time.Hour), Today(), AllTime()}
	paris := mustLoc(t, "Europe/Paris")
	for trial := range 200 {
		at := day0.Add(time.Duration(rng.Int64N(int64(80*time.Hour))) - 4*time.Hour)
		if trial%5 == 0 {
			at = at.Truncate(time.Minute)
		}
		for _, w := range windows {
			sp := w.Span(at, paris)
			for _, d := range []Dim{Overall, ByQueue, ByAgent, ByTeam, ByChannel, ByQueueChannel, BySite, BySiteQueue} {
				for _, g := range a.Groups(d) {
					got, want := a.Stat(g, sp), bruteForce(rs, g, sp)
					if got != want {
						t.Fatalf("%v of %v at %v: got %+v, want %+v", w, g, at, got, want)
					}
				}
			}
		}
	}
}

// An aggregator of totals only counts all time up to its newest response as one that keeps
// every bucket, CSAT and CES included, for every group, and says that only that is exact.
func TestTotalsOnlyCountAllTimeExactly(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var rs []Response
	for i := range 2000 {
		r := resp(fmt.Sprint(i), day0.Add(time.Duration(rng.Int64N(int64(30*24*time.Hour)))), rng.IntN(11),
			[]string{"billing", "sales"}[rng.IntN(2)], []string{"ana", "ben", ""}[rng.IntN(3)])
		r.Site, r.CSAT, r.CES = []string{"", "Leeds"}[rng.IntN(2)], int8(rng.IntN(6)), int8(rng.IntN(8))
		rs = append(rs, r)
	}
	all, totals := NewAggregator(Retention{}), NewAggregator(Retention{TotalsOnly: true})
	for i := range rs {
		all.Add(&rs[i])
		totals.Add(&rs[i])
		totals.Advance(rs[i].Time) // a clock moving changes nothing
	}
	for i := range totals.overall.tier {
		if totals.overall.tier[i].n != 0 || totals.overall.answers.tier[i].n != 0 {
			t.Fatalf("totals only keeps buckets: %+v", totals.overall.tier)
		}
	}
	at := all.Newest()
	sp := AllTime().Span(at, time.UTC)
	if !totals.Covers(sp) || totals.Covers(Last(time.Hour).Span(at, time.UTC)) || totals.Covers(AllTime().Span(at.Add(-time.Hour), time.UTC)) {
		t.Errorf("totals only: Covers all time %v, the last hour %v, all time an hour before the newest %v", totals.Covers(sp),
			totals.Covers(Last(time.Hour).Span(at, time.UTC)), totals.Covers(AllTime().Span(at.Add(-time.Hour), time.UTC)))
	}
	n := 0
	for _, d := range []Dim{Overall, ByQueue, ByAgent, ByTeam, ByChannel, ByQueueChannel, BySite, BySiteQueue} {
		for _, g := range all.Groups(d) {
			if got, want := totals.Stat(g, sp), all.Stat(g, sp); got != want || got != bruteForce(rs, g, sp) {
				t.Fatalf("%v: totals only %+v, every bucket %+v", g, got, want)
			}
			if got, want := totals.Experience(g, sp), all.Experience(g, sp); got != want {
				t.Fatalf("%v: CSAT and CES: totals only %+v, every bucket %+v", g, got, want)
			}
			n++
		}
	}
	if n < 15 {
		t.Fatalf("only %d groups compared", n)
	}
}

func TestAggregatorGroups(t *testing.T) {
	a := NewAggregator(Retention{})
	for _, r := range []Response{
		resp("1", day0, 9, "sales", "ben"),
		resp("2", day0, 3, "billing", "ana"),
		resp("3", day0, 7, "billing", "ben"),
		{ID: "4", Time: day0, Score: 10, Queue: "billing"}, // no agent, team or channel
	} {
		a.Add(&r)
	}
	want := map[Dim]string{
		Overall:   "[overall]",
		ByQueue:   "[billing sales]",
		ByAgent:   "[billing/ana billing/ben sales/ben]",
		ByTeam:    "[team-ana team-ben]",
		ByChannel: "[voice]",
	}
	for d, w := range want {
		if got := fmt.Sprint(a.Groups(d)); got != w {
			t.Errorf("Groups(%v) = %s, want %s", d, got, w)
		}
	}
	if got := a.Stat(Group{Dim: ByQueue, Queue: "nowhere"}, AllTime().Span(day0, time.UTC)); got != (Stat{}) {
		t.Errorf("an unknown group counts %+v", got)
	}
	if !a.Newest().Equal(day0) || !a.Oldest().Equal(day0) {
		t.Errorf("newest/oldest = %v/%v", a.Newest(), a.Oldest())
	}
}

func TestOldBucketsFoldIntoCoarserOnesAndAllTimeStaysExact(t *testing.T) {
	a := NewAggregator(Retention{Minutes: 2 * time.Hour, Quarters: 2 * 24 * time.Hour, Days: 5 * 24 * time.Hour, Loc: time.UTC})
	r1 := resp("1", day0.Add(10*time.Minute+30*time.Second), 10, "q", "x")
	r2 := resp("2", day0.Add(3*time.Hour), 0, "q", "x")
	a.Add(&r1)
	a.Add(&r2)
	now := day0.Add(3 * time.Hour)
	a.Advance(now)
	q := Group{Dim: ByQueue, Queue: "q"}
	if all := a.Stat(q, AllTime().Span(now, time.UTC)); all != (Stat{Promoters: 1, Detractors: 1}) {
		t.Errorf("all time after folding = %+v, want one promoter and one detractor", all)
	}
	// 10:30 past midnight is now in the quarter-hour (0:00, 0:15]: a window from a quarter-hour
	// is exact, one from inside it is not, and counts the quarter-hour whole.
	for _, c := range []struct {
		from  time.Duration
		exact bool
		want  Stat
	}{{0, true, Stat{Promoters: 1, Detractors: 1}}, {15 * time.Minute, true, Stat{Detractors: 1}}, {5 * time.Minute, false, Stat{Promoters: 1, Detractors: 1}}} {
		sp := Span{From: day0.Add(c.from), To: now}
		if a.Covers(sp) != c.exact {
			t.Errorf("Covers(from %v) = %v", c.from, !c.exact)
		}
		if got := a.Stat(q, sp); got != c.want {
			t.Errorf("from %v: %+v, want %+v", c.from, got, c.want)
		}
	}
	if !a.Covers(Last(2*time.Hour).Span(now, time.UTC)) {
		t.Error("the last 2h are not exact with 2h of minutes")
	}
	// Five days on, both are in day buckets; after five more, only in the totals.
	a.Advance(now.Add(5 * 24 * time.Hour))
	if got := a.Stat(q, Span{From: day0.Add(-time.Hour), To: day0.Add(24 * time.Hour)}); got != (Stat{Promoters: 1, Detractors: 1}) {
		t.Errorf("the day after folding into days = %+v", got)
	}
	a.Advance(now.Add(10 * 24 * time.Hour))
	if got := a.Stat(q, Span{From: day0.Add(-time.Hour), To: day0.Add(24 * time.Hour)}); got != (Stat{}) {
		t.Errorf("a day past the retention = %+v, want nothing", got)
	}
	// A late arrival older than every bucket counts in all time only.
	late := resp("3", day0.Add(20*time.Minute), 9, "q", "x")
	a.Add(&late)
	if got := a.Stat(Group{Dim: Overall}, AllTime().Span(now, time.UTC)).Promoters; got != 2 {
		t.Errorf("all-time promoters = %d, want 2", got)
	}
}

func TestLateArrivalsFillOlderBuckets(t *testing.T) {
	a := NewAggregator(Retention{})
	for i, m := range []int{30, 10, 20, 10, 40, 5} { // minutes past midnight, out of order
		r := resp(fmt.Sprint(i), day0.Add(time.Duration(m)*time.Minute), 9, "q", "")
		a.Add(&r)
	}
	at := day0.Add(time.Hour)
	cases := map[time.Duration]int64{time.Hour: 6, 51 * time.Minute: 5, 50 * time.Minute: 3, 30 * time.Minute: 1, 21 * time.Minute: 1, 20 * time.Minute: 0}
	for w, want := range cases {
		if got := a.Stat(Group{Dim: Overall}, Last(w).Span(at, time.UTC)).Promoters; got != want {
			t.Errorf("last %v = %d, want %d", w, got, want)
		}
	}
}

func TestAllTimeExcludesResponsesStampedAfterTheInstant(t *testing.T) {
	a := NewAggregator(Retention{})
	early, future := resp("1", day0, 9, "q", ""), resp("2", day0.Add(time.Hour), 0, "q", "")
	a.Add(&early)
	a.Add(&future)
	if got := a.Stat(Group{Dim: Overall}, AllTime().Span(day0.Add(time.Minute), time.UTC)); got != (Stat{Promoters: 1}) {
		t.Errorf("all time before the later response = %+v, want one promoter", got)
	}
}

// The steady state of a live dashboard: buckets roll over as old ones are evicted. Adding must
// not allocate, or the garbage collector runs all shift long.
func TestAddDoesNotAllocateInTheSteadyState(t *testing.T) {
	a := NewAggregator(Retention{Minutes: time.Hour, Quarters: 2 * time.Hour, Days: 48 * time.Hour})
	rs := make([]Response, 600)
	for i := range rs {
		rs[i] = resp(fmt.Sprint(i), day0.Add(time.Duration(i)*10*time.Second), i%11, fmt.Sprint("q", i%5), fmt.Sprint("a", i%40))
	}
	var now time.Time
	step := func(round int) {
		for i := range rs {
			r := rs[i]
			r.Time = r.Time.Add(time.Duration(round) * 100 * time.Minute)
			a.Add(&r)
			now = r.Time
		}
		a.Advance(now)
	}
	round := 0
	for ; round < 40; round++ { // past two days: minutes, quarter-hours and days all come and go
		step(round)
	}
	allocs := testing.AllocsPerRun(5, func() { step(round); round++ })
	if allocs != 0 {
		t.Fatalf("adding %d responses allocated %v times", len(rs), allocs)
	}
}

func TestTrendStepsAgreeWithWindows(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	a := NewAggregator(Retention{})
	var rs []Response
	for i := range 2000 {
		r := resp(fmt.Sprint(i), day0.Add(time.Duration(rng.Int64N(int64(6*time.Hour)))), rng.IntN(11), "q", "x")
		rs = append(rs, r)
		a.Add(&r)
	}
	for _, step := range []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute} {
		to := day0.Add(5*time.Hour + 17*time.Minute + 20*time.Second)
		trend := a.Trend(Group{Dim: ByQueue, Queue: "q"}, to, step, 10)
		end := ceilMinute(to)
		for i, got := range trend {
			sp := Span{From: end.Add(-time.Duration(10-i) * step), To: end.Add(-time.Duration(9-i) * step)}
			if want := bruteForce(rs, Group{Dim: ByQueue, Queue: "q"}, sp); got != want {
				t.Errorf("step %v, point %d: %+v, want %+v", step, i, got, want)
			}
		}
	}
	if got := a.Trend(Group{Dim: ByQueue, Queue: "none"}, day0, time.Minute, 3); len(got) != 3 || got[0] != (Stat{}) {
		t.Errorf("trend of an unknown group = %v", got)
	}
}

func TestAgentsOfAQueue(t *testing.T) {
	a := NewAggregator(Retention{})
	for _, r := range []Response{resp("1", day0, 9, "q", "zoe"), resp("2", day0, 9, "q", "al"), resp("3", day0, 9, "p", "bo")} {
		a.Add(&r)
	}
	if got := fmt.Sprint(a.Within("q", ByAgent)); got != "[q/al q/zoe]" {
		t.Errorf("agents of q = %s", got)
	}
	if got := fmt.Sprint(a.Within("q", ByQueueChannel)); got != "[q/voice]" {
		t.Errorf("channels of q = %s", got)
	}
	if a.Within("none", ByAgent) != nil {
		t.Error("agents of an unknown queue")
	}
}

func TestAnAggregatorKeepsOnlyTheGroupingsAskedFor(t *testing.T) {
	a := NewAggregator(Retention{}, ByTeam)
	r := resp("1", day0, 9, "q", "x")
	a.Add(&r)
	if len(a.Groups(ByTeam)) != 1 || len(a.Groups(ByQueue)) != 0 || len(a.Groups(ByAgent)) != 0 || len(a.Groups(ByChannel)) != 0 {
		t.Errorf("groups: teams %v, queues %v, agents %v, channels %v", a.Groups(ByTeam), a.Groups(ByQueue), a.Groups(ByAgent), a.Groups(ByChannel))
	}
	if got := a.Stat(Group{Dim: Overall}, AllTime().Span(day0, time.UTC)); got != (Stat{Promoters: 1}) {
		t.Errorf("overall %+v", got)
	}
	b := NewAggregator(Retention{}, ByAgent)
	b.Add(&r)
	if len(b.Groups(ByAgent)) != 1 || len(b.Groups(ByQueue)) != 1 {
		t.Error("agents are kept within their queues")
	}
}

// A trend takes any step and any count without failing: a step under a minute counts as one.
func TestTrendTakesAnyStep(t *testing.T) {
	a := NewAggregator(Retention{})
	a.Add(&Response{ID: "1", Time: MinTime, Score: 9, Queue: "q"})
	a.Add(&Response{ID: "2", Time: MaxTime, Score: 0, Queue: "q"})
	g := Group{Dim: ByQueue, Queue: "q"}
	if got := a.Trend(g, MaxTime, 30*time.Second, 2); got[1].Detractors != 1 {
		t.Errorf("a 30 s step: %v", got)
	}
	if got := a.Trend(g, MaxTime, 0, -1); len(got) != 0 {
		t.Errorf("no steps: %v", got)
	}
	span := MaxTime.Sub(MinTime) // 230 years: a time.Duration still
	if got := a.Trend(g, MaxTime, span/4+time.Hour, 4); got[0].Promoters != 1 || got[3].Detractors != 1 {
		t.Errorf("the whole range in four steps: %v", got)
	}
}

// A dashboard that runs for months: responses arrive in time order (some late), the clock moves,
// minutes fold into quarter-hours and those into local days. Every window a dashboard offers,
// and its comparison, is exact at every clock, in London and New York across both changes of
// the clocks, against a brute-force count of the responses.
func TestTieredBucketsKeepEveryWindowExact(t *testing.T) {
	windows := []Window{Last(15 * time.Minute), Last(time.Hour), Last(4 * time.Hour), Last(24 * time.Hour), Today(), Yesterday(),
		Last(7 * 24 * time.Hour), Last(30 * 24 * time.Hour), ThisWeek(), ThisMonth(), AllTime()}
	for _, name := range []string{"Europe/London", "America/New_York"} {
		loc := mustLoc(t, name)
		rng := rand.New(rand.NewPCG(13, uint64(len(name))))
		a := NewAggregator(Tiered(loc))
		start := time.Date(2026, 1, 5, 0, 0, 0, 0, loc) // 120 days: both changes of the clocks
		var rs []Response
		clock := start
		checks := 0
		for clock.Before(start.AddDate(0, 0, 330)) {
			// A few minutes of responses, one now and then a little late, and the clock moves on.
			step := time.Duration(1+rng.IntN(240)) * time.Minute
			for range rng.IntN(4) {
				at := clock.Add(time.Duration(rng.Int64N(int64(step))))
				if rng.IntN(20) == 0 {
					at = at.Add(-time.Duration(rng.Int64N(int64(3 * time.Hour))))
				}
				r := resp(fmt.Sprint(len(rs)), at, rng.IntN(11), []string{"billing", "sales"}[rng.IntN(2)], "ana")
				r.CSAT, r.CES = int8(rng.IntN(6)), int8(rng.IntN(8)) // 0: not answered
				a.Add(&r)
				rs = append(rs, r)
			}
			clock = clock.Add(step)
			a.Advance(clock)
			if rng.IntN(40) != 0 {
				continue
			}
			for _, w := range windows {
				sp := w.Span(clock, loc)
				spans := []Span{sp}
				if prev, ok := sp.Previous(); ok {
					spans = append(spans, prev)
				}
				for _, s := range spans {
					if !a.Covers(s) {
						t.Fatalf("%s at %v: %v (%v, %v] is not exact", name, clock, w, s.From, s.To)
					}
					for _, g := range []Group{{Dim: Overall}, {Dim: ByQueue, Queue: "sales"}, {Dim: ByAgent, Queue: "billing", Name: "ana"}} {
						if got, want := a.Stat(g, s), bruteForce(rs, g, s); got != want {
							t.Fatalf("%s at %v: %v (%v, %v] of %v counts %+v, want %+v", name, clock, w, s.From.In(loc), s.To.In(loc), g, got, want)
						}
						if got, want := a.Experience(g, s), bruteExperience(rs, g, s); got != want {
							t.Fatalf("%s at %v: %v (%v, %v] of %v: CSAT and CES %+v, want %+v", name, clock, w, s.From.In(loc), s.To.In(loc), g, got, want)
						}
					}
				}
			}
			checks++
		}
		if checks < 50 {
			t.Fatalf("%s: only %d clocks checked", name, checks)
		}
	}
}

// An agent's team and site are those of their latest answer; a site's queues are the queues
// answered there.
func TestAgentsAndSites(t *testing.T) {
	a := NewAggregator(Retention{})
	for i, c := range []struct{ queue, agent, team, site string }{
		{"billing", "ana", "Aurora", "Leeds"}, {"sales", "ben", "Delta", "Cork"}, {"billing", "ana", "Borealis", "Lisbon"}, {"sales", "cy", "Delta", "Cork"},
	} {
		r := Response{ID: fmt.Sprint(i), Time: day0.Add(time.Duration(i) * time.Minute), Score: 9, Queue: c.queue, Agent: c.agent, Team: c.team, Site: c.site}
		a.Add(&r)
	}
	if team, site := a.AgentOf(Group{Dim: ByAgent, Queue: "billing", Name: "ana"}); team != "Borealis" || site != "Lisbon" {
		t.Errorf("ana is in %s at %s, want her latest: Borealis at Lisbon", team, site)
	}
	if got := fmt.Sprint(a.Groups(BySite)); got != "[Cork Leeds Lisbon]" {
		t.Errorf("sites %s", got)
	}
	if got := a.SiteQueues("Cork"); len(got) != 1 || got[0].Queue != "sales" {
		t.Errorf("Cork's queues %v", got)
	}
	if n := a.Stat(Group{Dim: BySiteQueue, Queue: "sales", Name: "Cork"}, AllTime().Span(day0.Add(time.Hour), time.UTC)).Responses(); n != 2 {
		t.Errorf("sales at Cork: %d responses, want 2", n)
	}
}

// The queues found lately are placed by where their name's bytes are, and the name is still
// compared: a name read into the same bytes as another (a block read into again) finds its
// own queue.
func TestANameInReusedBytesFindsItsOwnQueue(t *testing.T) {
	a := NewAggregator(Retention{}, ByQueue)
	buf := []byte("billing")
	for i, name := range []string{"billing", "support", "billing", "support"} {
		copy(buf, name)
		r := resp(fmt.Sprint(i), day0, 10, unsafe.String(&buf[0], len(buf)), "")
		a.Add(&r)
	}
	copy(buf, "xxxxxxx") // the aggregator kept copies of its own
	sp := AllTime().Span(day0.Add(time.Hour), time.UTC)
	for _, q := range []string{"billing", "support"} {
		if got := a.Stat(Group{Dim: ByQueue, Queue: q}, sp).Responses(); got != 2 {
			t.Errorf("%s: %d responses, want 2", q, got)
		}
	}
}
