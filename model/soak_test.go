package model

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
)

// BenchmarkLargeCenterFortnight runs 14 simulated days of a large center (50 queues, 2,000
// agents, 100,000 responses a day, a queue going bad four hours at a time) through what a
// live screen keeps: minute buckets of every grouping for 50 h, duplicate ids, the latest
// responses, and the alerts, judged every minute and forgotten every hour. It logs the live
// heap at the end of each day: flat once the kept horizons are full (day 3 on).
//
// go test ./model -run '^$' -bench LargeCenterFortnight -benchtime 1x -v
func BenchmarkLargeCenterFortnight(b *testing.B) {
	for b.Loop() {
		agg := NewAggregator(Tiered(time.UTC))
		seen := NewDedup()
		recent := NewRecent(50, 200)
		alerts := NewAlerts(DefaultRules())
		rng := rand.New(rand.NewPCG(50, 2000))
		queues, agents := make([]string, 50), make([]string, 2000)
		for i := range queues {
			queues[i] = fmt.Sprintf("Queue %02d", i)
		}
		for i := range agents {
			agents[i] = fmt.Sprintf("Agent %04d", i)
		}
		now := day0
		id := 0
		var heaps []float64
		perMinute := 100000 / (24 * 60)
		for day := 1; day <= 14; day++ {
			for minute := range 24 * 60 {
				bad := (day*7 + minute/240) % 50
				for k := range perMinute + rng.IntN(2) {
					a := rng.IntN(2000)
					score := 10 - rng.IntN(5)
					if a%50 == bad || rng.IntN(5) == 0 {
						score = rng.IntN(11)
					}
					id++
					r := Response{ID: fmt.Sprint("c", id), Time: now.Add(time.Duration(k) * 500 * time.Millisecond), Score: int8(score),
						Queue: queues[a%50], Agent: agents[a], Team: queues[a%50][:7], Channel: "voice"}
					if seen.Add(r.ID, r.Time) {
						continue
					}
					agg.Add(&r)
					recent.Add(&r)
					alerts.Observe(&r, time.Time{})
				}
				now = now.Add(time.Minute)
				agg.Advance(now)
				alerts.Judge(agg, now)
				if minute%60 == 0 {
					alerts.Forget(now)
				}
			}
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			heaps = append(heaps, float64(ms.HeapAlloc)/(1<<20))
			b.Logf("day %2d: live heap %6.1f MB, %d goroutines, %d alerts kept, %d ids remembered", day, heaps[day-1], runtime.NumGoroutine(), alerts.Len(), seen.Len())
		}
		b.ReportMetric(heaps[13], "heap-MB-day14")
		b.ReportMetric(heaps[13]-heaps[6], "heap-MB-growth-day7-14")
	}
}
