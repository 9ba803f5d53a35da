package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/model"
)

// KioskOptions make the dashboard a wallboard: screens in rotation, readable across a room,
// running for weeks with nobody at the keyboard.
type KioskOptions struct {
	Rotate      time.Duration // how long each screen shows; 20 s when zero
	Screens     []KioskScreen // which screens, in this order; all when empty
	Queues      []string      // the queues shown in turn; all when empty
	Stale       time.Duration // how long without data before the screen says so; 3 min when zero
	Leaderboard model.Dim     // model.ByAgent (the default) or model.ByTeam
	// LeaderboardWindow is the leaderboard's window: 30 days when zero. An agent gets one or
	// two answers an hour: a day ranks nobody.
	LeaderboardWindow model.Window
	// RankWithin says among whom agents are ranked, one leaderboard each in the rotation: each
	// queue (the default: queues differ in how hard they are), each team or each site; or the
	// whole floor.
	RankWithin RankWithin
	Unlock     string // the key that drops to the interactive dashboard; none when ""
	// Scope names what the feed holds when it is not the whole floor, such as a site's name
	// (a wall that reads its site's subjects of a stream): said where the wall would say
	// "All queues".
	Scope string
}

// RankWithin is a grouping of agents for the leaderboard.
type RankWithin string

const (
	RankWithinQueue RankWithin = "queue"
	RankWithinTeam  RankWithin = "team"
	RankWithinSite  RankWithin = "site"
	RankWithinFloor RankWithin = "floor"
)

// ParseRankWithin reads a grouping of the leaderboard.
func ParseRankWithin(s string) (RankWithin, error) {
	switch r := RankWithin(strings.ToLower(strings.TrimSpace(s))); r {
	case RankWithinQueue, RankWithinTeam, RankWithinSite, RankWithinFloor:
		return r, nil
	}
	return "", fmt.Errorf("want queue, team, site or floor")
}

// KioskScreen is one kind of screen of the rotation.
type KioskScreen string

const (
	KioskOverview    KioskScreen = "overview"
	KioskQueues      KioskScreen = "queues" // each queue in turn
	KioskAlerts      KioskScreen = "alerts"
	KioskLeaderboard KioskScreen = "leaderboard"
	KioskLoop        KioskScreen = "loop" // closing the loop: the cases and how soon they are done
	KioskWhy         KioskScreen = "why"  // what detractors talk about today
)

// KioskScreens are the screens, in their default order.
var KioskScreens = []KioskScreen{KioskOverview, KioskQueues, KioskAlerts, KioskLoop, KioskWhy, KioskLeaderboard}

// ParseKioskScreens reads a comma-separated list of screens.
func ParseKioskScreens(list string) ([]KioskScreen, error) {
	var out []KioskScreen
	for _, name := range strings.Split(list, ",") {
		s := KioskScreen(strings.TrimSpace(name))
		if !slices.Contains(KioskScreens, s) {
			return nil, fmt.Errorf("unknown screen %q: want overview, queues, alerts, loop, why or leaderboard", s)
		}
		out = append(out, s)
	}
	return out, nil
}

// wallScreen is one screen of the wallboard's rotation: the overview, a queue, the alerts, the
// leaderboard (one a file: wall_*.go). A wall screen is a comparable value: what a body shows
// is told by comparing them.
type wallScreen interface {
	title() string
	// body draws the screen in w×h cells; stale says the data is old, and is drawn faint.
	body(c *common, wl *wall, w, h int, stale bool) []string
}

// windowed is a wall screen whose figures cover a window of their own (the leaderboard's 30
// days, the loop's today): the header says that one, not the board's.
type windowed interface {
	windowOf(wl *wall, board model.Window) model.Window
}

func (wallLeaderboard) windowOf(wl *wall, _ model.Window) model.Window {
	return wl.opts.LeaderboardWindow
}
func (wallLoop) windowOf(*wall, model.Window) model.Window { return model.Today() }
func (wallWhy) windowOf(*wall, model.Window) model.Window  { return model.Today() }

// wall is the wallboard's state: where the rotation is, and when data last came.
type wall struct {
	opts     KioskOptions
	keys     *KeyMap
	at       int       // the position in the rotation
	shownAt  time.Time // when the screen at that position came up
	lastData time.Time // when responses last came (or the wall started)
	anyData  bool      // whether any came at all
	// The body as last drawn: on which screen, from which version of the board, and when.
	body    []string
	drawn   wallDrawn
	version uint64
	drawnAt time.Time
}

// wallDrawn is what a body shows: a screen of the rotation, at a size, stale or not.
type wallDrawn struct {
	screen wallScreen
	w, h   int
	stale  bool
}

func newWall(o KioskOptions, now time.Time, keys *KeyMap) *wall {
	if o.Rotate <= 0 {
		o.Rotate = 20 * time.Second
	}
	if o.Stale <= 0 {
		o.Stale = 3 * time.Minute
	}
	if len(o.Screens) == 0 {
		o.Screens = KioskScreens
	}
	if o.Leaderboard != model.ByTeam {
		o.Leaderboard = model.ByAgent
	}
	if o.LeaderboardWindow.IsZero() {
		o.LeaderboardWindow = DefaultAgentWindow
	}
	if o.RankWithin == "" {
		o.RankWithin = RankWithinQueue
	}
	if o.Unlock != "" {
		keys.Unlock = key.NewBinding(key.WithKeys(o.Unlock), key.WithHelp(o.Unlock, "unlock"))
	}
	return &wall{opts: o, keys: keys, shownAt: now, lastData: now}
}

// wallTick comes every second: the clock, the rotation and the data's age move on.
type wallTick struct{}

func wallTickCmd() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return wallTick{} })
}

// rotation is the screens in order, a queue screen for each queue.
func (wl *wall) rotation(b *Board) []wallScreen {
	var out []wallScreen
	for _, s := range wl.opts.Screens {
		switch s {
		case KioskOverview:
			out = append(out, wallOverview{})
		case KioskAlerts:
			out = append(out, wallAlerts{})
		case KioskLoop:
			out = append(out, wallLoop{})
		case KioskWhy:
			out = append(out, wallWhy{})
		case KioskLeaderboard:
			out = append(out, wl.leaderboards(b)...)
		case KioskQueues:
			for _, q := range wl.queues(b) {
				out = append(out, wallQueue{queue: q})
			}
		}
	}
	if len(out) == 0 { // queues only, and none yet
		out = append(out, wallOverview{})
	}
	return out
}

// queues are the queues the wall shows: --queues, else all, in order.
func (wl *wall) queues(b *Board) []string {
	if len(wl.opts.Queues) > 0 {
		return wl.opts.Queues
	}
	var queues []string
	for _, g := range b.Agg.Groups(model.ByQueue) {
		queues = append(queues, g.Queue)
	}
	slices.Sort(queues)
	return queues
}

// slot is the screen showing and the one after it, and how many the rotation has.
func (wl *wall) slot(b *Board) (now, next wallScreen, screens int) {
	rot := wl.rotation(b)
	wl.at = ((wl.at % len(rot)) + len(rot)) % len(rot)
	return rot[wl.at], rot[(wl.at+1)%len(rot)], len(rot)
}

// step moves the rotation by delta screens, now.
func (wl *wall) step(delta int, now time.Time) {
	wl.at += delta
	wl.shownAt = now
}

// ticked moves the rotation on when the screen has shown long enough.
func (wl *wall) ticked(now time.Time) {
	if now.Sub(wl.shownAt) >= wl.opts.Rotate {
		wl.step(1, now)
	}
}

// wallKey handles a key on the wallboard: nothing quits it or changes it but ctrl+c, the
// unlock key, and the arrows that step through the screens.
func (m *Model) wallKey(msg tea.KeyMsg) tea.Cmd {
	k, wl := m.keys, m.wall
	switch {
	case key.Matches(msg, k.WallQuit):
		return tea.Quit
	case key.Matches(msg, k.Unlock):
		m.wall = nil
		m.relayout()
		m.refresh(true)
	case key.Matches(msg, k.WallNext):
		wl.step(1, m.opts.Now())
	case key.Matches(msg, k.WallPrev):
		wl.step(-1, m.opts.Now())
	}
	return nil
}

// wallView draws the wallboard: a header with the clock and the data's age, a banner when the
// data is stale, the screen, and a line that fills as the next screen nears.
func (m *Model) wallView() string {
	w, h := m.width, m.height
	if w < MinWidth || h < MinHeight {
		return strings.Join(m.tooSmall(), "\n")
	}
	wl, st, now := m.wall, &m.st, m.opts.Now()
	cur, next, screens := wl.slot(m.board)
	silent := now.Sub(wl.lastData)
	stale := silent >= wl.opts.Stale
	lines := []string{m.wallHeader(cur, screens, now, silent)}
	if stale {
		lines = append(lines, st.Paused.Render(center(m.staleBanner(silent), w)))
	}
	bh := h - len(lines) - 1
	// Another screen is drawn at once; new figures on the same one at most once a second: a
	// busy feed updates five times a second, and a wall is read from across the room.
	drawn := wallDrawn{cur, w, bh, stale}
	since := now.Sub(wl.drawnAt)
	if drawn != wl.drawn || wl.version != m.board.version && (since >= time.Second || since < 0) {
		c := *m.common() // a copy: the wall draws the board as it is
		c.version, c.now = m.board.version, m.board.Now
		wl.body, wl.drawn, wl.version, wl.drawnAt = cur.body(&c, wl, w, bh, stale), drawn, m.board.version, now
	}
	lines = append(lines, wl.body...)
	lines = append(lines, m.wallProgress(now, next, w))
	return strings.Join(lines, "\n")
}

func (m *Model) wallHeader(cur wallScreen, screens int, now time.Time, silent time.Duration) string {
	st := &m.st
	left := st.Header.Render("npsboard") + "  " + st.Bold.Render(cur.title())
	if screens > 1 {
		left += st.Faint.Render(fmt.Sprintf("  %d/%d", m.wall.at+1, screens))
	}
	age := "data " + ago(silent)
	switch {
	case !m.wall.anyData:
		age = "no data yet"
	case m.status.State == Ended && !m.board.Now.IsZero():
		// A file read to its end: its figures are as of its newest response, not of when it
		// was read.
		age = "data up to " + asOf(m.board.Now.In(m.board.Loc), now.In(m.board.Loc))
	}
	clock := now.In(m.board.Loc).Format("15:04")
	source := m.status.Source + " • " + m.status.State.String()
	win := m.window
	if s, ok := cur.(windowed); ok {
		win = s.windowOf(m.wall, m.window)
	}
	right := firstFit(m.width-min(ansi.StringWidth(left), m.width/2)-2,
		win.String()+" │ "+age+" │ "+source+" │ "+clock,
		win.String()+" │ "+age+" │ "+clock,
		age+" │ "+clock, clock)
	return spread(left, " "+right, m.width)
}

// asOf names an instant for a wall: its time today, else its day and time.
func asOf(t, now time.Time) string {
	if t.Year() == now.Year() && t.YearDay() == now.YearDay() {
		return t.Format("15:04")
	}
	return t.Format("Mon 2 Jan 15:04")
}

// ago says a duration as a wallboard does: 40s ago, 12 min ago, 3 h ago.
func ago(d time.Duration) string {
	return durationIn(d, [4]string{"s", " min", " h", " days"}) + " ago"
}

// staleBanner says how long the data has been silent, and what the feed is doing about it.
func (m *Model) staleBanner(silent time.Duration) string {
	n := int(silent / time.Minute)
	var text string
	switch {
	case !m.wall.anyData:
		text = "NO DATA YET"
	case m.status.State == Ended && !m.board.Now.IsZero():
		// A finished file is not a silent feed: say when its data ends.
		return "THE FEED ENDED: ITS DATA RUNS TO " + strings.ToUpper(asOf(m.board.Now.In(m.board.Loc), m.opts.Now().In(m.board.Loc)))
	case n < 1:
		text = fmt.Sprintf("NO DATA FOR %d S", int(silent/time.Second))
	case n < 120:
		text = fmt.Sprintf("NO DATA FOR %d MIN", n)
	default:
		text = fmt.Sprintf("NO DATA FOR %d H", n/60)
	}
	switch m.status.State {
	case Retrying, Connecting:
		return text + " — reconnecting"
	case Ended:
		return text + " — the feed has ended"
	case Failed:
		return text + " — the feed failed: " + m.status.Err
	}
	return text + " — the figures below are from before"
}

// wallProgress is the bottom line: filled as the next screen nears, and what it will be.
func (m *Model) wallProgress(now time.Time, next wallScreen, w int) string {
	wl, st := m.wall, &m.st
	left := wl.opts.Rotate - now.Sub(wl.shownAt)
	label := fmt.Sprintf(" next: %s in %ds", next.title(), max(0, int((left+time.Second-1)/time.Second)))
	label = fit(label, min(ansi.StringWidth(label), w/2))
	bar := w - ansi.StringWidth(label)
	done := min(bar, max(0, int(float64(bar)*float64(now.Sub(wl.shownAt))/float64(wl.opts.Rotate))))
	return st.Title.Render(strings.Repeat("━", done)) + st.Faint.Render(strings.Repeat("─", bar-done)+label)
}

// wallTrend is a group's trend over the window, as large as the room allows.
func wallTrend(c *common, pts []model.TrendPoint, target float64, w, h int) []string {
	if h < 6 {
		return block(nil, w, h)
	}
	return drawTrend(c.st, pts, target, trendRange(pts, target, h), w, h, c.opts.Braille)
}
