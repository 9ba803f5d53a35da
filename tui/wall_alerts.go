package tui

import (
	"fmt"

	"github.com/npsboard/npsboard/model"
)

// wallAlerts is how many alerts are open, by severity, and the most urgent of them.
type wallAlerts struct{}

func (wallAlerts) title() string { return "Open alerts" }

func (wallAlerts) body(c *common, _ *wall, w, h int, _ bool) []string {
	st, b := c.st, c.board
	bySev, overdue := b.Alerts.OpenCounts(b.Now)
	open := bySev[0] + bySev[1] + bySev[2]
	n := fmt.Sprint(open)
	var lines []string
	top := min(h/3, 12)
	if scale := bigScale(n, w-2, top-1); scale > 0 {
		paint := st.Promoter
		if bySev[model.High] > 0 || overdue > 0 {
			paint = st.Detractor
		}
		for _, l := range bigTextScaled(n, scale) {
			lines = append(lines, paint.Render(center(l, w)))
		}
	}
	n64 := func(n int) string { return thousands(int64(n)) }
	summary := n64(open) + " open · " + n64(bySev[model.High]) + " high · " + n64(bySev[model.Medium]) + " medium · " +
		n64(bySev[model.Low]) + " low · " + n64(overdue) + " overdue"
	lines = append(lines, center(summary, w), "")
	if rest := h - len(lines); rest > 1 {
		list := alertList{items: b.Alerts.List(model.FilterOpen, "", b.Now)}
		lines = append(lines, list.view(st, b.Now, w, rest, false, true)...)
	}
	return block(lines, w, h)
}
