package tui

import (
	"fmt"
	"testing"
)

func TestLayout(t *testing.T) {
	cases := []struct {
		name string
		w, h int
		kind shape
		want string // the panes, as X,Y,W,H; "-" for a pane not shown
	}{
		{"below the minimum nothing is placed", 59, 30, shapeFigures, "too small"},
		{"a classic terminal stacks the tables", 80, 24, shapeFigures,
			"summary 0,1,34,8 trend 34,1,46,8 main 0,9,80,9 side 0,18,80,5"},
		{"the smallest screen keeps figures and queues", 60, 16, shapeFigures,
			"summary 0,1,60,8 trend - main 0,9,60,6 side -"},
		{"a wide screen sets the tables side by side", 160, 48, shapeFigures,
			"summary 0,1,52,14 trend 52,1,108,14 main 0,15,96,32 side 96,15,64,32"},
		{"an agent's page gives the rest to the responses", 80, 24, shapeFiguresList,
			"summary 0,1,34,8 trend 34,1,46,8 main 0,9,80,14 side -"},
		{"a response takes the whole body", 80, 24, shapeSingle,
			"summary - trend - main 0,1,80,22 side -"},
		{"alerts: the list, and the selected one below", 80, 24, shapeListDetail,
			"summary - trend - main 0,1,80,15 side 0,16,80,7"},
		{"alerts on a short screen: the list alone", 80, 19, shapeListDetail,
			"summary - trend - main 0,1,80,17 side -"},
		{"alerts just tall enough for both", 80, 20, shapeListDetail,
			"summary - trend - main 0,1,80,11 side 0,12,80,7"},
	}
	r := func(x Rect) string {
		if x.Empty() {
			return "-"
		}
		return fmt.Sprintf("%d,%d,%d,%d", x.X, x.Y, x.W, x.H)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := computeLayout(c.w, c.h, c.kind, 0)
			got := "too small"
			if !l.TooSmall {
				got = fmt.Sprintf("summary %s trend %s main %s side %s", r(l.Summary), r(l.Trend), r(l.Main), r(l.Side))
			}
			if got != c.want {
				t.Errorf("%d×%d: %s\n                 want %s", c.w, c.h, got, c.want)
			}
		})
	}
}

// Every size from the minimum up: panes stay inside the screen, do not overlap, and with the
// header and footer cover every row.
func TestLayoutTilesTheScreen(t *testing.T) {
	for _, kind := range []shape{shapeFigures, shapeFiguresList, shapeSingle, shapeListDetail} {
		for w := MinWidth; w <= 400; w += 7 {
			for h := MinHeight; h <= 120; h += 5 {
				for _, rows := range []int{0, 1, 12, 40, 200} {
					l := computeLayout(w, h, kind, rows)
					cells := make([]int, w*h)
					for _, p := range []Rect{l.Header, l.Footer, l.Summary, l.Trend, l.Main, l.Side, l.Below} {
						if p.Empty() {
							continue
						}
						if p.X < 0 || p.Y < 0 || p.X+p.W > w || p.Y+p.H > h {
							t.Fatalf("kind %d at %d×%d: pane %+v leaves the screen", kind, w, h, p)
						}
						for y := p.Y; y < p.Y+p.H; y++ {
							for x := p.X; x < p.X+p.W; x++ {
								cells[y*w+x]++
							}
						}
					}
					for i, n := range cells {
						if n != 1 {
							t.Fatalf("kind %d at %d×%d, %d rows: cell %d,%d is covered %d times", kind, w, h, rows, i%w, i/w, n)
						}
					}
					if rows > 0 && !l.Below.Empty() && l.Main.H < rows+3 {
						t.Fatalf("kind %d at %d×%d: a table of %d rows is %d high, with a pane below it", kind, w, h, rows, l.Main.H)
					}
				}
			}
		}
	}
}
