package model

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

func TestDedupCountsAnIdOnce(t *testing.T) {
	d := NewDedup()
	if d.Add("r-1", day0) {
		t.Fatal("first sight of r-1 is a duplicate")
	}
	if !d.Add("r-1", day0.Add(time.Hour)) {
		t.Fatal("second sight of r-1 is not a duplicate")
	}
	if d.Add("r-2", day0) {
		t.Fatal("r-2 is a duplicate of r-1")
	}
	if d.Len() != 2 {
		t.Fatalf("Len() = %d, want 2", d.Len())
	}
	d.Forget("r-1")
	if d.Add("r-1", day0) {
		t.Fatal("a forgotten id is still a duplicate")
	}
}

// fill adds n fresh ids stamped at t, enough to make the set sweep.
func fill(d *Dedup, prefix string, n int, t time.Time) {
	for i := range n {
		d.Add(fmt.Sprint(prefix, i), t)
	}
}

func TestDedupForgetsIdsOlderThanTheWindow(t *testing.T) {
	d := NewDedup()
	d.Add("old", day0)
	d.Add("recent", day0.Add(2*time.Hour))
	fill(d, "new-", 1<<17, day0.Add(DedupWindow+time.Hour))
	if d.Add("recent", day0.Add(2*time.Hour)) != true {
		t.Error("an id 47 h behind the newest was forgotten; the window is 48 h")
	}
	if d.Add("old", day0) != false {
		t.Error("an id 49 h behind the newest is still remembered after a sweep")
	}
	if d.Len() > 1<<17+3 {
		t.Errorf("Len() = %d: old ids were not dropped", d.Len())
	}
}

func TestDedupIgnoresTimesAboveTheCeiling(t *testing.T) {
	d := NewDedup()
	d.Ceil(day0.Add(time.Hour))
	d.Add("ok", day0)
	d.Add("from-a-broken-clock", time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC))
	fill(d, "x-", 1<<17, day0)
	if !d.Add("ok", day0) {
		t.Error("one response stamped 2099 made the set forget today's ids")
	}
}

// A duplicate may carry any time (a forged one, say): it must not change when the id it
// repeats is forgotten, or sending it once more with its real time counts it twice.
func TestADuplicateDoesNotRestampTheId(t *testing.T) {
	d := NewDedup()
	d.Add("x", day0)
	if !d.Add("x", MinTime) {
		t.Fatal("the same id with another time is not a duplicate")
	}
	fill(d, "other-", 70000, day0)
	if !d.Add("x", day0) {
		t.Error("x was forgotten after a duplicate stamped it in 1970: it is counted twice")
	}
}

// Ids stamped in the future (a broken clock) are remembered as if stamped at the ceiling,
// and forgotten as the receiver's clock moves on, instead of being kept forever.
func TestFutureIdsAreForgottenByTheReceiversClock(t *testing.T) {
	d := NewDedup()
	d.Ceil(day0.Add(time.Hour))
	fill(d, "future-", 1000, time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC))
	if !d.Add("future-7", time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatal("a future id is not remembered at all")
	}
	later := day0.Add(DedupWindow + 3*time.Hour)
	d.Ceil(later.Add(time.Hour))
	fill(d, "now-", 1<<17, later)
	if d.Add("future-7", time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Error("an id stamped 2099 is still remembered two days after it came")
	}
	if d.Len() > 1<<17+1 {
		t.Errorf("Len() = %d: the future ids were kept", d.Len())
	}
}

// Past its limit the set forgets its oldest ids first, and counts what it forgot early.
func TestDedupRemembersAtMostItsLimit(t *testing.T) {
	d := NewDedup()
	d.Limit(1000)
	fill(d, "old-", 600, day0)
	fill(d, "new-", 600, day0.Add(time.Hour))
	if d.Len() > 1000 {
		t.Fatalf("Len() = %d, over the limit of 1000", d.Len())
	}
	if d.Forgotten() != int64(1200-d.Len()) || d.Forgotten() == 0 {
		t.Errorf("Forgotten() = %d with %d of 1200 remembered", d.Forgotten(), d.Len())
	}
	for i := range 600 {
		if !d.Add(fmt.Sprint("new-", i), day0.Add(time.Hour)) {
			t.Fatalf("new-%d was forgotten before the older ids", i)
		}
	}
	// One minute holding more ids than the limit: some of that minute go too.
	fill(d, "flood-", 5000, day0.Add(2*time.Hour))
	if d.Len() > 1000 {
		t.Errorf("Len() = %d after a flood of one minute", d.Len())
	}
}

// The table answers as a map of ids would, through growth, Forget (which shifts the ids after
// the hole back) and Reserve, with ids that share their probe runs: a small universe, many
// duplicates and many forgotten, over tables of every size from the smallest.
// A sweep skips the table when nothing remembered is old enough to forget; an id that comes
// late, older than every other, is still forgotten by the next sweep.
func TestALateIdIsForgottenThoughSweepsSkipTheTable(t *testing.T) {
	d := NewDedup()
	fill(d, "a-", 1<<16, day0.Add(50*time.Hour)) // a sweep with nothing to forget
	d.Add("late", day0)                          // 50 h behind the newest when it came
	fill(d, "b-", 1<<17, day0.Add(50*time.Hour)) // the next sweep
	if d.Add("late", day0) {
		t.Error("an id 50 h behind the newest is still remembered after a sweep")
	}
	if !d.Add("a-7", day0.Add(50*time.Hour)) {
		t.Error("an id of the newest minute was forgotten")
	}
}

func TestDedupAgreesWithAMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, universe := range []int{50, 3000, 40000} {
		d := NewDedup()
		if universe == 3000 {
			d.Reserve(5000)
		}
		want := map[string]bool{}
		for op := range 20 * universe {
			id := fmt.Sprint("id-", rng.IntN(universe))
			if rng.IntN(4) == 0 {
				d.Forget(id)
				delete(want, id)
				continue
			}
			if got := d.Add(id, day0); got != want[id] {
				t.Fatalf("universe %d, op %d: Add(%s) = %v, want %v", universe, op, id, got, want[id])
			}
			want[id] = true
			if d.Len() != len(want) {
				t.Fatalf("universe %d, op %d: Len() = %d, want %d", universe, op, d.Len(), len(want))
			}
		}
	}
}

// Ids hashed ahead (IDHash, as a file's reader does on its own goroutines) and added in groups
// whose slots are loaded first (Touch) count as Add counts them.
func TestAddHashIsAdd(t *testing.T) {
	a, b := NewDedup(), NewDedup()
	var hs []uint64
	var ids []string
	for i := range 5000 {
		id := fmt.Sprint("r-", i%3700)
		ids = append(ids, id)
		hs = append(hs, IDHash(id))
	}
	for base := 0; base < len(ids); base += 16 {
		b.Touch(hs[base:min(base+16, len(hs))])
		for i := base; i < min(base+16, len(ids)); i++ {
			if x, y := a.Add(ids[i], day0), b.AddHash(hs[i], day0); x != y {
				t.Fatalf("id %d: Add = %v, AddHash = %v", i, x, y)
			}
		}
	}
	if a.Len() != 3700 || b.Len() != 3700 {
		t.Errorf("Len() = %d and %d, want 3700", a.Len(), b.Len())
	}
}

// Dropping in place (a sweep) keeps exactly the ids it is told to, and every one kept is still
// found: the ids shifted back into a hole are looked at too, across the table's wrap.
func TestDedupDropsInPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{10, 500, 100_000} {
		d := NewDedup()
		minute := map[string]int64{}
		for i := range n {
			id := fmt.Sprint("x", i)
			at := day0.Add(time.Duration(rng.IntN(2000)) * time.Minute) // within the window: no sweep forgets any
			d.Add(id, at)
			minute[id] = minuteOf(at)
		}
		d.drop(func(m int64) bool { return m%3 != 0 })
		kept := 0
		for id, m := range minute {
			found := d.find(IDHash(id)).h != 0
			if found != (m%3 != 0) {
				t.Fatalf("n %d: %s of minute %d found %v after the drop", n, id, m, found)
			}
			if found {
				kept++
			}
		}
		if d.Len() != kept {
			t.Fatalf("n %d: Len() = %d, %d kept", n, d.Len(), kept)
		}
	}
}

// The room made for a file's ids stays through the sweeps of a set still filling, and the ids
// are never moved to a new table while it fills.
func TestDedupKeepsTheRoomItWasGiven(t *testing.T) {
	d := NewDedup()
	d.Reserve(1_000_000)
	size := len(d.slots)
	fill(d, "f-", 300_000, day0)
	if len(d.slots) != size {
		t.Errorf("the table went from %d to %d slots while 300,000 ids went into the room made for a million", size, len(d.slots))
	}
}
