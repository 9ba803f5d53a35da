package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/npsboard/npsboard/model"
)

// alertsScreen is the alerts, most severe and oldest first, and the selected one in full: where
// a supervisor takes them, follows them up and resolves them.
type alertsScreen struct {
	versioned
	list alertList
}

func newAlerts() *alertsScreen { return &alertsScreen{} }

// alertsOf opens the alerts on one alert, whatever its state (a detractor's, from a list).
func alertsOf(a *model.Alert) *alertsScreen {
	s := &alertsScreen{list: alertList{filter: model.FilterAll}}
	s.list.cur.key = a
	return s
}

func (s *alertsScreen) crumb() string { return "Alerts" }
func (s *alertsScreen) shape() shape  { return shapeListDetail }

func (s *alertsScreen) bindings(c *common) []key.Binding {
	k := c.keys
	return []key.Binding{k.Move, k.Ack, k.Assign, k.Resolve, k.Reopen, k.AlertFilter, k.Enter, k.Back, k.Copy, k.Help, k.Quit}
}

func (s *alertsScreen) refresh(c *common) {
	s.list.set(c.board.Alerts.AppendList(s.list.items[:0], s.list.filter, c.opts.User, c.board.Now))
}

func (s *alertsScreen) view(c *common) []paneView {
	st, l, b := c.st, c.layout, c.board
	main, in := l.Main, l.Main.Inner()
	note := fmt.Sprintf("%s: %d · f changes", s.list.filter, len(s.list.items))
	lines := s.list.view(st, c.now, in.W, max(in.H-1, 0), true, false)
	if in.H > 1 {
		lines = append(lines, st.Faint.Render(fit(keptIn(c.opts.Journal), in.W)))
	}
	out := []paneView{{main, st.box("Alerts", note, block(lines, in.W, in.H), main.W, main.H, true)}}
	if side := l.Side; !side.Empty() {
		a, _ := s.list.selected()
		in := side.Inner()
		out = append(out, paneView{side, st.box("Alert", "", st.alertDetail(a, playbookOf(b, a), c.now, b.Loc, in.W, in.H), side.W, side.H, false)})
	}
	return out
}

func (s *alertsScreen) move(c *common, delta int) { s.list.move(delta) }

// selectedResponse is the response that raised the selected alert, if one did.
func (s *alertsScreen) selectedResponse() (model.Response, bool) {
	if a, ok := s.list.selected(); ok && a.Response != nil {
		return *a.Response, true
	}
	return model.Response{}, false
}

// key acts on the selected alert, or changes the filter.
func (s *alertsScreen) key(c *common, msg tea.KeyMsg) tea.Cmd {
	k := c.keys
	if key.Matches(msg, k.AlertFilter) {
		s.list.filter = (s.list.filter + 1) % (model.FilterAll + 1)
		s.refresh(c)
		return nil
	}
	a, ok := s.list.selected()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(msg, k.Enter):
		if a.Response != nil {
			c.open(newResponse(*a.Response))
		}
	case key.Matches(msg, k.Ack):
		c.act(model.ActAcknowledge, a.ID, "", "", "")
	case key.Matches(msg, k.Reopen):
		c.act(model.ActReopen, a.ID, "", "", "")
	case key.Matches(msg, k.Assign):
		c.ask(prompt{kind: model.ActAssign, alert: a.ID, label: "owner: ", hint: c.opts.User + " (enter), or another name"})
	case key.Matches(msg, k.Resolve):
		c.ask(prompt{kind: model.ActResolve, alert: a.ID, label: "note (optional): ", hint: "what was done, for the records",
			outcomes: outcomesOf(&c.board.Alerts.Rules)})
	}
	return nil
}

func (s *alertsScreen) mouse(c *common, msg tea.MouseMsg) {
	l := c.layout
	if !l.Main.Contains(msg.X, msg.Y) && !l.Side.Contains(msg.X, msg.Y) {
		return
	}
	row := -1 // a click on the detail selects nothing
	if l.Main.Contains(msg.X, msg.Y) {
		row = s.list.rowAt(msg.Y - l.Main.Inner().Y)
	}
	listMouse(msg, row, s.list.cur.sel, func(d int) { s.move(c, d) }, func() {
		if a, ok := s.list.selected(); ok && a.Response != nil {
			c.open(newResponse(*a.Response))
		}
	})
}

// playbookOf is the steps the config gives for an alert, if any.
func playbookOf(b *Board, a *model.Alert) []string {
	if a == nil {
		return nil
	}
	return b.Alerts.Rules.Playbook(a)
}

// outcomesOf is the floor's list of outcomes.
func outcomesOf(r *model.Rules) []string {
	if len(r.Outcomes) == 0 {
		return model.DefaultOutcomes
	}
	return r.Outcomes
}

// keptIn says which state journal holds the alerts, so that a supervisor who opened another
// source knows why these alerts are not those.
func keptIn(journal string) string {
	if journal == "" {
		return "not kept: the demo's alerts are made up (--state keeps them)"
	}
	return "kept in " + journal
}
