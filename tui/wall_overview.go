package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/npsboard/npsboard/model"
)

// wallOverview is every response's NPS in big digits, the queues worst first, and on wide
// screens the trend.
type wallOverview struct{}

func (wallOverview) title() string { return "Overview" }

func (wallOverview) body(c *common, wl *wall, w, h int, stale bool) []string {
	b := c.board
	f := b.figures(model.Group{Dim: model.Overall}, c.window, 0)
	b.Agg.WithExperience(&f, c.window, b.Now, b.Loc)
	var rows []model.Figures
	for _, g := range b.Agg.Groups(model.ByQueue) {
		if len(wl.opts.Queues) == 0 || slices.Contains(wl.opts.Queues, g.Queue) {
			rows = append(rows, b.figures(g, c.window, 0))
		}
	}
	slices.SortStableFunc(rows, func(a, b model.Figures) int {
		return cmp.Or(cmp.Compare(rank(&a), rank(&b)), cmp.Compare(a.NPS, b.NPS), cmp.Compare(nameOf(a), nameOf(b)))
	})
	name := cmp.Or(wl.opts.Scope, "All queues")
	if w >= 120 {
		// The figure on the left; on the right the queues, and under them the trend. A wall
		// large enough draws the queues in block letters too: read across the room, not in
		// a corner.
		bw, rw := w/2, w-w/2
		qh := min(len(rows)+2, h)
		var board []string
		if nameW := bigNamesWidth(queueNames(rows), bigWidth("+100"), 14, rw-2); nameW > 0 && bigBoardHeight(len(rows))+10 <= h {
			qh = bigBoardHeight(len(rows))
			board = bigQueueBoard(c, rows, nameW, rw-2, qh, stale)
		} else {
			board = queueBoard(c, rows, rw-2, qh, stale)
		}
		right := block(board, rw, qh)
		if th := h - qh - 1; th >= 8 {
			pts, _ := b.trend(model.Group{Dim: model.Overall}, c.window, max(rw/2, 2))
			right = append(append(right, block(nil, rw, 1)...), wallTrend(c, pts, b.TargetOf(""), rw, th)...)
		}
		return joinColumns(bigFigure(c, &f, name, bw, h, stale), block(right, rw, h))
	}
	// The queues take the rows they need, up to half; the figure the rest.
	top := h - min(len(rows)+2, h/2)
	return append(bigFigure(c, &f, name, w, top, stale), queueBoard(c, rows, w, h-top, stale)...)
}

// bigFigure is a group's NPS as large as w×h allows, centred, with where it stands against the
// target in words, its interval and its count. Too few responses show no number at all.
func bigFigure(c *common, f *model.Figures, name string, w, h int, stale bool) []string {
	st := c.st
	target := c.board.TargetOf(f.Group.Queue)
	title := st.Bold.Render(name) + st.Faint.Render(" · "+c.window.Describe())
	var word string
	var paint paint
	switch f.Standing {
	case model.OnTarget:
		word, paint = "√ ON TARGET "+signed(target), st.Promoter
	case model.NearTarget:
		word, paint = "≈ NEAR TARGET "+signed(target), st.Alert
	case model.BelowTarget:
		word, paint = "▼ BELOW TARGET "+signed(target), st.Detractor
	case model.TooFew:
		word, paint = "· TOO FEW RESPONSES TO TELL", st.Faint
	default:
		word, paint = "NO RESPONSES", st.Faint
	}
	detail := ""
	if f.HasNPS {
		detail = plusMinus(f.CI.HalfWidth()) + " (95%) · " + count(f.Stat.Responses(), "response")
		if f.HasChange {
			s, _ := st.change(f)
			detail += " · " + s + " vs " + c.window.Compared()
		}
	}
	if stale {
		paint = st.Faint
		word = "STALE · " + strings.TrimPrefix(word, "· ") // one separator, not two
	}
	lines := []string{center(title, w)}
	score := signed(f.NPS)
	room := h - 4 // the title, the word, the detail, a blank
	// Two thirds of the room at most: the word that says where it stands must carry too.
	if scale := bigScale(score, w-2, max(3, room*2/3)); f.HasNPS && f.Standing != model.TooFew && scale > 0 {
		pad := (room - bigHeight(scale)) / 2
		for range pad {
			lines = append(lines, "")
		}
		for _, l := range bigTextScaled(score, scale) {
			lines = append(lines, paint.Render(center(l, w)))
		}
	} else if f.HasNPS && f.Standing != model.TooFew {
		lines = append(lines, paint.Render(center("NPS "+score, w)))
	}
	if len(lines) < h-2 {
		lines = append(lines, "")
	}
	lines = append(lines, paint.Render(center(word, w)), st.Faint.Render(center(detail, w)))
	if x := experienceLine(f.Experience, w); x != "" && len(lines) < h {
		lines = append(lines, center(strings.TrimRight(x, " "), w))
	}
	return block(lines, w, h)
}

// queueBoard lists queues worst first, a line each, with a glyph and a word for their status.
func queueBoard(c *common, rows []model.Figures, w, h int, stale bool) []string {
	st := c.st
	if h <= 0 {
		return nil
	}
	// queue, score, ±, N, and the status after two spaces
	cols := []column{left(min(28, max(10, w-36))), right(6), right(5), right(8), left(1)}
	lines := []string{st.Faint.Render(fit("  "+heading(cols[:4], "QUEUE", "NPS", "±", "N")+"  TARGET", w))}
	for i, f := range rows {
		if len(lines) == h-1 && len(rows)-i > 1 {
			lines = append(lines, st.Faint.Render(fmt.Sprintf("  + %d more queues", len(rows)-i)))
			break
		}
		if len(lines) >= h {
			break
		}
		word, paint := st.status(f.Standing)
		if stale {
			paint = st.Faint
		}
		if !f.HasNPS { // no interval, no count to show: say why the row is empty
			lines = append(lines, fit("  "+cells(cols[:4], cols[0].cell(f.Group.Queue), cols[1].cell("–"), cols[2].cell(""), cols[3].cell(""))+
				"  "+st.Faint.Render("no responses"), w))
			continue
		}
		score := "few"
		if f.Standing != model.TooFew {
			score = signed(f.NPS)
		}
		lines = append(lines, fit("  "+cells(cols[:4], cols[0].cell(f.Group.Queue), paint.Render(cols[1].cell(score)),
			cols[2].cell(plusMinus(f.CI.HalfWidth())), cols[3].cell(thousands(f.Stat.Responses())))+"  "+paint.Render(word), w))
	}
	return block(lines, w, h)
}

// bigBoardHeight is the rows the queues take in block letters: three a queue and one between,
// and the heading.
func bigBoardHeight(n int) int { return 1 + 4*n }

// queueNames are the queues' names as block letters draw them.
func queueNames(rows []model.Figures) []string {
	names := make([]string, len(rows))
	for i, f := range rows {
		names[i] = fontText(f.Group.Queue)
	}
	return names
}

// bigQueueBoard lists queues worst first as queueBoard does, each in block letters with its
// score, and where it stands in words beside them. nameW is bigNamesWidth's.
func bigQueueBoard(c *common, rows []model.Figures, nameW, w, h int, stale bool) []string {
	st := c.st
	scoreW := bigWidth("+100")
	names := queueNames(rows)
	big := make([]bigRow, len(rows))
	for i, f := range rows {
		word, paint := st.status(f.Standing)
		if stale {
			paint = st.Faint
		}
		score, detail := "", plusMinus(f.CI.HalfWidth())+" · "+count(f.Stat.Responses(), "response")
		switch {
		case !f.HasNPS:
			word, paint, detail = "no responses", st.Faint, ""
		case f.Standing != model.TooFew:
			score = signed(f.NPS)
		}
		big[i] = bigRow{name: names[i], num: score, paint: paint, side: [3]string{"", paint.Render(word), st.Faint.Render(detail)}}
	}
	head := st.Faint.Render(fit("  QUEUE"+strings.Repeat(" ", max(1, nameW-3))+fitRight("NPS", scoreW)+"  WHERE IT STANDS", w))
	return block(append([]string{head}, bigRowLines(big, nameW, scoreW, w, h-1)...), w, h)
}
