package tui

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/model/themes"
)

// SourceState is where the source is in its life.
type SourceState uint8

const (
	Loading    SourceState = iota // reading a file that is there to be read
	Connecting                    // reaching a server
	Live                          // receiving as things happen
	Retrying                      // waiting to connect again after an error
	Ended                         // read to its end
	Failed                        // stopped on an error
)

func (s SourceState) String() string {
	return [...]string{"loading", "connecting", "live", "retrying", "ended", "failed"}[s]
}

// Status is what the dashboard shows of its source.
type Status struct {
	Source                         string
	State                          SourceState
	Err                            string    // why it failed, or the last error before a retry
	RetryAt                        time.Time // when a retrying source tries again
	Records                        int64
	Accepted, Duplicates, Rejected int64
	Clock                          time.Time // the source's "now"
	// Arrived is when the update left the source: the wall clock, or a replay's own. A
	// response older than the alerts' horizon then is history, nobody's to-do.
	Arrived time.Time
	// OwnClock says Clock is the source's own (a replay's): what is done here is stamped by it,
	// as the source's cases are, so that the loop's times are the replay's.
	OwnClock bool
}

// Update is what the feed delivers at a tick: the responses accepted since the last one, in
// order, the actions on alerts other dashboards took (through a relay), and the source's status.
type Update struct {
	Responses []model.Response
	Actions   []model.Action
	Status    Status
}

// Board is the dashboard's data: the aggregates of every group, the latest responses, and the
// instant the screen shows. It belongs to the UI goroutine; the feed only sends it updates.
type Board struct {
	Agg    *model.Aggregator
	Recent *model.Recent
	Alerts *model.Alerts // its Rules hold the queues' targets
	Now    time.Time     // the instant of the windows: the source's clock, held while paused
	Loc    *time.Location
	// themes keeps the terms of comments, cut by analyzer, for what detractors talk about; the
	// comments wait in uncut until a screen asks (Themes), so that a month of history loads
	// without cutting it on the screen's goroutine first.
	themes   *themes.Index
	analyzer *themes.Analyzer
	terms    []themes.Term
	uncut    commentQueue
	whos     model.Table[who] // the queues and agents of comments, numbered
	cutDone  int
	why      map[string]whyEntry // the why pane's last counts, by group and window
	// lately are the last responses with a comment (copies), newest last: what a theme's
	// comments are listed from.
	lately []model.Response
	at     int // the next slot of lately, once full
	// version changes whenever the figures may have: panes redraw only then.
	version uint64
	forgot  time.Time // when old alerts were last forgotten
	arrived time.Time // when the last update arrived: whether the board's instant is history
}

// NewBoard makes an empty board that keeps buckets as a dashboard does (model.Tiered in loc:
// memory stays flat for months, every window offered is exact), or every minute with keepAll.
func NewBoard(loc *time.Location, alerts *model.Alerts, keepAll bool) *Board {
	ret := model.Tiered(loc)
	if keepAll {
		ret = model.Retention{}
	}
	recent := model.NewRecent(50, 500) // an agent's latest: a screenful, and a few more
	recent.Canonical = true            // Apply adds to the Aggregator first, which keeps every grouping's names
	// The worsening detector's thresholds take milliseconds each: the root finds them on a
	// goroutine of its own (Model.findApart), never in the middle of an update.
	alerts.FindApart()
	a, _ := themes.NewAnalyzer("english")
	return &Board{
		Agg:      model.NewAggregator(ret),
		Recent:   recent,
		Alerts:   alerts,
		Loc:      loc,
		themes:   newThemeIndex(),
		analyzer: a,
	}
}

func newThemeIndex() *themes.Index {
	x := themes.NewIndex()
	x.Max = maxBoardComments
	return x
}

// maxBoardComments is how many comments a screen keeps for its themes: a month of a large
// center's (about 250,000), 100 bytes of memory each once cut; the oldest go first.
var maxBoardComments = 300_000

// recentApart is the size of batch from which the latest responses are kept on a goroutine of
// their own: a backlog's (a third of the screen's work as a month of history loads), not a live
// pace's, where starting one would cost more than it saves.
const recentApart = 1000

// maxLately is how many of the latest commented responses a board keeps to list a theme's.
const maxLately = 5000

// Mentioning lists the latest responses of a queue (or an agent of it; "" for all) in sp whose
// comment holds the term key, newest first, at most limit.
func (b *Board) Mentioning(key, queue, agent string, sp model.Span, limit int) []model.Response {
	var out []model.Response
	n := len(b.lately)
	for k := range n {
		r := &b.lately[(b.at+n-1-k)%n]
		if queue != "" && r.Queue != queue || agent != "" && r.Agent != agent || !sp.Contains(r.Time) {
			continue
		}
		b.terms = b.analyzer.Terms(r.Comment, b.terms[:0])
		for _, t := range b.terms {
			if t.Key == key {
				out = append(out, *r)
				break
			}
		}
	}
	// Newest by time, as every list of responses: a file need not come in order.
	slices.SortStableFunc(out, func(x, y model.Response) int { return y.Time.Compare(x.Time) })
	return out[:min(len(out), limit)]
}

// who is a queue and an agent, as the Aggregator keeps them: it counts past its limits of
// groups under model.Other, so whos number at most its limit of agents, and of queues.
type who struct{ queue, agent string }

// Themes is the index of the comments' terms, with every comment that came until now cut.
func (b *Board) Themes() *themes.Index {
	b.cut(b.uncut.Len())
	return b.themes
}

// cutPerUpdate is how many waiting comments an update cuts (about 2 ms): a month of history is
// cut in the seconds after it loads, never in one frame.
const cutPerUpdate = 2000

// cut cuts the n oldest waiting comments into the index.
func (b *Board) cut(n int) {
	n = min(n, b.uncut.Len())
	for range n {
		c, text := b.uncut.Pop()
		b.terms = b.analyzer.Terms(text, b.terms[:0])
		w := b.whos.At(c.who())
		b.themes.AddIn(time.UnixMilli(c.at), c.class(), b.terms, w.queue, w.agent)
	}
	b.cutDone += n
}

// Cutting says how many comments wait to be cut, and how many were: the why pane says it is
// still reading while the first are many.
func (b *Board) Cutting() (waiting, done int) { return b.uncut.Len(), b.cutDone }

// SetThemes sets how comments are cut into words, and the topics they are matched against, for
// a board that has taken no response yet.
func (b *Board) SetThemes(a *themes.Analyzer, t *themes.Topics) {
	if a != nil {
		b.analyzer = a
	}
	b.themes.Topics = t
}

// TargetOf is a queue's target; the overall target for "".
func (b *Board) TargetOf(queue string) float64 { return b.Alerts.Rules.TargetOf(queue) }

// Apply counts an update's responses, raises their alerts, takes the actions of other
// dashboards, moves the board's clock to the source's, and judges the queue rules. It returns
// the changes to the alerts, to be kept.
func (b *Board) Apply(u *Update) []model.AlertEvent {
	var events []model.AlertEvent
	// The source's clock judges how far ahead an action is; the instant of arrival, whether
	// a response is history.
	clock := u.Status.Clock
	if clock.IsZero() {
		clock = b.Now
	}
	arrived := cmp.Or(u.Status.Arrived, clock)
	b.arrived = arrived
	for i := range u.Responses {
		b.Agg.Add(&u.Responses[i]) // first: it names groups past their limits (model.Other) for the others
	}
	if len(u.Responses) >= recentApart {
		// A backlog's latest responses are kept on a goroutine of their own while the rest of
		// the update is applied here: both only read the batch, and share nothing else (the
		// names they keep are the Aggregator's, set above).
		var wg sync.WaitGroup
		wg.Go(func() { b.Recent.AddBatch(u.Responses) })
		defer wg.Wait()
	} else {
		b.Recent.AddBatch(u.Responses)
	}
	// Of a batch, only the last maxLately comments can stay among the latest: the others are
	// not copied there.
	lateFrom, seen := 0, 0
	for i := len(u.Responses) - 1; i >= 0 && seen < maxLately; i-- {
		if u.Responses[i].Comment != "" {
			lateFrom, seen = i, seen+1
		}
	}
	for i := range u.Responses {
		if r := &u.Responses[i]; r.Comment != "" {
			if waiting := b.uncut.Len(); waiting >= maxBoardComments {
				// More than the index keeps wait: the oldest half would only be dropped from it.
				b.uncut.Drop(waiting / 2)
			}
			// The queue and agent are the Aggregator's copies; the comment points into a read
			// buffer, so the queue copies its text.
			b.uncut.Push(r.Time.UnixMilli(), r.Class(), b.whos.Of(who{r.Queue, r.Agent}), r.Comment)
			if i < lateFrom {
				continue
			}
			x := *r
			x.ID, x.Customer, x.Segment, x.Comment = strings.Clone(r.ID), strings.Clone(r.Customer), strings.Clone(r.Segment), strings.Clone(r.Comment)
			if len(b.lately) < maxLately {
				b.lately = append(b.lately, x)
			} else {
				b.lately[b.at] = x
				b.at = (b.at + 1) % maxLately
			}
		}
	}
	for i := range u.Responses {
		events = append(events, b.Alerts.Observe(&u.Responses[i], arrived)...)
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
	if len(u.Responses) < cutPerUpdate/10 { // a live pace; a backlog is cut by the root's ticks
		b.cut(cutPerUpdate)
	}
	if !b.Now.IsZero() {
		events = append(events, b.judge()...)
		if b.Now.Sub(b.forgot) > time.Hour {
			b.Alerts.Forget(b.Now)
			b.forgot = b.Now
		}
	}
	return events
}

// judge judges the queue rules at the board's instant, unless it is history.
func (b *Board) judge() []model.AlertEvent {
	if b.Now.IsZero() || b.Alerts.History(b.Now, b.arrived) {
		return nil
	}
	return b.Alerts.Judge(b.Agg, b.Now)
}

// Found takes thresholds of the worsening detector found apart, and judges the queues again
// with them. It returns the changes to the alerts, to be kept.
func (b *Board) Found(ts []model.Threshold) []model.AlertEvent {
	b.Alerts.Thresholds(ts)
	b.version++ // a queue's page says how soon a worsening can be told, once it can
	return b.judge()
}

// figures are a group's figures over window w at the board's instant, against its target,
// with a sparkline of spark steps (none when spark is 0).
func (b *Board) figures(g model.Group, w model.Window, spark int) model.Figures {
	return b.Agg.Figures(g, w, b.Now, b.Loc, b.TargetOf(g.Queue), spark)
}

// trend is at most maxPoints points of a group's NPS over the window, and how long a stretch
// each point holds.
func (b *Board) trend(g model.Group, w model.Window, maxPoints int) ([]model.TrendPoint, time.Duration) {
	return b.Agg.TrendPoints(g, w, b.Now, b.Loc, maxPoints)
}
