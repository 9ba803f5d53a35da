package tui

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

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
	// shrunk tables (agents) show and rank each row by its estimate, shrunk toward the group's
	// (model.Shrunk), with the raw figure beside it.
	shrunk bool
	all    []model.Figures
	rows   []model.Figures // all, filtered and sorted
	scale  sparkScale
	cur    cursor[string] // by the group's name
}

// set replaces the figures, then filters (by a case-insensitive part of the name), sorts, and
// finds the selected group again.
func (t *groupTable) set(figs []model.Figures, order sortKey, filter string) {
	model.CorrectForMany(figs) // the * of a change holds for the table's rows tested together, filtered or not
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
		// Worst first; a score from too few responses says nothing, so those go last. An
		// estimate says something from the first answer, its interval how much.
		if t.shrunk {
			return cmp.Or(cmp.Compare(estRank(&a), estRank(&b)), cmp.Compare(a.Est.NPS, b.Est.NPS), cmp.Compare(nameOf(a), nameOf(b)))
		}
		ra, rb := rank(&a), rank(&b)
		return cmp.Or(cmp.Compare(ra, rb), cmp.Compare(a.NPS, b.NPS), cmp.Compare(nameOf(a), nameOf(b)))
	})
	t.scale = scaleOf(t.all) // every group's, so that a filter leaves the sparklines as they were
	t.cur.follow(len(t.rows), t.keyOf)
}

func (t *groupTable) keyOf(i int) string { return nameOf(t.rows[i]) }

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

func estRank(f *model.Figures) int {
	if f.HasEst {
		return 0
	}
	return 1
}

func nameOf(f model.Figures) string {
	if d := f.Group.Dim; d == model.ByQueue || d == model.BySiteQueue {
		return f.Group.Queue
	}
	return f.Group.Name
}

// move moves the selection by delta rows.
func (t *groupTable) move(delta int) { t.cur.move(delta, len(t.rows), t.keyOf) }

func (t *groupTable) selected() (model.Figures, bool) {
	if len(t.rows) == 0 {
		return model.Figures{}, false
	}
	return t.rows[t.cur.sel], true
}

// tableColumns fits a table's columns to w cells: the name and the score always; then, as
// room allows, target status, the raw score beside an estimate (withRaw), change, the shares
// bar and the sparkline, which grow after the name when there is more. The name's column is
// no wider than the longest name needs (need) on a wide screen, so
// that a queue's name sits beside its figures, and the rest goes to the shares' bar.
func tableColumns(w int, withRaw bool, need int) []column {
	const n, nps, ci = 6, 5, 4
	status, raw, chg, bar, spark := 0, 0, 0, 0, 0
	rawW := 0
	if withRaw {
		rawW = 5
	}
	rest := w - markerWidth - (1 + n) - (1 + nps) - (1 + ci)
	for _, col := range []struct {
		p *int
		w int
	}{{&status, 8}, {&raw, rawW}, {&chg, 6}, {&bar, 8}, {&spark, 8}} {
		if col.w == 0 {
			continue
		}
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
	name := 12
	grow(&name, 12)
	grow(&bar, 8)
	grow(&spark, 12)
	name += extra
	if surplus := name - max(12, need+1); surplus > 0 && bar > 0 { // the shares' bar is drawn to its width
		name, bar = name-surplus, bar+surplus
	}
	// The name's column holds the selection marker too.
	return []column{left(markerWidth + name), right(n), right(nps), right(ci), right(raw), left(chg), left(bar), left(spark), left(status)}
}

// view draws the table in w×h cells: a heading and as many rows as fit, scrolled to keep the
// selection in sight.
func (t *groupTable) view(st *Styles, label string, w, h int, focused bool) []string {
	if h <= 0 {
		return nil
	}
	need := 0
	for i := range t.rows {
		need = max(need, ansi.StringWidth(nameOf(t.rows[i])))
	}
	cols := tableColumns(w, t.shrunk, need)
	score := "NPS"
	if t.shrunk {
		score = "EST"
	}
	lines := []string{st.Faint.Render(heading(cols, "  "+strings.ToUpper(label), "N", score, "±", "RAW", "CHANGE", "SHARES", "TREND", "TARGET"))}
	if len(t.rows) == 0 {
		lines = append(lines, st.Faint.Render("  nothing to show"))
		return block(lines, w, h)
	}
	for i := t.cur.inSight(len(t.rows), h-1); i < len(t.rows) && len(lines) < h; i++ {
		lines = append(lines, t.rowView(st, cols, &t.rows[i], i == t.cur.sel, focused))
	}
	return block(lines, w, h)
}

// rowAt is the row under line y of the view (0 is the heading), or −1.
func (t *groupTable) rowAt(y int) int { return t.cur.rowAt(y-1, len(t.rows)) }

// rowView draws one group's row. Every cell is cut to its column as plain text, then painted:
// measuring styled text is the slow part of drawing.
func (t *groupTable) rowView(st *Styles, cols []column, f *model.Figures, selected, focused bool) string {
	name := fit(nameOf(*f), cols[0].w-markerWidth)
	if selected {
		name = st.Bold.Render(name)
	}
	// The raw score: the group's own, "few", or "–" without responses. A shrunk table shows the
	// estimate in its place, and the raw score beside it.
	rawText, rawPaint := "–", st.Faint
	switch {
	case f.Noisy():
		rawText = "few"
	case f.HasNPS:
		rawText, rawPaint = signed(f.NPS), st.statusStyle(f.Standing)
	}
	score, ci, raw := rawPaint.Render(cols[2].cell(rawText)), cols[3].cell(""), ""
	if f.HasNPS {
		ci = st.Faint.Render(cols[3].cell(plusMinus(f.CI.HalfWidth())))
	}
	standing := f.Standing
	if t.shrunk {
		raw = st.Faint.Render(cols[4].cell(rawText))
		if f.HasEst {
			standing = f.EstStanding
			score = st.statusStyle(standing).Render(cols[2].cell(signed(f.Est.NPS)))
			ci = st.Faint.Render(cols[3].cell(plusMinus(f.Est.CI.HalfWidth())))
		}
	}
	chg, chgPaint := st.change(f)
	status, statusPaint := st.status(standing)
	return cells(cols, st.marker(selected, focused)+name, cols[1].cell(compact(f.Stat.Responses())), score, ci, raw,
		chgPaint.Render(cols[5].cell(chg)), st.shareBar(f.Stat, cols[6].w), st.Faint.Render(sparkline(f.Spark, t.scale, cols[7].w)),
		statusPaint.Render(cols[8].cell(status)))
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
