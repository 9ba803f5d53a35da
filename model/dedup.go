package model

import (
	"hash/maphash"
	"time"
)

// DedupWindow is how long, in event time, an accepted id is remembered.
const DedupWindow = 48 * time.Hour

// Dedup remembers the ids of accepted responses so that a response delivered twice (a webhook
// retry, a replayed file, a reconnect that resumes too early) is counted once.
//
// It keeps a 64-bit hash of each id with its event minute, and forgets ids whose event time is
// more than DedupWindow behind the newest event time seen. Two distinct ids share a hash with a
// probability of about n²/2⁶⁵: one in ten million for two million ids in memory.
//
// The newest event time ignores responses stamped after the ceiling set by Ceil, so that one
// response from a clock set to 2099 cannot make every remembered id expire.
type Dedup struct {
	seed    maphash.Seed
	seen    map[uint64]int64 // hash → event minute
	newest  int64            // newest event minute at or below the ceiling
	ceiling int64
	sweepAt int // sweep when the map grows to this size
}

// NewDedup makes an empty set with no ceiling.
func NewDedup() *Dedup {
	return &Dedup{seed: maphash.MakeSeed(), seen: make(map[uint64]int64), newest: minInt64, ceiling: 1<<63 - 1, sweepAt: 1 << 16}
}

// Ceil sets the latest event time that may move the set's notion of "newest": a live source
// passes its clock plus a tolerance.
func (d *Dedup) Ceil(t time.Time) { d.ceiling = minuteOf(t) }

// Add records id, seen on a response of event time t, and reports whether it was already
// there; a duplicate is not recorded again.
func (d *Dedup) Add(id string, t time.Time) (duplicate bool) {
	h := maphash.String(d.seed, id)
	m := minuteOf(t)
	// One probe instead of a lookup and an insert: the map grew if and only if the id is new.
	// A duplicate stamps the id with its own minute, which at most moves when it is forgotten.
	n := len(d.seen)
	d.seen[h] = m
	if len(d.seen) == n {
		return true
	}
	if m > d.newest && m <= d.ceiling {
		d.newest = m
	}
	if len(d.seen) >= d.sweepAt {
		d.sweep()
	}
	return false
}

// Forget removes id, recorded by an Add whose response could not be kept after all (a write
// that failed), so that sending it again is not a duplicate.
func (d *Dedup) Forget(id string) { delete(d.seen, maphash.String(d.seed, id)) }

// Len is the number of ids remembered.
func (d *Dedup) Len() int { return len(d.seen) }

// sweep forgets the ids older than the window. It runs when the set has doubled since the last
// sweep, so its cost is constant per Add on average.
func (d *Dedup) sweep() {
	defer func() { d.sweepAt = max(1<<16, 2*len(d.seen)) }()
	if d.newest == minInt64 { // every time seen was above the ceiling: nothing to measure from
		return
	}
	cutoff := d.newest - int64(DedupWindow/Resolution)
	for h, m := range d.seen {
		if m < cutoff {
			delete(d.seen, h)
		}
	}
}
