package model

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
	"unsafe"
)

func TestRecentKeepsTheLatestPerAgentNewestFirst(t *testing.T) {
	rc := NewRecent(3, 2)
	for i := range 5 {
		r := resp(fmt.Sprint(i), day0.Add(time.Duration(i)*time.Minute), []int{9, 2, 8, 5, 10}[i], "q", "ana")
		rc.Add(&r)
	}
	ids := func(rs []Response) (s []string) {
		for _, r := range rs {
			s = append(s, r.ID)
		}
		return s
	}
	if got := fmt.Sprint(ids(rc.Agent("q", "ana", 0))); got != "[4 3 2]" {
		t.Errorf("agent history %s, want [4 3 2]", got)
	}
	if got := fmt.Sprint(ids(rc.Agent("q", "ana", 2))); got != "[4 3]" {
		t.Errorf("limited history %s", got)
	}
	if got := fmt.Sprint(ids(rc.Detractors(10, nil))); got != "[3 1]" {
		t.Errorf("detractors %s, want [3 1]", got)
	}
	if got := rc.Detractors(10, func(r *Response) bool { return r.Score < 3 }); len(got) != 1 || got[0].ID != "1" {
		t.Errorf("filtered detractors %v", got)
	}
	if rc.Agent("q", "nobody", 0) != nil {
		t.Error("history of an unknown agent")
	}
}

func TestRecentCopiesWhatItKeeps(t *testing.T) {
	buf := []byte("id-1 billing ana comment")
	s := string(buf) // stands for a read buffer that will be reused
	r := Response{ID: s[:4], Queue: s[5:12], Agent: s[13:16], Comment: s[17:], Time: day0, Score: 1}
	rc := NewRecent(2, 2)
	rc.Add(&r)
	r2 := r
	r2.ID = "id-2"
	rc.Add(&r2)
	got := rc.Agent("billing", "ana", 0)
	for _, k := range got {
		if unsafe.StringData(k.Comment) == unsafe.StringData(s[17:]) {
			t.Error("the comment still points into the read buffer")
		}
	}
	if unsafe.StringData(got[0].Queue) != unsafe.StringData(got[1].Queue) {
		t.Error("queue names are not interned")
	}
}

// An agent's last team, channel and site are remembered to save a lookup; a read buffer used
// again for the next response's names, and an agent who moves, are told apart all the same.
func TestRecentsLastNamesFollowTheResponses(t *testing.T) {
	buf := []byte("north")
	team := unsafe.String(&buf[0], len(buf)) // a read buffer, written over below
	rc := NewRecent(10, 10)
	for i, want := range []string{"north", "south", "south", "", "north"} {
		copy(buf, want)
		r := Response{ID: fmt.Sprint(i), Time: day0.Add(time.Duration(i) * time.Minute), Score: 9, Queue: "billing", Agent: "ana",
			Team: team[:len(want)], Channel: want, Site: want}
		rc.Add(&r)
	}
	got := rc.Agent("billing", "ana", 0)
	for i, want := range []string{"north", "", "south", "south", "north"} { // newest first
		if g := got[i]; g.Team != want || g.Channel != want || g.Site != want {
			t.Errorf("response %d: team %q, channel %q, site %q; want %q", 4-i, g.Team, g.Channel, g.Site, want)
		}
	}
}

// Names are interned up to a bound: a feed of made-up segments does not grow the table forever.
func TestInterningIsBounded(t *testing.T) {
	n := names{}
	for i := range maxInterned + 500 {
		if got := n.intern(fmt.Sprint("segment-", i)); got != fmt.Sprint("segment-", i) {
			t.Fatalf("interned %q", got)
		}
	}
	if len(n) != maxInterned {
		t.Errorf("%d names interned, at most %d", len(n), maxInterned)
	}
}

// A file not sorted by time: the latest are the latest by time, not by arrival, and a late
// old response does not push a newer one out.
func TestRecentOrdersByTimeNotArrival(t *testing.T) {
	rc := NewRecent(3, 3)
	for _, m := range []int{10, 30, 20, 5, 40, 1, 35} {
		r := resp(fmt.Sprint(m), day0.Add(time.Duration(m)*time.Minute), 2, "q", "ana")
		rc.Add(&r)
	}
	ids := func(rs []Response) (s []string) {
		for _, r := range rs {
			s = append(s, r.ID)
		}
		return s
	}
	if got := fmt.Sprint(ids(rc.Detractors(10, nil))); got != "[40 35 30]" {
		t.Errorf("detractors %s, want [40 35 30]", got)
	}
	if got := fmt.Sprint(ids(rc.Agent("q", "ana", 0))); got != "[40 35 30]" {
		t.Errorf("agent history %s, want [40 35 30]", got)
	}
	if got := fmt.Sprint(ids(rc.Detractors(2, nil))); got != "[40 35]" {
		t.Errorf("limited detractors %s", got)
	}
	// Equal times: the later arrival counts as the newer.
	tie := NewRecent(2, 2)
	for _, id := range []string{"a", "b", "c"} {
		r := resp(id, day0, 1, "q", "ana")
		tie.Add(&r)
	}
	if got := fmt.Sprint(ids(tie.Detractors(10, nil))); got != "[c b]" {
		t.Errorf("ties %s, want [c b]", got)
	}
}

// Against the obvious reference: whatever the arrival order, the kept detractors are the n
// latest by time (later arrival first among equal times), newest first.
func TestRecentMatchesSortingEverything(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 1))
	for round := range 200 {
		capacity := 1 + rng.IntN(20)
		rc := NewRecent(capacity, capacity)
		var all []Response
		for i := range rng.IntN(80) {
			r := resp(fmt.Sprint(i), day0.Add(time.Duration(rng.IntN(30))*time.Minute), 3, "q", "ana")
			rc.Add(&r)
			all = append(all, r)
		}
		// Stable on arrival, then newest first: reverse a stable ascending sort.
		slices.SortStableFunc(all, func(a, b Response) int { return a.Time.Compare(b.Time) })
		slices.Reverse(all)
		want := all[:min(capacity, len(all))]
		got := rc.Detractors(capacity, nil)
		if len(got) != len(want) {
			t.Fatalf("round %d: %d kept, want %d", round, len(got), len(want))
		}
		for i := range want {
			if got[i].ID != want[i].ID {
				t.Fatalf("round %d: position %d holds %s, want %s", round, i, got[i].ID, want[i].ID)
			}
		}
	}
}

// AddBatch keeps exactly what Add would, response by response, for batches in time order
// (where it skips what would be pushed out) and out of it.
func TestAddBatchKeepsWhatAddWould(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 3))
	for round := range 100 {
		one, batch := NewRecent(1+rng.IntN(6), 1+rng.IntN(10)), NewRecent(0, 0)
		batch.perAgent, batch.capacity = one.perAgent, one.capacity
		start := day0
		for range 1 + rng.IntN(5) {
			var rs []Response
			for i := range rng.IntN(80) {
				at := start // in time order, ties too
				if round%3 == 0 {
					at = start.Add(time.Duration(rng.IntN(60)) * time.Minute) // out of order
				}
				start = start.Add(time.Duration(rng.IntN(2)) * time.Minute)
				rs = append(rs, resp(fmt.Sprint(round, "-", len(rs), "-", i), at, rng.IntN(11), []string{"a", "b"}[rng.IntN(2)], []string{"x", "y", "z"}[rng.IntN(3)]))
			}
			for i := range rs {
				r := rs[i]
				one.Add(&r)
			}
			batch.AddBatch(slices.Clone(rs))
		}
		ids := func(rs []Response) (s []string) {
			for _, r := range rs {
				s = append(s, r.ID)
			}
			return s
		}
		if a, b := ids(one.Detractors(1000, nil)), ids(batch.Detractors(1000, nil)); !slices.Equal(a, b) {
			t.Fatalf("round %d: detractors %v, by batch %v", round, a, b)
		}
		for _, q := range []string{"a", "b"} {
			for _, ag := range []string{"x", "y", "z"} {
				if a, b := ids(one.Agent(q, ag, 0)), ids(batch.Agent(q, ag, 0)); !slices.Equal(a, b) {
					t.Fatalf("round %d: %s/%s %v, by batch %v", round, q, ag, a, b)
				}
			}
		}
	}
}

// A list keeps every field of a response, in 144 bytes; its time comes back as the same
// instant, in UTC.
func TestRecentKeepsEveryFieldCompactly(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	in := Response{ID: "r-1", Time: time.Date(2026, 11, 24, 9, 30, 15, 123456789, ny), Score: 3, CSAT: 2, CES: 6,
		Queue: "Billing", Agent: "Ana", Team: "North", Channel: "voice", Customer: "C-9", Segment: "vip", Site: "Leeds",
		Comment: "never again"}
	rc := NewRecent(5, 5)
	rc.Add(&in)
	got := rc.Agent("Billing", "Ana", 0)
	if len(got) != 1 {
		t.Fatalf("%d responses kept", len(got))
	}
	out := got[0]
	if !out.Time.Equal(in.Time) || out.Time.Location() != time.UTC {
		t.Errorf("time %v, want %v in UTC", out.Time, in.Time)
	}
	out.Time = in.Time
	if out != in {
		t.Errorf("kept %+v, want %+v", out, in)
	}
	if d := rc.Detractors(5, nil); len(d) != 1 || d[0].Comment != in.Comment || d[0].Customer != in.Customer {
		t.Errorf("detractors %+v", d)
	}
	if size := unsafe.Sizeof(kept{}); size > 72 {
		t.Errorf("a kept response takes %d bytes", size)
	}
}

// A Recent's table of names is bounded: past it, names are kept as Other, and the lists of
// agents past it are one list, not a new one a response.
func TestARecentsTableOfNamesIsBounded(t *testing.T) {
	rc := NewRecent(3, 3)
	for i := range maxTable + 50 {
		rc.Add(&Response{ID: fmt.Sprint("r", i), Time: day0.Add(time.Duration(i) * time.Second), Score: 9, Queue: "Q", Agent: fmt.Sprint("agent-", i)})
	}
	if rc.names.Len() > maxTable+1 {
		t.Errorf("%d names in the table, at most %d", rc.names.Len(), maxTable+1)
	}
	if len(rc.byAgent) > maxTable {
		t.Errorf("%d lists of agents", len(rc.byAgent))
	}
	if got := rc.Agent("Q", Other, 0); len(got) != 3 || got[0].Agent != Other || got[0].ID != fmt.Sprint("r", maxTable+49) {
		t.Errorf("the agents past the bound: %+v", got)
	}
	if got := rc.Agent("Q", "agent-7", 0); len(got) != 1 || got[0].ID != "r7" {
		t.Errorf("an agent within the bound: %+v", got)
	}
}
