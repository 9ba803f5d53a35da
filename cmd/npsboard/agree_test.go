package main

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/npsboard/npsboard/feed/demo"
)

// reportOut is the --json output as a consumer reads it, declared apart from the code that
// writes it so that a change of the format shows here.
type reportOut struct {
	Window struct {
		Name string
		From *string
		To   string
	}
	Overall statOut
	Groups  []struct {
		Queue, Agent, Team, Channel, Site string
		Estimate                          *struct {
			NPS  float64
			CI95 [2]float64
		}
		stat statOut
	}
	Feed struct {
		Records, Accepted, Duplicates, Rejected int64
		Reasons                                 map[string]int64
	}
}

type statOut struct {
	Responses, Promoters, Passives, Detractors int64
	NPS                                        *float64
	CI95                                       *[2]float64
}

func decodeReport(t *testing.T, s string) reportOut {
	t.Helper()
	var r reportOut
	mustUnmarshal(t, s, &r)
	// The groups' figures sit beside their keys: decode them a second time.
	var raw struct{ Groups []statOut }
	mustUnmarshal(t, s, &raw)
	for i := range r.Groups {
		r.Groups[i].stat = raw.Groups[i]
	}
	return r
}

func mustUnmarshal(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("%v in %s", err, s)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func checkStat(t *testing.T, name string, s statOut, p, pa, d int64, nps float64) {
	t.Helper()
	if s.Promoters != p || s.Passives != pa || s.Detractors != d || s.Responses != p+pa+d {
		t.Errorf("%s: %d responses, %d/%d/%d; want %d/%d/%d", name, s.Responses, s.Promoters, s.Passives, s.Detractors, p, pa, d)
	}
	if s.NPS == nil || s.CI95 == nil {
		t.Errorf("%s: no NPS or interval, want %v", name, nps)
	} else if math.Abs(*s.NPS-nps) > 1e-9 || s.CI95[0] > s.CI95[1] || s.CI95[0] < -100 || s.CI95[1] > 100 {
		t.Errorf("%s: nps %v in %v, want %v", name, *s.NPS, *s.CI95, nps)
	}
}

// independent counts responses per queue and agent the plain way: encoding/json, time.Parse and
// a map, sharing no code with the feed or the model.
type independent struct {
	newest time.Time
	counts map[string]*[3]int64 // key → promoters, passives, detractors
}

func computeIndependently(t *testing.T, lines string, window time.Duration) independent {
	type rec struct {
		ID    string `json:"id"`
		TS    string `json:"ts"`
		Score int    `json:"score"`
		Queue string `json:"queue"`
		Agent string `json:"agent"`
	}
	var recs []rec
	var times []time.Time
	sc := bufio.NewScanner(strings.NewReader(lines))
	sc.Buffer(nil, 1<<20)
	in := independent{counts: map[string]*[3]int64{}}
	for sc.Scan() {
		var r rec
		mustUnmarshal(t, sc.Text(), &r)
		ts, err := time.Parse(time.RFC3339, r.TS)
		if err != nil {
			t.Fatal(err)
		}
		recs, times = append(recs, r), append(times, ts)
		if ts.After(in.newest) {
			in.newest = ts
		}
	}
	// The window ends at the newest response rounded up to the minute.
	to := in.newest.Truncate(time.Minute)
	if to.Before(in.newest) {
		to = to.Add(time.Minute)
	}
	for i, r := range recs {
		if window > 0 && !(times[i].After(to.Add(-window)) && !times[i].After(to)) {
			continue
		}
		for _, key := range []string{"", "queue " + r.Queue, "agent " + r.Queue + "/" + r.Agent} {
			c := in.counts[key]
			if c == nil {
				c = new([3]int64)
				in.counts[key] = c
			}
			switch {
			case r.Score >= 9:
				c[0]++
			case r.Score >= 7:
				c[1]++
			default:
				c[2]++
			}
		}
	}
	return in
}

func (in independent) check(t *testing.T, key string, s statOut) {
	t.Helper()
	c := in.counts[key]
	if c == nil {
		t.Errorf("%s: reported, but has no responses in the window", key)
		return
	}
	n := c[0] + c[1] + c[2]
	checkStat(t, key, s, c[0], c[1], c[2], 100*float64(c[0]-c[2])/float64(n))
}

// `npsboard demo --count 200000 | npsboard report --file - --json` agrees with an independent
// count of the same lines, for every queue and agent, over all time and the last hour; and a
// feed with dirt in it gives the same figures, with every dirty line accounted for.
func TestReportAgreesWithAnIndependentComputation(t *testing.T) {
	if testing.Short() {
		t.Skip("200,000 responses")
	}
	_, clean, _ := runCLI(t, "", "demo", "--count", "200000", "--start", "2026-11-24T00:00:00+01:00", "--seed", "42", "--tz", "UTC")
	_, dirty, _ := runCLI(t, "", "demo", "--count", "200000", "--start", "2026-11-24T00:00:00+01:00", "--seed", "42", "--tz", "UTC", "--dirty", "0.05")
	for _, w := range []struct {
		flag string
		d    time.Duration
	}{{"all", 0}, {"1h", time.Hour}} {
		in := computeIndependently(t, clean, w.d)
		for name, feedText := range map[string]string{"clean": clean, "dirty": dirty} {
			t.Run(w.flag+" "+name, func(t *testing.T) {
				for _, by := range []string{"queue", "agent"} {
					code, out, stderr := runCLI(t, feedText, "report", "--file", "-", "--json", "--window", w.flag, "--by", by)
					if code != exitOK {
						t.Fatalf("exit %d: %s", code, stderr)
					}
					r := decodeReport(t, out)
					in.check(t, "", r.Overall)
					groups := 0
					for _, g := range r.Groups {
						key := "queue " + g.Queue
						if by == "agent" {
							key = "agent " + g.Queue + "/" + g.Agent
						}
						in.check(t, key, g.stat)
						groups++
					}
					want := 0
					for key := range in.counts {
						if strings.HasPrefix(key, by+" ") {
							want++
						}
					}
					if groups != want {
						t.Errorf("by %s: %d groups reported, %d have responses", by, groups, want)
					}
					lines := int64(strings.Count(feedText, "\n"))
					f := r.Feed
					if f.Records != lines || f.Accepted != 200000 || f.Records != f.Accepted+f.Duplicates+f.Rejected {
						t.Errorf("feed %+v for %d lines", f, lines)
					}
					if name == "dirty" && (f.Duplicates == 0 || f.Rejected == 0) {
						t.Errorf("a dirty feed without duplicates or rejects: %+v", f)
					}
				}
			})
		}
	}
}

func TestDemoIsDeterministicAndRealistic(t *testing.T) {
	args := []string{"demo", "--count", "20000", "--start", "2026-11-24", "--tz", "Europe/Paris", "--seed", "3"}
	_, a, _ := runCLI(t, "", args...)
	_, b, _ := runCLI(t, "", args...)
	if a != b {
		t.Fatal("the same seed and start gave different lines")
	}
	_, c, _ := runCLI(t, "", append(args[:len(args)-1], "4")...)
	if a == c {
		t.Fatal("two seeds gave the same lines")
	}
	queues, agents, teams, channels, sites := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	var vip, comments int
	var first, last time.Time
	for i, line := range strings.Split(strings.TrimSpace(a), "\n") {
		var r struct {
			TS                                   time.Time
			Queue, Agent, Team, Channel, Comment string
			Segment, Site                        string
		}
		mustUnmarshal(t, line, &r)
		queues[r.Queue], agents[r.Agent], teams[r.Team], channels[r.Channel], sites[r.Site] = true, true, true, true, true
		if r.Segment == "vip" {
			vip++
		}
		if r.Comment != "" {
			comments++
		}
		if i == 0 {
			first = r.TS
		}
		if r.TS.Before(last) {
			t.Fatalf("line %d goes back in time", i+1)
		}
		last = r.TS
	}
	// The agents on duty on a weekday: all but the few who are away.
	if len(queues) != 12 || len(agents) < 200 || len(agents) > demo.Agents || len(teams) < 20 || len(channels) != 4 || len(sites) != 3 {
		t.Errorf("%d queues, %d agents, %d teams, %d channels, %d sites", len(queues), len(agents), len(teams), len(channels), len(sites))
	}
	if vip < 100 || vip > 1000 || comments < 5000 {
		t.Errorf("%d VIP responses, %d comments of 20000", vip, comments)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	if start := time.Date(2026, 11, 24, 0, 0, 0, 0, paris); first.Before(start) || last.After(start.Add(24*time.Hour)) {
		t.Errorf("responses from %v to %v, want within the day from %v", first, last, start)
	}
}

// report --by agent gives each agent its estimate beside its raw NPS: shrunk toward its queue,
// inside its interval, and never further from the queue than the raw figure.
func TestTheReportGivesEachAgentAnEstimate(t *testing.T) {
	_, month, _ := runCLI(t, "", "demo", "--days", "30", "--start", "2026-10-26", "--seed", "8", "--tz", "UTC")
	path := filepath.Join(t.TempDir(), "month.jsonl")
	if err := os.WriteFile(path, []byte(month), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, _ := runCLI(t, "", "report", "--file", path, "--by", "agent", "--window", "7d", "--json", "--tz", "UTC")
	agents := decodeReport(t, out)
	_, out, _ = runCLI(t, "", "report", "--file", path, "--by", "queue", "--window", "7d", "--json", "--tz", "UTC")
	queueNPS := map[string]float64{}
	for _, g := range decodeReport(t, out).Groups {
		queueNPS[g.Queue] = *g.stat.NPS
	}
	pulled := 0
	for _, g := range agents.Groups {
		e := g.Estimate
		if e == nil {
			t.Fatalf("%s in %s has no estimate", g.Agent, g.Queue)
		}
		raw, q := *g.stat.NPS, queueNPS[g.Queue]
		if e.CI95[0] > e.NPS || e.NPS > e.CI95[1] {
			t.Errorf("%s: estimate %.1f outside its interval %v", g.Agent, e.NPS, e.CI95)
		}
		if math.Abs(e.NPS-q) > math.Abs(raw-q)+0.01 && g.stat.Responses > 0 {
			t.Errorf("%s: estimate %.1f further from the queue's %.1f than the raw %.1f", g.Agent, e.NPS, q, raw)
		}
		if math.Abs(e.NPS-raw) > 1 {
			pulled++
		}
	}
	if len(agents.Groups) < 200 || pulled < len(agents.Groups)/4 {
		t.Errorf("%d agents, %d pulled toward their queue by more than a point", len(agents.Groups), pulled)
	}
}
