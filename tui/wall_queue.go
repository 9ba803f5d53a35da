package tui

import "github.com/npsboard/npsboard/model"

// wallQueue is one queue's NPS in big digits, and its trend.
type wallQueue struct{ queue string }

func (s wallQueue) title() string { return "Queue " + s.queue }

func (s wallQueue) body(c *common, _ *wall, w, h int, stale bool) []string {
	b := c.board
	g := model.Group{Dim: model.ByQueue, Queue: s.queue}
	f := b.figures(g, c.window, 0)
	b.Agg.WithExperience(&f, c.window, b.Now, b.Loc)
	if w >= 120 {
		bw := w * 9 / 20
		pts, _ := b.trend(g, c.window, max((w-bw)/2, 2))
		return joinColumns(bigFigure(c, &f, s.title(), bw, h, stale), wallTrend(c, pts, b.TargetOf(s.queue), w-bw, h))
	}
	top := min(h, max(h*3/5, 6))
	pts, _ := b.trend(g, c.window, max(w/2, 2))
	return append(bigFigure(c, &f, s.title(), w, top, stale), wallTrend(c, pts, b.TargetOf(s.queue), w, h-top)...)
}
