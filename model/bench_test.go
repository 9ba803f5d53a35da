package model

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkAggregatorAdd adds responses of a large center (50 queues, 2,000 agents, 40 teams,
// 4 channels) to a live aggregator in its steady state, where old buckets are dropped as new
// ones come; with CSAT and CES, three in five answer both, as the demo's customers do. The aim
// is no allocation.
func BenchmarkAggregatorAdd(b *testing.B) {
	b.Run("nps", func(b *testing.B) { benchmarkAggregatorAdd(b, false) })
	b.Run("answers", func(b *testing.B) { benchmarkAggregatorAdd(b, true) })
}

func benchmarkAggregatorAdd(b *testing.B, answers bool) {
	const n = 1 << 16
	rs := make([]Response, n)
	for i := range rs {
		agent := i * 7919 % 2000
		rs[i] = Response{
			ID: fmt.Sprint(i), Score: int8(i % 11),
			Queue: fmt.Sprint("queue-", agent%50), Agent: fmt.Sprint("agent-", agent),
			Team: fmt.Sprint("team-", agent%40), Channel: fmt.Sprint("ch-", i%4),
		}
		if answers && i%5 < 3 {
			rs[i].CSAT, rs[i].CES = int8(1+i%5), int8(1+i%7)
		}
	}
	a := NewAggregator(Tiered(time.UTC))
	t0 := day0
	step := 100 * time.Millisecond     // 10 responses a second
	warm := int(51 * time.Hour / step) // past the horizon: rings have reached their size
	for i := range warm {
		r := &rs[i%n]
		r.Time = t0.Add(time.Duration(i) * step)
		a.Add(r)
		if i%600 == 0 {
			a.Advance(r.Time)
		}
	}
	b.ReportAllocs()
	i := warm
	for b.Loop() {
		r := &rs[i%n]
		r.Time = t0.Add(time.Duration(i) * step)
		a.Add(r)
		if i%600 == 0 {
			a.Advance(r.Time)
		}
		i++
	}
}

func BenchmarkDedupAdd(b *testing.B) {
	d := NewDedup()
	ids := make([]string, 1<<20)
	for i := range ids {
		ids[i] = fmt.Sprintf("r-%07d", i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		d.Add(ids[i%len(ids)], day0.Add(time.Duration(i)*time.Second))
		i++
	}
}

// The cost of an action on an alert that has many: applied alone when it comes last.
func BenchmarkActionsOnOneAlert(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s := NewAlerts(DefaultRules())
		s.Observe(&Response{ID: "1", Time: day0, Score: 2, Queue: "Q"}, day0)
		for i := range MaxActionsPerAlert {
			s.Act(Action{Kind: ActAcknowledge, Alert: "r:1", By: "u", At: day0.Add(time.Duration(i) * time.Millisecond)}, day0)
		}
	}
}

// BenchmarkDedupFill fills a fresh set with a million distinct ids, as a report of a million
// lines does: every Add a new id, the set growing as it goes. ns/id is per id. Reserved makes
// the room first, as a report of a file of known size does; Touched also hashes the ids ahead
// and loads the slots of each group of 16 before adding them, as the intake does.
func BenchmarkDedupFill(b *testing.B) {
	const n = 1 << 20
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("1-%d-%d", 29900000+i/7, i%7)
	}
	at := func(i int) time.Time { return day0.Add(time.Duration(i) * 100 * time.Millisecond) }
	for _, c := range []struct {
		name             string
		reserve, touched bool
	}{{"Growing", false, false}, {"Reserved", true, false}, {"Touched", true, true}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var hs [16]uint64
			for b.Loop() {
				d := NewDedup()
				if c.reserve {
					d.Reserve(n)
				}
				for base := 0; base < n; base += len(hs) {
					if !c.touched {
						for i := base; i < base+len(hs); i++ {
							d.Add(ids[i], at(i))
						}
						continue
					}
					for j := range hs {
						hs[j] = IDHash(ids[base+j])
					}
					d.Touch(hs[:])
					for j := range hs {
						d.AddHash(hs[j], at(base+j))
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/id")
		})
	}
}

// BenchmarkJudgeCatchingUp is a screen judging four hours at once, minute by minute (a stall,
// a fast replay), over 50 queues of four weeks each, with the three queue rules in force.
func BenchmarkJudgeCatchingUp(b *testing.B) {
	end := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	agg := NewAggregator(Tiered(time.UTC), ByQueue)
	for q := range 50 {
		name := fmt.Sprintf("Queue %02d", q)
		for i, at := 0, end.Add(-28*24*time.Hour); at.Before(end.Add(4 * time.Hour)); i, at = i+1, at.Add(2*time.Minute) {
			score := int8([]int{2, 8, 10, 3, 7, 9, 10, 5, 8, 10}[(i+q)%10])
			r := Response{ID: fmt.Sprint(q, "-", i), Time: at, Score: score, Queue: name}
			agg.Add(&r)
		}
	}
	agg.Advance(end.Add(4 * time.Hour))
	rules := DefaultRules()
	rules.QueueRules = QueueRuleNames
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		alerts := NewAlerts(rules)
		alerts.Judge(agg, end) // the thresholds, and the day's warm-up, before the timer
		b.StartTimer()
		alerts.Judge(agg, end.Add(4*time.Hour))
	}
}
