package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// The expected figures below were computed by hand from the formulas (and checked in an
// independent Python session), not with this package.
func TestStatFigures(t *testing.T) {
	tests := []struct {
		name           string
		s              Stat
		nps, lo, hi, m float64
	}{
		{"a single promoter has a wide, honest interval", Stat{1, 0, 0}, 100, -48.5, 98.5, 0},
		{"a single detractor mirrors it", Stat{0, 0, 1}, -100, -98.5, 48.5, 0},
		{"a single passive is centred on zero", Stat{0, 1, 0}, 0, -60.012498698187855, 60.012498698187855, 0},
		{"all promoters clip the interval at +100", Stat{20, 0, 0}, 100, 69.68302662091305, 100, 0},
		{"all detractors clip the interval at -100", Stat{0, 0, 20}, -100, -100, -69.68302662091305, 0},
		{"a hundred mixed answers", Stat{50, 30, 20}, 30, 14.050853165476084, 44.20157401898993, 15.308089364777041},
		{"a dozen answers are noise", Stat{3, 5, 4}, -8.333333333333334, -44.612530638812466, 31.279197305479133, 42.95594211471752},
		{"a thousand answers", Stat{412, 251, 337}, 7.5, 2.1441969479703107, 12.810937648241062, 5.343921219479195},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nps, ok := tt.s.NPS()
			if !ok || !near(nps, tt.nps) {
				t.Errorf("NPS() = %v, %v; want %v", nps, ok, tt.nps)
			}
			iv, ok := tt.s.CI95()
			if !ok || !near(iv.Lo, tt.lo) || !near(iv.Hi, tt.hi) {
				t.Errorf("CI95() = %+v, %v; want [%v, %v]", iv, ok, tt.lo, tt.hi)
			}
			m, ok := tt.s.Margin()
			if !ok || !near(m, tt.m) {
				t.Errorf("Margin() = %v, %v; want %v", m, ok, tt.m)
			}
		})
	}
}

func TestEmptyStatHasNoScore(t *testing.T) {
	var s Stat
	if _, ok := s.NPS(); ok {
		t.Error("NPS of no responses is defined; want undefined")
	}
	if _, ok := s.CI95(); ok {
		t.Error("CI95 of no responses is defined; want undefined")
	}
	if _, ok := s.Margin(); ok {
		t.Error("Margin of no responses is defined; want undefined")
	}
}

func TestStatAddCountsByClass(t *testing.T) {
	var s Stat
	for score := 0; score <= 10; score++ {
		s.Add(ClassOf(score))
	}
	if want := (Stat{Promoters: 2, Passives: 2, Detractors: 7}); s != want {
		t.Fatalf("scores 0..10 counted as %+v, want %+v", s, want)
	}
	if s.Responses() != 11 {
		t.Fatalf("Responses() = %d, want 11", s.Responses())
	}
	if got := s.Plus(s).Minus(s); got != s {
		t.Fatalf("Plus then Minus = %+v, want %+v", got, s)
	}
}

func TestClassBoundaries(t *testing.T) {
	want := map[int]Class{0: Detractor, 6: Detractor, 7: Passive, 8: Passive, 9: Promoter, 10: Promoter}
	for score, c := range want {
		if got := ClassOf(score); got != c {
			t.Errorf("ClassOf(%d) = %v, want %v", score, got, c)
		}
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name    string
		a, b    Stat
		diff, z float64
		p       float64
		sig     bool
	}{
		{"twenty points on a hundred answers each is not yet significant",
			Stat{50, 30, 20}, Stat{40, 30, 30}, 20, 1.7541160386140582, 0.07941062599894229, false},
		{"twenty points on five hundred answers each is significant",
			Stat{300, 100, 100}, Stat{250, 100, 150}, 20, 3.7796447300922713, 0.00015705228423075243, true},
		{"a fall of twenty-five points on a dozen answers is noise",
			Stat{3, 5, 4}, Stat{5, 4, 3}, -25, -0.7855844048495725, 0.4321110038425484, false},
		{"two samples without variance that agree do not differ",
			Stat{5, 0, 0}, Stat{9, 0, 0}, 0, 0, 1, false},
		{"two samples without variance that disagree differ for certain",
			Stat{5, 0, 0}, Stat{0, 0, 9}, 200, math.Inf(1), 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := Compare(tt.a, tt.b)
			if !ok {
				t.Fatal("Compare undefined")
			}
			if !near(c.Diff, tt.diff) || !(near(c.Z, tt.z) || c.Z == tt.z) || !near(c.P, tt.p) {
				t.Errorf("Compare = %+v; want diff %v z %v p %v", c, tt.diff, tt.z, tt.p)
			}
			if c.Significant() != tt.sig {
				t.Errorf("Significant() = %v, want %v", c.Significant(), tt.sig)
			}
		})
	}
	if _, ok := Compare(Stat{}, Stat{1, 0, 0}); ok {
		t.Error("Compare with an empty sample is defined; want undefined")
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// Benjamini–Hochberg at 5 % on values worked by hand: m = 4, thresholds 0.0125, 0.025, 0.0375,
// 0.05. 0.01, 0.04, 0.03, 0.20: only 0.01 is under its threshold (0.03 > 0.025, 0.04 > 0.0375,
// 0.20 > 0.05). 0.01, 0.02, 0.03, 0.04: each is, so all four. 0.04, 0.049: 0.049 ≤ 0.05 at rank
// 2, so both, though 0.04 > 0.025 at rank 1 (a step-up: the largest k decides).
func TestBenjaminiHochbergByHand(t *testing.T) {
	for _, c := range []struct {
		ps   []float64
		want string
	}{
		{[]float64{0.01, 0.04, 0.03, 0.20}, "[true false false false]"},
		{[]float64{0.01, 0.02, 0.03, 0.04}, "[true true true true]"},
		{[]float64{0.04, 0.049}, "[true true]"},
		{[]float64{0.06}, "[false]"},
		{nil, "[]"},
	} {
		if got := fmt.Sprint(BenjaminiHochberg(c.ps, 0.05)); got != c.want {
			t.Errorf("%v: %s, want %s", c.ps, got, c.want)
		}
	}
}

// By simulation (fixed seed): tables of 60 rows that do not change, each row's change tested at
// 5 %, mark some row in most tables; corrected, few tables show any mark at all.
func TestCorrectingForManyRowsBySimulation(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	draw := func() Stat {
		var s Stat
		for range 200 {
			switch u := rng.Float64(); {
			case u < 0.4:
				s.Promoters++
			case u < 0.7:
				s.Passives++
			default:
				s.Detractors++
			}
		}
		return s
	}
	raw, corrected := 0, 0
	for range 200 {
		rows := make([]Figures, 60)
		anyRaw := false
		for i := range rows {
			f := &rows[i]
			f.Stat, f.Prev = draw(), draw()
			f.Change, f.HasChange = Compare(f.Stat, f.Prev)
			f.Significant = f.Change.Significant()
			anyRaw = anyRaw || f.Significant
		}
		CorrectForMany(rows)
		anyCorrected := false
		for _, f := range rows {
			anyCorrected = anyCorrected || f.Significant
		}
		if anyRaw {
			raw++
		}
		if anyCorrected {
			corrected++
		}
	}
	// Uncorrected, 1 − 0.95⁶⁰ ≈ 95 % of tables; corrected, about 5 % (the family-wise rate of BH
	// when nothing changes is at most q).
	if raw < 170 || corrected > 20 {
		t.Errorf("tables with a mark: %d of 200 uncorrected, %d corrected", raw, corrected)
	}
	t.Logf("tables of 60 stable rows with a mark: %d of 200 uncorrected, %d corrected", raw, corrected)
}
