package tui

import (
	"math"
	"strings"

	"github.com/npsboard/npsboard/model"
)

// shareBar draws the promoter, passive and detractor shares of s in w cells. In colour each
// share is a solid run of its colour; without colour the runs differ by glyph: █ promoters,
// ▒ passives, ░ detractors.
func (st *Styles) shareBar(s model.Stat, w int) string {
	n := s.Responses()
	if n == 0 || w <= 0 {
		return strings.Repeat(" ", max(w, 0))
	}
	p := int(math.Round(float64(s.Promoters) / float64(n) * float64(w)))
	d := int(math.Round(float64(s.Detractors) / float64(n) * float64(w)))
	if p+d > w {
		d = w - p
	}
	pa := w - p - d
	g := st.glyphs
	return st.Promoter.Render(strings.Repeat(g.promoter, p)) +
		st.Passive.Render(strings.Repeat(g.passive, pa)) +
		st.Detractor.Render(strings.Repeat(g.detractor, d))
}

var sparkLevels = []rune("▁▂▃▄▅▆▇█")

// sparkScale is the range of NPS a table's sparklines share: so that rows compare (a sparkline
// shows level, not only movement), and so that queues between -30 and +40 do not all look flat,
// as they would on the whole -100..+100. It spans every group of the table, filtered or not.
type sparkScale struct{ lo, hi float64 }

// scaleOf spans every value of the rows' sparklines, at least 20 points wide.
func scaleOf(rows []model.Figures) sparkScale {
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range rows {
		for _, v := range rows[i].Spark {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if lo > hi {
		return sparkScale{-100, 100}
	}
	if hi-lo < 20 {
		mid := (lo + hi) / 2
		lo, hi = mid-10, mid+10
	}
	return sparkScale{lo, hi}
}

// sparkline draws NPS values on a scale in w cells, the latest at the right; a step without
// responses is blank. ntcharts' sparkline cannot draw below zero.
func sparkline(values []float64, sc sparkScale, w int) string {
	if w <= 0 {
		return ""
	}
	if len(values) > w {
		values = values[len(values)-w:]
	}
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", w-len(values)))
	for _, v := range values {
		if math.IsNaN(v) {
			b.WriteByte(' ')
			continue
		}
		i := int((v - sc.lo) / (sc.hi - sc.lo) * float64(len(sparkLevels)))
		b.WriteRune(sparkLevels[min(max(i, 0), len(sparkLevels)-1)])
	}
	return b.String()
}
