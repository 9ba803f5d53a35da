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
	return []key.Binding{k.Move, k.Ack, k.Assign, k.Resolve, k.Reopen, k.AlertFilter, k.Search, k.Enter, k.Back, k.Copy, k.Help, k.Quit}
}

func (s *alertsScreen) refresh(c *common) {
	items := c.board.Alerts.AppendList(s.list.items[:0], s.list.filter, c.opts.User, c.board.Now)
	if q := &s.list.query; q.any() {
		kept := items[:0]
		for _, a := range items {
			if q.keeps(a, "") {
				kept = append(kept, a)
			}
		}
		items = kept
	}
	s.list.set(items)
}

// filter and setFilter are what / searches: the customer, the agent, the comments.
func (s *alertsScreen) filter() string     { return s.list.query.text }
func (s *alertsScreen) setFilter(t string) { s.list.query.text = t }

// picker is the filters of the alerts, each choice with how many alerts it keeps given the
// others: state, rule, queue, owner.
func (s *alertsScreen) picker(c *common) *pickScreen {
	b, q := c.board, &s.list.query
	p := &pickScreen{title: "Filter alerts"}
	p.rows = append(p.rows, pickRow{label: "STATE"})
	for f := model.FilterOpen; f <= model.FilterAll; f++ {
		n := 0
		for _, a := range b.Alerts.List(f, c.opts.User, b.Now) {
			if q.keeps(a, "") {
				n++
			}
		}
		p.rows = append(p.rows, pickRow{label: f.String(), count: n, current: f == s.list.filter, apply: func() { s.list.filter = f }})
	}
	inState := b.Alerts.List(s.list.filter, c.opts.User, b.Now)
	facet := func(title, name string, of func(*model.Alert) string, set func(string), now string) {
		counts := map[string]int{}
		total := 0
		for _, a := range inState {
			if q.keeps(a, name) {
				counts[of(a)]++
				total++
			}
		}
		p.rows = append(p.rows, pickRow{label: ""}, pickRow{label: title},
			pickRow{label: "any", count: total, current: now == "", apply: func() { set("") }})
		for _, v := range firstOf(model.ByCount(counts), maxChoices) {
			label, val := v, v
			if v == "" {
				label, val = "nobody", nobody
			}
			p.rows = append(p.rows, pickRow{label: label, count: counts[v], current: now == val, apply: func() { set(val) }})
		}
	}
	facet("RULE", "rule", func(a *model.Alert) string { return a.Rule }, func(v string) { q.rule = v }, q.rule)
	facet("QUEUE", "queue", func(a *model.Alert) string { return a.Queue }, func(v string) { q.queue = v }, q.queue)
	facet("OWNER", "owner", func(a *model.Alert) string { return a.Taker() }, func(v string) { q.owner = v }, q.owner)
	for i, r := range p.rows {
		if r.current && r.apply != nil {
			p.sel = i
			break
		}
	}
	return p
}

func (s *alertsScreen) view(c *common) []paneView {
	st, l, b := c.st, c.layout, c.board
	main, in := l.Main, l.Main.Inner()
	n := thousands(int64(len(s.list.items)))
	note := fmt.Sprintf("%s: %s · f filters", s.list.filter, n)
	if q := s.list.query.describe(); q != "" {
		note = fmt.Sprintf("%s · %s: %s · f filters", s.list.filter, q, n)
	}
	foot := []string{st.Faint.Render(fit(keptIn(c.opts.Journal), in.W))}
	if n := b.Alerts.Excess().Cases; n > 0 {
		// The floor has more to call back than the inbox holds: said above what it keeps.
		full := fmt.Sprintf("%s responses opened no case: at most %s cases are held", thousands(n), thousands(int64(b.Alerts.CaseBound())))
		foot = append([]string{st.Alert.Render(fit(full, in.W))}, foot...)
	}
	foot = foot[:min(len(foot), max(in.H-1, 0))]
	lines := s.list.view(st, c.now, in.W, max(in.H-len(foot), 0), true, false)
	lines = append(lines, foot...)
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
		c.open(s.picker(c))
		return nil
	}
	a, ok := s.list.selected()
	if !ok {
		return nil
	}
	if key.Matches(msg, k.Enter) {
		if a.Response != nil {
			c.open(newResponse(*a.Response))
		}
		return nil
	}
	actOn(c, a, msg)
	return nil
}

// actOn does what a key says to an alert: acknowledge, reopen, or ask who takes it or what came
// of it. It says whether the key was one of those.
func actOn(c *common, a *model.Alert, msg tea.KeyMsg) bool {
	k := c.keys
	switch {
	case key.Matches(msg, k.Ack):
		c.act(model.ActAcknowledge, a.ID, "", "", "")
	case key.Matches(msg, k.Reopen):
		c.act(model.ActReopen, a.ID, "", "", "")
	case key.Matches(msg, k.Assign):
		c.ask(prompt{kind: model.ActAssign, alert: a.ID, label: "owner: ", hint: c.opts.User + " (enter), or another name"})
	case key.Matches(msg, k.Resolve):
		c.ask(prompt{kind: model.ActResolve, alert: a.ID, label: "note (optional): ", hint: "what was done, for the records",
			outcomes: outcomesOf(&c.board.Alerts.Rules)})
	default:
		return false
	}
	return true
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

// maxChoices is how many names a filter offers: a screenful or two, the most frequent.
const maxChoices = 200

func firstOf(names []string, n int) []string { return names[:min(len(names), n)] }

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
