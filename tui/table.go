package tui

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/npsboard/npsboard/model"
)

// sortKey is how a table of groups is ordered.
type sortKey uint8

const (
	sortNPS    sortKey = iota // worst first; groups with too few responses last
	sortVolume                // most responses first
	sortName
)

func (s sortKey) String() string {
	return [...]string{"worst first", "busiest first", "by name"}[s]
}

// groupTable is a table of groups (queues, agents) and their figures, with a selection that
// stays on the same group as figures refresh and rows move.
type groupTable struct {
	all    []model.Figures
	rows   []model.Figures // all, filtered and sorted
	scale  sparkScale
	selKey string // the selected group's name
	sel    int
	offset int
}

// set replaces the figures, then filters (by a case-insensitive part of the name), sorts, and
// finds the selected group again.
func (t *groupTable) set(figs []model.Figures, order sortKey, filter string) {
	t.all = figs
	t.rows = t.rows[:0]
	filter = strings.ToLower(filter)
	for _, f := range figs {
		if filter == "" || strings.Contains(strings.ToLower(f.Group.Name+f.Group.Queue), filter) {
			t.rows = append(t.rows, f)
		}
	}
	slices.SortStableFunc(t.rows, func(a, b model.Figures) int {
		switch order {
		case sortVolume:
			return cmp.Or(-cmp.Compare(a.Stat.Responses(), b.Stat.Responses()), cmp.Compare(nameOf(a), nameOf(b)))
		case sortName:
			return cmp.Compare(nameOf(a), nameOf(b))
		}
		// Worst first; a score from too few responses says nothing, so those go last.
		ra, rb := rank(&a), rank(&b)
		return cmp.Or(cmp.Compare(ra, rb), cmp.Compare(a.NPS, b.NPS), cmp.Compare(nameOf(a), nameOf(b)))
	})
	t.scale = scaleOf(t.rows)
	t.sel = 0
	for i, f := range t.rows {
		if nameOf(f) == t.selKey {
			t.sel = i
		}
	}
	t.clamp()
}

// rank orders groups by how much their score says: real scores, then noisy ones, then none.
func rank(f *model.Figures) int {
	switch {
	case !f.HasNPS:
		return 2
	case f.Noisy():
		return 1
	}
	return 0
}

func nameOf(f model.Figures) string {
	if f.Group.Dim == model.ByQueue {
		return f.Group.Queue
	}
	return f.Group.Name
}

func (t *groupTable) clamp() {
	t.sel = min(max(t.sel, 0), max(len(t.rows)-1, 0))
	if len(t.rows) > 0 {
		t.selKey = nameOf(t.rows[t.sel])
	}
}

// move moves the selection by delta rows.
func (t *groupTable) move(delta int) {
	t.sel += delta
	t.clamp()
}

func (t *groupTable) selected() (model.Figures, bool) {
	if len(t.rows) == 0 {
		return model.Figures{}, false
	}
	return t.rows[t.sel], true
}

// tableCols are the widths of a table's columns; 0 hides one.
type tableCols struct{ name, n, nps, ci, chg, bar, spark, status int }

// tableLayout fits the columns to w cells: the name and the score always; then, as room
// allows, target status, change, the shares bar and the sparkline.
func tableLayout(w int) tableCols {
	c := tableCols{n: 6, nps: 5, ci: 4}
	rest := w - 2 - (1 + c.n) - (1 + c.nps) - (1 + c.ci)
	for _, col := range []struct {
		p *int
		w int
	}{{&c.status, 8}, {&c.chg, 6}, {&c.bar, 8}, {&c.spark, 8}} {
		if rest-(col.w+1) >= 12 {
			*col.p = col.w
			rest -= col.w + 1
		}
	}
	extra := rest - 12
	grow := func(p *int, by int) {
		if *p > 0 && extra > 0 {
			d := min(by, extra)
			*p += d
			extra -= d
		}
	}
	c.name = 12
	grow(&c.name, 12)
	grow(&c.bar, 8)
	grow(&c.spark, 12)
	c.name += extra
	return c
}

// view draws the table in w×h cells: a header and as many rows as fit, scrolled to keep the
// selection in sight.
func (t *groupTable) view(st *Styles, label string, w, h int, focused bool) []string {
	if h <= 0 {
		return nil
	}
	c := tableLayout(w)
	lines := []string{t.header(st, c, label)}
	if len(t.rows) == 0 {
		lines = append(lines, st.Faint.Render("  nothing to show"))
		return block(lines, w, h)
	}
	t.offset = scrolled(t.sel, t.offset, len(t.rows), h-1)
	for i := t.offset; i < len(t.rows) && len(lines) < h; i++ {
		lines = append(lines, t.rowView(st, c, &t.rows[i], i == t.sel, focused))
	}
	return block(lines, w, h)
}

// rowAt is the row under line y of the view (0 is the header), or −1.
func (t *groupTable) rowAt(y int) int {
	i := t.offset + y - 1
	if y < 1 || i >= len(t.rows) {
		return -1
	}
	return i
}

// row joins cells already cut to their columns' widths, skipping hidden columns.
func row(c tableCols, name, n, nps, ci, chg, bar, spark, status string) string {
	var b strings.Builder
	b.WriteString(name)
	for _, col := range []struct {
		w int
		s string
	}{{c.n, n}, {c.nps, nps}, {c.ci, ci}, {c.chg, chg}, {c.bar, bar}, {c.spark, spark}, {c.status, status}} {
		if col.w > 0 {
			b.WriteString(" " + col.s)
		}
	}
	return b.String()
}

func (t *groupTable) header(st *Styles, c tableCols, label string) string {
	return st.Faint.Render(row(c, fit("  "+strings.ToUpper(label), 2+c.name), fitRight("N", c.n), fitRight("NPS", c.nps),
		fitRight("±", c.ci), fit("CHANGE", c.chg), fit("SHARES", c.bar), fit("TREND", c.spark), fit("TARGET", c.status)))
}

// rowView draws one group's row. Every cell is cut to its column as plain text, then painted:
// measuring styled text is the slow part of drawing.
func (t *groupTable) rowView(st *Styles, c tableCols, f *model.Figures, selected, focused bool) string {
	marker, name := st.marker(selected, focused), fit(nameOf(*f), c.name)
	if selected {
		name = st.Bold.Render(name)
	}
	score, ci := st.Faint.Render(fitRight("–", c.nps)), fitRight("", c.ci)
	switch {
	case f.Noisy():
		score = st.Faint.Render(fitRight("few", c.nps))
		ci = st.Faint.Render(fitRight(plusMinus(f.CI.HalfWidth()), c.ci))
	case f.HasNPS:
		score = st.statusStyle(f.Standing).Render(fitRight(signed(f.NPS), c.nps))
		ci = st.Faint.Render(fitRight(plusMinus(f.CI.HalfWidth()), c.ci))
	}
	chg, chgPaint := st.change(f)
	status, statusPaint := st.status(f.Standing)
	return row(c, marker+name, fitRight(compact(f.Stat.Responses()), c.n), score, ci,
		chgPaint.Render(fit(chg, c.chg)), st.shareBar(f.Stat, c.bar), st.Faint.Render(sparkline(f.Spark, t.scale, c.spark)),
		statusPaint.Render(fit(status, c.status)))
}

// change says how the score moved against the previous window, and in what colour: ▲+12*
// (the star when the change is significant), "new" when the previous window had no responses.
func (st *Styles) change(f *model.Figures) (string, paint) {
	switch {
	case !f.HasNPS:
		return "", st.Faint
	case f.Prev.Responses() == 0:
		return "new", st.Faint
	case !f.HasChange || math.Abs(f.Change.Diff) < 0.5:
		return "=0", st.Faint
	}
	star := ""
	if f.Significant {
		star = "*"
	}
	if f.Change.Diff > 0 {
		return "▲" + signed(f.Change.Diff) + star, st.Promoter
	}
	return "▼" + signed(f.Change.Diff) + star, st.Detractor
}

// changeCell is the change, painted.
func (st *Styles) changeCell(f *model.Figures) string {
	s, p := st.change(f)
	return p.Render(s)
}

// status says where a group stands against the target, in a glyph and a word, and its colour.
func (st *Styles) status(ts model.Standing) (string, paint) {
	switch ts {
	case model.OnTarget:
		return "√ on", st.Promoter
	case model.NearTarget:
		return "≈ near", st.Alert
	case model.BelowTarget:
		return "▼ below", st.Detractor
	case model.TooFew:
		return "· few", st.Faint
	}
	return "", st.Faint
}
