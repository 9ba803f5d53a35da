package tui

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/NimbleMarkets/ntcharts/linechart"

	"github.com/npsboard/npsboard/model"
)

// trendChart draws a group's NPS over a window with ntcharts, and keeps what it drew: ntcharts
// styles every cell (about a millisecond a chart), so the chart is drawn again only when the
// drawing would differ: its size, window or group, its axis, its labels, or the row of a point.
// New responses that move no point by a row cost nothing.
type trendChart struct {
	key   trendKey
	sig   []int64
	lines []string
}

type trendKey struct {
	w, h    int
	what    string // the group and window
	braille bool
}

// view returns the chart of pts in w×h cells.
func (c *trendChart) view(st *Styles, key trendKey, pts []model.TrendPoint, target float64) []string {
	lo, hi := trendRange(pts, target, key.h)
	sig := signature(pts, lo, hi, key.h)
	if key == c.key && c.lines != nil && slices.Equal(sig, c.sig) {
		return c.lines
	}
	c.key, c.sig = key, sig
	c.lines = drawTrend(st, pts, target, lo, hi, key.w, key.h, key.braille)
	return c.lines
}

// signature is what decides the drawing: the axis, the first and last instants (the labels),
// and each point's level, four to a row (braille's resolution), or -1 without responses.
func signature(pts []model.TrendPoint, lo, hi float64, h int) []int64 {
	levels := float64(4 * max(h-xAxisRows, 1))
	sig := []int64{int64(lo), int64(hi), int64(len(pts))}
	if len(pts) > 0 {
		sig = append(sig, pts[0].End.Unix()/60, pts[len(pts)-1].End.Unix()/60)
	}
	for _, p := range pts {
		v, ok := p.Stat.NPS()
		if !ok {
			sig = append(sig, -1)
			continue
		}
		sig = append(sig, int64(math.Round((v-lo)/(hi-lo)*levels)))
	}
	return sig
}

// trendRange is the Y axis of a chart h cells high: the data and the target, in round steps.
func trendRange(pts []model.TrendPoint, target float64, h int) (lo, hi float64) {
	lo, hi = target, target
	for _, p := range pts {
		if v, ok := p.Stat.NPS(); ok {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	rows := h - xAxisRows
	return niceRange(lo, hi, rows, yStepsFor(rows))
}

func yStepsFor(rows int) int { return max(1, rows/4) }

// xAxisRows are the rows ntcharts keeps for the X axis and its labels.
const xAxisRows = 2

// drawTrend draws the points' NPS as a line over a dotted line at the target. Steps without
// responses leave a gap. The Y axis spans the data and the target, in tens.
func drawTrend(st *Styles, pts []model.TrendPoint, target, lo, hi float64, w, h int, braille bool) []string {
	any := false
	for _, p := range pts {
		any = any || p.Stat.Responses() > 0
	}
	if w < 24 || h < 5 || len(pts) < 2 {
		return block([]string{st.Faint.Render("not enough room for the trend")}, w, h)
	}
	if !any {
		return block([]string{"", st.Faint.Render("  no responses in this window")}, w, h)
	}
	ySteps := yStepsFor(h - xAxisRows)
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
