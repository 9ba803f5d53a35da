package model

import "math"

// tally is the compact count of one bucket; a bucket never holds 4 billion responses.
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

func (t *tally) plus(o tally) {
	t.promoters += o.promoters
	t.passives += o.passives
	t.detractors += o.detractors
}

func (t tally) stat() Stat {
	return Stat{int64(t.promoters), int64(t.passives), int64(t.detractors)}
}

// bucket counts the responses of the minutes up to end, in minutes since the epoch: a minute
// (end−1, end], a quarter-hour (end−15, end], or a local day that ends at end. 32 bits of
// minutes reach 4,000 years either side of 1970 (instants are kept within 1970–2199), and make a
// bucket 16 bytes, not 24: a month of a large floor holds millions.
type bucket struct {
	end int32
	tally
}

// minute32 is a minute as a bucket keeps it, within the range 32 bits hold.
func minute32(m int64) int32 { return int32(min(max(m, math.MinInt32), math.MaxInt32)) }

// ring is the non-empty buckets of one size, oldest first, in a ring whose capacity is a power
// of two, so that in the steady state (old buckets leaving as new ones come) adding never
// allocates. Memory follows the number of non-empty buckets, not of responses.
type ring struct {
	buf  []bucket
	head int // index in buf of the oldest bucket
	n    int // buckets in use
}

func (r *ring) at(i int) *bucket { return &r.buf[(r.head+i)&(len(r.buf)-1)] }

// add counts t in the bucket that ends at end, making it if it is missing.
func (r *ring) add(end64 int64, t tally) {
	end := minute32(end64)
	if r.n > 0 { // in-order arrivals, by far the common case, touch only the newest bucket
		last := r.at(r.n - 1)
		if last.end == end {
			last.plus(t)
			return
		}
		if last.end > end {
			r.insert(end, t)
			return
		}
	}
	r.grow()
	*r.at(r.n) = bucket{end: end, tally: t}
	r.n++
}

// insert counts a late arrival into an older bucket, making the bucket if it is missing.
func (r *ring) insert(end int32, t tally) {
	i := r.search(int64(end) - 1) // the first bucket that ends at end or after
	if i < r.n && r.at(i).end == end {
		r.at(i).plus(t)
		return
	}
	r.grow()
	for j := r.n; j > i; j-- {
		*r.at(j) = *r.at(j - 1)
	}
	*r.at(i) = bucket{end: end, tally: t}
	r.n++
}

// grow makes room for one more bucket, doubling the ring when it is full.
func (r *ring) grow() {
	if r.n < len(r.buf) {
		return
	}
	buf := make([]bucket, max(4, 2*len(r.buf)))
	for i := 0; i < r.n; i++ {
		buf[i] = *r.at(i)
	}
	r.buf, r.head = buf, 0
}

// pop hands the buckets that end at or before cutoff to fn, oldest first, and drops them.
func (r *ring) pop(cutoff int64, fn func(b bucket)) {
	for r.n > 0 && int64(r.at(0).end) <= cutoff {
		if fn != nil {
			fn(*r.at(0))
		}
		r.head = (r.head + 1) & (len(r.buf) - 1)
		r.n--
	}
}

// search is the index of the first bucket that ends after m (r.n when there is none).
func (r *ring) search(m int64) int {
	lo, hi := 0, r.n
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if int64(r.at(mid).end) <= m {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// each calls fn with the buckets that end in (from, to], oldest first.
func (r *ring) each(from, to int64, fn func(b *bucket)) {
	for i := r.search(from); i < r.n; i++ {
		b := r.at(i)
		if int64(b.end) > to {
			return
		}
		fn(b)
	}
}

// Bucket sizes: a series keeps minutes, then quarter-hours, then local days (tiers), and the
// running total of all time.
const (
	tierMinute = iota
	tierQuarter
	tierDay
	tiers
)

// series is one group's counts: a running total over all time, and its non-empty buckets of
// each size. The sizes never overlap: a minute bucket ends after the first cutoff, a
// quarter-hour at or before it, a day at or before the second (Aggregator.cut).
type series struct {
	total Stat
	tier  [tiers]ring
	name  string // the group's name as the Aggregator keeps it, handed back to responses
	// extra counts the CSAT and CES answers, in series of their own (made when the first
	// comes: most feeds have none): extraCSAT holds CSAT 1–2, 3, 4–5 as detractors, passives and
	// promoters; the three CES series hold 1–3, 4–6 and 7, a level a slot.
	extra *[4]series
}

// The series of extra.
const (
	extraCSAT = iota
	extraCES1
	extraCES4
	extraCES7
)

// answers are a response's CSAT and CES, 0 when absent.
type answers struct{ csat, ces int8 }

func answersOf(r *Response) answers { return answers{r.CSAT, r.CES} }

// count counts class c and the answers x (see add).
func (s *series) count(tier int, end int64, c Class, x answers) {
	s.add(tier, end, c)
	if x != (answers{}) {
		s.addAnswers(tier, end, x)
	}
}

// addAnswers counts a response's CSAT and CES answers.
func (s *series) addAnswers(tier int, end int64, x answers) {
	if s.extra == nil {
		s.extra = new([4]series)
	}
	if v := x.csat; v >= 1 && v <= 5 {
		k := Detractor
		switch {
		case v >= 4:
			k = Promoter
		case v == 3:
			k = Passive
		}
		s.extra[extraCSAT].add(tier, end, k)
	}
	if v := x.ces; v >= 1 && v <= 7 {
		s.extra[extraCES1+int(v-1)/3].add(tier, end, Class((v-1)%3))
	}
}

// add counts class c in the total and, unless tier is negative (older than every bucket
// kept), in the bucket of that tier that ends at end.
func (s *series) add(tier int, end int64, c Class) {
	s.total.Add(c)
	if tier < 0 {
		return
	}
	var t tally
	t.add(c)
	s.tier[tier].add(end, t)
}

// sum counts the buckets that end in (from, to]. A span whose edges fall on the edges of the
// buckets it reaches is counted exactly (Aggregator.Covers); otherwise a bucket that straddles
// an edge counts whole on the side of its end.
func (s *series) sum(from, to int64) Stat {
	var t Stat
	for i := range s.tier {
		s.tier[i].each(from, to, func(b *bucket) { t = t.Plus(b.stat()) })
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
