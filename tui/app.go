// Package tui is npsboard's dashboard: bubbletea views of a read-only board of figures, and
// keys turned into intentions. It knows no file or socket: updates come on a channel.
package tui

import (
	"cmp"
	"fmt"
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
	Window   model.Window   // the window shown first
	Theme    Theme          // colours
	Braille  bool           // draw the trend in braille (finer, but not on the Linux console)
	Location *time.Location // the display time zone
	Horizon  time.Duration  // minute buckets kept behind the clock; 0 keeps all (a file)

	// Alerts are the alerts and their rules (with the queues' targets), as restored from the
	// state journal; new ones under the default rules when nil.
	Alerts *model.Alerts
	User   string // who the supervisor is, for actions and the "mine" filter
	// Record keeps changes to the alerts (raised, cleared, acted on): the state journal, and a
	// relay for the actions. It must not block.
	Record func([]model.AlertEvent)
	Bell   func()           // rings for a new high alert; none when nil
	Now    func() time.Time // the clock of actions and of the wallboard; time.Now when nil

	// Kiosk, when set, starts the dashboard as a wallboard.
	Kiosk *KioskOptions
}

// windows are what the window key cycles through.
var windows = []model.Window{model.Last(15 * time.Minute), model.Last(time.Hour), model.Last(4 * time.Hour), model.Today(), model.AllTime()}

// Model is the dashboard.
type Model struct {
	opts    Options
	st      Styles
	keys    KeyMap
	help    help.Model
	board   *Board
	updates <-chan Update
	status  Status   // the source's latest status, shown even while paused
	held    []Update // updates that came while paused
	paused  bool
	window  model.Window
	sort    sortKey
	pages   []*page
	layout  Layout
	width   int
	height  int

	showHelp   bool
	helpScroll int
	filtering  bool
	prompting  model.ActionKind // the action whose owner or note is being typed
	promptFor  string           // the alert it is for
	input      textinput.Model

	// body is the screen between header and footer as last drawn. bubbletea calls View after
	// every message; most change nothing below the header, so the body is drawn again only
	// when stale is set: by new figures, a key, the mouse or a resize.
	body  []string
	stale bool

	saving string // why actions are not being kept or shared, if they are not
	kiosk  *kiosk // the wallboard, while it is one
}

// SavingMsg tells the dashboard whether actions on alerts are being kept: the text says why
// not, and stays in the footer until an empty one comes.
type SavingMsg string

// New makes a dashboard fed by updates.
func New(updates <-chan Update, o Options) *Model {
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.Alerts == nil {
		o.Alerts = model.NewAlerts(model.DefaultRules())
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
	in := textinput.New()
	in.CharLimit = 200
	m := &Model{
		opts:    o,
		st:      NewStyles(o.Theme),
		keys:    NewKeyMap(),
		help:    help.New(),
		board:   NewBoard(o.Location, o.Alerts, o.Horizon),
		updates: updates,
		window:  o.Window,
		pages:   []*page{overviewPage()},
		input:   in,
	}
	m.help.ShortSeparator = " · "
	if o.Kiosk != nil {
		m.kiosk = newKiosk(*o.Kiosk, o.Now())
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
	if m.kiosk != nil {
		return tea.Batch(m.wait(), kioskTickCmd())
	}
	return m.wait()
}

func (m *Model) top() *page { return m.pages[len(m.pages)-1] }

func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg.(type) {
	case Update, closedMsg:
	default:
		m.stale = true // input and resizes may change anything on screen
	}
	switch msg := msg.(type) {
	case kioskTick:
		if m.kiosk == nil {
			return m, nil // unlocked: the ticks stop
		}
		m.kioskTicked()
		return m, kioskTickCmd()
	case Update:
		m.status = msg.Status
		if m.kiosk != nil && len(msg.Responses) > 0 {
			m.kiosk.lastData, m.kiosk.anyData = m.opts.Now(), true
		}
		if m.paused {
			m.held = append(m.held, msg)
		} else {
			m.apply(&msg)
			m.refresh(false)
		}
		return m, m.wait()
	case closedMsg:
		return m, nil
	case SavingMsg:
		m.saving = string(msg)
		return m, nil
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.relayout()
		m.refresh(true)
		return m, nil
	case tea.MouseMsg:
		if m.kiosk == nil {
			m.mouse(msg)
		}
		return m, nil
	case tea.KeyMsg:
		if m.kiosk != nil {
			return m, m.kioskKeyPress(msg)
		}
		return m, m.key(msg)
	}
	return m, nil
}

// apply takes an update into the board, keeps the changes to the alerts, and rings for a new
// high alert (raised in the last few minutes: a backlog rings nothing).
func (m *Model) apply(u *Update) {
	events := m.board.Apply(u)
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
func (m *Model) act(kind model.ActionKind, alertID, owner, note string) {
	a := model.Action{Kind: kind, Alert: alertID, By: m.opts.User, At: model.Instant(m.opts.Now()), Owner: owner, Note: note}
	if a.Check() != nil {
		return
	}
	if a, changed := m.board.Alerts.Do(a); changed {
		m.opts.Record([]model.AlertEvent{{Action: &a}})
	}
	m.board.version++
	m.refresh(true)
}

// relayout places the panes of the page on screen; on a resize or a change of page only.
func (m *Model) relayout() {
	m.layout = computeLayout(m.width, m.height, m.top().kind)
	m.help.Width = m.width
}

// refresh computes the page's figures again when the board has changed since, or when asked
// (the window, order, filter or size changed).
func (m *Model) refresh(force bool) {
	if m.kiosk != nil {
		return // the wallboard draws from the board itself
	}
	p := m.top()
	if !force && p.version == m.board.version {
		return
	}
	p.refresh(m.board, m.window, m.sort, max(m.layout.Trend.W-10, 2), m.opts.User)
	m.stale = true
}

// open drills into what is selected in the focused pane.
func (m *Model) open() {
	p := m.top()
	var next *page
	switch {
	case p.kind == pageOverview && p.focus == 0:
		if f, ok := p.table.selected(); ok {
			next = queuePage(f.Group.Queue)
		}
	case p.kind == pageQueue && p.focus == 0:
		if f, ok := p.table.selected(); ok {
			next = agentPage(f.Group.Queue, f.Group.Name)
		}
	case p.kind == pageAlerts:
		if a, ok := p.alerts.selected(); ok && a.Response != nil {
			next = responsePage(*a.Response)
		}
	case p.kind != pageResponse:
		if r, ok := p.list.selected(); ok {
			next = responsePage(r)
		}
	}
	if next != nil {
		m.pages = append(m.pages, next)
		m.relayout()
		m.refresh(true)
	}
}

func (m *Model) back() {
	if p := m.top(); p.filter != "" {
		p.filter = ""
		m.refresh(true)
		return
	}
	if len(m.pages) > 1 {
		m.pages = m.pages[:len(m.pages)-1]
		m.relayout()
		m.refresh(true)
	}
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	if m.filtering {
		return m.filterKey(msg)
	}
	if m.prompting != "" {
		return m.promptKey(msg)
	}
	if key.Matches(msg, k.Quit) {
		return tea.Quit
	}
	if m.showHelp {
		switch {
		case key.Matches(msg, k.Help, k.Back):
			m.showHelp = false
		case key.Matches(msg, k.Up):
			m.helpScroll--
		case key.Matches(msg, k.Down):
			m.helpScroll++
		}
		return nil
	}
	p := m.top()
	switch {
	case key.Matches(msg, k.Help):
		m.showHelp, m.helpScroll = true, 0
	case key.Matches(msg, k.Back):
		m.back()
	case key.Matches(msg, k.Enter):
		m.open()
	case key.Matches(msg, k.Tab):
		p.focus = (p.focus + 1) % p.panes()
	case key.Matches(msg, k.Window):
		m.window = nextWindow(m.window)
		m.refresh(true)
	case key.Matches(msg, k.Sort):
		m.sort = (m.sort + 1) % 3
		m.refresh(true)
	case key.Matches(msg, k.Filter) && p.hasTable():
		m.filtering = true
		m.input.Prompt, m.input.Placeholder = "/ ", "part of a name"
		m.input.SetValue(p.filter)
		m.input.CursorEnd()
		return m.input.Focus()
	case key.Matches(msg, k.Pause):
		m.togglePause()
	case key.Matches(msg, k.Alerts) && p.kind != pageAlerts:
		next := alertsPage()
		// From a detractor in a list: its own alert, whatever its state.
		if r, ok := p.list.selected(); ok && (p.focus == 1 || p.kind == pageAgent) {
			if a, ok := m.board.Alerts.Get(model.ResponseAlertID(r.ID)); ok {
				next.alerts.filter, next.alerts.selA = model.FilterAll, a
			}
		}
		m.pages = append(m.pages, next)
		m.relayout()
		m.refresh(true)
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.PageUp):
		m.move(-m.pageSize())
	case key.Matches(msg, k.PageDown):
		m.move(m.pageSize())
	case key.Matches(msg, k.Home):
		m.move(-1 << 30)
	case key.Matches(msg, k.End):
		m.move(1 << 30)
	case p.kind == pageAlerts:
		return m.alertKey(msg, p)
	}
	return nil
}

// alertKey handles the keys of the alerts page: act on the selected alert, change the filter.
func (m *Model) alertKey(msg tea.KeyMsg, p *page) tea.Cmd {
	k := m.keys
	if key.Matches(msg, k.AlertFilter) {
		p.alerts.filter = (p.alerts.filter + 1) % (model.FilterAll + 1)
		m.refresh(true)
		return nil
	}
	a, ok := p.alerts.selected()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(msg, k.Ack):
		m.act(model.ActAcknowledge, a.ID, "", "")
	case key.Matches(msg, k.Reopen):
		m.act(model.ActReopen, a.ID, "", "")
	case key.Matches(msg, k.Assign):
		return m.startPrompt(model.ActAssign, a.ID, "owner: ", m.opts.User+" (enter), or another name")
	case key.Matches(msg, k.Resolve):
		return m.startPrompt(model.ActResolve, a.ID, "what was done: ", "")
	}
	return nil
}

func (m *Model) startPrompt(kind model.ActionKind, alertID, prompt, placeholder string) tea.Cmd {
	m.prompting, m.promptFor = kind, alertID
	m.input.Prompt, m.input.Placeholder = prompt, placeholder
	m.input.SetValue("")
	m.input.CursorEnd()
	return m.input.Focus()
}

// promptKey edits an owner's name or a resolution's note; enter acts, esc gives up.
func (m *Model) promptKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEnter:
		v := strings.TrimSpace(m.input.Value())
		kind, id := m.prompting, m.promptFor
		m.prompting = ""
		m.input.Blur()
		if kind == model.ActAssign {
			m.act(kind, id, cmp.Or(v, m.opts.User), "")
		} else {
			m.act(kind, id, "", v)
		}
		return nil
	case tea.KeyEsc:
		m.prompting = ""
		m.input.Blur()
		return nil
	case tea.KeyCtrlC:
		return tea.Quit
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return cmd
}

// filterKey edits the filter of the page's table as it is typed; enter keeps it, esc drops it.
func (m *Model) filterKey(msg tea.KeyMsg) tea.Cmd {
	p := m.top()
	switch msg.Type {
	case tea.KeyEnter:
		m.filtering = false
		m.input.Blur()
		return nil
	case tea.KeyEsc:
		m.filtering = false
		m.input.Blur()
		p.filter = ""
		m.refresh(true)
		return nil
	case tea.KeyCtrlC:
		return tea.Quit
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if v := m.input.Value(); v != p.filter {
		p.filter = v
		m.refresh(true)
	}
	return cmd
}

func (m *Model) togglePause() {
	m.paused = !m.paused
	if m.paused {
		return
	}
	for i := range m.held {
		m.apply(&m.held[i])
	}
	m.held = nil
	m.refresh(false)
}

// move moves the selection of the focused pane, or scrolls the response page.
func (m *Model) move(delta int) {
	p := m.top()
	switch {
	case p.kind == pageResponse:
		p.scroll += delta
	case p.kind == pageAlerts:
		p.alerts.move(delta)
	case p.kind == pageAgent || p.focus == 1:
		p.list.move(delta)
	default:
		p.table.move(delta)
	}
}

// pageSize is how far page up and page down move: a screenful of the main pane.
func (m *Model) pageSize() int { return max(1, m.layout.Main.H-3) }

func nextWindow(w model.Window) model.Window {
	for i, x := range windows {
		if x == w {
			return windows[(i+1)%len(windows)]
		}
	}
	return windows[0]
}

// mouse: the wheel moves the selection of the pane under the pointer; a click focuses a pane
// and selects a row, and a click on the selected row opens it.
func (m *Model) mouse(msg tea.MouseMsg) {
	if m.layout.TooSmall || m.showHelp || m.filtering {
		return
	}
	p := m.top()
	l := m.layout
	pane := -1
	switch {
	case l.Main.Contains(msg.X, msg.Y):
		pane = 0
	case l.Side.Contains(msg.X, msg.Y) && (p.panes() > 1 || p.kind == pageAlerts):
		pane = 1
	default:
		return
	}
	switch {
	case msg.Button == tea.MouseButtonWheelUp:
		p.focus = pane
		m.move(-1)
	case msg.Button == tea.MouseButtonWheelDown:
		p.focus = pane
		m.move(1)
	case msg.Button == tea.MouseButtonLeft && msg.Action == tea.MouseActionPress:
		p.focus = pane
		r := l.Main
		if pane == 1 {
			r = l.Side
		}
		y := msg.Y - r.Y - 1 // inside the border
		var row, sel int
		switch {
		case p.kind == pageResponse || pane == 1 && p.kind == pageAlerts:
			return
		case p.kind == pageAlerts:
			row, sel = p.alerts.rowAt(y), p.alerts.sel
		case pane == 0 && p.hasTable():
			row, sel = p.table.rowAt(y), p.table.sel
		case pane == 1 && p.kind == pageQueue:
			return // the channel split sits above the list; clicks there are not rows
		default:
			row, sel = p.list.rowAt(y), p.list.sel
		}
		if row < 0 {
			return
		}
		if row == sel {
			m.open()
			return
		}
		m.move(row - sel)
	}
}

// View draws the whole screen: exactly its height in lines, each exactly its width.
func (m *Model) View() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if m.kiosk != nil {
		return m.kioskView()
	}
	if m.layout.TooSmall {
		return strings.Join(m.tooSmall(), "\n")
	}
	if m.stale || len(m.body) != h-2 {
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

// drawBody draws the lines between header and footer.
func (m *Model) drawBody() []string {
	w, h := m.width, m.height
	body := make([][]string, h-2)
	if m.showHelp {
		lines := m.helpLines(w - 2)
		m.helpScroll = min(max(m.helpScroll, 0), max(0, len(lines)-(h-4)))
		for i, line := range m.st.box("Help", "? or esc closes", lines[m.helpScroll:], w, h-2, true) {
			body[i] = []string{line}
		}
	} else {
		// The panes tile the body; each row is the pane lines that cover it, left to right.
		panes := m.top().view(m)
		for y := range body {
			for _, pv := range panes {
				if i := y + 1 - pv.r.Y; i >= 0 && i < len(pv.lines) && pv.r.H > 0 {
					body[y] = append(body[y], pv.lines[i])
				}
			}
		}
	}
	out := make([]string, len(body))
	for i, parts := range body {
		out[i] = fit(strings.Join(parts, ""), w)
	}
	return out
}

func (m *Model) tooSmall() []string {
	lines := []string{
		m.st.Alert.Render("terminal too small"),
		fmt.Sprintf("need %d×%d, have %d×%d", MinWidth, MinHeight, m.width, m.height),
		m.st.Faint.Render("q quits"),
	}
	if m.kiosk != nil {
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
	for _, p := range m.pages {
		crumbs = append(crumbs, p.crumb())
	}
	left := m.st.Header.Render("npsboard") + "  " + strings.Join(crumbs, " / ")
	left += m.alertCounts(m.width/2 - ansi.StringWidth(left))
	clock := "–"
	if now := m.board.Now; !now.IsZero() {
		clock = now.In(m.board.Loc).Format("Mon 02 Jan 15:04:05")
	}
	state := m.status.State
	if m.status.State == "retrying" && !m.status.RetryAt.IsZero() {
		wait := max(0, m.status.RetryAt.Sub(m.status.Clock).Round(time.Second))
		state = fmt.Sprintf("retrying in %s", wait)
	}
	if m.status.Err != "" && m.status.State != "live" {
		state += ": " + m.status.Err
	}
	alert := m.status.State == "failed" || m.status.State == "retrying"
	paused := ""
	if m.paused {
		p := " PAUSED "
		if n := m.heldCount(); n > 0 {
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
	right := firstFit(room,
		"window "+m.window.String()+" │ "+clock+" │ "+source(long)+paused,
		"window "+m.window.String()+" │ "+short+" │ "+source(long)+paused,
		m.window.String()+" │ "+short+" │ "+source(long)+paused,
		m.window.String()+" │ "+short+" │ "+source(24)+paused,
		m.window.String()+" │ "+source(16)+paused,
		source(12)+paused)
	return spread(left, " "+right, m.width)
}

// alertCounts says, in the header, how many alerts are open by severity, and overdue, in
// the room the breadcrumb leaves in the left half of the line: in words, then in letters, then
// the high ones alone.
func (m *Model) alertCounts(room int) string {
	bySev, overdue := m.board.Alerts.OpenCounts(m.board.Now)
	if bySev == [3]int{} || room < 4 {
		return ""
	}
	var long, short []string
	for _, s := range []model.Severity{model.High, model.Medium, model.Low} {
		if bySev[s] > 0 {
			n := compact(int64(bySev[s]))
			long = append(long, n+" "+[...]string{"low", "med", "high"}[s])
			short = append(short, n+[...]string{"L", "M", "H"}[s])
		}
	}
	late := ""
	if overdue > 0 {
		late = " · " + compact(int64(overdue)) + " overdue"
	}
	options := []string{"  ! " + strings.Join(long, " · ") + late, "  ! " + strings.Join(long, " · "),
		"  !" + strings.Join(short, " "), "  !" + short[0]}
	text := firstFit(room, options...)
	if ansi.StringWidth(text) > room {
		return ""
	}
	if bySev[model.High] > 0 || overdue > 0 {
		return m.st.Alert.Render(text)
	}
	return m.st.Faint.Render(text)
}

func (m *Model) heldCount() (n int) {
	for _, u := range m.held {
		n += len(u.Responses)
	}
	return n
}

// footer: the keys that matter where the focus is, and what the feed has done.
func (m *Model) footer() string {
	if m.filtering {
		return fit(m.input.View()+m.st.Faint.Render("   enter keeps · esc clears"), m.width)
	}
	if m.prompting != "" {
		return fit(m.input.View()+m.st.Faint.Render("   enter "+string(m.prompting)+"s · esc gives up"), m.width)
	}
	if m.saving != "" {
		return spread(m.st.Alert.Render("! "+m.saving), "", m.width)
	}
	s := m.status
	counts := fmt.Sprintf("%s ok · %s dup · %s rejected", thousands(s.Accepted), thousands(s.Duplicates), thousands(s.Rejected))
	if s.Rejected > 0 {
		counts = m.st.Faint.Render(fmt.Sprintf("%s ok · %s dup · ", thousands(s.Accepted), thousands(s.Duplicates))) +
			m.st.Alert.Render(thousands(s.Rejected)+" rejected")
	} else {
		counts = m.st.Faint.Render(counts)
	}
	if over := m.board.Agg.Over(); over.Any() { // ? says which limits
		counts += m.st.Faint.Render(" · ") + m.st.Alert.Render(thousands(over.Responses)+" in "+model.Other)
	}
	return spread(m.shortHelpLine(m.shortHelp(), m.width-ansi.StringWidth(counts)-2), "  "+counts, m.width)
}

// shortHelp is the keys of the focused pane, then the application's.
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

func (m *Model) shortHelp() []key.Binding {
	k := m.keys
	if m.showHelp {
		return []key.Binding{k.Help, k.Quit}
	}
	// The essentials first: a narrow footer cuts from the end.
	p := m.top()
	b := []key.Binding{k.Move}
	if p.kind == pageAlerts {
		return append(b, k.Ack, k.Assign, k.Resolve, k.Reopen, k.AlertFilter, k.Enter, k.Back, k.Help, k.Quit)
	}
	if p.kind != pageResponse {
		b = append(b, k.Enter)
	}
	if len(m.pages) > 1 {
		b = append(b, k.Back)
	}
	b = append(b, k.Help, k.Quit, k.Alerts)
	if p.panes() > 1 {
		b = append(b, k.Tab)
	}
	if p.hasTable() && p.focus == 0 {
		b = append(b, k.Filter, k.Sort)
	}
	return append(b, k.Window, k.Pause)
}
