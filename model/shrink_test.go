package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// A case computed by hand: four agents of ten answers each, 8/1/1, 2/2/6, 5/3/2 and 5/2/3.
// Pooled: p = 20/40 = 0.5, d = 12/40 = 0.3, v = 0.5 + 0.3 − 0.2² = 0.76, ȳ = 0.2. Means 0.7,
// −0.4, 0.3, 0.2: S = 10·(0.25 + 0.36 + 0.01 + 0) = 6.2; τ² = (6.2 − 3·0.76)/(40 − 400/40) =
// 0.130667. V = 0.76/10 = 0.076; B = (1/3)·0.076/(0.076 + 0.130667) = 0.122581. The first
// agent: θ = 0.2 + (1 − B)·0.5 = 0.638710, s² = 0.076·(1 − ¾B) + 2B²·0.25 = 0.076526, s =
// 0.276633: 63.87 ± 54.22, [9.65, 100] once clipped.
func TestShrinkageByHand(t *testing.T) {
	agents := []Stat{{8, 1, 1}, {2, 2, 6}, {5, 3, 2}, {5, 2, 3}}
	pr, ok := EstimatePrior(agents)
	if !ok {
		t.Fatal("no prior from four agents")
	}
	near := func(got, want, tol float64) bool { return math.Abs(got-want) <= tol }
	if !near(pr.Mean, 0.2, 1e-12) || !near(pr.V, 0.76, 1e-12) || !near(pr.Tau2, 0.130667, 1e-6) || pr.Agents != 4 {
		t.Fatalf("prior %+v, want mean 0.2, v 0.76, τ² 0.130667, 4 agents", pr)
	}
	for i, want := range []Estimate{{63.8710, Interval{9.6509, 100}}, {-32.6452, Interval{-88.0240, 22.7336}},
		{28.7742, Interval{-22.8276, 80.3760}}, {20, Interval{-31.4898, 71.4898}}} {
		got := pr.Shrink(agents[i])
		if !near(got.NPS, want.NPS, 1e-3) || !near(got.CI.Lo, want.CI.Lo, 1e-3) || !near(got.CI.Hi, want.CI.Hi, 1e-3) {
			t.Errorf("agent %d: %+v, want %+v", i, got, want)
		}
		raw, _ := agents[i].NPS()
		if raw != 20 && math.Abs(got.NPS-20) >= math.Abs(raw-20) {
			t.Errorf("agent %d: %.1f is not between its raw %.1f and the group's 20", i, got.NPS, raw)
		}
	}
}

// Agents who differ no more than chance are pulled to the group, with an interval that still
// counts the uncertainty; too few agents are not shrunk; an agent with six answers is neither
// +100 nor −100.
func TestShrinkageLimits(t *testing.T) {
	same := []Stat{{5, 3, 2}, {5, 3, 2}, {5, 3, 2}, {5, 3, 2}, {5, 3, 2}, {5, 3, 2}, {5, 3, 2}, {5, 3, 2}, {5, 3, 2}}
	pr, _ := EstimatePrior(same)
	if pr.Tau2 != 0 {
		t.Errorf("identical agents: τ² %v, want 0", pr.Tau2)
	}
	e := pr.Shrink(Stat{Promoters: 6})
	if e.NPS >= 60 || e.CI.Hi-e.CI.Lo < 10 { // (k−3)/(k−1) = 6/8 of the way: 47.5
		t.Errorf("six promoters among identical agents of +30: %+v", e)
	}
	if _, ok := EstimatePrior([]Stat{{5, 3, 2}, {1, 0, 0}, {4, 4, 4}, {}}); ok {
		t.Error("a prior from three agents with answers")
	}
	// A floor like the demo's: agents of 200 answers whose true NPS spread by ±15, and a new
	// one with six promoters.
	rng := rand.New(rand.NewPCG(4, 4))
	var rows []Figures
	for range 20 {
		truth := 0.1 + 0.15*rng.NormFloat64()
		var s Stat
		for range 200 {
			switch u := rng.Float64(); {
			case u < 0.45+truth/2:
				s.Promoters++
			case u < 0.75:
				s.Passives++
			default:
				s.Detractors++
			}
		}
		rows = append(rows, Figures{Stat: s})
	}
	rows = append(rows, Figures{Stat: Stat{Promoters: 6}})
	pr, ok := Shrunk(rows)
	if !ok || pr.Tau2 <= 0 {
		t.Fatalf("prior %+v from a realistic floor", pr)
	}
	newcomer := rows[len(rows)-1]
	if !newcomer.HasEst || newcomer.Est.NPS > 60 || newcomer.Est.CI.Hi >= 100 {
		t.Errorf("six promoters: %+v", newcomer.Est)
	}
	for _, r := range rows[:len(rows)-1] {
		raw, _ := r.Stat.NPS()
		if math.Abs(r.Est.NPS-raw) > 10 {
			t.Errorf("an agent of 200 answers moved from %.1f to %.1f", raw, r.Est.NPS)
		}
	}
}

// gamma draws from Gamma(shape, 1) by Marsaglia and Tsang's method (shape ≥ 1; below, boosted).
func gamma(rng *rand.Rand, shape float64) float64 {
	if shape < 1 {
		return gamma(rng, shape+1) * math.Pow(rng.Float64(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		if u := rng.Float64(); math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// By simulation (fixed seeds): floors whose agents' true mixes are drawn around their group's,
// as the model assumes, with 5 to 300 answers each. The shrunk interval holds the agent's true
// NPS about 95 % of the time, and the shrunk estimate is closer to the truth than the raw NPS.
func TestShrinkageCoverageAndErrorBySimulation(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 7))
	m := [3]float64{0.45, 0.3, 0.25}
	covered, total := 0, 0
	var errShrunk, errRaw float64
	for range 300 {
		alpha := []float64{10, 40, 150}[rng.IntN(3)]
		rows := make([]Figures, 20)
		truths := make([]float64, len(rows))
		for i := range rows {
			var g [3]float64
			sum := 0.0
			for k := range g {
				g[k] = gamma(rng, alpha*m[k])
				sum += g[k]
			}
			truths[i] = 100 * (g[0] - g[2]) / sum
			for range 5 + rng.IntN(296) {
				switch u := rng.Float64() * sum; {
				case u < g[0]:
					rows[i].Stat.Promoters++
				case u < g[0]+g[1]:
					rows[i].Stat.Passives++
				default:
					rows[i].Stat.Detractors++
				}
			}
		}
		if _, ok := Shrunk(rows); !ok {
			t.Fatal("no prior")
		}
		for i, r := range rows {
			total++
			if r.Est.CI.Lo <= truths[i] && truths[i] <= r.Est.CI.Hi {
				covered++
			}
			raw, _ := r.Stat.NPS()
			errShrunk += (r.Est.NPS - truths[i]) * (r.Est.NPS - truths[i])
			errRaw += (raw - truths[i]) * (raw - truths[i])
		}
	}
	coverage := float64(covered) / float64(total)
	t.Logf("coverage %.3f of %d agents; RMSE shrunk %.2f, raw %.2f", coverage, total, math.Sqrt(errShrunk/float64(total)), math.Sqrt(errRaw/float64(total)))
	if coverage < 0.93 || coverage > 0.97 {
		t.Errorf("the shrunk 95 %% interval held the truth %.1f %% of the time", 100*coverage)
	}
	if errShrunk >= 0.8*errRaw {
		t.Errorf("shrinking does not help: RMSE %.2f against %.2f raw", math.Sqrt(errShrunk/float64(total)), math.Sqrt(errRaw/float64(total)))
	}
}

// The coaching list holds the agents whose estimate is credibly below their queue, widest gap
// first, and nobody whose interval reaches the queue's NPS.
func TestCoachingListsAgentsCrediblyBelowTheirQueue(t *testing.T) {
	a := NewAggregator(Retention{})
	add := func(queue, agent string, p, pa, d int) {
		n := 0
		for k, count := range []int{p, pa, d} {
			for range count {
				r := Response{ID: fmt.Sprint(queue, agent, n), Time: day0.Add(time.Duration(n) * time.Minute), Score: int8([]int{10, 8, 2}[k]),
					Queue: queue, Agent: agent}
				a.Add(&r)
				n++
			}
		}
	}
	for i := range 8 { // a queue near +20
		add("care", fmt.Sprint("steady-", i), 90, 60, 50)
	}
	add("care", "struggling", 40, 60, 100) // −30 of 200: credibly below
	add("care", "unlucky", 2, 0, 3)        // −20 of 5: too few to say
	add("sales", "a", 10, 5, 5)            // a queue of too few agents to shrink
	add("sales", "b", 1, 5, 14)
	list := a.Coaching(AllTime(), day0.Add(48*time.Hour), time.UTC, func(string) float64 { return 20 })
	if len(list) != 1 || list[0].Agent.Group.Name != "struggling" {
		t.Fatalf("coaching %+v, want only struggling", list)
	}
	c := list[0]
	if c.Gap() <= 0 || c.Agent.Est.CI.Hi >= c.Queue.NPS {
		t.Errorf("gap %.1f: estimate %+v against the queue's %.1f", c.Gap(), c.Agent.Est, c.Queue.NPS)
	}
}
