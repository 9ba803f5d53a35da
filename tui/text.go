package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// Every pane is drawn as lines of exactly its width: these helpers measure in terminal cells and
// know about the escape sequences of styled text.

// width is the width of s in cells: its length when it is plain printable ASCII, the common
// case, without parsing escape sequences and graphemes.
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// fit cuts s to w cells (ending in "…" when cut) and pads it with spaces to exactly w.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := width(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	return s + strings.Repeat(" ", w-sw)
}

// fitRight is fit aligned to the right.
func fitRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := width(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	return strings.Repeat(" ", w-sw) + s
}

// center pads s on both sides to w cells.
func center(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw >= w {
		return fit(s, w)
	}
	left := (w - sw) / 2
	return strings.Repeat(" ", left) + s + strings.Repeat(" ", w-sw-left)
}

// block makes lines into exactly h lines of exactly w cells.
func block(lines []string, w, h int) []string {
	out := make([]string, h)
	for i := range out {
		if i < len(lines) {
			out[i] = fit(lines[i], w)
		} else {
			out[i] = strings.Repeat(" ", max(0, w))
		}
	}
	return out
}

// spread puts left and right on one line of w cells, the right side winning when both do not fit.
func spread(left, right string, w int) string {
	rw := ansi.StringWidth(right)
	if rw >= w {
		return fitRight(right, w)
	}
	return fit(left, w-rw) + right
}

// joinColumns sets blocks of lines side by side; each block is already its own width.
func joinColumns(blocks ...[]string) []string {
	h := 0
	for _, b := range blocks {
		h = max(h, len(b))
	}
	out := make([]string, h)
	for i := range out {
		var line strings.Builder
		for _, b := range blocks {
			if i < len(b) {
				line.WriteString(b[i])
			}
		}
		out[i] = line.String()
	}
	return out
}

// signed rounds an NPS figure half away from zero and writes it with its sign: +24, -3, 0.
// The minus is ASCII: U+2212 has an ambiguous width and is missing from console fonts.
func signed(x float64) string {
	n := int(math.Round(x))
	if n > 0 {
		return "+" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// plusMinus writes an interval's half-width: ±3.
func plusMinus(x float64) string { return "±" + strconv.Itoa(int(math.Round(x))) }

// thousands writes a count with thousands separators.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// compact writes a count in at most five cells: 999, 9,999, 12.3k, 123k, 1.2M.
func compact(n int64) string {
	switch {
	case n < 10000:
		return thousands(n)
	case n < 100000:
		return fmt.Sprintf("%.1fk", float64(n)/1000)
	case n < 1000000:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprintf("%.1fM", float64(n)/1e6)
}

// percent writes a share as a whole percentage.
func percent(part, whole int64) string {
	if whole == 0 {
		return "–"
	}
	return strconv.Itoa(int(math.Round(100*float64(part)/float64(whole)))) + "%"
}

// flatten puts text on one line: a comment's line breaks become spaces.
func flatten(s string) string {
	if !strings.ContainsRune(s, '\n') {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// firstFit is the first of the options that fits in w cells, or the last one cut to fit.
func firstFit(w int, options ...string) string {
	for _, o := range options {
		if ansi.StringWidth(o) <= w {
			return o
		}
	}
	return fit(options[len(options)-1], w)
}

// markerWidth is the width of a row's selection marker.
const markerWidth = 2

// marker marks the selected row of a list, brighter in the focused pane.
func (st *Styles) marker(selected, focused bool) string {
	switch {
	case !selected:
		return "  "
	case focused:
		return st.FocusBorder.Render("►") + " "
	}
	return st.Faint.Render("►") + " "
}

// shortDuration writes a duration briefly: 8m, 2h, 1d.
func shortDuration(d time.Duration) string {
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d >= time.Hour && d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return fmt.Sprintf("%dm", d/time.Minute)
}
