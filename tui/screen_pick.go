package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// pickScreen chooses one of a few lists of options, each with its count: the filters of the
// alerts (state, rule, queue, owner). enter takes the selected one and goes back.
type pickScreen struct {
	title string
	rows  []pickRow
	sel   int
	top   int
}

// pickRow is an option, or a heading when apply is nil.
type pickRow struct {
	label   string
	count   int
	current bool
	apply   func()
}

func (s *pickScreen) crumb() string { return s.title }
func (s *pickScreen) shape() shape  { return shapeSingle }

func (s *pickScreen) bindings(c *common) []key.Binding {
	k := c.keys
	return []key.Binding{k.Move, k.Enter, k.Back, k.Help, k.Quit}
}

func (s *pickScreen) refresh(c *common) {
	if s.rows != nil && s.rows[s.sel].apply == nil {
		s.move(c, 1)
	}
}

func (s *pickScreen) view(c *common) []paneView {
	st, main, in := c.st, c.layout.Main, c.layout.Main.Inner()
	w, h := in.W, in.H
	if s.sel < s.top {
		s.top = s.sel
	}
	if h > 0 && s.sel >= s.top+h {
		s.top = s.sel - h + 1
	}
	var lines []string
	for i := s.top; i < len(s.rows) && len(lines) < h; i++ {
		r := s.rows[i]
		if r.apply == nil {
			lines = append(lines, st.Faint.Render(fit(r.label, w)))
			continue
		}
		text := fmt.Sprintf("%-28s %6s", fit(r.label, 28), thousands(int64(r.count)))
		if r.current {
			text += "  (now)"
		}
		if i == s.sel {
			text = st.Bold.Render(text)
		}
		lines = append(lines, fit(st.marker(i == s.sel, true)+text, w))
	}
	return []paneView{{main, st.box(s.title, "enter takes it · esc back", block(lines, w, h), main.W, main.H, true)}}
}

// move goes to the next option up or down, over the headings.
func (s *pickScreen) move(c *common, delta int) {
	step := 1
	if delta < 0 {
		step = -1
	}
	for n := max(delta*step, 1); n > 0; n-- {
		i := s.sel + step
		for i >= 0 && i < len(s.rows) && s.rows[i].apply == nil {
			i += step
		}
		if i < 0 || i >= len(s.rows) {
			return
		}
		s.sel = i
	}
}

func (s *pickScreen) key(c *common, msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, c.keys.Enter) && s.sel < len(s.rows) && s.rows[s.sel].apply != nil {
		s.rows[s.sel].apply()
		c.close()
	}
	return nil
}

func (s *pickScreen) mouse(c *common, msg tea.MouseMsg) { wheel(msg, func(d int) { s.move(c, d) }) }
