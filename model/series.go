package model

import "math"

// tally is the compact count of one minute bucket; a minute never holds 4 billion responses.
type tally struct{ promoters, passives, detractors uint32 }

func (t *tally) add(c Class) {
	switch c {
	case Promoter:
		t.promoters++
	case Passive:
		t.passives++
	default:
		t.detractors++
	}
}

func (t tally) stat() Stat {
	return Stat{int64(t.promoters), int64(t.passives), int64(t.detractors)}
}

type bucket struct {
	minute int64 // the bucket holds (minute−1, minute] in minutes since the epoch
	tally
}

// series is one group's counts: a running total over all time, and the non-empty minute buckets
// in time order. The buckets live in a ring whose capacity is a power of two, so that in the
// steady state (old buckets evicted as new ones come) adding never allocates. Groups that
// answer rarely keep few buckets: memory follows the number of non-empty minutes, not of
// responses.
type series struct {
	total Stat
	ring  []bucket
	head  int // index in ring of the oldest bucket
	n     int // buckets in use
}

func (s *series) at(i int) *bucket { return &s.ring[(s.head+i)&(len(s.ring)-1)] }

// add counts class c in the total and, unless keep is false, in the bucket of minute m.
func (s *series) add(m int64, c Class, keep bool) {
	s.total.Add(c)
	if !keep {
		return
	}
	if s.n > 0 { // in-order arrivals, by far the common case, touch only the newest bucket
		last := s.at(s.n - 1)
		if last.minute == m {
			last.add(c)
			return
		}
		if last.minute > m {
			s.insert(m, c)
			return
		}
	}
	s.grow()
	b := s.at(s.n)
	*b = bucket{minute: m}
	b.add(c)
	s.n++
}

// insert counts a late arrival into an older bucket, making the bucket if it is missing.
func (s *series) insert(m int64, c Class) {
	i := s.search(m - 1) // first bucket with minute ≥ m
	if i < s.n && s.at(i).minute == m {
		s.at(i).add(c)
		return
	}
	s.grow()
	for j := s.n; j > i; j-- {
		*s.at(j) = *s.at(j - 1)
	}
	b := s.at(i)
	*b = bucket{minute: m}
	b.add(c)
	s.n++
}

// grow makes room for one more bucket, doubling the ring when it is full.
func (s *series) grow() {
	if s.n < len(s.ring) {
		return
	}
	ring := make([]bucket, max(4, 2*len(s.ring)))
	for i := 0; i < s.n; i++ {
		ring[i] = *s.at(i)
	}
	s.ring, s.head = ring, 0
}

// evict drops the buckets of minutes up to and including cutoff.
func (s *series) evict(cutoff int64) {
	for s.n > 0 && s.at(0).minute <= cutoff {
		s.head = (s.head + 1) & (len(s.ring) - 1)
		s.n--
	}
}

// search is the index of the first bucket whose minute is after m (s.n when there is none).
func (s *series) search(m int64) int {
	lo, hi := 0, s.n
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if s.at(mid).minute <= m {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// sum counts the buckets of minutes in (from, to].
func (s *series) sum(from, to int64) Stat {
	var t Stat
	for i := s.search(from); i < s.n; i++ {
		b := s.at(i)
		if b.minute > to {
			break
		}
		t = t.Plus(b.stat())
	}
	return t
}

// stat counts the responses of a span: all-time spans are the running total less whatever is
// stamped after the span's end (clocks of survey systems run ahead), so they stay exact even for
// responses older than the buckets kept.
func (s *series) stat(sp Span) Stat {
	to := minuteOf(sp.To)
	if sp.Unbounded {
		return s.total.Minus(s.sum(to, math.MaxInt64))
	}
	return s.sum(minuteOf(sp.From), to)
}
