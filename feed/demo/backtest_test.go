package demo

import (
	"slices"
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
)

// backtestScore is what a set of queue rules raised over the demo's incidents: the incidents
// found (an alert on the queue from its start to an hour after its end), how long after its
// start the first alert came, and the queue alerts raised outside any incident.
type backtestScore struct {
	incidents, found, falseAlarms int
	delays                        []time.Duration
}

func backtestDemo(t *testing.T, rules model.Rules, from, to time.Time, judgeFrom time.Time) backtestScore {
	c := New(Options{Seed: 1})
	bt := model.NewBacktest(rules)
	var raised []struct {
		queue string
		at    time.Time
	}
	during := map[Incident]int{} // responses of an incident's queue during it
	err := c.Span(from, to, time.UTC, func(r *model.Response) error {
		if inc, ok := c.IncidentAt(r.Time); ok && inc.Queue == r.Queue {
			during[inc]++
		}
		for _, ev := range bt.Add(r) {
			if a := ev.Raised; a != nil && model.IsQueueRule(a.Rule) && !r.Time.Before(judgeFrom) {
				raised = append(raised, struct {
					queue string
					at    time.Time
				}{a.Queue, r.Time})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var s backtestScore
	var incidents []Incident
	for m := judgeFrom; m.Before(to); m = m.Add(time.Minute) {
		// An incident while the floor is closed, or on a quiet queue, has too few answers for
		// any rule to find it in the time it lasts: it is not counted.
		if inc, ok := c.IncidentAt(m); ok && during[inc] >= minIncidentResponses && (len(incidents) == 0 || incidents[len(incidents)-1] != inc) {
			incidents = append(incidents, inc)
		}
	}
	s.incidents = len(incidents)
	for _, inc := range incidents {
		for _, a := range raised {
			if a.queue == inc.Queue && !a.at.Before(inc.Start) && a.at.Before(inc.End.Add(time.Hour)) {
				s.found++
				s.delays = append(s.delays, a.at.Sub(inc.Start))
				break
			}
		}
	}
	for _, a := range raised {
		in := slices.ContainsFunc(incidents, func(inc Incident) bool {
			return a.queue == inc.Queue && !a.at.Before(inc.Start) && a.at.Before(inc.End.Add(time.Hour))
		})
		if !in {
			s.falseAlarms++
		}
	}
	return s
}

// minIncidentResponses: an incident with fewer answers on its queue cannot be told from chance.
const minIncidentResponses = 40

// The worsening detector is the default queue rule because it beats the rules of fixed windows
// over the demo's incidents (one queue going bad for 2½ to 5 hours every two days or so; those
// of enough answers to tell), on four weeks judged after four weeks of history. The windows'
// below-target rule fires about five times a queue-day, so that it is on when any incident
// starts: it "finds" them by being always on. The detector finds most of them, with a
// hundredth of the alarms outside them: what a floor can trust.
func TestTheDetectorBeatsTheWindowsInTheBacktest(t *testing.T) {
	if testing.Short() {
		t.Skip("eight weeks of the demo")
	}
	from := time.Date(2026, 9, 7, 0, 0, 0, 0, time.UTC)
	judgeFrom, to := from.AddDate(0, 0, 28), from.AddDate(0, 0, 56)
	windows := model.DefaultRules()
	windows.QueueRules = []string{model.RuleBelowTarget, model.RuleSpike}
	w := backtestDemo(t, windows, from, to, judgeFrom)
	d := backtestDemo(t, model.DefaultRules(), from, to, judgeFrom)
	med := func(ds []time.Duration) time.Duration {
		if len(ds) == 0 {
			return 0
		}
		s := slices.Clone(ds)
		slices.Sort(s)
		return s[len(s)/2]
	}
	t.Logf("windows: %d of %d incidents found, median %v after the start; %d alarms outside them", w.found, w.incidents, med(w.delays), w.falseAlarms)
	t.Logf("worsening: %d of %d incidents found, median %v after the start; %d alarms outside them", d.found, d.incidents, med(d.delays), d.falseAlarms)
	if 4*d.found < 3*w.found || 100*d.falseAlarms > w.falseAlarms || d.found == 0 {
		t.Errorf("the detector does not beat the windows")
	}
}
