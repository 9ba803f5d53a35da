package tui

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/model"
)

// wallLeaderboard ranks the agents of one queue, team or site, or of the whole floor; or the
// teams.
type wallLeaderboard struct {
	within RankWithin
	name   string // the queue, team or site; "" for the floor
}

func (l wallLeaderboard) title() string {
	if l.name == "" {
		return "Leaderboard"
	}
	return "Leaderboard · " + l.name
}

// leaderboards are the rotation's leaderboards: one for each queue (of --queues, when given),
// team or site with agents; one for the floor, or for the teams.
func (wl *wall) leaderboards(b *Board) []wallScreen {
	within := wl.opts.RankWithin
	if wl.opts.Leaderboard == model.ByTeam || within == RankWithinFloor {
		return []wallScreen{wallLeaderboard{within: RankWithinFloor}}
	}
	var names []string
	switch within {
	case RankWithinQueue:
		names = wl.queues(b)
	case RankWithinTeam:
		for _, g := range b.Agg.Groups(model.ByTeam) {
			names = append(names, g.Name)
		}
	case RankWithinSite:
		for _, g := range b.Agg.Groups(model.BySite) {
			names = append(names, g.Name)
		}
	}
	if len(names) == 0 {
		return []wallScreen{wallLeaderboard{within: RankWithinFloor}}
	}
	out := make([]wallScreen, len(names))
	for i, n := range names {
		out[i] = wallLeaderboard{within: within, name: n}
	}
	return out
}

// ranking is a leaderboard's row: a group's figures and the estimate it is ranked by.
type ranking struct {
	f   model.Figures
	est model.Estimate
}

// rankable is the estimate a row is ranked by: an agent's shrunk estimate, else (a queue of too
// few agents to shrink, a team) its raw figure; false when it is too uncertain to rank (its
// interval wider than ±30).
func rankable(f *model.Figures) (model.Estimate, bool) {
	e := model.Estimate{NPS: f.NPS, CI: f.CI}
	if f.HasEst {
		e = f.Est
	} else if !f.HasNPS {
		return e, false
	}
	return e, e.CI.HalfWidth() <= model.NoiseHalfWidth
}

// rows are the figures of those the leaderboard ranks.
func (l wallLeaderboard) rows(b *Board, wl *wall) []model.Figures {
	win := wl.opts.LeaderboardWindow
	if wl.opts.Leaderboard == model.ByTeam {
		var out []model.Figures
		for _, g := range b.Agg.Groups(model.ByTeam) {
			out = append(out, b.figures(g, win, 0))
		}
		return out
	}
	queues := wl.queues(b)
	if l.within == RankWithinQueue {
		queues = []string{l.name}
	}
	var out []model.Figures
	for _, q := range queues {
		rows, _ := b.Agg.Agents(q, win, b.Now, b.Loc, b.TargetOf(q), 0) // shrunk toward the queue's agents
		for _, f := range rows {
			team, site := b.Agg.AgentOf(f.Group)
			if l.within == RankWithinTeam && team != l.name || l.within == RankWithinSite && site != l.name {
				continue
			}
			out = append(out, f)
		}
	}
	return out
}

// body ranks by the low end of the estimate's 95 % interval: a lucky few answers never top it,
// and an agent's few answers are weighed against the queue's. Those too uncertain to rank are
// listed apart. The title says so when even the first is not on target.
func (l wallLeaderboard) body(c *common, wl *wall, w, h int, _ bool) []string {
	st, b := c.st, c.board
	teams := wl.opts.Leaderboard == model.ByTeam
	var ranked []ranking
	var few []model.Figures
	for _, f := range l.rows(b, wl) {
		if e, ok := rankable(&f); ok {
			ranked = append(ranked, ranking{f, e})
		} else if f.HasNPS {
			few = append(few, f)
		}
	}
	slices.SortFunc(ranked, func(a, b ranking) int {
		return cmp.Or(-cmp.Compare(a.est.CI.Lo, b.est.CI.Lo), -cmp.Compare(a.f.Stat.Responses(), b.f.Stat.Responses()), cmp.Compare(nameOf(a.f), nameOf(b.f)))
	})
	slices.SortFunc(few, func(a, b model.Figures) int { return cmp.Compare(nameOf(a), nameOf(b)) })
	who := "agents"
	if teams {
		who = "teams"
	}
	if l.name != "" {
		who += " " + map[RankWithin]string{RankWithinQueue: "in", RankWithinTeam: "of", RankWithinSite: "at"}[l.within] + " " + l.name
	}
	head := st.Bold.Render("Best " + who)
	if len(ranked) > 0 {
		if top := ranked[0]; top.est.NPS < top.f.Target {
			head += st.Alert.Render(" · none on target " + signed(top.f.Target))
		}
	}
	how := " · " + wl.opts.LeaderboardWindow.Describe() + " · ranked by the low end of the 95% interval"
	if !teams {
		how = " · " + wl.opts.LeaderboardWindow.Describe() + " · ranked by the low end of the estimate's 95% interval"
	}
	lines := []string{center(firstFit(w, head+st.Faint.Render(how), head), w), ""}
	nameW := min(24, max(10, w/4))
	queueW := 0
	if !teams && l.within != RankWithinQueue && w >= 100 {
		queueW = min(16, w/8)
	}
	// Without the queue's column, an agent ranked in two queues would be two rows of one name:
	// those names say their queue.
	label := func(f model.Figures) string { return nameOf(f) }
	if !teams && queueW == 0 && l.within != RankWithinQueue {
		seen := map[string]int{}
		for _, r := range ranked {
			seen[nameOf(r.f)]++
		}
		for _, f := range few {
			seen[nameOf(f)]++
		}
		label = func(f model.Figures) string {
			if seen[nameOf(f)] > 1 {
				return nameOf(f) + " (" + f.Group.Queue + ")"
			}
			return nameOf(f)
		}
		for _, r := range ranked { // the names take the room the queue's column would have
			nameW = max(nameW, min(ansi.StringWidth(label(r.f)), w-50))
		}
	}
	// rank, name, queue, score, ±, its low end, N, where it stands
	cols := []column{right(4), left(nameW), left(queueW), right(6), right(5), right(9), right(7), left(8)}
	score := "EST"
	if teams {
		score = "NPS"
	}
	lines = append(lines, st.Faint.Render(fit("  "+heading(cols, "#", "NAME", "QUEUE", score, "±", "AT LEAST", "N", "TARGET"), w)))
	fewRows := 0
	if len(few) > 0 {
		fewRows = min(3, max(1, (h-len(lines))/4)) + 1
	}
	// A large wall draws the ranked in block letters, as many as the room takes; the table's
	// rows are for walls that cannot.
	names := make([]string, len(ranked))
	for i, r := range ranked {
		names[i] = fontText(fmt.Sprintf("%d %s", i+1, label(r.f)))
	}
	scoreW := bigWidth("+100")
	bigW := 0
	if w >= 200 && h >= 4*min(len(ranked), 5)+len(lines)+fewRows+1 {
		bigW = bigNamesWidth(names, scoreW, 36, w)
	}
	if bigW > 0 {
		rows := make([]bigRow, len(ranked))
		for i, r := range ranked {
			word, paint := st.status(model.StandingOf(r.est.NPS, r.est.CI, r.f.Target))
			detail := fmt.Sprintf("%s · at least %s · %s", plusMinus(r.est.CI.HalfWidth()), signed(r.est.CI.Lo), count(r.f.Stat.Responses(), "response"))
			if !teams && l.within != RankWithinQueue { // which queue the agent is ranked in
				detail = r.f.Group.Queue + " · " + detail
			}
			rows[i] = bigRow{name: names[i], num: signed(r.est.NPS), paint: paint, side: [3]string{"", paint.Render(word), st.Faint.Render(detail)}}
		}
		lines = append(lines[:len(lines)-1], bigRowLines(rows, bigW, scoreW, w, h-fewRows-len(lines)+1)...) // no table heading
	}
	for i, r := range ranked {
		if bigW > 0 || len(lines) >= h-fewRows {
			break
		}
		word, paint := st.status(model.StandingOf(r.est.NPS, r.est.CI, r.f.Target))
		lines = append(lines, fit("  "+cells(cols, cols[0].cell(fmt.Sprint(i+1)), cols[1].cell(label(r.f)), cols[2].cell(r.f.Group.Queue),
			paint.Render(cols[3].cell(signed(r.est.NPS))), cols[4].cell(plusMinus(r.est.CI.HalfWidth())), cols[5].cell(signed(r.est.CI.Lo)),
			cols[6].cell(thousands(r.f.Stat.Responses())), paint.Render(cols[7].cell(word))), w))
	}
	if len(ranked) == 0 {
		lines = append(lines, st.Faint.Render("  nobody has enough responses yet to be ranked"))
	}
	if len(few) > 0 && len(lines) < h {
		lines = append(lines, block(nil, w, max(0, h-fewRows-len(lines)))...)
		lines = append(lines, st.Faint.Render(fit(fmt.Sprintf("Not enough responses yet to rank (%d):", len(few)), w)))
		var names []string
		for _, f := range few {
			names = append(names, fmt.Sprintf("%s (%d)", label(f), f.Stat.Responses()))
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
