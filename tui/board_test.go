package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/model/themes"
)

// A queue far below target in last month's file raises no queue alert as the file loads: queue
// rules are judged over history only in a backtest. The same minutes arriving as they happen do.
func TestQueuesAreNotJudgedOverHistory(t *testing.T) {
	day := time.Date(2026, 10, 28, 9, 0, 0, 0, time.UTC)
	var rs []model.Response
	for i := range 60 {
		rs = append(rs, model.Response{ID: fmt.Sprint(i), Time: day.Add(time.Duration(i) * time.Minute / 2), Score: 1, Queue: "Billing"})
	}
	clock := day.Add(31 * time.Minute)
	for _, c := range []struct {
		arrived time.Time
		want    bool
	}{{clock.AddDate(0, 1, 0), false}, {clock, true}} {
		b := NewBoard(time.UTC, model.NewAlerts(defaultRules()), false)
		events := b.Apply(&Update{Responses: rs, Status: Status{Clock: clock, Arrived: c.arrived}})
		queue := 0
		for _, ev := range events {
			if ev.Raised != nil && ev.Raised.Rule == model.RuleBelowTarget {
				queue++
			}
		}
		if detractors := len(events) - queue; (detractors > 0) != c.want || (queue > 0) != c.want {
			t.Errorf("arrived %v after: %d detractor and %d queue alerts", c.arrived.Sub(clock), detractors, queue)
		}
	}
}

// CSAT and CES are shown beside NPS when responses carry them, and not a word of them when
// none does.
func TestCSATAndCESShowOnlyWhenAnswered(t *testing.T) {
	theme, _ := ThemeNamed("dark")
	now := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	for _, with := range []bool{true, false} {
		m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: time.UTC, Now: func() time.Time { return now }})
		m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
		var rs []model.Response
		for i := range 40 {
			r := model.Response{ID: fmt.Sprint(i), Time: now.Add(-time.Duration(i) * time.Minute), Score: int8(i % 11), Queue: "Billing"}
			if with {
				r.CSAT, r.CES = int8(1+i%5), int8(1+i%7)
			}
			rs = append(rs, r)
		}
		m.Update(Update{Responses: rs, Status: Status{Clock: now, State: Live}})
		v := ansi.Strip(m.View())
		if has := strings.Contains(v, "CSAT ") && strings.Contains(v, "CES "); has != with {
			t.Errorf("with answers %v: the screen says CSAT and CES %v:\n%s", with, has, v)
		}
	}
}

// t opens what the page's detractors talk about: on the overview the floor's, on a queue the
// queue's; the selected theme offers its lines of config as a topic, and the config's topics
// are counted too.
func TestWhyShowsThemesOfThePagesGroup(t *testing.T) {
	theme, _ := ThemeNamed("dark")
	now := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	a, _ := themes.NewAnalyzer("english")
	topics, _ := themes.NewTopics(a, map[string]themes.TopicSpec{"engineers": {Words: []string{"engineer"}}})
	m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: time.UTC, Now: func() time.Time { return now },
		Analyzer: a, Topics: topics})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	var rs []model.Response
	for i := range 30 {
		at := now.Add(-time.Duration(i) * time.Minute)
		rs = append(rs,
			model.Response{ID: fmt.Sprint("b", i), Time: at, Score: 1, Queue: "Billing", Comment: "charged twice on my bill"},
			model.Response{ID: fmt.Sprint("s", i), Time: at, Score: 2, Queue: "Sales", Comment: "the engineer never came"},
			model.Response{ID: fmt.Sprint("p", i), Time: at, Score: 10, Queue: "Sales", Comment: "lovely people"})
	}
	m.Update(Update{Responses: rs, Status: Status{Clock: now, State: Live}})
	press(m, "t")
	v := ansi.Strip(m.View())
	for _, want := range []string{"What the floor's detractors talk about", "charged twice", "engineer never came", "engineers", `[topics."charged_twice_bill"]`} {
		if !strings.Contains(v, want) {
			t.Errorf("the floor's why does not say %q:\n%s", want, v)
		}
	}
	// enter lists the theme's latest comments, newest first; enter opens one.
	why := m.top().(*whyScreen)
	for t, _ := why.selected(); t.Surface != "engineer never came"; t, _ = why.selected() {
		press(m, "down")
	}
	press(m, "enter")
	ms, ok := m.top().(*mentionsScreen)
	if !ok || len(ms.list.items) != 30 || ms.list.items[0].ID != "s0" || ms.list.items[29].ID != "s29" {
		t.Fatalf("the theme's comments: %T %d", m.top(), len(ms.list.items))
	}
	press(m, "enter")
	if r, ok := m.top().(*responseScreen); !ok || r.resp.ID != "s0" {
		t.Fatalf("enter opened %T", m.top())
	}
	press(m, "esc", "esc", "esc")
	m.push(newQueue("Billing"))
	press(m, "t")
	v = ansi.Strip(m.View())
	if !strings.Contains(v, "What Billing's detractors talk about") || strings.Contains(v, "engineer never came") {
		t.Errorf("Billing's why:\n%s", v)
	}
}

// The overview's why pane reads the comments in the background, a tick at a time, saying how
// far it is, then shows the floor's first themes above the latest detractors.
func TestTheWhyPaneReadsTheCommentsThenShowsThemes(t *testing.T) {
	theme, _ := ThemeNamed("dark")
	now := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: time.UTC, Now: func() time.Time { return now }})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	var rs []model.Response
	for i := range 6000 {
		at := now.Add(-time.Duration(i%3600) * time.Second)
		score, say := int8(10), "lovely people"
		if i%2 == 0 {
			score, say = 1, "the engineer never came"
		}
		rs = append(rs, model.Response{ID: fmt.Sprint(i), Time: at, Score: score, Queue: "Billing", Comment: say})
	}
	_, cmd := m.Update(Update{Responses: rs, Status: Status{Clock: now, State: Live}})
	// One queue leaves the table's column room for the themes, one a line, below it.
	if v := ansi.Strip(m.View()); !strings.Contains(v, "What detractors talk about · 1h") || !strings.Contains(v, "reading the comments (") || cmd == nil {
		t.Fatalf("the pane does not say it is reading:\n%s", v)
	}
	for range 10 {
		m.Update(cutTick{})
	}
	if waiting, _ := m.board.Cutting(); waiting != 0 {
		t.Fatalf("%d comments still wait", waiting)
	}
	m.board.version++
	m.refresh(true)
	if v := ansi.Strip(m.View()); !strings.Contains(v, "engineer never came") || !regexp.MustCompile(`THEME +DETRACTORS +PROMOTERS`).MatchString(v) || !regexp.MustCompile(`engineer never came +100% +0%`).MatchString(v) {
		t.Errorf("the pane:\n%s", v)
	}
}

// A screen keeps at most maxBoardComments comments for its themes: past it, the oldest waiting
// are let go before they are cut, and the index drops its oldest.
func TestAScreensCommentsAreBounded(t *testing.T) {
	defer func(n int) { maxBoardComments = n }(maxBoardComments)
	maxBoardComments = 1000
	b := NewBoard(time.UTC, model.NewAlerts(defaultRules()), false)
	now := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	for k := range 5 {
		var rs []model.Response
		for i := range 900 {
			rs = append(rs, model.Response{ID: fmt.Sprint(k, "-", i), Time: now.Add(-time.Duration(k*900+i) * time.Second), Score: 2, Queue: "Q", Comment: "late again"})
		}
		b.Apply(&Update{Responses: rs, Status: Status{Clock: now}})
	}
	if waiting, _ := b.Cutting(); waiting > 1000 {
		t.Errorf("%d comments wait", waiting)
	}
	// Nor do the dropped keep their room (commentQueue's test bounds it).
	if held, _ := b.uncut.held(); held > 1000+2*queueChunk {
		t.Errorf("%d comments held for %d waiting", held, b.uncut.Len())
	}
	// One queue and agent: one entry for all the comments' names.
	if b.whos.Len() != 1 || b.whos.At(0) != (who{"Q", ""}) {
		t.Errorf("the comments' names: %d, %v", b.whos.Len(), b.whos.At(0))
	}
	// What waits is still what came: the newest comment is the last one sent.
	chunk := b.uncut.chunks[len(b.uncut.chunks)-1]
	last := chunk[len(chunk)-1]
	if text := b.uncut.text(&last); text != "late again" || last.at != now.Add(-4499*time.Second).UnixMilli() || last.class() != model.Detractor {
		t.Errorf("the newest waiting comment reads %q at %d, %v", b.uncut.text(&last), last.at, last.class())
	}
	if n := b.Themes().Comments(); n > 1000 || n < 500 {
		t.Errorf("the index keeps %d comments", n)
	}
}

// A table's * holds for its rows tested together: among 21 rows, a change at p = 0.03 is not
// marked (its threshold is 0.05/21), one at p = 0.001 is.
func TestATablesChangeMarksAreCorrectedForItsRows(t *testing.T) {
	var figs []model.Figures
	for i := range 21 {
		p := 0.5
		switch i {
		case 0:
			p = 0.03
		case 1:
			p = 0.001
		}
		f := model.Figures{Group: model.Group{Dim: model.ByQueue, Queue: fmt.Sprint("Q", i)}, HasNPS: true, HasChange: true,
			Stat: model.Stat{Promoters: 300, Passives: 300, Detractors: 300}, Prev: model.Stat{Promoters: 300, Passives: 300, Detractors: 300}}
		f.Change.P, f.Significant = p, p < 0.05
		figs = append(figs, f)
	}
	var tb groupTable
	tb.set(figs, sortName, "")
	for _, f := range tb.all {
		if want := f.Group.Queue == "Q1"; f.Significant != want {
			t.Errorf("%s at p=%v marked %v", f.Group.Queue, f.Change.P, f.Significant)
		}
	}
}

// How soon a worsening can be confirmed is said whole in the width there is, fewer words when
// narrow; at a pace in hours, and in answers when the last hours were quiet.
func TestKnowableWordsFitWhole(t *testing.T) {
	paced := model.Knowable{Detractors: 30, Promoters: 20, Responses: [2]float64{43, 73}, PerHour: 24,
		Takes: [2]time.Duration{107 * time.Minute, 183 * time.Minute}}
	quiet := paced
	quiet.PerHour, quiet.Takes = 0, [2]time.Duration{}
	for _, c := range []struct {
		k    model.Knowable
		w    int
		want string
	}{
		{paced, 120, "At 24 answers an hour, detractors +30 pts take about 1h50 to confirm, promoters −20 about 3h"},
		{paced, 60, "To confirm: detractors +30 pts ≈ 1h50, promoters −20 ≈ 3h"},
		{paced, 40, "+30 det. ≈ 1h50 · −20 prom. ≈ 3h"},
		{paced, 20, ""},
		{quiet, 120, "Detractors +30 pts take about 43 answers to confirm, promoters −20 about 73 answers"},
		{quiet, 50, "+30 det. ≈ 43 answers · −20 prom. ≈ 73 answers"},
	} {
		if got := knowableWords(&c.k, c.w); got != c.want || lipgloss.Width(got) > c.w {
			t.Errorf("%d columns: %q, want %q", c.w, got, c.want)
		}
	}
}

// Without a theme the pane says why, and never that detractors say nothing: an hour of a real
// floor seldom holds a theme that stands out at p < 0.001.
func TestTheWhyPaneSaysWhyItHasNoTheme(t *testing.T) {
	theme, _ := ThemeNamed("dark")
	now := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		detractors int
		want       string
	}{{10, "too few detractors' comments to tell (10)"}, {40, "no theme stands out yet (40 detractors' comments; w widens)"}} {
		m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: time.UTC, Now: func() time.Time { return now }})
		m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
		var rs []model.Response
		for i := range 2 * c.detractors { // both classes say the same
			score := int8(10)
			if i%2 == 0 {
				score = 1
			}
			rs = append(rs, model.Response{ID: fmt.Sprint(i), Time: now.Add(-time.Duration(i) * time.Minute / 2), Score: score, Queue: "Billing", Comment: "the call was about my bill"})
		}
		m.Update(Update{Responses: rs, Status: Status{Clock: now, State: Live}})
		for range 3 {
			m.Update(cutTick{})
		}
		m.board.version++
		m.refresh(true)
		if v := ansi.Strip(m.View()); !strings.Contains(v, c.want) {
			t.Errorf("%d detractors: the pane does not say %q:\n%s", c.detractors, c.want, v)
		}
	}
}

// The why page counts its window again when w changes it: it once kept the counts of the
// window it opened on.
func TestTheWhyPageCountsTheWindowItShows(t *testing.T) {
	theme, _ := ThemeNamed("dark")
	now := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: time.UTC, Now: func() time.Time { return now }})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	var rs []model.Response
	for i := range 30 { // 10 in the last hour, 20 more in the three before
		at := now.Add(-time.Duration(i) * 8 * time.Minute)
		rs = append(rs, model.Response{ID: fmt.Sprint(i), Time: at, Score: 2, Queue: "Billing", Comment: "the engineer never came"})
	}
	m.Update(Update{Responses: rs, Status: Status{Clock: now, State: Live}})
	for range 3 {
		m.Update(cutTick{})
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("t")})
	if v := ansi.Strip(m.View()); !strings.Contains(v, "the last 1h: 8 detractors'") {
		t.Fatalf("the page on 1h:\n%s", v)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("w")})
	if v := ansi.Strip(m.View()); !strings.Contains(v, "the last 4h: 30 detractors'") {
		t.Errorf("the page on 4h:\n%s", v)
	}
}

// A backlog applied in one batch (its latest responses kept on a goroutine of their own) keeps
// the same latest lists as the same responses arriving a few at a time, and the alerts beside.
func TestABacklogKeepsTheLatestAsALivePaceDoes(t *testing.T) {
	day := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	var rs []model.Response
	for i := range 3 * recentApart {
		rs = append(rs, model.Response{ID: fmt.Sprint(i), Time: day.Add(time.Duration(i) * time.Second), Score: int8(i * 7 % 11),
			Queue: fmt.Sprint("Q", i%3), Agent: fmt.Sprint("A", i%17), Team: fmt.Sprint("T", i%5), Customer: fmt.Sprint("C", i%400)})
	}
	clock := day.Add(time.Duration(len(rs)) * time.Second)
	whole := NewBoard(time.UTC, model.NewAlerts(defaultRules()), false)
	// Queue rules are judged once an update, so only the cases' events must agree.
	cases := func(evs []model.AlertEvent) (n int) {
		for _, ev := range evs {
			if ev.Raised != nil && model.IsCase(ev.Raised.Rule) {
				n++
			}
		}
		return n
	}
	raised := cases(whole.Apply(&Update{Responses: rs, Status: Status{Clock: clock}}))
	paced := NewBoard(time.UTC, model.NewAlerts(defaultRules()), false)
	events := 0
	for i := 0; i < len(rs); i += 10 {
		events += cases(paced.Apply(&Update{Responses: rs[i : i+10], Status: Status{Clock: clock}}))
	}
	if raised == 0 || raised != events {
		t.Errorf("cases raised: %d in one batch, %d a few at a time", raised, events)
	}
	for q := range 3 {
		for a := range 17 {
			queue, agent := fmt.Sprint("Q", q), fmt.Sprint("A", a)
			got, want := whole.Recent.Agent(queue, agent, 0), paced.Recent.Agent(queue, agent, 0)
			if len(want) == 0 || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%s %s: one batch keeps %d latest, a few at a time %d", queue, agent, len(got), len(want))
			}
		}
	}
	got, want := whole.Recent.Detractors(500, nil), paced.Recent.Detractors(500, nil)
	if len(want) != 500 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("latest detractors: %d in one batch, %d a few at a time", len(got), len(want))
	}
}

// A screen finds the worsening detector's thresholds apart, in a command of their own (each
// takes milliseconds, and a floor of fifty queues opening held the screen a third of a second): the
// update that needs them judges nothing it cannot, and the command's answer raises the alert.
func TestTheWorseningsThresholdsAreFoundApart(t *testing.T) {
	rules := model.DefaultRules()
	rules.QueueRules = []string{model.RuleWorsening}
	var recorded []model.AlertEvent
	closed := make(chan Update)
	close(closed) // the feed has ended: waiting for it returns at once
	m := New(closed, Options{Window: model.Last(time.Hour), Location: time.UTC, Alerts: model.NewAlerts(rules),
		Record: func(evs []model.AlertEvent) { recorded = append(recorded, evs...) }})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	// Four weeks of a steady queue, ten answers an hour, then three hours of detractors.
	end := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	var rs []model.Response
	at := end.Add(-28*24*time.Hour - 3*time.Hour)
	for i := 0; at.Before(end); i++ {
		score := int8([]int{2, 8, 10, 3, 7, 9, 10, 5, 8, 10}[i%10])
		step := 6 * time.Minute
		if end.Sub(at) <= 3*time.Hour {
			score, step = 1, time.Minute
		}
		rs = append(rs, model.Response{ID: fmt.Sprint("r", i), Time: at, Score: score, Queue: "Q"})
		at = at.Add(step)
	}
	worse := func() int {
		n := 0
		for _, e := range recorded {
			if e.Raised != nil && e.Raised.Rule == model.RuleWorsening {
				n++
			}
		}
		return n
	}
	_, cmd := m.Update(Update{Responses: rs, Status: Status{State: Live, Clock: end, Arrived: end}})
	if worse() != 0 || !m.finding {
		t.Fatalf("the update judged the worsening itself (%d raised), or asked nothing (%v)", worse(), m.finding)
	}
	// Run the commands as bubbletea would, their answers back in, until none is left.
	var answers int
	for cmds := []tea.Cmd{cmd}; len(cmds) > 0; {
		c := cmds[0]
		cmds = cmds[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			cmds = append(cmds, msg...)
		case thresholdsFound:
			answers++
			_, next := m.Update(msg)
			cmds = append(cmds, next)
		default:
			_, next := m.Update(msg)
			cmds = append(cmds, next)
		}
	}
	if answers == 0 || worse() != 1 || m.finding {
		t.Errorf("%d answers, %d worsenings raised, still finding %v", answers, worse(), m.finding)
	}
	press(m, "enter") // Q's page says how soon a worsening can be told, once it can
	if v := ansi.Strip(m.View()); !strings.Contains(v, "to confirm") {
		t.Errorf("Q's page does not say how soon a worsening is confirmed:\n%s", v)
	}
}
