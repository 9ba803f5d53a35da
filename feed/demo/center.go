// Package demo simulates a contact center's survey results, for trying npsboard without data
// and for tests: queues with their own score mixes, agents in teams, channels, a daily volume
// curve, comments that fit the score, a few VIP customers, and now and then an incident that
// sends one queue bad for a while.
//
// Everything is a deterministic function of the seed and of the response's time, so a given
// seed always tells the same story.
package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/npsboard/npsboard/model"
)

type queue struct {
	name  string
	share float64 // of the center's volume
	mean  float64 // mean of the latent satisfaction, on the 0–10 scale
}

// The queues' means put their NPS roughly at: Sales +40, Orders +30, General +20,
// Tech Support +5, Billing −5, Retention −25.
var queues = []queue{
	{"Billing", 0.22, 7.3},
	{"Tech Support", 0.26, 7.75},
	{"Sales", 0.14, 8.9},
	{"Retention", 0.10, 6.6},
	{"Orders", 0.16, 8.5},
	{"General", 0.12, 8.2},
}

type channel struct {
	name   string
	share  float64
	adjust float64 // channels differ a little in satisfaction
}

var channels = []channel{
	{"voice", 0.55, 0},
	{"chat", 0.25, 0.25},
	{"email", 0.12, -0.6},
	{"messaging", 0.08, 0.15},
}

var teamNames = []string{"Aurora", "Borealis", "Cascade", "Delta", "Everest", "Fjord", "Glacier", "Horizon", "Isthmus", "Juniper"}

var firstNames = []string{"Maya", "Liam", "Sofia", "Noah", "Amara", "Kenji", "Chloé", "Mateo", "Priya", "Jonas",
	"Aisha", "Lukas", "Yuki", "Omar", "Ingrid", "Tomás", "Zoë", "Ravi", "Elena", "Kwame", "Hana", "Diego",
	"Freya", "Malik", "Lucía", "Arjun", "Nadia", "Pavel", "Grace", "Emeka"}

var lastNames = []string{"Chen", "Okafor", "Müller", "Rossi", "Nakamura", "Silva", "Dubois", "Kowalski", "Haddad",
	"Novak", "Larsen", "Patel", "García", "O'Brien", "Jensen", "Moreau", "Kim", "Adeyemi", "Lindqvist", "Costa"}

type agent struct {
	name  string
	team  string
	queue int     // home queue
	also  int     // a second queue the agent takes now and then, or −1
	skill float64 // added to the latent satisfaction
}

// Agents is how many agents the center has.
const Agents = 60

// Center is a simulated contact center.
type Center struct {
	seed      uint64
	rng       *rand.Rand
	agents    []agent
	byQueue   [][]int // agents whose home is each queue
	prefix    string  // of response ids
	seq       int64
	incidents Incidents
}

// Incidents sets how often one queue goes bad, and for how long.
type Incidents struct {
	Every  time.Duration // one incident in each period of this length
	Length time.Duration // its longest duration; each lasts between half of it and all of it
}

// DayIncidents suit a simulated day: one or two incidents of up to two hours.
var DayIncidents = Incidents{Every: 10 * time.Hour, Length: 2 * time.Hour}

// LiveIncidents suit someone watching the live demo: an incident every quarter of an hour.
var LiveIncidents = Incidents{Every: 15 * time.Minute, Length: 8 * time.Minute}

// New makes the center of a seed. Responses' ids start with idPrefix (the seed in hex when empty).
func New(seed uint64, idPrefix string, inc Incidents) *Center {
	inc.Length = min(inc.Length, inc.Every) // an incident fits in its period
	c := &Center{seed: seed, rng: rand.New(rand.NewPCG(seed, 0x6e7073)), prefix: idPrefix, incidents: inc}
	if c.prefix == "" {
		c.prefix = fmt.Sprintf("%x", seed)
	}
	c.hire()
	return c
}

// hire staffs the queues in proportion to their volume, in teams of five to eight.
func (c *Center) hire() {
	names := map[string]bool{}
	c.byQueue = make([][]int, len(queues))
	team, inTeam, teamSize := 0, 0, 5+c.rng.IntN(4)
	for qi, q := range queues {
		n := int(math.Round(q.share * Agents))
		if qi == len(queues)-1 {
			n = Agents - len(c.agents)
		}
		for range n {
			name := ""
			for name == "" || names[name] {
				name = firstNames[c.rng.IntN(len(firstNames))] + " " + lastNames[c.rng.IntN(len(lastNames))]
			}
			names[name] = true
			also := -1
			if c.rng.IntN(5) == 0 {
				also = (qi + 1 + c.rng.IntN(len(queues)-1)) % len(queues)
			}
			c.byQueue[qi] = append(c.byQueue[qi], len(c.agents))
			c.agents = append(c.agents, agent{name: name, team: teamNames[team%len(teamNames)], queue: qi, also: also, skill: c.rng.NormFloat64() * 0.6})
			if inTeam++; inTeam == teamSize {
				team, inTeam, teamSize = team+1, 0, 5+c.rng.IntN(4)
			}
		}
		if inTeam > 0 { // teams do not straddle queues
			team, inTeam, teamSize = team+1, 0, 5+c.rng.IntN(4)
		}
	}
}

// Incident is a period in which one queue goes bad.
type Incident struct {
	Queue      string
	Start, End time.Time
	queue      int
}

// IncidentAt is the incident under way at t, if any. Incidents are a function of the seed and
// the time alone, so that a replay and a live run of the same seed agree.
func (c *Center) IncidentAt(t time.Time) (Incident, bool) {
	if c.incidents.Every <= 0 {
		return Incident{}, false
	}
	every := c.incidents.Every
	for back := range 2 { // the incident of this period, or a long one of the previous period
		period := t.UnixNano()/int64(every) - int64(back)
		r := rand.New(rand.NewPCG(c.seed^0x696e63, uint64(period)))
		length := c.incidents.Length/2 + time.Duration(r.Int64N(int64(c.incidents.Length/2)+1))
		start := time.Unix(0, period*int64(every)).Add(time.Duration(r.Int64N(int64(every - length/2))))
		q := r.IntN(len(queues))
		if !t.Before(start) && t.Before(start.Add(length)) {
			return Incident{Queue: queues[q].name, Start: start, End: start.Add(length), queue: q}, true
		}
	}
	return Incident{}, false
}

// Response makes the center's next response, answered at t.
func (c *Center) Response(t time.Time) model.Response {
	c.seq++
	rng := c.rng
	qi := pick(rng, len(queues), func(i int) float64 { return queues[i].share })
	inc, incident := c.IncidentAt(t)
	if incident && inc.queue != qi && rng.Float64() < 0.25 {
		qi = inc.queue // an incident brings its queue more calls
	}
	home := c.byQueue[qi]
	a := c.agents[home[rng.IntN(len(home))]]
	if a.also >= 0 && rng.IntN(4) == 0 {
		qi = a.also
	}
	ch := channels[pick(rng, len(channels), func(i int) float64 { return channels[i].share })]

	latent := queues[qi].mean + a.skill + ch.adjust + rng.NormFloat64()*2.6
	incidentHit := incident && inc.queue == qi && rng.Float64() < 0.7
	if incidentHit {
		latent -= 4.5
	}
	score := int(math.Round(math.Max(0, math.Min(10, latent))))

	r := model.Response{
		ID:       fmt.Sprintf("%s-%07d", c.prefix, c.seq),
		Time:     t,
		Score:    int8(score),
		Queue:    queues[qi].name,
		Agent:    a.name,
		Team:     a.team,
		Channel:  ch.name,
		Customer: c.customer(),
		Comment:  comment(rng, qi, score, incidentHit, a.name),
	}
	if VIP(r.Customer) {
		r.Segment = "vip"
	}
	if rng.Float64() < 0.6 {
		r.CSAT = int8(clampInt(int(math.Round(1+float64(score)*0.4+rng.NormFloat64()*0.5)), 1, 5))
		r.CES = int8(clampInt(int(math.Round(1+float64(score)*0.55+rng.NormFloat64()*0.8)), 1, 7))
	}
	return r
}

// VIP reports whether a customer id is one of the center's VIP customers (about 2 %).
func VIP(customer string) bool {
	n, err := strconv.Atoi(strings.TrimPrefix(customer, "C-"))
	return err == nil && n%50 == 7
}

func (c *Center) customer() string { return fmt.Sprintf("C-%06d", 100000+c.rng.IntN(900000)) }

// pick draws an index with the given weights.
func pick(rng *rand.Rand, n int, weight func(int) float64) int {
	total := 0.0
	for i := range n {
		total += weight(i)
	}
	x := rng.Float64() * total
	for i := range n {
		if x -= weight(i); x < 0 {
			return i
		}
	}
	return n - 1
}

func clampInt(v, lo, hi int) int { return max(lo, min(hi, v)) }
