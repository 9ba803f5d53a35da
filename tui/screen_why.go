package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/model/themes"
)

// whyScreen is what a group's detractors talk about: the themes their comments hold more than
// promoters' (model/themes), and the config's topics, over the group's window. The selected
// theme's TOML lines make it a topic.
type whyScreen struct {
	versioned
	group    model.Group // Overall, a queue, or an agent
	counts   *themes.Counts
	list     []themes.Theme
	emerging []themes.Theme
	cur      cursor[string]
}

func newWhy(g model.Group) *whyScreen { return &whyScreen{group: g} }

func (s *whyScreen) crumb() string { return "Why" }
func (s *whyScreen) shape() shape  { return shapeSingle }

func (s *whyScreen) bindings(c *common) []key.Binding {
	k := c.keys
	return []key.Binding{k.Move, k.Enter, k.Window, k.AgentWindow, k.Back, k.Help, k.Quit}
}

// window is the group's: the agents' for an agent, else the queues'.
func (s *whyScreen) window(c *common) model.Window {
	if s.group.Dim == model.ByAgent {
		return c.agentWindow
	}
	return c.window
}

// refresh counts again: the model calls it when the board or the window changed (stale).
func (s *whyScreen) refresh(c *common) {
	b := c.board
	sp := s.window(c).Span(c.now, b.Loc)
	agent := ""
	if s.group.Dim == model.ByAgent {
		agent = s.group.Name
	}
	idx := b.Themes()
	s.counts = idx.CountIn(sp, s.group.Queue, agent)
	s.list = s.counts.Themes()
	s.emerging = idx.Emerging(sp, s.group.Queue, agent)
	s.cur.follow(len(s.list), s.keyOf)
}

func (s *whyScreen) keyOf(i int) string { return s.list[i].Key }

func (s *whyScreen) view(c *common) []paneView {
	st, main, in := c.st, c.layout.Main, c.layout.Main.Inner()
	w, h := in.W, in.H
	n := s.counts.N
	who := "the floor's"
	switch s.group.Dim {
	case model.ByQueue:
		who = s.group.Queue + "'s"
	case model.ByAgent:
		who = s.group.Name + "'s"
	}
	lines := []string{st.Faint.Render(fit(fmt.Sprintf("What %s detractors talk about, %s: %s detractors' and %s promoters' comments.",
		who, s.window(c).Describe(), thousands(n[model.Detractor]), thousands(n[model.Promoter])), w)), ""}
	topics := c.board.Themes().Topics
	if topics != nil && len(topics.Names) == 0 {
		topics = nil // a config without [topics]
	}
	topicRows := 0
	if topics != nil {
		topicRows = len(topics.Names) + 3
	}
	themeRows := max(h-len(lines)-topicRows-4, 3)
	cols := []column{left(min(30, max(12, w/3))), right(10), right(5), right(10), right(5), right(6)}
	lines = append(lines, st.Faint.Render(fit(heading(cols, "  THEME", "DETRACTORS", "", "PROMOTERS", "", "Z"), w)))
	if len(s.list) == 0 {
		lines = append(lines, st.Faint.Render(fit("  "+whyNone(n[model.Detractor], s.group), w)))
	}
	top := s.cur.inSight(len(s.list), themeRows)
	for i := top; i < len(s.list) && i-top < themeRows; i++ {
		t := &s.list[i]
		name := fit(t.Surface, cols[0].w-markerWidth)
		if i == s.cur.sel {
			name = st.Bold.Render(name)
		}
		lines = append(lines, fit(cells(cols, st.marker(i == s.cur.sel, true)+name, cols[1].cell(thousands(t.Detractors)),
			st.Faint.Render(cols[2].cell(pct(t.DetShare))), cols[3].cell(thousands(t.Promoters)),
			st.Faint.Render(cols[4].cell(pct(t.ProShare))), cols[5].cell(fmt.Sprintf("%.1f", t.Z))), w))
	}
	if topics != nil && len(lines) < h {
		tc := []column{left(min(30, max(12, w/3))), right(10), right(5), right(9), right(10), right(5), right(8)}
		lines = append(lines, "", st.Faint.Render(fit(heading(tc, "  TOPIC", "DETRACTORS", "", "PASSIVES", "PROMOTERS", "", "NPS"), w)))
		for i, name := range topics.Names {
			if len(lines) >= h-3 {
				break
			}
			k := s.counts.Topics[i]
			stat := model.Stat{Promoters: k[model.Promoter], Passives: k[model.Passive], Detractors: k[model.Detractor]}
			nps := "–"
			if v, ok := stat.NPS(); ok {
				iv, _ := stat.CI95()
				nps = signed(v) + " " + plusMinus(iv.HalfWidth())
			}
			lines = append(lines, fit(cells(tc, tc[0].cell("  "+name), tc[1].cell(thousands(k[model.Detractor])),
				st.Faint.Render(tc[2].cell(percent(k[model.Detractor], n[model.Detractor]))), tc[3].cell(thousands(k[model.Passive])),
				tc[4].cell(thousands(k[model.Promoter])), st.Faint.Render(tc[5].cell(percent(k[model.Promoter], n[model.Promoter]))),
				tc[6].cell(nps)), w))
		}
	}
	if len(s.emerging) > 0 && len(lines) < h-4 {
		var names []string
		for i, t := range s.emerging {
			if i == 5 {
				break
			}
			names = append(names, fmt.Sprintf("%s (%d, was %d)", t.Surface, t.Detractors, t.Promoters))
		}
		lines = append(lines, "", fit(st.Alert.Render("Emerging")+st.Faint.Render(" against "+s.window(c).Compared()+": ")+strings.Join(names, " · "), w))
	}
	if t, ok := s.selected(); ok && len(lines) < h-2 {
		lines = append(lines, "", st.Faint.Render(fit("As a topic, in the config: "+topicTOML(t), w)))
	}
	note := fmt.Sprintf("%d themes", len(s.list))
	return []paneView{{main, st.box("Why · "+s.window(c).String(), note, block(lines, w, h), main.W, main.H, true)}}
}

func (s *whyScreen) selected() (*themes.Theme, bool) {
	if len(s.list) == 0 {
		return nil, false
	}
	return &s.list[s.cur.sel], true
}

// topicTOML is the lines that make a theme a topic of the config.
func topicTOML(t *themes.Theme) string {
	name := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, t.Surface)
	return fmt.Sprintf("[topics.%q] words = [%q]", name, t.Surface)
}

func pct(p float64) string { return fmt.Sprintf("%.0f%%", 100*p) }

func (s *whyScreen) move(c *common, delta int) { s.cur.move(delta, len(s.list), s.keyOf) }

func (s *whyScreen) key(c *common, msg tea.KeyMsg) tea.Cmd {
	if t, ok := s.selected(); ok && key.Matches(msg, c.keys.Enter) {
		agent := ""
		if s.group.Dim == model.ByAgent {
			agent = s.group.Name
		}
		c.open(&mentionsScreen{theme: *t, queue: s.group.Queue, agent: agent, window: s.window(c)})
	}
	return nil
}

// mentionsScreen lists a theme's latest comments, newest first; enter opens one.
type mentionsScreen struct {
	versioned
	theme        themes.Theme
	queue, agent string
	window       model.Window
	list         responseList
}

// maxMentions is how many comments a theme lists: a screenful or two, the newest.
const maxMentions = 200

func (s *mentionsScreen) crumb() string { return `"` + s.theme.Surface + `"` }
func (s *mentionsScreen) shape() shape  { return shapeSingle }

func (s *mentionsScreen) bindings(c *common) []key.Binding {
	k := c.keys
	return []key.Binding{k.Move, k.Enter, k.Back, k.Help, k.Quit, k.Alerts}
}

func (s *mentionsScreen) refresh(c *common) {
	b := c.board
	s.list.showQueue, s.list.showAgent, s.list.showClass = s.queue == "", s.agent == "", true
	s.list.set(b.Mentioning(s.theme.Key, s.queue, s.agent, s.window.Span(c.now, b.Loc), maxMentions))
}

func (s *mentionsScreen) view(c *common) []paneView {
	st, main, in := c.st, c.layout.Main, c.layout.Main.Inner()
	lines := s.list.view(st, c.now, c.board.Loc, "none of the latest comments says it", in.W, in.H, true)
	note := fmt.Sprintf("%d of the latest %d comments", len(s.list.items), maxLately)
	return []paneView{{main, st.box(`Comments that say "`+s.theme.Surface+`"`, note, lines, main.W, main.H, true)}}
}

func (s *mentionsScreen) move(c *common, delta int) { s.list.move(delta) }

func (s *mentionsScreen) selectedResponse() (model.Response, bool) { return s.list.selected() }

func (s *mentionsScreen) key(c *common, msg tea.KeyMsg) tea.Cmd {
	if r, ok := s.list.selected(); ok && key.Matches(msg, c.keys.Enter) {
		c.open(newResponse(r))
	}
	return nil
}

func (s *mentionsScreen) mouse(c *common, msg tea.MouseMsg) {
	main := c.layout.Main
	if !main.Contains(msg.X, msg.Y) {
		return
	}
	listMouse(msg, s.list.rowAt(msg.Y-main.Inner().Y), s.list.cur.sel, func(d int) { s.move(c, d) }, func() {
		if r, ok := s.list.selected(); ok {
			c.open(newResponse(r))
		}
	})
}

func (s *whyScreen) mouse(c *common, msg tea.MouseMsg) { wheel(msg, func(d int) { s.move(c, d) }) }

// whyLines are a group's first themes over window w in a few lines of width w (the why pane
// of the overview and a queue's page), from the comments cut so far; kept on the board for
// whyEvery of its clock, since counting a month's comments takes milliseconds.
func whyLines(c *common, g model.Group, win model.Window, w, h int) []string {
	if h <= 0 || w < 20 {
		return nil
	}
	st := c.st
	e := whyOf(c, g, win)
	head := st.Faint.Render("Why · " + win.String() + ": ")
	var parts []string
	for i, t := range e.list {
		if i == 8 {
			break
		}
		parts = append(parts, t.Surface+st.Faint.Render(" "+pct(t.DetShare)))
	}
	reading := fmt.Sprintf("reading the comments (%d%%)", 100*e.cut/max(e.cut+e.waiting, 1))
	var line string
	switch {
	case len(parts) > 0 && e.waiting > 0:
		line = head + st.Faint.Render(reading+": ") + strings.Join(parts, st.Faint.Render(" · "))
	case len(parts) > 0:
		line = head + strings.Join(parts, st.Faint.Render(" · "))
	case e.waiting > 0:
		line = head + st.Faint.Render(reading)
	default:
		line = head + st.Faint.Render(whyNone(e.detractors, g))
	}
	return []string{fit(line, w), st.Faint.Render(fit(strings.Repeat("─", w), w))}
}

// whyOf is a group's themes over a window, as the board last counted them: counted again when
// the board is newer and time or the comments cut have moved enough.
func whyOf(c *common, g model.Group, win model.Window) whyEntry {
	b := c.board
	key := g.String() + "@" + win.String()
	e, ok := b.why[key]
	waiting, done := b.Cutting()
	// Counted again only for a newer board than shown then (a paused screen stays as it was),
	// and then only when time or the comments cut have moved enough.
	if !ok || c.version != e.version && (c.now.Sub(e.at) >= whyEvery || c.now.Before(e.at) || done-e.cut > max(e.cut/20, 100) ||
		e.waiting > 0 && waiting == 0) {
		agent := ""
		if g.Dim == model.ByAgent {
			agent = g.Name
		}
		counts := b.themes.CountIn(win.Span(c.now, b.Loc), g.Queue, agent)
		e = whyEntry{at: c.now, cut: done, waiting: waiting, version: c.version, list: counts.Themes(), detractors: counts.N[model.Detractor]}
		if b.why == nil {
			b.why = map[string]whyEntry{}
		}
		b.why[key] = e
	}
	return e
}

// whyList is a group's themes over window w, one a line in h lines of width w under a heading:
// the share of detractors' comments that hold it, and of promoters', for a pane with room
// (under a short table). It says why it has none when it has none.
func whyList(c *common, g model.Group, win model.Window, w, h int) []string {
	if h <= 0 || w < 20 {
		return nil
	}
	st := c.st
	e := whyOf(c, g, win)
	var lines []string
	if e.waiting > 0 {
		lines = append(lines, st.Faint.Render(fit(fmt.Sprintf("  reading the comments (%d%%)", 100*e.cut/max(e.cut+e.waiting, 1)), w)))
	}
	// The shares of the comments that hold each theme, said once in the heading.
	cols := []column{left(min(36, max(12, w/3))), right(11), right(10)}
	if len(e.list) > 0 {
		lines = append(lines, st.Faint.Render(fit("  "+heading(cols, "THEME", "DETRACTORS", "PROMOTERS"), w)))
	}
	for _, t := range e.list {
		if len(lines) >= h {
			break
		}
		lines = append(lines, fit("  "+cells(cols, cols[0].cell(t.Surface), st.Detractor.Render(cols[1].cell(pct(t.DetShare))),
			st.Faint.Render(cols[2].cell(pct(t.ProShare)))), w))
	}
	switch {
	case len(e.list) > 0 || e.waiting > 0:
	default:
		lines = append(lines, st.Faint.Render(fit("  "+whyNone(e.detractors, g), w)))
	}
	return block(lines, w, h)
}

// whyNone says why a group's window shows no theme. A theme must stand out at p < 0.001: an
// hour of a real floor (a few dozen detractors' comments) seldom holds one, which is no sign
// that detractors and promoters say the same.
// The key that widens the window is the group's: W for an agent, w for the rest.
func whyNone(detractors int64, g model.Group) string {
	if detractors < 20 {
		return fmt.Sprintf("too few detractors' comments to tell (%d)", detractors)
	}
	widen := "w"
	if g.Dim == model.ByAgent {
		widen = "W"
	}
	return fmt.Sprintf("no theme stands out yet (%d detractors' comments; %s widens)", detractors, widen)
}

// whyEntry is a group's themes as the pane last counted them.
type whyEntry struct {
	at         time.Time
	cut        int    // the comments cut then
	waiting    int    // and those waiting
	version    uint64 // the board's version shown then
	list       []themes.Theme
	detractors int64
}

// whyEvery is how often the pane counts again on the board's clock, with no new comment cut.
const whyEvery = 30 * time.Second
