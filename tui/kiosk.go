package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

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
	// LeaderboardWindow is the leaderboard's window: today when zero. An hour holds too few
	// responses an agent to rank anyone.
	LeaderboardWindow model.Window
	Unlock            string // the key that drops to the interactive dashboard; none when ""
}

// KioskScreen is one kind of screen of the rotation.
type KioskScreen string

const (
	KioskOverview    KioskScreen = "overview"
	KioskQueues      KioskScreen = "queues" // each queue in turn
	KioskAlerts      KioskScreen = "alerts"
	KioskLeaderboard KioskScreen = "leaderboard"
)

// KioskScreens are the screens, in their default order.
var KioskScreens = []KioskScreen{KioskOverview, KioskQueues, KioskAlerts, KioskLeaderboard}

// ParseKioskScreens reads a comma-separated list of screens.
func ParseKioskScreens(list string) ([]KioskScreen, error) {
	var out []KioskScreen
	for _, name := range strings.Split(list, ",") {
		s := KioskScreen(strings.TrimSpace(name))
		if !slices.Contains(KioskScreens, s) {
			return nil, fmt.Errorf("unknown screen %q: want overview, queues, alerts or leaderboard", s)
		}
		out = append(out, s)
	}
	return out, nil
}

// kiosk is the wallboard's state: where the rotation is, and when data last came.
type kiosk struct {
	opts     KioskOptions
	at       int       // the position in the rotation
	shownAt  time.Time // when the screen at that position came up
	lastData time.Time // when responses last came (or the wall started)
	anyData  bool      // whether any came at all
	// The body as last drawn: on which screen, from which version of the board, and when.
	body    []string
	drawn   kioskScreenOf
	version uint64
	drawnAt time.Time
}

// kioskScreenOf is what a body shows: a screen of the rotation, at a size, stale or not.
type kioskScreenOf struct {
	slot  kioskSlot
	w, h  int
	stale bool
}

// kioskSlot is one screen of the rotation: a kind, and for a queue screen, its queue.
type kioskSlot struct {
	screen KioskScreen
	queue  string
}

func (s kioskSlot) title() string {
	switch s.screen {
	case KioskOverview:
		return "Overview"
	case KioskQueues:
		return "Queue " + s.queue
	case KioskAlerts:
		return "Open alerts"
	}
	return "Leaderboard"
}

func newKiosk(o KioskOptions, now time.Time) *kiosk {
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
	if o.LeaderboardWindow == (model.Window{}) {
		o.LeaderboardWindow = model.Today()
	}
	return &kiosk{opts: o, shownAt: now, lastData: now}
}

// kioskTick comes every second: the clock, the rotation and the data's age move on.
type kioskTick struct{}

func kioskTickCmd() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return kioskTick{} })
}

// rotation is the screens in order, a queue screen for each queue.
func (m *Model) rotation() []kioskSlot {
	var out []kioskSlot
	for _, s := range m.kiosk.opts.Screens {
		if s != KioskQueues {
			out = append(out, kioskSlot{screen: s})
			continue
		}
		queues := m.kiosk.opts.Queues
		if len(queues) == 0 {
			for _, g := range m.board.Agg.Groups(model.ByQueue) {
				queues = append(queues, g.Queue)
			}
			slices.Sort(queues)
		}
		for _, q := range queues {
			out = append(out, kioskSlot{screen: KioskQueues, queue: q})
		}
	}
	if len(out) == 0 { // queues only, and none yet
		out = append(out, kioskSlot{screen: KioskOverview})
	}
	return out
}

// slot is the screen showing and the one after it, and how many the rotation has.
func (m *Model) slot() (now, next kioskSlot, screens int) {
	rot := m.rotation()
	k := m.kiosk
	k.at = ((k.at % len(rot)) + len(rot)) % len(rot)
	return rot[k.at], rot[(k.at+1)%len(rot)], len(rot)
}

// kioskStep moves the rotation by delta screens, now.
func (m *Model) kioskStep(delta int) {
	m.kiosk.at += delta
	m.slot() // brings the position back into the rotation
	m.kiosk.shownAt = m.opts.Now()
}

// kioskTicked moves the rotation on when the screen has shown long enough.
func (m *Model) kioskTicked() {
	k := m.kiosk
	if now := m.opts.Now(); now.Sub(k.shownAt) >= k.opts.Rotate {
		m.kioskStep(1)
	}
}

// kioskKey handles a key on the wallboard: nothing quits it or changes it but ctrl+c, the
// unlock key, and the arrows that step through the screens.
func (m *Model) kioskKeyPress(msg tea.KeyMsg) tea.Cmd {
	switch k := msg.String(); {
	case k == "ctrl+c":
		return tea.Quit
	case m.kiosk.opts.Unlock != "" && k == m.kiosk.opts.Unlock:
		m.kiosk = nil
		m.relayout()
		m.refresh(true)
	case k == "right" || k == "down":
		m.kioskStep(1)
	case k == "left" || k == "up":
		m.kioskStep(-1)
	}
	return nil
}

// kioskView draws the wallboard: a header with the clock and the data's age, a banner when
// the data is stale, the screen, and a line that fills as the next screen nears.
func (m *Model) kioskView() string {
	w, h := m.width, m.height
	if w < MinWidth || h < MinHeight {
		return strings.Join(m.tooSmall(), "\n")
	}
	k, st, now := m.kiosk, &m.st, m.opts.Now()
	cur, next, screens := m.slot()
	silent := now.Sub(k.lastData)
	stale := silent >= k.opts.Stale
	lines := []string{m.kioskHeader(cur, screens, now, silent)}
	if stale {
		lines = append(lines, st.Paused.Render(center(m.staleBanner(silent), w)))
	}
	bh := h - len(lines) - 1
	// Another screen is drawn at once; new figures on the same one at most once a second: a
	// busy feed updates five times a second, and a wall is read from across the room.
	screen := kioskScreenOf{cur, w, bh, stale}
	since := now.Sub(k.drawnAt)
	if screen != k.drawn || k.version != m.board.version && (since >= time.Second || since < 0) {
		k.body, k.drawn, k.version, k.drawnAt = m.kioskBody(cur, w, bh, stale), screen, m.board.version, now
	}
	lines = append(lines, k.body...)
	lines = append(lines, m.kioskProgress(now, next, w))
	return strings.Join(lines, "\n")
}

func (m *Model) kioskHeader(cur kioskSlot, screens int, now time.Time, silent time.Duration) string {
	st := &m.st
	left := st.Header.Render("npsboard") + "  " + st.Bold.Render(cur.title())
	if screens > 1 {
		left += st.Faint.Render(fmt.Sprintf("  %d/%d", m.kiosk.at+1, screens))
	}
	age := "data " + ago(silent)
	if !m.kiosk.anyData {
		age = "no data yet"
	}
	clock := now.In(m.board.Loc).Format("15:04")
	source := m.status.Source + " • " + m.status.State
	right := firstFit(m.width-min(ansi.StringWidth(left), m.width/2)-2,
		m.window.String()+" │ "+age+" │ "+source+" │ "+clock,
		m.window.String()+" │ "+age+" │ "+clock,
		age+" │ "+clock, clock)
	return spread(left, " "+right, m.width)
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
	case !m.kiosk.anyData:
		text = "NO DATA YET"
	case n < 1:
		text = fmt.Sprintf("NO DATA FOR %d S", int(silent/time.Second))
	case n < 120:
		text = fmt.Sprintf("NO DATA FOR %d MIN", n)
	default:
		text = fmt.Sprintf("NO DATA FOR %d H", n/60)
	}
	switch m.status.State {
	case "retrying", "connecting":
		return text + " — reconnecting"
	case "ended":
		return text + " — the feed has ended"
	case "failed":
		return text + " — the feed failed: " + m.status.Err
	}
	return text + " — the figures below are from before"
}

// kioskProgress is the bottom line: filled as the next screen nears, and what it will be.
func (m *Model) kioskProgress(now time.Time, next kioskSlot, w int) string {
	k, st := m.kiosk, &m.st
	left := k.opts.Rotate - now.Sub(k.shownAt)
	label := fmt.Sprintf(" next: %s in %ds", next.title(), max(0, int((left+time.Second-1)/time.Second)))
	label = fit(label, min(ansi.StringWidth(label), w/2))
	bar := w - ansi.StringWidth(label)
	done := min(bar, max(0, int(float64(bar)*float64(now.Sub(k.shownAt))/float64(k.opts.Rotate))))
	return st.Title.Render(strings.Repeat("━", done)) + st.Faint.Render(strings.Repeat("─", bar-done)+label)
}

// kioskBody draws the screen's body in w×h cells.
func (m *Model) kioskBody(s kioskSlot, w, h int, stale bool) []string {
	b := m.board
	switch s.screen {
	case KioskQueues:
		g := model.Group{Dim: model.ByQueue, Queue: s.queue}
		f := b.figures(g, m.window, 0)
		if w >= 120 {
			bw := w * 9 / 20
			pts, _ := b.trend(g, m.window, max((w-bw)/2, 2))
			return joinColumns(m.bigFigure(&f, "Queue "+s.queue, bw, h, stale), m.kioskTrend(pts, b.TargetOf(s.queue), w-bw, h))
		}
		top := min(h, max(h*3/5, 6))
		pts, _ := b.trend(g, m.window, max(w/2, 2))
		return append(m.bigFigure(&f, "Queue "+s.queue, w, top, stale), m.kioskTrend(pts, b.TargetOf(s.queue), w, h-top)...)
	case KioskAlerts:
		return m.kioskAlerts(w, h)
	case KioskLeaderboard:
		return m.leaderboard(w, h)
	}
	f := b.figures(model.Group{Dim: model.Overall}, m.window, 0)
	var rows []model.Figures
	for _, g := range b.Agg.Groups(model.ByQueue) {
		if len(m.kiosk.opts.Queues) == 0 || slices.Contains(m.kiosk.opts.Queues, g.Queue) {
			rows = append(rows, b.figures(g, m.window, 0))
		}
	}
	slices.SortStableFunc(rows, func(a, b model.Figures) int {
		return cmp.Or(cmp.Compare(rank(&a), rank(&b)), cmp.Compare(a.NPS, b.NPS), cmp.Compare(nameOf(a), nameOf(b)))
	})
	if w >= 120 {
		// The figure on the left; on the right the queues, and under them the trend.
		bw, rw := w/2, w-w/2
		qh := min(len(rows)+2, h)
		right := block(m.queueBoard(rows, rw-2, qh, stale), rw, qh)
		if th := h - qh - 1; th >= 8 {
			pts, _ := b.trend(model.Group{Dim: model.Overall}, m.window, max(rw/2, 2))
			right = append(append(right, block(nil, rw, 1)...), m.kioskTrend(pts, b.TargetOf(""), rw, th)...)
		}
		return joinColumns(m.bigFigure(&f, "All queues", bw, h, stale), block(right, rw, h))
	}
	// The queues take the rows they need, up to half; the figure the rest.
	top := h - min(len(rows)+2, h/2)
	return append(m.bigFigure(&f, "All queues", w, top, stale), m.queueBoard(rows, w, h-top, stale)...)
}

// bigFigure is a group's NPS as large as w×h allows, centred, with where it stands against the
// target in words, its interval and its count. Too few responses show no number at all.
func (m *Model) bigFigure(f *model.Figures, name string, w, h int, stale bool) []string {
	st := &m.st
	target := m.board.TargetOf(f.Group.Queue)
	title := st.Bold.Render(name) + st.Faint.Render(" · "+windowPhrase(m.window))
	var word string
	var paint paint
	switch f.Standing {
	case model.OnTarget:
		word, paint = "√ ON TARGET "+signed(target), st.Promoter
	case model.NearTarget:
		word, paint = "≈ NEAR TARGET "+signed(target), st.Alert
	case model.BelowTarget:
		word, paint = "▼ BELOW TARGET "+signed(target), st.Detractor
	case model.TooFew:
		word, paint = "· TOO FEW RESPONSES TO TELL", st.Faint
	default:
		word, paint = "NO RESPONSES", st.Faint
	}
	detail := ""
	if f.HasNPS {
		detail = plusMinus(f.CI.HalfWidth()) + " (95%) · " + count(f.Stat.Responses(), "response")
		if f.HasChange {
			s, _ := st.change(f)
			detail += " · " + s + " vs " + previousPhrase(m.window)
		}
	}
	if stale {
		paint = st.Faint
		word = "STALE · " + word
	}
	lines := []string{center(title, w)}
	score := signed(f.NPS)
	room := h - 4 // the title, the word, the detail, a blank
	// Two thirds of the room at most: the word that says where it stands must carry too.
	if scale := bigScale(score, w-2, max(3, room*2/3)); f.HasNPS && f.Standing != model.TooFew && scale > 0 {
		pad := (room - bigHeight(scale)) / 2
		for range pad {
			lines = append(lines, "")
		}
		for _, l := range bigTextScaled(score, scale) {
			lines = append(lines, paint.Render(center(l, w)))
		}
	} else if f.HasNPS && f.Standing != model.TooFew {
		lines = append(lines, paint.Render(center("NPS "+score, w)))
	}
	if len(lines) < h-2 {
		lines = append(lines, "")
	}
	lines = append(lines, paint.Render(center(word, w)), st.Faint.Render(center(detail, w)))
	return block(lines, w, h)
}

// queueBoard lists queues worst first, a line each, with a glyph and a word for their status.
func (m *Model) queueBoard(rows []model.Figures, w, h int, stale bool) []string {
	st := &m.st
	if h <= 0 {
		return nil
	}
	nameW := min(28, max(10, w-36))
	lines := []string{st.Faint.Render(fit(fmt.Sprintf("  %-*s %6s %5s %8s  %s", nameW, "QUEUE", "NPS", "±", "N", "TARGET"), w))}
	for i, f := range rows {
		if len(lines) == h-1 && len(rows)-i > 1 {
			lines = append(lines, st.Faint.Render(fmt.Sprintf("  + %d more queues", len(rows)-i)))
			break
		}
		if len(lines) >= h {
			break
		}
		word, paint := st.status(f.Standing)
		if stale {
			paint = st.Faint
		}
		score := "   few"
		if !f.HasNPS {
			score = "     –"
		} else if f.Standing != model.TooFew {
			score = fmt.Sprintf("%6s", signed(f.NPS))
		}
		lines = append(lines, fit("  "+fit(f.Group.Queue, nameW)+" "+paint.Render(score)+
			fmt.Sprintf(" %5s %8s  ", plusMinus(f.CI.HalfWidth()), thousands(f.Stat.Responses()))+paint.Render(word), w))
	}
	return block(lines, w, h)
}

// kioskTrend is a group's trend over the window, as large as the room allows.
func (m *Model) kioskTrend(pts []model.TrendPoint, target float64, w, h int) []string {
	if h < 6 {
		return block(nil, w, h)
	}
	lo, hi := trendRange(pts, target, h)
	return drawTrend(&m.st, pts, target, lo, hi, w, h, m.opts.Braille)
}

// kioskAlerts shows how many alerts are open, by severity, and the most urgent of them.
func (m *Model) kioskAlerts(w, h int) []string {
	st, b := &m.st, m.board
	bySev, overdue := b.Alerts.OpenCounts(b.Now)
	open := bySev[0] + bySev[1] + bySev[2]
	n := fmt.Sprint(open)
	var lines []string
	top := min(h/3, 12)
	if scale := bigScale(n, w-2, top-1); scale > 0 {
		paint := st.Promoter
		if bySev[model.High] > 0 || overdue > 0 {
			paint = st.Detractor
		}
		for _, l := range bigTextScaled(n, scale) {
			lines = append(lines, paint.Render(center(l, w)))
		}
	}
	n64 := func(n int) string { return thousands(int64(n)) }
	summary := n64(open) + " open · " + n64(bySev[model.High]) + " high · " + n64(bySev[model.Medium]) + " medium · " +
		n64(bySev[model.Low]) + " low · " + n64(overdue) + " overdue"
	lines = append(lines, center(summary, w), "")
	list := alertList{items: b.Alerts.List(model.FilterOpen, "", b.Now), sel: -1}
	rest := h - len(lines)
	if rest > 1 {
		rows := list.view(st, b.Now, w, rest, false)
		lines = append(lines, rows...)
	}
	return block(lines, w, h)
}

// leaderboard ranks agents (or teams) by the low end of their 95 % interval: a lucky few
// answers never top it. Those with too few responses to tell are listed apart.
func (m *Model) leaderboard(w, h int) []string {
	st, b := &m.st, m.board
	dim := m.kiosk.opts.Leaderboard
	var ranked, few []model.Figures
	for _, g := range b.Agg.Groups(dim) {
		if q := m.kiosk.opts.Queues; len(q) > 0 && dim == model.ByAgent && !slices.Contains(q, g.Queue) {
			continue
		}
		f := b.figures(g, m.kiosk.opts.LeaderboardWindow, 0)
		switch {
		case !f.HasNPS:
		case f.Noisy():
			few = append(few, f)
		default:
			ranked = append(ranked, f)
		}
	}
	slices.SortFunc(ranked, func(a, b model.Figures) int {
		return cmp.Or(-cmp.Compare(a.CI.Lo, b.CI.Lo), -cmp.Compare(a.Stat.Responses(), b.Stat.Responses()), cmp.Compare(nameOf(a), nameOf(b)))
	})
	slices.SortFunc(few, func(a, b model.Figures) int { return cmp.Compare(nameOf(a), nameOf(b)) })
	who := map[model.Dim]string{model.ByAgent: "agents", model.ByTeam: "teams"}[dim]
	lines := []string{center(st.Bold.Render("Best "+who)+st.Faint.Render(" · "+windowPhrase(m.kiosk.opts.LeaderboardWindow)+" · ranked by the low end of the 95% interval"), w), ""}
	nameW := min(24, max(10, w/4))
	queueW := 0
	if dim == model.ByAgent && w >= 100 {
		queueW = min(16, w/8)
	}
	col := func(s string, n int) string {
		if n == 0 {
			return ""
		}
		return fit(s, n) + " "
	}
	lines = append(lines, st.Faint.Render(fit(fmt.Sprintf("  %4s %s%s%6s %5s %9s %7s", "#", col("NAME", nameW), col("QUEUE", queueW), "NPS", "±", "AT LEAST", "N"), w)))
	fewRows := 0
	if len(few) > 0 {
		fewRows = min(3, max(1, (h-len(lines))/4)) + 1
	}
	for i, f := range ranked {
		if len(lines) >= h-fewRows {
			break
		}
		_, paint := st.status(f.Standing)
		lines = append(lines, fit(fmt.Sprintf("  %4d %s%s", i+1, col(nameOf(f), nameW), col(f.Group.Queue, queueW))+
			paint.Render(fmt.Sprintf("%6s", signed(f.NPS)))+fmt.Sprintf(" %5s %9s %7s", plusMinus(f.CI.HalfWidth()), signed(f.CI.Lo), thousands(f.Stat.Responses())), w))
	}
	if len(ranked) == 0 {
		lines = append(lines, st.Faint.Render("  nobody has enough responses yet to be ranked"))
	}
	if len(few) > 0 && len(lines) < h {
		lines = append(lines, block(nil, w, max(0, h-fewRows-len(lines)))...)
		lines = append(lines, st.Faint.Render(fit(fmt.Sprintf("Not enough responses yet (%d):", len(few)), w)))
		var names []string
		for _, f := range few {
			names = append(names, fmt.Sprintf("%s (%d)", nameOf(f), f.Stat.Responses()))
		}
		lines = append(lines, packNames(names, w, h-len(lines))...)
	}
	return block(lines, w, h)
}

// packNames sets names in lines of w cells, at most rows of them; what does not fit is counted
// at the end.
func packNames(names []string, w, rows int) []string {
	var lines []string
	line := ""
	for i, n := range names {
		add := n
		if line != "" {
			add = " · " + n
		}
		if ansi.StringWidth(line+add) > w-2 {
			if len(lines) == rows-1 {
				more := fmt.Sprintf(" · +%d more", len(names)-i)
				return append(lines, "  "+fit(line, w-2-ansi.StringWidth(more))+more)
			}
			lines = append(lines, "  "+line)
			line = n
			continue
		}
		line += add
	}
	if line != "" && len(lines) < rows {
		lines = append(lines, "  "+line)
	}
	return lines
}
