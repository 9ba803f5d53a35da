package model

import (
	"math"
	"strconv"
	"time"
)

// The worsening detector: Page's CUSUM on the likelihood ratio of each response's class
// (promoter, passive, detractor), against the queue's own recent mix. It answers "has this
// queue got worse?" as soon as the data can tell, with a chosen rate of false alarms, where a
// window tested every minute cries wolf (testing again and again) or waits (a fixed window).
//
// For a reference mix p0 and a worse mix p1, each response of class k adds log(p1[k]/p0[k]) to
// S, which is kept at or above 0; the queue has worsened when S reaches h. Under p0 the sum
// drifts down; under p1 up, by the Kullback–Leibler divergence KL(p1‖p0) a response, so that
// a change is found about h/KL responses in. h is set so that, on a queue that does not change,
// S reaches it once in FalseAlarmDays' worth of the queue's responses on average: the average
// run length is computed by the Markov chain of Brook and Evans (Biometrika 59, 1972). Two such
// sums run side by side, one tuned to a rise of detractors and one to a fall of promoters, each
// at half the rate of false alarms. The change point is the last instant S was 0; the alarm
// clears when S is back at 0, S being capped at h once it has fired, so that a queue is "back"
// on as much evidence as it took to say it had gone.
//
// Responses are taken a whole minute at a time, the minute's sum at once: every dashboard then
// judges the same minutes alike, whatever order their responses came in.

// Detector is how the worsening detector is tuned.
type Detector struct {
	// Detractors and Promoters are the worsenings looked for, in points of share: a rise of
	// the detractors' share (from promoters and passives alike), a fall of the promoters' (to
	// passives and detractors alike).
	Detractors, Promoters float64
	// FalseAlarmDays: on average one false alarm per queue in this many days of its responses.
	FalseAlarmDays float64
	// Reference is how far back a queue's usual mix is taken from, up to RefGap before the
	// instant judged (so that the change itself does not become the reference).
	Reference time.Duration
	Severity  Severity
}

// DefaultDetector is the detector's tuning without a config.
var DefaultDetector = Detector{Detractors: 30, Promoters: 20, FalseAlarmDays: 60, Reference: 28 * 24 * time.Hour, Severity: High}

// Bounds of the detector's tuning, and of its reference.
const (
	MinShiftPoints    = 5
	MaxShiftPoints    = 60
	MinFalseAlarmDays = 1
	MaxFalseAlarmDays = 3650
	MinReference      = 24 * time.Hour
	MaxReference      = 60 * 24 * time.Hour // within the quarter-hours a dashboard keeps
	RefGap            = 4 * time.Hour
	MinRefResponses   = 300            // half a day of a realistic queue: less is not a usual mix
	detectorWarmup    = 24 * time.Hour // how far back a detector starts when it has no state
)

// mix is the shares of detractors, passives and promoters (indexed by Class), summing to 1.
type mix [3]float64

// mixOf is the shares of s, each pulled a little toward a third (half a response each) so that
// no share of a reference is 0.
func mixOf(s Stat) mix {
	n := float64(s.Responses()) + 1.5
	return mix{(float64(s.Detractors) + 0.5) / n, (float64(s.Passives) + 0.5) / n, (float64(s.Promoters) + 0.5) / n}
}

// moreDetractors is p0 with the detractors' share up by d (at most to 99.5 %), the others
// down in proportion.
func moreDetractors(p0 mix, d float64) mix {
	d1 := min(p0[Detractor]+d, 0.995)
	k := (1 - d1) / (1 - p0[Detractor])
	return mix{d1, p0[Passive] * k, p0[Promoter] * k}
}

// fewerPromoters is p0 with the promoters' share down by d (to a quarter of it at least), the
// others up in proportion.
func fewerPromoters(p0 mix, d float64) mix {
	p1 := max(p0[Promoter]-d, p0[Promoter]/4)
	k := (1 - p1) / (1 - p0[Promoter])
	return mix{p0[Detractor] * k, p0[Passive] * k, p1}
}

// kl is the Kullback–Leibler divergence KL(p‖q) in nats.
func kl(p, q mix) float64 {
	var s float64
	for k := range p {
		if p[k] > 0 {
			s += p[k] * math.Log(p[k]/q[k])
		}
	}
	return s
}

// llrOf is the log-likelihood ratio of each class, p1 against p0.
func llrOf(p0, p1 mix) mix {
	var l mix
	for k := range l {
		l[k] = math.Log(p1[k] / p0[k])
	}
	return l
}

// maxARLGrid bounds the cells of arl's banded matrix: 2 MiB of it.
const maxARLGrid = 1 << 18

// arl is the average run length to S ≥ h from S = 0 of the CUSUM whose steps are llr with
// probabilities p, by the Markov chain of Brook and Evans: S on a grid of cells, each step
// rounded to whole cells. The run length is sensitive to that rounding (a step 2 % short makes
// it 15 % longer), so the grid is the one of 16 to 48 cells to the smallest step that rounds
// the others best. The chain's matrix is banded (a step moves at most its largest step's
// cells), so it is solved by banded elimination, without pivoting: I − Q is diagonally dominant.
func arl(p, llr mix, h float64) float64 {
	small := math.Inf(1)
	for _, l := range llr {
		if a := math.Abs(l); a > 1e-9 {
			small = min(small, a)
		}
	}
	if math.IsInf(small, 1) || h <= 0 {
		return 1
	}
	cell, worst := 0.0, math.Inf(1)
	for n := 16; n <= 48 && worst > 2e-3; n++ {
		c, e := small/float64(n), 0.0
		for _, l := range llr {
			if x := math.Abs(l) / c; x > 1e-9 {
				e = max(e, math.Abs(x-math.Round(x))/x)
			}
		}
		if e < worst {
			cell, worst = c, e
		}
	}
	// A mix far from the usual (a queue of nothing but detractors) has steps thousands of
	// times apart, and a grid to the smallest of them would take terabytes: past maxARLGrid
	// cells the grid is coarsened until it fits, and each step is split between the two
	// cells around it, in the shares that keep its mean (the drift the run length follows).
	span := 0.0
	for _, l := range llr {
		span += math.Abs(l)
	}
	split := false
	for math.Ceil(h/cell)*(span/cell+3) > maxARLGrid {
		cell, split = cell*1.25, true
	}
	m := int(math.Ceil(h / cell))
	if m < 1 {
		return 1
	}
	// Each step moves down[k] cells with probability p·(1−up[k]), one more with p·up[k].
	var down [3]int
	var up [3]float64
	lo, hi := 0, 0 // the band: how far below and above the diagonal the matrix reaches
	for k, l := range llr {
		if x := l / cell; split {
			down[k], up[k] = int(math.Floor(x)), x-math.Floor(x)
		} else {
			down[k] = int(math.Round(x))
		}
		top := down[k]
		if up[k] > 0 {
			top++
		}
		lo, hi = max(lo, -down[k]), max(hi, top)
	}
	w := lo + hi + 1
	a := make([]float64, m*w) // row i, column j at a[i*w + j-i+lo]
	b := make([]float64, m)
	at := func(i, j int) *float64 { return &a[i*w+j-i+lo] }
	move := func(i, s int, q float64) {
		if j := max(i+s, 0); j < m {
			*at(i, j) -= q
		}
	}
	for i := range m {
		*at(i, i) += 1
		b[i] = 1
		for k, s := range down {
			move(i, s, p[k]*(1-up[k]))
			if up[k] > 0 {
				move(i, s+1, p[k]*up[k])
			}
		}
	}
	for k := range m {
		d := *at(k, k)
		for i := k + 1; i <= min(k+lo, m-1); i++ {
			f := *at(i, k) / d
			if f == 0 {
				continue
			}
			for j := k; j <= min(k+hi, m-1); j++ {
				*at(i, j) -= f * *at(k, j)
			}
			b[i] -= f * b[k]
		}
	}
	for i := m - 1; i >= 0; i-- {
		s := b[i]
		for j := i + 1; j <= min(i+hi, m-1); j++ {
			s -= *at(i, j) * b[j]
		}
		b[i] = s / *at(i, i)
	}
	return b[0]
}

// threshold is the h at which the CUSUM of steps llr, under mix p0, runs runLength responses
// on average before it reaches h. The run length grows with h about as e^h, at least as fast
// (Lorden): the log of it is nearly a line in h, so a few secant steps from log(runLength)
// find h (each step solves the chain once).
func threshold(p0, llr mix, runLength float64) float64 {
	target := math.Log(max(runLength, 2))
	f := func(h float64) float64 { return math.Log(arl(p0, llr, h)) - target }
	h0, h1 := target, target-1
	f0, f1 := f(h0), f(h1)
	for range 8 {
		if f1 == f0 || math.Abs(f1) < 1e-3 {
			break
		}
		h2 := max(h1-f1*(h1-h0)/(f1-f0), 0.1)
		h0, f0 = h1, f1
		h1, f1 = h2, f(h2)
	}
	return h1
}

// refRunLength is the run length thresholds are found at (threshold); atRunLength moves them
// to a queue's.
const refRunLength = 1e5

// atRunLength is the threshold for runLength from h0, the one for refRunLength, by the run
// length's asymptotics: it grows as C·e^h (Siegmund 1985), so h moves by log(runLength/ref),
// and one chain a mix serves every queue's volume.
func atRunLength(h0, runLength float64) float64 {
	return h0 + math.Log(max(runLength, 2)/refRunLength)
}

// cusum is one of a queue's sums: S after the minute that ends at upTo, the end of the last
// minute after which S was 0 (the change point, once it fires), and the responses since.
type cusum struct {
	s     float64
	zero  int64 // the minute (bucket end) after which S was last 0
	since Stat
	fired bool
}

// step takes a minute's responses t, ending at minute m, with steps llr and threshold h, and
// says whether the sum fired or cleared in it.
func (c *cusum) step(m int64, t Stat, llr mix, h float64) (fired, cleared bool) {
	if t.Responses() == 0 {
		return false, false
	}
	c.s += float64(t.Detractors)*llr[Detractor] + float64(t.Passives)*llr[Passive] + float64(t.Promoters)*llr[Promoter]
	c.since = c.since.Plus(t)
	switch {
	case c.s <= 0:
		cleared = c.fired
		*c = cusum{zero: m}
	case !c.fired && c.s >= h:
		c.fired, fired = true, true
	}
	if c.fired {
		c.s = min(c.s, h)
	}
	return fired, cleared
}

// queueWatch is a detector's state for one queue.
type queueWatch struct {
	upTo    int64 // the last minute taken (bucket end)
	through int64 // the queue's responses up to upTo when it was taken: more later means a late arrival
	sums    [2]cusum
	refHour int64 // the hour the reference was taken at
	ref     Stat
	refDays float64
	plan    plan
	// planHour is the hour whose reference the plan is for; planned says there is a plan at all.
	// While a new hour's thresholds are found apart, the last hour's plan serves.
	planHour int64
	planned  bool
}

// plan is how a queue's two sums run: their steps and thresholds, under the reference mix.
type plan struct {
	p0  mix
	llr [2]mix
	h   [2]float64
	p1  [2]mix
}

// detector is the worsening detector as a queue rule: it keeps a state per queue, and judges
// each minute once, in order; a late response in a minute already taken starts it again from
// detectorWarmup before.
type detector struct {
	cfg     Detector
	watches map[string]*queueWatch
	// thresholds holds every threshold found: mixes within two points share one, so there are
	// at most 2×51×51 of them.
	thresholds map[thresholdKey]float64
	// apart says thresholds are not found here but asked for (Alerts.FindApart): wanted waits
	// to be given out, asked is out and not back yet.
	apart  bool
	wanted map[thresholdKey]ThresholdJob
	asked  map[thresholdKey]bool
}

// thresholdKey is which of a plan's two sums a threshold is for, and its reference mix's
// shares of detractors and promoters to two points.
type thresholdKey [3]int32

func newDetector(cfg Detector) *detector {
	return &detector{cfg: cfg, watches: map[string]*queueWatch{}, thresholds: map[thresholdKey]float64{},
		wanted: map[thresholdKey]ThresholdJob{}, asked: map[thresholdKey]bool{}}
}

// ThresholdJob is a threshold the worsening detector waits for (Alerts.FindApart).
type ThresholdJob struct {
	key     thresholdKey
	p0, llr mix
}

// Threshold is a threshold found, for Alerts.Thresholds.
type Threshold struct {
	key thresholdKey
	h   float64
}

// Find works the threshold out, on any goroutine: it shares nothing. It takes 1 to 60 ms of
// CPU (a chain of thousands of cells solved about ten times), which is why a screen finds its
// thresholds apart: a floor of fifty queues opening held its goroutine for a third of a second.
func (j ThresholdJob) Find() Threshold { return Threshold{j.key, threshold(j.p0, j.llr, refRunLength)} }

func (d *detector) Name() string       { return RuleWorsening }
func (d *detector) Severity() Severity { return d.cfg.Severity }

// planFor is the plan under reference mix p0 for a queue whose responses come at perDay; false
// while thresholds it needs are being found apart.
func (d *detector) planFor(p0 mix, perDay float64) (plan, bool) {
	pl := plan{p0: p0, p1: [2]mix{moreDetractors(p0, d.cfg.Detractors/100), fewerPromoters(p0, d.cfg.Promoters/100)}}
	// Each sum takes half the false alarms: one in twice the days, in responses.
	runLength := 2 * d.cfg.FalseAlarmDays * max(perDay, 1)
	ready := true
	for i := range pl.p1 {
		pl.llr[i] = llrOf(p0, pl.p1[i])
		// The thresholds of mixes within two points are one (each is found at refRunLength).
		key := thresholdKey{int32(i), int32(math.Round(p0[Detractor] * 50)), int32(math.Round(p0[Promoter] * 50))}
		h, ok := d.thresholds[key]
		switch {
		case ok:
		case d.apart:
			if _, wanted := d.wanted[key]; !wanted && !d.asked[key] { // the first mix to ask is found, as inline
				d.wanted[key] = ThresholdJob{key, p0, pl.llr[i]}
			}
			ready = false
			continue
		default:
			h = threshold(p0, pl.llr[i], refRunLength)
			d.thresholds[key] = h
		}
		pl.h[i] = atRunLength(h, runLength)
	}
	return pl, ready
}

// reference is a queue's usual mix at minute at: its responses from Reference to RefGap before,
// taken once an hour; and how many days they span. Too few, and nothing is judged (ready is
// false); enough, but no plan yet because its thresholds are being found apart, and waiting
// is true: the queue is judged once they come.
func (d *detector) reference(agg *Aggregator, w *queueWatch, s *series, at int64) (ready, waiting bool) {
	hour := floorDiv(at, 60) * 60
	if hour != w.refHour || w.ref.Responses() == 0 {
		to := hour - int64(RefGap/time.Minute)
		from := to - int64(d.cfg.Reference/time.Minute)
		if o := agg.Oldest(); !o.IsZero() {
			from = max(from, minuteOf(o)-1)
		}
		w.refHour, w.ref = hour, s.sum(from, to)
		w.refDays = max(float64(to-from)/(24*60), 1.0/24)
	}
	if w.ref.Responses() < MinRefResponses {
		return false, false
	}
	if !w.planned || w.planHour != hour {
		if pl, ok := d.planFor(mixOf(w.ref), float64(w.ref.Responses())/w.refDays); ok {
			w.plan, w.planHour, w.planned = pl, hour, true
		}
	}
	return w.planned, !w.planned
}

// Judge takes the queue's minutes up to at, and says whether it is worse than usual; the facts
// say how much, and since when (Window before at).
func (d *detector) Judge(agg *Aggregator, queue string, at time.Time) (bool, Facts) {
	q := agg.queues[queue]
	if q == nil {
		return false, Facts{}
	}
	s := &q.series
	m := minuteOf(at)
	w := d.watches[queue]
	if w == nil || m < w.upTo || s.through(w.upTo) != w.through {
		// New, or a late response came in a minute already taken: the sums start again a day
		// before, as on a dashboard just opened (the hour's reference stays).
		if w == nil {
			w = &queueWatch{}
			d.watches[queue] = w
		}
		w.sums, w.upTo = [2]cusum{}, m-int64(detectorWarmup/time.Minute)
	}
	switch ready, waiting := d.reference(agg, w, s, m); {
	case waiting:
		return false, Facts{} // its sums start a day back once its thresholds come, as if it had just opened
	case !ready:
		w.sums, w.upTo, w.through = [2]cusum{}, m, s.through(m)
		return false, Facts{}
	}
	if m > w.upTo {
		s.tier[tierMinute].each(w.upTo, m, func(b *bucket) {
			for i := range w.sums {
				w.sums[i].step(int64(b.end), b.n.stat(), w.plan.llr[i], w.plan.h[i])
			}
		})
		w.upTo, w.through = m, s.through(m)
	}
	return d.facts(w, s, at)
}

// Began is when the condition that holds at at began: its change point, Window before.
func (d *detector) Began(at time.Time, f Facts) time.Time { return at.Add(-f.Window) }

// facts are what a queue's watch says at instant at: of the sum that fired first, the queue's
// figures since its change point against the usual; when none has fired, its last hour's, so
// that a clearing says how the queue stands.
func (d *detector) facts(w *queueWatch, s *series, at time.Time) (bool, Facts) {
	m := minuteOf(at)
	best := -1
	for i := range w.sums {
		if c := &w.sums[i]; c.fired && (best < 0 || c.zero < w.sums[best].zero) {
			best = i
		}
	}
	var since Stat
	f := Facts{Baseline: d.cfg.Reference}
	if best >= 0 {
		c := &w.sums[best]
		f.Window, since = time.Duration(m-c.zero)*time.Minute, c.since
	} else {
		f.Window = time.Hour
		since = s.stat(Last(time.Hour).Span(at, time.UTC))
	}
	f.Usual, _ = w.ref.NPS()
	f.Before = 100 * float64(w.ref.Detractors) / float64(w.ref.Responses())
	f.N = since.Responses()
	if nps, ok := since.NPS(); ok {
		f.NPS = nps
		f.Share = 100 * float64(since.Detractors) / float64(f.N)
	} else {
		f.None = true
	}
	return best >= 0, f
}

// through is how many of s's responses are stamped at or before minute m.
func (s *series) through(m int64) int64 {
	n := s.total.Responses()
	for i := range s.tier {
		s.tier[i].each(m, math.MaxInt64, func(b *bucket) { n -= int64(b.n.promoters + b.n.passives + b.n.detractors) })
	}
	return n
}

// Knowable is what the detector can tell of a queue at instant at: how many responses, and how
// long at the queue's pace of its last 4 hours, it takes on average to confirm each worsening
// it looks for (h over the divergence a response). Takes is zero when the last 4 hours were
// too quiet to have a pace (a floor closed at night). ok is false while the queue has too
// little history to have a usual mix.
type Knowable struct {
	Detractors, Promoters float64    // the worsenings, in points
	Responses             [2]float64 // to confirm each
	Takes                 [2]time.Duration
	PerHour               float64
}

// Knowable says how soon the worsening detector can confirm a worsening of queue at instant
// at, at the pace of its last 4 hours (or its usual pace, when they were quiet).
func (s *Alerts) Knowable(agg *Aggregator, queue string, at time.Time) (k Knowable, ok bool) {
	q := agg.queues[queue]
	if q == nil {
		return k, false
	}
	d := s.worse
	w := d.watches[queue] // its reference of the hour, when it judged the queue already
	if w == nil {
		w = &queueWatch{}
	}
	if ready, _ := d.reference(agg, w, &q.series, minuteOf(at)); !ready {
		return k, false
	}
	k.Detractors, k.Promoters = d.cfg.Detractors, d.cfg.Promoters
	recent := q.series.stat(Last(4*time.Hour).Span(at, time.UTC))
	if recent.Responses() >= 10 {
		k.PerHour = float64(recent.Responses()) / 4
	}
	for i := range k.Responses {
		k.Responses[i] = w.plan.h[i] / kl(w.plan.p1[i], w.plan.p0)
		if k.PerHour > 0 {
			k.Takes[i] = time.Duration(k.Responses[i] / k.PerHour * float64(time.Hour))
		}
	}
	return k, true
}

// worseWords say how a queue's NPS since a change point stands against its usual.
func worseWords(queue string, f *Facts) string {
	return queue + " NPS " + signedInt(f.NPS) + " over the last " + shortDur(f.Window) + " (" + strconv.FormatInt(f.N, 10) +
		" responses) against " + signedInt(f.Usual) + " usually; detractors " + wholeInt(f.Share) + "% against " + wholeInt(f.Before) + "%"
}

// FindApart has the worsening detector ask for the thresholds it lacks (ThresholdsWanted),
// rather than find them as it judges: a screen finds them on a goroutine of its own, and gives
// them back (Thresholds). Meanwhile a queue without a plan is not judged, and one whose usual
// mix moved keeps its last hour's plan.
func (s *Alerts) FindApart() { s.worse.apart = true }

// ThresholdsWanted gives out at most n of the thresholds the detector waits for, each once
// until it is given back.
func (s *Alerts) ThresholdsWanted(n int) []ThresholdJob {
	d := s.worse
	var out []ThresholdJob
	for key, j := range d.wanted {
		if len(out) == n {
			break
		}
		out = append(out, j)
		delete(d.wanted, key)
		d.asked[key] = true
	}
	return out
}

// Thresholds takes thresholds found apart: the minute last judged is judged again with them.
func (s *Alerts) Thresholds(found []Threshold) {
	d := s.worse
	for _, t := range found {
		d.thresholds[t.key] = t.h
		delete(d.asked, t.key)
	}
	if len(found) > 0 {
		s.unjudged = true
	}
}
