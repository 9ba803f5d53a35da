package tui

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

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

// The dotted target sits on the row its label names, at every chart height: ntcharts places a
// rune on a scale one row shorter than its labels', which put a +20 target on the +25 or +30 row.
func TestTheTargetLineSitsOnItsLabelledRow(t *testing.T) {
	st := NewStyles(Themes["dark"])
	sets := map[string][]model.TrendPoint{
		"rising":  points(model.Stat{Promoters: 50, Passives: 20, Detractors: 30}, model.Stat{Promoters: 60, Passives: 20, Detractors: 20}, model.Stat{Promoters: 70, Passives: 20, Detractors: 10}),
		"falling": points(model.Stat{Promoters: 40, Passives: 20, Detractors: 40}, model.Stat{Promoters: 30, Passives: 20, Detractors: 50}, model.Stat{Promoters: 20, Passives: 20, Detractors: 60}),
		"flat":    points(model.Stat{Promoters: 60, Passives: 30, Detractors: 10}, model.Stat{Promoters: 60, Passives: 30, Detractors: 10}),
	}
	checked := 0
	for name, pts := range sets {
		for h := 6; h <= 50; h++ {
			for _, braille := range []bool{false, true} {
				lines := drawTrend(&st, pts, 20, trendRange(pts, 20, h), 60, h, braille)
				labelled, dotted := -1, -1
				for i, l := range lines {
					plain := ansi.Strip(l)
					if strings.HasPrefix(plain, "+20") {
						labelled = i
					}
					if strings.Count(plain, "·") >= 5 {
						dotted = i
					}
				}
				if labelled < 0 {
					continue // +20 is not a label at this height
				}
				checked++
				if dotted != labelled {
					t.Errorf("%s, %d rows, braille %v: the target is on row %d, its label on row %d:\n%s",
						name, h, braille, dotted, labelled, ansi.Strip(strings.Join(lines, "\n")))
				}
			}
		}
	}
	if checked < 40 {
		t.Fatalf("only %d charts labelled +20", checked)
	}
}

// Every Y label is a round number, at every chart height, even when the data span the whole
// scale and no step of about four rows is round (7 rows of -100..+100 read +71, +43, +14).
func TestTrendLabelsAreRoundAtEveryHeight(t *testing.T) {
	st := NewStyles(Themes["dark"])
	wide := points(model.Stat{Promoters: 10}, model.Stat{Detractors: 10}, model.Stat{Promoters: 5, Detractors: 5})
	narrow := points(model.Stat{Promoters: 50, Passives: 30, Detractors: 20}, model.Stat{Promoters: 52, Passives: 30, Detractors: 18})
	for _, pts := range [][]model.TrendPoint{wide, narrow} {
		for h := 5; h <= 60; h++ {
			lines := drawTrend(&st, pts, 20, trendRange(pts, 20, h), 60, h, false)
			labels := 0
			for _, l := range lines[:len(lines)-1] { // the last row is the X labels
				head, _, ok := strings.Cut(ansi.Strip(l), "│")
				if !ok {
					head, _, ok = strings.Cut(ansi.Strip(l), "├")
				}
				if !ok {
					head, _, _ = strings.Cut(ansi.Strip(l), "└")
				}
				head = strings.TrimSpace(head)
				if head == "" {
					continue
				}
				n, err := strconv.Atoi(strings.TrimPrefix(head, "+"))
				if err != nil || n%5 != 0 {
					t.Errorf("%d rows: the label %q is not a round number:\n%s", h, head, ansi.Strip(strings.Join(lines, "\n")))
				}
				labels++
			}
			if labels < 2 {
				t.Errorf("%d rows: %d labels", h, labels)
			}
		}
	}
}
