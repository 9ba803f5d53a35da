package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/npsboard/npsboard/model"
)

// agentScreen is one agent in one queue: figures and trend, and their responses, newest first.
type agentScreen struct {
	versioned
	groupPanes
	responses responseList
	whyTop    int // the list's lines above its rows: the why pane's
}

func newAgent(queue, agent string) *agentScreen { return newAgentAt(queue, agent, "") }

// newAgentAt is an agent opened from a queue's part at a site: its estimate is among the agents
// there.
func newAgentAt(queue, agent, site string) *agentScreen {
	s := &agentScreen{groupPanes: groupPanes{group: model.Group{Dim: model.ByAgent, Queue: queue, Name: agent}, site: site}}
	s.responses.showClass = true
	return s
}

func (s *agentScreen) crumb() string { return s.group.Name }
func (s *agentScreen) shape() shape  { return shapeFiguresList }

func (s *agentScreen) bindings(c *common) []key.Binding {
	k := c.keys
	b := []key.Binding{k.Move, k.Enter}
	if c.depth > 1 {
		b = append(b, k.Back)
	}
	return append(b, k.Help, k.Quit, k.Alerts, k.Window, k.Pause)
}

func (s *agentScreen) refresh(c *common) {
	s.groupPanes.refresh(c)
	s.responses.caseOf = c.board.Alerts.CaseOf
	s.responses.set(c.board.Recent.Agent(s.group.Queue, s.group.Name, 0))
}

func (s *agentScreen) view(c *common) []paneView {
	main, in := c.layout.Main, c.layout.Main.Inner()
	var lines []string
	if in.H >= 8 { // what the agent's detractors talk about, over the agents' window
		lines = whyLines(c, s.group, c.agentWindow, in.W, in.H)
	}
	s.whyTop = len(lines)
	lines = append(lines, s.responses.view(c.st, c.now, c.board.Loc, "no responses kept for this agent", in.W, in.H-len(lines), true)...)
	title := "Agent " + s.group.Name + " in " + s.group.Queue
	return append(s.views(c, title), paneView{main, c.st.box("Responses, newest first", fmt.Sprintf("%d kept", len(s.responses.items)), lines, main.W, main.H, true)})
}

func (s *agentScreen) move(c *common, delta int) { s.responses.move(delta) }

func (s *agentScreen) key(c *common, msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, c.keys.Enter) {
		s.open(c)
	}
	return nil
}

func (s *agentScreen) open(c *common) {
	if r, ok := s.responses.selected(); ok {
		c.open(newResponse(r))
	}
}

func (s *agentScreen) mouse(c *common, msg tea.MouseMsg) {
	main := c.layout.Main
	if !main.Contains(msg.X, msg.Y) {
		return
	}
	listMouse(msg, s.responses.rowAt(msg.Y-main.Inner().Y-s.whyTop), s.responses.cur.sel, func(d int) { s.move(c, d) }, func() { s.open(c) })
}

func (s *agentScreen) selectedResponse() (model.Response, bool) { return s.responses.selected() }
