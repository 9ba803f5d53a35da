package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/model"
)

// Responses at both ends of the range of instants (230 years apart) are drawn on every screen,
// wallboard included, in every window and at every size: nothing overflows.
func TestTheWholeRangeOfInstantsIsDrawn(t *testing.T) {
	rs := []model.Response{
		{ID: "first", Time: model.MinTime.Add(time.Millisecond), Score: 9, Queue: "Old", Agent: "A"},
		{ID: "now", Time: testNow, Score: 2, Queue: "Billing", Agent: "B"},
		{ID: "last", Time: model.MaxTime, Score: 0, Queue: "Billing", Agent: "B"},
	}
	theme, _ := ThemeNamed("dark")
	for _, keepAll := range []bool{true, false} {
		for _, kiosk := range []*KioskOptions{nil, {}} {
			m := New(nil, Options{Window: model.AllTime(), Theme: theme, Location: paris, KeepAll: keepAll, Kiosk: kiosk,
				Now: func() time.Time { return model.MaxTime }})
			m.Update(Update{Responses: append([]model.Response(nil), rs...), Status: Status{Source: "f", State: Ended, Clock: model.MaxTime}})
			for _, size := range [][2]int{{80, 24}, {200, 60}, {400, 120}} {
				m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				for range queueWindows {
					t.Run(fmt.Sprintf("keep all %v kiosk %v %dx%d %s", keepAll, kiosk != nil, size[0], size[1], m.window), func(t *testing.T) {
						checkScreen(t, m.View(), size[0], size[1])
						press(m, "enter")
						checkScreen(t, m.View(), size[0], size[1])
						press(m, "esc")
					})
					press(m, "w")
					if kiosk != nil {
						m.wall.step(1, model.MaxTime)
					}
				}
			}
		}
	}
}

// Past the limit of queues, new queues are one row, (other), and the footer and the help say
// how many responses went there.
func TestQueuesPastTheLimitAreCountedAndSaid(t *testing.T) {
	var rs []model.Response
	for i := range model.MaxQueues + 40 {
		rs = append(rs, model.Response{ID: fmt.Sprint("q", i), Time: testNow.Add(-time.Minute), Score: 9, Queue: fmt.Sprintf("Queue %04d", i)})
	}
	m := newTestModel(120, 40)
	m.Update(Update{Responses: rs, Status: fixtureStatus()})
	view := m.View()
	if !strings.Contains(view, "in (other)") {
		t.Errorf("the footer does not say so:\n%s", view)
	}
	if n := len(m.board.Agg.Groups(model.ByQueue)); n != model.MaxQueues+1 {
		t.Errorf("%d queues kept", n)
	}
	press(m, "?")
	for i := 0; i < 40 && !strings.Contains(m.View(), "so far 46 responses"); i++ {
		press(m, "down") // to where the help says it
	}
	if v := m.View(); !strings.Contains(v, "so far 46 responses (46 for queues)") {
		t.Errorf("the help does not say so:\n%s", v)
	}
	checkScreen(t, m.View(), 120, 40)
}

// A file of 100 days keeps its buckets as a live screen does: every window offered is exact,
// the all-time figures too, and the all-time trend reaches its start.
func TestAFileOfMonthsKeepsEveryWindowExact(t *testing.T) {
	theme, _ := ThemeNamed("dark")
	m := New(nil, Options{Window: model.AllTime(), Theme: theme, Location: paris})
	var rs []model.Response
	start := testNow.Add(-100 * 24 * time.Hour)
	for i := range 100 * 24 {
		rs = append(rs, model.Response{ID: fmt.Sprint(i), Time: start.Add(time.Duration(i+1) * time.Hour), Score: int8(i % 11), Queue: "Q"})
	}
	m.Update(Update{Responses: rs, Status: Status{Source: "f", State: Ended, Clock: rs[len(rs)-1].Time}})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	agg := m.board.Agg
	all := agg.Stat(model.Group{Dim: model.Overall}, model.AllTime().Span(m.board.Now, paris))
	if all.Responses() != int64(len(rs)) {
		t.Errorf("all time counts %d of %d", all.Responses(), len(rs))
	}
	for _, w := range queueWindows {
		sp := w.Span(m.board.Now, paris)
		prev, _ := sp.Previous()
		if !agg.Covers(sp) || !sp.Unbounded && !agg.Covers(prev) {
			t.Errorf("the window %v or its comparison is not exact", w)
		}
	}
	if from, _ := agg.Stretch(model.AllTime(), m.board.Now, paris); from.After(start.Add(time.Hour)) {
		t.Errorf("the all-time trend starts at %v, after the file's first response at %v", from, start.Add(time.Hour))
	}
	checkScreen(t, m.View(), 120, 40)
}

// The overall panel says its sentences whole or shorter, never cut in the middle: at any width
// of its side column, in any standing, with or without a window before to compare.
func TestTheSummarySaysItsSentencesWhole(t *testing.T) {
	theme, _ := ThemeNamed("dark")
	st := NewStyles(theme)
	near := model.Figures{HasNPS: true, NPS: 15, Stat: model.Stat{Promoters: 300, Passives: 200, Detractors: 230},
		CI: model.Interval{Lo: 9, Hi: 21}, Standing: model.NearTarget}
	none := near
	none.Standing = model.OnTarget
	for _, f := range []model.Figures{near, none} {
		for w := 30; w <= 70; w++ {
			for _, l := range st.summary(&f, model.Today(), 20, w, 10) {
				if plain := strings.TrimRight(ansi.Strip(l), " "); strings.HasSuffix(plain, "…") {
					t.Errorf("at %d columns, a sentence is cut: %q", w, plain)
				}
			}
		}
	}
}
