package tui

import (
	"fmt"
	"strings"

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
	keys := model.LoopKeys(byQueue)
	// On a large wall each queue's open cases are in block letters too, the rest beside them.
	names := make([]string, len(keys))
	for i, q := range keys {
		names[i] = fontText(q)
	}
	scoreW, nameW := bigWidth("9999"), 0
	if w >= 200 && h-len(lines) >= 4*min(len(keys), 4)+1 {
		nameW = bigNamesWidth(names, scoreW, 50, w)
	}
	if nameW > 0 {
		rows := make([]bigRow, len(keys))
		for i, q := range keys {
			l := byQueue[q]
			paint := st.Promoter
			if l.Open > 0 {
				paint = st.Alert
			}
			sla := slaText(l) + " within the deadline"
			if slaText(l) == "–" {
				sla = "none resolved yet"
			}
			rows[i] = bigRow{name: names[i], num: thousands(int64(l.Open)), paint: paint, side: [3]string{"",
				fmt.Sprintf("%s cases · first action %s · resolved %s", thousands(int64(l.Cases)), quantile(l.FirstAction, false), quantile(l.Resolution, false)),
				st.Faint.Render(sla)}}
		}
		lines = append(lines, st.Faint.Render(fit("  QUEUE"+strings.Repeat(" ", max(1, nameW-3))+fitRight("OPEN", scoreW)+"  TODAY", w)))
		lines = append(lines, bigRowLines(rows, nameW, scoreW, w, h-len(lines))...)
		keys = nil // drawn
	}
	cols := []column{left(min(24, max(10, w/4))), right(7), right(6), right(9), right(9), right(11)}
	if nameW == 0 {
		lines = append(lines, st.Faint.Render(fit(heading(cols, "QUEUE", "CASES", "OPEN", "1ST ACT", "RESOLVED", "IN SLA"), w)))
	}
	for _, q := range keys {
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
