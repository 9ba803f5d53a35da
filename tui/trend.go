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
	y := trendRange(pts, target, key.h)
	sig := signature(pts, y)
	if key == c.key && c.lines != nil && slices.Equal(sig, c.sig) {
		return c.lines
	}
	c.key, c.sig = key, sig
	c.lines = drawTrend(st, pts, target, y, key.w, key.h, key.braille)
	return c.lines
}

// signature is what decides the drawing: the axis, the first and last instants (the labels),
// and each point's level, four to a row (braille's resolution), or -1 without responses.
func signature(pts []model.TrendPoint, y yAxis) []int64 {
	levels := float64(4 * y.rows)
	lo, hi := y.lo, y.hi
	sig := []int64{int64(lo), int64(hi), int64(y.rows), int64(y.every), int64(len(pts))}
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

// yAxis is a chart's Y range, the rows it spans and how many rows apart its labels are.
type yAxis struct {
	lo, hi      float64
	rows, every int
}

// trendRange is the Y axis of a chart h cells high: the data and the target, in round steps.
func trendRange(pts []model.TrendPoint, target float64, h int) yAxis {
	lo, hi := target, target
	for _, p := range pts {
		if v, ok := p.Stat.NPS(); ok {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	return niceRange(lo, hi, max(1, h-xAxisRows))
}

// xAxisRows are the rows ntcharts keeps for the X axis and its labels.
const xAxisRows = 2

// drawTrend draws the points' NPS as a line over a dotted line at the target. Steps without
// responses leave a gap. The Y axis spans the data and the target, in tens.
func drawTrend(st *Styles, pts []model.TrendPoint, target float64, y yAxis, w, h int, braille bool) []string {
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
	// A chart shorter than its room (so that its labels are round) leaves the top rows blank.
	pad := max(0, h-xAxisRows-y.rows)
	lc := linechart.New(w, h-pad, 0, float64(len(pts)-1), y.lo, y.hi,
		linechart.WithXYSteps(12, y.every),
		linechart.WithStyles(st.chartAxis, st.chartAxis, st.chartLine),
		linechart.WithXLabelFormatter(xLabel),
		linechart.WithYLabelFormatter(yLabel),
	)
	lc.DrawXYAxisAndLabel()
	// The target as a dotted line, drawn first so that the NPS line crosses over it.
	row := labelRow(&lc, target)
	for x := 1; x <= lc.GraphWidth(); x += 2 {
		lc.Canvas.SetCell(canvas.Point{X: lc.Origin().X + x, Y: row}, canvas.NewCellWithStyle('·', st.chartTarget))
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
			x := lc.Origin().X + 1 + int(math.Round(float64(i)/float64(len(pts)-1)*float64(lc.GraphWidth()-1)))
			lc.Canvas.SetCell(canvas.Point{X: x, Y: labelRow(&lc, v)}, canvas.NewCellWithStyle('•', st.chartLine))
		}
		prev = &cur
	}
	return block(append(make([]string, pad), strings.Split(lc.View(), "\n")...), w, h)
}

// labelRow is the canvas row of value v on the scale of the Y labels and the line runes: the
// X axis is lo, GraphHeight rows up is hi. (ntcharts' DrawRune uses a scale one row shorter and
// a row higher, which put a +20 target on the +25 or +30 row, and -100 on the -50 row.) A value
// within half a row of lo is drawn on the axis itself.
func labelRow(lc *linechart.Model, v float64) int {
	lo, hi := lc.ViewMinY(), lc.ViewMaxY()
	up := 0
	if hi > lo {
		up = int(math.Round((v - lo) / (hi - lo) * float64(lc.GraphHeight())))
	}
	return lc.Origin().Y - min(max(up, 0), lc.GraphHeight())
}

// niceRange picks the Y range of a chart of rows rows, and the rows between its labels, so
// that it holds lo..hi with a little room, stays within -100..+100, and every label is a round
// number. Labels come about every four rows. When no round step fits the data, the full scale
// is drawn: on all the rows if that keeps the labels round, else on the largest multiple of four
// rows, labelled every 50 (86 rows of -100..+100 would otherwise read +95, +47, -2, -51), or, on
// a short chart, labelled as often as round numbers allow (7 rows: -100 and +100 only).
func niceRange(lo, hi float64, rows int) yAxis {
	every := max(1, rows/4)
	for _, label := range []float64{5, 10, 20, 25, 50, 100} {
		total := label * float64(rows) / float64(every)
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
			return yAxis{from, to, rows, every}
		}
	}
	round := func(every int) bool { return (200*every)%(5*rows) == 0 }
	if round(every) { // 10 rows, labelled every 2: +100, +60, +20, -20, -60, -100
		return yAxis{-100, 100, rows, every}
	}
	if rows >= 8 {
		rows -= rows % 4
		return yAxis{-100, 100, rows, rows / 4}
	}
	for every < rows && !round(every) {
		every++
	}
	return yAxis{-100, 100, rows, every}
}
