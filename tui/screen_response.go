package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/model"
)

// responseScreen is one response, every field of it and its whole comment.
type responseScreen struct {
	resp   model.Response
	scroll int // the first line shown
}

func newResponse(r model.Response) *responseScreen { return &responseScreen{resp: r} }

func (s *responseScreen) crumb() string { return "response " + s.resp.ID }
func (s *responseScreen) shape() shape  { return shapeSingle }

func (s *responseScreen) bindings(c *common) []key.Binding {
	k := c.keys
	b := []key.Binding{k.Move}
	if c.depth > 1 {
		b = append(b, k.Back)
	}
	if _, ok := c.board.Alerts.CaseOf(&s.resp); ok {
		b = append(b, k.Ack, k.Assign, k.Resolve, k.Reopen)
	}
	return append(b, k.Help, k.Quit, k.Alerts, k.Window, k.Pause)
}

// caseLine says a case in a line: its severity and rule, who has it, where it stands.
func caseLine(a *model.Alert, now time.Time, loc *time.Location) string {
	s := a.Severity.String() + " · " + a.Rule + " · " + stateWord(a)
	if t := a.Taker(); t != "" {
		s += " · " + t
	}
	switch {
	case a.State == model.StateResolved && a.Outcome() != "":
		s += " · " + outcomeWords(a.Outcome())
	case a.Overdue(now):
		s += " · OVERDUE"
	case a.Open():
		s += " · due " + a.Due.In(loc).Format("Mon 15:04")
	}
	if n := len(a.Joined()); n > 0 {
		s += fmt.Sprintf(" · %d answers", n+1)
	}
	return s
}

func (s *responseScreen) refresh(*common) {}

func (s *responseScreen) selectedResponse() (model.Response, bool) { return s.resp, true }

func (s *responseScreen) view(c *common) []paneView {
	main, in := c.layout.Main, c.layout.Main.Inner()
	return []paneView{{main, c.st.box("Response "+s.resp.ID, "esc back", s.detail(c, in.W, in.H), main.W, main.H, true)}}
}

// detail draws every field of the response, and its whole comment wrapped to the width.
func (s *responseScreen) detail(c *common, w, h int) []string {
	st, r := c.st, &s.resp
	field := func(name, v string) string { return st.Faint.Render(fit(name, 10)) + v }
	lines := []string{
		field("Score", st.classStyle(r.Class()).Render(fmt.Sprint(r.Score))+" "+r.Class().String()),
		field("Time", r.Time.In(c.board.Loc).Format("Mon 02 Jan 2006 15:04:05 MST")),
		field("Queue", r.Queue),
		field("Agent", orDash(r.Agent)),
		field("Team", orDash(r.Team)),
		field("Channel", orDash(r.Channel)),
		field("Customer", orDash(r.Customer)),
	}
	if a, ok := c.board.Alerts.CaseOf(r); ok {
		lines = append(lines, field("Case", caseLine(a, c.now, c.board.Loc)))
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
	s.scroll = min(max(s.scroll, 0), max(0, len(lines)-h))
	return block(lines[s.scroll:], w, h)
}

func (s *responseScreen) move(c *common, delta int)         { s.scroll += delta }
func (s *responseScreen) key(*common, tea.KeyMsg) tea.Cmd   { return nil }
func (s *responseScreen) mouse(c *common, msg tea.MouseMsg) { wheel(msg, func(d int) { s.move(c, d) }) }
