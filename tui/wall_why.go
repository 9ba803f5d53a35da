package tui

import (
	"fmt"
	"strings"

	"github.com/npsboard/npsboard/model"
)

// wallWhy is what the floor's detractors talk about today, the first themes as large as the
// wall allows.
type wallWhy struct{}

func (wallWhy) title() string { return "Detractors' themes · today" }

func (wallWhy) body(c *common, _ *wall, w, h int, stale bool) []string {
	st, b := c.st, c.board
	counts := b.Themes().Count(model.Today().Span(b.Now, b.Loc))
	list := counts.Themes()
	lines := []string{center(st.Faint.Render(fmt.Sprintf("%s detractors' and %s promoters' comments today", thousands(counts.N[model.Detractor]),
		thousands(counts.N[model.Promoter]))), w), ""}
	switch {
	case len(list) > 0:
	case counts.N[model.Detractor] < 20:
		lines = append(lines, center(st.Faint.Render("no theme yet: too few comments today"), w))
	default:
		lines = append(lines, center(st.Faint.Render("no theme stands out yet today"), w)) // at p < 0.001: see whyNone
	}
	// The first three in block letters when the wall has room (read across a room), then a line
	// each, spaced out when there is room.
	var words []string
	for _, t := range list[:min(3, len(list))] {
		if word := strings.ToUpper(t.Surface) + " " + pct(t.DetShare); inFont(word) {
			words = append(words, word)
			continue
		}
		break
	}
	// One scale for all three, the largest at which each fits in its third of the room left
	// after a line for each of the others.
	scale := 0
	if n := len(words); n > 0 {
		each := (h - len(lines) - min(len(list)-n, 7)) / n
		scale = 1 << 30
		for _, word := range words {
			scale = min(scale, bigScale(word, w-2, each-1))
		}
	}
	big := 0
	if scale >= 1 {
		paint := st.Detractor
		if stale {
			paint = st.Faint
		}
		for _, word := range words {
			for _, l := range bigTextScaled(word, scale) {
				lines = append(lines, paint.Render(center(l, w)))
			}
			lines = append(lines, "")
			big++
		}
	}
	gap := 0
	if n := min(len(list)-big, 10); n > 0 && h-len(lines) >= 2*n {
		gap = 1
	}
	for i, t := range list {
		if i < big {
			continue
		}
		if len(lines) >= h {
			break
		}
		text := fmt.Sprintf("%d. %s — %s of detractors' comments (%s of promoters')", i+1, t.Surface, pct(t.DetShare), pct(t.ProShare))
		paint := st.Detractor
		if stale {
			paint = st.Faint
		}
		lines = append(lines, paint.Render(center(text, w)))
		for range gap {
			lines = append(lines, "")
		}
	}
	return block(lines, w, h)
}
