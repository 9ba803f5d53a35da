// Package tui is npsboard's dashboard: bubbletea views of a read-only board of figures, and
// keys turned into intentions. It knows no file or socket: updates come on a channel.
//
// The root Model holds a stack of screens (screen.go; a screen a file: screen_*.go), the
// header, the footer, the prompt and the wallboard's rotation (wall.go; its screens in
// wall_*.go). Screens draw with the parts in the other files: tables, lists, the summary, the
// trend, boxes and text.
package tui

import (
	"cmp"
	"fmt"
	"github.com/npsboard/npsboard/model/themes"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/model"
)

// Options configure the dashboard.
type Options struct {
	Window model.Window // the window of queues (and the floor) shown first; 1h when zero
	// AgentWindow is the window of agents shown first; 30d when zero. An agent gets one or two
	// answers an hour: a figure of theirs needs weeks.
	AgentWindow model.Window
	Theme       Theme          // colours
	Braille     bool           // draw the trend in braille (finer, but not on the Linux console)
	Location    *time.Location // the display time zone
	KeepAll     bool           // keep every minute bucket (tests, a small file); else model.Tiered

	// Alerts are the alerts and their rules (with the queues' targets), as restored from the
	// state journal; new ones under the default rules when nil.
	Alerts *model.Alerts
	User   string // who the supervisor is, for actions and the "mine" filter
	// Record keeps changes to the alerts (raised, cleared, acted on): the state journal, and a
	// relay for the actions. It must not block.
	Record func([]model.AlertEvent)
	// Journal is where the alerts are kept, as the supervisor should read it (~ for home);
	// "" when they are not kept (the demo).
	Journal string
	Bell    func() // rings for a new high alert; none when nil
	// Copy puts text on the clipboard of the supervisor's terminal (OSC 52); y is the only key
	// that calls it. None when nil.
	Copy func(text string)
	Now  func() time.Time // the clock of actions and of the wallboard; time.Now when nil

	// Kiosk, when set, starts the dashboard as a wallboard.
	Kiosk *KioskOptions

	// Analyzer cuts comments into words for the themes (English when nil); Topics are the
	// config's topics (none when nil).
	Analyzer *themes.Analyzer
	Topics   *themes.Topics
}

func newBoardOf(o Options) *Board {
	b := NewBoard(o.Location, o.Alerts, o.KeepAll)
	b.SetThemes(o.Analyzer, o.Topics)
	return b
}

// queueWindows are what the window key cycles through for queues and the floor; agentWindows,
// for agents: a queue has a few dozen answers an hour, an agent one or two.
var (
	queueWindows = []model.Window{model.Last(15 * time.Minute), model.Last(time.Hour), model.Last(4 * time.Hour), model.Today(),
		model.Yesterday(), model.ThisWeek(), model.Last(7 * 24 * time.Hour), model.Last(30 * 24 * time.Hour), model.ThisMonth(), model.AllTime()}
	agentWindows = []model.Window{model.Today(), model.Yesterday(), model.ThisWeek(), model.Last(7 * 24 * time.Hour),
		model.Last(30 * 24 * time.Hour), model.ThisMonth(), model.AllTime()}
)

// Defaults of the windows, by level.
var (
	DefaultWindow      = model.Last(time.Hour)
	DefaultAgentWindow = model.Last(30 * 24 * time.Hour)
)

// Model is the dashboard.
type Model struct {
	opts    Options
	st      Styles
	keys    KeyMap
	help    help.Model
	board   *Board
	updates <-chan Update
	status  Status       // the source's latest status, shown even while paused
	window  model.Window // of queues and the floor
	agentW  model.Window // of agents
	sort    sortKey
	stack   []screen
	layout  Layout
	width   int
	height  int

	// While paused the board goes on taking updates (figures, alerts, the journal, the bell),
	// and the screens show what they showed: they refresh from the version they had.
	paused     bool
	shown      uint64    // the board's version the screens show
	shownAt    time.Time // and its instant
	sincePause int       // responses taken while paused

	filtering bool
	prompting *prompt // the action whose owner or note is being typed
	cutting   bool    // a cutTick is on its way
	finding   bool    // a command is finding thresholds (findApart)
	input     textinput.Model

	// body is the screen between header and footer as last drawn. bubbletea calls View after
	// every message; most change nothing below the header, so the body is drawn again only
	// when stale is set: by new figures, a key, the mouse or a resize.
	body  []string
	stale bool

	saving string // why actions are not being kept or shared, if they are not
	flash  string // what the last key did, said in the footer until the next key
	wall   *wall  // the wallboard, while it is one
	// unkept counts the actions taken here that no journal keeps (the demo's); quitting asks
	// once when there are some, so that they are not lost by a stray q.
	unkept   int
	quitting bool // q was pressed once with actions unkept: the next q quits
	// layoutRows is the rows of the top screen's table the layout was made for: a queue that
	// comes or goes lays the screen out again.
	layoutRows int

	ctx common // what the top screen reads: made once, brought up to date when handed over
}

// SavingMsg tells the dashboard whether actions on alerts are being kept: the text says why
// not, and stays in the footer until an empty one comes.
type SavingMsg string

// NoticeMsg is news of the person's own action from elsewhere, such as another supervisor who
// acted on the same case a moment before: said in the footer until the next key.
type NoticeMsg string

// defaultRules are the rules of a dashboard given no alerts; the screens' tests, whose fixture
// holds hours, not the weeks the worsening detector learns from, take the rules of windows.
var defaultRules = model.DefaultRules

// New makes a dashboard fed by updates.
func New(updates <-chan Update, o Options) *Model {
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.Alerts == nil {
		o.Alerts = model.NewAlerts(defaultRules())
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.User == "" {
		o.User = "supervisor"
	}
	if o.Record == nil {
		o.Record = func([]model.AlertEvent) {}
	}
	if o.Window.IsZero() {
		o.Window = DefaultWindow
	}
	if o.AgentWindow.IsZero() {
		o.AgentWindow = DefaultAgentWindow
	}
	in := textinput.New()
	in.CharLimit = 200
	m := &Model{
		opts:    o,
		st:      NewStyles(o.Theme),
		keys:    NewKeyMap(),
		help:    help.New(),
		board:   newBoardOf(o),
		updates: updates,
		window:  o.Window,
		agentW:  o.AgentWindow,
		stack:   []screen{newOverview()},
		input:   in,
	}
	m.help.ShortSeparator = " · "
	m.help.Styles = m.st.help
	m.ctx = common{st: &m.st, keys: &m.keys, board: m.board, opts: &m.opts, open: m.push, close: m.back, ask: m.startPrompt, act: m.act}
	if o.Kiosk != nil {
		m.wall = newWall(*o.Kiosk, o.Now(), &m.keys)
	}
	return m
}

// closedMsg says the feed will send no more updates.
type closedMsg struct{}

// wait receives the next update from the feed: one command at a time, re-armed after each
// update, so the dashboard never runs goroutines of its own nor blocks on the feed.
func (m *Model) wait() tea.Cmd {
	return func() tea.Msg {
		u, ok := <-m.updates
		if !ok {
			return closedMsg{}
		}
		return u
	}
}

func (m *Model) Init() tea.Cmd {
	if m.wall != nil {
		return tea.Batch(m.wait(), wallTickCmd())
	}
	return m.wait()
}

func (m *Model) top() screen { return m.stack[len(m.stack)-1] }

// common is the context the top screen reads, and what it may ask of the root. It is made
// once: a frame hands it over without allocating.
func (m *Model) common() *common {
	c := &m.ctx
	c.window, c.agentWindow, c.sort, c.layout, c.depth, c.version, c.now = m.window, m.agentW, m.sort, m.layout, len(m.stack), m.shown, m.shownAt
	return c
}

func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := m.update(msg)
	if find := m.findApart(); find != nil {
		cmd = tea.Batch(cmd, find)
	}
	return m, cmd
}

// thresholdsFound are thresholds of the worsening detector, found apart.
type thresholdsFound []model.Threshold

// findPerCmd is how many thresholds one command finds (a few to a hundred milliseconds of one
// core) before it gives them back: a thousand queues opening are judged as their plans come.
const findPerCmd = 8

// findApart finds the thresholds the worsening detector waits for in a command of its own, on
// bubbletea's goroutine for it, one command at a time: an update or a page that needs one only
// asks for it (model.Alerts.FindApart).
func (m *Model) findApart() tea.Cmd {
	if m.finding {
		return nil
	}
	jobs := m.board.Alerts.ThresholdsWanted(findPerCmd)
	if len(jobs) == 0 {
		return nil
	}
	m.finding = true
	return func() tea.Msg {
		found := make(thresholdsFound, len(jobs))
		for i, j := range jobs {
			found[i] = j.Find()
		}
		return found
	}
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg.(type) {
	case Update, closedMsg, cutTick, thresholdsFound:
	default:
		m.stale = true // input and resizes may change anything on screen
	}
	switch msg := msg.(type) {
	case wallTick:
		if m.wall == nil {
			return m, nil // unlocked: the ticks stop
		}
		m.wall.ticked(m.opts.Now())
		return m, wallTickCmd()
	case Update:
		m.status = msg.Status
		if m.wall != nil && len(msg.Responses) > 0 {
			m.wall.lastData, m.wall.anyData = m.opts.Now(), true
		}
		m.apply(&msg)
		if m.paused {
			m.sincePause += len(msg.Responses)
		} else {
			m.refresh(false)
		}
		return m, tea.Batch(m.wait(), m.cutLater())
	case thresholdsFound:
		m.finding = false
		m.keep(m.board.Found(msg))
		m.refresh(false)
		return m, nil
	case cutTick:
		m.cutting = false
		if waiting, _ := m.board.Cutting(); waiting > 0 {
			m.board.cut(cutPerTick)
			m.board.version++ // the why pane reads further
			m.refresh(false)
		}
		return m, m.cutLater()
	case closedMsg:
		return m, nil
	case SavingMsg:
		m.saving = string(msg)
		return m, nil
	case NoticeMsg:
		m.flash = string(msg)
		return m, nil
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.relayout()
		m.refresh(true)
		return m, nil
	case tea.MouseMsg:
		if m.wall == nil && !m.layout.TooSmall && !m.filtering {
			m.top().mouse(m.common(), msg)
		}
		return m, nil
	case tea.KeyMsg:
		if m.wall != nil {
			return m, m.wallKey(msg)
		}
		return m, m.key(msg)
	}
	return m, nil
}

// cutTick comes while comments wait to be cut into terms, a tenth of a second apart: a month of
// history is read for the why pane in the seconds after it loads, a few milliseconds a frame.
type cutTick struct{}

// cutPerTick is how many waiting comments a tick cuts (about 5 ms).
const cutPerTick = 5000

// cutLater asks for a cutTick when comments wait and none is asked for yet.
func (m *Model) cutLater() tea.Cmd {
	if waiting, _ := m.board.Cutting(); waiting == 0 || m.cutting {
		return nil
	}
	m.cutting = true
	return tea.Tick(100*time.Millisecond, func(time.Time) tea.Msg { return cutTick{} })
}

// apply takes an update into the board, keeps the changes to the alerts, and rings for a new
// high alert (raised in the last few minutes: a backlog rings nothing).
func (m *Model) apply(u *Update) { m.keep(m.board.Apply(u)) }

// keep keeps the changes to the alerts, and rings for a new high alert.
func (m *Model) keep(events []model.AlertEvent) {
	if len(events) == 0 {
		return
	}
	m.opts.Record(events)
	if m.opts.Bell == nil {
		return
	}
	for _, e := range events {
		if a := e.Raised; a != nil && a.Severity == model.High && m.board.Now.Sub(a.RaisedAt) < 5*time.Minute {
			m.opts.Bell()
			return
		}
	}
}

// act does something to an alert: here at once, and kept (and shared) by Record.
func (m *Model) act(kind model.ActionKind, alertID, owner, note, outcome string) {
	at := m.opts.Now()
	if m.status.OwnClock && !m.board.Now.IsZero() {
		at = m.board.Now // a replay's time, as its cases'
	}
	a := model.Action{Kind: kind, Alert: alertID, By: m.opts.User, At: model.Instant(at), Owner: owner, Note: note, Outcome: outcome}
	if a.Check() != nil {
		return
	}
	if a, changed := m.board.Alerts.Do(a); changed {
		m.opts.Record([]model.AlertEvent{{Action: &a}})
		if m.opts.Journal == "" {
			m.unkept++
		}
	}
	m.board.version++
	m.refresh(true)
}

// push opens a screen on top of the stack.
func (m *Model) push(s screen) {
	m.stack = append(m.stack, s)
	m.relayout()
	m.refresh(true)
}

// relayout places the panes of the top screen; on a resize or a change of screen only.
func (m *Model) relayout() {
	m.layoutRows = 0
	if r, ok := m.top().(interface{ rowsWanted() int }); ok {
		m.layoutRows = r.rowsWanted()
	}
	m.layout = computeLayout(m.width, m.height, m.top().shape(), m.layoutRows)
	m.help.Width = m.width
}

// refresh has the top screen compute what it shows again, when the board has changed since,
// or when asked (the window, order, filter or size changed). While paused, only when asked.
func (m *Model) refresh(force bool) {
	if m.wall != nil {
		return // the wallboard draws from the board itself
	}
	if !m.paused || force {
		m.shown, m.shownAt = m.board.version, m.board.Now
	}
	s := m.top()
	if v, ok := s.(interface{ stale(*common, bool) bool }); ok && !v.stale(m.common(), force) {
		return
	}
	s.refresh(m.common())
	if r, ok := s.(interface{ rowsWanted() int }); ok && r.rowsWanted() != m.layoutRows {
		m.relayout()
		s.refresh(m.common()) // it draws to its new panes
	}
	m.stale = true
}

// back clears the top screen's filter, or closes it.
func (m *Model) back() {
	if f, ok := m.top().(filtering); ok && f.filter() != "" {
		f.setFilter("")
		m.refresh(true)
		return
	}
	if len(m.stack) > 1 {
		m.stack = m.stack[:len(m.stack)-1]
		m.relayout()
		m.refresh(true)
	}
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	m.flash = ""
	asked := m.quitting
	m.quitting = false
	switch {
	case m.filtering:
		return m.filterKey(msg)
	case m.prompting != nil:
		return m.promptKey(msg)
	case key.Matches(msg, k.Quit):
		if m.unkept > 0 && !asked && msg.String() != "ctrl+c" {
			m.quitting = true
			m.flash = count(int64(m.unkept), "action") + " kept nowhere (no --state): q again quits, another key stays"
			return nil
		}
		return tea.Quit
	}
	s := m.top()
	if _, ok := s.(*helpScreen); ok { // the help takes no key but its own
		switch {
		case key.Matches(msg, k.Help, k.Back):
			m.back()
		case key.Matches(msg, k.Up):
			s.move(m.common(), -1)
		case key.Matches(msg, k.Down):
			s.move(m.common(), 1)
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Help):
		m.push(&helpScreen{})
	case key.Matches(msg, k.Back):
		m.back()
	case key.Matches(msg, k.Window):
		if o, ok := s.(ownsWindow); ok { // a screen with windows of its own (the loop's, in days)
			o.nextWindow()
			m.refresh(true)
			return nil
		}
		m.window = nextWindow(m.window, queueWindows)
		m.refresh(true)
	case key.Matches(msg, k.AgentWindow):
		m.agentW = nextWindow(m.agentW, agentWindows)
		m.refresh(true)
	case key.Matches(msg, k.Sort):
		m.sort = (m.sort + 1) % 3
		m.refresh(true)
	case key.Matches(msg, k.Pause):
		m.togglePause()
	case key.Matches(msg, k.Copy):
		m.copySelection(s)
	case key.Matches(msg, k.Filter):
		if f, ok := s.(filtering); ok {
			m.filtering = true
			m.input.Prompt, m.input.Placeholder = "/ ", "part of a name"
			m.input.SetValue(f.filter())
			m.input.CursorEnd()
			return m.input.Focus()
		}
	case key.Matches(msg, k.Coaching):
		if _, ok := s.(*coachingScreen); !ok {
			m.push(newCoaching())
		}
	case key.Matches(msg, k.Loop):
		if _, ok := s.(*loopScreen); !ok {
			m.push(newLoop())
		}
	case key.Matches(msg, k.Why):
		// The group of the page it is opened on: the floor, a queue, an agent.
		g := model.Group{Dim: model.Overall}
		switch p := s.(type) {
		case *whyScreen:
			return nil
		case *queueScreen:
			g = p.group
		case *agentScreen:
			g = p.group
		}
		m.push(newWhy(g))
	case key.Matches(msg, k.Alerts):
		if _, ok := s.(*alertsScreen); ok {
			return nil
		}
		next := newAlerts()
		// From a detractor in a list: the case it opened or joined, whatever its state.
		if sr, ok := s.(showingResponses); ok {
			if r, ok := sr.selectedResponse(); ok {
				if a, ok := m.board.Alerts.CaseOf(&r); ok {
					next = alertsOf(a)
				}
			}
		}
		m.push(next)
	case key.Matches(msg, k.Up):
		s.move(m.common(), -1)
	case key.Matches(msg, k.Down):
		s.move(m.common(), 1)
	case key.Matches(msg, k.PageUp):
		s.move(m.common(), -m.pageSize())
	case key.Matches(msg, k.PageDown):
		s.move(m.common(), m.pageSize())
	case key.Matches(msg, k.Home):
		s.move(m.common(), -1<<30)
	case key.Matches(msg, k.End):
		s.move(m.common(), 1<<30)
	case key.Matches(msg, k.Ack, k.Assign, k.Resolve, k.Reopen) && !isAlerts(s):
		// On a response (its page, an agent's list, the latest detractors): its case.
		sr, ok := s.(showingResponses)
		if !ok {
			return s.key(m.common(), msg)
		}
		r, ok := sr.selectedResponse()
		if !ok {
			return nil
		}
		if a, ok := m.board.Alerts.CaseOf(&r); ok {
			actOn(m.common(), a, msg)
		} else {
			m.flash = "this response has no case: " + noCaseWhy(&r, m.board.Alerts)
		}
	default:
		return s.key(m.common(), msg)
	}
	return nil
}

// copySelection puts the selection's customer on the clipboard (who is called back), or its
// id when it names no customer, and says in the footer what was copied.
func (m *Model) copySelection(s screen) {
	text, what := "", ""
	if sr, ok := s.(showingResponses); ok {
		if r, ok := sr.selectedResponse(); ok {
			text, what = r.ID, "response"
			if r.Customer != "" {
				text, what = r.Customer, "customer"
			}
		}
	}
	if as, ok := s.(*alertsScreen); ok && text == "" {
		if a, ok := as.list.selected(); ok {
			text, what = a.ID, "alert"
		}
	}
	switch {
	case text == "":
		m.flash = "nothing to copy: select a response or an alert"
	case m.opts.Copy == nil:
		m.flash = "this terminal cannot be copied to"
	default:
		m.opts.Copy(text)
		m.flash = "copied " + what + " " + text
	}
}

// startPrompt asks for a line of text for an action on an alert, in the footer.
func (m *Model) startPrompt(p prompt) {
	m.prompting = &p
	m.input.Prompt, m.input.Placeholder = p.label, p.hint
	m.input.SetValue("")
	m.input.CursorEnd()
	m.input.Focus()
}

// promptKey edits an owner's name or a resolution's note, after its outcome; enter acts, esc
// gives up.
func (m *Model) promptKey(msg tea.KeyMsg) tea.Cmd {
	if p := m.prompting; len(p.outcomes) > 0 && p.outcome == "" {
		// Resolving says what came of it, from the floor's list: without it the loop is not
		// closed, and its figures cannot count it.
		switch msg.Type {
		case tea.KeyEsc:
			m.prompting = nil
			m.input.Blur()
		case tea.KeyCtrlC:
			return tea.Quit
		case tea.KeyRunes:
			if i := int(msg.Runes[0] - '1'); len(msg.Runes) == 1 && i >= 0 && i < len(p.outcomes) {
				p.outcome, p.refused = p.outcomes[i], false
				return nil
			}
			p.refused = true
		default:
			p.refused = true
		}
		return nil
	}
	switch msg.Type {
	case tea.KeyEnter:
		v := strings.TrimSpace(m.input.Value())
		p := *m.prompting
		m.prompting = nil
		m.input.Blur()
		if p.kind == model.ActAssign {
			m.act(p.kind, p.alert, cmp.Or(v, m.opts.User), "", "")
		} else {
			m.act(p.kind, p.alert, "", v, p.outcome)
		}
		return nil
	case tea.KeyEsc:
		m.prompting = nil
		m.input.Blur()
		return nil
	case tea.KeyCtrlC:
		return tea.Quit
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return cmd
}

// filterKey edits the filter of the screen's table as it is typed; enter keeps it, esc drops it.
func (m *Model) filterKey(msg tea.KeyMsg) tea.Cmd {
	f, _ := m.top().(filtering)
	switch msg.Type {
	case tea.KeyEnter:
		m.filtering = false
		m.input.Blur()
		return nil
	case tea.KeyEsc:
		m.filtering = false
		m.input.Blur()
		if f != nil {
			f.setFilter("")
		}
		m.refresh(true)
		return nil
	case tea.KeyCtrlC:
		return tea.Quit
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if v := m.input.Value(); f != nil && v != f.filter() {
		f.setFilter(v)
		m.refresh(true)
	}
	return cmd
}

func (m *Model) togglePause() {
	m.paused = !m.paused
	m.sincePause = 0
	if !m.paused {
		m.refresh(true)
	}
}

// pageSize is how far page up and page down move: a screenful of the main pane's rows.
func (m *Model) pageSize() int { return max(1, m.layout.Main.Inner().H-1) }

// nextWindow is the window after w in the cycle; the first when w is not in it (a window
// given by a flag or the config).
func nextWindow(w model.Window, cycle []model.Window) model.Window {
	for i, x := range cycle {
		if x == w {
			return cycle[(i+1)%len(cycle)]
		}
	}
	return cycle[0]
}

// View draws the whole screen: exactly its height in lines, each exactly its width.
func (m *Model) View() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if m.wall != nil {
		return m.wallView()
	}
	if m.layout.TooSmall {
		return strings.Join(m.tooSmall(), "\n")
	}
	if m.stale || len(m.body) != m.layout.Body.H {
		m.body = m.drawBody()
		m.stale = false
	}
	var b strings.Builder
	b.WriteString(m.header())
	for _, line := range m.body {
		b.WriteByte('\n')
		b.WriteString(line)
	}
	b.WriteByte('\n')
	b.WriteString(m.footer())
	return b.String()
}

// drawBody draws the lines between header and footer: the panes tile the body, each row is the
// pane lines that cover it, left to right.
func (m *Model) drawBody() []string {
	body := make([][]string, m.layout.Body.H)
	panes := m.top().view(m.common())
	for y := range body {
		for _, pv := range panes {
			if i := y + m.layout.Body.Y - pv.r.Y; i >= 0 && i < len(pv.lines) && pv.r.H > 0 {
				body[y] = append(body[y], pv.lines[i])
			}
		}
	}
	out := make([]string, len(body))
	for i, parts := range body {
		out[i] = fit(strings.Join(parts, ""), m.width)
	}
	return out
}

func (m *Model) tooSmall() []string {
	lines := []string{
		m.st.Alert.Render("terminal too small"),
		fmt.Sprintf("need %d×%d, have %d×%d", MinWidth, MinHeight, m.width, m.height),
		m.st.Faint.Render("q quits"),
	}
	if m.wall != nil {
		lines[2] = m.st.Faint.Render("ctrl+c quits")
	}
	top := max(0, (m.height-len(lines))/2)
	out := make([]string, m.height)
	for i := range out {
		if j := i - top; j >= 0 && j < len(lines) {
			out[i] = center(lines[j], m.width)
		} else {
			out[i] = strings.Repeat(" ", m.width)
		}
	}
	return out
}

// header: the product and where the user is, then the window, the clock and the source.
func (m *Model) header() string {
	var crumbs []string
	for _, s := range m.stack {
		crumbs = append(crumbs, s.crumb())
	}
	left := m.st.Header.Render("npsboard") + "  " + strings.Join(crumbs, " / ")
	left += m.alertCounts(m.width/2 - ansi.StringWidth(left))
	clock := "–"
	if now := m.shownAt; !now.IsZero() {
		clock = now.In(m.board.Loc).Format("Mon 02 Jan 15:04:05")
	}
	state := m.status.State.String()
	if m.status.State == Retrying && !m.status.RetryAt.IsZero() {
		wait := max(0, m.status.RetryAt.Sub(m.status.Clock).Round(time.Second))
		state = fmt.Sprintf("retrying in %s", wait)
	}
	if m.status.Err != "" && m.status.State != Live {
		state += ": " + m.status.Err
	}
	alert := m.status.State == Failed || m.status.State == Retrying
	paused := ""
	if m.paused {
		p := " PAUSED "
		if n := m.sincePause; n > 0 {
			p = fmt.Sprintf(" PAUSED, %s new ", thousands(int64(n)))
		}
		paused = " " + m.st.Paused.Render(p)
	}
	// The source's state is always shown. As room runs out, the date goes, then the words,
	// then the source's name is cut, and last the error.
	short := clock
	if len(clock) > 8 {
		short = clock[len(clock)-8:]
	}
	// The breadcrumb claims at most half the line; beyond that it is cut, not the clock.
	room := m.width - min(ansi.StringWidth(left), m.width/2) - 2
	source := func(nameW int) string {
		s := m.status.Source
		if nameW < ansi.StringWidth(s) {
			s = fit(s, nameW)
		}
		s += " • " + state
		if alert {
			return m.st.Alert.Render(s)
		}
		return s
	}
	long := 1 << 20
	win, wins := "window "+m.window.String()+" · agents "+m.agentW.String(), m.window.String()+"·"+m.agentW.String()
	right := firstFit(room,
		win+" │ "+clock+" │ "+source(long)+paused,
		win+" │ "+short+" │ "+source(long)+paused,
		wins+" │ "+short+" │ "+source(long)+paused,
		wins+" │ "+short+" │ "+source(24)+paused,
		m.window.String()+" │ "+short+" │ "+source(24)+paused,
		m.window.String()+" │ "+source(16)+paused,
		source(12)+paused)
	return spread(left, " "+right, m.width)
}

// alertCounts says, in the header, what the alerts ask of the floor — customers to call back,
// those overdue, queues and agents to look at — in the room the breadcrumb leaves in the left
// half of the line: in words, then shorter, then the calls alone.
func (m *Model) alertCounts(room int) string {
	bySev, overdue := m.board.Alerts.OpenCounts(m.board.Now)
	k := m.board.Alerts.OpenByKind()
	if bySev == [3]int{} || room < 4 {
		return ""
	}
	part := func(n int, long, short string) [2]string {
		if n == 0 {
			return [2]string{}
		}
		c := compact(int64(n))
		if n > 1 && strings.HasSuffix(long, "alert") || strings.HasSuffix(long, "streak") && n > 1 {
			long += "s"
		}
		return [2]string{c + " " + long, c + " " + short}
	}
	parts := [][2]string{part(k.Cases, "to call back", "call"), part(overdue, "overdue", "late"),
		part(k.Queues, "queue alert", "queue"), part(k.Streaks, "streak", "streak")}
	join := func(which, most int) string {
		var out []string
		for _, p := range parts {
			if p[which] != "" && len(out) < most {
				out = append(out, p[which])
			}
		}
		return "  ! " + strings.Join(out, " · ")
	}
	// Whole or not at all: a count cut to "! 2…" says nothing.
	text := ""
	for _, o := range []string{join(0, 4), join(0, 3), join(1, 4), join(1, 2), join(1, 1), "  !" + firstWord(join(1, 1)[4:])} {
		if ansi.StringWidth(o) <= room {
			text = o
			break
		}
	}
	if text == "" {
		return ""
	}
	if bySev[model.High] > 0 || overdue > 0 || k.Queues > 0 {
		return m.st.Alert.Render(text)
	}
	return m.st.Faint.Render(text)
}

func isAlerts(s screen) bool { _, ok := s.(*alertsScreen); return ok }

// noCaseWhy says why a response opened no case, the likeliest reason first: a footer at 80
// columns shows its first words.
func noCaseWhy(r *model.Response, a *model.Alerts) string {
	switch {
	case r.Class() != model.Detractor:
		return "not a detractor"
	case !a.Opens(r):
		return "not one the rules open a case for (high ones only, by default)"
	case a.Excess().Cases > 0:
		return "the inbox was full (" + thousands(a.Excess().Cases) + " opened none past " + thousands(int64(a.CaseBound())) + " cases), or it came as history"
	}
	return "it came as history, older than the follow-up horizon"
}

// outcomeChoice is the footer that asks what came of a case: a digit each.
func (m *Model) outcomeChoice(p *prompt) string {
	var b strings.Builder
	b.WriteString(m.st.Title.Render("outcome:"))
	for i, o := range p.outcomes {
		fmt.Fprintf(&b, " %s %s", m.st.Title.Render(strconv.Itoa(i+1)), outcomeWords(o))
		if i < len(p.outcomes)-1 {
			b.WriteString(m.st.Faint.Render(" ·"))
		}
	}
	if p.refused {
		return m.st.Alert.Render("resolving needs an outcome: ") + b.String() + m.st.Faint.Render(" · esc gives up")
	}
	return b.String() + m.st.Faint.Render(" · esc gives up")
}

// outcomeWords is an outcome as a person reads it: no_answer says "no answer".
func outcomeWords(o string) string { return strings.ReplaceAll(o, "_", " ") }

// firstWord is s up to its first space.
func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

// footer: the keys that matter where the focus is, and what the feed has done.
func (m *Model) footer() string {
	if m.filtering {
		return fit(m.input.View()+m.st.Faint.Render("   enter keeps · esc clears"), m.width)
	}
	if p := m.prompting; p != nil {
		if len(p.outcomes) > 0 && p.outcome == "" {
			return fit(m.outcomeChoice(p), m.width)
		}
		hint := m.st.Faint.Render("   enter " + string(p.kind) + "s · esc gives up")
		if p.outcome != "" {
			hint = m.st.Faint.Render("   enter resolves as " + outcomeWords(p.outcome) + " · esc gives up")
		}
		return fit(m.input.View()+hint, m.width)
	}
	if m.flash != "" {
		return fit(m.st.Title.Render(m.flash), m.width)
	}
	if m.saving != "" {
		return spread(m.st.Alert.Render("! "+m.saving), "", m.width)
	}
	s := m.status
	// Narrow, the counts say less so that the keys every screen needs (! among them) stay:
	// what was accepted, and what was set aside if anything was.
	ok, dup, rej := thousands(s.Accepted)+" ok · ", thousands(s.Duplicates)+" dup · ", thousands(s.Rejected)+" rejected"
	if m.width < 100 {
		dup, rej = "", thousands(s.Rejected)+" rej"
	}
	counts := m.st.Faint.Render(ok + dup + rej)
	switch {
	case s.Rejected > 0:
		counts = m.st.Faint.Render(ok+dup) + m.st.Alert.Render(rej)
	case m.width < 100:
		counts = m.st.Faint.Render(strings.TrimSuffix(ok, " · "))
	}
	if over := m.board.Agg.Over(); over.Any() { // ? says which limits
		counts += m.st.Faint.Render(" · ") + m.st.Alert.Render(thousands(over.Responses)+" in "+model.Other)
	}
	return spread(m.shortHelpLine(m.top().bindings(m.common()), m.width-ansi.StringWidth(counts)-2), "  "+counts, m.width)
}

// shortHelpLine is as many of the keys as fit in w whole, then "…" if some are left out.
// (bubbles' ShortHelpView lets the key that overflows through when its "…" does not fit.)
func (m *Model) shortHelpLine(keys []key.Binding, w int) string {
	st := m.help.Styles
	sep := st.ShortSeparator.Inline(true).Render(m.help.ShortSeparator)
	var b strings.Builder
	used := 0
	for _, k := range keys {
		if !k.Enabled() {
			continue
		}
		item := st.ShortKey.Inline(true).Render(k.Help().Key) + " " + st.ShortDesc.Inline(true).Render(k.Help().Desc)
		if used > 0 {
			item = sep + item
		}
		iw := ansi.StringWidth(item)
		if used+iw > w {
			if tail := " " + st.Ellipsis.Inline(true).Render(m.help.Ellipsis); used > 0 && used+2 <= w {
				b.WriteString(tail)
			}
			break
		}
		b.WriteString(item)
		used += iw
	}
	return b.String()
}
