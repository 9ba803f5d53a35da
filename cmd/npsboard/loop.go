package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/npsboard/npsboard/model"
)

// The loop's own figures, as `npsboard alerts --summary` prints them: for the floor, by queue
// and by owner.

// loopJSON is a group's loop figures in JSON: durations in seconds.
type loopJSON struct {
	Group               string         `json:"group,omitempty"`
	Cases               int            `json:"cases"`
	Open                int            `json:"open"`
	Resolved            int            `json:"resolved"`
	FirstActionMedian   *float64       `json:"first_action_median_s"`
	FirstActionP90      *float64       `json:"first_action_p90_s"`
	FirstActionN        int            `json:"first_action_n"`
	ResolutionMedian    *float64       `json:"resolution_median_s"`
	ResolutionP90       *float64       `json:"resolution_p90_s"`
	ResolutionN         int            `json:"resolution_n"`
	WithinSLA           *float64       `json:"within_sla"` // a share, 0 to 1, of WithinSLAOf cases
	WithinSLAOf         int            `json:"within_sla_of"`
	BacklogUnder1h      int            `json:"backlog_under_1h"`
	Backlog1hTo4h       int            `json:"backlog_1h_to_4h"`
	Backlog4hTo24h      int            `json:"backlog_4h_to_24h"`
	BacklogDayOrMore    int            `json:"backlog_1d_or_more"`
	Outcomes            map[string]int `json:"outcomes"`
	OutcomeWithNoteOnly int            `json:"resolved_with_a_note_only,omitempty"`
}

type loopSummary struct {
	Window string     `json:"window"`
	From   *time.Time `json:"from"`
	To     time.Time  `json:"to"`
	Floor  loopJSON   `json:"floor"`
	Queues []loopJSON `json:"queues"`
	Owners []loopJSON `json:"owners"`
}

func seconds(q model.Quantiles) (med, p90 *float64) {
	if q.N == 0 {
		return nil, nil
	}
	m, p := q.Median.Seconds(), q.P90.Seconds()
	return &m, &p
}

func toLoopJSON(group string, l *model.Loop) loopJSON {
	j := loopJSON{Group: group, Cases: l.Cases, Open: l.Open, Resolved: l.Resolved, FirstActionN: l.FirstAction.N,
		ResolutionN: l.Resolution.N, WithinSLAOf: l.WithinSLA.Of, BacklogUnder1h: l.Backlog[0], Backlog1hTo4h: l.Backlog[1],
		Backlog4hTo24h: l.Backlog[2], BacklogDayOrMore: l.Backlog[3], Outcomes: map[string]int{}}
	j.FirstActionMedian, j.FirstActionP90 = seconds(l.FirstAction)
	j.ResolutionMedian, j.ResolutionP90 = seconds(l.Resolution)
	if l.WithinSLA.OK {
		j.WithinSLA = &l.WithinSLA.Share
	}
	for o, n := range l.Outcomes {
		if o == "" {
			j.OutcomeWithNoteOnly = n
		} else {
			j.Outcomes[o] = n
		}
	}
	return j
}

// loopSummaryOf is the figures of the cases raised in window w, at instant now.
func loopSummaryOf(list []*model.Alert, w model.Window, now time.Time, loc *time.Location) loopSummary {
	sp := w.Span(now, loc)
	s := loopSummary{Window: w.String(), To: sp.To}
	if !sp.Unbounded {
		from := sp.From.UTC()
		s.From = &from
	}
	loops := model.LoopsOf(list, sp, now)
	s.Floor = toLoopJSON("", loops.Floor)
	for _, k := range model.LoopKeys(loops.Queues) {
		s.Queues = append(s.Queues, toLoopJSON(k, loops.Queues[k]))
	}
	for _, k := range model.LoopKeys(loops.Owners) {
		s.Owners = append(s.Owners, toLoopJSON(k, loops.Owners[k]))
	}
	return s
}

func writeLoopJSON(w io.Writer, s loopSummary) error {
	return writeJSON(w, s)
}

// writeLoopTable prints the floor's row, then the queues' and the owners'.
func writeLoopTable(w io.Writer, s loopSummary) error {
	var b strings.Builder
	fmt.Fprintf(&b, "the loop over %s: %d cases, %d resolved, %d open\n\n", s.Window, s.Floor.Cases, s.Floor.Resolved, s.Floor.Open)
	head := []string{"", "CASES", "OPEN", "1ST ACTION", "P90", "RESOLVED IN", "P90", "IN SLA", "<1h", "1-4h", "4-24h", "≥1d", "OUTCOMES"}
	row := func(name string, j loopJSON) []string {
		return clip([]string{name, thousands(int64(j.Cases)), thousands(int64(j.Open)), dur(j.FirstActionMedian), dur(j.FirstActionP90),
			dur(j.ResolutionMedian), dur(j.ResolutionP90), share(j.WithinSLA, j.WithinSLAOf), fmt.Sprint(j.BacklogUnder1h),
			fmt.Sprint(j.Backlog1hTo4h), fmt.Sprint(j.Backlog4hTo24h), fmt.Sprint(j.BacklogDayOrMore), outcomes(j)})
	}
	for _, part := range []struct {
		title  string
		groups []loopJSON
	}{{"QUEUE", s.Queues}, {"OWNER", s.Owners}} {
		h := slices.Clone(head)
		h[0] = part.title
		rows := [][]string{h, row("(floor)", s.Floor)}
		for _, g := range part.groups {
			rows = append(rows, row(orNobody(g.Group), g))
		}
		writeAligned(&b, rows, 1)
		b.WriteString("\n")
	}
	b.WriteString("1ST ACTION and RESOLVED IN are medians from raising (P90: the 90th percentile, nearest rank); IN SLA, the\n" +
		"share of the cases due or resolved that were resolved by their deadline; then the open ones by age.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func orNobody(owner string) string {
	if owner == "" {
		return "(nobody)"
	}
	return owner // cleaned as the journal was read
}

func dur(s *float64) string {
	if s == nil {
		return "–"
	}
	d := time.Duration(*s * float64(time.Second)).Round(time.Minute)
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh%02d", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}

func share(s *float64, of int) string {
	if s == nil {
		return "–"
	}
	return fmt.Sprintf("%.0f%% of %d", *s*100, of)
}

// outcomes are the outcomes, the most frequent first.
func outcomes(j loopJSON) string {
	var parts []string
	for _, o := range model.ByCount(j.Outcomes) {
		parts = append(parts, fmt.Sprintf("%s %d", o, j.Outcomes[o]))
	}
	return strings.Join(parts, ", ")
}
