package tui

import "strings"

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
}

// bigText writes s in three rows of half blocks (two pixel rows a cell), each character three
// cells wide with a cell between. Characters the font lacks are left blank.
func bigText(s string) []string {
	var rows [3]strings.Builder
	for i, r := range s {
		if i > 0 {
			for k := range rows {
				rows[k].WriteByte(' ')
			}
		}
		g := glyphs5[r]
		for k := range rows {
			for x := range 3 {
				top := g[2*k] != "" && g[2*k][x] == '#'
				bottom := 2*k+1 < 5 && g[2*k+1] != "" && g[2*k+1][x] == '#'
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
	return []string{rows[0].String(), rows[1].String(), rows[2].String()}
}

// bigWidth is the width of s in bigText.
func bigWidth(s string) int {
	n := len([]rune(s))
	if n == 0 {
		return 0
	}
	return 4*n - 1
}
