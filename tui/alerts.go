package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/npsboard/npsboard/model"
)

// alertList is the alerts page's list, with a selection that stays on the same alert.
type alertList struct {
	items  []*model.Alert
	filter model.AlertFilter
	selA   *model.Alert // the selected alert, followed as the list changes
	sel    int
	offset int
}

// set lists items, keeping the selection on the same alert if it is still listed, else at
// the same place. (Pointers are compared: ids would cost a string comparison an alert.)
func (l *alertList) set(items []*model.Alert) {
	l.items = items
	for i, a := range items {
		if a == l.selA {
			l.sel = i
			break
		}
	}
	l.clamp()
}

func (l *alertList) clamp() {
	l.sel = min(max(l.sel, 0), max(len(l.items)-1, 0))
	if len(l.items) > 0 {
		l.selA = l.items[l.sel]
	}
}

func (l *alertList) move(delta int) {
	l.sel += delta
	l.clamp()
}

func (l *alertList) selected() (*model.Alert, bool) {
	if len(l.items) == 0 {
		return nil, false
	}
	return l.items[l.sel], true
}

func (l *alertList) rowAt(y int) int {
	if i := l.offset + y - 1; y >= 1 && i < len(l.items) {
		return i
	}
	return -1
}

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
// columns): a detractor's score and comment, a queue rule's figures.
func what(a *model.Alert) string {
	r := a.Response
	if r == nil || a.Rule != model.RuleDetractor {
		return flatten(a.Reason)
	}
	s := fmt.Sprintf("%d", r.Score)
	if a.Reason != "" {
		s += " · " + strings.TrimPrefix(a.Reason, "the comment says ")
	}
	if r.Comment != "" {
		s += ` · "` + flatten(r.Comment) + `"`
	}
	return s
}

// view draws the list: one alert a line, most severe and oldest first. The agent gets a column
// when there is room; the owner (or whoever acknowledged it) always has one.
func (l *alertList) view(st *Styles, now time.Time, w, h int, focused bool) []string {
	qW := min(14, max(8, w/8))
	ownW := min(12, max(7, w/10))
	agW := 0
	if w >= 110 {
		agW = min(16, w/8)
	}
	col := func(s string, n int) string {
		if n == 0 {
			return ""
		}
		return fit(s, n) + " "
	}
	header := st.Faint.Render(fit("  SEVERITY STATE    AGE  DUE      "+col("QUEUE", qW)+col("AGENT", agW)+col("OWNER", ownW)+"WHAT", w))
	lines := []string{header}
	if len(l.items) == 0 {
		return block(append(lines, st.Faint.Render("  no "+l.filter.String()+" alerts")), w, h)
	}
	l.offset = scrolled(l.sel, l.offset, len(l.items), h-1)
	for i := l.offset; i < len(l.items) && len(lines) < h; i++ {
		a := l.items[i]
		marker := st.marker(i == l.sel, focused)
		state := fit(stateWord(a), 8)
		if a.State == model.StateNew && a.Open() {
			state = st.Bold.Render(state)
		}
		due := st.Faint.Render(fit("in "+age(now, a.Due), 8))
		switch {
		case !a.Open():
			due = fit("", 8)
		case a.Overdue(now):
			due = st.Detractor.Render(fit("OVERDUE", 8))
		}
		lines = append(lines, marker+st.severityCell(a.Severity, 8)+" "+state+" "+fitRight(age(a.RaisedAt, now), 4)+" "+due+" "+
			col(a.Queue, qW)+col(orDash(a.Agent), agW)+col(orDash(a.Taker()), ownW)+what(a))
	}
	return block(lines, w, h)
}

// alertDetail draws the selected alert in full: what raised it, who has it, what was done.
func (st *Styles) alertDetail(a *model.Alert, now time.Time, loc *time.Location, w, h int) []string {
	if a == nil {
		return block(nil, w, h)
	}
	when := func(t time.Time) string { return t.In(loc).Format("Mon 02 Jan 15:04") }
	field := func(name, v string) string { return st.Faint.Render(fit(name, 10)) + v }
	lines := []string{field("Alert", a.Severity.String()+" · "+a.Rule+" · "+a.ID), field("Why", flatten(a.Why()))}
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
	// Who has it comes first: at 80×24 the history below is cut.
	status := stateWord(a)
	switch {
	case a.State == model.StateResolved:
		status = "resolved by " + a.ResolvedBy() + " " + when(a.ResolvedAt())
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
	var history []string
	for _, act := range a.Actions() {
		s := when(act.At) + " " + act.By + " " + string(act.Kind)
		switch {
		case act.Owner != "":
			s += " to " + act.Owner
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
