package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/model"
)

// The screens a person goes through, by the keys that reach them from the overview.
var screens = []struct {
	name string
	keys []string
}{
	{"overview", nil},
	{"queue", []string{"enter"}},
	{"agent", []string{"enter", "enter"}},
	{"response", []string{"enter", "enter", "enter"}},
	{"alerts", []string{"!"}},
	{"detractors focused", []string{"tab"}},
	{"help", []string{"?"}},
	{"filter", []string{"/", "b", "i"}},
	{"alert opened", []string{"!", "enter"}},
	{"alerts overdue", []string{"!", "f", "f", "f"}},
	{"resolve prompt", []string{"!", "r", "c", "a", "l", "l"}},
}

// Every screen at every size from the smallest to 400×120: exactly the screen's lines, each
// exactly its width, and no panic. Below the minimum, the "too small" screen obeys the same.
func TestEveryScreenFitsEverySize(t *testing.T) {
	var sizes [][2]int
	for w := 40; w <= 400; w += 37 {
		for h := 12; h <= 120; h += 9 {
			sizes = append(sizes, [2]int{w, h})
		}
	}
	sizes = append(sizes, [2]int{80, 24}, [2]int{MinWidth, MinHeight}, [2]int{MinWidth - 1, MinHeight}, [2]int{1, 1}, [2]int{400, 120})
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			m := newTestModel(80, 24)
			m.Update(Update{Responses: wideResponses(), Status: fixtureStatus()})
			press(m, "s", "s") // by name: the wide queues come first, and the keys below open them
			press(m, sc.keys...)
			for _, s := range sizes {
				m.Update(tea.WindowSizeMsg{Width: s[0], Height: s[1]})
				checkScreen(t, m.View(), s[0], s[1])
			}
		})
	}
}

func TestGoldenScreens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}, {320, 90}} {
		for _, sc := range screens[:5] {
			t.Run(fmt.Sprintf("%s %dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				m := newTestModel(size[0], size[1])
				press(m, sc.keys...)
				golden(t, fmt.Sprintf("%s-%dx%d.golden", sc.name, size[0], size[1]), m.View()+"\n")
			})
		}
	}
}

func TestTooSmallSaysWhatItNeeds(t *testing.T) {
	m := newTestModel(50, 12)
	v := m.View()
	checkScreen(t, v, 50, 12)
	if !strings.Contains(v, "terminal too small") || !strings.Contains(v, "need 60×16, have 50×12") {
		t.Errorf("too-small screen:\n%s", v)
	}
	// Growing again keeps where the user was.
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	press(m, "enter")
	m.Update(tea.WindowSizeMsg{Width: 50, Height: 12})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if _, ok := m.top().(*queueScreen); !ok {
		t.Error("a resize lost the screen")
	}
}

func TestTheMouseSelectsAndOpens(t *testing.T) {
	m := newTestModel(80, 24)
	main := m.layout.Main
	click := func(y int) {
		m.Update(tea.MouseMsg{X: main.X + 5, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	}
	o := m.top().(*overviewScreen)
	click(main.Y + 4) // the third row under the heading
	if o.table.cur.sel != 2 {
		t.Fatalf("a click on the third row selects row %d", o.table.cur.sel)
	}
	m.Update(tea.MouseMsg{X: main.X + 5, Y: main.Y + 3, Button: tea.MouseButtonWheelDown})
	if o.table.cur.sel != 3 {
		t.Fatalf("the wheel moved the selection to %d", o.table.cur.sel)
	}
	want := o.table.rows[3].Group.Queue
	click(main.Y + 5) // the selected row: opens it
	q, ok := m.top().(*queueScreen)
	if !ok || q.group.Queue != want {
		t.Fatalf("a click on the selected row opened %T, want %q", m.top(), want)
	}
	side := m.layout.Side
	m.Update(tea.MouseMsg{X: side.X + 3, Y: side.Y + 2, Button: tea.MouseButtonWheelDown})
	if q.focus != 1 {
		t.Error("the wheel over the side pane does not focus it")
	}
}

// One screen, one time zone: with a display zone other than the clock's (a mapped time_zone,
// --tz), the header clock and the trend's axis both read in the display zone.
func TestOneScreenOneTimeZone(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	theme, _ := ThemeNamed("dark")
	m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: tokyo,
		User: "ana", Now: func() time.Time { return testNow.UTC() }}) // the clock speaks UTC, like time.Now in a server
	m.Update(Update{Responses: fixture(3000), Status: fixtureStatus()})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	view := ansi.Strip(m.View())
	clock := testNow.In(tokyo).Format("15:04:05")
	if !strings.Contains(strings.Split(view, "\n")[0], clock) {
		t.Fatalf("the header does not show the Tokyo clock %s:\n%s", clock, view)
	}
	// The axis labels of the last hour, in Tokyo: 22:32 … 23:2x; in UTC they would read 13:xx.
	labels := regexp.MustCompile(`\b(\d\d):\d\d\b`).FindAllStringSubmatch(strings.Join(strings.Split(view, "\n")[1:], "\n"), -1)
	hours := map[string]bool{}
	for _, l := range labels {
		hours[l[1]] = true
	}
	want := map[string]bool{testNow.In(tokyo).Add(-time.Hour).Format("15"): true, testNow.In(tokyo).Format("15"): true}
	for h := range hours {
		if !want[h] {
			t.Errorf("a time label at %s:xx on a screen whose clock reads %s (labels %v)", h, clock, labels)
		}
	}
	if len(hours) == 0 {
		t.Fatalf("no time labels on the screen:\n%s", view)
	}
}

// Sites are a level of the drill-down: the overview's table switches to sites, a site lists
// its queues, a queue there lists the agents there. With one site, nothing about sites shows.
func TestSitesAreALevelOfTheDrillDown(t *testing.T) {
	rs := fixture(3000)
	for i := range rs {
		rs[i].Site = []string{"Leeds", "Lisbon", "Cork"}[i%3]
	}
	theme, _ := ThemeNamed("dark")
	m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: paris, User: "ana", Now: func() time.Time { return testNow }})
	m.Update(Update{Responses: rs, Status: fixtureStatus()})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	view := func() string { return ansi.Strip(m.View()) }
	if !strings.Contains(view(), "v sites/queues") {
		t.Errorf("the footer does not offer the sites:\n%s", view())
	}
	press(m, "v")
	p := m.top().(*overviewScreen)
	if p.noun != "site" || len(p.table.rows) != 3 || !strings.Contains(view(), "SITE") {
		t.Fatalf("v shows %d %ss:\n%s", len(p.table.rows), p.noun, view())
	}
	site := p.table.rows[p.table.cur.sel].Group.Name
	press(m, "enter")
	ss, ok := m.top().(*siteScreen)
	if !ok || !strings.Contains(view(), "Site "+site) || len(ss.table.rows) != 2 { // queue i%6 and site i%3: two queues a site
		t.Fatalf("enter on a site: %T\n%s", m.top(), view())
	}
	queue := ss.table.rows[ss.table.cur.sel].Group.Queue
	press(m, "enter")
	qs, ok := m.top().(*queueScreen)
	if !ok || qs.site != site || !strings.Contains(view(), "Queue "+queue+" at "+site) || !strings.Contains(strings.Split(view(), "\n")[0], "Overview / "+site+" / "+queue) {
		t.Fatalf("enter on a queue of the site: %T\n%s", m.top(), view())
	}
	// Its figures are the queue's part at the site, and its agents are the site's.
	want := m.board.Agg.Stat(model.Group{Dim: model.BySiteQueue, Queue: queue, Name: site}, model.Last(time.Hour).Span(testNow, paris))
	if qs.figures.Stat != want {
		t.Errorf("the queue at %s shows %+v, want %+v", site, qs.figures.Stat, want)
	}
	for _, f := range qs.table.rows {
		if _, s := m.board.Agg.AgentOf(f.Group); s != site {
			t.Errorf("agent %s of %s is listed at %s", f.Group.Name, s, site)
		}
	}
	for _, r := range qs.side.items {
		if r.Site != site || r.Queue != queue {
			t.Errorf("a detractor of %s at %s among %s at %s", r.Queue, r.Site, queue, site)
		}
	}

	for _, back := range []bool{false, true} { // the queue at the site, then the site
		if back {
			press(m, "esc")
		}
		for _, size := range [][2]int{{60, 16}, {80, 24}, {120, 40}, {200, 60}, {400, 120}} {
			m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			checkScreen(t, m.View(), size[0], size[1])
		}
	}

	one := newTestModel(160, 48) // the fixture names no site
	press(one, "v")
	if op := one.top().(*overviewScreen); op.noun != "queue" || strings.Contains(ansi.Strip(one.View()), "sites/queues") {
		t.Errorf("with no sites, v switched the table to %ss", op.noun)
	}
}

// c opens the coaching list: the agents credibly below their queue, widest gap first; enter
// opens one.
func TestTheCoachingList(t *testing.T) {
	var rs []model.Response
	add := func(agent string, scores ...int) {
		for i, s := range scores {
			rs = append(rs, model.Response{ID: fmt.Sprintf("%s-%d", agent, i), Time: testNow.Add(-time.Duration(i+1) * 2 * time.Hour),
				Score: int8(s), Queue: "Care", Agent: agent, Site: "Leeds"})
		}
	}
	rep := func(n int, scores ...int) (out []int) {
		for range n {
			out = append(out, scores...)
		}
		return out
	}
	for _, name := range []string{"Ana", "Ben", "Cy", "Dee", "Eli", "Fay"} {
		add(name, rep(30, 10, 10, 8, 7, 3)...) // +20 of 150
	}
	add("Gus", rep(30, 10, 3, 3, 2, 7)...) // −40 of 150
	theme, _ := ThemeNamed("dark")
	m := New(nil, Options{Theme: theme, Location: paris, User: "ana", Now: func() time.Time { return testNow }})
	m.Update(Update{Responses: rs, Status: fixtureStatus()})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	press(m, "c")
	cs, ok := m.top().(*coachingScreen)
	if !ok || len(cs.list) != 1 || cs.list[0].Agent.Group.Name != "Gus" {
		t.Fatalf("c shows %T %+v", m.top(), cs)
	}
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "Gus") || !strings.Contains(v, "Leeds") || strings.Contains(v, "Ana ") {
		t.Errorf("the coaching list:\n%s", v)
	}
	for _, size := range [][2]int{{60, 16}, {80, 24}, {200, 60}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		checkScreen(t, m.View(), size[0], size[1])
	}
	press(m, "enter")
	if a, ok := m.top().(*agentScreen); !ok || a.group.Name != "Gus" {
		t.Errorf("enter opened %T", m.top())
	}
}
