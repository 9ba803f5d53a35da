package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/npsboard/npsboard/model"
)

// Theme is the dashboard's palette, by meaning. Each colour is complete (true colour, 256 and
// 16 colours) so that red and green stay apart on a 16-colour console; and every status the
// colours say is also said by a glyph or a word, for NO_COLOR and the Linux console. On the
// background a theme is for (black, or white for light), text is at least 4.5:1 and borders
// 3:1 (WCAG 2 AA), in true colour and in 256 colours: TestThemesAreReadable measures it.
type Theme struct {
	Name      string
	Promoter  lipgloss.CompleteColor
	Passive   lipgloss.CompleteColor
	Detractor lipgloss.CompleteColor
	Alert     lipgloss.CompleteColor
	Faint     lipgloss.CompleteColor
	Border    lipgloss.CompleteColor
	Focus     lipgloss.CompleteColor
}

func cc(truecolor, ansi256, ansi string) lipgloss.CompleteColor {
	return lipgloss.CompleteColor{TrueColor: truecolor, ANSI256: ansi256, ANSI: ansi}
}

// Themes are the themes --theme can name. Dark is the default.
var Themes = map[string]Theme{
	"dark": {
		Name:      "dark",
		Promoter:  cc("#56D364", "77", "2"),
		Passive:   cc("#B1BAC4", "250", "7"),
		Detractor: cc("#F85149", "203", "1"),
		Alert:     cc("#E3B341", "178", "3"),
		Faint:     cc("#7D8590", "244", "8"),
		Border:    cc("#6E7681", "242", "8"),
		Focus:     cc("#58A6FF", "75", "4"),
	},
	"light": {
		Name:      "light",
		Promoter:  cc("#1A7F37", "28", "2"),
		Passive:   cc("#57606A", "241", "8"),
		Detractor: cc("#CF222E", "160", "1"),
		Alert:     cc("#9A6700", "130", "3"),
		Faint:     cc("#6E7781", "243", "8"),
		Border:    cc("#8C959F", "245", "8"),
		Focus:     cc("#0969DA", "26", "4"),
	},
	"high-contrast": {
		Name:      "high-contrast",
		Promoter:  cc("#00FF00", "46", "10"),
		Passive:   cc("#FFFFFF", "15", "15"),
		Detractor: cc("#FF3B3B", "196", "9"),
		Alert:     cc("#FFFF00", "226", "11"),
		Faint:     cc("#D0D0D0", "252", "7"),
		Border:    cc("#FFFFFF", "15", "15"),
		Focus:     cc("#00FFFF", "51", "14"),
	},
}

// ThemeNamed finds a theme by name.
func ThemeNamed(name string) (Theme, error) {
	if t, ok := Themes[name]; ok {
		return t, nil
	}
	return Theme{}, fmt.Errorf("want dark, light or high-contrast")
}

// Styles are the styles of a theme, built once: never inside a render loop.
type Styles struct {
	Promoter, Passive, Detractor, Alert paint
	Faint, Bold, Title, Header          paint
	Border, FocusBorder                 paint
	Paused                              paint
	glyphs                              glyphs
	// chart are the lipgloss styles ntcharts draws with.
	chartAxis, chartLine, chartTarget lipgloss.Style
	// help are the footer's and ?'s styles: bubbles' own greys are not the theme's (its keys
	// were grey 59 on dark, nearly invisible).
	help help.Styles
}

// paint is a style reduced to the escape sequences around its text. lipgloss' Render measures,
// wraps and aligns its text on every call; a dashboard paints thousands of cells a second with
// styles that only colour, so each is rendered once and its sequences kept.
type paint struct{ pre, post string }

func paintOf(s lipgloss.Style) paint {
	r := s.Render("x") // no escape sequence holds an x
	i := strings.IndexByte(r, 'x')
	return paint{pre: r[:i], post: r[i+1:]}
}

// Render paints the strings, joined, as lipgloss.Style.Render does.
func (p paint) Render(strs ...string) string {
	s := strings.Join(strs, "")
	if p.pre == "" || s == "" {
		return s
	}
	return p.pre + s + p.post
}

// glyphs are the characters of the shares bar: with colour, solid runs; without, three shades.
type glyphs struct{ promoter, passive, detractor string }

// NewStyles builds the styles of a theme for the terminal's colour profile.
func NewStyles(t Theme) Styles {
	fg := func(c lipgloss.CompleteColor) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	g := glyphs{"█", "█", "█"}
	if lipgloss.ColorProfile() == termenv.Ascii {
		g = glyphs{"█", "▒", "░"}
	}
	bold := lipgloss.NewStyle().Bold(true)
	return Styles{
		glyphs:      g,
		Promoter:    paintOf(fg(t.Promoter)),
		Passive:     paintOf(fg(t.Passive)),
		Detractor:   paintOf(fg(t.Detractor)),
		Alert:       paintOf(fg(t.Alert).Bold(true)),
		Faint:       paintOf(fg(t.Faint)),
		Bold:        paintOf(bold),
		Title:       paintOf(bold),
		Header:      paintOf(bold),
		Border:      paintOf(fg(t.Border)),
		FocusBorder: paintOf(fg(t.Focus).Bold(true)),
		Paused:      paintOf(fg(t.Alert).Bold(true).Reverse(true)),
		chartAxis:   fg(t.Faint),
		chartLine:   bold,
		chartTarget: fg(t.Alert),
		help: help.Styles{
			ShortKey:       fg(t.Passive).Bold(true),
			ShortDesc:      fg(t.Faint),
			ShortSeparator: fg(t.Faint),
			Ellipsis:       fg(t.Faint),
			FullKey:        fg(t.Passive).Bold(true),
			FullDesc:       fg(t.Faint),
			FullSeparator:  fg(t.Faint),
		},
	}
}

// statusStyle colours a figure by where its group stands against the target.
func (st *Styles) statusStyle(ts model.Standing) paint {
	switch ts {
	case model.OnTarget:
		return st.Promoter
	case model.NearTarget:
		return st.Alert
	case model.BelowTarget:
		return st.Detractor
	}
	return st.Faint
}
