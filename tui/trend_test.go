package tui

import (
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
)

func points(stats ...model.Stat) []model.TrendPoint {
	pts := make([]model.TrendPoint, len(stats))
	for i, s := range stats {
		pts[i] = model.TrendPoint{End: testNow.Add(time.Duration(i-len(stats)) * time.Minute), Stat: s}
	}
	return pts
}

// The chart is drawn again exactly when the drawing would change.
func TestTheTrendIsRedrawnOnlyWhenItsDrawingChanges(t *testing.T) {
	st := NewStyles(Themes["dark"])
	key := trendKey{w: 60, h: 10, what: "overall@1h"}
	var c trendChart
	redrawn := func(pts []model.TrendPoint) bool {
		before := c.lines
		after := c.view(&st, key, pts, 20)
		return before == nil || &before[0] != &after[0]
	}
	if !redrawn(points(model.Stat{}, model.Stat{})) {
		t.Fatal("the first drawing was not made")
	}
	base := points(model.Stat{Promoters: 500, Passives: 300, Detractors: 200}, model.Stat{Promoters: 520, Passives: 300, Detractors: 200})
	if !redrawn(base) {
		t.Error("an empty chart was kept when responses came")
	}
	nudged := points(model.Stat{Promoters: 500, Passives: 300, Detractors: 200}, model.Stat{Promoters: 521, Passives: 300, Detractors: 200})
	if redrawn(nudged) {
		t.Error("a response that moves no point by a row redrew the chart")
	}
	moved := points(model.Stat{Promoters: 500, Passives: 300, Detractors: 200}, model.Stat{Promoters: 520, Passives: 300, Detractors: 400})
	if !redrawn(moved) {
		t.Error("a point that moved was not redrawn")
	}
	key.w = 70
	if !redrawn(moved) {
		t.Error("a new size was not redrawn")
	}
}
