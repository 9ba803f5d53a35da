package demo

import (
	"math/rand/v2"
	"time"
)

// dayCurve is the relative volume of each hour of a contact center's day: quiet at night, a
// morning peak, a lunch dip, a second peak in the afternoon, a long evening tail.
var dayCurve = [24]float64{
	0.02, 0.01, 0.01, 0.01, 0.01, 0.03, 0.08, 0.30, 0.65, 0.95, 1.00, 0.95,
	0.75, 0.80, 0.92, 0.88, 0.75, 0.60, 0.45, 0.35, 0.25, 0.15, 0.08, 0.04,
}

// dayCumulative[h] is the share of the day's volume before hour h.
var dayCumulative = func() (c [25]float64) {
	total := 0.0
	for _, w := range dayCurve {
		total += w
	}
	for h, w := range dayCurve {
		c[h+1] = c[h] + w/total
	}
	c[24] = 1
	return c
}()

// dayOffset is the time into the day by which a share q (0 ≤ q < 1) of its volume has come.
func dayOffset(q float64) time.Duration {
	h := 0
	for h < 23 && dayCumulative[h+1] <= q {
		h++
	}
	within := (q - dayCumulative[h]) / (dayCumulative[h+1] - dayCumulative[h])
	return time.Duration(h)*time.Hour + time.Duration(within*float64(time.Hour))
}

// DayTimes calls fn with n instants spread over the 24 hours from start by the day's curve, in
// order: the i-th falls in the i-th n-quantile of the volume, at a random point of it.
func DayTimes(seed uint64, start time.Time, n int, fn func(time.Time) error) error {
	rng := rand.New(rand.NewPCG(seed, 0x646179))
	for i := range n {
		q := (float64(i) + rng.Float64()) / float64(n)
		if err := fn(start.Add(dayOffset(q))); err != nil {
			return err
		}
	}
	return nil
}
