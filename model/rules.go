package model

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Rules say when alerts are raised, and how soon they must be followed up.
type Rules struct {
	// Keywords make a detractor's alert high when its comment holds one (any case).
	Keywords []string
	// VIPCustomers and VIPSegments make a detractor's alert high for those customers.
	VIPCustomers map[string]bool
	VIPSegments  map[string]bool

	// A queue is below target when its NPS over Window is below its target and so is the upper
	// end of its 95 % interval: below for sure, not by noise.
	Window  time.Duration
	Target  float64            // every queue's target...
	Targets map[string]float64 // ... unless it has its own

	// A spike is a share of detractors over SpikeRecent significantly above (one-sided, at 5 %)
	// the share over the SpikeBaseline before it, with enough responses in both.
	SpikeRecent, SpikeBaseline time.Duration
	SpikeMinRecent             int64
	SpikeMinBaseline           int64

	// A streak is StreakCount detractors in a row for one agent within StreakWithin.
	StreakCount  int
	StreakWithin time.Duration

	// Severity of the queue rules' alerts.
	BelowTargetSeverity, SpikeSeverity, StreakSeverity Severity

	// FollowUp is how long an alert of each severity may wait for someone to close the loop.
	FollowUp [3]time.Duration
}

// DefaultRules are the rules without a config.
func DefaultRules() Rules {
	return Rules{
		Keywords:            []string{"cancel", "refund", "complaint", "complain", "lawyer", "solicitor", "ombudsman", "legal", "regulator", "compensation"},
		VIPSegments:         map[string]bool{"vip": true},
		Window:              time.Hour,
		Target:              20,
		SpikeRecent:         15 * time.Minute,
		SpikeBaseline:       time.Hour,
		SpikeMinRecent:      10,
		SpikeMinBaseline:    20,
		StreakCount:         3,
		StreakWithin:        time.Hour,
		BelowTargetSeverity: Medium,
		SpikeSeverity:       High,
		StreakSeverity:      Medium,
		FollowUp:            [3]time.Duration{24 * time.Hour, 24 * time.Hour, 24 * time.Hour},
	}
}

// TargetOf is a queue's target.
func (r *Rules) TargetOf(queue string) float64 {
	if t, ok := r.Targets[queue]; ok {
		return t
	}
	return r.Target
}

// detractorSeverity grades a detractor's alert, and says why it is high.
func (r *Rules) detractorSeverity(resp *Response) (Severity, string) {
	switch {
	case resp.Score <= 3:
		return High, ""
	case r.VIPCustomers[resp.Customer] || r.VIPSegments[strings.ToLower(resp.Segment)]:
		return High, "a VIP customer"
	}
	if kw := r.keywordIn(resp.Comment); kw != "" {
		return High, "the comment says " + kw
	}
	return Medium, ""
}

func (r *Rules) keywordIn(comment string) string {
	if comment == "" {
		return ""
	}
	lc := strings.ToLower(comment)
	for _, k := range r.Keywords {
		if k != "" && strings.Contains(lc, strings.ToLower(k)) {
			return k
		}
	}
	return ""
}

// belowTarget says whether a queue is clearly below its target over the window ending at
// instant at, and describes its figures.
func (r *Rules) belowTarget(agg *Aggregator, queue string, at time.Time) (bool, string) {
	s := agg.Stat(Group{Dim: ByQueue, Queue: queue}, Last(r.Window).Span(at, time.UTC))
	nps, ok := s.NPS()
	if !ok {
		return false, "no responses in the last " + Last(r.Window).String()
	}
	iv, _ := s.CI95()
	target := r.TargetOf(queue)
	desc := queue + " NPS " + signedInt(nps) + " ±" + wholeInt(iv.HalfWidth()) + " in the last " + Last(r.Window).String()
	return nps < target && iv.Hi < target, desc
}

// spike says whether a queue's share of detractors over the recent stretch ending at instant
// at is significantly above its share over the baseline before it, and describes both.
func (r *Rules) spike(agg *Aggregator, queue string, at time.Time) (bool, string) {
	g := Group{Dim: ByQueue, Queue: queue}
	recentSpan := Last(r.SpikeRecent).Span(at, time.UTC)
	recent := agg.Stat(g, recentSpan)
	base := agg.Stat(g, Span{From: recentSpan.From.Add(-r.SpikeBaseline), To: recentSpan.From})
	n1, n2 := recent.Responses(), base.Responses()
	if n1 < r.SpikeMinRecent || n2 < r.SpikeMinBaseline {
		return false, ""
	}
	p1, p2 := float64(recent.Detractors)/float64(n1), float64(base.Detractors)/float64(n2)
	desc := queue + " detractors " + wholeInt(100*p1) + "% in the last " + Last(r.SpikeRecent).String() +
		" against " + wholeInt(100*p2) + "% in the " + Last(r.SpikeBaseline).String() + " before"
	return proportionAbove(recent.Detractors, n1, base.Detractors, n2), desc
}

// proportionAbove is the one-sided two-proportion z test at 5 %: is x1/n1 above x2/n2 by more
// than chance would make it? It uses the pooled proportion; both samples must be non-empty.
func proportionAbove(x1, n1, x2, n2 int64) bool {
	p1, p2 := float64(x1)/float64(n1), float64(x2)/float64(n2)
	p := float64(x1+x2) / float64(n1+n2)
	se := math.Sqrt(p * (1 - p) * (1/float64(n1) + 1/float64(n2)))
	if se == 0 {
		return false
	}
	return (p1-p2)/se > 1.6448536269514722 // the 95th percentile of the normal distribution
}

func signedInt(x float64) string {
	n := int(math.Round(x))
	if n > 0 {
		return "+" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func wholeInt(x float64) string { return strconv.Itoa(int(math.Round(x))) }
