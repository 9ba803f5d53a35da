package tui

import (
	"fmt"

	"github.com/npsboard/npsboard/model"
)

// wallLoop is the loop on the wall: the customers still to call back, how soon the floor acts
// and resolves today, the share resolved within the deadline, and each queue's.
type wallLoop struct{}

func (wallLoop) title() string { return "Closing the loop · today" }

func (wallLoop) body(c *common, _ *wall, w, h int, stale bool) []string {
	st, b := c.st, c.board
	k := b.Alerts.OpenByKind()
	_, overdue := b.Alerts.OpenCounts(b.Now)
	all := b.Alerts.List(model.FilterAll, "", b.Now)
	sp := model.Today().Span(b.Now, b.Loc)
	loops := model.LoopsOf(all, sp, b.Now)
	floor := loops.Floor
	var lines []string
	n := fmt.Sprint(k.Cases)
	if scale := bigScale(n, w-2, min(h/3, 12)-1); scale > 0 {
		paint := st.Promoter
		if overdue > 0 {
			paint = st.Detractor
		}
		for _, l := range bigTextScaled(n, scale) {
			lines = append(lines, paint.Render(center(l, w)))
		}
	}
	calls := fmt.Sprintf("%s to call back · %s overdue", thousands(int64(k.Cases)), thousands(int64(overdue)))
	first, resolved := quantile(floor.FirstAction, false), quantile(floor.Resolution, false)
	summary := firstFit(w,
		calls+fmt.Sprintf(" · today: first action %s, resolved in %s (medians) · %s within the deadline", first, resolved, slaText(floor)),
		calls+fmt.Sprintf(" · first action %s · resolved %s · %s in time", first, resolved, slaText(floor)),
		calls)
	lines = append(lines, center(summary, w), "")
	byQueue := loops.Queues
	cols := []column{left(min(24, max(10, w/4))), right(7), right(6), right(9), right(9), right(11)}
	lines = append(lines, st.Faint.Render(fit(heading(cols, "QUEUE", "CASES", "OPEN", "1ST ACT", "RESOLVED", "IN SLA"), w)))
	for _, q := range model.LoopKeys(byQueue) {
		if len(lines) >= h {
			break
		}
		l := byQueue[q]
		lines = append(lines, fit(cells(cols, cols[0].cell(q), cols[1].cell(thousands(int64(l.Cases))), cols[2].cell(thousands(int64(l.Open))),
			cols[3].cell(quantile(l.FirstAction, false)), cols[4].cell(quantile(l.Resolution, false)), cols[5].cell(slaText(l))), w))
	}
	if len(byQueue) == 0 && len(lines) < h {
		lines = append(lines, st.Faint.Render(fit("no case raised today", w)))
	}
	out := block(lines, w, h)
	if stale {
		for i := range out {
			out[i] = st.Faint.Render(out[i])
		}
	}
	return out
}
