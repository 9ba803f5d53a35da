package model

import (
	"math"
	"testing"
	"time"
)

// CSAT and CES with their intervals, worked by hand:
//
//	CSAT 8 of 10 satisfied: p = 0.8, Wilson (z = 1.959964): centre (0.8 + z²/20)/(1 + z²/10),
//	half-width z/(1 + z²/10)·√(0.8·0.2/10 + z²/400): [0.490162, 0.943318].
//	CES 1×3, 2×4, 3×5, 3×6, 1×7: n = 10, mean 5.1, Σv = 51, Σv² = 273, s² = (273 − 51²/10)/9 = 12.9/9 = 1.433333, se = 0.378594,
//	t(0.975, 9) = 2.262157: [4.243561, 5.956439]; easy (5–7) 7 of 10.
func TestCSATAndCESByHand(t *testing.T) {
	p, iv, ok := Satisfaction{Responses: 10, Satisfied: 8}.Share()
	if !ok || p != 0.8 || !close6(iv.Lo, 0.490162) || !close6(iv.Hi, 0.943318) {
		t.Errorf("CSAT %v %+v", p, iv)
	}
	if _, iv, _ := (Satisfaction{Responses: 5, Satisfied: 5}).Share(); iv.Hi != 1 || !close6(iv.Lo, 0.565518) {
		t.Errorf("all satisfied: %+v", iv)
	}
	if _, _, ok := (Satisfaction{}).Share(); ok {
		t.Error("a share of nothing")
	}
	e := Effort{Responses: 10, EasyAnswers: 7, Sum: 51, Squares: 273}
	m, iv, ok := e.Mean()
	if !ok || !close6(m, 5.1) || !close6(iv.Lo, 4.243561) || !close6(iv.Hi, 5.956439) {
		t.Errorf("CES mean %v %+v", m, iv)
	}
	if s, _, _ := e.Easy(); s != 0.7 {
		t.Errorf("easy %v", s)
	}
	if _, _, ok := (Effort{Responses: 1, EasyAnswers: 0, Sum: 1, Squares: 1}).Mean(); ok {
		t.Error("a mean of one answer has an interval")
	}
}

// The Aggregator counts CSAT and CES by group and window as it counts NPS: only where answers
// came, in every bucket size, through folding.
func TestTheAggregatorCountsCSATAndCES(t *testing.T) {
	a := NewAggregator(Tiered(time.UTC))
	t0 := day0
	add := func(min int, csat, ces int8) {
		a.Add(&Response{ID: "x", Time: t0.Add(time.Duration(min) * time.Minute), Score: 8, Queue: "Billing", CSAT: csat, CES: ces})
	}
	add(1, 5, 7)
	add(2, 4, 6)
	add(3, 2, 1)
	add(4, 0, 4) // no CSAT
	add(5, 3, 0) // no CES
	a.Add(&Response{ID: "y", Time: t0, Score: 10, Queue: "Sales"})
	q := Group{Dim: ByQueue, Queue: "Billing"}
	x := a.Experience(q, AllTime().Span(t0.Add(time.Hour), time.UTC))
	if x.CSAT != (Satisfaction{Responses: 4, Satisfied: 2}) || x.CES != (Effort{Responses: 4, EasyAnswers: 2, Sum: 7 + 6 + 1 + 4, Squares: 49 + 36 + 1 + 16}) {
		t.Errorf("%+v", x)
	}
	if x := a.Experience(Group{Dim: ByQueue, Queue: "Sales"}, AllTime().Span(t0.Add(time.Hour), time.UTC)); x != (Experience{}) {
		t.Errorf("a queue without answers: %+v", x)
	}
	// Ten days on, folded into days: the same.
	a.Advance(t0.Add(10 * 24 * time.Hour))
	if y := a.Experience(q, Last(30*24*time.Hour).Span(t0.Add(10*24*time.Hour), time.UTC)); y != x {
		t.Errorf("after folding %+v, want %+v", y, x)
	}
	if y := a.Experience(Group{Dim: Overall}, Last(2*time.Minute).Span(t0.Add(2*time.Minute), time.UTC)); y.CSAT.Responses != 0 {
		t.Errorf("the last two minutes, folded away: %+v", y)
	}
}

func close6(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
