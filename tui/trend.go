package tui

import (
	"math"
	"strings"
	"time"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/NimbleMarkets/ntcharts/linechart"
)

// trendChart draws a group's NPS over a window with ntcharts, and keeps what it drew: ntcharts
// styles every cell (about a millisecond a chart), and a trend moves in minutes. So new data
// redraws the chart at most every trendEvery of the feed's clock; a new size, window or group
// redraws it at once.
type trendChart struct {
	key     trendKey
	version uint64
	drawnAt time.Time
	lines   []string
}

type trendKey struct {
	w, h    int
	what    string // the group and window
	braille bool
}

const trendEvery = 5 * time.Second

// view returns the chart of pts in w×h cells, as of the board's version at instant now.
func (c *trendChart) view(st *Styles, key trendKey, version uint64, now time.Time, pts []TrendPoint, target float64) []string {
	fresh := key == c.key && c.lines != nil &&
		(version == c.version || now.Sub(c.drawnAt) < trendEvery && !now.Before(c.drawnAt))
	if fresh {
		return c.lines
	}
	c.key, c.version, c.drawnAt = key, version, now
	c.lines = drawTrend(st, pts, target, key.w, key.h, key.braille)
	return c.lines
}

// drawTrend draws the points' NPS as a line over a dotted line at the target. Steps without
// responses leave a gap. The Y axis spans the data and the target, in tens.
func drawTrend(st *Styles, pts []TrendPoint, target float64, w, h int, braille bool) []string {
	lo, hi, any := target, target, false
	for _, p := range pts {
		if v, ok := p.Stat.NPS(); ok {
			lo, hi, any = math.Min(lo, v), math.Max(hi, v), true
		}
	}
	if w < 24 || h < 5 || len(pts) < 2 {
		return block([]string{st.Faint.Render("not enough room for the trend")}, w, h)
	}
	if !any {
		return block([]string{"", st.Faint.Render("  no responses in this window")}, w, h)
	}
	rows := h - 2 // ntcharts keeps two rows for the X axis and its labels
	ySteps := max(1, rows/4)
	lo, hi = niceRange(lo, hi, rows, ySteps)
	span := pts[len(pts)-1].End.Sub(pts[0].End)
	layout := "15:04"
	if span > 36*time.Hour {
		layout = "02 Jan"
	}
	xLabel := func(_ int, v float64) string {
		i := min(max(int(math.Round(v)), 0), len(pts)-1)
		return pts[i].End.Format(layout)
	}
	yLabel := func(_ int, v float64) string { return signed(v) }
	lc := linechart.New(w, h, 0, float64(len(pts)-1), lo, hi,
		linechart.WithXYSteps(12, ySteps),
		linechart.WithStyles(st.chartAxis, st.chartAxis, st.chartLine),
		linechart.WithXLabelFormatter(xLabel),
		linechart.WithYLabelFormatter(yLabel),
	)
	lc.DrawXYAxisAndLabel()
	// The target as a dotted line, drawn first so that the NPS line crosses over it.
	for x := 0; x < lc.GraphWidth(); x += 2 {
		v := float64(x) / float64(max(1, lc.GraphWidth()-1)) * float64(len(pts)-1)
		lc.DrawRuneWithStyle(canvas.Float64Point{X: v, Y: target}, '·', st.chartTarget)
	}
	var prev *canvas.Float64Point
	for i, p := range pts {
		v, ok := p.Stat.NPS()
		if !ok {
			prev = nil
			continue
		}
		cur := canvas.Float64Point{X: float64(i), Y: v}
		if prev != nil {
			if braille {
				lc.DrawBrailleLineWithStyle(*prev, cur, st.chartLine)
			} else {
				lc.DrawLineWithStyle(*prev, cur, runes.ThinLineStyle, st.chartLine)
			}
		} else {
			lc.DrawRuneWithStyle(cur, '•', st.chartLine)
		}
		prev = &cur
	}
	return block(strings.Split(lc.View(), "\n"), w, h)
}

// niceRange picks the Y range of a chart of rows rows labelled every ySteps rows, so that it
// holds lo..hi with a little room, stays within -100..+100, and every label is a round number.
func niceRange(lo, hi float64, rows, ySteps int) (float64, float64) {
	for _, label := range []float64{5, 10, 20, 25, 50, 100} {
		total := label * float64(rows) / float64(ySteps)
		if total > 200 {
			break
		}
		from := math.Floor((lo-2)/label) * label
		to := from + total
		if to > 100 { // slide down to the top of the scale, by whole labels
			from -= math.Ceil((to-100)/label) * label
			to = from + total
		}
		if from >= -100 && to <= 100 && to >= hi+2 {
			return from, to
		}
	}
	return -100, 100
}
