package model

import (
	"math"
	"time"
)

// NoiseHalfWidth is the half-width of a 95 % interval, in points, beyond which a group has too
// few responses for its score to say anything: it shows "few", and no change of it is called
// significant.
const NoiseHalfWidth = 30

// Noisy says that s holds responses, but too few to tell: its interval is wider than
// ±NoiseHalfWidth.
func Noisy(s Stat) bool {
	iv, ok := s.CI95()
	return ok && iv.HalfWidth() > NoiseHalfWidth
}

// Standing is where a group stands against its target.
type Standing uint8

const (
	NoResponses Standing = iota
	TooFew               // too few responses to tell
	OnTarget             // at or above the target
	NearTarget           // below, but the target is inside the interval
	BelowTarget          // below, the whole interval under the target
)

// Figures are one group's figures over a window: what the dashboard, the wallboard and the
// report show of it, computed in one place so that they cannot disagree.
type Figures struct {
	Group     Group
	Stat      Stat
	Prev      Stat // the window of equal length before
	NPS       float64
	HasNPS    bool
	CI        Interval
	Change    Change
	HasChange bool
	// Significant marks a change the two-sample test finds real; it is never claimed when
	// either window has too few responses to tell, where the test's normal approximation fails.
	Significant bool
	Standing    Standing
	Spark       []float64 // NPS of equal steps over the window; NaN where there is no response
	Target      float64
	// Est is an agent's NPS shrunk toward its group's (Shrunk), when HasEst, and where it
	// stands against the target.
	Est         Estimate
	HasEst      bool
	EstStanding Standing
	// Experience is the group's CSAT and CES over the window, zero when no response carried
	// them; set by WithExperience only, since tables of thousands of rows need no such thing.
	Experience Experience
}

// WithExperience sets f's CSAT and CES over window w at instant at.
func (a *Aggregator) WithExperience(f *Figures, w Window, at time.Time, loc *time.Location) {
	f.Experience = a.Experience(f.Group, w.Span(at, loc))
}

// Noisy says the group has responses, but too few for its score to mean anything.
func (f *Figures) Noisy() bool { return f.HasNPS && Noisy(f.Stat) }

// Figures computes g's figures over window w at instant at (loc decides where "today" starts),
// against target, with a sparkline of spark steps over the window (none when spark is 0).
func (a *Aggregator) Figures(g Group, w Window, at time.Time, loc *time.Location, target float64, spark int) Figures {
	sp := w.Span(at, loc)
	f := Figures{Group: g, Stat: a.Stat(g, sp), Target: target}
	f.NPS, f.HasNPS = f.Stat.NPS()
	f.CI, _ = f.Stat.CI95()
	if prev, ok := sp.Previous(); ok {
		f.Prev = a.Stat(g, prev)
		f.Change, f.HasChange = Compare(f.Stat, f.Prev)
		f.Significant = f.HasChange && f.Change.Significant() && !Noisy(f.Stat) && !Noisy(f.Prev)
	}
	switch {
	case !f.HasNPS:
		f.Standing = NoResponses
	case f.Noisy():
		f.Standing = TooFew
	default:
		f.Standing = StandingOf(f.NPS, f.CI, target)
	}
	if spark > 0 {
		from, to := a.Stretch(w, at, loc)
		step := NiceStep(to.Sub(from), spark)
		n := int((to.Sub(from) + step - 1) / step)
		for _, s := range a.Trend(g, to, step, n) {
			v := math.NaN()
			if nps, ok := s.NPS(); ok {
				v = nps
			}
			f.Spark = append(f.Spark, v)
		}
	}
	return f
}

// Stretch is the stretch of time a window's trend covers at instant at: the window, or for all
// time, from the first response still in the buckets (at most the retention of days back).
func (a *Aggregator) Stretch(w Window, at time.Time, loc *time.Location) (from, to time.Time) {
	sp := w.Span(at, loc)
	if !sp.Unbounded {
		return sp.From, sp.To
	}
	from = a.Oldest().Truncate(time.Minute)
	if reach := a.Reach(); !reach.IsZero() && from.Before(reach) {
		from = reach
	}
	if !from.Before(sp.To) {
		from = sp.To.Add(-time.Hour)
	}
	return from, sp.To
}

// TrendPoint is the NPS of the trailing stretch that ends at End.
type TrendPoint struct {
	End  time.Time
	Stat Stat
}

// TrendPoints are at most maxPoints points of g's NPS over window w at instant at. Each point
// is the NPS of a trailing stretch of an eighth of the window (at least one step), so that the
// line shows the tendency rather than the noise of a few responses a step; smooth is its length.
func (a *Aggregator) TrendPoints(g Group, w Window, at time.Time, loc *time.Location, maxPoints int) (pts []TrendPoint, smooth time.Duration) {
	from, to := a.Stretch(w, at, loc)
	length := to.Sub(from)
	step := NiceStep(length, maxPoints)
	n := int((length + step - 1) / step)
	k := max(1, int(length/8/step))
	buckets := a.Trend(g, to, step, n+k-1)
	var run Stat
	for i, s := range buckets {
		run = run.Plus(s)
		if i >= k {
			run = run.Minus(buckets[i-k])
		}
		if i >= k-1 {
			end := to.Add(-time.Duration(len(buckets)-1-i) * step).In(loc) // labelled in the display zone
			pts = append(pts, TrendPoint{End: end, Stat: run})
		}
	}
	return pts, time.Duration(k) * step
}

// niceSteps are the bucket widths a trend may use.
var niceSteps = []time.Duration{
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
}

// NiceStep is the smallest round width that cuts length into at most n steps.
func NiceStep(length time.Duration, n int) time.Duration {
	n = max(n, 1)
	for _, s := range niceSteps {
		if length <= s*time.Duration(n) {
			return s
		}
	}
	day := niceSteps[len(niceSteps)-1]
	return day * time.Duration(math.Ceil(float64(length)/float64(day)/float64(n)))
}

// StandingOf is where a score with its interval stands against a target: on it or above, near
// (below, the target inside the interval), or below.
func StandingOf(nps float64, ci Interval, target float64) Standing {
	switch {
	case nps >= target:
		return OnTarget
	case ci.Hi < target:
		return BelowTarget
	}
	return NearTarget
}
