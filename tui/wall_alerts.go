package tui

import (
	"fmt"
	"time"

	"github.com/npsboard/npsboard/model"
)

// wallAlerts is what the alerts ask of the floor now, in figures read across the room: the
// cases overdue, those due within the hour, the queues going bad; then the most urgent. (An
// open count in big digits says nothing a floor can act on.)
type wallAlerts struct{}

func (wallAlerts) title() string { return "Open alerts" }

func (wallAlerts) body(c *common, _ *wall, w, h int, _ bool) []string {
	st, b := c.st, c.board
	bySev, overdue := b.Alerts.OpenCounts(b.Now)
	kinds := b.Alerts.OpenByKind()
	soon := b.Alerts.DueWithin(b.Now, time.Hour)
	figs := []struct {
		n     int
		label string
		hot   paint
	}{{overdue, "OVERDUE", st.Detractor}, {soon, "DUE WITHIN THE HOUR", st.Alert}, {kinds.Queues, "QUEUE ALERTS", st.Detractor}}
	var lines []string
	top := min(h/3, 14)
	colW := w / len(figs)
	var cols [][]string
	for i, f := range figs {
		cw := colW
		if i == len(figs)-1 {
			cw = w - colW*(len(figs)-1)
		}
		n := thousands(int64(f.n))
		paint := st.Faint
		if f.n > 0 {
			paint = f.hot
		}
		var col []string
		if scale := bigScale(n, cw-2, top-2); scale > 0 {
			for _, l := range bigTextScaled(n, scale) {
				col = append(col, paint.Render(center(l, cw)))
			}
		} else {
			col = append(col, paint.Render(center(n, cw)))
		}
		col = append(col, paint.Render(center(f.label, cw)))
		cols = append(cols, col)
	}
	tallest := 0
	for _, col := range cols {
		tallest = max(tallest, len(col))
	}
	for i := range cols {
		cw := colW
		if i == len(cols)-1 {
			cw = w - colW*(len(cols)-1)
		}
		// The digits sit on one baseline: shorter columns are padded above.
		cols[i] = block(append(make([]string, tallest-len(cols[i])), cols[i]...), cw, tallest)
	}
	lines = append(lines, joinColumns(cols...)...)
	n64 := func(n int) string { return thousands(int64(n)) }
	summary := fmt.Sprintf("%s to call back · %s high · %s streaks · %s open in all", n64(kinds.Cases), n64(bySev[model.High]), n64(kinds.Streaks),
		n64(bySev[0]+bySev[1]+bySev[2]))
	lines = append(lines, "", st.Faint.Render(center(summary, w)), "")
	if rest := h - len(lines); rest > 1 {
		list := alertList{items: b.Alerts.List(model.FilterOpen, "", b.Now)}
		lines = append(lines, list.view(st, b.Now, w, rest, false, true)...)
	}
	return block(lines, w, h)
}
