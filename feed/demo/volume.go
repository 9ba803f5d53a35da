package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"github.com/npsboard/npsboard/model"
)

// The center's opening hours, in half-hours of the local day: weekdays 08:00–20:00 in two
// shifts (early 08–16, late 12–20), Saturdays 09:00–17:00 with a third of the agents, closed on
// Sundays. About one agent in twelve is away on a given weekday.
const (
	slotsPerDay = 48
	earlyFrom   = 16 // 08:00
	lateFrom    = 24 // 12:00
	shiftSlots  = 16 // eight hours
	satFrom     = 18 // 09:00
	satTo       = 34 // 17:00
)

// demand is how busy each half-hour of a weekday is, against the average: a morning peak, a
// dip after lunch, a quieter evening. It scales each agent's pace: agents answer more surveys
// when they take more contacts.
var demand = [slotsPerDay]float64{
	16: 0.85, 17: 0.95, 18: 1.15, 19: 1.2, 20: 1.2, 21: 1.15, 22: 1.1, 23: 1.05,
	24: 0.95, 25: 0.9, 26: 0.95, 27: 1.0, 28: 1.05, 29: 1.05, 30: 1.0, 31: 0.95,
	32: 0.95, 33: 0.9, 34: 0.85, 35: 0.85, 36: 0.8, 37: 0.8, 38: 0.75, 39: 0.7,
}

// slot is who is on duty in a half-hour, and the survey answers they bring an hour.
type slot struct {
	agents []int32
	cum    []float64 // cumulative answers an hour, to draw an agent by pace
	rate   float64   // answers an hour in the slot, all agents together
}

// pick draws an agent on duty by pace, for u uniform in [0, 1).
func (s *slot) pick(u float64) int {
	i := sort.SearchFloat64s(s.cum, u*s.rate)
	return int(s.agents[min(i, len(s.agents)-1)])
}

// dutyCache holds the slots of the last local day asked for.
type dutyCache struct {
	year  int
	yday  int
	loc   *time.Location
	slots [slotsPerDay]slot
}

// at is the slot of local time t.
func (d *dutyCache) at(c *Center, t time.Time) *slot {
	if t.Year() != d.year || t.YearDay() != d.yday || t.Location() != d.loc {
		d.build(c, t)
	}
	return &d.slots[t.Hour()*2+t.Minute()/30]
}

func (d *dutyCache) build(c *Center, t time.Time) {
	d.year, d.yday, d.loc = t.Year(), t.YearDay(), t.Location()
	day := t.Year()*1000 + t.YearDay()
	_, week := t.ISOWeek()
	away := make([]bool, len(c.agents))
	for ai := range away {
		away[ai] = c.away(ai, day)
	}
	for i := range d.slots {
		s := &d.slots[i]
		s.agents, s.cum, s.rate = s.agents[:0], s.cum[:0], 0
		for ai := range c.agents {
			if pace := c.pace(ai, t.Weekday(), week, away[ai], i); pace > 0 {
				s.rate += pace
				s.agents = append(s.agents, int32(ai))
				s.cum = append(s.cum, s.rate)
			}
		}
	}
}

// pace is how many survey answers agent ai brings an hour in half-hour slot i of a day of week
// day wd in ISO week week; 0 off duty (or away, on a weekday).
func (c *Center) pace(ai int, wd time.Weekday, week int, away bool, i int) float64 {
	a := &c.agents[ai]
	switch wd {
	case time.Sunday:
		return 0
	case time.Saturday:
		if (ai+week)%3 != 0 || i < satFrom || i >= satTo || i/2 == 13 {
			return 0
		}
		return a.rate * 0.9
	}
	from := earlyFrom + a.shift*(lateFrom-earlyFrom)
	if i < from || i >= from+shiftSlots || i/2 == a.lunch || away {
		return 0
	}
	return a.rate * demand[i]
}

// away says whether agent ai is off on a given day (leave, sickness, training): one day in twelve.
func (c *Center) away(ai, day int) bool {
	return mix(c.seed^uint64(ai)<<32^uint64(day))%12 == 0
}

// mix is SplitMix64's finalizer: a well-spread hash of x.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// Minute calls fn with the responses answered in the minute that starts at start (a whole
// minute), in time order: as many as the agents on duty bring (a Poisson count), each from an
// agent drawn by pace. loc is the center's zone. The same minute always gives the same
// responses, with the same ids.
func (c *Center) Minute(start time.Time, loc *time.Location, fn func(*model.Response) error) error {
	s := c.duty.at(c, start.In(loc))
	if s.rate == 0 {
		return nil
	}
	m := start.Unix() / 60
	rng := rand.New(rand.NewPCG(c.seed^0x6d696e, uint64(m)))
	n := poisson(rng, s.rate/60)
	at := make([]time.Duration, n)
	for i := range at {
		at[i] = time.Duration(rng.Int64N(int64(time.Minute)))
	}
	slices.Sort(at)
	for i, off := range at {
		r := c.answer(rng, s.pick(rng.Float64()), start.Add(off), fmt.Sprintf("%s-%d-%d", c.prefix, m, i))
		if err := fn(&r); err != nil {
			return err
		}
	}
	return nil
}

// Span calls fn with the responses of the whole minutes in [from, to), in time order.
func (c *Center) Span(from, to time.Time, loc *time.Location, fn func(*model.Response) error) error {
	for m := from.Truncate(time.Minute); m.Before(to); m = m.Add(time.Minute) {
		if err := c.Minute(m, loc, fn); err != nil {
			return err
		}
	}
	return nil
}

// poisson draws a Poisson count of mean lambda: Knuth's product of uniforms while e^−λ is
// representable, a rounded normal beyond.
func poisson(rng *rand.Rand, lambda float64) int {
	if lambda > 500 {
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*rng.NormFloat64())))
	}
	limit, p, n := math.Exp(-lambda), 1.0, 0
	for {
		p *= rng.Float64()
		if p <= limit {
			return n
		}
		n++
	}
}

// DayTimes calls fn with n instants spread over the 24 hours from start by the center's volume on
// a weekday, in order: the i-th falls in the i-th n-quantile of the volume, at a random point of
// it. (For --count: a day of any size, as fast as it can be written.)
func (c *Center) DayTimes(start time.Time, n int, fn func(time.Time) error) error {
	var weights [slotsPerDay]float64
	total := 0.0
	for i := range weights {
		for ai := range c.agents {
			weights[i] += c.pace(ai, time.Tuesday, 1, false, i)
		}
		total += weights[i]
	}
	rng := rand.New(rand.NewPCG(c.seed, 0x646179))
	i, below := 0, 0.0 // the slot of the quantile, and the share of the volume before it
	for k := range n {
		q := (float64(k) + rng.Float64()) / float64(n) * total
		for i < slotsPerDay-1 && below+weights[i] <= q {
			below += weights[i]
			i++
		}
		within := 0.0
		if weights[i] > 0 {
			within = (q - below) / weights[i]
		}
		if err := fn(start.Add(time.Duration((float64(i) + within) * float64(30*time.Minute)))); err != nil {
			return err
		}
	}
	return nil
}
