package model

import (
	"math"
	"testing"
	"time"
)

// addN adds n responses of score to queue q at instant at.
func addN(a *Aggregator, q string, score, n int, at time.Time) {
	for range n {
		a.Add(&Response{ID: "x", Time: at, Score: int8(score), Queue: q})
	}
}

// Where a queue stands, by hand: 60 promoters, 30 passives and 10 detractors have NPS +50 and
// the adjusted-Wald interval [+35.47, +61.62] (n' = 103, p' = 60.75/103, d' = 10.75/103,
// v' = p' + d' − (p' − d')² = 0.45852, ±1.96·√(v'/n') = ±13.08).
func TestWhereAGroupStands(t *testing.T) {
	a := NewAggregator(Retention{})
	at := day0.Add(30 * time.Minute)
	addN(a, "q", 10, 60, at)
	addN(a, "q", 8, 30, at)
	addN(a, "q", 3, 10, at)
	addN(a, "few", 10, 5, at)
	g := Group{Dim: ByQueue, Queue: "q"}
	for _, c := range []struct {
		target float64
		want   Standing
	}{{20, OnTarget}, {50, OnTarget}, {60, NearTarget}, {61.6, NearTarget}, {61.7, BelowTarget}} {
		f := a.Figures(g, Last(time.Hour), at, time.UTC, c.target, 0)
		if f.Standing != c.want {
			t.Errorf("target %v: %v, want %v", c.target, f.Standing, c.want)
		}
		if math.Abs(f.NPS-50) > 1e-9 || math.Abs(f.CI.Lo-35.466) > 0.01 || math.Abs(f.CI.Hi-61.622) > 0.01 {
			t.Errorf("NPS %v, CI %+v", f.NPS, f.CI)
		}
	}
	if f := a.Figures(Group{Dim: ByQueue, Queue: "few"}, Last(time.Hour), at, time.UTC, -100, 0); f.Standing != TooFew || !f.Noisy() {
		t.Errorf("five promoters: %v, noisy %v (±%.0f)", f.Standing, f.Noisy(), f.CI.HalfWidth())
	}
	if f := a.Figures(Group{Dim: ByQueue, Queue: "none"}, Last(time.Hour), at, time.UTC, 0, 0); f.Standing != NoResponses || f.HasNPS {
		t.Errorf("no responses: %+v", f)
	}
}

// A change between windows of too few responses is never called significant, though the test
// alone would (four detractors, then four promoters: z is infinite).
func TestAChangeOfTooFewIsNeverSignificant(t *testing.T) {
	a := NewAggregator(Retention{})
	addN(a, "q", 0, 4, day0.Add(10*time.Minute))
	addN(a, "q", 10, 4, day0.Add(70*time.Minute))
	f := a.Figures(Group{Dim: ByQueue, Queue: "q"}, Last(time.Hour), day0.Add(2*time.Hour), time.UTC, 0, 0)
	if !f.HasChange || !f.Change.Significant() || f.Significant {
		t.Errorf("change %+v, test significant %v, shown significant %v", f.Change, f.Change.Significant(), f.Significant)
	}
	b := NewAggregator(Retention{})
	addN(b, "q", 0, 200, day0.Add(10*time.Minute))
	addN(b, "q", 10, 200, day0.Add(70*time.Minute))
	if f := b.Figures(Group{Dim: ByQueue, Queue: "q"}, Last(time.Hour), day0.Add(2*time.Hour), time.UTC, 0, 0); !f.Significant {
		t.Errorf("200 and 200: %+v", f.Change)
	}
}

// A sparkline has a step for each part of the window, NaN where nobody answered.
func TestSparklineSteps(t *testing.T) {
	a := NewAggregator(Retention{})
	addN(a, "q", 10, 3, day0.Add(5*time.Minute))
	addN(a, "q", 0, 1, day0.Add(58*time.Minute))
	f := a.Figures(Group{Dim: ByQueue, Queue: "q"}, Last(time.Hour), day0.Add(time.Hour), time.UTC, 0, 12)
	if len(f.Spark) != 12 || f.Spark[0] != 100 || f.Spark[11] != -100 || !math.IsNaN(f.Spark[5]) {
		t.Errorf("spark %v", f.Spark)
	}
}

func TestNiceStep(t *testing.T) {
	for _, c := range []struct {
		length time.Duration
		n      int
		want   time.Duration
	}{{time.Hour, 60, time.Minute}, {time.Hour, 12, 5 * time.Minute}, {24 * time.Hour, 40, time.Hour}, {30 * 24 * time.Hour, 20, 48 * time.Hour},
		{time.Hour, 0, time.Hour}} {
		if got := NiceStep(c.length, c.n); got != c.want {
			t.Errorf("NiceStep(%v, %d) = %v, want %v", c.length, c.n, got, c.want)
		}
	}
}

// The words of every rule come from its facts, in one place, for the screen and the export.
func TestWordsAreMadeFromFacts(t *testing.T) {
	r := &Response{ID: "1", Score: 5, Queue: "Billing"}
	for _, c := range []struct {
		a       Alert
		why     string
		because string
	}{
		{Alert{Rule: RuleDetractor, Queue: "Billing", Agent: "Ana", Response: r, Facts: &Facts{VIP: true}}, "scored 5 in Billing, with Ana; a VIP customer", "a VIP customer"},
		{Alert{Rule: RuleDetractor, Queue: "Billing", Response: r, Facts: &Facts{Keyword: "refund"}}, "scored 5 in Billing; the comment says refund", "the comment says refund"},
		{Alert{Rule: RuleDetractor, Queue: "Billing", Response: r}, "scored 5 in Billing", ""},
		{Alert{Rule: RuleStreak, Queue: "Billing", Agent: "Ana", Facts: &Facts{Count: 3, Span: 12*time.Minute + 20*time.Second}}, "Ana in Billing: 3 detractors in a row within 12m", "3 detractors in a row within 12m"},
		{Alert{Rule: RuleStreak, Queue: "Billing", Agent: "Ana", Facts: &Facts{Count: 4, Span: 90 * time.Minute}}, "Ana in Billing: 4 detractors in a row within 1h30m", "4 detractors in a row within 1h30m"},
		{Alert{Rule: RuleBelowTarget, Queue: "Billing", Facts: &Facts{Window: time.Hour, NPS: -12.4, HalfWidth: 8.6, N: 90, Target: 20}}, "Billing NPS -12 ±9 in the last 1h, below target +20", ""},
		{Alert{Rule: RuleSpike, Queue: "Billing", Facts: &Facts{Window: 15 * time.Minute, Baseline: time.Hour, N: 12, Share: 41.7, Before: 10}}, "Billing detractors 42% in the last 15m against 10% in the 1h before", ""},
		{Alert{Rule: RuleBelowTarget, Queue: "Billing", Reason: "Billing NPS -3 ±4 in the last 1h, below target +20"}, "Billing NPS -3 ±4 in the last 1h, below target +20", ""},
	} {
		if got := c.a.Why(); got != c.why {
			t.Errorf("%s: %q, want %q", c.a.Rule, got, c.why)
		}
		if got := c.a.Because(); got != c.because && c.a.Reason == "" {
			t.Errorf("%s: because %q, want %q", c.a.Rule, got, c.because)
		}
	}
	for _, c := range []struct {
		rule string
		f    Facts
		want string
	}{
		{RuleBelowTarget, Facts{Window: time.Hour, NPS: 25, HalfWidth: 7.5, N: 80}, "Billing NPS +25 ±8 in the last 1h"},
		{RuleBelowTarget, Facts{Window: time.Hour, None: true}, "no responses in the last 1h"},
		{RuleSpike, Facts{}, "back to normal"},
		{RuleSpike, Facts{Window: 15 * time.Minute, Baseline: time.Hour, N: 20, Share: 5, Before: 10}, "Billing detractors 5% in the last 15m against 10% in the 1h before"},
	} {
		if got := clearedWhy(c.rule, "Billing", &c.f); got != c.want {
			t.Errorf("cleared %s: %q, want %q", c.rule, got, c.want)
		}
	}
}
