// Package prom writes NPS figures in the Prometheus text format, for a team that charts and
// alerts in Grafana: per window, the NPS, its 95 % interval and the responses of each class,
// overall, per queue, per site, and per agent when asked.
//
// Names follow Prometheus' guide: the npsboard_ prefix, one family per level (npsboard_nps,
// npsboard_queue_nps, npsboard_site_nps, npsboard_agent_nps) so that every series of a family
// has the same labels, gauges for figures of a window (they go down as well as up), and
// seconds for time. Cardinality is bounded: windows are few, queues and sites are bounded by
// the aggregator's own limits, and agents are written only when asked, at most MaxAgents.
package prom

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/npsboard/npsboard/model"
)

// DefaultMaxAgents is how many agents' figures are written when agents are asked for.
const DefaultMaxAgents = 500

// MaxAgentsLimit bounds MaxAgents: 20,000 agents times their families is a scrape of megabytes.
const MaxAgentsLimit = 5000

// DefaultWindows are the windows written unless told otherwise.
var DefaultWindows = []model.Window{model.Last(time.Hour), model.Today(), model.Last(30 * 24 * time.Hour)}

// MaxWindows bounds the windows, each of which multiplies every series.
const MaxWindows = 8

// Options say what to write.
type Options struct {
	Windows   []model.Window // DefaultWindows when empty
	Agents    bool           // agents' figures too
	MaxAgents int            // DefaultMaxAgents when zero: those with the most responses
	Location  *time.Location // where today and this week start
}

// Dims are the groupings an aggregator must keep for the figures o asks for.
func (o Options) Dims() []model.Dim {
	if o.Agents {
		return []model.Dim{model.ByQueue, model.BySite, model.ByAgent}
	}
	return []model.Dim{model.ByQueue, model.BySite}
}

// level is one family of groups: the floor, the queues, the sites, the agents.
type level struct {
	prefix string
	dim    model.Dim
	labels func(g model.Group) []string // label names and values, in pairs
	help   string
}

var levels = []level{
	{"npsboard_", model.Overall, func(model.Group) []string { return nil }, "the whole floor"},
	{"npsboard_queue_", model.ByQueue, func(g model.Group) []string { return []string{"queue", g.Queue} }, "each queue"},
	{"npsboard_site_", model.BySite, func(g model.Group) []string { return []string{"site", g.Name} }, "each site"},
	{"npsboard_agent_", model.ByAgent, func(g model.Group) []string { return []string{"queue", g.Queue, "agent", g.Name} }, "each agent in each queue"},
}

// Write writes the figures of agg at instant at.
func Write(w io.Writer, agg *model.Aggregator, at time.Time, o Options) error {
	windows := o.Windows
	if len(windows) == 0 {
		windows = DefaultWindows
	}
	loc := cmp.Or(o.Location, time.UTC)
	var b strings.Builder
	for _, lv := range levels {
		var groups []model.Group
		switch {
		case lv.dim == model.Overall:
			groups = []model.Group{{Dim: model.Overall}}
		case lv.dim == model.ByAgent && !o.Agents:
			continue
		default:
			groups = agg.Groups(lv.dim)
		}
		omitted := 0
		if lv.dim == model.ByAgent {
			groups, omitted = busiest(agg, groups, windows, at, loc, cmp.Or(o.MaxAgents, DefaultMaxAgents))
		}
		writeLevel(&b, agg, lv, groups, windows, at, loc)
		if lv.dim == model.ByAgent {
			Family(&b, "npsboard_agents_omitted", "gauge", "Agents whose figures are not written, past the most asked for (those with fewest responses).")
			Sample(&b, "npsboard_agents_omitted", nil, float64(omitted))
		}
	}
	if newest := agg.Newest(); !newest.IsZero() {
		Family(&b, "npsboard_last_response_timestamp_seconds", "gauge", "The time of the newest response, in Unix seconds.")
		Sample(&b, "npsboard_last_response_timestamp_seconds", nil, float64(newest.UnixMilli())/1000)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeLevel writes a level's four families, every group in every window.
func writeLevel(b *strings.Builder, agg *model.Aggregator, lv level, groups []model.Group, windows []model.Window, at time.Time, loc *time.Location) {
	type row struct {
		labels []string
		f      model.Figures
	}
	var rows []row
	for _, win := range windows {
		for _, g := range groups {
			rows = append(rows, row{append([]string{"window", win.String()}, lv.labels(g)...), agg.Figures(g, win, at, loc, 0, 0)})
		}
	}
	nps, lower, upper, responses := lv.prefix+"nps", lv.prefix+"nps_ci95_lower", lv.prefix+"nps_ci95_upper", lv.prefix+"responses"
	Family(b, nps, "gauge", "Net Promoter Score of "+lv.help+" over the window: % promoters (9-10) - % detractors (0-6), -100 to 100; absent with no response.")
	for _, r := range rows {
		if r.f.HasNPS {
			Sample(b, nps, r.labels, r.f.NPS)
		}
	}
	Family(b, lower, "gauge", "Lower bound of the NPS's 95 % interval (adjusted Wald, Rocks 2016) of "+lv.help+".")
	for _, r := range rows {
		if r.f.HasNPS {
			Sample(b, lower, r.labels, r.f.CI.Lo)
		}
	}
	Family(b, upper, "gauge", "Upper bound of the NPS's 95 % interval of "+lv.help+".")
	for _, r := range rows {
		if r.f.HasNPS {
			Sample(b, upper, r.labels, r.f.CI.Hi)
		}
	}
	Family(b, responses, "gauge", "Responses of "+lv.help+" over the window, by class.")
	for _, r := range rows {
		s := r.f.Stat
		for _, c := range []struct {
			class string
			n     int64
		}{{"promoter", s.Promoters}, {"passive", s.Passives}, {"detractor", s.Detractors}} {
			Sample(b, responses, append(slices.Clip(r.labels), "class", c.class), float64(c.n))
		}
	}
}

// busiest keeps the n agents with the most responses in the longest window, and says how
// many it left out.
func busiest(agg *model.Aggregator, groups []model.Group, windows []model.Window, at time.Time, loc *time.Location, n int) ([]model.Group, int) {
	if len(groups) <= n {
		return groups, 0
	}
	longest := windows[0]
	for _, w := range windows[1:] {
		if w.IsAll() || !longest.IsAll() && w.Duration() > longest.Duration() {
			longest = w
		}
	}
	count := make(map[model.Group]int64, len(groups))
	for _, g := range groups {
		count[g] = agg.Figures(g, longest, at, loc, 0, 0).Stat.Responses()
	}
	slices.SortStableFunc(groups, func(a, b model.Group) int {
		return cmp.Or(cmp.Compare(count[b], count[a]), a.Compare(b))
	})
	kept := slices.Clone(groups[:n])
	slices.SortFunc(kept, model.Group.Compare)
	return kept, len(groups) - n
}

// Family starts a family of samples: its help and its type (counter, gauge).
func Family(b *strings.Builder, name, kind, help string) {
	fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, kind)
}

// Sample writes one sample; labels are names and values in pairs, the values escaped.
func Sample(b *strings.Builder, name string, labels []string, v float64) {
	b.WriteString(name)
	if len(labels) > 0 {
		b.WriteByte('{')
		for i := 0; i+1 < len(labels); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(labels[i])
			b.WriteString(`="`)
			b.WriteString(escape(labels[i+1]))
			b.WriteByte('"')
		}
		b.WriteByte('}')
	}
	b.WriteByte(' ')
	b.WriteString(formatValue(v))
	b.WriteByte('\n')
}

// escape writes a label value as the text format wants: backslash, double quote and line feed
// escaped. Names from a feed are cleaned of every other control character before they get here.
func escape(s string) string {
	if !strings.ContainsAny(s, "\\\"\n") {
		return s
	}
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

func formatValue(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// ParseWindows reads a list of windows, such as "1h,today,30d".
func ParseWindows(list string) ([]model.Window, error) {
	var out []model.Window
	for _, name := range strings.Split(list, ",") {
		w, err := model.ParseWindow(strings.TrimSpace(name))
		if err != nil {
			return nil, err
		}
		if slices.Contains(out, w) {
			continue
		}
		out = append(out, w)
	}
	if len(out) == 0 || len(out) > MaxWindows {
		return nil, fmt.Errorf("want 1 to %d windows", MaxWindows)
	}
	return out, nil
}
