package tui

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// glyphs5 is a 3×5 pixel font of what an NPS is written with. Each row is three pixels.
var glyphs5 = map[rune][5]string{
	'0': {"###", "#.#", "#.#", "#.#", "###"},
	'1': {".#.", "##.", ".#.", ".#.", "###"},
	'2': {"###", "..#", "###", "#..", "###"},
	'3': {"###", "..#", "###", "..#", "###"},
	'4': {"#.#", "#.#", "###", "..#", "..#"},
	'5': {"###", "#..", "###", "..#", "###"},
	'6': {"###", "#..", "###", "#.#", "###"},
	'7': {"###", "..#", "..#", "..#", "..#"},
	'8': {"###", "#.#", "###", "#.#", "###"},
	'9': {"###", "#.#", "###", "..#", "###"},
	'+': {"...", ".#.", "###", ".#.", "..."},
	'-': {"...", "...", "###", "...", "..."},
	// Letters, for the few words a wall shows large (its themes).
	'A': {".#.", "#.#", "###", "#.#", "#.#"}, 'B': {"##.", "#.#", "##.", "#.#", "##."},
	'C': {".##", "#..", "#..", "#..", ".##"}, 'D': {"##.", "#.#", "#.#", "#.#", "##."},
	'E': {"###", "#..", "##.", "#..", "###"}, 'F': {"###", "#..", "##.", "#..", "#.."},
	'G': {".##", "#..", "#.#", "#.#", ".##"}, 'H': {"#.#", "#.#", "###", "#.#", "#.#"},
	'I': {"###", ".#.", ".#.", ".#.", "###"}, 'J': {"..#", "..#", "..#", "#.#", ".#."},
	'K': {"#.#", "#.#", "##.", "#.#", "#.#"}, 'L': {"#..", "#..", "#..", "#..", "###"},
	'M': {"#.#", "###", "###", "#.#", "#.#"}, 'N': {"##.", "#.#", "#.#", "#.#", "#.#"},
	'O': {".#.", "#.#", "#.#", "#.#", ".#."}, 'P': {"##.", "#.#", "##.", "#..", "#.."},
	'Q': {".#.", "#.#", "#.#", "##.", ".##"}, 'R': {"##.", "#.#", "##.", "#.#", "#.#"},
	'S': {".##", "#..", ".#.", "..#", "##."}, 'T': {"###", ".#.", ".#.", ".#.", ".#."},
	'U': {"#.#", "#.#", "#.#", "#.#", "###"}, 'V': {"#.#", "#.#", "#.#", "#.#", ".#."},
	'W': {"#.#", "#.#", "###", "###", "#.#"}, 'X': {"#.#", "#.#", ".#.", "#.#", "#.#"},
	'Y': {"#.#", "#.#", ".#.", ".#.", ".#."}, 'Z': {"###", "..#", ".#.", "#..", "###"},
	' ': {"...", "...", "...", "...", "..."}, '%': {"#.#", "..#", ".#.", "#..", "#.#"},
	'\'': {".#.", ".#.", "...", "...", "..."}, '.': {"...", "...", "...", "...", ".#."},
}

// fontText is s as the font can draw it: in capitals, its letters' accents dropped (Zoë
// Müller is ZOE MULLER), so that a name from anywhere can be drawn large.
func fontText(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToUpper(s)) {
		if !unicode.Is(unicode.Mn, r) { // the accents NFD splits off
			b.WriteRune(r)
		}
	}
	return b.String()
}

// inFont says every rune of s has a glyph: only such text is drawn large.
func inFont(s string) bool {
	for _, r := range s {
		if _, ok := glyphs5[r]; !ok {
			return false
		}
	}
	return true
}

// bigText writes s in three rows of half blocks (two pixel rows a cell), each character three
// cells wide with a cell between. Characters the font lacks are left blank.
func bigText(s string) []string { return bigTextScaled(s, 1) }

// bigWidth is the width of s in bigText.
func bigWidth(s string) int { return bigWidthScaled(s, 1) }

// bigTextScaled writes s in the font with each pixel scale×scale: characters 3·scale cells wide
// with scale cells between, in (5·scale+1)/2 rows of half blocks.
func bigTextScaled(s string, scale int) []string {
	scale = max(scale, 1)
	px := 5 * scale // pixel rows
	rows := make([]strings.Builder, (px+1)/2)
	on := func(g [5]string, x, y int) bool {
		if y >= px {
			return false
		}
		row := g[y/scale]
		return row != "" && row[x/scale] == '#'
	}
	for i, r := range s {
		g := glyphs5[r]
		for k := range rows {
			if i > 0 {
				rows[k].WriteString(strings.Repeat(" ", scale))
			}
			for x := range 3 * scale {
				top, bottom := on(g, x, 2*k), on(g, x, 2*k+1)
				switch {
				case top && bottom:
					rows[k].WriteString("█")
				case top:
					rows[k].WriteString("▀")
				case bottom:
					rows[k].WriteString("▄")
				default:
					rows[k].WriteByte(' ')
				}
			}
		}
	}
	out := make([]string, len(rows))
	for k := range rows {
		out[k] = rows[k].String()
	}
	return out
}

// bigWidthScaled and bigHeight are the size of s in bigTextScaled.
func bigWidthScaled(s string, scale int) int {
	n := len([]rune(s))
	if n == 0 {
		return 0
	}
	return n*3*scale + (n-1)*scale
}

func bigHeight(scale int) int { return (5*scale + 1) / 2 }

// bigScale is the largest scale at which s fits in w×h cells, 0 when even the smallest does not.
func bigScale(s string, w, h int) int {
	scale := 0
	for k := 1; bigWidthScaled(s, k) <= w && bigHeight(k) <= h; k++ {
		scale = k
	}
	return scale
}

// bigRow is a row of a table drawn in block letters (scale 1, three lines high): a name, a
// number beside it, and three lines of words beside both. The wall's large boards (queues,
// the leaderboard, the loop) are made of them.
type bigRow struct {
	name, num string // in the font (fontText); num may be "" (nothing to show large)
	paint     paint  // the number's
	side      [3]string
}

// bigNamesWidth is the width of the names' column for names in block letters, with a number
// of numW cells and sideW cells of words on a line of w; 0 when a name is not in the font or a
// row would not fit.
func bigNamesWidth(names []string, numW, sideW, w int) int {
	nameW := 0
	for _, n := range names {
		if !inFont(n) {
			return 0
		}
		nameW = max(nameW, bigWidth(n))
	}
	if len(names) == 0 || 2+nameW+2+numW+2+sideW > w {
		return 0
	}
	return nameW
}

// bigRowLines draws rows in w cells, a blank line after each, as many as fit in h lines.
func bigRowLines(rows []bigRow, nameW, numW, w, h int) []string {
	var lines []string
	for _, r := range rows {
		if len(lines)+3 > h {
			break
		}
		name, num := bigText(r.name), bigText(r.num)
		for i := range name {
			n := ""
			if r.num != "" && i < len(num) {
				n = num[i]
			}
			lines = append(lines, fit("  "+fit(name[i], nameW)+"  "+r.paint.Render(fitRight(n, numW))+"  "+r.side[i], w))
		}
		lines = append(lines, "")
	}
	return lines
}
