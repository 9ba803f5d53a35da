package tui

import (
	"strconv"
	"strings"
	"time"

	"github.com/npsboard/npsboard/model"
)

// responseList is a list of responses, newest first, with a selection that stays on the same
// response as new ones arrive above it.
type responseList struct {
	items  []model.Response
	selID  string
	sel    int
	offset int
	// Which columns to show: the detractor stream names queue and agent, an agent's list
	// needs neither but shows each response's class.
	showQueue, showAgent, showClass bool
}

func (l *responseList) set(items []model.Response) {
	l.items = items
	l.sel = 0
	for i := range items {
		if items[i].ID == l.selID {
			l.sel = i
		}
	}
	l.clamp()
}

func (l *responseList) clamp() {
	l.sel = min(max(l.sel, 0), max(len(l.items)-1, 0))
	if len(l.items) > 0 {
		l.selID = l.items[l.sel].ID
	}
}

func (l *responseList) move(delta int) {
	l.sel += delta
	l.clamp()
}

func (l *responseList) selected() (model.Response, bool) {
	if len(l.items) == 0 {
		return model.Response{}, false
	}
	return l.items[l.sel], true
}

// rowAt is the item under line y of the view, or −1.
func (l *responseList) rowAt(y int) int {
	if i := l.offset + y; y >= 0 && i < len(l.items) {
		return i
	}
	return -1
}

// view draws the list in w×h cells, one response a line: time, queue, agent, score, comment.
func (l *responseList) view(st *Styles, now time.Time, loc *time.Location, empty string, w, h int, focused bool) []string {
	if len(l.items) == 0 {
		return block([]string{st.Faint.Render("  " + empty)}, w, h)
	}
	l.offset = scrolled(l.sel, l.offset, len(l.items), h)
	qw, aw := 0, 0
	if l.showQueue {
		qw = min(14, max(8, w/5))
	}
	if l.showAgent {
		aw = min(18, max(8, w*2/9))
	}
	var lines []string
	for i := l.offset; i < len(l.items) && len(lines) < h; i++ {
		r := &l.items[i]
		marker := st.marker(i == l.sel, focused)
		var b strings.Builder
		b.WriteString(marker)
		b.WriteString(st.Faint.Render(clockOf(r.Time, now, loc)) + " ")
		if qw > 0 {
			b.WriteString(fit(r.Queue, qw) + " ")
		}
		if aw > 0 {
			b.WriteString(fit(orDash(r.Agent), aw) + " ")
		}
		b.WriteString(st.scoreCell(r, l.showClass) + " ")
		b.WriteString(flatten(r.Comment))
		lines = append(lines, b.String())
	}
	return block(lines, w, h)
}

// scoreCell shows a score in the colour of its class, with the class as a word when asked.
func (st *Styles) scoreCell(r *model.Response, withClass bool) string {
	s := fitRight(strconv.Itoa(int(r.Score)), 2)
	if withClass {
		s += " " + [...]string{model.Detractor: "det", model.Passive: "pas", model.Promoter: "pro"}[r.Class()]
	}
	return st.classStyle(r.Class()).Render(s)
}

func (st *Styles) classStyle(c model.Class) paint {
	switch c {
	case model.Promoter:
		return st.Promoter
	case model.Passive:
		return st.Passive
	}
	return st.Detractor
}

// clockOf writes a response's time: the hour and minute on the day of now, else the date.
func clockOf(t, now time.Time, loc *time.Location) string {
	t = t.In(loc)
	n := now.In(loc)
	if t.Year() == n.Year() && t.YearDay() == n.YearDay() {
		return t.Format("15:04")
	}
	return t.Format("02Jan")
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
