package tui

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/model"
)

// wallLeaderboard ranks agents (or teams).
type wallLeaderboard struct{}

func (wallLeaderboard) title() string { return "Leaderboard" }

// body ranks agents (or teams) by the low end of their 95 % interval: a lucky few
// answers never top it. Those with too few responses to tell are listed apart.
func (wallLeaderboard) body(c *common, wl *wall, w, h int, _ bool) []string {
	st, b := c.st, c.board
	dim := wl.opts.Leaderboard
	var ranked, few []model.Figures
	for _, g := range b.Agg.Groups(dim) {
		if q := wl.opts.Queues; len(q) > 0 && dim == model.ByAgent && !slices.Contains(q, g.Queue) {
			continue
		}
		f := b.figures(g, wl.opts.LeaderboardWindow, 0)
		switch {
		case !f.HasNPS:
		case f.Noisy():
			few = append(few, f)
		default:
			ranked = append(ranked, f)
		}
	}
	slices.SortFunc(ranked, func(a, b model.Figures) int {
		return cmp.Or(-cmp.Compare(a.CI.Lo, b.CI.Lo), -cmp.Compare(a.Stat.Responses(), b.Stat.Responses()), cmp.Compare(nameOf(a), nameOf(b)))
	})
	slices.SortFunc(few, func(a, b model.Figures) int { return cmp.Compare(nameOf(a), nameOf(b)) })
	who := map[model.Dim]string{model.ByAgent: "agents", model.ByTeam: "teams"}[dim]
	lines := []string{center(st.Bold.Render("Best "+who)+st.Faint.Render(" · "+wl.opts.LeaderboardWindow.Describe()+" · ranked by the low end of the 95% interval"), w), ""}
	nameW := min(24, max(10, w/4))
	queueW := 0
	if dim == model.ByAgent && w >= 100 {
		queueW = min(16, w/8)
	}
	// rank, name, queue, score, ±, its low end, N
	cols := []column{right(4), left(nameW), left(queueW), right(6), right(5), right(9), right(7)}
	lines = append(lines, st.Faint.Render(fit("  "+heading(cols, "#", "NAME", "QUEUE", "NPS", "±", "AT LEAST", "N"), w)))
	fewRows := 0
	if len(few) > 0 {
		fewRows = min(3, max(1, (h-len(lines))/4)) + 1
	}
	for i, f := range ranked {
		if len(lines) >= h-fewRows {
			break
		}
		_, paint := st.status(f.Standing)
		lines = append(lines, fit("  "+cells(cols, cols[0].cell(fmt.Sprint(i+1)), cols[1].cell(nameOf(f)), cols[2].cell(f.Group.Queue),
			paint.Render(cols[3].cell(signed(f.NPS))), cols[4].cell(plusMinus(f.CI.HalfWidth())), cols[5].cell(signed(f.CI.Lo)),
			cols[6].cell(thousands(f.Stat.Responses()))), w))
	}
	if len(ranked) == 0 {
		lines = append(lines, st.Faint.Render("  nobody has enough responses yet to be ranked"))
	}
	if len(few) > 0 && len(lines) < h {
		lines = append(lines, block(nil, w, max(0, h-fewRows-len(lines)))...)
		lines = append(lines, st.Faint.Render(fit(fmt.Sprintf("Not enough responses yet (%d):", len(few)), w)))
		var names []string
		for _, f := range few {
			names = append(names, fmt.Sprintf("%s (%d)", nameOf(f), f.Stat.Responses()))
		}
		lines = append(lines, packNames(names, w, h-len(lines))...)
	}
	return block(lines, w, h)
}

// packNames sets names in lines of w cells, at most rows of them; what does not fit is counted
// at the end.
func packNames(names []string, w, rows int) []string {
	var lines []string
	line := ""
	for i, n := range names {
		add := n
		if line != "" {
			add = " · " + n
		}
		if ansi.StringWidth(line+add) > w-2 {
			if len(lines) == rows-1 {
				more := fmt.Sprintf(" · +%d more", len(names)-i)
				return append(lines, "  "+fit(line, w-2-ansi.StringWidth(more))+more)
			}
			lines = append(lines, "  "+line)
			line = n
			continue
		}
		line += add
	}
	if line != "" && len(lines) < rows {
		lines = append(lines, "  "+line)
	}
	return lines
}
