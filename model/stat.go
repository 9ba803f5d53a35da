package model

import (
	"cmp"
	"math"
	"slices"
)

// z95 is the normal quantile used for every 95 % figure. The formulas of the adjusted-Wald NPS
// interval (Sauro & Lewis; Rocks 2016) are stated with 1.96, so we use it as written.
const z95 = 1.96

// Stat holds the counts of one group over one window and derives the NPS figures from them.
type Stat struct {
	Promoters  int64
	Passives   int64
	Detractors int64
}

// Responses is the number of responses counted.
func (s Stat) Responses() int64 { return s.Promoters + s.Passives + s.Detractors }

// Add counts one response of class c.
func (s *Stat) Add(c Class) {
	switch c {
	case Promoter:
		s.Promoters++
	case Passive:
		s.Passives++
	default:
		s.Detractors++
	}
}

// Plus is the sum of two stats.
func (s Stat) Plus(o Stat) Stat {
	return Stat{s.Promoters + o.Promoters, s.Passives + o.Passives, s.Detractors + o.Detractors}
}

// Minus removes o's counts from s; o must be part of s.
func (s Stat) Minus(o Stat) Stat {
	return Stat{s.Promoters - o.Promoters, s.Passives - o.Passives, s.Detractors - o.Detractors}
}

// NPS is 100·(P − D)/n, unrounded. It is undefined (ok false) when there are no responses:
// an empty queue has no score, not a score of zero.
func (s Stat) NPS() (nps float64, ok bool) {
	n := s.Responses()
	if n == 0 {
		return 0, false
	}
	return 100 * float64(s.Promoters-s.Detractors) / float64(n), true
}

// Interval is a closed range of NPS values, in points (−100..+100).
type Interval struct{ Lo, Hi float64 }

// HalfWidth is half the interval's width: the "±" a screen shows.
func (iv Interval) HalfWidth() float64 { return (iv.Hi - iv.Lo) / 2 }

// CI95 is the 95 % confidence interval of the NPS by the adjusted-Wald method: add 3/4 of a
// promoter and 3/4 of a detractor (3 responses in all, the last 1.5 of them passives), then take
// the normal interval of the difference of the two proportions, clipped to [−100, 100].
// It behaves far better than the plain Wald interval for small n and extreme scores.
func (s Stat) CI95() (iv Interval, ok bool) {
	n := s.Responses()
	if n == 0 {
		return Interval{}, false
	}
	n1 := float64(n) + 3
	p := (float64(s.Promoters) + 0.75) / n1
	d := (float64(s.Detractors) + 0.75) / n1
	v := p + d - (p-d)*(p-d)
	m := z95 * math.Sqrt(v/n1)
	return Interval{Lo: clip(100 * (p - d - m)), Hi: clip(100 * (p - d + m))}, true
}

// Margin is the plain (Wald) margin of error of the NPS at 95 %: 100·1.96·√(v/n) with
// v = p + d − (p − d)², p and d the shares of promoters and detractors.
func (s Stat) Margin() (float64, bool) {
	n := s.Responses()
	if n == 0 {
		return 0, false
	}
	return 100 * z95 * math.Sqrt(s.variance()/float64(n)), true
}

// variance is the variance of one response's contribution (+1, 0, −1) to the NPS proportion.
func (s Stat) variance() float64 {
	n := float64(s.Responses())
	p := float64(s.Promoters) / n
	d := float64(s.Detractors) / n
	return p + d - (p-d)*(p-d)
}

func clip(x float64) float64 { return math.Max(-100, math.Min(100, x)) }

// Change compares the NPS of two independent samples (two windows, say).
type Change struct {
	Diff float64 // NPS₁ − NPS₂, in points
	Z    float64 // the test statistic; ±Inf when both samples are without variance and differ
	P    float64 // two-sided p-value
}

// Significant says whether the change is more than noise at the 5 % level.
func (c Change) Significant() bool { return c.P < 0.05 }

// Compare tests whether the NPS of a differs from that of b:
// z = (NPS₁ − NPS₂)/√(v₁/n₁ + v₂/n₂) on proportions, with a two-sided p-value from the normal
// distribution. It is undefined when either sample is empty.
func Compare(a, b Stat) (Change, bool) {
	na, nb := a.Responses(), b.Responses()
	if na == 0 || nb == 0 {
		return Change{}, false
	}
	npsA, _ := a.NPS()
	npsB, _ := b.NPS()
	diff := npsA - npsB
	se := math.Sqrt(a.variance()/float64(na) + b.variance()/float64(nb))
	var z float64
	switch {
	case se > 0:
		z = diff / 100 / se
	case diff == 0:
		z = 0
	default:
		z = math.Inf(int(math.Copysign(1, diff)))
	}
	return Change{Diff: diff, Z: z, P: math.Erfc(math.Abs(z) / math.Sqrt2)}, true
}

// BenjaminiHochberg says which of the p-values are discoveries when they are tested together,
// keeping the expected share of false ones among them at q (Benjamini & Hochberg 1995): with
// the m values sorted, the k smallest are, for the largest k whose p(k) ≤ k·q/m.
func BenjaminiHochberg(ps []float64, q float64) []bool {
	m := len(ps)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(ps[a], ps[b]) })
	k := 0
	for r, i := range order {
		if ps[i] <= float64(r+1)*q/float64(m) {
			k = r + 1
		}
	}
	out := make([]bool, m)
	for _, i := range order[:k] {
		out[i] = true
	}
	return out
}

// CorrectForMany marks as significant only the changes of rows that stay so when all the rows
// of a table are tested together (Benjamini–Hochberg at 5 %): with a dozen queues and sixty
// agents on one table, several rows would be marked by chance at any time. Rows with too few
// responses to tell are never marked, and not counted among the tests.
func CorrectForMany(rows []Figures) {
	var idx []int
	var ps []float64
	for i := range rows {
		f := &rows[i]
		if f.HasChange && !Noisy(f.Stat) && !Noisy(f.Prev) {
			idx, ps = append(idx, i), append(ps, f.Change.P)
		}
		f.Significant = false
	}
	for j, ok := range BenjaminiHochberg(ps, 0.05) {
		rows[idx[j]].Significant = ok
	}
}
