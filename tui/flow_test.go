package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/npsboard/npsboard/model"
)

// startFlow runs the dashboard as a program of 80×24 fed through a channel, as the feed feeds it.
func startFlow(t *testing.T) (*teatest.TestModel, chan Update) {
	t.Helper()
	updates := make(chan Update, 1)
	theme, _ := ThemeNamed("dark")
	m := New(updates, Options{Window: model.Last(time.Hour), Theme: theme, Location: paris, Horizon: Horizon})
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
	if len(m.pages) != 1 || m.top().kind != pageOverview {
		t.Fatalf("after three escapes, %d pages deep", len(m.pages))
	}
	// The queue that was opened is still the selected one.
	if f, _ := m.top().table.selected(); f.Group.Queue != "Billing" {
		t.Errorf("selection moved to %q", f.Group.Queue)
	}
}

func TestTheWindowKeyCyclesTheWindows(t *testing.T) {
	tm, _ := startFlow(t)
	var seen []string
	for range 5 {
		tm.Send(typed("w"))
	}
	m := finalModel(t, tm)
	for range 5 {
		seen = append(seen, m.window.String())
		m.window = nextWindow(m.window)
	}
	if got := strings.Join(seen, " "); got != "1h 4h today all 15m" {
		t.Errorf("after five presses the window is %s; the cycle from there: %s", seen[0], got)
	}
	if !strings.Contains(m.View(), "window 1h") {
		t.Error("the header does not name the window")
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
	p := m.top()
	if p.filter != "tech" || len(p.table.rows) != 1 || p.table.rows[0].Group.Queue != "Tech Support" {
		t.Fatalf("filter %q keeps %d rows", p.filter, len(p.table.rows))
	}
	golden(t, "filter-80x24.golden", m.View()+"\n")
	press(m, "esc")
	if p.filter != "" || len(p.table.rows) != len(fixtureQueues) {
		t.Errorf("esc left the filter %q and %d rows", p.filter, len(p.table.rows))
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
	if m.paused || len(m.held) != 0 {
		t.Fatal("still paused after the second space")
	}
	if got := m.board.Agg.Stat(model.Group{Dim: model.Overall}, model.AllTime().Span(m.board.Now, paris)).Responses(); got != 3002 {
		t.Errorf("%d responses after the pause, want 3002", got)
	}
	if !m.board.Now.Equal(testNow.Add(time.Minute)) {
		t.Errorf("clock %v after the pause", m.board.Now)
	}
}
