package model

import (
	"hash/maphash"
	"slices"
	"time"
)

// DedupWindow is how long, in event time, an accepted id is remembered.
const DedupWindow = 48 * time.Hour

// MaxIDs is the most ids a Dedup remembers: a million and a half responses a day for two days.
// Past it the oldest are forgotten early, and counted (Forgotten).
const MaxIDs = 4 << 20

// Dedup remembers the ids of accepted responses so that a response delivered twice (a webhook
// retry, a replayed file, a reconnect that resumes too early) is counted once.
//
// It keeps a 64-bit hash of each id with its event minute, and forgets ids whose event time is
// more than DedupWindow behind the newest event time seen. Two distinct ids share a hash with a
// probability of about n²/2⁶⁵: one in ten million for two million ids in memory.
//
// Times are taken no later than the ceiling set by Ceil (the receiver's clock plus a
// tolerance): a response stamped by a clock set to 2099 is remembered as if stamped at the
// ceiling, and moves nothing, so it neither makes every other id expire nor stays remembered
// forever. A duplicate
// changes nothing of what is remembered: its time may be forged.
type Dedup struct {
	seed      maphash.Seed
	seen      map[uint64]int64 // hash → event minute, at most the ceiling
	newest    int64            // newest event minute seen at or below the ceiling
	ceiling   int64
	sweepAt   int // sweep when the map grows to this size
	limit     int
	forgotten int64
}

// NewDedup makes an empty set with no ceiling, remembering at most MaxIDs.
func NewDedup() *Dedup {
	return &Dedup{seed: maphash.MakeSeed(), seen: make(map[uint64]int64), newest: minInt64, ceiling: 1<<63 - 1,
		sweepAt: 1 << 16, limit: MaxIDs}
}

// Ceil sets the latest event time an id is remembered at: a source passes the receiver's clock
// plus a tolerance.
func (d *Dedup) Ceil(t time.Time) { d.ceiling = minuteOf(t) }

// Limit sets the most ids remembered (at least 16).
func (d *Dedup) Limit(n int) {
	d.limit = max(n, 16)
	d.sweepAt = min(d.sweepAt, d.limit)
}

// Add records id, seen on a response of event time t, and reports whether it was already
// there; a duplicate is not recorded again.
func (d *Dedup) Add(id string, t time.Time) (duplicate bool) {
	h := maphash.String(d.seed, id)
	if _, ok := d.seen[h]; ok {
		return true
	}
	m := minuteOf(t)
	if m > d.ceiling {
		m = d.ceiling // forgotten 48 h after it came, by the receiver's clock
	} else {
		d.newest = max(d.newest, m)
	}
	d.seen[h] = m
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

// Forgotten counts the ids forgotten before their time to keep within the limit: a duplicate
// of one of them would be counted again.
func (d *Dedup) Forgotten() int64 { return d.forgotten }

// sweep forgets the ids older than the window, and the oldest beyond the limit. It runs when
// the set has doubled since the last sweep, or reached its limit, so its cost is constant per
// Add on average.
func (d *Dedup) sweep() {
	cutoff := d.newest - int64(DedupWindow/Resolution)
	for h, m := range d.seen {
		if m < cutoff {
			delete(d.seen, h)
		}
	}
	if len(d.seen) >= d.limit {
		d.shed(d.limit * 3 / 4)
	}
	d.sweepAt = min(max(1<<16, 2*len(d.seen)), d.limit)
}

// shed forgets the oldest ids until target are left. The age that parts them is estimated from
// a sample (a map's order is random); among ids of that minute, any go.
func (d *Dedup) shed(target int) {
	excess := len(d.seen) - target
	sample := make([]int64, 0, 4096)
	for _, m := range d.seen {
		if sample = append(sample, m); len(sample) == cap(sample) {
			break
		}
	}
	slices.Sort(sample)
	cutoff := sample[min(len(sample)-1, len(sample)*excess/len(d.seen))]
	drop := func(keep func(m int64) bool) {
		for h, m := range d.seen {
			if len(d.seen) <= target {
				return
			}
			if !keep(m) {
				delete(d.seen, h)
				d.forgotten++
			}
		}
	}
	drop(func(m int64) bool { return m > cutoff })
	drop(func(int64) bool { return false })
}
