package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/model"
)

// summary draws a group's figures in w×h cells: the score large when there is room, its
// interval, its change, where it stands against the target, a gauge and the shares.
// A group with too few responses says so instead of showing a number in large.
func (st *Styles) summary(f *model.Figures, win model.Window, target float64, w, h int) []string {
	var lines []string
	switch {
	case !f.HasNPS:
		lines = append(lines, st.Faint.Render("no responses in "+win.Describe()), "")
	case f.Noisy():
		lines = append(lines,
			st.Alert.Render("too few responses to tell"),
			st.Faint.Render(fmt.Sprintf("NPS %s %s from %s", signed(f.NPS), plusMinus(f.CI.HalfWidth()), count(f.Stat.Responses(), "response"))))
	case h >= 6 && w >= 30:
		score := signed(f.NPS)
		big := bigText(score)
		bw := bigWidth(score)
		sw := w - bw - 2
		pm, n := st.Bold.Render(plusMinus(f.CI.HalfWidth())), f.Stat.Responses()
		side := []string{
			firstFit(sw, pm+st.Faint.Render(" (95%) · "+count(n, "response")), pm+st.Faint.Render(" · "+count(n, "response")),
				pm+st.Faint.Render(" · n "+thousands(n))),
			st.changeLine(f, win, sw),
			st.targetLine(f, target, sw),
		}
		style := st.statusStyle(f.Standing)
		for i := range big {
			lines = append(lines, style.Render(big[i])+"  "+fit(side[i], sw))
		}
	default:
		lines = append(lines, st.statusStyle(f.Standing).Render("NPS "+signed(f.NPS))+" "+plusMinus(f.CI.HalfWidth())+
			"  "+st.changeLine(f, win, w/2)+"  "+st.targetLine(f, target, w/3))
	}
	if f.HasEst && len(lines) < h {
		e := "estimate " + signed(f.Est.NPS) + " " + plusMinus(f.Est.CI.HalfWidth())
		lines = append(lines, firstFit(w, st.statusStyle(f.EstStanding).Render(e)+st.Faint.Render(", shrunk toward the queue's agents"),
			st.statusStyle(f.EstStanding).Render(e)))
	}
	x := experienceLine(f.Experience, w) // under the gauge and shares, where there is room
	rest := h - len(lines)
	if rest >= 3 || (rest >= 2 && !f.HasNPS) {
		lines = append(lines, st.gauge(f, target, w)...)
	}
	if len(lines) < h && f.HasNPS {
		lines = append(lines, st.sharesLine(f.Stat, w))
	}
	if x != "" && len(lines) < h {
		lines = append(lines, x)
	}
	return block(lines, w, h)
}

// experienceLine says CSAT and CES in a line of at most w cells, shorter where room is short;
// "" when no response carried them.
func experienceLine(x model.Experience, w int) string {
	var long, short []string
	if p, iv, ok := x.CSAT.Share(); ok {
		long = append(long, fmt.Sprintf("CSAT %.0f%% ±%.0f (%s)", 100*p, 50*(iv.Hi-iv.Lo), thousands(x.CSAT.Responses)))
		short = append(short, fmt.Sprintf("CSAT %.0f%%", 100*p))
	}
	if m, iv, ok := x.CES.Mean(); ok {
		easy, _, _ := x.CES.Easy()
		long = append(long, fmt.Sprintf("CES %.1f ±%.1f of 7, %.0f%% easy", m, (iv.Hi-iv.Lo)/2, 100*easy))
		short = append(short, fmt.Sprintf("CES %.1f", m))
	}
	if len(long) == 0 {
		return ""
	}
	return fit(firstFit(w, strings.Join(long, " · "), strings.Join(short, " · ")), w)
}

// changeLine says how the score moved against the previous window of equal length, in at
// most w cells.
func (st *Styles) changeLine(f *model.Figures, win model.Window, w int) string {
	switch {
	case win.IsAll() || !f.HasNPS:
		return ""
	case f.Prev.Responses() == 0: // whole, or shorter: never cut mid-word
		return st.Faint.Render(firstFit(w, "no responses in "+win.Compared(), "none before to compare", "none before", ""))
	}
	verdict := ", within noise"
	if f.Significant {
		verdict = ", significant"
	}
	cell := st.changeCell(f)
	return firstFit(w, cell+st.Faint.Render(" vs "+win.Compared()+verdict), cell+st.Faint.Render(" vs "+win.Compared()), cell)
}

// targetLine says where the group stands against the target, in a word as well as a colour,
// in at most w cells: whole sentences, shorter where room is short.
func (st *Styles) targetLine(f *model.Figures, target float64, w int) string {
	t := signed(target)
	switch f.Standing {
	case model.OnTarget:
		return st.Promoter.Render("√ on target " + t)
	case model.NearTarget:
		return st.Alert.Render(firstFit(w, "≈ near target "+t+", within the interval", "≈ near target "+t))
	case model.BelowTarget:
		return st.Detractor.Render("▼ below target " + t)
	}
	return ""
}

// sharesLine writes the counts and shares of each class, as long as the width allows.
func (st *Styles) sharesLine(s model.Stat, w int) string {
	n := s.Responses()
	type class struct {
		long, short string
		k           int64
	}
	classes := []class{{"promoters", "prom", s.Promoters}, {"passives", "pass", s.Passives}, {"detractors", "det", s.Detractors}}
	forms := []func(c class) string{
		func(c class) string { return fmt.Sprintf("%s %s (%s)", c.long, thousands(c.k), percent(c.k, n)) },
		func(c class) string { return fmt.Sprintf("%s %s %s", c.short, thousands(c.k), percent(c.k, n)) },
		func(c class) string { return fmt.Sprintf("%s %s", c.short, percent(c.k, n)) },
	}
	for _, form := range forms {
		line := st.Promoter.Render(form(classes[0])) + st.Faint.Render(" · ") +
			st.Passive.Render(form(classes[1])) + st.Faint.Render(" · ") +
			st.Detractor.Render(form(classes[2]))
		if ansi.StringWidth(line) <= w {
			return line
		}
	}
	return strings.Repeat(" ", w)
}

// count writes a number of things: "1 response", "1,024 responses".
func count(n int64, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return thousands(n) + " " + thing + "s"
}
