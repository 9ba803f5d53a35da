package tui

import (
	"math"
	"strings"

	"github.com/npsboard/npsboard/model"
)

// gauge draws an NPS on a track from -100 to +100, w cells wide, in two lines: the target's
// mark above, then the track, filled from zero to the score (█), the rest of the 95 % interval
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
	label := "▼ target " + signed(target)
	var marker string
	if mark+len([]rune(label)) <= w {
		marker = strings.Repeat(" ", mark) + label
	} else {
		l := "target " + signed(target) + " ▼"
		marker = strings.Repeat(" ", max(0, mark-len([]rune(l))+1)) + l
	}

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
