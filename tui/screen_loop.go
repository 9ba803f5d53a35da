package tui

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/npsboard/npsboard/model"
)

// loopScreen is the loop's own figures: how soon cases are taken and resolved, the share
// resolved within their deadline, the backlog by age and the outcomes — for the floor, by queue
// and by owner, over the cases raised in its window.
type loopScreen struct {
	versioned
	window model.Window
	floor  *model.Loop
	rows   []loopRow
	top    int // the first row in sight
}

type loopRow struct {
	title string // a heading row ("QUEUE", "OWNER") when loop is nil
	name  string
	loop  *model.Loop
}

// loopWindows are what w cycles through on this screen: cases need a day or more to count.
var loopWindows = []model.Window{model.Today(), model.Yesterday(), model.ThisWeek(), model.Last(3 * 24 * time.Hour)}

func newLoop() *loopScreen { return &loopScreen{window: model.Today()} }

func (s *loopScreen) crumb() string { return "Loop" }
func (s *loopScreen) shape() shape  { return shapeSingle }

func (s *loopScreen) bindings(c *common) []key.Binding {
	k := c.keys
	return []key.Binding{k.Move, k.Window, k.Back, k.Alerts, k.Help, k.Quit}
}

// nextWindow moves to the next of the screen's windows.
func (s *loopScreen) nextWindow() { s.window = nextWindow(s.window, loopWindows) }

func (s *loopScreen) refresh(c *common) {
	b := c.board
	all := b.Alerts.List(model.FilterAll, "", c.now)
	sp := s.window.Span(c.now, b.Loc)
	loops := model.LoopsOf(all, sp, c.now)
	s.floor, s.rows = loops.Floor, s.rows[:0]
	if s.floor.Cases == 0 {
		s.floor = nil
	}
	for _, part := range []struct {
		title string
		loops map[string]*model.Loop
	}{{"QUEUE", loops.Queues}, {"OWNER", loops.Owners}} {
		s.rows = append(s.rows, loopRow{title: part.title})
		for _, k := range model.LoopKeys(part.loops) {
			s.rows = append(s.rows, loopRow{name: cmp.Or(k, "(nobody)"), loop: part.loops[k]})
		}
	}
	s.top = min(s.top, max(len(s.rows)-1, 0))
}

func (s *loopScreen) view(c *common) []paneView {
	st, main, in := c.st, c.layout.Main, c.layout.Main.Inner()
	w, h := in.W, in.H
	wide := w >= 120
	p90 := 0
	if wide {
		p90 = 6
	}
	backlog := 0
	if w >= 150 {
		backlog = 5
	}
	cols := []column{left(min(24, max(10, w/6))), right(6), right(5), right(7), right(p90), right(8), right(p90), right(12),
		right(backlog), right(backlog), right(backlog), right(backlog)}
	used := 0
	for _, col := range cols {
		if col.w > 0 {
			used += col.w + 1
		}
	}
	outW := max(w-used, 0)
	lines := []string{st.Faint.Render(fit("Cases raised "+s.window.Describe()+": time to the first action and to resolution "+
		"(median; P90 the 90th percentile, nearest rank), the share of those due or resolved that were resolved by their "+
		"deadline, the open ones by age. w changes the window.", w)), ""}
	head := heading(cols, "", "CASES", "OPEN", "1ST ACT", "P90", "RESOLVED", "P90", "IN SLA", "<1h", "1-4h", "4-24h", "≥1d") + " OUTCOMES"
	row := func(name string, l *model.Loop) string {
		if l == nil {
			l = &model.Loop{}
		}
		vals := []string{cols[0].cell(name), cols[1].cell(thousands(int64(l.Cases))), cols[2].cell(thousands(int64(l.Open))),
			cols[3].cell(quantile(l.FirstAction, false)), st.Faint.Render(cols[4].cell(quantile(l.FirstAction, true))),
			cols[5].cell(quantile(l.Resolution, false)), st.Faint.Render(cols[6].cell(quantile(l.Resolution, true))),
			cols[7].cell(slaText(l))}
		for i := range 4 {
			vals = append(vals, cols[8+i].cell(fmt.Sprint(l.Backlog[i])))
		}
		line := cells(cols, vals...)
		if outW > 0 {
			line += " " + st.Faint.Render(fit(outcomeList(l), outW-1))
		}
		return line
	}
	lines = append(lines, st.Faint.Render(fit(head, w)), fit(st.Bold.Render(row("the floor", s.floor)), w))
	if s.floor == nil {
		lines = append(lines, "", st.Faint.Render(fit("no case was raised "+s.window.Describe(), w)))
	}
	for i := s.top; s.floor != nil && i < len(s.rows) && len(lines) < h; i++ {
		r := s.rows[i]
		if r.loop == nil {
			lines = append(lines, "", st.Faint.Render(fit(r.title, w)))
			continue
		}
		lines = append(lines, fit(row(r.name, r.loop), w))
	}
	note := "0 cases"
	if s.floor != nil {
		note = fmt.Sprintf("%d cases · %d open", s.floor.Cases, s.floor.Open)
	}
	return []paneView{{main, st.box("The loop · "+s.window.String(), note, block(lines, w, h), main.W, main.H, true)}}
}

// quantile is a median, or a 90th percentile, as a screen says it.
func quantile(q model.Quantiles, p90 bool) string {
	if q.N == 0 {
		return "–"
	}
	d := q.Median
	if p90 {
		d = q.P90
	}
	return durationIn(d, [4]string{"s", "m", "h", "d"})
}

func slaText(l *model.Loop) string {
	if !l.WithinSLA.OK {
		return "–"
	}
	return fmt.Sprintf("%.0f%% of %d", 100*l.WithinSLA.Share, l.WithinSLA.Of)
}

// outcomeList is what came of the cases, the most frequent first.
func outcomeList(l *model.Loop) string {
	var parts []string
	for _, o := range model.ByCount(l.Outcomes) {
		parts = append(parts, fmt.Sprintf("%s %d", outcomeWords(cmp.Or(o, "a note")), l.Outcomes[o]))
	}
	return strings.Join(parts, " · ")
}

func (s *loopScreen) move(c *common, delta int) {
	s.top = min(max(s.top+delta, 0), max(len(s.rows)-1, 0))
}

func (s *loopScreen) key(c *common, msg tea.KeyMsg) tea.Cmd { return nil }

func (s *loopScreen) mouse(c *common, msg tea.MouseMsg) { wheel(msg, func(d int) { s.move(c, d) }) }
