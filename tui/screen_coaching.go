package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/npsboard/npsboard/model"
)

// coachingScreen lists the agents credibly below their queue over the agents' window: their
// estimate's whole interval is under the queue's NPS. The widest gap comes first.
type coachingScreen struct {
	versioned
	list []model.Coach
	cur  cursor[model.Group]
}

func newCoaching() *coachingScreen { return &coachingScreen{} }

func (s *coachingScreen) crumb() string { return "Coaching" }
func (s *coachingScreen) shape() shape  { return shapeSingle }

func (s *coachingScreen) bindings(c *common) []key.Binding {
	k := c.keys
	return []key.Binding{k.Move, k.Enter, k.Back, k.AgentWindow, k.Help, k.Quit, k.Alerts}
}

func (s *coachingScreen) refresh(c *common) {
	b := c.board
	s.list = b.Agg.Coaching(c.agentWindow, b.Now, b.Loc, b.TargetOf)
	s.cur.follow(len(s.list), s.keyOf)
}

func (s *coachingScreen) keyOf(i int) model.Group { return s.list[i].Agent.Group }

func (s *coachingScreen) view(c *common) []paneView {
	st, main, in := c.st, c.layout.Main, c.layout.Main.Inner()
	w, h := in.W, in.H
	lines := []string{st.Faint.Render(fit("Agents whose estimate's whole 95% interval is below their queue's NPS, "+
		c.agentWindow.Describe()+"; the widest gap first.", w)), ""}
	queueW, siteW := min(16, max(8, w/8)), 0
	if w >= 110 {
		siteW = 10
	}
	cols := []column{left(markerWidth + min(24, max(10, w/5))), left(queueW), left(siteW), right(6), right(5), right(6), right(9), right(7)}
	lines = append(lines, st.Faint.Render(fit(heading(cols, "  AGENT", "QUEUE", "SITE", "EST", "±", "QUEUE", "GAP ≥", "N"), w)))
	if len(s.list) == 0 {
		lines = append(lines, st.Faint.Render("  nobody is credibly below their queue: every agent's interval reaches the queue's NPS"))
	}
	rows := h - len(lines)
	for i := s.cur.inSight(len(s.list), rows); i < len(s.list) && len(lines) < h; i++ {
		co := &s.list[i]
		a := &co.Agent
		_, site := c.board.Agg.AgentOf(a.Group)
		name := fit(a.Group.Name, cols[0].w-markerWidth)
		if i == s.cur.sel {
			name = st.Bold.Render(name)
		}
		lines = append(lines, fit(cells(cols, st.marker(i == s.cur.sel, true)+name, cols[1].cell(a.Group.Queue), cols[2].cell(site),
			st.Detractor.Render(cols[3].cell(signed(a.Est.NPS))), st.Faint.Render(cols[4].cell(plusMinus(a.Est.CI.HalfWidth()))),
			cols[5].cell(signed(co.Queue.NPS)), st.Detractor.Render(cols[6].cell(fmt.Sprintf("%.0f", co.Gap()))),
			cols[7].cell(thousands(a.Stat.Responses()))), w))
	}
	note := fmt.Sprintf("%d agents", len(s.list))
	return []paneView{{main, st.box("Coaching", note, block(lines, w, h), main.W, main.H, true)}}
}

func (s *coachingScreen) move(c *common, delta int) { s.cur.move(delta, len(s.list), s.keyOf) }

// rowAt is the agent on line y of the pane's inside, or −1.
func (s *coachingScreen) rowAt(y int) int { return s.cur.rowAt(y-3, len(s.list)) }

func (s *coachingScreen) key(c *common, msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, c.keys.Enter) {
		s.open(c)
	}
	return nil
}

func (s *coachingScreen) open(c *common) {
	if len(s.list) > 0 {
		g := s.list[s.cur.sel].Agent.Group
		c.open(newAgent(g.Queue, g.Name))
	}
}

func (s *coachingScreen) mouse(c *common, msg tea.MouseMsg) {
	main := c.layout.Main
	if !main.Contains(msg.X, msg.Y) {
		return
	}
	listMouse(msg, s.rowAt(msg.Y-main.Inner().Y), s.cur.sel, func(d int) { s.move(c, d) }, func() { s.open(c) })
}
