package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/model"
)

// alertsModel is the fixture's dashboard on the alerts page, keeping what it records.
func alertsModel(t *testing.T) (*Model, *[]model.AlertEvent) {
	t.Helper()
	var recorded []model.AlertEvent
	theme, _ := ThemeNamed("dark")
	m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: paris,
		User: "ana", Now: func() time.Time { return testNow.Add(-time.Minute) },
		Record: func(evs []model.AlertEvent) { recorded = append(recorded, evs...) }})
	m.Update(Update{Responses: fixture(3000), Status: fixtureStatus()})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if len(recorded) == 0 {
		t.Fatal("the fixture's detractors raised nothing to record")
	}
	recorded = recorded[:0]
	press(m, "!")
	if _, ok := m.top().(*alertsScreen); !ok {
		t.Fatal("! did not open the alerts")
	}
	return m, &recorded
}

// alertsOn is the alerts screen on top.
func alertsOn(t *testing.T, m *Model) *alertsScreen {
	t.Helper()
	s, ok := m.top().(*alertsScreen)
	if !ok {
		t.Fatalf("the alerts are not on screen: %T is", m.top())
	}
	return s
}

func selectedAlert(t *testing.T, m *Model) *model.Alert {
	t.Helper()
	a, ok := alertsOn(t, m).list.selected()
	if !ok {
		t.Fatal("no alert selected")
	}
	return a
}

// pickFilter presses f and takes the first choice labelled label.
func pickFilter(t *testing.T, m *Model, label string) {
	t.Helper()
	press(m, "f")
	p, ok := m.top().(*pickScreen)
	if !ok {
		t.Fatalf("f opened %T", m.top())
	}
	press(m, "g")
	for p.rows[p.sel].label != label {
		before := p.sel
		press(m, "down")
		if p.sel == before {
			t.Fatalf("no choice %q", label)
		}
	}
	press(m, "enter")
	alertsOn(t, m)
}

// lastAction is the one action recorded since the last call, which it forgets.
func lastAction(t *testing.T, rec *[]model.AlertEvent) model.Action {
	t.Helper()
	if len(*rec) != 1 || (*rec)[0].Action == nil {
		t.Fatalf("recorded %d events, want one action", len(*rec))
	}
	a := *(*rec)[0].Action
	*rec = (*rec)[:0]
	return a
}

func TestClosingTheLoopOnAnAlert(t *testing.T) {
	m, rec := alertsModel(t)
	list := slices.Clone(alertsOn(t, m).list.items) // the page reuses its slice
	for i := 1; i < len(list); i++ {
		x, y := list[i-1], list[i]
		qx, qy := model.IsQueueRule(x.Rule), model.IsQueueRule(y.Rule)
		if qy && !qx || qx == qy && (x.Due.After(y.Due) || x.Due.Equal(y.Due) && x.Severity < y.Severity) {
			t.Fatalf("alerts %d and %d are not the queues' first, then due soonest, the more severe first: %+v %+v", i-1, i, x, y)
		}
	}
	highBefore := m.board.Alerts.List(model.FilterOpen, "", testNow)
	first := slices.IndexFunc(list, func(a *model.Alert) bool { return model.IsCase(a.Rule) })
	if first < 0 || first == len(list)-1 {
		t.Fatal("the fixture opened no cases")
	}
	for range first + 1 {
		press(m, "down")
	}
	a := selectedAlert(t, m)
	if a.ID != list[first+1].ID || a.Response == nil {
		t.Fatalf("down selected %s, want the second case %s", a.ID, list[first+1].ID)
	}

	press(m, "a")
	if act := lastAction(t, rec); act.Kind != model.ActAcknowledge || act.Alert != a.ID || act.By != "ana" {
		t.Errorf("a recorded %+v", act)
	}
	if a.State != model.StateAcknowledged || a.AckBy() != "ana" {
		t.Errorf("after a: %v by %q", a.State, a.AckBy())
	}

	// o then enter: the supervisor takes it; o, a name, enter: someone else does.
	press(m, "o", "enter")
	if act := lastAction(t, rec); act.Kind != model.ActAssign || act.Owner != "ana" {
		t.Errorf("o enter recorded %+v", act)
	}
	press(m, "o", "b", "o", "b", "enter")
	if act := lastAction(t, rec); act.Owner != "bob" || a.Owner() != "bob" {
		t.Errorf("o bob recorded %+v; owner %q", act, a.Owner())
	}
	// esc gives up: nothing is done, nothing recorded.
	press(m, "r", "x", "esc")
	if len(*rec) != 0 || a.State != model.StateAcknowledged {
		t.Fatalf("esc at the prompt still did something: %d events, %v", len(*rec), a.State)
	}
	if !strings.Contains(m.View(), "acknowledged") && !strings.Contains(m.View(), "ack") {
		t.Error("the list does not say the alert is acknowledged")
	}

	press(m, "r")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "outcome: 1 resolved on call · 2 no answer · 3 refund") {
		t.Fatalf("r does not ask for the outcome:\n%s", v)
	}
	// Resolving needs an outcome: enter, a letter or a digit past the list resolve nothing and
	// say so.
	press(m, "enter", "x", "9")
	if len(*rec) != 0 || a.State != model.StateAcknowledged {
		t.Fatalf("no outcome resolved the alert: %d events, %v", len(*rec), a.State)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "resolving needs an outcome") {
		t.Fatalf("after no outcome the footer does not ask again:\n%s", v)
	}
	press(m, "3") // refund, then a note, which may be empty
	if v := ansi.Strip(m.View()); !strings.Contains(v, "note (optional)") || !strings.Contains(v, "resolves as refund") {
		t.Fatalf("after the outcome no note is asked:\n%s", v)
	}
	press(m, "c", "a", "l", "l", "e", "d", " ", "b", "a", "c", "k", "enter")
	if act := lastAction(t, rec); act.Kind != model.ActResolve || act.Note != "called back" || act.Outcome != "refund" {
		t.Errorf("r recorded %+v", act)
	}
	if a.State != model.StateResolved || a.Note() != "called back" || a.Outcome() != "refund" || a.ResolvedBy() != "ana" {
		t.Errorf("after r: %v %q %q by %q", a.State, a.Outcome(), a.Note(), a.ResolvedBy())
	}
	// A resolved alert leaves the open list; the selection stays in place, on the next one.
	if got := selectedAlert(t, m); got.ID != list[first+2].ID {
		t.Errorf("after resolving the second case, %s is selected, want the third, %s", got.ID, list[first+2].ID)
	}
	if after := m.board.Alerts.List(model.FilterOpen, "", testNow); len(after) != len(highBefore)-1 {
		t.Errorf("open alerts %d → %d, want one fewer", len(highBefore), len(after))
	}

	// Filters: new, mine, overdue, all. "all" shows it resolved, and u reopens it.
	for _, want := range []string{"new", "mine", "overdue", "all"} {
		pickFilter(t, m, want)
		if !strings.Contains(m.View(), want+":") {
			t.Fatalf("f: the title does not say %q", want)
		}
	}
	press(m, "g") // from the top
	for selectedAlert(t, m).ID != a.ID {
		before := alertsOn(t, m).list.cur.sel
		press(m, "down")
		if alertsOn(t, m).list.cur.sel == before {
			t.Fatal("the resolved alert is not in the list of all")
		}
	}
	press(m, "u")
	if act := lastAction(t, rec); act.Kind != model.ActReopen || a.State != model.StateAcknowledged || a.Note() != "called back" {
		t.Errorf("u recorded %+v; state %v, note %q", act, a.State, a.Note())
	}
	// Reopening an open alert does nothing new: only its record is kept.
	press(m, "u")
	if a.State != model.StateAcknowledged {
		t.Errorf("a second u: %v", a.State)
	}
	*rec = (*rec)[:0]

	// enter opens the response behind a detractor's alert.
	press(m, "enter")
	if p, ok := m.top().(*responseScreen); !ok || p.resp.ID != a.Response.ID {
		t.Fatalf("enter opened %T", m.top())
	}
}

// "mine" keeps the alerts the supervisor owns, or acknowledged without an owner.
func TestMineKeepsWhatTheSupervisorTook(t *testing.T) {
	m, _ := alertsModel(t)
	press(m, "a", "down", "down", "o", "enter", "down", "o", "z", "o", "e", "enter")
	pickFilter(t, m, "mine")
	items := alertsOn(t, m).list.items
	if len(items) != 2 {
		t.Fatalf("mine has %d alerts, want the acknowledged and the owned one", len(items))
	}
	for _, a := range items {
		if a.Owner() == "zoe" {
			t.Errorf("zoe's alert is in ana's list")
		}
	}
}

// ! on a detractor in the stream opens its own alert.
func TestBangOnADetractorOpensItsCase(t *testing.T) {
	m := newTestModel(120, 40)
	press(m, "tab")
	for range 50 {
		press(m, "down")
		r, ok := m.top().(*overviewScreen).side.selected()
		if !ok {
			t.Fatal("no detractor selected")
		}
		if r.Score <= 3 { // a case of its own, by default
			press(m, "!")
			if a := selectedAlert(t, m); a.ID != "r:"+r.ID {
				t.Errorf("! on %s selected %s", r.ID, a.ID)
			}
			return
		}
	}
	t.Fatal("none of 50 detractors scored 3 or less")
}

// The header says what needs doing: customers to call back, those overdue, queue alerts and
// streaks — counted, not the alerts' thousands of rows — and shorter where room is short.
func TestTheHeaderSaysWhatNeedsDoing(t *testing.T) {
	m := newTestModel(160, 48)
	k := m.board.Alerts.OpenByKind()
	open := m.board.Alerts.List(model.FilterOpen, "", testNow)
	cases, queues, streaks := 0, 0, 0
	for _, a := range open {
		switch {
		case model.IsCase(a.Rule):
			cases++
		case model.IsQueueRule(a.Rule):
			queues++
		default:
			streaks++
		}
	}
	if k != (model.OpenKinds{Cases: cases, Queues: queues, Streaks: streaks}) || cases == 0 || queues == 0 {
		t.Fatalf("kinds %+v; counted in the list %d %d %d", k, cases, queues, streaks)
	}
	head := strings.SplitN(m.View(), "\n", 2)[0]
	want := fmt.Sprintf("! %d to call back · %d queue alerts · %d streaks", cases, queues, streaks)
	if !strings.Contains(head, want) {
		t.Fatalf("header %q, want %q", head, want)
	}
	// At 80 columns, deeper in, the words give way to shorter ones, and the clock stays.
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	press(m, "enter")
	head = strings.SplitN(m.View(), "\n", 2)[0]
	if !strings.Contains(head, fmt.Sprintf("! %d call", cases)) || !strings.Contains(head, "15:30:00") {
		t.Errorf("80 columns: %q", head)
	}
	// Deeper still, the count alone, never cut.
	press(m, "esc", "!", "L")
	head = ansi.Strip(strings.SplitN(m.View(), "\n", 2)[0])
	if !strings.Contains(head, fmt.Sprintf("!%d ", cases)) || strings.Contains(head, "…") {
		t.Errorf("80 columns, three screens deep: %q", head)
	}
}

// The bell rings once for an update that raises high alerts, and not for old ones (a file
// being loaded) nor for medium ones.
func TestTheBellRingsForANewHighAlert(t *testing.T) {
	rings := 0
	theme, _ := ThemeNamed("dark")
	m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: paris,
		User: "ana", Bell: func() { rings++ }})
	history := fixture(3000)
	for i := range history {
		history[i].Time = history[i].Time.Add(-10 * time.Minute)
	}
	m.Update(Update{Responses: history, Status: fixtureStatus()})
	if rings != 0 {
		t.Fatalf("loading hours of history rang %d times", rings)
	}
	at := testNow.Add(-10 * time.Second)
	medium := model.Response{ID: "live-1", Time: at, Score: 6, Queue: "Billing", Agent: "Zed"}
	m.Update(Update{Responses: []model.Response{medium}, Status: fixtureStatus()})
	if rings != 0 {
		t.Fatalf("a medium alert rang")
	}
	high := []model.Response{{ID: "live-2", Time: at, Score: 1, Queue: "Billing", Agent: "Yan"},
		{ID: "live-3", Time: at, Score: 0, Queue: "Sales", Agent: "Yan"}}
	m.Update(Update{Responses: high, Status: fixtureStatus()})
	if rings != 1 {
		t.Fatalf("two new high alerts in one update rang %d times, want 1", rings)
	}
}

// Actions from another dashboard are applied and recorded as remote, so that they are kept
// here but not sent back to the relay.
func TestActionsFromTheRelayAreAppliedAndMarkedRemote(t *testing.T) {
	m, rec := alertsModel(t)
	a := selectedAlert(t, m)
	act := model.Action{Kind: model.ActAssign, Alert: a.ID, By: "bob", At: testNow.Add(-2 * time.Minute), Owner: "bob"}
	m.Update(Update{Actions: []model.Action{act}, Status: fixtureStatus()})
	if a.Owner() != "bob" || a.State != model.StateAcknowledged {
		t.Fatalf("the relay's assignment: owner %q, %v", a.Owner(), a.State)
	}
	var remote int
	for _, e := range *rec {
		if e.Action != nil {
			if !e.Remote {
				t.Error("an action from the relay was recorded as this dashboard's")
			}
			remote++
		}
	}
	if remote != 1 {
		t.Errorf("recorded %d remote actions, want 1", remote)
	}
	// The same action again (the relay replays on reconnect) is not recorded twice.
	*rec = (*rec)[:0]
	m.Update(Update{Actions: []model.Action{act}, Status: fixtureStatus()})
	for _, e := range *rec {
		if e.Action != nil {
			t.Error("an echo was recorded")
		}
	}
	if !strings.Contains(m.View(), "bob") {
		t.Error("the list does not show bob as the owner")
	}
}

// The alerts page and ? say which state journal holds the alerts: a supervisor who opened
// another source sees why these alerts are not those.
func TestTheScreenSaysWhichJournalIsInUse(t *testing.T) {
	theme, _ := ThemeNamed("dark")
	const j = "~/.local/state/npsboard/alerts/file-billing-1a2b3c4d.jsonl"
	m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: paris,
		User: "ana", Journal: j, Now: func() time.Time { return testNow }})
	m.Update(Update{Responses: fixture(3000), Status: fixtureStatus()})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	press(m, "!")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "kept in "+j) {
		t.Errorf("the alerts page does not name the journal:\n%s", v)
	}
	press(m, "esc", "?")
	if v := ansi.Strip(m.View()); !strings.Contains(v, j) {
		t.Errorf("? does not name the journal:\n%s", v)
	}
	demo := newTestModel(160, 48)
	press(demo, "!")
	if v := ansi.Strip(demo.View()); !strings.Contains(v, "not kept") {
		t.Errorf("the demo's alerts page does not say its alerts are not kept:\n%s", v)
	}
}

// A case shows the customer's later answers, newest first, and the config's playbook for it;
// its row says how many answers joined.
func TestACaseShowsItsCustomerAndPlaybook(t *testing.T) {
	rules := model.DefaultRules()
	rules.Playbooks = map[string][]string{"high": {"Call within 4 h", "Log what was agreed"}}
	theme, _ := ThemeNamed("dark")
	m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: time.UTC, Alerts: model.NewAlerts(rules),
		User: "ana", Now: func() time.Time { return testNow }})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 40})
	rs := []model.Response{
		{ID: "a1", Time: testNow.Add(-time.Hour), Score: 2, Queue: "Billing", Customer: "C-1", Comment: "charged twice"},
		{ID: "a2", Time: testNow.Add(-10 * time.Minute), Score: 5, Queue: "Billing", Customer: "C-1", Comment: "still no refund"},
	}
	m.Update(Update{Responses: rs, Status: Status{Clock: testNow, State: Live}})
	press(m, "!")
	v := ansi.Strip(m.View())
	for _, want := range []string{"2 +1 · \"charged twice\"", "Again     5 ", `"still no refund"`, "Playbook  1. Call within 4 h", "2. Log what was agreed"} {
		if !strings.Contains(v, want) {
			t.Errorf("the case does not show %q:\n%s", want, v)
		}
	}
}

// L shows the loop's own figures: the floor's row, then by queue and by owner, over the cases
// raised in the screen's window, which w changes.
func TestTheLoopScreen(t *testing.T) {
	theme, _ := ThemeNamed("dark")
	now := testNow
	m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: time.UTC, User: "ana", Now: func() time.Time { return now }})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 40})
	day := time.Date(testNow.Year(), testNow.Month(), testNow.Day(), 0, 0, 0, 0, time.UTC)
	rs := []model.Response{
		{ID: "a1", Time: day.Add(9 * time.Hour), Score: 1, Queue: "Billing", Customer: "C-1"},
		{ID: "a2", Time: day.Add(10 * time.Hour), Score: 2, Queue: "Sales", Customer: "C-2"},
	}
	m.Update(Update{Responses: rs, Status: Status{Clock: now, State: Live}})
	m.board.Alerts.Act(model.Action{Kind: model.ActResolve, Alert: "r:a1", By: "ana", At: day.Add(9*time.Hour + 45*time.Minute), Outcome: "refund"}, time.Time{})
	m.board.version++
	press(m, "L")
	v := ansi.Strip(m.View())
	for _, want := range []string{"The loop · today", "2 cases · 1 open", "the floor", "QUEUE", "Billing", "OWNER", "ana", "(nobody)", "45m", "100% of 1", "refund 1"} {
		if !strings.Contains(v, want) {
			t.Errorf("the loop screen does not say %q:\n%s", want, v)
		}
	}
	press(m, "w")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "The loop · yesterday") || !strings.Contains(v, "0 cases") {
		t.Errorf("w on the loop screen:\n%s", v)
	}
	for _, size := range [][2]int{{80, 24}, {40, 10}, {200, 60}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for i, line := range strings.Split(m.View(), "\n") {
			if ansi.StringWidth(line) > size[0] {
				t.Errorf("%dx%d: line %d is %d wide", size[0], size[1], i, ansi.StringWidth(line))
			}
		}
	}
}

// f offers the filters by state, rule, queue and owner, each choice with the count it keeps;
// / searches the customer, the agent and the comments; the title says what is kept.
func TestTheInboxFiltersAndSearch(t *testing.T) {
	m, _ := alertsModel(t)
	press(m, "f")
	p := m.top().(*pickScreen)
	var keyword pickRow
	for _, r := range p.rows {
		if r.label == model.RuleKeyword {
			keyword = r
		}
	}
	press(m, "esc")
	pickFilter(t, m, model.RuleKeyword)
	items := alertsOn(t, m).list.items
	if len(items) == 0 || len(items) != keyword.count {
		t.Fatalf("keyword keeps %d alerts, the picker said %d", len(items), keyword.count)
	}
	for _, a := range items {
		if a.Rule != model.RuleKeyword {
			t.Fatalf("%s is kept by the keyword filter", a.Rule)
		}
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, fmt.Sprintf("open · keyword: %d", len(items))) {
		t.Errorf("the title does not say the filter:\n%s", v)
	}
	queue := items[0].Queue
	pickFilter(t, m, queue)
	for _, a := range alertsOn(t, m).list.items {
		if a.Queue != queue || a.Rule != model.RuleKeyword {
			t.Fatalf("%s in %s kept by keyword · %s", a.Rule, a.Queue, queue)
		}
	}
	pickFilter(t, m, "any") // the rule's: the first "any"
	pickFilter(t, m, "all")
	// / searches the comments (and the customer, the agent), as typed.
	press(m, "/", "r", "e", "f", "u", "n", "d")
	found := alertsOn(t, m).list.items
	if len(found) == 0 {
		t.Fatal("no alert's comment says refund")
	}
	for _, a := range found {
		if !strings.Contains(strings.ToLower(a.Response.Comment), "refund") {
			t.Fatalf("%s kept by /refund: %q", a.ID, a.Response.Comment)
		}
	}
	press(m, "enter", "esc") // esc clears the search first
	if len(alertsOn(t, m).list.items) <= len(found) {
		t.Error("esc did not clear the search")
	}
}

// On a response's page, and on an agent's list of responses, the keys act on the response's
// case, which the page shows; a response without one says so.
func TestAResponsesCaseIsActedOnWhereItIs(t *testing.T) {
	theme, _ := ThemeNamed("dark")
	var rec []model.AlertEvent
	m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: time.UTC, User: "ana", Now: func() time.Time { return testNow },
		Record: func(evs []model.AlertEvent) { rec = append(rec, evs...) }})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 40})
	rs := []model.Response{
		{ID: "a1", Time: testNow.Add(-time.Hour), Score: 1, Queue: "Billing", Agent: "Zoe", Customer: "C-1", Comment: "never again"},
		{ID: "a2", Time: testNow.Add(-30 * time.Minute), Score: 9, Queue: "Billing", Agent: "Zoe", Customer: "C-2"},
	}
	m.Update(Update{Responses: rs, Status: Status{Clock: testNow, State: Live}})
	m.push(newAgent("Billing", "Zoe"))
	s := m.top().(*agentScreen)
	for r, _ := s.responses.selected(); r.ID != "a1"; r, _ = s.responses.selected() {
		press(m, "down")
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "1 det ● never again") {
		t.Errorf("the agent's list does not mark the response's open case:\n%s", v)
	}
	press(m, "a")
	c, _ := m.board.Alerts.Get("r:a1")
	if c.State != model.StateAcknowledged || c.AckBy() != "ana" {
		t.Fatalf("a on the agent's response: %v", c.State)
	}
	press(m, "enter")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "Case      high · detractor · ack · ana · due") {
		t.Errorf("the response's page does not show its case:\n%s", v)
	}
	press(m, "r", "1", "enter")
	if c.State != model.StateResolved || c.Outcome() != "resolved_on_call" {
		t.Errorf("r 1 on the response's page: %v %q", c.State, c.Outcome())
	}
	press(m, "esc")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "1 det ✓ never again") {
		t.Errorf("the agent's list does not mark the resolved case:\n%s", v)
	}
	for r, _ := s.responses.selected(); r.ID != "a2"; r, _ = s.responses.selected() {
		press(m, "up")
	}
	press(m, "a")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "this response has no case: not a detractor") {
		t.Errorf("a on a promoter:\n%s", v)
	}
}

// A queue alert's figures are said whole in the detail, on a second line when the first is
// too narrow.
func TestAnAlertsWhyIsWhole(t *testing.T) {
	theme, _ := ThemeNamed("dark")
	st := NewStyles(theme)
	a := &model.Alert{ID: "worsening:Payments:1", Rule: model.RuleWorsening, Severity: model.High, Queue: "Payments",
		Facts: &model.Facts{Window: 107 * time.Minute, NPS: -53, N: 36, Share: 72, Before: 33, Usual: 6}, RaisedAt: testNow, Due: testNow.Add(24 * time.Hour)}
	lines := st.alertDetail(a, nil, testNow, time.UTC, 80, 10)
	var why []string
	for _, l := range lines[1:3] {
		why = append(why, strings.TrimSpace(strings.TrimPrefix(ansi.Strip(l), "Why")))
	}
	if got := strings.Join(why, " "); got != a.Why() || strings.Contains(ansi.Strip(lines[2]), "…") {
		t.Errorf("the why %q, want %q:\n%s", got, a.Why(), strings.Join(lines, "\n"))
	}
}

// Where nothing keeps the actions (the demo), q asks once before they are lost; with a journal,
// or with nothing done, it quits at once.
func TestQuitAsksOnceWhenActionsAreKeptNowhere(t *testing.T) {
	quits := func(m *Model, k string) bool {
		_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
		return cmd != nil && cmd() == tea.Quit()
	}
	m, _ := alertsModel(t)
	if !quits(m, "q") {
		t.Fatal("with nothing done, q did not quit")
	}
	m, _ = alertsModel(t)
	press(m, "a")
	if quits(m, "q") {
		t.Fatal("an acknowledgement kept nowhere was lost to one q")
	}
	if foot := lastLine(ansi.Strip(m.View())); !strings.Contains(foot, "1 action kept nowhere (no --state)") || !strings.Contains(foot, "q again quits") {
		t.Errorf("the footer: %q", foot)
	}
	if !quits(m, "q") {
		t.Error("the second q did not quit")
	}
	// Any other key in between: the next q asks again.
	m, _ = alertsModel(t)
	press(m, "a", "q", "down")
	if quits(m, "q") {
		t.Error("a q after another key quit without asking")
	}
	// With a journal, the actions are kept: q quits.
	m, _ = alertsModel(t)
	m.opts.Journal = "~/.local/state/npsboard/alerts/demo.jsonl"
	press(m, "a")
	if !quits(m, "q") {
		t.Error("with a journal, q did not quit")
	}
}

// When the inbox holds its bound of cases, the alerts page says how many responses opened none,
// and ? says it among what was refused; with room to spare, neither says a word of it.
func TestTheAlertsPageSaysWhenTheInboxIsFull(t *testing.T) {
	theme, _ := ThemeNamed("dark")
	for _, limit := range []int{0, 5} {
		m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: paris,
			User: "ana", Now: func() time.Time { return testNow }})
		m.board.Alerts.Rules.CaseLimit = limit
		m.Update(Update{Responses: fixture(3000), Status: fixtureStatus()})
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		press(m, "!")
		refused := m.board.Alerts.Excess().Cases
		v := ansi.Strip(m.View())
		said := strings.Contains(v, thousands(refused)+" responses opened no case: at most 5 cases are held")
		k := m.board.Alerts.OpenByKind()
		if limit == 5 && (refused == 0 || !said || k.Cases+k.Streaks != 5) {
			t.Errorf("a full inbox (%d cases and streaks, %d refused) is not said:\n%s", k.Cases+k.Streaks, refused, v)
		}
		if limit == 0 && (refused != 0 || strings.Contains(v, "opened no case")) {
			t.Errorf("an inbox with room says it is full:\n%s", v)
		}
		// A detractor without a case may be one the full inbox refused: its page says so.
		var refusedOne model.Response
		for _, r := range fixture(3000) {
			if _, ok := m.board.Alerts.CaseOf(&r); !ok && r.Class() == model.Detractor && r.Score <= 3 {
				refusedOne = r
				break
			}
		}
		if says := strings.Contains(noCaseWhy(&refusedOne, m.board.Alerts), "the inbox was full"); says != (limit == 5) {
			t.Errorf("limit %d: a detractor without a case is told %q", limit, noCaseWhy(&refusedOne, m.board.Alerts))
		}
		press(m, "esc", "?")
		for range 100 { // to the end of the help, where what was refused is said
			press(m, "down")
		}
		if v := ansi.Strip(m.View()); (limit == 5) != strings.Contains(v, "cases and streaks not opened") {
			t.Errorf("limit %d: ? on what was refused:\n%s", limit, v)
		}
	}
}

// On a replay (a source with its own clock), what is done here is stamped by the replay's
// clock, as its cases are: training on last week's calls, a case acknowledged a minute after it
// came was acknowledged a minute after, not a week. A live source's actions keep the wall clock.
func TestAReplaysActionsAreStampedByItsClock(t *testing.T) {
	for _, own := range []bool{true, false} {
		var rec []model.AlertEvent
		wall := testNow.Add(7 * 24 * time.Hour)
		m := New(nil, Options{Window: model.Last(time.Hour), Location: paris, User: "ana", Now: func() time.Time { return wall },
			Record: func(evs []model.AlertEvent) { rec = append(rec, evs...) }})
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		clock := testNow.Add(time.Minute)
		m.Update(Update{Responses: []model.Response{{ID: "d1", Time: testNow, Score: 1, Queue: "Billing", Customer: "C-1"}},
			Status: Status{Source: "last week (replay)", State: Live, Clock: clock, Arrived: clock, OwnClock: own}})
		press(m, "!")
		rec = rec[:0]
		press(m, "a")
		want := wall
		if own {
			want = clock
		}
		if act := lastAction(t, &rec); !act.At.Equal(want) {
			t.Errorf("own clock %v: acknowledged at %v, want %v", own, act.At, want)
		}
	}
}
