package tui

import "strings"

// column is one column of a table or a list: its width in cells (0 hides it) and the side its
// text keeps to. Every table of the dashboard lays out its rows with columns, so that a cell is
// always cut or padded to its column, measured in cells.
type column struct {
	w     int
	right bool
}

// left and right make columns.
func left(w int) column  { return column{w: w} }
func right(w int) column { return column{w: w, right: true} }

// cell cuts or pads plain text to the column: cutting plain text and painting it after is
// faster than measuring painted text.
func (c column) cell(s string) string {
	if c.right {
		return fitRight(s, c.w)
	}
	return fit(s, c.w)
}

// cells joins cells already cut to their columns, one space apart, leaving out the hidden
// columns.
func cells(cols []column, vals ...string) string {
	var b strings.Builder
	first := true
	for i, c := range cols {
		if c.w <= 0 {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		b.WriteString(vals[i])
		first = false
	}
	return b.String()
}

// heading is the line of a table's column names, each cut to its column.
func heading(cols []column, names ...string) string {
	vals := make([]string, len(cols))
	for i, c := range cols {
		vals[i] = c.cell(names[i])
	}
	return cells(cols, vals...)
}
