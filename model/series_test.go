package model

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// A ring holds what a sorted list of buckets would, through growth past the sizes where it
// stops doubling, wrap-around, late arrivals and pops.
func TestARingHoldsWhatASortedListWould(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	var r ring[tally]
	var want []bucket // sorted by end
	end := int32(1000)
	for step := range 20000 {
		switch k := rng.IntN(10); {
		case k < 6: // the newest, or a new newest
			if rng.IntN(3) == 0 {
				end++
			}
			r.add(int64(end), tally{promoters: 1})
			if n := len(want); n > 0 && want[n-1].end == end {
				want[n-1].n.promoters++
			} else {
				want = append(want, bucket{end: end, n: tally{promoters: 1}})
			}
		case k < 9: // a late one, into or before what is kept
			e := end - int32(rng.IntN(300))
			r.add(int64(e), tally{detractors: 1})
			i, found := slices.BinarySearchFunc(want, e, func(b bucket, e int32) int { return int(b.end - e) })
			if found {
				want[i].n.detractors++
			} else {
				want = slices.Insert(want, i, bucket{end: e, n: tally{detractors: 1}})
			}
		default: // the oldest leave
			cut := int64(end - int32(rng.IntN(400)))
			r.pop(cut, nil)
			i := 0
			for i < len(want) && int64(want[i].end) <= cut {
				i++
			}
			want = want[i:]
		}
		if r.n != len(want) {
			t.Fatalf("step %d: %d buckets, want %d", step, r.n, len(want))
		}
		if step%97 == 0 || step == 19999 {
			for i := range want {
				if *r.at(i) != want[i] {
					t.Fatalf("step %d: bucket %d is %+v, want %+v", step, i, *r.at(i), want[i])
				}
			}
		}
	}
	if len(r.buf) < 64 {
		t.Errorf("the ring never grew past doubling (%d)", len(r.buf))
	}
}
