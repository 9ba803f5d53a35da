package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Borders: single lines for panes, double lines for the focused one, so focus shows without
// colour. Both sets are in the console's CP437 glyphs, unlike rounded or thick corners.
var (
	plainBorder = [6]string{"┌", "┐", "└", "┘", "─", "│"}
	focusBorder = [6]string{"╔", "╗", "╚", "╝", "═", "║"}
)

// box draws content inside a border of exactly w×h cells, with a title and an optional note in
// the top border. Content lines are cut or padded to the inside width.
func (st *Styles) box(title, note string, content []string, w, h int, focused bool) []string {
	if w < 2 || h < 2 {
		return block(nil, w, h)
	}
	b, bs := plainBorder, st.Border
	if focused {
		b, bs = focusBorder, st.FocusBorder
	}
	inner := w - 2*borderSize
	// ┌ Title ───── note ┐
	top := b[4]
	if title != "" && inner >= 4 {
		t := ansi.Truncate(title, inner-2, "…")
		top += " " + st.Title.Render(t) + " "
	}
	if note != "" {
		used := ansi.StringWidth(top)
		if room := inner - used - 3; room >= 4 {
			n := ansi.Truncate(note, room, "…")
			fill := inner - used - ansi.StringWidth(n) - 2
			top += bs.Render(strings.Repeat(b[4], fill)) + " " + st.Faint.Render(n) + " "
		}
	}
	if used := ansi.StringWidth(top); used < inner {
		top += strings.Repeat(b[4], inner-used)
	}
	lines := make([]string, 0, h)
	lines = append(lines, bs.Render(b[0])+colorRuns(top, b[4], bs)+bs.Render(b[1]))
	side := bs.Render(b[5])
	for _, c := range block(content, inner, h-2*borderSize) {
		lines = append(lines, side+c+side)
	}
	return append(lines, bs.Render(b[2]+strings.Repeat(b[4], inner)+b[3]))
}

// colorRuns styles the border runs of a top line whose title is already styled: the leading
// and trailing rule characters get the border's style.
func colorRuns(top, rule string, s paint) string {
	lead := 0
	for strings.HasPrefix(top[lead:], rule) {
		lead += len(rule)
	}
	trail := len(top)
	for trail > lead && strings.HasSuffix(top[:trail], rule) {
		trail -= len(rule)
	}
	out := top[lead:trail]
	if lead > 0 {
		out = s.Render(top[:lead]) + out
	}
	if trail < len(top) {
		out += s.Render(top[trail:])
	}
	return out
}
