package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/npsboard/npsboard/model"
)

// siteScreen is one site: its figures and trend, the queues answered there (each its part at
// the site), and the site's latest detractors.
type siteScreen struct {
	versioned
	groupPanes
	tablePanes
}

func newSite(site string) *siteScreen {
	s := &siteScreen{groupPanes: groupPanes{group: model.Group{Dim: model.BySite, Name: site}}, tablePanes: tablePanes{noun: "queue"}}
	s.side.showQueue, s.side.showAgent = true, true
	return s
}

func (s *siteScreen) crumb() string                    { return s.group.Name }
func (s *siteScreen) shape() shape                     { return shapeFigures }
func (s *siteScreen) bindings(c *common) []key.Binding { return tableBindings(c, s.focus) }

func (s *siteScreen) refresh(c *common) {
	s.groupPanes.refresh(c)
	s.keepFocus(c)
	b, site := c.board, s.group.Name
	var rows []model.Figures
	for _, g := range b.Agg.SiteQueues(site) {
		rows = append(rows, b.figures(g, c.window, sparkSteps))
	}
	s.table.set(rows, c.sort, s.filtr)
	s.side.caseOf = b.Alerts.CaseOf
	s.side.set(b.Recent.Detractors(200, func(r *model.Response) bool { return r.Site == site }))
}

func (s *siteScreen) view(c *common) []paneView {
	out := append(s.views(c, "Site "+s.group.Name), s.tableView(c))
	if side := c.layout.Side; !side.Empty() {
		in := side.Inner()
		lines := s.side.view(c.st, c.now, c.board.Loc, "no detractors yet", in.W, in.H, s.focus == 1)
		out = append(out, paneView{side, c.st.box("Latest detractors at "+s.group.Name, s.side.note(), lines, side.W, side.H, s.focus == 1)})
	}
	return out
}

func (s *siteScreen) move(c *common, delta int) { s.tablePanes.move(delta) }

func (s *siteScreen) key(c *common, msg tea.KeyMsg) tea.Cmd {
	s.paneKey(c, msg, func() { s.open(c) })
	return nil
}

// open drills into the selected queue's part at the site, or the selected detractor.
func (s *siteScreen) open(c *common) {
	s.openSelected(c, func(f model.Figures) screen { return newQueueAt(f.Group.Queue, s.group.Name) })
}

func (s *siteScreen) mouse(c *common, msg tea.MouseMsg) {
	s.tablePanes.mouse(c, msg.X, msg.Y, isClick(msg), msg.Button == tea.MouseButtonWheelUp, msg.Button == tea.MouseButtonWheelDown, 0,
		func() { s.open(c) })
}
