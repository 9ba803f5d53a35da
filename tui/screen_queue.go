package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/npsboard/npsboard/model"
)

// queueScreen is one queue, or its part at one site: its figures and trend, its agents, its
// split by channel and its latest detractors.
type queueScreen struct {
	versioned
	groupPanes
	tablePanes
	site     string // "": the whole queue
	channels []model.Figures
	knowable model.Knowable // how soon the worsening detector can tell, at the queue's pace
	knows    bool
}

func newQueue(queue string) *queueScreen { return newQueueAt(queue, "") }

// newQueueAt is a queue's part at a site: its figures, its agents there.
func newQueueAt(queue, site string) *queueScreen {
	g := model.Group{Dim: model.ByQueue, Queue: queue}
	if site != "" {
		g = model.Group{Dim: model.BySiteQueue, Queue: queue, Name: site}
	}
	s := &queueScreen{groupPanes: groupPanes{group: g, site: site}, tablePanes: tablePanes{noun: "agent"}, site: site}
	s.side.showAgent = true
	return s
}

func (s *queueScreen) crumb() string                    { return s.group.Queue }
func (s *queueScreen) shape() shape                     { return shapeFigures }
func (s *queueScreen) bindings(c *common) []key.Binding { return tableBindings(c, s.focus) }

func (s *queueScreen) refresh(c *common) {
	s.groupPanes.refresh(c)
	s.keepFocus(c)
	b, q, site := c.board, s.group.Queue, s.site
	rows, shrunk := b.Agg.AgentsAt(q, site, c.agentWindow, b.Now, b.Loc, b.TargetOf(q), sparkSteps)
	s.table.shrunk = shrunk
	s.table.set(rows, c.sort, s.filtr)
	s.channels = s.channels[:0]
	if site == "" { // channels are kept by queue, not by site
		for _, g := range b.Agg.Within(q, model.ByQueueChannel) {
			if f := b.figures(g, c.window, 0); f.HasNPS {
				s.channels = append(s.channels, f)
			}
		}
	}
	s.knowable, s.knows = model.Knowable{}, false
	if slices.Contains(b.Alerts.Rules.QueueRules, model.RuleWorsening) {
		s.knowable, s.knows = b.Alerts.Knowable(b.Agg, q, b.Now)
	}
	s.side.caseOf = b.Alerts.CaseOf
	s.side.set(b.Recent.Detractors(200, func(r *model.Response) bool { return r.Queue == q && (site == "" || r.Site == site) }))
}

func (s *queueScreen) view(c *common) []paneView {
	title := "Queue " + s.group.Queue
	if s.site != "" {
		title += " at " + s.site
	}
	out := append(s.views(c, title), s.tableView(c))
	if side := c.layout.Side; !side.Empty() {
		out = append(out, paneView{side, s.sideView(c, side)})
	}
	return out
}

// sideView is the channel split, then the latest detractors.
func (s *queueScreen) sideView(c *common, r Rect) []string {
	st, in := c.st, r.Inner()
	w, h := in.W, in.H
	var lines []string
	if s.knows && h >= 6 {
		lines = append(lines, st.Faint.Render(knowableWords(&s.knowable, w)))
	}
	if h >= 8 && len(s.channels) == 0 || h >= len(s.channels)+10 {
		lines = append(lines, whyLines(c, s.group, c.window, w, h-len(lines))...)
	}
	if len(s.channels) > 0 {
		// A row each when there is room, else all on one line.
		score := func(f *model.Figures) string {
			if f.Noisy() {
				return st.Faint.Render("few")
			}
			return st.statusStyle(f.Standing).Render(signed(f.NPS))
		}
		if h >= len(s.channels)+4 {
			cols := []column{left(12), right(6), right(5), left(max(0, min(20, w-30)))}
			for i := range s.channels {
				f := &s.channels[i]
				lines = append(lines, "  "+cells(cols, cols[0].cell(f.Group.Name), cols[1].cell(compact(f.Stat.Responses())),
					fitRight(score(f), cols[2].w), st.shareBar(f.Stat, cols[3].w)))
			}
		} else {
			var parts []string
			for i := range s.channels {
				f := &s.channels[i]
				parts = append(parts, f.Group.Name+" "+score(f)+st.Faint.Render(" ("+compact(f.Stat.Responses())+")"))
			}
			lines = append(lines, "  "+strings.Join(parts, st.Faint.Render(" · ")))
		}
		lines = append(lines, st.Faint.Render(strings.Repeat("─", w)))
	}
	lines = append(lines, s.side.view(st, c.now, c.board.Loc, "no detractors yet", w, h-len(lines), s.focus == 1)...)
	title := "Channels and latest detractors"
	if len(s.channels) == 0 {
		title = "Latest detractors"
	}
	return st.box(title, s.side.note(), lines, r.W, r.H, s.focus == 1)
}

func (s *queueScreen) move(c *common, delta int) { s.tablePanes.move(delta) }

func (s *queueScreen) key(c *common, msg tea.KeyMsg) tea.Cmd {
	s.paneKey(c, msg, func() { s.open(c) })
	return nil
}

// open drills into the selected agent, or the selected detractor.
func (s *queueScreen) open(c *common) {
	s.openSelected(c, func(f model.Figures) screen { return newAgentAt(f.Group.Queue, f.Group.Name, s.site) })
}

func (s *queueScreen) mouse(c *common, msg tea.MouseMsg) {
	s.tablePanes.mouse(c, msg.X, msg.Y, isClick(msg), msg.Button == tea.MouseButtonWheelUp, msg.Button == tea.MouseButtonWheelDown, -1,
		func() { s.open(c) })
}

// knowableWords say how soon a worsening of the queue can be confirmed at its pace: the
// detector needs evidence, and at a few dozen answers an hour that takes hours, not minutes.
// Whole, in w columns: fewer words when narrow.
func knowableWords(k *model.Knowable, w int) string {
	about := func(d time.Duration) string {
		d = d.Round(10 * time.Minute)
		if d < time.Hour {
			return fmt.Sprintf("%dm", max(d/time.Minute, 10))
		}
		if m := d % time.Hour / time.Minute; m != 0 {
			return fmt.Sprintf("%dh%02d", d/time.Hour, m)
		}
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	// At a pace, in hours; when the last hours were quiet (a floor closed at night), in answers.
	takes := func(i int) string { return about(k.Takes[i]) }
	first := fmt.Sprintf("At %.0f answers an hour, detractors", k.PerHour)
	if k.PerHour <= 0 {
		takes = func(i int) string { return fmt.Sprintf("%.0f answers", k.Responses[i]) }
		first = "Detractors"
	}
	d, p := takes(0), takes(1)
	says := []string{
		fmt.Sprintf("%s +%.0f pts take about %s to confirm, promoters −%.0f about %s", first, k.Detractors, d, k.Promoters, p),
		fmt.Sprintf("To confirm: detractors +%.0f pts ≈ %s, promoters −%.0f ≈ %s", k.Detractors, d, k.Promoters, p),
		fmt.Sprintf("+%.0f det. ≈ %s · −%.0f prom. ≈ %s", k.Detractors, d, k.Promoters, p),
	}
	for _, s := range says {
		if lipgloss.Width(s) <= w {
			return s
		}
	}
	return ""
}
