package tui

import (
	"math"
	"time"

	"github.com/npsboard/npsboard/model"
)

// Status is what the dashboard shows of its source.
type Status struct {
	Source                         string
	State                          string    // loading, connecting, live, retrying, ended, failed
	Err                            string    // why it failed, or the last error before a retry
	RetryAt                        time.Time // when a retrying source tries again
	Records                        int64
	Accepted, Duplicates, Rejected int64
	Clock                          time.Time // the source's "now"
}

// Update is what the feed delivers at a tick: the responses accepted since the last one, in
// order, the actions on alerts other dashboards took (through a relay), and the source's status.
type Update struct {
	Responses []model.Response
	Actions   []model.Action
	Status    Status
}

// Horizon is how long a live screen keeps minute buckets behind the clock: long enough for
// "today" and the day before it, which the comparison with the previous window needs.
const Horizon = 50 * time.Hour

// FileHorizon is how long a file's minute buckets are kept behind its newest response: a month
// and some of any file can be seen window by window, and one of ten years takes no more room.
// All-time figures stay exact beyond it; the all-time trend shows its last FileHorizon.
const FileHorizon = 35 * 24 * time.Hour

// noisy is the interval half-width beyond which a group has too few responses to say anything.
const noisy = 30

// Board is the dashboard's data: the aggregates of every group, the latest responses, and the
// instant the screen shows. It belongs to the UI goroutine; the feed only sends it updates.
type Board struct {
	Agg    *model.Aggregator
	Recent *model.Recent
	Alerts *model.Alerts // its Rules hold the queues' targets
	Now    time.Time     // the instant of the windows: the source's clock, held while paused
	Loc    *time.Location
	// version changes whenever the figures may have: panes redraw only then.
	version uint64
	forgot  time.Time // when old alerts were last forgotten
	horizon time.Duration
}

// NewBoard makes an empty board that keeps horizon of minute buckets behind its clock (Horizon
// for a live source, FileHorizon for a file), or all of them when horizon is 0.
func NewBoard(loc *time.Location, alerts *model.Alerts, horizon time.Duration) *Board {
	return &Board{
		Agg:     model.NewAggregator(horizon),
		Recent:  model.NewRecent(100, 500),
		Alerts:  alerts,
		Loc:     loc,
		horizon: horizon,
	}
}

// TargetOf is a queue's target; the overall target for "".
func (b *Board) TargetOf(queue string) float64 { return b.Alerts.Rules.TargetOf(queue) }

// Apply counts an update's responses, raises their alerts, takes the actions of other
// dashboards, moves the board's clock to the source's, and judges the queue rules. It returns
// the changes to the alerts, to be kept.
func (b *Board) Apply(u *Update) []model.AlertEvent {
	var events []model.AlertEvent
	// The source's clock judges how old a response is, and how far ahead an action.
	clock := u.Status.Clock
	if clock.IsZero() {
		clock = b.Now
	}
	for i := range u.Responses {
		r := &u.Responses[i]
		b.Agg.Add(r) // first: it names groups past their limits (model.Other) for the others
		b.Recent.Add(r)
		events = append(events, b.Alerts.Observe(r, clock)...)
	}
	for i := range u.Actions {
		if b.Alerts.Act(u.Actions[i], clock) {
			events = append(events, model.AlertEvent{Action: &u.Actions[i], Remote: true})
		}
	}
	if !u.Status.Clock.IsZero() && !u.Status.Clock.Equal(b.Now) {
		b.Now = u.Status.Clock
		b.Agg.Advance(b.Now)
		b.version++
	}
	if len(u.Responses) > 0 || len(u.Actions) > 0 {
		b.version++
	}
	if !b.Now.IsZero() {
		events = append(events, b.Alerts.Judge(b.Agg, b.Now)...)
		if b.Now.Sub(b.forgot) > time.Hour {
			b.Alerts.Forget(b.Now)
			b.forgot = b.Now
		}
	}
	return events
}

// targetStatus says where a group stands against its target.
type targetStatus uint8

const (
	tsNone  targetStatus = iota // no responses
	tsFew                       // too few responses to tell
	tsOn                        // at or above the target
	tsNear                      // below, but the target is inside the interval
	tsBelow                     // below, the whole interval under the target
)

// Figures are one group's figures over a window.
type Figures struct {
	Group     model.Group
	Stat      model.Stat
	Prev      model.Stat // the window of equal length before
	NPS       float64
	HasNPS    bool
	CI        model.Interval
	Change    model.Change
	HasChange bool
	// Significant marks a change the two-sample test finds real; it is never claimed when
	// either window has too few responses to tell, where the test's normal approximation fails.
	Significant bool
	Spark       []float64 // NPS of equal steps over the window; NaN where there is no response
	Status      targetStatus
}

// Noisy says the group has responses, but too few for its score to mean anything.
func (f *Figures) Noisy() bool { return f.HasNPS && isNoisy(f.Stat) }

// isNoisy says a count is too small to tell anything: its interval is wider than ±30.
func isNoisy(s model.Stat) bool {
	iv, ok := s.CI95()
	return ok && iv.HalfWidth() > noisy
}

// figures computes a group's figures over window w at the board's instant, with a sparkline of
// spark steps (none when spark is 0).
func (b *Board) figures(g model.Group, w model.Window, spark int) Figures {
	target := b.TargetOf(g.Queue)
	sp := w.Span(b.Now, b.Loc)
	f := Figures{Group: g, Stat: b.Agg.Stat(g, sp)}
	f.NPS, f.HasNPS = f.Stat.NPS()
	f.CI, _ = f.Stat.CI95()
	if prev, ok := sp.Previous(); ok {
		f.Prev = b.Agg.Stat(g, prev)
		f.Change, f.HasChange = model.Compare(f.Stat, f.Prev)
		f.Significant = f.HasChange && f.Change.Significant() && !isNoisy(f.Stat) && !isNoisy(f.Prev)
	}
	switch {
	case !f.HasNPS:
		f.Status = tsNone
	case f.Noisy():
		f.Status = tsFew
	case f.NPS >= target:
		f.Status = tsOn
	case f.CI.Hi < target:
		f.Status = tsBelow
	default:
		f.Status = tsNear
	}
	if spark > 0 {
		from, to := b.spanOf(w)
		step := niceStep(to.Sub(from), spark)
		n := int((to.Sub(from) + step - 1) / step)
		for _, s := range b.Agg.Trend(g, to, step, n) {
			v := math.NaN()
			if nps, ok := s.NPS(); ok {
				v = nps
			}
			f.Spark = append(f.Spark, v)
		}
	}
	return f
}

// spanOf is the stretch of time a window's trend covers: the window, or for all time, from the
// first response still in the buckets.
func (b *Board) spanOf(w model.Window) (from, to time.Time) {
	sp := w.Span(b.Now, b.Loc)
	if !sp.Unbounded {
		return sp.From, sp.To
	}
	from = b.Agg.Oldest().Truncate(time.Minute)
	if h := sp.To.Add(-b.horizon); b.horizon > 0 && from.Before(h) && !b.Agg.Covers(model.Span{From: from, To: sp.To}) {
		from = h
	}
	if !from.Before(sp.To) {
		from = sp.To.Add(-time.Hour)
	}
	return from, sp.To
}

// TrendPoint is the NPS of the trailing Span that ends at End.
type TrendPoint struct {
	End  time.Time
	Stat model.Stat
}

// trend computes at most maxPoints points of a group's NPS over the window. Each point is the
// NPS of a trailing stretch of an eighth of the window (at least one step), so that the line
// shows the tendency rather than the noise of a few responses per step.
func (b *Board) trend(g model.Group, w model.Window, maxPoints int) (pts []TrendPoint, smooth time.Duration) {
	from, to := b.spanOf(w)
	length := to.Sub(from)
	step := niceStep(length, maxPoints)
	n := int((length + step - 1) / step)
	k := max(1, int(length/8/step))
	buckets := b.Agg.Trend(g, to, step, n+k-1)
	var run model.Stat
	for i, s := range buckets {
		run = run.Plus(s)
		if i >= k {
			run = run.Minus(buckets[i-k])
		}
		if i >= k-1 {
			end := to.Add(-time.Duration(len(buckets)-1-i) * step)
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

// niceStep is the smallest nice width that cuts length into at most n steps.
func niceStep(length time.Duration, n int) time.Duration {
	n = max(n, 1)
	for _, s := range niceSteps {
		if length <= s*time.Duration(n) {
			return s
		}
	}
	return niceSteps[len(niceSteps)-1] * time.Duration(math.Ceil(float64(length)/float64(niceSteps[len(niceSteps)-1])/float64(n)))
}
