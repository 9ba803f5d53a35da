package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/model"
)

// page is one screen of the drill-down: overview → queue → agent → response. The pages differ
// in what their panes hold, not in how they work, so one type serves them all.
type page struct {
	kind  pageKind
	group model.Group // whose figures: Overall, a queue, an agent
	resp  model.Response

	table    groupTable      // queues (overview) or agents (queue page)
	alerts   alertList       // the alerts page
	list     responseList    // detractors (overview, queue page) or an agent's responses
	channels []model.Figures // the queue page's channel split
	figures  model.Figures
	points   []model.TrendPoint
	smooth   time.Duration
	trend    trendChart
	focus    int // 0: the main pane, 1: the side pane
	filter   string
	scroll   int    // the response page's first line
	version  uint64 // the board's version the figures were computed at
}

func overviewPage() *page { return &page{kind: pageOverview, group: model.Group{Dim: model.Overall}} }

func queuePage(queue string) *page {
	return &page{kind: pageQueue, group: model.Group{Dim: model.ByQueue, Queue: queue}}
}

func agentPage(queue, agent string) *page {
	p := &page{kind: pageAgent, group: model.Group{Dim: model.ByAgent, Queue: queue, Name: agent}}
	p.list.showClass = true
	return p
}

func responsePage(r model.Response) *page { return &page{kind: pageResponse, resp: r} }

func alertsPage() *page { return &page{kind: pageAlerts} }

// crumb is the page's part of the breadcrumb.
func (p *page) crumb() string {
	switch p.kind {
	case pageQueue:
		return p.group.Queue
	case pageAgent:
		return p.group.Name
	case pageResponse:
		return "response " + p.resp.ID
	case pageAlerts:
		return "Alerts"
	}
	return "Overview"
}

// panes is how many panes take the focus in turn.
func (p *page) panes() int {
	if p.kind == pageOverview || p.kind == pageQueue {
		return 2
	}
	return 1
}

// hasTable says whether the page's main pane is a table, which filters and sorts.
func (p *page) hasTable() bool { return p.kind == pageOverview || p.kind == pageQueue }

// sparkSteps is how many steps a table row's sparkline has.
const sparkSteps = 12

// refresh computes the page's figures from the board, for the window and order on screen.
func (p *page) refresh(b *Board, win model.Window, order sortKey, trendPoints int, user string) {
	switch p.kind {
	case pageResponse:
		return
	case pageAlerts:
		p.version = b.version
		p.alerts.set(b.Alerts.AppendList(p.alerts.items[:0], p.alerts.filter, user, b.Now))
		return
	}
	p.version = b.version
	p.figures = b.figures(p.group, win, 0)
	p.points, p.smooth = b.trend(p.group, win, max(trendPoints, 2))
	switch p.kind {
	case pageOverview:
		var rows []model.Figures
		for _, g := range b.Agg.Groups(model.ByQueue) {
			rows = append(rows, b.figures(g, win, sparkSteps))
		}
		p.table.set(rows, order, p.filter)
		p.list.showQueue, p.list.showAgent = true, true
		p.list.set(b.Recent.Detractors(200, nil))
	case pageQueue:
		var rows []model.Figures
		for _, g := range b.Agg.Within(p.group.Queue, model.ByAgent) {
			rows = append(rows, b.figures(g, win, sparkSteps))
		}
		p.table.set(rows, order, p.filter)
		p.channels = p.channels[:0]
		for _, g := range b.Agg.Within(p.group.Queue, model.ByQueueChannel) {
			if f := b.figures(g, win, 0); f.HasNPS {
				p.channels = append(p.channels, f)
			}
		}
		p.list.showAgent = true
		q := p.group.Queue
		p.list.set(b.Recent.Detractors(200, func(r *model.Response) bool { return r.Queue == q }))
	case pageAgent:
		p.list.set(b.Recent.Agent(p.group.Queue, p.group.Name, 0))
	}
}

// paneView is a pane's lines and where they go.
type paneView struct {
	r     Rect
	lines []string
}

// view draws the page's panes in the layout.
func (p *page) view(m *Model) []paneView {
	st, l, b := &m.st, m.layout, m.board
	switch p.kind {
	case pageResponse:
		return []paneView{{l.Main, st.box("Response "+p.resp.ID, "esc back", p.detail(m, l.Main.W-2, l.Main.H-2), l.Main.W, l.Main.H, true)}}
	case pageAlerts:
		note := fmt.Sprintf("%s: %d · f changes", p.alerts.filter, len(p.alerts.items))
		out := []paneView{{l.Main, st.box("Alerts", note, p.alerts.view(st, b.Now, l.Main.W-2, l.Main.H-2, true), l.Main.W, l.Main.H, true)}}
		if s := l.Side; !s.Empty() {
			a, _ := p.alerts.selected()
			out = append(out, paneView{s, st.box("Alert", "", st.alertDetail(a, b.Now, b.Loc, s.W-2, s.H-2), s.W, s.H, false)})
		}
		return out
	}
	var out []paneView
	title := "Overall"
	switch p.kind {
	case pageQueue:
		title = "Queue " + p.group.Queue
	case pageAgent:
		title = "Agent " + p.group.Name + " in " + p.group.Queue
	}
	s := l.Summary
	target := b.TargetOf(p.group.Queue)
	out = append(out, paneView{s, st.box(title, windowPhrase(m.window), st.summary(&p.figures, m.window, target, s.W-2, s.H-2), s.W, s.H, false)})
	if t := l.Trend; !t.Empty() {
		key := trendKey{w: t.W - 2, h: t.H - 2, what: p.group.String() + "@" + m.window.String(), braille: m.opts.Braille}
		note := "points: trailing " + shortDuration(p.smooth)
		out = append(out, paneView{t, st.box("NPS trend", note, p.trend.view(st, key, p.points, target), t.W, t.H, false)})
	}
	main := l.Main
	switch p.kind {
	case pageAgent:
		lines := p.list.view(st, b.Now, b.Loc, "no responses kept for this agent", main.W-2, main.H-2, true)
		out = append(out, paneView{main, st.box("Responses, newest first", fmt.Sprintf("%d kept", len(p.list.items)), lines, main.W, main.H, true)})
	default:
		label := "queue"
		if p.kind == pageQueue {
			label = "agent"
		}
		note := m.sort.String()
		if p.filter != "" {
			note = "filter \"" + p.filter + "\" · " + note
		}
		heading := strings.ToUpper(label[:1]) + label[1:] + "s"
		lines := p.table.view(st, label, main.W-2, main.H-2, p.focus == 0)
		out = append(out, paneView{main, st.box(heading, note, lines, main.W, main.H, p.focus == 0)})
	}
	if side := l.Side; !side.Empty() {
		out = append(out, paneView{side, p.sideView(m, side)})
	}
	return out
}

// sideView is the side pane: the latest detractors, after the channel split on a queue's page.
func (p *page) sideView(m *Model, r Rect) []string {
	st := &m.st
	w, h := r.W-2, r.H-2
	var lines []string
	if p.kind == pageQueue && len(p.channels) > 0 {
		// The channel split: a row each when there is room, else all on one line.
		score := func(f *model.Figures) string {
			if f.Noisy() {
				return st.Faint.Render("few")
			}
			return st.statusStyle(f.Standing).Render(signed(f.NPS))
		}
		if h >= len(p.channels)+4 {
			for i := range p.channels {
				f := &p.channels[i]
				lines = append(lines, "  "+fit(f.Group.Name, 12)+" "+fitRight(compact(f.Stat.Responses()), 6)+" "+
					fitRight(score(f), 5)+" "+st.shareBar(f.Stat, max(0, min(20, w-30))))
			}
		} else {
			var parts []string
			for i := range p.channels {
				f := &p.channels[i]
				parts = append(parts, f.Group.Name+" "+score(f)+st.Faint.Render(" ("+compact(f.Stat.Responses())+")"))
			}
			lines = append(lines, "  "+strings.Join(parts, st.Faint.Render(" · ")))
		}
		lines = append(lines, st.Faint.Render(strings.Repeat("─", w)))
	}
	empty := "no detractors yet"
	lines = append(lines, p.list.view(st, m.board.Now, m.board.Loc, empty, w, h-len(lines), p.focus == 1)...)
	title := "Latest detractors"
	if p.kind == pageQueue {
		title = "Channels and latest detractors"
	}
	return st.box(title, "", lines, r.W, r.H, p.focus == 1)
}

// detail draws every field of the response, and its whole comment wrapped to the width.
func (p *page) detail(m *Model, w, h int) []string {
	st, r := &m.st, &p.resp
	class := r.Class().String()
	field := func(name, v string) string { return st.Faint.Render(fit(name, 10)) + v }
	lines := []string{
		field("Score", st.classStyle(r.Class()).Render(fmt.Sprint(r.Score))+" "+class),
		field("Time", r.Time.In(m.board.Loc).Format("Mon 02 Jan 2006 15:04:05 MST")),
		field("Queue", r.Queue),
		field("Agent", orDash(r.Agent)),
		field("Team", orDash(r.Team)),
		field("Channel", orDash(r.Channel)),
		field("Customer", orDash(r.Customer)),
	}
	if r.CSAT > 0 {
		lines = append(lines, field("CSAT", fmt.Sprintf("%d of 5", r.CSAT)))
	}
	if r.CES > 0 {
		lines = append(lines, field("CES", fmt.Sprintf("%d of 7", r.CES)))
	}
	lines = append(lines, "", st.Bold.Render("Comment"))
	if r.Comment == "" {
		lines = append(lines, st.Faint.Render("(no comment)"))
	} else {
		for _, para := range strings.Split(r.Comment, "\n") {
			lines = append(lines, strings.Split(ansi.Wrap(para, max(w, 1), ""), "\n")...)
		}
	}
	p.scroll = min(max(p.scroll, 0), max(0, len(lines)-h))
	return block(lines[p.scroll:], w, h)
}

// shortDuration writes a duration briefly: 8m, 2h, 1d.
func shortDuration(d time.Duration) string {
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d >= time.Hour && d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return fmt.Sprintf("%dm", d/time.Minute)
}
