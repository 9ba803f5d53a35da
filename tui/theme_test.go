package tui

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// rgbOf is the colour a terminal shows for a true colour (#RRGGBB) or a 256-colour index.
func rgbOf(t *testing.T, c string) [3]float64 {
	t.Helper()
	if len(c) == 7 && c[0] == '#' {
		var rgb [3]float64
		for i := range 3 {
			v, err := strconv.ParseUint(c[1+2*i:3+2*i], 16, 8)
			if err != nil {
				t.Fatalf("colour %q", c)
			}
			rgb[i] = float64(v)
		}
		return rgb
	}
	n, err := strconv.Atoi(c)
	if err != nil || n < 0 || n > 255 {
		t.Fatalf("colour %q", c)
	}
	switch {
	case n < 16: // xterm's defaults
		base := [16][3]float64{{0, 0, 0}, {205, 0, 0}, {0, 205, 0}, {205, 205, 0}, {0, 0, 238}, {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
			{127, 127, 127}, {255, 0, 0}, {0, 255, 0}, {255, 255, 0}, {92, 92, 255}, {255, 0, 255}, {0, 255, 255}, {255, 255, 255}}
		return base[n]
	case n < 232:
		level := []float64{0, 95, 135, 175, 215, 255}
		n -= 16
		return [3]float64{level[n/36], level[n/6%6], level[n%6]}
	}
	g := float64(8 + 10*(n-232))
	return [3]float64{g, g, g}
}

// contrast is WCAG 2's contrast ratio of two colours.
func contrast(a, b [3]float64) float64 {
	lum := func(c [3]float64) float64 {
		var l [3]float64
		for i, v := range c {
			v /= 255
			if v <= 0.04045 {
				l[i] = v / 12.92
			} else {
				l[i] = math.Pow((v+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
	}
	x, y := lum(a), lum(b)
	return (math.Max(x, y) + 0.05) / (math.Min(x, y) + 0.05)
}

// Every colour of every theme is readable on the background the theme is for: text at 4.5:1
// (WCAG AA), borders at 3:1 (WCAG's non-text contrast), in true colour and in 256 colours,
// the footer's keys included (they were bubbles' grey 59 on dark, and borders 252 on white).
func TestThemesAreReadable(t *testing.T) {
	backgrounds := map[string]string{"dark": "#000000", "high-contrast": "#000000", "light": "#FFFFFF"}
	for name, th := range Themes {
		bg := backgrounds[name]
		if bg == "" {
			t.Fatalf("theme %s has no background to check against", name)
		}
		colours := map[string]struct {
			c   lipgloss.CompleteColor
			min float64
		}{
			"promoter": {th.Promoter, 4.5}, "passive": {th.Passive, 4.5}, "detractor": {th.Detractor, 4.5},
			"alert": {th.Alert, 4.5}, "faint": {th.Faint, 4.5}, "focus": {th.Focus, 4.5}, "border": {th.Border, 3},
		}
		st := NewStyles(th)
		for part, s := range map[string]lipgloss.Style{"footer key": st.help.ShortKey, "footer text": st.help.ShortDesc,
			"footer separator": st.help.ShortSeparator, "help key": st.help.FullKey, "help text": st.help.FullDesc} {
			fg, ok := s.GetForeground().(lipgloss.CompleteColor)
			if !ok {
				t.Errorf("%s: the %s is not in the theme's colours: %#v", name, part, s.GetForeground())
				continue
			}
			colours[part] = struct {
				c   lipgloss.CompleteColor
				min float64
			}{fg, 4.5}
		}
		for part, c := range colours {
			for _, v := range []string{c.c.TrueColor, c.c.ANSI256} {
				if r := contrast(rgbOf(t, v), rgbOf(t, bg)); r < c.min {
					t.Errorf("%s: %s %s on %s has a contrast of %s, want %.1f", name, part, v, bg, fmt.Sprintf("%.2f", r), c.min)
				}
			}
		}
	}
}
