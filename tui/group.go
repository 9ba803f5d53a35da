package tui

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/npsboard/npsboard/model"
)

// groupPanes are the top of a group's screen (the overview's, a queue's, an agent's): the
// group's figures with their gauge, and its trend.
type groupPanes struct {
	group   model.Group
	site    string // an agent's estimate is among the queue's agents at this site ("": all)
	figures model.Figures
	points  []model.TrendPoint
	smooth  time.Duration
	chart   trendChart
}

// trendAxis is the width of a trend's Y axis and its labels, inside the pane.
const trendAxis = 8

func (g *groupPanes) refresh(c *common) {
	w := c.windowOf(g.group)
	g.figures = c.board.figures(g.group, w, 0)
	c.board.Agg.WithExperience(&g.figures, w, c.board.Now, c.board.Loc)
	if g.group.Dim == model.ByAgent { // its estimate, among the queue's agents
		b := c.board
		rows, _ := b.Agg.AgentsAt(g.group.Queue, g.site, w, b.Now, b.Loc, b.TargetOf(g.group.Queue), 0)
		for _, r := range rows {
			if r.Group == g.group {
				g.figures.Est, g.figures.HasEst, g.figures.EstStanding = r.Est, r.HasEst, r.EstStanding
			}
		}
	}
	g.points, g.smooth = c.board.trend(g.group, w, max(c.layout.Trend.Inner().W-trendAxis, 2))
}

// views draws the summary, titled title, and the trend when the layout has room for it.
func (g *groupPanes) views(c *common, title string) []paneView {
	st, l := c.st, c.layout
	target := c.board.TargetOf(g.group.Queue)
	s, in := l.Summary, l.Summary.Inner()
	w := c.windowOf(g.group)
	out := []paneView{{s, st.box(title, w.Describe(), st.summary(&g.figures, w, target, in.W, in.H), s.W, s.H, false)}}
	if t := l.Trend; !t.Empty() {
		in := t.Inner()
		key := trendKey{w: in.W, h: in.H, what: g.group.String() + "@" + w.String(), braille: c.opts.Braille}
		note := "points: trailing " + shortDuration(g.smooth)
		out = append(out, paneView{t, st.box("NPS trend", note, g.chart.view(st, key, g.points, target), t.W, t.H, false)})
	}
	return out
}

// tablePanes are the bottom of the overview's and a queue's screen: a table of groups, which
// filters and sorts, and a side pane of responses; the focus is on one of them.
type tablePanes struct {
	table groupTable
	side  responseList
	focus int // 0: the table, 1: the side
	filtr string
	noun  string // what the table's rows are: "queue", "agent"
}

func (t *tablePanes) filter() string     { return t.filtr }
func (t *tablePanes) setFilter(f string) { t.filtr = f }

// move moves the selection of the focused pane.
func (t *tablePanes) move(delta int) {
	if t.focus == 1 {
		t.side.move(delta)
	} else {
		t.table.move(delta)
	}
}

// tab moves the focus delta panes on (tab forward, shift+tab back) among the panes shown: a
// side pane the layout has no room for never takes the focus.
func (t *tablePanes) tab(c *common, delta int) {
	n := t.panes(c)
	t.focus = ((t.focus+delta)%n + n) % n
}

func (t *tablePanes) panes(c *common) int {
	if c.layout.Side.Empty() {
		return 1
	}
	return 2
}

// keepFocus gives the focus back to the table when the side pane is no longer shown.
func (t *tablePanes) keepFocus(c *common) { t.focus = min(t.focus, t.panes(c)-1) }

// openSelected opens the selected detractor when the side pane has the focus, else the screen
// the selected row drills into.
func (t *tablePanes) openSelected(c *common, row func(model.Figures) screen) {
	if t.focus == 1 {
		if r, ok := t.side.selected(); ok {
			c.open(newResponse(r))
		}
		return
	}
	if f, ok := t.table.selected(); ok {
		c.open(row(f))
	}
}

// selectedResponse is the detractor selected in the side pane, when it has the focus.
func (t *tablePanes) selectedResponse() (model.Response, bool) {
	if t.focus != 1 {
		return model.Response{}, false
	}
	return t.side.selected()
}

// paneKey handles the keys of the two panes: open, and the focus.
func (t *tablePanes) paneKey(c *common, msg tea.KeyMsg, open func()) {
	switch {
	case key.Matches(msg, c.keys.Enter):
		open()
	case key.Matches(msg, c.keys.Tab):
		t.tab(c, 1)
	case key.Matches(msg, c.keys.PrevPane):
		t.tab(c, -1)
	}
}

// tableView draws the table in its pane.
func (t *tablePanes) tableView(c *common) paneView {
	main, in := c.layout.Main, c.layout.Main.Inner()
	note := c.sort.String()
	if t.noun == "agent" { // agents have their own window, of weeks
		note = c.agentWindow.Describe() + " · " + note
	}
	if t.filtr != "" {
		note = "filter \"" + t.filtr + "\" · " + note
	}
	heading := upperFirst(t.noun) + "s"
	return paneView{main, c.st.box(heading, note, t.table.view(c.st, t.noun, in.W, in.H, t.focus == 0), main.W, main.H, t.focus == 0)}
}

// mouse: the wheel moves the selection of the pane under the pointer; a click focuses a pane
// and selects a row, and a click on the selected row opens it (open says so). Rows of the side
// pane start at line top of it.
func (t *tablePanes) mouse(c *common, x, y int, click, up, down bool, top int, open func()) {
	l := c.layout
	pane, in := -1, Rect{}
	switch {
	case l.Main.Contains(x, y):
		pane, in = 0, l.Main.Inner()
	case l.Side.Contains(x, y):
		pane, in = 1, l.Side.Inner()
	default:
		return
	}
	t.focus = pane
	switch {
	case up:
		t.move(-1)
	case down:
		t.move(1)
	case click:
		row, sel := t.table.rowAt(y-in.Y), t.table.cur.sel
		if pane == 1 {
			if top < 0 {
				return // the side pane's rows cannot be told apart (a channel split)
			}
			row, sel = t.side.rowAt(y-in.Y-top), t.side.cur.sel
		}
		clickRow(row, sel, t.move, open)
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
