package model

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Rules say when alerts are raised, and how soon they must be followed up.
type Rules struct {
	// Keywords make a detractor's case high when its comment holds one (any case): rule keyword.
	Keywords []string
	// VIPCustomers and VIPSegments make a detractor's case high for those customers: rule vip.
	VIPCustomers map[string]bool
	VIPSegments  map[string]bool

	// OpenAt is the least severity of a response's rule that opens a case (High: only the
	// cases a floor must call back; Low: every detractor); Opens says otherwise for a rule.
	// Responses that open none still count in every figure and list.
	OpenAt Severity
	Opens  map[string]bool
	// Promoters opens a case for each promoter (rule promoter), to thank them and ask for a
	// referral, at PromoterSeverity.
	Promoters        bool
	PromoterSeverity Severity
	// Outcomes are what can come of a case, one chosen when it is resolved (DefaultOutcomes
	// when none); Playbooks, the steps to follow, by rule name or else by severity name.
	Outcomes  []string
	Playbooks map[string][]string

	// ReopenWithin: a customer's detractor within this of their case's resolution reopens it
	// (at most MaxReopenWithin); later, it opens a new case.
	ReopenWithin time.Duration

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

	// QueueRules are the queue rules in force, by name (RuleWorsening, RuleBelowTarget,
	// RuleSpike); Worsening tunes the first.
	QueueRules []string
	Worsening  Detector

	// A streak is StreakCount detractors in a row for one agent within StreakWithin.
	StreakCount  int
	StreakWithin time.Duration

	// Severity of the queue rules' alerts.
	BelowTargetSeverity, SpikeSeverity, StreakSeverity Severity

	// FollowUp is how long an alert of each severity may wait for someone to close the loop.
	FollowUp [3]time.Duration

	// CaseLimit is how many cases and streaks are held at once (MaxCases when zero): a very
	// large floor raises it, at about 600 bytes a case.
	CaseLimit int

	// Horizon is how old a response may be when it arrives and still raise an alert: older, it
	// is history (last month's file, a backfill), counted in every figure but nobody's to-do.
	// Zero means the longest follow-up: a customer nobody could still call back in time.
	Horizon time.Duration
}

// HorizonOrDefault is the horizon in force.
func (r Rules) HorizonOrDefault() time.Duration {
	if r.Horizon > 0 {
		return r.Horizon
	}
	return max(r.FollowUp[Low], r.FollowUp[Medium], r.FollowUp[High])
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
		OpenAt:              High,
		QueueRules:          []string{RuleWorsening},
		Worsening:           DefaultDetector,
		PromoterSeverity:    Low,
		ReopenWithin:        7 * 24 * time.Hour,
		CaseLimit:           MaxCases,
		Outcomes:            DefaultOutcomes,
	}
}

// Playbook is the steps to follow on an alert: its rule's, else its severity's; none when the
// config names none.
func (r *Rules) Playbook(a *Alert) []string {
	if p, ok := r.Playbooks[a.Rule]; ok {
		return p
	}
	return r.Playbooks[a.Severity.String()]
}

// OpensCase says whether a response opens a case of its own under the rules (a customer's
// later response may join their case instead).
func (r *Rules) OpensCase(resp *Response) bool {
	rr := r.responseRules()
	_, _, _, opens := rr.match(resp)
	return opens
}

// MaxReopenWithin bounds how long a resolved case is kept for its customer to reopen it.
const MaxReopenWithin = 14 * 24 * time.Hour

// TargetOf is a queue's target.
func (r *Rules) TargetOf(queue string) float64 {
	if t, ok := r.Targets[queue]; ok {
		return t
	}
	return r.Target
}

// The rules, each a type: the detractor rule grades each detractor's alert; the streak rule
// watches an agent's detractors in a row; queue rules judge a queue's figures at whole minutes.
// They are made from the configuration (Rules) when the alerts are (NewAlerts).

// responseRules name the case a response opens: the first of them that matches, in priority
// order — vip (a VIP customer or segment, high), keyword (a comment that holds one, high),
// detractor (high for a score of 0 to 3, medium for 4 to 6), promoter (9 or 10, low, off
// unless asked) — and whether a case is opened for it at all.
type responseRules struct {
	keywords              []string
	vipCustomers, vipSegs map[string]bool
	openAt                Severity
	opens                 map[string]bool
	promoters             bool
	promoterSev           Severity
}

// match is the rule of highest priority that matches r, its severity and facts, and whether it
// opens a case; rule "" when none matches.
func (d *responseRules) match(r *Response) (rule string, sev Severity, f Facts, opens bool) {
	switch {
	case r.Class() == Promoter:
		if !d.promoters {
			return "", 0, Facts{}, false
		}
		rule, sev = RulePromoter, d.promoterSev
	case r.Class() != Detractor:
		return "", 0, Facts{}, false
	case d.vipCustomers[r.Customer] || d.vipSegs[strings.ToLower(r.Segment)]:
		rule, sev, f = RuleVIP, High, Facts{VIP: true}
	default:
		if kw := d.keywordIn(r.Comment); kw != "" {
			rule, sev, f = RuleKeyword, High, Facts{Keyword: kw}
		} else if rule, sev = RuleDetractor, Medium; r.Score <= 3 {
			sev = High
		}
	}
	opens = sev >= d.openAt
	if o, ok := d.opens[rule]; ok {
		opens = o
	}
	return rule, sev, f, opens
}

func (d *responseRules) keywordIn(comment string) string {
	if comment == "" {
		return ""
	}
	lc := strings.ToLower(comment)
	for _, k := range d.keywords {
		if k != "" && strings.Contains(lc, strings.ToLower(k)) {
			return k
		}
	}
	return ""
}

// QueueRule judges a queue's figures at a whole minute: whether its condition holds, and the
// figures that say so, as facts.
type QueueRule interface {
	Name() string
	Severity() Severity
	Judge(agg *Aggregator, queue string, at time.Time) (holds bool, f Facts)
}

// changePoint is a queue rule that knows when the condition holding at at began, from the facts
// it judged; for the others, the start is found by judging the minutes before (began).
type changePoint interface {
	Began(at time.Time, f Facts) time.Time
}

// belowTarget holds when a queue's NPS over its window is below its target, and so is the
// upper end of its 95 % interval: below for sure, not by noise.
type belowTarget struct {
	window   time.Duration
	targetOf func(queue string) float64
	severity Severity
}

func (b belowTarget) Name() string       { return RuleBelowTarget }
func (b belowTarget) Severity() Severity { return b.severity }

func (b belowTarget) Judge(agg *Aggregator, queue string, at time.Time) (bool, Facts) {
	s := agg.Stat(Group{Dim: ByQueue, Queue: queue}, Last(b.window).Span(at, time.UTC))
	f := Facts{Window: b.window, N: s.Responses(), Target: b.targetOf(queue)}
	nps, ok := s.NPS()
	if !ok {
		f.None = true
		return false, f
	}
	iv, _ := s.CI95()
	f.NPS, f.HalfWidth = nps, iv.HalfWidth()
	return nps < f.Target && iv.Hi < f.Target, f
}

// spike holds when a queue's share of detractors over the recent stretch is significantly
// above (one-sided, at 5 %) its share over the baseline before it, with enough responses in
// both.
type spike struct {
	recent, baseline       time.Duration
	minRecent, minBaseline int64
	severity               Severity
}

func (p spike) Name() string       { return RuleSpike }
func (p spike) Severity() Severity { return p.severity }

func (p spike) Judge(agg *Aggregator, queue string, at time.Time) (bool, Facts) {
	g := Group{Dim: ByQueue, Queue: queue}
	recentSpan := Last(p.recent).Span(at, time.UTC)
	recent := agg.Stat(g, recentSpan)
	base := agg.Stat(g, Span{From: recentSpan.From.Add(-p.baseline), To: recentSpan.From})
	n1, n2 := recent.Responses(), base.Responses()
	if n1 < p.minRecent || n2 < p.minBaseline {
		return false, Facts{}
	}
	f := Facts{Window: p.recent, Baseline: p.baseline, N: n1,
		Share: 100 * float64(recent.Detractors) / float64(n1), Before: 100 * float64(base.Detractors) / float64(n2)}
	return proportionAbove(recent.Detractors, n1, base.Detractors, n2), f
}

// queueRules are the queue rules of the configuration.
func (r *Rules) queueRules(worse *detector) []QueueRule {
	var rules []QueueRule
	for _, name := range r.QueueRules {
		switch name {
		case RuleWorsening:
			rules = append(rules, worse)
		case RuleBelowTarget:
			rules = append(rules, belowTarget{window: r.Window, targetOf: r.TargetOf, severity: r.BelowTargetSeverity})
		case RuleSpike:
			rules = append(rules, spike{recent: r.SpikeRecent, baseline: r.SpikeBaseline, minRecent: r.SpikeMinRecent,
				minBaseline: r.SpikeMinBaseline, severity: r.SpikeSeverity})
		}
	}
	return rules
}

// QueueRuleNames are the queue rules a config can name, the default first.
var QueueRuleNames = []string{RuleWorsening, RuleBelowTarget, RuleSpike}

func (r *Rules) responseRules() responseRules {
	return responseRules{keywords: r.Keywords, vipCustomers: r.VIPCustomers, vipSegs: r.VIPSegments, openAt: r.OpenAt,
		opens: r.Opens, promoters: r.Promoters, promoterSev: r.PromoterSeverity}
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
