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
// It keeps a 64-bit hash of each id with its event minute, in a table of its own (open
// addressing, at most half full: 32 bytes an id), and forgets ids whose event time is more than
// DedupWindow behind the newest event time seen. Two distinct ids share a hash with a
// probability of about n²/2⁶⁵: one in ten million for two million ids in memory.
//
// Times are taken no later than the ceiling set by Ceil (the receiver's clock plus a
// tolerance): a response stamped by a clock set to 2099 is remembered as if stamped at the
// ceiling, and moves nothing, so it neither makes every other id expire nor stays remembered
// forever. A duplicate
// changes nothing of what is remembered: its time may be forged.
type Dedup struct {
	slots  []slot // open addressing with linear probing; a power of two, at most half full
	n      int    // ids remembered
	newest int64  // newest event minute seen at or below the ceiling
	// oldest is at or before the oldest minute remembered: a sweep with nothing so old to
	// forget does not walk the table (a report's file of one day is swept five times).
	oldest    int64
	ceiling   int64
	sweepAt   int // sweep when the set grows to this size
	limit     int
	forgotten int64
	reserved  int    // the table size Reserve made room for: sweeps do not shrink it below
	touched   uint64 // what Touch loaded, kept so that the loads are not optimized away
}

// slot is an id remembered: its hash and event minute, side by side, so that a lookup costs
// one cache line (a million ids do not fit in a cache; a map touches two lines per new id).
type slot struct {
	h uint64 // never 0, which marks an empty slot
	m int64
}

const minSlots = 1 << 10

// NewDedup makes an empty set with no ceiling, remembering at most MaxIDs.
func NewDedup() *Dedup {
	return &Dedup{slots: make([]slot, minSlots), newest: minInt64, oldest: 1<<63 - 1, ceiling: 1<<63 - 1,
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

// Reserve makes room for n ids at once (at most the limit), so that a set filled from a file
// of known size is not rebuilt as it grows.
func (d *Dedup) Reserve(n int) {
	if size := d.sizeFor(min(n, d.limit) / 2); size > len(d.slots) {
		d.resize(size, nil)
		d.reserved = size
	}
}

// prefault writes every page of a new table once, in order. Fresh memory is mapped to the
// shared zero page on its first read and copied on its first write: two faults a page, each
// taken by a random new id (Touch reads, AddHash writes); written first, a page faults once.
// On this project's VM that halved the faults of a report and took a tenth off its time.
func prefault(slots []slot) {
	const perPage = 4096 / 16
	for i := 0; i < len(slots); i += perPage {
		slots[i].m = 0
	}
}

// idSeed keys the hash of ids: random per process, so that no feed can choose ids that collide.
var idSeed = maphash.MakeSeed()

// IDHash is the hash of an id that a Dedup checks (never 0). It may be computed on any
// goroutine, ahead of AddHash: where the id was just decoded, its bytes are in the cache.
func IDHash(id string) uint64 { return max(maphash.String(idSeed, id), 1) }

// find is the slot of hash h, or the empty slot where it would go.
func (d *Dedup) find(h uint64) *slot {
	mask := uint64(len(d.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		if s := &d.slots[i]; s.h == h || s.h == 0 {
			return s
		}
	}
}

// Touch loads the slots of hashes about to be added: a million ids do not fit in a cache, and
// loads that do not wait for one another are made at once, not one cache miss after another.
func (d *Dedup) Touch(hs []uint64) {
	mask := uint64(len(d.slots) - 1)
	var x uint64
	for _, h := range hs {
		x |= d.slots[h&mask].h
	}
	d.touched = x
}

// Add records id, seen on a response of event time t, and reports whether it was already
// there; a duplicate is not recorded again.
func (d *Dedup) Add(id string, t time.Time) (duplicate bool) { return d.AddHash(IDHash(id), t) }

// AddHash is Add of the id whose IDHash is h.
func (d *Dedup) AddHash(h uint64, t time.Time) (duplicate bool) {
	s := d.find(h)
	if s.h != 0 {
		return true
	}
	m := minuteOf(t)
	if m > d.ceiling {
		m = d.ceiling // forgotten 48 h after it came, by the receiver's clock
	} else {
		d.newest = max(d.newest, m)
	}
	*s = slot{h, m}
	d.oldest = min(d.oldest, m)
	d.n++
	if 2*d.n > len(d.slots) {
		d.resize(2*len(d.slots), nil)
	}
	if d.n >= d.sweepAt {
		d.sweep()
	}
	return false
}

// resize moves the ids into a table of size slots (a power of two), keeping those keep says
// to (all when keep is nil).
func (d *Dedup) resize(size int, keep func(m int64) bool) {
	old := d.slots
	d.slots, d.n = make([]slot, size), 0
	prefault(d.slots)
	for _, s := range old {
		if s.h != 0 && (keep == nil || keep(s.m)) {
			*d.find(s.h) = s
			d.n++
		}
	}
}

// Forget removes id, recorded by an Add whose response could not be kept after all (a write
// that failed), so that sending it again is not a duplicate.
func (d *Dedup) Forget(id string) {
	h := IDHash(id)
	mask := len(d.slots) - 1
	i := int(h & uint64(mask))
	for ; d.slots[i].h != h; i = (i + 1) & mask {
		if d.slots[i].h == 0 {
			return
		}
	}
	d.removeAt(i)
}

// removeAt empties slot i, shifting back the ids after it that probed past it, so that no
// lookup stops short: slot i then holds the next id of its run, or nothing.
func (d *Dedup) removeAt(i int) {
	mask := len(d.slots) - 1
	for j := i; ; {
		j = (j + 1) & mask
		if d.slots[j].h == 0 {
			break
		}
		home := int(d.slots[j].h & uint64(mask))
		if between := (i < home && home <= j) || (j < i && (i < home || home <= j)); between {
			continue // its home is after the hole: it stays
		}
		d.slots[i] = d.slots[j]
		i = j
	}
	d.slots[i] = slot{}
	d.n--
}

// drop forgets, in place, the ids whose minute keep refuses, in one turn of the table that
// starts after an empty slot (there is one: the table is at most half full), so that the ids
// shifted back into a hole are the ones still to be looked at, and it is looked at again.
func (d *Dedup) drop(keep func(m int64) bool) {
	mask := len(d.slots) - 1
	start := 0
	for d.slots[start].h != 0 {
		start++
	}
	for k := 1; k <= len(d.slots); k++ {
		i := (start + k) & mask
		for d.slots[i].h != 0 && !keep(d.slots[i].m) {
			d.removeAt(i)
		}
	}
}

// Len is the number of ids remembered.
func (d *Dedup) Len() int { return d.n }

// Forgotten counts the ids forgotten before their time to keep within the limit: a duplicate
// of one of them would be counted again.
func (d *Dedup) Forgotten() int64 { return d.forgotten }

// sweep forgets the ids older than the window, and the oldest beyond the limit. It runs when
// the set has doubled since the last sweep, or reached its limit, so its cost is constant per
// Add on average.
func (d *Dedup) sweep() {
	cutoff := d.newest - int64(DedupWindow/Resolution)
	before := d.n
	if d.oldest < cutoff {
		oldest := int64(1<<63 - 1)
		d.drop(func(m int64) bool {
			if m < cutoff {
				return false
			}
			oldest = min(oldest, m)
			return true
		})
		d.oldest = oldest
	}
	// Left mostly empty by what expired: a smaller table walks faster. Never below the room
	// made (Reserve): a set still filling would only grow again.
	if size := max(d.sizeFor(d.n), d.reserved); d.n < before && len(d.slots) > 4*size {
		d.resize(size, nil)
	}
	if d.n >= d.limit {
		d.shed(d.limit * 3 / 4)
	}
	d.sweepAt = min(max(1<<16, 2*d.n), d.limit)
}

// sizeFor is the table size for n ids: at most half full, with room to grow.
func (d *Dedup) sizeFor(n int) int {
	size := minSlots
	for size < 4*n {
		size *= 2
	}
	return size
}

// shed forgets the oldest ids until target are left. The age that parts them is estimated from
// a sample (the table's order is the hashes', random); among ids of that minute, any go.
func (d *Dedup) shed(target int) {
	excess := d.n - target
	sample := make([]int64, 0, 4096)
	for _, s := range d.slots {
		if s.h == 0 {
			continue
		}
		if sample = append(sample, s.m); len(sample) == cap(sample) {
			break
		}
	}
	slices.Sort(sample)
	cutoff := sample[min(len(sample)-1, len(sample)*excess/d.n)]
	newer := 0
	for _, s := range d.slots {
		if s.h != 0 && s.m > cutoff {
			newer++
		}
	}
	older, left := max(target-newer, 0), target // older: how many at or before the cutoff stay
	before := d.n
	d.resize(d.sizeFor(target), func(m int64) bool {
		if m <= cutoff {
			if older == 0 {
				return false
			}
			older--
		}
		left--
		return left >= 0
	})
	d.forgotten += int64(before - d.n)
}
