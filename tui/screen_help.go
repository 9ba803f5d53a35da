package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/model"
)

// helpScreen is every key, by group, and how to read what the screens show.
type helpScreen struct{ scroll int }

func (s *helpScreen) crumb() string { return "Help" }
func (s *helpScreen) shape() shape  { return shapeSingle }

func (s *helpScreen) bindings(c *common) []key.Binding {
	return []key.Binding{c.keys.Help, c.keys.Quit}
}
func (s *helpScreen) refresh(*common)                   {}
func (s *helpScreen) move(c *common, delta int)         { s.scroll += delta }
func (s *helpScreen) key(*common, tea.KeyMsg) tea.Cmd   { return nil }
func (s *helpScreen) mouse(c *common, msg tea.MouseMsg) { wheel(msg, func(d int) { s.move(c, d) }) }

func (s *helpScreen) view(c *common) []paneView {
	main, in := c.layout.Main, c.layout.Main.Inner()
	lines := helpLines(c, in.W)
	s.scroll = min(max(s.scroll, 0), max(0, len(lines)-in.H))
	return []paneView{{main, c.st.box("Help", "? or esc closes", lines[s.scroll:], main.W, main.H, true)}}
}

// helpLines are the keys by group, and how to read what the screen shows, in w cells.
func helpLines(c *common, w int) []string {
	st := c.st
	// The key groups side by side when they fit, else one under the other.
	// Columns as wide as their longest key and description, and a space.
	groups := c.keys.FullHelp()
	keyW, descW, rows := 0, 0, 0
	for _, g := range groups {
		rows = max(rows, 1+len(g))
		for _, b := range g {
			keyW, descW = max(keyW, ansi.StringWidth(b.Help().Key)+1), max(descW, ansi.StringWidth(b.Help().Desc))
		}
	}
	var cols [][]string
	for i, g := range groups {
		col := []string{st.Bold.Render(helpGroups[i])}
		for _, b := range g {
			h := b.Help()
			col = append(col, "  "+fit(h.Key, keyW)+h.Desc)
		}
		cols = append(cols, col)
	}
	// The groups side by side, four or two in a row as the width allows, else one under
	// the other.
	var lines []string
	colW := 2 + keyW + descW + 1
	perRow := 1
	switch {
	case w >= len(cols)*colW:
		perRow = len(cols)
	case w >= 2*colW:
		perRow = 2
	}
	for i := 0; i < len(cols); i += perRow {
		var blocks [][]string
		for _, c := range cols[i:min(i+perRow, len(cols))] {
			blocks = append(blocks, block(c, colW, rows))
		}
		if perRow == 1 {
			lines = append(append(lines, cols[i]...), "")
			continue
		}
		lines = append(append(lines, joinColumns(blocks...)...), "")
	}
	lines = append(lines, st.Bold.Render("Reading the screen"))
	for _, l := range [][2]string{
		{"+24 ±3", "NPS (% promoters − % detractors) and the half-width of its 95% interval"},
		{"few", "too few responses to tell: the interval is wider than ±30"},
		{"EST ±", "an agent's NPS shrunk toward the queue's agents (empirical Bayes, Morris 1983): pulled toward the queue as far as its few answers and the agents' spread say, with a 95% interval that counts both; RAW is the agent's own NPS"},
		{"▲+12*", "change against the window before (of equal length; for yesterday the day before; for week and month the last whole one); * significant: on a table, for its rows tested together (Benjamini–Hochberg at 5%), never claimed for too few responses"},
		{"√ ≈ ▼", "on target; near (below, but the target is inside the interval); below"},
		{st.glyphs.promoter + st.glyphs.passive + st.glyphs.detractor, "shares of promoters (9–10), passives (7–8), detractors (0–6)"},
		{"►", "the selection; the focused pane has a double border"},
		{"▲ HIGH", "an alert's severity (▲ HIGH, • med, · low); OVERDUE past its follow-up deadline"},
		{"! 12 call", "in the header: customers to call back (open cases, one a customer), then those overdue, queue alerts and streaks; in words when there is room (12 to call back)"},
		{"worsening", "a queue worse than its usual mix (28 days to 4 h ago): Page's CUSUM on each answer's likelihood ratio, for detractors +30 and promoters −20 points, one false alarm per queue in 60 days (run length by Brook–Evans); 'To confirm' on a queue's page says how long that takes at its pace"},
		{"+1", "on a case: the customer answered again since; it joined their case"},
		{"● ✓", "beside a response: it opened or joined a case, still open (●) or resolved (✓)"},
		{"Why · 1h", "what the group's detractors talk about: words and phrases (stemmed, negations kept) their comments hold more than promoters', by the weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), kept at G² ≥ 10.83 (Dunning 1993) and 5 comments; the share is of the detractors' comments; t for more"},
		{"CSAT CES", "CSAT: the share of 4–5 answers of 1–5, ± its 95% Wilson interval; CES: the mean of 1–7 (7 easiest) ± its 95% Student's t interval, and the share of 5–7"},
		{"1ST ACT P90", "the loop (L): median time from a case to its first action, or to its resolution; P90 the 90th percentile, nearest rank (Hyndman & Fan 1996, definition 1); IN SLA the share of cases due or resolved that were resolved by their deadline"},
		{"trend", "each point is the NPS of the trailing stretch named in the chart's title"},
		{"▁▃▅█", "a row's NPS over the window's last steps, on one scale for the whole table (filtered or not): height is level, comparable between rows"},
		{model.Other, fmt.Sprintf("past %s queues, %s agents, %s teams, %s channels or %s sites, new names are counted together as %s%s",
			thousands(model.MaxQueues), thousands(model.MaxAgents), thousands(model.MaxTeams), thousands(model.MaxChannels),
			thousands(model.MaxSites), model.Other, overLimits(c.board))},
	} {
		// A hanging indent: the description wraps under itself.
		for i, d := range strings.Split(ansi.Wrap(l[1], max(w-14, 10), ""), "\n") {
			if i == 0 {
				lines = append(lines, "  "+fit(l[0], 12)+d)
			} else {
				lines = append(lines, strings.Repeat(" ", 14)+d)
			}
		}
	}
	lines = append(lines, "")
	for _, l := range strings.Split(ansi.Wrap("Windows cover (start, end] in whole minutes; days, weeks and months are the display zone's, "+
		"and windows over a day start at a quarter-hour. Queues and the floor have one window (w), agents another (W). Every window "+
		"and its comparison is counted exactly; the clock is the feed's.", max(w, 10), ""), "\n") {
		lines = append(lines, st.Faint.Render(l))
	}
	for _, l := range strings.Split(ansi.Wrap("Alerts: "+keptIn(c.opts.Journal)+".", max(w, 10), "/"), "\n") {
		lines = append(lines, st.Faint.Render(l))
	}
	x := c.board.Alerts.Excess()
	var refused []string
	if x.Actions > 0 || x.Pending > 0 || x.Joined > 0 {
		refused = append(refused, fmt.Sprintf("Actions from elsewhere refused: %s (malformed, stamped over %v ahead of this clock, or past %s on "+
			"one alert); let go after waiting for their alert: %s; a customer's answers past %d on their case: %s.", thousands(x.Actions), model.MaxActionSkew,
			thousands(model.MaxActionsPerAlert), thousands(x.Pending), model.MaxJoined, thousands(x.Joined)))
	}
	if x.Cases > 0 {
		// Not something from elsewhere: the floor's own detractors, past what a screen holds.
		refused = append(refused, fmt.Sprintf("Past the inbox's bound, cases and streaks not opened (%s being held already): %s.",
			thousands(int64(c.board.Alerts.CaseBound())), thousands(x.Cases)))
	}
	for _, text := range refused {
		for _, l := range strings.Split(ansi.Wrap(text, max(w, 10), ""), "\n") {
			lines = append(lines, st.Alert.Render(l))
		}
	}
	return lines
}

// overLimits says how many responses were counted as Other, and for which limits.
func overLimits(b *Board) string {
	o := b.Agg.Over()
	if !o.Any() {
		return ""
	}
	var parts []string
	for _, l := range []struct {
		n    int64
		what string
	}{{o.Queues, "queues"}, {o.Agents, "agents"}, {o.Teams, "teams"}, {o.Channels, "channels"}, {o.Sites, "sites"}} {
		if l.n > 0 {
			parts = append(parts, thousands(l.n)+" for "+l.what)
		}
	}
	return "; so far " + thousands(o.Responses) + " responses (" + strings.Join(parts, ", ") + ")"
}
