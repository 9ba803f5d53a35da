package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
)

// reportData is a report, whatever it is printed as. Its JSON form is the --json output.
type reportData struct {
	Window  windowJSON  `json:"window"`
	Overall statJSON    `json:"overall"`
	Groups  []groupJSON `json:"groups"`
	Feed    feedJSON    `json:"feed"`

	dim model.Dim
	loc *time.Location
}

type windowJSON struct {
	Name string     `json:"name"`
	From *time.Time `json:"from"` // null for all time
	To   time.Time  `json:"to"`
}

type statJSON struct {
	Responses  int64       `json:"responses"`
	Promoters  int64       `json:"promoters"`
	Passives   int64       `json:"passives"`
	Detractors int64       `json:"detractors"`
	NPS        *float64    `json:"nps"`  // unrounded; null without responses
	CI95       *[2]float64 `json:"ci95"` // adjusted-Wald; null without responses
	// CSAT and CES, when responses carried them.
	CSAT *csatJSON `json:"csat,omitempty"`
	CES  *cesJSON  `json:"ces,omitempty"`

	noisy bool // too few responses to tell, as the dashboard says "few"
}

// csatJSON is CSAT: the share of 4–5 answers of 1–5, with its Wilson interval.
type csatJSON struct {
	Responses int64      `json:"responses"`
	Satisfied int64      `json:"satisfied"`
	Share     float64    `json:"share"`
	CI95      [2]float64 `json:"ci95"`
}

// cesJSON is CES: the mean of 1–7 (7 easiest) with its t interval, and the share of 5–7.
type cesJSON struct {
	Responses int64       `json:"responses"`
	Easy      int64       `json:"easy"`
	Share     float64     `json:"share"`
	Mean      *float64    `json:"mean"` // null for a single answer
	CI95      *[2]float64 `json:"ci95"` // of the mean
}

// withExperience adds a group's CSAT and CES over sp to j, when it has any.
func withExperience(j *statJSON, x model.Experience) {
	if c := x.CSAT; c.Responses > 0 {
		p, iv, _ := c.Share()
		j.CSAT = &csatJSON{Responses: c.Responses, Satisfied: c.Satisfied, Share: p, CI95: [2]float64{iv.Lo, iv.Hi}}
	}
	if e := x.CES; e.Responses > 0 {
		p, _, _ := e.Easy()
		j.CES = &cesJSON{Responses: e.Responses, Easy: e.EasyAnswers, Share: p}
		if m, iv, ok := e.Mean(); ok {
			j.CES.Mean, j.CES.CI95 = &m, &[2]float64{iv.Lo, iv.Hi}
		}
	}
}

type groupJSON struct {
	Queue   string `json:"queue,omitempty"`
	Agent   string `json:"agent,omitempty"`
	Team    string `json:"team,omitempty"`
	Channel string `json:"channel,omitempty"`
	Site    string `json:"site,omitempty"`
	statJSON
	// Estimate is an agent's NPS shrunk toward the agents of its queue, as the dashboard's EST;
	// absent when the queue has too few agents to shrink (or for other groupings).
	Estimate *estimateJSON `json:"estimate,omitempty"`
}

type estimateJSON struct {
	NPS  float64    `json:"nps"`
	CI95 [2]float64 `json:"ci95"`
}

type feedJSON struct {
	Records    int64            `json:"records"`
	Accepted   int64            `json:"accepted"`
	Duplicates int64            `json:"duplicates"`
	Rejected   int64            `json:"rejected"`
	Reasons    map[string]int64 `json:"reasons"`
	// OverLimits counts the responses counted under "(other)": their queue, agent, team or
	// channel came past the most a report keeps.
	OverLimits overJSON `json:"over_limits"`
}

type overJSON struct {
	Responses int64 `json:"responses"` // counted under "(other)" for any limit
	Queues    int64 `json:"queues"`
	Agents    int64 `json:"agents"`
	Teams     int64 `json:"teams"`
	Channels  int64 `json:"channels"`
	Sites     int64 `json:"sites"`
}

// buildReport reads the figures of every group of dim that has responses in the window at at.
// Groups come sorted by key.
func buildReport(agg *model.Aggregator, counts *feed.Counts, dim model.Dim, w model.Window, at time.Time, loc *time.Location) *reportData {
	over := agg.Over()
	sp := w.Span(at, loc)
	r := &reportData{
		Window:  windowJSON{Name: w.String(), To: sp.To.In(loc)},
		Overall: statOf(agg.Figures(model.Group{Dim: model.Overall}, w, at, loc, 0, 0)),
		Groups:  []groupJSON{},
		Feed: feedJSON{Records: counts.Records, Accepted: counts.Accepted, Duplicates: counts.Duplicates,
			Rejected: counts.Rejected, Reasons: map[string]int64{},
			OverLimits: overJSON{Responses: over.Responses, Queues: over.Queues, Agents: over.Agents, Teams: over.Teams, Channels: over.Channels,
				Sites: over.Sites}},
		dim: dim,
		loc: loc,
	}
	if !sp.Unbounded {
		from := sp.From.In(loc)
		r.Window.From = &from
	}
	withExperience(&r.Overall, agg.Experience(model.Group{Dim: model.Overall}, sp))
	var figs []model.Figures
	if dim == model.ByAgent {
		for _, q := range agg.Groups(model.ByQueue) {
			rows, _ := agg.Agents(q.Queue, w, at, loc, 0, 0)
			figs = append(figs, rows...)
		}
	} else {
		for _, g := range agg.Groups(dim) {
			figs = append(figs, agg.Figures(g, w, at, loc, 0, 0))
		}
	}
	for _, f := range figs {
		if !f.HasNPS {
			continue
		}
		g := f.Group
		row := groupJSON{statJSON: statOf(f)}
		withExperience(&row.statJSON, agg.Experience(g, sp))
		if f.HasEst {
			row.Estimate = &estimateJSON{NPS: f.Est.NPS, CI95: [2]float64{f.Est.CI.Lo, f.Est.CI.Hi}}
		}
		switch dim {
		case model.ByQueue:
			row.Queue = g.Queue
		case model.ByAgent:
			row.Queue, row.Agent = g.Queue, g.Name
		case model.ByTeam:
			row.Team = g.Name
		case model.ByChannel:
			row.Channel = g.Name
		case model.BySite:
			row.Site = g.Name
		}
		r.Groups = append(r.Groups, row)
	}
	for _, reason := range feed.Reasons() {
		r.Feed.Reasons[reason.String()] = counts.ByReason[reason]
	}
	return r
}

// statOf is the JSON of a group's figures: the same figures the dashboard shows.
func statOf(f model.Figures) statJSON {
	s := f.Stat
	j := statJSON{Responses: s.Responses(), Promoters: s.Promoters, Passives: s.Passives, Detractors: s.Detractors, noisy: f.Noisy()}
	if f.HasNPS {
		nps := f.NPS
		j.NPS = &nps
		j.CI95 = &[2]float64{f.CI.Lo, f.CI.Hi}
	}
	return j
}

func writeReportJSON(w io.Writer, r *reportData) error {
	return writeJSON(w, r)
}

// writeJSON writes v as indented JSON, as every --json of npsboard does: text as it is (no
// \u003c for a <), one value and a newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// keyColumns are the names of the columns that identify a group of dim.
func keyColumns(dim model.Dim) []string {
	if dim == model.ByAgent {
		return []string{"queue", "agent"}
	}
	return []string{dim.String()}
}

func (g *groupJSON) key() []string {
	switch {
	case g.Agent != "":
		return []string{g.Queue, g.Agent}
	case g.Queue != "":
		return []string{g.Queue}
	case g.Team != "":
		return []string{g.Team}
	case g.Site != "":
		return []string{g.Site}
	}
	return []string{g.Channel}
}

func writeReportCSV(w io.Writer, r *reportData) error {
	cw := csv.NewWriter(w)
	header := append(keyColumns(r.dim), "responses", "promoters", "passives", "detractors", "nps", "ci95_lo", "ci95_hi")
	if r.dim == model.ByAgent {
		header = append(header, "estimate", "estimate_lo", "estimate_hi")
	}
	experience := r.Overall.CSAT != nil || r.Overall.CES != nil // columns only for a feed that has them
	if experience {
		header = append(header, "csat_responses", "csat_share", "csat_lo", "csat_hi", "ces_responses", "ces_mean", "ces_lo", "ces_hi", "ces_easy_share")
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	num := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	for i := range r.Groups {
		g := &r.Groups[i]
		row := append(csvTexts(g.key()), strconv.FormatInt(g.Responses, 10), strconv.FormatInt(g.Promoters, 10),
			strconv.FormatInt(g.Passives, 10), strconv.FormatInt(g.Detractors, 10), num(g.NPS))
		if g.CI95 != nil {
			row = append(row, num(&g.CI95[0]), num(&g.CI95[1]))
		} else {
			row = append(row, "", "")
		}
		if r.dim == model.ByAgent {
			if e := g.Estimate; e != nil {
				row = append(row, num(&e.NPS), num(&e.CI95[0]), num(&e.CI95[1]))
			} else {
				row = append(row, "", "", "")
			}
		}
		if experience {
			row = append(row, experienceCells(&g.statJSON, num)...)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeReportTable(w io.Writer, r *reportData) error {
	const timeLayout = "2006-01-02 15:04"
	var b strings.Builder
	zone := r.Window.To.Format("MST")
	if r.Window.From == nil {
		fmt.Fprintf(&b, "NPS by %s, all responses up to %s %s\n\n", r.dim, r.Window.To.Format(timeLayout), zone)
	} else {
		fmt.Fprintf(&b, "NPS by %s, window %s: %s to %s %s\n\n", r.dim, r.Window.Name,
			r.Window.From.Format(timeLayout), r.Window.To.Format(timeLayout), zone)
	}
	header := append(upper(keyColumns(r.dim)), "RESPONSES", "PROM", "PASS", "DET", "NPS", "95% CI")
	agents := r.dim == model.ByAgent
	if agents {
		header = append(header, "EST", "EST 95%")
	}
	experience := r.Overall.CSAT != nil || r.Overall.CES != nil
	if experience {
		header = append(header, "CSAT", "CES")
	}
	rows := [][]string{append(header, "")}
	for i := range r.Groups {
		g := &r.Groups[i]
		cells := statCells(&g.statJSON)
		if agents {
			est := []string{"-", "-"}
			if e := g.Estimate; e != nil {
				est = []string{signed(e.NPS), fmt.Sprintf("[%s, %s]", signed(e.CI95[0]), signed(e.CI95[1]))}
			}
			cells = append(append(cells[:len(cells)-1:len(cells)-1], est...), cells[len(cells)-1])
		}
		if experience {
			csat, ces := experienceText(&g.statJSON)
			cells = append(cells[:len(cells)-1:len(cells)-1], csat, ces, cells[len(cells)-1])
		}
		rows = append(rows, append(clip(g.key()), cells...))
	}
	overall := make([]string, len(keyColumns(r.dim)))
	overall[0] = "All"
	cells := statCells(&r.Overall)
	if agents {
		cells = append(append(cells[:len(cells)-1:len(cells)-1], "", ""), cells[len(cells)-1])
	}
	if experience {
		csat, ces := experienceText(&r.Overall)
		cells = append(cells[:len(cells)-1:len(cells)-1], csat, ces, cells[len(cells)-1])
	}
	rows = append(rows, append(overall, cells...))
	writeAligned(&b, rows, len(keyColumns(r.dim)))

	f := &r.Feed
	fmt.Fprintf(&b, "\nFeed: %s, %s accepted, %s, %s rejected",
		count(f.Records, "record"), thousands(f.Accepted), count(f.Duplicates, "duplicate"), thousands(f.Rejected))
	var reasons []string
	for _, reason := range feed.Reasons() {
		if n := f.Reasons[reason.String()]; n > 0 {
			reasons = append(reasons, fmt.Sprintf("%s %s", reason, thousands(n)))
		}
	}
	if len(reasons) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(reasons, ", "))
	}
	b.WriteString("\n")
	if o := f.OverLimits; o != (overJSON{}) {
		fmt.Fprintf(&b, "Counted under %s: %s\n", model.Other, overLimits(o))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// overLimits says which limits were met, and for how many responses: "the responses of queues
// past the first 1,000 (1,200)".
func overLimits(o overJSON) string {
	var parts []string
	for _, l := range []struct {
		n, limit int64
		what     string
	}{{o.Queues, model.MaxQueues, "queues"}, {o.Agents, model.MaxAgents, "agents"}, {o.Teams, model.MaxTeams, "teams"},
		{o.Channels, model.MaxChannels, "channels"}, {o.Sites, model.MaxSites, "sites"}} {
		if l.n > 0 {
			parts = append(parts, fmt.Sprintf("of %s past the first %s (%s)", l.what, thousands(l.limit), thousands(l.n)))
		}
	}
	return "the responses " + strings.Join(parts, ", ")
}

// experienceCells are a group's CSAT and CES columns of the CSV, empty where it has none.
func experienceCells(s *statJSON, num func(*float64) string) []string {
	out := make([]string, 9)
	if c := s.CSAT; c != nil {
		out[0], out[1], out[2], out[3] = strconv.FormatInt(c.Responses, 10), num(&c.Share), num(&c.CI95[0]), num(&c.CI95[1])
	}
	if e := s.CES; e != nil {
		out[4], out[8] = strconv.FormatInt(e.Responses, 10), num(&e.Share)
		if e.Mean != nil {
			out[5], out[6], out[7] = num(e.Mean), num(&e.CI95[0]), num(&e.CI95[1])
		}
	}
	return out
}

// experienceText says CSAT and CES as the table does: "82% · 5.4"; "" without either.
func experienceText(s *statJSON) (csat, ces string) {
	csat, ces = "-", "-"
	if c := s.CSAT; c != nil {
		csat = fmt.Sprintf("%.0f%% ±%.0f", 100*c.Share, 50*(c.CI95[1]-c.CI95[0]))
	}
	if e := s.CES; e != nil && e.Mean != nil {
		ces = fmt.Sprintf("%.1f ±%.1f", *e.Mean, (e.CI95[1]-e.CI95[0])/2)
	}
	return csat, ces
}

func statCells(s *statJSON) []string {
	pct := func(n int64) string {
		if s.Responses == 0 {
			return "-"
		}
		return fmt.Sprintf("%d%%", int(math.Round(100*float64(n)/float64(s.Responses))))
	}
	cells := []string{thousands(s.Responses), pct(s.Promoters), pct(s.Passives), pct(s.Detractors)}
	if s.NPS == nil {
		return append(cells, "-", "-", "")
	}
	note := ""
	if s.noisy {
		note = "too few responses to tell"
	}
	return append(cells, signed(*s.NPS), fmt.Sprintf("[%s, %s]", signed(s.CI95[0]), signed(s.CI95[1])), note)
}

// signed rounds an NPS figure half away from zero and writes it with its sign: +24, -3, 0.
func signed(x float64) string {
	n := int(math.Round(x))
	if n == 0 {
		return "0"
	}
	return fmt.Sprintf("%+d", n)
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && c != '-' && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// count writes a number of things: "1 record", "2,000 records".
func count(n int64, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return thousands(n) + " " + thing + "s"
}

func upper(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToUpper(s)
	}
	return out
}

// maxNameWidth keeps a long queue or agent name from pushing the figures off the screen.
const maxNameWidth = 32

func clip(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = ansi.Truncate(s, maxNameWidth, "…")
	}
	return out
}

// writeAligned writes rows in columns two spaces apart, measuring text in terminal cells so that
// wide characters keep the columns straight. The first textCols columns are aligned left,
// the figures right, the last (a note) left.
func writeAligned(b *strings.Builder, rows [][]string, textCols int) {
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], ansi.StringWidth(cell))
		}
	}
	for _, row := range rows {
		var line strings.Builder
		for i, cell := range row {
			pad := strings.Repeat(" ", widths[i]-ansi.StringWidth(cell))
			if i > 0 {
				line.WriteString("  ")
			}
			if i < textCols || i == len(row)-1 {
				line.WriteString(cell + pad)
			} else {
				line.WriteString(pad + cell)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}
