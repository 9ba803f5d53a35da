package tui

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/npsboard/npsboard/model"
)

// startFlow runs the dashboard as a program of 80×24 fed through a channel, as the feed feeds it.
func startFlow(t *testing.T) (*teatest.TestModel, chan Update) {
	t.Helper()
	updates := make(chan Update, 1)
	theme, _ := ThemeNamed("dark")
	m := New(updates, Options{Window: model.Last(time.Hour), Theme: theme, Location: paris})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	t.Cleanup(func() {
		tm.Quit() // a test that did not ask for the final model ends the program here
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		close(updates) // releases the command waiting for the next update
	})
	updates <- Update{Responses: fixture(3000), Status: fixtureStatus()}
	waitFor(t, tm, "3,000 ok") // the figures are in: keys now act on them
	return tm, updates
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

func keyMsg(t tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: t} }

func typed(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func finalModel(t *testing.T, tm *teatest.TestModel) *Model {
	t.Helper()
	tm.Send(typed("q"))
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
}

func TestDrillDownToACommentAndBack(t *testing.T) {
	tm, _ := startFlow(t)
	tm.Send(keyMsg(tea.KeyEnter))
	waitFor(t, tm, "Agents")
	tm.Send(keyMsg(tea.KeyEnter))
	waitFor(t, tm, "Responses, newest first")
	tm.Send(keyMsg(tea.KeyDown))
	tm.Send(keyMsg(tea.KeyEnter))
	waitFor(t, tm, "Comment")
	for range 3 {
		tm.Send(keyMsg(tea.KeyEsc))
	}
	m := finalModel(t, tm)
	o, ok := m.top().(*overviewScreen)
	if len(m.stack) != 1 || !ok {
		t.Fatalf("after three escapes, %d screens deep", len(m.stack))
	}
	// The queue that was opened is still the selected one.
	if f, _ := o.table.selected(); f.Group.Queue != "Billing" {
		t.Errorf("selection moved to %q", f.Group.Queue)
	}
}

// w moves the floor's window on, round its cycle, and W the agents' window round theirs.
// (Three presses: a whole cycle would come back to the start, and a dead key would pass.)
func TestTheWindowKeysCycleTheWindows(t *testing.T) {
	tm, _ := startFlow(t)
	for range 3 {
		tm.Send(typed("w"))
	}
	tm.Send(typed("W"))
	waitFor(t, tm, "yesterday")
	m := finalModel(t, tm)
	if m.agentW.String() != "month" {
		t.Errorf("W from 30d gave %s, want month", m.agentW)
	}
	var seen []string
	for range len(queueWindows) + 1 {
		seen = append(seen, m.window.String())
		m.window = nextWindow(m.window, queueWindows)
	}
	if got := strings.Join(seen, " "); got != "yesterday week 7d 30d month all 15m 1h 4h today yesterday" {
		t.Errorf("after three presses from 1h the window is %s; the cycle from there: %s", seen[0], got)
	}
	if got := nextWindow(model.Last(90*time.Minute), queueWindows); got != queueWindows[0] {
		t.Errorf("a window out of the cycle goes on to %v", got)
	}
}

func TestFilterKeepsTheMatchingQueues(t *testing.T) {
	tm, _ := startFlow(t)
	tm.Send(typed("/"))
	for _, r := range "tech" {
		tm.Send(typed(string(r)))
	}
	tm.Send(keyMsg(tea.KeyEnter))
	m := finalModel(t, tm)
	p := m.top().(*overviewScreen)
	if p.filtr != "tech" || len(p.table.rows) != 1 || p.table.rows[0].Group.Queue != "Tech Support" {
		t.Fatalf("filter %q keeps %d rows", p.filtr, len(p.table.rows))
	}
	golden(t, "filter-80x24.golden", m.View()+"\n")
	press(m, "esc")
	if p.filtr != "" || len(p.table.rows) != len(fixtureQueues) {
		t.Errorf("esc left the filter %q and %d rows", p.filtr, len(p.table.rows))
	}
}

func TestPauseHoldsTheScreenWhileResponsesKeepComing(t *testing.T) {
	tm, updates := startFlow(t)
	tm.Send(keyMsg(tea.KeySpace))
	waitFor(t, tm, "PAUSED")
	later := Update{Status: fixtureStatus()}
	later.Status.Clock = testNow.Add(time.Minute)
	later.Status.Accepted = 3002
	for i := range 2 {
		r := fixture(1)[0]
		r.ID, r.Time, r.Score = "late-"+string(rune('a'+i)), testNow.Add(30*time.Second), 0
		later.Responses = append(later.Responses, r)
	}
	updates <- later
	waitFor(t, tm, "PAUSED, 2 new")
	tm.Send(keyMsg(tea.KeySpace))
	m := finalModel(t, tm)
	if m.paused || m.sincePause != 0 {
		t.Fatal("still paused after the second space")
	}
	if got := m.board.Agg.Stat(model.Group{Dim: model.Overall}, model.AllTime().Span(m.board.Now, paris)).Responses(); got != 3002 {
		t.Errorf("%d responses after the pause, want 3002", got)
	}
	if !m.board.Now.Equal(testNow.Add(time.Minute)) {
		t.Errorf("clock %v after the pause", m.board.Now)
	}
}

// While paused the screen shows what it showed, and everything else goes on: the figures take
// the new responses, a detractor raises its alert and it is recorded (and rung for), so that
// nothing is held in memory waiting for the pause to end.
func TestPauseFreezesTheScreenNotTheBoard(t *testing.T) {
	var recorded []model.AlertEvent
	theme, _ := ThemeNamed("dark")
	m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: paris, User: "ana",
		Record: func(evs []model.AlertEvent) { recorded = append(recorded, evs...) }})
	m.Update(Update{Responses: fixture(3000), Status: fixtureStatus()})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	before := m.View()
	press(m, "space")
	recorded = nil
	later := fixtureStatus()
	later.Clock = testNow.Add(time.Minute)
	m.Update(Update{Responses: []model.Response{{ID: "while-paused", Time: testNow.Add(30 * time.Second), Score: 0, Queue: "Billing"}},
		Status: later})
	if _, ok := m.board.Alerts.Get("r:while-paused"); !ok || len(recorded) == 0 || recorded[0].Raised == nil {
		t.Fatalf("a detractor while paused raised no alert, or it was not recorded (%d events)", len(recorded))
	}
	if got := m.board.Agg.Stat(model.Group{Dim: model.Overall}, model.AllTime().Span(m.board.Now, paris)).Responses(); got != 3001 {
		t.Errorf("the board holds %d responses while paused, want 3001", got)
	}
	paused := m.View()
	if !strings.Contains(paused, "PAUSED, 1 new") {
		t.Errorf("the header does not say so:\n%s", strings.SplitN(paused, "\n", 2)[0])
	}
	body := func(v string) string { return strings.SplitN(v, "\n", 2)[1] }
	if stripFooter(body(paused)) != stripFooter(body(before)) {
		t.Error("the screen changed while paused")
	}
	press(m, "space")
	if strings.Contains(m.View(), "PAUSED") || stripFooter(body(m.View())) == stripFooter(body(before)) {
		t.Error("the screen did not take the new figures when the pause ended")
	}
}

// stripFooter is a view without its last line (the footer counts what the feed did).
func stripFooter(v string) string { return v[:strings.LastIndex(v, "\n")] }

// A queue's sparkline keeps its shape when `/` hides other queues: the table's scale is that of
// every group in it, so a sparkline shows level against the others, filtered or not.
func TestFilteringKeepsTheSparklineScale(t *testing.T) {
	for _, q := range fixtureQueues {
		m := newTestModel(160, 48)
		p := m.top().(*overviewScreen)
		sparkOf := func() string {
			for _, f := range p.table.rows {
				if f.Group.Queue == q.name {
					return sparkline(f.Spark, p.table.scale, len(f.Spark))
				}
			}
			t.Fatalf("no row for %s", q.name)
			return ""
		}
		before := sparkOf()
		press(m, "/")
		press(m, strings.Split(strings.ToLower(q.name), "")...)
		press(m, "enter")
		if len(p.table.rows) != 1 {
			t.Fatalf("the filter %q kept %d rows", q.name, len(p.table.rows))
		}
		if after := sparkOf(); after != before {
			t.Errorf("the sparkline of %s changed with the filter: %q, then %q", q.name, before, after)
		}
		if tail := string([]rune(before)[4:]); !strings.Contains(ansi.Strip(m.View()), tail) {
			t.Errorf("the screen does not show the sparkline %q of %s:\n%s", tail, q.name, ansi.Strip(m.View()))
		}
	}
}

// shift+tab goes back, not forward; a pane the layout has no room for never takes the focus;
// h and l go back and open as vim users expect.
func TestPaneAndVimKeys(t *testing.T) {
	km := NewKeyMap()
	shiftTab := tea.KeyMsg{Type: tea.KeyShiftTab}
	if key.Matches(shiftTab, km.Tab) || !key.Matches(shiftTab, km.PrevPane) {
		t.Error("shift+tab is not the previous pane's key")
	}
	m := newTestModel(160, 48)
	p := m.top().(*overviewScreen)
	m.Update(shiftTab)
	if p.focus != 1 {
		t.Fatalf("shift+tab from the table: focus %d", p.focus)
	}
	m.Update(shiftTab)
	if p.focus != 0 {
		t.Fatalf("shift+tab twice: focus %d", p.focus)
	}
	press(m, "l")
	_, ok := m.top().(*queueScreen)
	if !ok {
		t.Fatalf("l did not open the selected queue: %T", m.top())
	}
	press(m, "h")
	if m.top() != p {
		t.Fatalf("h did not go back: %T", m.top())
	}

	// Too short for the side pane: tab keeps the focus on the table, which is all there is.
	small := newTestModel(80, 18)
	if !small.layout.Side.Empty() {
		t.Fatalf("80×18 has a side pane: %+v", small.layout.Side)
	}
	sp := small.top().(*overviewScreen)
	press(small, "tab")
	if sp.focus != 0 {
		t.Errorf("tab gave the focus to a pane that is not shown")
	}
	if strings.Contains(ansi.Strip(small.View()), "tab next pane") {
		t.Errorf("the footer offers tab with one pane")
	}
}

// y copies the selection's customer (or its id), through the terminal, on that key only.
func TestYCopiesTheSelectedCustomer(t *testing.T) {
	var copied []string
	theme, _ := ThemeNamed("dark")
	m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: paris,
		User: "ana", Now: func() time.Time { return testNow }, Copy: func(s string) { copied = append(copied, s) }})
	m.Update(Update{Responses: fixture(3000), Status: fixtureStatus()})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	press(m, "y")
	if len(copied) != 0 || !strings.Contains(ansi.Strip(m.View()), "nothing to copy") {
		t.Fatalf("y on a queue copied %q", copied)
	}
	press(m, "tab", "down", "down", "j", "k", "enter", "esc", "w", "s", "s", "s", "w", "w", "w", "w")
	if len(copied) != 0 {
		t.Fatalf("keys other than y copied %q", copied)
	}
	p := m.top().(*overviewScreen)
	r, ok := p.selectedResponse()
	if !ok || r.Customer == "" {
		t.Fatalf("no detractor with a customer selected: %+v", r)
	}
	press(m, "y")
	if len(copied) != 1 || copied[0] != r.Customer {
		t.Fatalf("y copied %q, want the customer %s", copied, r.Customer)
	}
	if !strings.Contains(ansi.Strip(m.View()), "copied customer "+r.Customer) {
		t.Errorf("the footer does not say what was copied")
	}
	press(m, "down")
	if strings.Contains(ansi.Strip(m.View()), "copied customer") {
		t.Errorf("the footer still says copied after another key")
	}
}

// At 80 columns every screen's footer keeps the alerts' key: the counts beside it say less.
func TestANarrowFooterKeepsTheAlertsKey(t *testing.T) {
	m := newTestModel(80, 24)
	press(m, "enter") // a queue's page
	if foot := lastLine(ansi.Strip(m.View())); !strings.Contains(foot, "! alerts") || !strings.Contains(foot, "3,000 ok") {
		t.Errorf("the queue page's footer at 80 columns: %q", foot)
	}
	m = newTestModel(160, 48)
	if foot := lastLine(ansi.Strip(m.View())); !strings.Contains(foot, "4 dup · 8 rejected") {
		t.Errorf("a wide footer: %q", foot)
	}
}

// In Latest detractors, a row the person moved to stays on its line as newer detractors come:
// the title counts them (N newer ↑) and says where the row is (12/84); at the head the list
// shows the newest, as a stream does.
func TestLatestDetractorsKeepTheViewWhereItWasLeft(t *testing.T) {
	m := newTestModel(160, 48)
	press(m, "tab", "down", "down", "down")
	s := m.top().(*overviewScreen)
	picked, _ := s.side.selected()
	// The line the selected row is drawn on: its comment's start, after the marker.
	lineOf := func(view string) int {
		text := flatten(picked.Comment)
		text = text[:min(16, len(text))]
		for i, l := range strings.Split(view, "\n") {
			if strings.Contains(l, "►") && strings.Contains(l, text) {
				return i
			}
		}
		return -1
	}
	before := ansi.Strip(m.View())
	if !strings.Contains(before, "4/") || lineOf(before) < 0 {
		t.Fatalf("no position in the pane's title, or no selected row:\n%s", before)
	}
	var fresh []model.Response
	for i := range 5 {
		fresh = append(fresh, model.Response{ID: fmt.Sprint("fresh-", i), Time: testNow.Add(time.Duration(i+1) * time.Second),
			Score: 1, Queue: "Sales", Agent: "New Agent", Comment: fmt.Sprint("brand new complaint ", i)})
	}
	m.Update(Update{Responses: fresh, Status: fixtureStatus()})
	after := ansi.Strip(m.View())
	if now, _ := s.side.selected(); now.ID != picked.ID {
		t.Fatalf("the selection moved from %s to %s", picked.ID, now.ID)
	}
	if lineOf(after) != lineOf(before) {
		t.Errorf("the selected row moved from line %d to %d", lineOf(before), lineOf(after))
	}
	if !strings.Contains(after, "9/") || !strings.Contains(after, "5 newer ↑") || strings.Contains(after, "brand new complaint") {
		t.Errorf("after 5 newer detractors, the pane:\n%s", after)
	}
	// At the head, the newest is shown and selected; nothing to count.
	m = newTestModel(160, 48)
	press(m, "tab")
	m.Update(Update{Responses: fresh, Status: fixtureStatus()})
	head := ansi.Strip(m.View())
	if sel, _ := m.top().(*overviewScreen).side.selected(); sel.ID != "fresh-4" || !strings.Contains(head, "brand new complaint 4") || strings.Contains(head, "newer ↑") {
		t.Errorf("at the head, %s is selected:\n%s", sel.ID, head)
	}
}

// On a very wide screen a queue's name sits beside its figures: the name's column is as wide as
// the names need, and the rest goes to what has content.
func TestNamesSitBesideTheirFiguresOnAWideScreen(t *testing.T) {
	for _, w := range []int{200, 400} {
		m := newTestModel(w, 60)
		for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
			i := strings.Index(l, "Retention ")
			if i < 0 || !strings.Contains(l, "±") {
				continue
			}
			rest := l[i+len("Retention"):]
			if gap := len(rest) - len(strings.TrimLeft(rest, " ")); gap > 16 {
				t.Errorf("at %d columns, %d spaces between Retention and its count: %q", w, gap, strings.TrimSpace(l[:min(len(l), i+60)]))
			}
		}
	}
}

// On a wide screen the latest detractors' comments get the room the table does not need.
func TestCommentsGetTheRoomOnAWideScreen(t *testing.T) {
	m := newTestModel(400, 100)
	if l := m.layout; l.Main.W > 110 || l.Side.W < 280 {
		t.Errorf("at 400 columns the table is %d wide and the comments %d", l.Main.W, l.Side.W)
	}
	long := "Waited 40 minutes on hold"
	if v := ansi.Strip(m.View()); !strings.Contains(v, long) {
		t.Errorf("a comment is cut on a 400-column screen")
	}
}

// A detractors' list gives its names' columns what the names in sight need, and the comment
// the rest.
func TestTheListsNamesTakeWhatTheyNeed(t *testing.T) {
	theme, _ := ThemeNamed("dark")
	st := NewStyles(theme)
	comment := "Waited forty minutes on hold and nobody called me back"
	l := responseList{showQueue: true, showAgent: true, items: []model.Response{{ID: "1", Time: testNow, Score: 2, Queue: "TV", Agent: "Bo", Comment: comment}}}
	line := ansi.Strip(l.view(&st, testNow, paris, "", 80, 1, false)[0])
	if !strings.Contains(line, comment) || strings.Index(line, comment) > 30 {
		t.Errorf("short names leave the comment %d columns in: %q", strings.Index(line, comment), line)
	}
}
