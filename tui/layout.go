package tui

// Rect is a pane's place on the screen, in cells. A zero width or height means it is not shown.
type Rect struct{ X, Y, W, H int }

func (r Rect) Empty() bool { return r.W <= 0 || r.H <= 0 }

// Contains reports whether the cell (x, y) is in r.
func (r Rect) Contains(x, y int) bool { return x >= r.X && x < r.X+r.W && y >= r.Y && y < r.Y+r.H }

// pageKind is the kind of page on screen; each lays its panes out differently.
type pageKind uint8

const (
	pageOverview pageKind = iota // summary, trend, queues, latest detractors
	pageQueue                    // summary, trend, agents, channels and detractors
	pageAgent                    // summary, trend, the agent's responses
	pageResponse                 // one response, whole
	pageAlerts                   // the alerts, and the one selected in full
)

// The smallest screen the dashboard draws on; below it, it says so.
const (
	MinWidth  = 60
	MinHeight = 16
)

// Layout is where every pane of a page goes.
type Layout struct {
	W, H     int
	TooSmall bool
	Header   Rect
	Footer   Rect
	Summary  Rect // the group's figures and gauge
	Trend    Rect
	Main     Rect // the table or list the page is about
	Side     Rect // the secondary pane: detractors, channels
}

// computeLayout places the panes of a page of kind on a w×h screen. Decoration goes first as
// the screen shrinks: the side pane, then the trend; the figures and the main table stay.
func computeLayout(w, h int, kind pageKind) Layout {
	l := Layout{W: w, H: h}
	if w < MinWidth || h < MinHeight {
		l.TooSmall = true
		return l
	}
	l.Header = Rect{0, 0, w, 1}
	l.Footer = Rect{0, h - 1, w, 1}
	y, bh := 1, h-2
	switch {
	case kind == pageResponse || kind == pageAlerts && bh < 18:
		l.Main = Rect{0, y, w, bh}
		return l
	case kind == pageAlerts:
		dh := min(max(bh/3, 7), 12)
		l.Main = Rect{0, y, w, bh - dh}
		l.Side = Rect{0, y + bh - dh, w, dh}
		return l
	}

	topH := min(max(bh/3, 8), 14)
	if w >= 72 {
		sw := min(max(w*2/5, 34), 52)
		l.Summary = Rect{0, y, sw, topH}
		l.Trend = Rect{sw, y, w - sw, topH}
	} else {
		l.Summary = Rect{0, y, w, topH}
	}
	y, bh = y+topH, bh-topH

	switch {
	case kind == pageAgent:
		l.Main = Rect{0, y, w, bh}
	case w >= 140 && bh >= 8:
		mw := w * 3 / 5
		l.Main = Rect{0, y, mw, bh}
		l.Side = Rect{mw, y, w - mw, bh}
	case bh >= 10:
		// Six queues and their heading fit at 80×24; the side keeps three lines at least.
		mh := max(bh*3/5, min(9, bh-5))
		l.Main = Rect{0, y, w, mh}
		l.Side = Rect{0, y + mh, w, bh - mh}
	default:
		l.Main = Rect{0, y, w, bh}
	}
	return l
}
