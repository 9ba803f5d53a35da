package model

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Shrinkage of agents' NPS toward their group's, by parametric empirical Bayes.
//
// An agent gets one or two answers an hour: over a week, a dozen, and a raw NPS of +100 or −100
// from six answers says little. Each answer scores +1 (promoter), 0 or −1 (detractor); an
// agent's mean score y_i of n_i answers estimates its true θ_i with variance V_i = v/n_i, where
// v = p + d − (p − d)² is the variance of one answer under the group's pooled mix. The θ_i are
// taken as spread around the group's mean ȳ with variance τ², estimated from the agents by the
// method of moments of the one-way random-effects model (Cochran's ANOVA estimator, as in
// DerSimonian & Laird 1986): with k agents and N answers,
//
//	S  = Σ n_i (y_i − ȳ)²
//	τ² = max(0, (S − (k−1)·v) / (N − Σ n_i² / N))
//
// Each agent is then pulled toward the group by B_i = ((k−3)/(k−1))·V_i/(V_i + τ²), and its 95 %
// interval is ±1.96·s_i with Morris's (1983) variance, which counts the uncertainty of τ² too:
//
//	θ̂_i  = ȳ + (1 − B_i)(y_i − ȳ)
//	s_i² = V_i·(1 − ((k−1)/k)·B_i) + (2/(k−3))·B_i²·(y_i − ȳ)²
//
// (Morris, "Parametric empirical Bayes inference", JASA 1983; Carlin & Louis, Bayes and
// Empirical Bayes Methods, §3.5.) With no spread beyond chance every agent nears the group; with
// much, agents keep their own figures. Groups of fewer than MinAgents agents with answers are not
// shrunk: their spread cannot be told. Figures are ×100, in NPS points.

// MinAgents is how many agents with answers a group needs for its spread to be estimated
// (Morris's correction needs k > 3).
const MinAgents = 4

// Prior is what a group's agents share: the pooled mean score and its per-answer variance, the
// spread of the agents' true scores, and how many agents told it.
type Prior struct {
	Mean   float64 // ȳ, the pooled mean score (NPS/100)
	V      float64 // v, the variance of one answer
	Tau2   float64 // τ², the variance of the agents' true scores
	Agents int     // k
}

// EstimatePrior estimates the prior of a group from its agents' counts; ok is false when fewer
// than MinAgents have answers.
func EstimatePrior(agents []Stat) (Prior, bool) {
	var pool Stat
	k := 0
	var sumSq float64
	for _, s := range agents {
		if n := s.Responses(); n > 0 {
			pool = pool.Plus(s)
			k++
			sumSq += float64(n) * float64(n)
		}
	}
	if k < MinAgents {
		return Prior{}, false
	}
	n := float64(pool.Responses())
	p, d := float64(pool.Promoters)/n, float64(pool.Detractors)/n
	pr := Prior{Mean: p - d, V: p + d - (p-d)*(p-d), Agents: k}
	var spread float64
	for _, s := range agents {
		if ni := s.Responses(); ni > 0 {
			y := float64(s.Promoters-s.Detractors) / float64(ni)
			spread += float64(ni) * (y - pr.Mean) * (y - pr.Mean)
		}
	}
	if den := n - sumSq/n; den > 0 {
		pr.Tau2 = max(0, (spread-float64(k-1)*pr.V)/den)
	}
	return pr, true
}

// Estimate is an agent's shrunk NPS and its 95 % interval.
type Estimate struct {
	NPS float64
	CI  Interval
}

// Shrink is s's estimate under the prior.
func (pr Prior) Shrink(s Stat) Estimate {
	n := float64(s.Responses())
	if n == 0 || pr.Agents < MinAgents {
		return Estimate{NPS: 100 * pr.Mean, CI: Interval{-100, 100}}
	}
	y := float64(s.Promoters-s.Detractors) / n
	vi := pr.V / n
	k := float64(pr.Agents)
	b := 1.0
	if vi+pr.Tau2 > 0 {
		b = (k - 3) / (k - 1) * vi / (vi + pr.Tau2)
	}
	theta := pr.Mean + (1-b)*(y-pr.Mean)
	variance := vi*(1-(k-1)/k*b) + 2/(k-3)*b*b*(y-pr.Mean)*(y-pr.Mean)
	nps, half := 100*theta, 100*z95*math.Sqrt(max(0, variance))
	return Estimate{NPS: nps, CI: Interval{max(-100, nps-half), min(100, nps+half)}}
}

// Shrunk gives each row of agents of one group its estimate (Figures.Est), from the prior
// their window's counts give; rows keep no estimate when the group has too few agents.
func Shrunk(rows []Figures) (Prior, bool) {
	stats := make([]Stat, len(rows))
	for i := range rows {
		stats[i] = rows[i].Stat
	}
	pr, ok := EstimatePrior(stats)
	for i := range rows {
		r := &rows[i]
		r.Est, r.HasEst, r.EstStanding = Estimate{}, false, NoResponses
		if ok && r.Stat.Responses() > 0 {
			r.Est, r.HasEst = pr.Shrink(r.Stat), true
			r.EstStanding = StandingOf(r.Est.NPS, r.Est.CI, r.Target)
		}
	}
	return pr, ok
}

// Agents are the figures of a queue's agents over window w at instant at, each with its
// estimate shrunk toward the queue's agents (Shrunk): the one definition the screen, the
// wallboard and the report share. ok is false when the queue has too few agents to shrink.
func (a *Aggregator) Agents(queue string, w Window, at time.Time, loc *time.Location, target float64, spark int) (rows []Figures, ok bool) {
	return a.AgentsAt(queue, "", w, at, loc, target, spark)
}

// AgentsAt are Agents, of those whose latest answer was at site (every agent when site is
// ""), shrunk toward each other: the agents of a queue's part at a site.
func (a *Aggregator) AgentsAt(queue, site string, w Window, at time.Time, loc *time.Location, target float64, spark int) (rows []Figures, ok bool) {
	for _, g := range a.Within(queue, ByAgent) {
		if _, s := a.AgentOf(g); site == "" || s == site {
			rows = append(rows, a.Figures(g, w, at, loc, target, spark))
		}
	}
	_, ok = Shrunk(rows)
	return rows, ok
}

// Coach is an agent credibly below their queue: the upper end of the estimate's interval is
// under the queue's NPS over the same window.
type Coach struct {
	Agent Figures // with its estimate
	Queue Figures // the queue's figures
}

// Gap is how far at least the agent is below the queue: its NPS less the interval's upper end.
func (c *Coach) Gap() float64 { return c.Queue.NPS - c.Agent.Est.CI.Hi }

// Coaching lists the agents credibly below their queue over window w at instant at, the
// widest gap first; targetOf gives a queue's target.
func (a *Aggregator) Coaching(w Window, at time.Time, loc *time.Location, targetOf func(string) float64) []Coach {
	var out []Coach
	for _, q := range a.Groups(ByQueue) {
		qf := a.Figures(q, w, at, loc, targetOf(q.Queue), 0)
		if !qf.HasNPS {
			continue
		}
		rows, ok := a.Agents(q.Queue, w, at, loc, targetOf(q.Queue), 0)
		if !ok {
			continue
		}
		for _, r := range rows {
			if r.HasEst && r.Est.CI.Hi < qf.NPS {
				out = append(out, Coach{Agent: r, Queue: qf})
			}
		}
	}
	slices.SortFunc(out, func(x, y Coach) int {
		return cmp.Or(-cmp.Compare(x.Gap(), y.Gap()), x.Agent.Group.Compare(y.Agent.Group))
	})
	return out
}
