package tui

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/npsboard/npsboard/model"
)

// overviewScreen is where the dashboard opens: every response's figures and trend, the queues
// worst first, and the latest detractors.
type overviewScreen struct {
	versioned
	groupPanes
	tablePanes
	bySite bool // the table lists sites, not queues
	whyTop int  // the side pane's lines above its list: the why pane's
}

func newOverview() *overviewScreen {
	s := &overviewScreen{groupPanes: groupPanes{group: model.Group{Dim: model.Overall}}, tablePanes: tablePanes{noun: "queue"}}
	s.side.showQueue, s.side.showAgent = true, true
	return s
}

func (s *overviewScreen) crumb() string { return "Overview" }
func (s *overviewScreen) shape() shape  { return shapeFigures }

func (s *overviewScreen) bindings(c *common) []key.Binding {
	b := tableBindings(c, s.focus)
	if len(c.board.Agg.Groups(model.BySite)) > 1 { // after the keys no screen goes without
		i := slices.IndexFunc(b, func(k key.Binding) bool { return k.Help() == c.keys.Alerts.Help() }) + 1
		b = append(b[:i:i], append([]key.Binding{c.keys.Sites}, b[i:]...)...)
	}
	return b
}

// tableBindings are the keys of a screen of a table and a side pane, the essentials first.
func tableBindings(c *common, focus int) []key.Binding {
	k := c.keys
	b := []key.Binding{k.Move, k.Enter}
	if c.depth > 1 {
		b = append(b, k.Back)
	}
	b = append(b, k.Help, k.Quit, k.Alerts)
	if !c.layout.Side.Empty() {
		b = append(b, k.Tab)
	}
	if focus == 0 {
		b = append(b, k.Filter, k.Sort)
	}
	return append(b, k.Window, k.Pause)
}

func (s *overviewScreen) refresh(c *common) {
	s.groupPanes.refresh(c)
	s.keepFocus(c)
	sites := c.board.Agg.Groups(model.BySite)
	s.bySite = s.bySite && len(sites) > 1 // with one site only, nothing about sites is shown
	groups := c.board.Agg.Groups(model.ByQueue)
	s.noun = "queue"
	if s.bySite {
		groups, s.noun = sites, "site"
	}
	var rows []model.Figures
	for _, g := range groups {
		rows = append(rows, c.board.figures(g, c.window, sparkSteps))
	}
	s.table.set(rows, c.sort, s.filtr)
	s.side.caseOf = c.board.Alerts.CaseOf
	s.side.set(c.board.Recent.Detractors(200, nil))
}

// rowsWanted lets a short table leave the rest of its column to what detractors talk about.
func (s *overviewScreen) rowsWanted() int { return len(s.table.rows) }

func (s *overviewScreen) view(c *common) []paneView {
	out := append(s.views(c, "Overall"), s.tableView(c))
	below := c.layout.Below
	if !below.Empty() { // under a short table: the themes, one a line
		in := below.Inner()
		lines := whyList(c, model.Group{Dim: model.Overall}, c.window, in.W, in.H)
		out = append(out, paneView{below, c.st.box("What detractors talk about · "+c.window.String(), "t: their comments", lines, below.W, below.H, false)})
	}
	if side := c.layout.Side; !side.Empty() {
		in := side.Inner()
		var lines []string
		if in.H >= 6 && below.Empty() { // what they talk about, above the latest of them
			lines = whyLines(c, model.Group{Dim: model.Overall}, c.window, in.W, in.H)
		}
		s.whyTop = len(lines)
		lines = append(lines, s.side.view(c.st, c.now, c.board.Loc, "no detractors yet", in.W, in.H-len(lines), s.focus == 1)...)
		note := "t: why"
		if n := s.side.note(); n != "" {
			note = n
		}
		out = append(out, paneView{side, c.st.box("Latest detractors", note, lines, side.W, side.H, s.focus == 1)})
	}
	return out
}

func (s *overviewScreen) move(c *common, delta int) { s.tablePanes.move(delta) }

func (s *overviewScreen) key(c *common, msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, c.keys.Sites) && len(c.board.Agg.Groups(model.BySite)) > 1 {
		s.bySite = !s.bySite
		s.refresh(c)
		return nil
	}
	s.paneKey(c, msg, func() { s.open(c) })
	return nil
}

// open drills into the selected queue, or the selected detractor.
func (s *overviewScreen) open(c *common) {
	s.openSelected(c, func(f model.Figures) screen {
		if f.Group.Dim == model.BySite {
			return newSite(f.Group.Name)
		}
		return newQueue(f.Group.Queue)
	})
}

func (s *overviewScreen) mouse(c *common, msg tea.MouseMsg) {
	s.tablePanes.mouse(c, msg.X, msg.Y, isClick(msg), msg.Button == tea.MouseButtonWheelUp, msg.Button == tea.MouseButtonWheelDown, s.whyTop,
		func() { s.open(c) })
}

// wheel moves a screen's list (or scroll) by a row a notch of the mouse wheel.
func wheel(msg tea.MouseMsg, move func(int)) {
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		move(-1)
	case tea.MouseButtonWheelDown:
		move(1)
	}
}

func isClick(msg tea.MouseMsg) bool {
	return msg.Button == tea.MouseButtonLeft && msg.Action == tea.MouseActionPress
}

// listMouse is the mouse on a list whose selection is row sel: the wheel moves it, a click on
// row (-1: on none) selects that row, and a click on the selected row opens it.
func listMouse(msg tea.MouseMsg, row, sel int, move func(int), open func()) {
	switch {
	case msg.Button == tea.MouseButtonWheelUp:
		move(-1)
	case msg.Button == tea.MouseButtonWheelDown:
		move(1)
	case isClick(msg):
		clickRow(row, sel, move, open)
	}
}

// clickRow selects the row clicked, or opens it when it is already selected.
func clickRow(row, sel int, move func(int), open func()) {
	switch {
	case row < 0:
	case row == sel:
		open()
	default:
		move(row - sel)
	}
}

// sparkSteps is how many steps a table row's sparkline has.
const sparkSteps = 12
