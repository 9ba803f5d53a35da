package tui

// Rect is a pane's place on the screen, in cells. A zero width or height means it is not shown.
type Rect struct{ X, Y, W, H int }

func (r Rect) Empty() bool { return r.W <= 0 || r.H <= 0 }

// Contains reports whether the cell (x, y) is in r.
func (r Rect) Contains(x, y int) bool { return x >= r.X && x < r.X+r.W && y >= r.Y && y < r.Y+r.H }

// Inner is the room inside a pane's border.
func (r Rect) Inner() Rect {
	return Rect{r.X + borderSize, r.Y + borderSize, max(0, r.W-2*borderSize), max(0, r.H-2*borderSize)}
}

// borderSize is the width of a pane's border on each side (see box).
const borderSize = 1

// shape is how a screen lays out its panes.
type shape uint8

const (
	shapeFigures     shape = iota // a group's summary and trend; a table, and a side pane
	shapeFiguresList              // a group's summary and trend; a list under them
	shapeSingle                   // one pane: a response, the help
	shapeListDetail               // a list, and the selected item in full below it
)

// The smallest screen the dashboard draws on; below it, it says so.
const (
	MinWidth  = 60
	MinHeight = 16
)

// Layout is where every pane of a screen goes.
type Layout struct {
	W, H     int
	TooSmall bool
	Header   Rect
	Body     Rect // between the header and the footer: the panes tile it
	Footer   Rect
	Summary  Rect // the group's figures and gauge
	Trend    Rect
	Main     Rect // the table or list the screen is about
	Side     Rect // the secondary pane: detractors, channels, the selected alert
	// Below is under a table too short for its column (a dozen queues on a tall screen),
	// beside the side pane: room for what detractors talk about. Empty otherwise.
	Below Rect
}

// computeLayout places the panes of a screen of shape s on a w×h screen. Decoration goes first
// as the screen shrinks: the side pane, then the trend; the figures and the main table stay.
// rows, when above zero, is how many rows the main table holds, for a screen that can show
// something below a short one (Below).
func computeLayout(w, h int, s shape, rows int) Layout {
	l := Layout{W: w, H: h}
	if w < MinWidth || h < MinHeight {
		l.TooSmall = true
		return l
	}
	l.Header = Rect{0, 0, w, 1}
	l.Footer = Rect{0, h - 1, w, 1}
	l.Body = Rect{0, l.Header.H, w, h - l.Header.H - l.Footer.H}
	y, bh := l.Body.Y, l.Body.H
	switch {
	case s == shapeSingle || s == shapeListDetail && bh < 18:
		l.Main = Rect{0, y, w, bh}
		return l
	case s == shapeListDetail:
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
	case s == shapeFiguresList:
		l.Main = Rect{0, y, w, bh}
	case w >= 140 && bh >= 8:
		// The table needs about a hundred columns for all it shows; the comments beside it
		// take the rest, which on a wide screen they fill.
		mw := min(w*3/5, 110)
		l.Main = Rect{0, y, mw, bh}
		l.Side = Rect{mw, y, w - mw, bh}
		if need := rows + 3; rows > 0 && bh-need >= 8 { // the rows, a heading, the borders
			l.Main.H = need
			l.Below = Rect{0, y + need, mw, bh - need}
		}
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
