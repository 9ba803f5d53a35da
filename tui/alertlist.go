package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/model"
)

// alertList is a list of alerts, with a selection that stays on the same alert, and on the
// next when that one leaves the list (taken by someone, resolved). Alerts are followed by
// pointer: ids would cost a string comparison an alert.
type alertList struct {
	items  []*model.Alert
	filter model.AlertFilter
	query  alertQuery
	cur    cursor[*model.Alert]
}

// alertQuery narrows the alerts of a state filter: to a rule, a queue, an owner ("" for any;
// nobody for the untaken), and text found in the customer, the agent or a comment.
type alertQuery struct {
	rule, queue, owner string
	text               string
}

// nobody is the owner filter of the alerts nobody has taken.
const nobody = "\x00nobody"

func (q *alertQuery) any() bool {
	return q.rule != "" || q.queue != "" || q.owner != "" || q.text != ""
}

// keeps says whether an alert passes the query, but for the facet left out (to count its
// choices).
func (q *alertQuery) keeps(a *model.Alert, except string) bool {
	switch {
	case except != "rule" && q.rule != "" && a.Rule != q.rule:
		return false
	case except != "queue" && q.queue != "" && a.Queue != q.queue:
		return false
	case except != "owner" && q.owner == nobody && a.Taker() != "":
		return false
	case except != "owner" && q.owner != "" && q.owner != nobody && a.Taker() != q.owner:
		return false
	}
	if q.text == "" {
		return true
	}
	t := strings.ToLower(q.text)
	if strings.Contains(strings.ToLower(a.Agent), t) {
		return true
	}
	rs := append([]*model.Response{a.Response}, a.Joined()...)
	for _, r := range rs {
		if r != nil && (strings.Contains(strings.ToLower(r.Customer), t) || strings.Contains(strings.ToLower(r.Comment), t)) {
			return true
		}
	}
	return false
}

// describe is the query as the list's title says it.
func (q *alertQuery) describe() string {
	var parts []string
	for _, p := range []string{q.rule, q.queue} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	switch q.owner {
	case "":
	case nobody:
		parts = append(parts, "nobody's")
	default:
		parts = append(parts, q.owner+"'s")
	}
	if q.text != "" {
		parts = append(parts, `"`+q.text+`"`)
	}
	return strings.Join(parts, " · ")
}

func (l *alertList) set(items []*model.Alert) {
	l.items = items
	l.cur.follow(len(items), l.keyOf)
}

func (l *alertList) keyOf(i int) *model.Alert { return l.items[i] }

func (l *alertList) move(delta int) { l.cur.move(delta, len(l.items), l.keyOf) }

func (l *alertList) selected() (*model.Alert, bool) {
	if len(l.items) == 0 {
		return nil, false
	}
	return l.items[l.cur.sel], true
}

// rowAt is the alert under line y of the view (0 is the heading), or −1.
func (l *alertList) rowAt(y int) int { return l.cur.rowAt(y-1, len(l.items)) }

// severityCell says an alert's severity in a glyph and a word, for screens without colour.
func (st *Styles) severityCell(s model.Severity, w int) string {
	switch s {
	case model.High:
		return st.Detractor.Render(fit("▲ HIGH", w))
	case model.Medium:
		return st.Alert.Render(fit("• med", w))
	}
	return st.Faint.Render(fit("· low", w))
}

func stateWord(a *model.Alert) string {
	switch {
	case !a.ClearedAt().IsZero():
		return "cleared"
	case a.State == model.StateAcknowledged:
		return "ack"
	case a.State == model.StateResolved:
		return "resolved"
	}
	return "NEW"
}

// age writes how long ago something happened: 40s, 12m, 3h, 2d.
func age(since, now time.Time) string {
	return durationIn(now.Sub(since), [4]string{"s", "m", "h", "d"})
}

// durationIn writes a duration in its largest whole unit up to days (hours up to two days),
// with the units' names: seconds, minutes, hours, days.
func durationIn(d time.Duration, units [4]string) string {
	switch {
	case d < time.Minute:
		return fmt.Sprint(max(0, int(d/time.Second))) + units[0]
	case d < time.Hour:
		return fmt.Sprint(int(d/time.Minute)) + units[1]
	case d < 48*time.Hour:
		return fmt.Sprint(int(d/time.Hour)) + units[2]
	}
	return fmt.Sprint(int(d/(24*time.Hour))) + units[3]
}

// what says in a few words what an alert is about, without its queue and agent (they have
// columns): a detractor's score, what made it high, and its comment; a queue rule's figures.
func what(a *model.Alert) string {
	r := a.Response
	switch {
	case a.Rule == model.RuleStreak:
		return flatten(a.Because()) // the agent has a column
	case r == nil || !model.IsCase(a.Rule):
		return flatten(a.Why())
	}
	s := fmt.Sprintf("%d", r.Score)
	if n := len(a.Joined()); n > 0 { // the customer answered again: their case holds every answer
		s += fmt.Sprintf(" +%d", n)
	}
	switch f := a.Figures(); {
	case f.Keyword != "":
		s += " · " + f.Keyword
	case a.Because() != "":
		s += " · " + a.Because()
	}
	if r.Comment != "" {
		s += ` · "` + flatten(r.Comment) + `"`
	}
	return s
}

// view draws the list: one alert a line, most severe and oldest first. The agent gets a column
// when there is room; the owner (or whoever acknowledged it) always has one. With unselected,
// no row is marked (the wallboard's list).
func (l *alertList) view(st *Styles, now time.Time, w, h int, focused, unselected bool) []string {
	agent := 0
	if w >= 110 {
		agent = min(16, w/8)
	}
	// marker, severity, state, age, due, queue, agent, owner; then what, in the rest of the line
	cols := []column{left(markerWidth), left(8), left(8), right(4), left(8), left(min(14, max(8, w/8))), left(agent), left(min(12, max(7, w/10)))}
	lines := []string{st.Faint.Render(fit("  "+heading(cols[1:], "SEVERITY", "STATE", "AGE ", "DUE", "QUEUE", "AGENT", "OWNER")+" WHAT", w))}
	if len(l.items) == 0 {
		return block(append(lines, st.Faint.Render("  no "+l.filter.String()+" alerts")), w, h)
	}
	for i := l.cur.inSight(len(l.items), h-1); i < len(l.items) && len(lines) < h; i++ {
		a := l.items[i]
		state := cols[2].cell(stateWord(a))
		if a.State == model.StateNew && a.Open() {
			state = st.Bold.Render(state)
		}
		due := st.Faint.Render(cols[4].cell("in " + age(now, a.Due)))
		switch {
		case !a.Open():
			due = cols[4].cell("")
		case a.Overdue(now):
			due = st.Detractor.Render(cols[4].cell("OVERDUE"))
		}
		marker := st.marker(i == l.cur.sel && !unselected, focused)
		// The marker sits against the severity: they share the row's first cell.
		lines = append(lines, marker+cells(cols[1:], st.severityCell(a.Severity, cols[1].w), state, cols[3].cell(age(a.RaisedAt, now)), due,
			cols[5].cell(a.Queue), cols[6].cell(orDash(a.Agent)), cols[7].cell(orDash(a.Taker())))+" "+what(a))
	}
	return block(lines, w, h)
}

// alertDetail draws the selected alert in full: what raised it, who has it, what was done.
func (st *Styles) alertDetail(a *model.Alert, playbook []string, now time.Time, loc *time.Location, w, h int) []string {
	if a == nil {
		return block(nil, w, h)
	}
	when := func(t time.Time) string { return t.In(loc).Format("Mon 02 Jan 15:04") }
	field := func(name, v string) string { return st.Faint.Render(fit(name, 10)) + v }
	// Why is said whole, on two lines when one is too narrow (a queue's figures are long).
	lines := []string{field("Alert", a.Severity.String()+" · "+a.Rule+" · "+a.ID)}
	for i, l := range strings.SplitN(ansi.Wrap(flatten(a.Why()), max(w-10, 10), ""), "\n", 2) {
		lines = append(lines, field([]string{"Why", ""}[i], strings.ReplaceAll(l, "\n", " ")))
	}
	if r := a.Response; r != nil {
		who := []string{r.ID, when(r.Time)}
		for _, v := range []string{r.Channel, r.Customer, r.Segment} {
			if v != "" {
				who = append(who, v)
			}
		}
		lines = append(lines, field("Response", strings.Join(who, " · ")))
		if r.Comment != "" {
			lines = append(lines, field("Comment", `"`+flatten(r.Comment)+`"`))
		}
	}
	// The customer's later answers, newest first: what they said since is what the call is about.
	joined := a.Joined()
	for i := len(joined) - 1; i >= 0; i-- {
		r := joined[i]
		s := fmt.Sprintf("%d %s", r.Score, when(r.Time))
		if r.Comment != "" {
			s += ` "` + flatten(r.Comment) + `"`
		}
		name := ""
		if i == len(joined)-1 {
			name = "Again"
		}
		lines = append(lines, field(name, s))
	}
	// Who has it comes first: at 80×24 the history below is cut.
	status := stateWord(a)
	switch {
	case a.State == model.StateResolved:
		status = "resolved by " + a.ResolvedBy() + " " + when(a.ResolvedAt())
		if a.Outcome() != "" {
			status += ": " + outcomeWords(a.Outcome())
		}
		if a.Note() != "" {
			status += `: "` + flatten(a.Note()) + `"`
		}
	case a.State == model.StateAcknowledged:
		status = "acknowledged by " + a.AckBy() + " " + when(a.AckAt())
	}
	if a.Response == nil { // a response's alert was raised when its response came, above
		status += ", raised " + when(a.RaisedAt)
	}
	if a.Open() {
		status += ", due " + when(a.Due)
		if a.Overdue(now) {
			status += st.Detractor.Render(" (OVERDUE)")
		}
	}
	lines = append(lines, field("Status", status))
	if a.Owner() != "" {
		lines = append(lines, field("Owner", a.Owner()))
	}
	if !a.ClearedAt().IsZero() {
		lines = append(lines, field("Cleared", when(a.ClearedAt())+": "+a.Cleared()))
	}
	for i, step := range playbook { // what the floor does for such a case, from the config
		name := ""
		if i == 0 {
			name = "Playbook"
		}
		lines = append(lines, field(name, fmt.Sprintf("%d. %s", i+1, flatten(step))))
	}
	var history []string
	for _, act := range a.Actions() {
		s := when(act.At) + " " + act.By + " " + string(act.Kind)
		switch {
		case act.Owner != "":
			s += " to " + act.Owner
		case act.Kind == "join":
			s = when(act.At) + " the customer answered again"
		case act.Outcome != "" && act.Note != "":
			s += ": " + outcomeWords(act.Outcome) + `, "` + flatten(act.Note) + `"`
		case act.Outcome != "":
			s += ": " + outcomeWords(act.Outcome)
		case act.Note != "":
			s += ": " + flatten(act.Note)
		}
		history = append(history, s)
	}
	if len(history) > 0 {
		lines = append(lines, field("History", history[0]))
		for _, h := range history[1:] {
			lines = append(lines, strings.Repeat(" ", 10)+h)
		}
	}
	return block(lines, w, h)
}
