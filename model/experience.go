package model

import "math"

// Experience is what customers said beside their score, when the survey asks it: customer
// satisfaction (CSAT, 1–5) and customer effort (CES, 1–7, 7 the easiest).
type Experience struct {
	CSAT Satisfaction
	CES  Effort
}

// Satisfaction counts CSAT answers: Satisfied of them are 4 or 5.
type Satisfaction struct{ Responses, Satisfied int64 }

// Share is the satisfied share, 0 to 1, with its 95 % Wilson score interval (Wilson 1927),
// which stays within [0, 1] and honest for small counts; false without answers.
func (s Satisfaction) Share() (float64, Interval, bool) {
	return wilson(s.Satisfied, s.Responses)
}

// Effort counts CES answers (1–7, 7 the easiest): how many, how many were easy (5–7), and
// the sums of their levels and of the levels' squares.
type Effort struct {
	Responses, EasyAnswers int64
	Sum, Squares           int64
}

// Mean is the mean level with its 95 % interval, mean ± t·s/√n (Student's t with n−1 degrees
// of freedom, s the sample standard deviation, from the sums: (Σv² − (Σv)²/n)/(n−1)); false for
// fewer than two answers.
func (e Effort) Mean() (float64, Interval, bool) {
	n := float64(e.Responses)
	if e.Responses < 2 {
		return 0, Interval{}, false
	}
	mean := float64(e.Sum) / n
	ss := max(float64(e.Squares)-float64(e.Sum)*mean, 0) // never below 0 through rounding
	half := tQuantile975(e.Responses-1) * math.Sqrt(ss/(n-1)/n)
	return mean, Interval{max(mean-half, 1), min(mean+half, 7)}, true
}

// Easy is the share of answers of 5 to 7, with its Wilson interval.
func (e Effort) Easy() (float64, Interval, bool) {
	return wilson(e.EasyAnswers, e.Responses)
}

// wilson is k of n as a share with its 95 % Wilson score interval.
func wilson(k, n int64) (float64, Interval, bool) {
	if n <= 0 {
		return 0, Interval{}, false
	}
	const z = 1.959963984540054
	p, nf := float64(k)/float64(n), float64(n)
	d := 1 + z*z/nf
	c := (p + z*z/(2*nf)) / d
	h := z / d * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf))
	return p, Interval{max(c-h, 0), min(c+h, 1)}, true
}

// t975 are Student's t quantiles at 0.975 for 1 to 30 degrees of freedom; beyond, the normal's.
var t975 = [...]float64{12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
	2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
	2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272}

func tQuantile975(df int64) float64 {
	if df >= 1 && df <= int64(len(t975)) {
		return t975[df-1]
	}
	return 1.959963984540054
}

// Plus and Minus add and take off the answers of another count.
func (x Experience) Plus(o Experience) Experience {
	return Experience{
		CSAT: Satisfaction{x.CSAT.Responses + o.CSAT.Responses, x.CSAT.Satisfied + o.CSAT.Satisfied},
		CES:  Effort{x.CES.Responses + o.CES.Responses, x.CES.EasyAnswers + o.CES.EasyAnswers, x.CES.Sum + o.CES.Sum, x.CES.Squares + o.CES.Squares},
	}
}

func (x Experience) Minus(o Experience) Experience {
	return x.Plus(Experience{
		CSAT: Satisfaction{-o.CSAT.Responses, -o.CSAT.Satisfied},
		CES:  Effort{-o.CES.Responses, -o.CES.EasyAnswers, -o.CES.Sum, -o.CES.Squares},
	})
}

// Experience is a group's CSAT and CES over a span; zero when no response carried them.
func (a *Aggregator) Experience(g Group, sp Span) Experience {
	s := a.series(g)
	if s == nil || s.answers == nil {
		return Experience{}
	}
	return s.answers.experience(sp)
}
