package tui

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/model"
)

// wall is a wallboard on the fixture, with a clock the test moves.
type testWall struct {
	*Model
	now time.Time
}

func newTestWall(t *testing.T, w, h int, o KioskOptions) *testWall {
	t.Helper()
	return newWallOf(t, w, h, o, fixture(3000))
}

func newWallOf(t *testing.T, w, h int, o KioskOptions, rs []model.Response) *testWall {
	t.Helper()
	theme, _ := ThemeNamed("dark")
	k := &testWall{now: testNow}
	k.Model = New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: paris,
		Now: func() time.Time { return k.now }, Kiosk: &o})
	k.Update(Update{Responses: rs, Status: fixtureStatus()})
	k.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return k
}

// wait moves the clock by d, a tick a second, as the program's ticker does.
func (k *testWall) wait(d time.Duration) {
	for end := k.now.Add(d); k.now.Before(end); {
		k.now = k.now.Add(time.Second)
		k.Update(wallTick{})
	}
}

func (k *testWall) title() string {
	cur, _, _ := k.wall.slot(k.board)
	return cur.title()
}

func TestKioskGoldens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}, {320, 90}} {
		k := newTestWall(t, size[0], size[1], KioskOptions{})
		for _, name := range []string{"overview", "queue", "alerts", "loop", "why", "leaderboard"} {
			switch name {
			case "alerts":
				for k.title() != "Open alerts" {
					k.wall.step(1, k.now)
				}
			case "loop":
				for k.title() != "Closing the loop · today" {
					k.wall.step(1, k.now)
				}
			case "why":
				k.wall.step(1, k.now)
			case "queue", "leaderboard":
				k.wall.step(1, k.now)
			}
			t.Run(fmt.Sprintf("%s %dx%d", name, size[0], size[1]), func(t *testing.T) {
				v := k.View()
				checkScreen(t, v, size[0], size[1])
				golden(t, fmt.Sprintf("kiosk-%s-%dx%d.golden", name, size[0], size[1]), v+"\n")
			})
		}
	}
}

// Every screen of the rotation, stale or not, fits every size exactly, and never panics.
func TestKioskFitsEverySize(t *testing.T) {
	k := newTestWall(t, 80, 24, KioskOptions{Screens: KioskScreens, Queues: []string{"Tech Support"}})
	for range len(k.wall.rotation(k.board)) {
		for _, stale := range []bool{false, true} {
			if stale {
				k.wall.lastData = k.now.Add(-time.Hour)
			} else {
				k.wall.lastData = k.now
			}
			for w := 40; w <= 420; w += 38 {
				for h := 10; h <= 130; h += 15 {
					k.Update(tea.WindowSizeMsg{Width: w, Height: h})
					checkScreen(t, k.View(), w, h)
				}
			}
		}
		k.wall.step(1, k.now)
	}
}

// A site's wall names its site where the whole floor's says "All queues".
func TestASitesWallNamesItsSite(t *testing.T) {
	for _, w := range []int{80, 160} {
		k := newTestWall(t, w, 30, KioskOptions{Screens: []KioskScreen{KioskOverview}, Scope: "Leeds"})
		if v := ansi.Strip(k.View()); !strings.Contains(v, "Leeds · the last 1h") || strings.Contains(v, "All queues") {
			t.Errorf("at %d columns:\n%s", w, v)
		}
	}
}

func TestKioskRotates(t *testing.T) {
	k := newTestWall(t, 120, 40, KioskOptions{Rotate: 15 * time.Second, Screens: []KioskScreen{KioskLeaderboard, KioskQueues, KioskAlerts},
		Queues: []string{"Sales", "Billing"}})
	want := []string{"Leaderboard · Sales", "Leaderboard · Billing", "Queue Sales", "Queue Billing", "Open alerts", "Leaderboard · Sales"}
	for i, title := range want {
		if got := k.title(); got != title {
			t.Fatalf("screen %d is %q, want %q", i, got, title)
		}
		if i == 0 {
			k.wait(14 * time.Second)
			if k.title() != title {
				t.Fatal("the screen changed before its time")
			}
			if !strings.Contains(ansi.Strip(k.View()), "next: Leaderboard · Billing in 1s") {
				t.Errorf("the progress line does not say what comes next:\n%s", lastLine(k.View()))
			}
			k.wait(time.Second)
			continue
		}
		if i < len(want)-1 {
			k.wait(15 * time.Second)
		}
	}
	// The arrows step through the screens, and the next step comes a whole period later.
	k.Update(tea.KeyMsg{Type: tea.KeyRight})
	k.Update(tea.KeyMsg{Type: tea.KeyRight})
	if k.title() != "Queue Sales" {
		t.Errorf("two steps right: %q", k.title())
	}
	k.Update(tea.KeyMsg{Type: tea.KeyLeft})
	k.wait(14 * time.Second)
	if k.title() != "Leaderboard · Billing" {
		t.Errorf("a step left, then 14 s: %q", k.title())
	}
}

// The bottom line fills as the next screen nears.
func TestKioskProgressFills(t *testing.T) {
	k := newTestWall(t, 100, 30, KioskOptions{Rotate: 20 * time.Second})
	filled := func() int { return strings.Count(ansi.Strip(lastLine(k.View())), "━") }
	if filled() != 0 {
		t.Errorf("a new screen's line is already %d filled", filled())
	}
	k.wait(10 * time.Second)
	half := filled()
	k.wait(9 * time.Second)
	if half < 30 || filled() <= half {
		t.Errorf("filled %d at 10 s, %d at 19 s", half, filled())
	}
}

// Keys do nothing on a wall but ctrl+c, the unlock key and the arrows.
func TestKioskKeys(t *testing.T) {
	k := newTestWall(t, 100, 30, KioskOptions{Unlock: "ctrl+u"})
	for _, key := range []tea.KeyMsg{typed("q"), typed("!"), typed("?"), keyMsg(tea.KeyEnter), keyMsg(tea.KeyEsc), typed(" ")} {
		_, cmd := k.Update(key)
		if cmd != nil || k.wall == nil || k.title() != "Overview" {
			t.Errorf("%q changed the wall", key.String())
		}
	}
	if _, cmd := k.Update(keyMsg(tea.KeyCtrlC)); cmd == nil || cmd() != tea.Quit() {
		t.Error("ctrl+c does not quit")
	}
	k.Update(keyMsg(tea.KeyCtrlU))
	if k.wall != nil || !strings.Contains(k.View(), "Queues") {
		t.Fatal("the unlock key did not drop to the interactive dashboard")
	}
	// Unlocked, the ticks stop and the keys work.
	if _, cmd := k.Update(wallTick{}); cmd != nil {
		t.Error("the wallboard's ticks go on after unlocking")
	}
	k.Update(keyMsg(tea.KeyEnter))
	if _, ok := k.top().(*queueScreen); !ok {
		t.Error("enter does not open a queue once unlocked")
	}
	// Without an unlock key, nothing unlocks.
	k = newTestWall(t, 100, 30, KioskOptions{})
	k.Update(keyMsg(tea.KeyCtrlU))
	if k.wall == nil {
		t.Error("a wall without an unlock key was unlocked")
	}
}

// After --stale without data a banner says so, and says what the feed is doing; the figures
// are marked stale; data coming back clears both.
func TestKioskSaysWhenTheDataIsStale(t *testing.T) {
	k := newTestWall(t, 100, 30, KioskOptions{Stale: 3 * time.Minute, Rotate: time.Hour})
	k.wait(2*time.Minute + 59*time.Second)
	if v := ansi.Strip(k.View()); strings.Contains(v, "NO DATA") || strings.Contains(v, "STALE") {
		t.Fatal("stale before its time")
	}
	retrying := fixtureStatus()
	retrying.State = Retrying
	k.Update(Update{Status: retrying}) // no responses: a status is not data
	k.wait(time.Second)
	v := ansi.Strip(k.View())
	if !strings.Contains(v, "NO DATA FOR 3 MIN — reconnecting") || !strings.Contains(v, "STALE · ▼ BELOW TARGET +20") {
		t.Fatalf("3 minutes without data, retrying:\n%s", v)
	}
	if !strings.Contains(strings.SplitN(v, "\n", 2)[0], "data 3 min ago") {
		t.Errorf("the header does not give the data's age: %q", strings.SplitN(v, "\n", 2)[0])
	}
	k.wait(2 * time.Hour)
	if v := ansi.Strip(k.View()); !strings.Contains(v, "NO DATA FOR 2 H") {
		t.Errorf("two hours on: %q", strings.SplitN(v, "\n", 3)[1])
	}
	k.Update(Update{Responses: []model.Response{{ID: "new", Time: testNow, Score: 9, Queue: "Sales"}}, Status: fixtureStatus()})
	if v := ansi.Strip(k.View()); strings.Contains(v, "NO DATA") || strings.Contains(v, "STALE") {
		t.Error("data came back, and the screen still says it is stale")
	}

	// A wall whose feed never sent anything says so, rather than an age.
	theme, _ := ThemeNamed("dark")
	empty := &testWall{now: testNow}
	empty.Model = New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: paris,
		Now: func() time.Time { return empty.now }, Kiosk: &KioskOptions{Stale: 10 * time.Second}})
	empty.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	empty.Update(Update{Status: retrying})
	empty.wait(10 * time.Second)
	v = ansi.Strip(empty.View())
	if !strings.Contains(v, "NO DATA YET — reconnecting") || !strings.Contains(v, "no data yet") {
		t.Errorf("a wall that never had data:\n%s", v)
	}
	checkScreen(t, empty.View(), 80, 24)
}

// The leaderboard ranks by the low end of the interval: ten 10s beat one lucky 10, and two
// 10s are not enough to be ranked at all.
func TestTheLeaderboardIsHonest(t *testing.T) {
	k := newTestWall(t, 120, 40, KioskOptions{Screens: []KioskScreen{KioskLeaderboard}, Queues: []string{"Lab"}})
	var rs []model.Response
	add := func(agent string, scores ...int) {
		for i, s := range scores {
			rs = append(rs, model.Response{ID: fmt.Sprintf("%s-%d", agent, i), Time: testNow.Add(-time.Duration(i+1) * time.Minute),
				Score: int8(s), Queue: "Lab", Agent: agent})
		}
	}
	add("Lucky", 10, 10)
	add("Steady", 10, 10, 10, 10, 10, 10, 10, 10, 9, 10, 10, 10, 9, 10, 10, 10, 10, 10, 10, 10)
	add("Decent", 10, 9, 9, 10, 8, 9, 10, 7, 9, 9, 10, 9, 10, 9, 9, 10, 9, 8, 10, 9)
	k.Update(Update{Responses: rs, Status: fixtureStatus()})
	v := ansi.Strip(k.View())
	steady, decent, lucky := strings.Index(v, "Steady"), strings.Index(v, "Decent"), strings.Index(v, "Lucky (2)")
	few := strings.Index(v, "Not enough responses yet")
	if steady < 0 || decent < 0 || lucky < 0 || !(steady < decent && few < lucky) || lucky < decent {
		t.Errorf("the board:\n%s", v)
	}
	if !strings.Contains(v, "   1 Steady") {
		t.Errorf("Steady is not first:\n%s", v)
	}
}

func lastLine(v string) string { return v[strings.LastIndexByte(v, '\n')+1:] }

// BenchmarkKioskSoak runs a wallboard through 14 simulated days of a center's feed (25,000
// responses a day, some queues going bad for hours), a tick a minute and a frame every ten,
// as its update path sees them. It logs the live heap and the goroutines at the end of each
// day: after the days the board keeps (50 h of buckets, 3 days of alerts) both stay flat.
func BenchmarkKioskSoak(b *testing.B) {
	for b.Loop() {
		var heaps []float64
		k := &testWall{now: testNow}
		theme, _ := ThemeNamed("dark")
		k.Model = New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: paris,
			Now: func() time.Time { return k.now }, Kiosk: &KioskOptions{}})
		k.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
		rng := rand.New(rand.NewPCG(14, 1))
		queues := []string{"Billing", "Sales", "Retention", "Tech Support", "Orders", "Claims"}
		perMinute := 25000.0 / (24 * 60)
		id := 0
		for day := 1; day <= 14; day++ {
			for minute := range 24 * 60 {
				bad := queues[(day+minute/240)%len(queues)] // four hours at a time, one queue goes bad
				n := int(perMinute) + rng.IntN(3)
				rs := make([]model.Response, n)
				for i := range rs {
					q := queues[rng.IntN(len(queues))]
					score := 10 - rng.IntN(6)
					if q == bad || rng.IntN(4) == 0 {
						score = rng.IntN(11)
					}
					id++
					rs[i] = model.Response{ID: fmt.Sprintf("s-%d", id), Time: k.now.Add(time.Duration(i) * time.Second), Score: int8(score),
						Queue: q, Agent: fmt.Sprintf("Agent %02d", rng.IntN(60)), Channel: "voice", Comment: "a comment of some length"}
				}
				k.now = k.now.Add(time.Minute)
				k.Update(Update{Responses: rs, Status: Status{Source: "soak", State: Live, Clock: k.now}})
				k.Update(wallTick{})
				if minute%10 == 0 {
					_ = k.View()
				}
			}
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			heaps = append(heaps, float64(ms.HeapAlloc)/(1<<20))
			b.Logf("day %2d: live heap %5.1f MB, %d goroutines, %d alerts kept", day, heaps[day-1], runtime.NumGoroutine(), k.board.Alerts.Len())
		}
		b.ReportMetric(heaps[13], "heap-MB-day14")
		b.ReportMetric(heaps[13]-heaps[6], "heap-MB-growth-day7-14")
	}
}

// On a floor of one or two answers an agent-hour, agents are ranked by their estimate, shrunk
// toward the queue's agents, over 30 days: one or two lucky answers never top the board, the
// board says when even the first is below target, and it ranks within a team or a site too.
func TestTheLeaderboardRanksEstimatesWithin(t *testing.T) {
	var rs []model.Response
	add := func(agent, team, site string, scores ...int) {
		for i, s := range scores {
			rs = append(rs, model.Response{ID: fmt.Sprintf("%s-%d", agent, i), Time: testNow.Add(-time.Duration(i+1) * 3 * time.Hour),
				Score: int8(s), Queue: "Care", Agent: agent, Team: team, Site: site})
		}
	}
	many := func(promoters, passives, detractors int) []int {
		var s []int
		for range promoters {
			s = append(s, 10)
		}
		for range passives {
			s = append(s, 7)
		}
		for range detractors {
			s = append(s, 3)
		}
		return s
	}
	add("Ana", "Red", "Leeds", many(27, 13, 20)...) // +12 of 60: the best, below the target of +20
	add("Ben", "Red", "Leeds", many(20, 20, 20)...) // 0
	add("Cy", "Blue", "Cork", many(25, 15, 20)...)  // +8
	add("Dee", "Blue", "Cork", many(15, 20, 25)...) // −17
	add("Eli", "Blue", "Cork", many(3, 0, 0)...)    // +100 of 3: too few to rank
	for _, within := range []RankWithin{RankWithinQueue, RankWithinTeam, RankWithinSite} {
		k := newWallOf(t, 140, 40, KioskOptions{Screens: []KioskScreen{KioskLeaderboard}, RankWithin: within}, rs)
		var boards []string
		for range len(k.wall.rotation(k.board)) {
			boards = append(boards, ansi.Strip(k.View()))
			k.wall.step(1, k.now)
		}
		all := strings.Join(boards, "\n")
		switch within {
		case RankWithinQueue:
			v := boards[0]
			if len(boards) != 1 || !strings.Contains(v, "Best agents in Care · none on target +20") || !strings.Contains(v, "the last 30 days") {
				t.Fatalf("the queue's board:\n%s", v)
			}
			if a, c, b, d := strings.Index(v, "1 Ana"), strings.Index(v, "2 Cy"), strings.Index(v, "3 Ben"), strings.Index(v, "4 Dee"); a < 0 || c < a || b < c || d < b {
				t.Errorf("not ranked Ana, Cy, Ben, Dee:\n%s", v)
			}
			if !strings.Contains(v, "Not enough responses yet to rank (1):") || !strings.Contains(v, "Eli (3)") {
				t.Errorf("three lucky answers are not listed apart:\n%s", v)
			}
		case RankWithinTeam:
			if len(boards) != 2 || !strings.Contains(all, "Best agents of Red") || !strings.Contains(all, "Best agents of Blue") {
				t.Fatalf("the teams' boards:\n%s", all)
			}
			if red := boards[1]; strings.Contains(red, "Best agents of Red") && (strings.Contains(red, "Cy") || !strings.Contains(red, "1 Ana")) {
				t.Errorf("Red's board:\n%s", red)
			}
		case RankWithinSite:
			if len(boards) != 2 || !strings.Contains(all, "Best agents at Cork") || !strings.Contains(all, "Best agents at Leeds") {
				t.Fatalf("the sites' boards:\n%s", all)
			}
		}
		checkScreen(t, k.View(), 140, 40)
	}
}

// The wall's themes of the day: the first themes of the floor's detractors, numbered.
func TestTheWallSaysWhatDetractorsTalkAbout(t *testing.T) {
	var rs []model.Response
	for i := range 60 {
		at := testNow.Add(-time.Duration(i) * time.Minute)
		rs = append(rs, model.Response{ID: fmt.Sprint("d", i), Time: at, Score: 1, Queue: "Billing", Comment: "still waiting for my refund"},
			model.Response{ID: fmt.Sprint("p", i), Time: at, Score: 10, Queue: "Billing", Comment: "lovely people"})
	}
	// Across a room: the first theme in block letters on a wall that has room.
	k := newWallOf(t, 120, 40, KioskOptions{Screens: []KioskScreen{KioskWhy}}, rs)
	v := ansi.Strip(k.View())
	if big := strings.TrimSpace(bigText("STILL WAITING REFUND 100%")[0]); !strings.Contains(v, big) {
		t.Errorf("the wall does not say it large:\n%s", v)
	}
	// On a small screen, in words.
	k = newWallOf(t, 60, 16, KioskOptions{Screens: []KioskScreen{KioskWhy}}, rs)
	if v := ansi.Strip(k.View()); !strings.Contains(v, "1. still waiting refund — 100% of detractor") {
		t.Errorf("the small wall:\n%s", v)
	}
}

// A queue with no response in the window says so on the wall, not "– ±0 0".
func TestAQueueWithoutResponsesSaysSoOnTheWall(t *testing.T) {
	rs := append(fixture(3000), model.Response{ID: "quiet-1", Time: testNow.Add(-3 * time.Hour), Score: 9, Queue: "Quiet"})
	for _, w := range []int{80, 160} {
		k := newWallOf(t, w, 40, KioskOptions{Screens: []KioskScreen{KioskOverview}}, rs)
		var row string
		for _, l := range strings.Split(ansi.Strip(k.View()), "\n") {
			if strings.Contains(l, "Quiet") {
				row = l
			}
		}
		if !strings.Contains(row, "no responses") || strings.Contains(row, "±0") {
			t.Errorf("at %d columns the quiet queue's row is %q", w, row)
		}
	}
}

// A file read to its end: the wall says when its data runs to, not that data stopped coming
// seconds ago; and a stale figure of too few responses has one separator, not two.
func TestAWallOfAFileThatEndedTellsTheTruth(t *testing.T) {
	k := newTestWall(t, 120, 30, KioskOptions{Stale: 3 * time.Minute, Rotate: time.Hour})
	ended := fixtureStatus()
	ended.State = Ended
	k.Update(Update{Status: ended})
	k.now = testNow.Add(26 * time.Hour) // read yesterday, looked at today
	k.wait(4 * time.Minute)
	v := ansi.Strip(k.View())
	head := strings.SplitN(v, "\n", 2)[0]
	if !strings.Contains(head, "data up to Tue 24 Nov 15:30") || strings.Contains(head, "min ago") {
		t.Errorf("the header: %q", head)
	}
	if !strings.Contains(v, "THE FEED ENDED: ITS DATA RUNS TO TUE 24 NOV 15:30") || strings.Contains(v, "NO DATA") {
		t.Errorf("the banner:\n%s", v)
	}
	// Too few to tell, and stale.
	few := newWallOf(t, 120, 30, KioskOptions{Stale: time.Minute, Rotate: time.Hour, Screens: []KioskScreen{KioskOverview}},
		[]model.Response{{ID: "1", Time: testNow.Add(-time.Minute), Score: 9, Queue: "Sales"}})
	few.wait(2 * time.Minute)
	if v := ansi.Strip(few.View()); !strings.Contains(v, "STALE · TOO FEW RESPONSES TO TELL") || strings.Contains(v, "STALE · ·") {
		t.Errorf("a stale figure of one response:\n%s", v)
	}
}

// The header says the window of the screen shown: the leaderboard's 30 days, the loop's today.
func TestTheWallsHeaderSaysTheScreensWindow(t *testing.T) {
	for _, c := range []struct {
		screen KioskScreen
		window string
	}{{KioskOverview, "1h"}, {KioskLeaderboard, "30d"}, {KioskLoop, "today"}} {
		k := newTestWall(t, 160, 40, KioskOptions{Screens: []KioskScreen{c.screen}, RankWithin: RankWithinFloor})
		head := strings.SplitN(ansi.Strip(k.View()), "\n", 2)[0]
		if !strings.Contains(head, " "+c.window+" │ ") {
			t.Errorf("%s: the header says %q, not %s", c.screen, head, c.window)
		}
	}
}

// At 80 columns the floor's leaderboard has no queue column: an agent ranked in two queues
// says which is which.
func TestAnAgentInTwoQueuesIsToldApartOnANarrowWall(t *testing.T) {
	var rs []model.Response
	for i := range 120 {
		for _, q := range []string{"Billing", "Sales"} {
			rs = append(rs, model.Response{ID: fmt.Sprint(q, i), Time: testNow.Add(-time.Duration(i) * time.Hour), Score: int8(7 + i%4), Queue: q, Agent: "Diego Silva"})
			rs = append(rs, model.Response{ID: fmt.Sprint(q, "o", i), Time: testNow.Add(-time.Duration(i) * time.Hour), Score: int8(5 + i%6), Queue: q, Agent: fmt.Sprint("Other ", q)})
		}
	}
	k := newWallOf(t, 80, 24, KioskOptions{Screens: []KioskScreen{KioskLeaderboard}, RankWithin: RankWithinFloor}, rs)
	v := ansi.Strip(k.View())
	if !strings.Contains(v, "Diego Silva (Billing)") || !strings.Contains(v, "Diego Silva (Sales)") || strings.Contains(v, "Other Sales (Sales)") {
		t.Errorf("the floor's leaderboard at 80 columns:\n%s", v)
	}
}

// On a large wall the queues are in block letters, read across the room; on a small one they
// stay a table.
func TestALargeWallDrawsTheQueuesLarge(t *testing.T) {
	for _, c := range []struct {
		w, h  int
		large bool
	}{{320, 90, true}, {400, 120, true}, {160, 48, false}, {80, 24, false}} {
		k := newTestWall(t, c.w, c.h, KioskOptions{Screens: []KioskScreen{KioskOverview}})
		v := ansi.Strip(k.View())
		if got := strings.Contains(v, "WHERE IT STANDS") && !strings.Contains(v, "Billing "); got != c.large {
			t.Errorf("at %d×%d the queues are large: %v", c.w, c.h, got)
		}
	}
}

// On a large wall the leaderboard is in block letters too; on a small one it is a table.
func TestALargeWallDrawsTheLeaderboardLarge(t *testing.T) {
	for _, c := range []struct {
		w, h  int
		large bool
	}{{320, 90, true}, {160, 48, false}} {
		k := newTestWall(t, c.w, c.h, KioskOptions{Screens: []KioskScreen{KioskLeaderboard}})
		v := ansi.Strip(k.View())
		if got := !strings.Contains(v, "AT LEAST") && strings.Contains(v, "at least") && strings.Contains(v, "responses"); got != c.large {
			t.Errorf("at %d×%d the leaderboard is large: %v\n%s", c.w, c.h, got, v)
		}
	}
}

func TestFontTextDropsAccents(t *testing.T) {
	for in, want := range map[string]string{"Zoë Müller": "ZOE MULLER", "Tomás García": "TOMAS GARCIA", "Ngozi O'Brien": "NGOZI O'BRIEN", "Zürich": "ZURICH"} {
		if got := fontText(in); got != want || !inFont(got) {
			t.Errorf("fontText(%q) = %q", in, got)
		}
	}
	if inFont(fontText("北京")) {
		t.Error("a name the font cannot draw was taken for one it can")
	}
}

// On a large wall the loop's queues are in block letters too: their open cases, read across
// the room; on a small one, a table.
func TestALargeWallDrawsTheLoopsQueuesLarge(t *testing.T) {
	for _, c := range []struct {
		w, h  int
		large bool
	}{{320, 90, true}, {160, 48, false}} {
		k := newTestWall(t, c.w, c.h, KioskOptions{Screens: []KioskScreen{KioskLoop}})
		v := ansi.Strip(k.View())
		if got := strings.Contains(v, "OPEN  TODAY") && !strings.Contains(v, "1ST ACT"); got != c.large {
			t.Errorf("at %d×%d the loop's queues are large: %v", c.w, c.h, got)
		}
	}
}
