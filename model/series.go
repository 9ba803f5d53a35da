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

// cell counts the responses of the minutes up to end, in minutes since the epoch: a minute
// (end−1, end], a quarter-hour (end−15, end], or a local day that ends at end. 32 bits of
// minutes reach 4,000 years either side of 1970 (instants are kept within 1970–2199), and make a
// bucket of NPS classes 16 bytes, not 24: a month of a large floor holds millions.
type cell[T any] struct {
	end int32
	n   T
}

// bucket is a cell of NPS classes.
type bucket = cell[tally]

// summable is what a cell counts: NPS classes (tally), or CSAT and CES answers (answerTally).
type summable[T any] interface{ sum(T) T }

func (t tally) sum(o tally) tally { t.plus(o); return t }

// minute32 is a minute as a bucket keeps it, within the range 32 bits hold.
func minute32(m int64) int32 { return int32(min(max(m, math.MinInt32), math.MaxInt32)) }

// ring is the non-empty buckets of one size, oldest first, in a ring whose capacity is a power
// of two, so that in the steady state (old buckets leaving as new ones come) adding never
// allocates. Memory follows the number of non-empty buckets, not of responses.
type ring[T summable[T]] struct {
	buf  []cell[T]
	head int // index in buf of the oldest bucket
	n    int // buckets in use
}

func (r *ring[T]) at(i int) *cell[T] { return &r.buf[(r.head+i)&(len(r.buf)-1)] }

// add counts t in the bucket that ends at end, making it if it is missing.
func (r *ring[T]) add(end64 int64, t T) {
	end := minute32(end64)
	if r.n > 0 { // in-order arrivals, by far the common case, touch only the newest bucket
		last := r.at(r.n - 1)
		if last.end == end {
			last.n = last.n.sum(t)
			return
		}
		if last.end > end {
			r.insert(end, t)
			return
		}
	}
	r.grow()
	*r.at(r.n) = cell[T]{end: end, n: t}
	r.n++
}

// insert counts a late arrival into an older bucket, making the bucket if it is missing.
func (r *ring[T]) insert(end int32, t T) {
	i := r.search(int64(end) - 1) // the first bucket that ends at end or after
	if i < r.n && r.at(i).end == end {
		r.at(i).n = r.at(i).n.sum(t)
		return
	}
	r.grow()
	for j := r.n; j > i; j-- {
		*r.at(j) = *r.at(j - 1)
	}
	*r.at(i) = cell[T]{end: end, n: t}
	r.n++
}

// grow makes room for one more bucket, doubling the ring when it is full.
func (r *ring[T]) grow() {
	if r.n < len(r.buf) {
		return
	}
	buf := make([]cell[T], max(4, 2*len(r.buf)))
	for i := 0; i < r.n; i++ {
		buf[i] = *r.at(i)
	}
	r.buf, r.head = buf, 0
}

// pop hands the buckets that end at or before cutoff to fn, oldest first, and drops them.
func (r *ring[T]) pop(cutoff int64, fn func(b cell[T])) {
	for r.n > 0 && int64(r.at(0).end) <= cutoff {
		if fn != nil {
			fn(*r.at(0))
		}
		r.head = (r.head + 1) & (len(r.buf) - 1)
		r.n--
	}
}

// search is the index of the first bucket that ends after m (r.n when there is none).
func (r *ring[T]) search(m int64) int {
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
func (r *ring[T]) each(from, to int64, fn func(b *cell[T])) {
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
	tier  [tiers]ring[tally]
	name  string // the group's name as the Aggregator keeps it, handed back to responses
	// answers counts the CSAT and CES answers, made when the first comes: most feeds have none.
	answers *answerSeries
}

// answerSeries is a group's CSAT and CES answers, kept as its NPS classes are: one bucket holds
// both, since a survey that asks one mostly asks the other (a bucket a level of CES and one of
// CSAT took three times the memory of the NPS buckets on a dense day).
type answerSeries struct {
	total Experience
	tier  [tiers]ring[answerTally]
}

// answerTally is one bucket's answers: CSAT as how many answered and how many were satisfied;
// CES as how many answered, how many found it easy (5–7), and the sums of their levels' distance
// from the middle of the scale, 4, and of its square: the mean and its interval follow exactly.
// The distances keep the sums small: a bucket holds 477 million answers before the squares wrap,
// a day of one group at 5,500 a second (the NPS classes wrap at 4.29 billion).
type answerTally struct {
	csat, satisfied uint32
	ces, easy       uint32
	dev             int32
	dev2            uint32
}

func (t answerTally) sum(o answerTally) answerTally {
	return answerTally{t.csat + o.csat, t.satisfied + o.satisfied, t.ces + o.ces, t.easy + o.easy, t.dev + o.dev, t.dev2 + o.dev2}
}

// experience is the bucket's answers as a group's Experience.
func (t answerTally) experience() Experience {
	n, dev := int64(t.ces), int64(t.dev)
	return Experience{
		CSAT: Satisfaction{Responses: int64(t.csat), Satisfied: int64(t.satisfied)},
		// Σv = Σd + 4n and Σv² = Σd² + 8Σd + 16n, for v = d + 4.
		CES: Effort{Responses: n, EasyAnswers: int64(t.easy), Sum: dev + 4*n, Squares: int64(t.dev2) + 8*dev + 16*n},
	}
}

// answers are a response's CSAT and CES answers as its series count them: a cell's worth, and
// the same as the Experience of a total; none when neither is on its scale.
type answers struct {
	cell answerTally
	exp  Experience
	none bool
}

func answersOf(r *Response) answers {
	var t answerTally
	if v := r.CSAT; v >= 1 && v <= 5 {
		t.csat = 1
		if v >= 4 {
			t.satisfied = 1
		}
	}
	if v := r.CES; v >= 1 && v <= 7 {
		d := int32(v) - 4
		t.ces, t.dev, t.dev2 = 1, d, uint32(d*d)
		if v >= 5 {
			t.easy = 1
		}
	}
	return answers{cell: t, exp: t.experience(), none: t == answerTally{}}
}

// count counts class c and the answers x (see add).
func (s *series) count(tier int, end int64, c Class, x *answers) {
	s.add(tier, end, c)
	if !x.none {
		s.addAnswers(tier, end, x)
	}
}

// addAnswers counts a response's CSAT and CES answers.
func (s *series) addAnswers(tier int, end int64, x *answers) {
	if s.answers == nil {
		s.answers = new(answerSeries)
	}
	s.answers.total = s.answers.total.Plus(x.exp)
	if tier >= 0 {
		s.answers.tier[tier].add(end, x.cell)
	}
}

// experience counts the answers of a span as stat counts the classes.
func (a *answerSeries) experience(sp Span) Experience {
	var x Experience
	from, to := minuteOf(sp.From), minuteOf(sp.To)
	if sp.Unbounded {
		from, to = to, math.MaxInt64 // what is stamped after the span, taken off the total
	}
	for i := range a.tier {
		a.tier[i].each(from, to, func(b *cell[answerTally]) { x = x.Plus(b.n.experience()) })
	}
	if sp.Unbounded {
		return a.total.Minus(x)
	}
	return x
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
		s.tier[i].each(from, to, func(b *bucket) { t = t.Plus(b.n.stat()) })
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
