package model

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// On a symmetric walk of ±1 held at 0, the mean time from 0 to m is m(m+1), by hand: E0 = 2 +
// E1 and E1 = 1 + E0/2 + E2/2, and so on. The chain must give it exactly (its grid holds ±1
// exactly).
func TestARLOfASymmetricWalk(t *testing.T) {
	p := mix{0.5, 0.25, 0.25}
	steps := mix{+1, -1, -1}
	for _, m := range []float64{1, 2, 3, 5, 10} {
		if got, want := arl(p, steps, m), m*(m+1); math.Abs(got-want) > 1e-6*want {
			t.Errorf("h %v: ARL %v, want %v", m, got, want)
		}
	}
}

// simulatedRunLength is the mean number of responses, drawn from mix p0, the CUSUM of steps llr
// takes from 0 to h, over runs runs.
func simulatedRunLength(rng *rand.Rand, p0, llr mix, h float64, runs int) float64 {
	total := 0
	for range runs {
		s, n := 0.0, 0
		for s < h {
			n++
			u := rng.Float64()
			k := Promoter
			if u < p0[Detractor] {
				k = Detractor
			} else if u < p0[Detractor]+p0[Passive] {
				k = Passive
			}
			s = max(0, s+llr[k])
		}
		total += n
	}
	return float64(total) / float64(runs)
}

// A queue of nothing but detractors has steps thousands of times apart (the sum for fewer
// promoters climbs 0.0001 a response and falls 1.4 on the rare promoter): its chain, on a grid
// to the smallest step, would take terabytes. On the coarser grid it takes, the run length is
// still the simulated one, and a screen that judges such a queue stays up.
func TestARLOfStepsFarApartIsBoundedAndRight(t *testing.T) {
	p0 := mixOf(Stat{Detractors: 5000, Passives: 0, Promoters: 0})
	llr := llrOf(p0, fewerPromoters(p0, 0.20))
	h := 1.0
	sim := simulatedRunLength(rand.New(rand.NewPCG(3, 4)), p0, llr, h, 2000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got := arl(p0, llr, h)
	runtime.ReadMemStats(&after)
	// 2,000 runs pin the simulated mean within about 1 %; the coarser grid costs about 2 %. The
	// grid is 2 MiB at most (its matrix and a column), not terabytes.
	if took := after.TotalAlloc - before.TotalAlloc; math.Abs(got-sim)/sim > 0.03 || took > 4<<20 {
		t.Errorf("chain %v, simulation %v (%d bytes allocated)", got, sim, took)
	}
	if th := threshold(p0, llr, refRunLength); math.IsNaN(th) || th <= 0 {
		t.Errorf("threshold %v", th)
	}
}

// The chain's run length agrees with the run lengths of the CUSUM itself, simulated, for the
// steps of a realistic queue's mix and a worsening of 30 points of detractors.
func TestARLAgreesWithSimulation(t *testing.T) {
	p0 := mix{0.31, 0.28, 0.41}
	llr := llrOf(p0, moreDetractors(p0, 0.30))
	h := 4.0
	sim := simulatedRunLength(rand.New(rand.NewPCG(1, 2)), p0, llr, h, 4000)
	got := arl(p0, llr, h)
	// The simulated mean's standard error is about 1.5 %.
	if math.Abs(got-sim)/sim > 0.04 {
		t.Errorf("chain %v, simulation %v", got, sim)
	}
	// The threshold for that run length is h, within a cell of the chain's grid (the run length
	// is a step function of h on it).
	if th := threshold(p0, llr, got); math.Abs(th-h) > 0.05 || math.Abs(arl(p0, llr, th)-got) > 0.02*got {
		t.Errorf("threshold for ARL %v: %v, want %v", got, th, h)
	}
	// Thresholds by the asymptotics, from the reference run length: within 3 % of the run
	// length asked for a floor's volumes (a quiet queue to a busy one, 60 days).
	for _, rl := range []float64{5e3, 2e4, 7e4, 3e5} {
		if got := arl(p0, llr, atRunLength(threshold(p0, llr, refRunLength), rl)); math.Abs(got-rl) > 0.03*rl {
			t.Errorf("run length %v by the asymptotics: %v", rl, got)
		}
	}
}

// A worsening of 30 points of detractors from a mix of 30 % each: the shares and the
// divergence, by hand.
func TestWorsenedMixes(t *testing.T) {
	p0 := mix{0.3, 0.3, 0.4}
	p1 := moreDetractors(p0, 0.3)
	// 60 % detractors; the others 40 %, in the proportion 3:4.
	for k, want := range (mix{0.6, 0.4 * 3 / 7, 0.4 * 4 / 7}) {
		if math.Abs(p1[k]-want) > 1e-12 {
			t.Fatalf("more detractors: %v", p1)
		}
	}
	// KL = 0.6 ln 2 + 0.4 ln(4/7).
	if got, want := kl(p1, p0), 0.6*math.Log(2)+0.4*math.Log(0.4/0.7); math.Abs(got-want) > 1e-12 {
		t.Errorf("KL %v, want %v", got, want)
	}
	p2 := fewerPromoters(p0, 0.2)
	for k, want := range (mix{0.3 * 0.8 / 0.6, 0.3 * 0.8 / 0.6, 0.2}) {
		if math.Abs(p2[k]-want) > 1e-12 {
			t.Fatalf("fewer promoters: %v", p2)
		}
	}
}

// queueSim feeds one queue's responses to an aggregator minute by minute, and judges it each
// minute with a detector, as a dashboard does.
type queueSim struct {
	rng     *rand.Rand
	agg     *Aggregator
	det     *detector
	now     time.Time
	perHour float64
	n       int64 // responses so far
	holds   bool
	id      int
}

func newQueueSim(seed uint64, perHour float64, cfg Detector) *queueSim {
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	det := newDetector(cfg)
	det.thresholds = simThresholds // the same plans for every simulated queue: found once
	return &queueSim{rng: rand.New(rand.NewPCG(seed, 7)), agg: NewAggregator(Tiered(time.UTC), ByQueue), det: det,
		now: start, perHour: perHour}
}

var simThresholds = map[thresholdKey]float64{}

// minute draws a minute of responses from p and judges the queue at its end: whether the
// alarm was raised then.
func (q *queueSim) minute(p mix) (raised bool) {
	lambda := q.perHour / 60
	// Poisson arrivals by inversion: few a minute.
	k, u := 0, q.rng.Float64()
	for term, cum := math.Exp(-lambda), math.Exp(-lambda); u > cum && k < 60; {
		k++
		term *= lambda / float64(k)
		cum += term
	}
	for i := range k {
		c, u := Promoter, q.rng.Float64()
		if u < p[Detractor] {
			c = Detractor
		} else if u < p[Detractor]+p[Passive] {
			c = Passive
		}
		score := [...]int8{Detractor: 3, Passive: 7, Promoter: 10}[c]
		q.id++
		r := Response{Time: q.now.Add(time.Duration(i+1) * time.Second), Score: score, Queue: "Q"}
		q.agg.Add(&r)
		q.n++
	}
	q.now = q.now.Add(time.Minute)
	q.agg.Advance(q.now)
	holds, _ := q.det.Judge(q.agg, "Q", q.now)
	raised = holds && !q.holds
	q.holds = holds
	return raised
}

// realistic is a queue of the demo's mix: 31 % detractors, 28 % passives, 41 % promoters.
var realistic = mix{0.31, 0.28, 0.41}

// simulation is what the detector did on simulated queues at 24 responses an hour.
type simulation struct {
	falseAlarms, queueDays float64
	delays                 []float64 // minutes from each worsening's start to its alarm; +Inf when none came within a day
	delayResponses         []float64
	inTime                 int     // worsenings found before they ended
	bound                  float64 // log(ARL0)/KL, in responses
}

func (s *simulation) perHundredDays() float64 { return 100 * s.falseAlarms / s.queueDays }
func (s *simulation) detected() float64       { return float64(s.inTime) / float64(len(s.delays)) }
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

const simPerHour = 24

// stationary runs queues that never change for days after a four-week history, counting alarms.
// The queues run two at a time, each with thresholds of its own.
func stationary(seed uint64, queues, days int, cfg Detector) simulation {
	alarms := make([]float64, queues)
	var wg sync.WaitGroup
	for qi := range queues {
		wg.Go(func() {
			q := newQueueSim(seed+uint64(qi), simPerHour, cfg)
			q.det.thresholds = map[thresholdKey]float64{}
			for range 28 * 24 * 60 {
				q.minute(realistic)
			}
			for range days * 24 * 60 {
				if q.minute(realistic) {
					alarms[qi]++
				}
			}
		})
		if qi%2 == 1 {
			wg.Wait()
		}
	}
	wg.Wait()
	s := simulation{queueDays: float64(queues * days)}
	for _, a := range alarms {
		s.falseAlarms += a
	}
	return s
}

// worsenings runs queues through worsenings of mix p1 lasting from shortest to longest
// minutes, each after two to four quiet days (a week of history first), and measures how soon
// each was found, within a day of its start.
func worsenings(seed uint64, queues, each int, p1 mix, shortest, longest int, cfg Detector) simulation {
	s := simulation{bound: math.Log(cfg.FalseAlarmDays*24*simPerHour) / kl(p1, realistic)}
	for qi := range queues {
		q := newQueueSim(seed+uint64(qi), simPerHour, cfg)
		for range 7 * 24 * 60 {
			q.minute(realistic)
		}
		for range each {
			for range (2*24 + q.rng.IntN(2*24)) * 60 {
				q.minute(realistic)
			}
			for q.holds { // a quiet queue again, with the last alarm cleared
				q.minute(realistic)
			}
			length := shortest + q.rng.IntN(longest-shortest+1)
			start := q.n
			delay, responses := math.Inf(1), math.Inf(1)
			// The delay counts an alarm after the end too (the evidence is in by then).
			for m := range 24 * 60 {
				p := p1
				if m >= length {
					p = realistic
				}
				if q.minute(p) {
					delay, responses = float64(m+1), float64(q.n-start)
					break
				}
			}
			s.delays = append(s.delays, delay)
			s.delayResponses = append(s.delayResponses, responses)
			if delay <= float64(length) {
				s.inTime++
			}
		}
	}
	return s
}

// The detector's rates on simulated queues at a realistic 24 responses an hour, on fixed
// seeds (README gives the figures of BenchmarkDetector, on ten times as many):
//   - at most one false alarm per queue in 60 days, as tuned;
//   - for a sustained worsening, a median delay at most 0.8 of the information bound;
//   - for worsenings of 90 to 240 minutes, most of those of detractors found before they end.
//     A fall of 20 points of promoters cannot be: the bound (116 responses, about 5 hours) is
//     longer than they last, and no method with as few false alarms finds them sooner.
func TestDetectorSimulation(t *testing.T) {
	cfg := DefaultDetector
	st := stationary(11, 8, 200, cfg)
	t.Logf("stationary: %.0f false alarms in %.0f queue-days: %.2f per 100", st.falseAlarms, st.queueDays, st.perHundredDays())
	if st.perHundredDays() > 100/cfg.FalseAlarmDays {
		t.Errorf("%.2f false alarms per 100 queue-days, more than one in %v days", st.perHundredDays(), cfg.FalseAlarmDays)
	}
	for _, c := range []struct {
		name     string
		p1       mix
		inTimeAt float64 // the share of 90–240 minute worsenings found before they end, at least
	}{{"detractors +30", moreDetractors(realistic, 0.30), 0.75}, {"promoters -20", fewerPromoters(realistic, 0.20), 0.3}} {
		long := worsenings(21, 4, 15, c.p1, 24*60, 24*60, cfg)
		ratio := median(long.delayResponses) / long.bound
		t.Logf("%s, sustained: median delay %.0f min, %.0f responses; bound %.1f responses: ratio %.2f",
			c.name, median(long.delays), median(long.delayResponses), long.bound, ratio)
		if ratio > 0.8 {
			t.Errorf("%s: median delay %.2f of the bound", c.name, ratio)
		}
		w := worsenings(31, 4, 25, c.p1, 90, 240, cfg)
		t.Logf("%s, 90-240 min: median delay %.0f min, %.0f responses; found before the end %.0f%%",
			c.name, median(w.delays), median(w.delayResponses), 100*w.detected())
		if w.detected() < c.inTimeAt {
			t.Errorf("%s: %.0f%% found before the end", c.name, 100*w.detected())
		}
	}
}

// A queue of a steady mix for four weeks and a day raises nothing; then, from a quiet hour of
// promoters (the sums at 0), one detractor a minute fires the detractors' sum at the response
// whose steps first reach its threshold, named by the minute the run began; promoters after
// clear it when the sum is back at 0, capped at the threshold once it fired.
func TestWorseningOnAStep(t *testing.T) {
	agg := NewAggregator(Tiered(time.UTC), ByQueue)
	alerts := NewAlerts(DefaultRules())
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	pattern := []Class{Detractor, Detractor, Detractor, Passive, Passive, Passive, Promoter, Promoter, Promoter, Promoter}
	score := map[Class]int8{Detractor: 2, Passive: 8, Promoter: 10}
	id := 0
	add := func(at time.Time, c Class) {
		id++
		r := Response{ID: "r" + strconv.Itoa(id), Time: at, Score: score[c], Queue: "Q"}
		agg.Add(&r)
	}
	var events []AlertEvent
	judge := func(at time.Time) {
		agg.Advance(at)
		events = append(events, alerts.Judge(agg, at)...)
	}
	now := start
	for h := 0; h < 29*24; h++ {
		for i, c := range pattern {
			add(now.Add(time.Duration(i+1)*time.Minute-time.Second), c)
		}
		for range 60 {
			now = now.Add(time.Minute)
			judge(now)
		}
	}
	if len(events) != 0 {
		t.Fatalf("a steady queue raised %v", events)
	}
	for range 60 { // an hour of promoters: the sums at 0
		add(now.Add(30*time.Second), Promoter)
		now = now.Add(time.Minute)
		judge(now)
	}
	// The plan, by hand: the reference is the pattern's mix (its counts, half a response each
	// added), the worse mix 30 points more detractors.
	n := float64(agg.Stat(Group{Dim: ByQueue, Queue: "Q"}, Span{From: now.Add(-RefGap - 28*24*time.Hour).Truncate(time.Hour), To: now.Add(-RefGap).Truncate(time.Hour)}).Responses())
	p0 := mix{(0.3*n + 0.5) / (n + 1.5), (0.3*n + 0.5) / (n + 1.5), (0.4*n + 0.5) / (n + 1.5)}
	llr := llrOf(p0, moreDetractors(p0, 0.3))
	perDay := n / 28
	h := atRunLength(threshold(p0, llr, refRunLength), 2*60*perDay)
	want := int(math.Ceil(h / llr[Detractor]))
	stepAt := now
	for k := 1; k <= want+5; k++ {
		add(now.Add(30*time.Second), Detractor)
		now = now.Add(time.Minute)
		judge(now)
		raised := len(events) > 0 && events[len(events)-1].Raised != nil
		if raised != (k >= want) && (k <= want) {
			t.Fatalf("after %d detractors: raised %v, want it at %d (h %.3f, step %.3f)", k, raised, want, h, llr[Detractor])
		}
	}
	if len(events) != 1 {
		t.Fatalf("events %v", events)
	}
	a := events[0].Raised
	if a.Rule != RuleWorsening || a.ID != "worsening:Q:"+strconv.FormatInt(stepAt.Unix(), 10) || a.Facts.N != int64(want) {
		t.Fatalf("raised %+v", a)
	}
	t.Logf("%s", a.Why())
	// A dashboard started again now (its alerts from the journal) takes the sums up from a day
	// before, and finds the same: capped at h, the sum is back at 0 after h over a promoter's
	// step, in promoters; the clearing says how the queue stands.
	alerts = NewAlerts(DefaultRules())
	alerts.Restore(AlertEvent{Raised: a})
	back := int(math.Ceil(h / -llr[Promoter]))
	for k := 1; k <= back; k++ {
		add(now.Add(30*time.Second), Promoter)
		now = now.Add(time.Minute)
		judge(now)
		cleared := events[len(events)-1].Cleared != nil
		if cleared != (k == back) {
			t.Fatalf("after %d promoters: cleared %v, want it at %d", k, cleared, back)
		}
	}
	got, _ := alerts.Get(a.ID)
	if w := got.Cleared(); !strings.HasPrefix(w, "back to usual: Q NPS") {
		t.Errorf("cleared: %q", w)
	}
}

// BenchmarkDetector gives README's figures, on ten times the test's queue-days:
//
//	go test ./model -run '^$' -bench Detector -benchtime 1x
func BenchmarkDetector(b *testing.B) {
	cfg := DefaultDetector
	for b.Loop() {
		st := stationary(101, 10, 400, cfg)
		b.ReportMetric(st.perHundredDays(), "falsealarms/100qd")
		for _, c := range []struct {
			name string
			p1   mix
		}{{"det30", moreDetractors(realistic, 0.30)}, {"prom20", fewerPromoters(realistic, 0.20)}} {
			long := worsenings(201, 10, 20, c.p1, 24*60, 24*60, cfg)
			b.ReportMetric(median(long.delayResponses)/long.bound, c.name+"-delay/bound")
			w := worsenings(301, 10, 20, c.p1, 90, 240, cfg)
			b.ReportMetric(100*w.detected(), c.name+"-%intime")
		}
	}
}

// Found apart (as a screen finds them, on a goroutine of its own), the thresholds give the
// same alerts as found while judging; until they come, judging finds none itself and the
// queue is not judged, and Knowable says it cannot tell yet.
func TestThresholdsFoundApartRaiseTheSameAlerts(t *testing.T) {
	run := func(apart bool) (events []AlertEvent, found int) {
		agg := NewAggregator(Tiered(time.UTC), ByQueue)
		alerts := NewAlerts(DefaultRules())
		if apart {
			alerts.FindApart()
		}
		mixes := map[string][]Class{
			"A": {Detractor, Detractor, Detractor, Passive, Passive, Passive, Promoter, Promoter, Promoter, Promoter},
			"B": {Detractor, Passive, Passive, Promoter, Promoter, Promoter, Promoter, Promoter, Promoter, Promoter},
		}
		score := map[Class]int8{Detractor: 2, Passive: 8, Promoter: 10}
		id := 0
		add := func(at time.Time, q string, c Class) {
			id++
			r := Response{ID: "r" + strconv.Itoa(id), Time: at, Score: score[c], Queue: q}
			agg.Add(&r)
		}
		judge := func(at time.Time) {
			agg.Advance(at)
			events = append(events, alerts.Judge(agg, at)...)
			if !apart {
				return
			}
			jobs := alerts.ThresholdsWanted(1)
			if len(jobs) == 0 {
				return
			}
			if len(alerts.worse.thresholds) != found {
				t.Fatalf("%d thresholds found while judging", len(alerts.worse.thresholds)-found)
			}
			if _, ok := alerts.Knowable(agg, "A", at); ok && found == 0 {
				t.Fatal("Knowable tells before the thresholds came")
			}
			// One at a time, as a screen might give them back: the rest stay wanted.
			for ; len(jobs) > 0; jobs = alerts.ThresholdsWanted(1) {
				alerts.Thresholds([]Threshold{jobs[0].Find()})
				found++
				events = append(events, alerts.Judge(agg, at)...)
			}
		}
		now := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		for h := 0; h < 29*24; h++ {
			for q, pattern := range mixes {
				for i, c := range pattern {
					add(now.Add(time.Duration(i+1)*time.Minute-time.Second), q, c)
				}
			}
			for range 60 {
				now = now.Add(time.Minute)
				judge(now)
			}
		}
		for range 3 * 60 { // A worsens: nothing but detractors
			add(now.Add(30*time.Second), "A", Detractor)
			now = now.Add(time.Minute)
			judge(now)
		}
		if _, ok := alerts.Knowable(agg, "B", now); !ok {
			t.Error("Knowable cannot tell with its thresholds found")
		}
		return events, found
	}
	inline, _ := run(false)
	apart, found := run(true)
	if len(inline) == 0 || inline[0].Raised == nil || inline[0].Raised.Queue != "A" {
		t.Fatalf("the worsening was not raised: %v", inline)
	}
	said := func(events []AlertEvent) (out []string) {
		for _, e := range events {
			switch {
			case e.Raised != nil:
				out = append(out, e.Raised.ID+": "+e.Raised.Why())
			case e.Cleared != nil:
				out = append(out, e.Cleared.Alert+" cleared at "+e.Cleared.At.String())
			}
		}
		return out
	}
	if !slices.Equal(said(inline), said(apart)) || found < 4 {
		t.Errorf("apart (%d thresholds found), the alerts differ:\n%q\n%q", found, said(apart), said(inline))
	}
}
