package tui

import (
	"strconv"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/model"
)

// responseList is a list of responses, newest first, with a selection that stays on the same
// response as new ones arrive above it.
type responseList struct {
	items []model.Response
	cur   cursor[string] // by the response's id
	// Which columns to show: the detractor stream names queue and agent, an agent's list
	// needs neither but shows each response's class.
	showQueue, showAgent, showClass bool
	// caseOf finds a response's case, for a mark beside its score: ● open, ✓ resolved. None
	// when nil.
	caseOf func(*model.Response) (*model.Alert, bool)
}

// caseMark is a response's mark: whether it opened or joined a case, and where that stands.
func (l *responseList) caseMark(st *Styles, r *model.Response) string {
	if l.caseOf == nil {
		return ""
	}
	a, ok := l.caseOf(r)
	switch {
	case !ok:
		return "  "
	case a.Open():
		return st.Alert.Render("● ")
	}
	return st.Faint.Render("✓ ")
}

// set takes the list's items anew. A selection on the first row is the stream's head, and
// stays there, on the newest; one the person moved down stays on its response and its line,
// and the newer ones gather above the view, counted by note.
func (l *responseList) set(items []model.Response) {
	head := l.cur.sel == 0 && l.cur.offset == 0
	l.items = items
	if head {
		l.cur.sel, l.cur.offset = 0, 0
		l.cur.clamp(len(items), l.keyOf)
		return
	}
	l.cur.follow(len(items), l.keyOf)
}

// note says where the selection is, 12/84, and how many newer responses are above the view,
// when the person has moved down the list; "" at its head.
func (l *responseList) note() string {
	if l.cur.sel == 0 && l.cur.offset == 0 || len(l.items) == 0 {
		return ""
	}
	n := strconv.Itoa(l.cur.sel+1) + "/" + strconv.Itoa(len(l.items))
	if l.cur.offset > 0 {
		n += " · " + strconv.Itoa(l.cur.offset) + " newer ↑"
	}
	return n
}

func (l *responseList) keyOf(i int) string { return l.items[i].ID }

func (l *responseList) move(delta int) { l.cur.move(delta, len(l.items), l.keyOf) }

func (l *responseList) selected() (model.Response, bool) {
	if len(l.items) == 0 {
		return model.Response{}, false
	}
	return l.items[l.cur.sel], true
}

// rowAt is the item under line y of the view, or −1.
func (l *responseList) rowAt(y int) int { return l.cur.rowAt(y, len(l.items)) }

// view draws the list in w×h cells, one response a line: time, queue, agent, score, comment.
func (l *responseList) view(st *Styles, now time.Time, loc *time.Location, empty string, w, h int, focused bool) []string {
	if len(l.items) == 0 {
		return block([]string{st.Faint.Render("  " + empty)}, w, h)
	}
	cols := []column{left(markerWidth), left(5), left(0), left(0), left(0), left(0)} // marker, time, queue, agent, score, comment
	// The names' columns are as wide as the names in sight need, at most their share: the
	// comment takes the rest.
	first := l.cur.inSight(len(l.items), h)
	queueW, agentW := 0, 0
	for i := first; i < len(l.items) && i < first+h; i++ {
		queueW = max(queueW, ansi.StringWidth(l.items[i].Queue))
		agentW = max(agentW, ansi.StringWidth(orDash(l.items[i].Agent)))
	}
	if l.showQueue {
		cols[2].w = min(14, max(8, w/5), max(queueW, 5))
	}
	if l.showAgent {
		cols[3].w = min(18, max(8, w*2/9), max(agentW, 5))
	}
	cols[4].w, cols[5].w = 1, 1 // painted as they are: shown, never cut
	var lines []string
	for i := l.cur.inSight(len(l.items), h); i < len(l.items) && len(lines) < h; i++ {
		r := &l.items[i]
		marker := st.marker(i == l.cur.sel, focused)
		// The marker sits against the time: it is part of the row's first cell.
		lines = append(lines, marker+cells(cols[1:], st.Faint.Render(clockOf(r.Time, now, loc)), cols[2].cell(r.Queue),
			cols[3].cell(orDash(r.Agent)), st.scoreCell(r, l.showClass), l.caseMark(st, r)+flatten(r.Comment)))
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
