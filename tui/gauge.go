package tui

import (
	"math"
	"strings"

	"github.com/npsboard/npsboard/model"
)

// gauge draws an NPS on a track from -100 to +100, w cells wide, in two lines: the scale's
// ends and zero with the target's mark above (the target wins where they would meet), then the
// track, filled from zero to the score (█), the rest of the 95 % interval
// shaded (░), zero marked (┼). A score from too few responses shows its interval only.
// ntcharts has no gauge, and its bars cannot go below zero.
func (st *Styles) gauge(f *model.Figures, target float64, w int) []string {
	if w < 5 {
		return []string{strings.Repeat(" ", max(w, 0)), strings.Repeat(" ", max(w, 0))}
	}
	col := func(v float64) int {
		return int(math.Round((math.Max(-100, math.Min(100, v)) + 100) / 200 * float64(w-1)))
	}
	zero, mark := col(0), col(target)
	label, at := "▼ target "+signed(target), mark
	if mark+len([]rune(label)) > w {
		label = "target " + signed(target) + " ▼"
		at = max(0, mark-len([]rune(label))+1)
	}
	line := []rune(strings.Repeat(" ", w))
	taken := make([]bool, w) // the target's label, and a space either side
	for i := max(0, at-1); i < min(w, at+len([]rune(label))+1); i++ {
		taken[i] = true
	}
	put := func(text string, from int) {
		r := []rune(text)
		if from < 0 || from+len(r) > w {
			return
		}
		for i := from; i < from+len(r); i++ {
			if taken[i] {
				return
			}
		}
		copy(line[from:], r)
	}
	if w >= 24 { // room for the scale beside the target
		put("-100", 0)
		put("+100", w-4)
		put("0", zero)
	}
	copy(line[at:], []rune(label))
	marker := strings.TrimRight(string(line), " ")

	fill := st.statusStyle(f.Standing)
	var b strings.Builder
	lo, hi, v := zero, zero, zero
	ciLo, ciHi := -1, -1
	solid := f.HasNPS && !f.Noisy()
	if f.HasNPS {
		v = col(f.NPS)
		lo, hi = min(zero, v), max(zero, v)
		ciLo, ciHi = col(f.CI.Lo), col(f.CI.Hi)
	}
	for c := range w {
		switch {
		case solid && c >= lo && c <= hi && (c != zero || v == zero):
			b.WriteString(fill.Render("█"))
		case c == zero:
			b.WriteString(st.Faint.Render("┼"))
		case c >= ciLo && c <= ciHi:
			b.WriteString(fill.Render("░"))
		default:
			b.WriteString(st.Faint.Render("─"))
		}
	}
	return []string{fit(st.Faint.Render(marker), w), b.String()}
}
