// Package demo simulates a contact center's survey results, for trying npsboard without data
// and for tests. By default the center is a realistic one: three sites, twelve queues with
// their own score mixes, 240 agents in teams working shifts, opening hours and a quiet
// Saturday, one or two survey answers per agent per hour on duty, CSAT and CES beside the
// score, comments that fit it, a few VIP customers, and now and then an incident that sends one
// queue bad for a few hours. Scale multiplies the agents and so the volume, for load tests.
//
// Everything is a deterministic function of the seed, the scale and the time: the responses of
// a minute are the same whether written as history or live, and so are their ids.
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

// kind is what a queue's unhappy customers talk about (an index into complaints).
type kind int

const (
	kindBilling kind = iota
	kindTech
	kindSales
	kindRetention
	kindOrders
	kindGeneral
)

type queue struct {
	name  string
	kind  kind
	share float64 // of the center's agents
	mean  float64 // mean of the latent satisfaction, on the 0–10 scale
	sites []int   // where its agents work, the first the largest
}

// The queues' means put their NPS roughly at: Sales +40, Upgrades +30, Orders +30, General +20,
// Mobile +15, TV +10, Tech Support +5, Payments 0, Deliveries 0, Billing −5, Broadband −10,
// Retention −25.
var queues = []queue{
	{"Billing", kindBilling, 0.12, 7.3, []int{0, 1}},
	{"Payments", kindBilling, 0.06, 7.6, []int{0}},
	{"Tech Support", kindTech, 0.13, 7.75, []int{1, 0}},
	{"Broadband", kindTech, 0.09, 7.2, []int{1}},
	{"Mobile", kindTech, 0.08, 8.0, []int{1}},
	{"TV", kindTech, 0.06, 7.9, []int{2}},
	{"Sales", kindSales, 0.10, 8.9, []int{2}},
	{"Upgrades", kindSales, 0.06, 8.6, []int{2}},
	{"Retention", kindRetention, 0.08, 6.6, []int{0}},
	{"Orders", kindOrders, 0.09, 8.5, []int{2, 1}},
	{"Deliveries", kindOrders, 0.06, 7.6, []int{2}},
	{"General", kindGeneral, 0.07, 8.2, []int{0}},
}

// Sites are where agents work; they differ a little in satisfaction.
var sites = []struct {
	name   string
	adjust float64
}{{"Leeds", 0}, {"Lisbon", 0.15}, {"Cork", -0.1}}

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

var teamNames = []string{"Aurora", "Borealis", "Cascade", "Delta", "Everest", "Fjord", "Glacier", "Horizon", "Isthmus", "Juniper",
	"Kestrel", "Lagoon", "Meridian", "Nimbus", "Orchid", "Pinnacle", "Quartz", "Redwood", "Summit", "Tundra"}

var firstNames = []string{"Maya", "Liam", "Sofia", "Noah", "Amara", "Kenji", "Chloé", "Mateo", "Priya", "Jonas",
	"Aisha", "Lukas", "Yuki", "Omar", "Ingrid", "Tomás", "Zoë", "Ravi", "Elena", "Kwame", "Hana", "Diego",
	"Freya", "Malik", "Lucía", "Arjun", "Nadia", "Pavel", "Grace", "Emeka"}

var lastNames = []string{"Chen", "Okafor", "Müller", "Rossi", "Nakamura", "Silva", "Dubois", "Kowalski", "Haddad",
	"Novak", "Larsen", "Patel", "García", "O'Brien", "Jensen", "Moreau", "Kim", "Adeyemi", "Lindqvist", "Costa"}

// Agents is how many agents a center of scale 1 has.
const Agents = 240

// MaxScale bounds Scale: 12,000 agents, within the dashboard's limit of agents.
const MaxScale = 50

type agent struct {
	name  string
	team  string
	site  int
	queue int     // home queue
	also  int     // a second queue the agent takes now and then, or −1
	skill float64 // added to the latent satisfaction
	rate  float64 // survey answers per hour on duty: 1 to 2
	shift int     // 0 early (08–16), 1 late (12–20)
	lunch int     // the hour of the break
}

// Options describe a center.
type Options struct {
	Seed  uint64
	Scale int // agents and volume, times Agents; 1 when zero
	// Incidents sets how often one queue goes bad; RealIncidents when zero.
	Incidents Incidents
	// Prefix starts the responses' ids: the seed and scale in hex when empty.
	Prefix string
}

// Center is a simulated contact center.
type Center struct {
	seed      uint64
	rng       *rand.Rand // for responses made one at a time (Response)
	agents    []agent
	byQueue   [][]int // agents whose home is each queue
	prefix    string
	seq       int64
	incidents Incidents
	duty      dutyCache
}

// Incidents sets how often one queue goes bad, and for how long.
type Incidents struct {
	Every  time.Duration // one incident in each period of this length
	Length time.Duration // its longest duration; each lasts between half of it and all of it
}

// RealIncidents are a real floor's: one every two days or so, of two and a half to five hours,
// long enough that an alert can confirm it within an hour or two. Some fall when the center is
// closed, and go unseen.
var RealIncidents = Incidents{Every: 48 * time.Hour, Length: 5 * time.Hour}

// DayIncidents suit a simulated day written at once (--count): one or two of up to two hours.
var DayIncidents = Incidents{Every: 10 * time.Hour, Length: 2 * time.Hour}

// New makes the center of o.
func New(o Options) *Center {
	o.Scale = min(max(o.Scale, 1), MaxScale)
	if o.Incidents == (Incidents{}) {
		o.Incidents = RealIncidents
	}
	o.Incidents.Length = min(o.Incidents.Length, o.Incidents.Every) // an incident fits in its period
	c := &Center{seed: o.Seed, rng: rand.New(rand.NewPCG(o.Seed, 0x6e7073)), prefix: o.Prefix, incidents: o.Incidents}
	if c.prefix == "" {
		c.prefix = fmt.Sprintf("%x", o.Seed)
		if o.Scale > 1 {
			c.prefix += fmt.Sprintf("x%d", o.Scale)
		}
	}
	c.hire(o.Scale)
	return c
}

// hire staffs the queues in proportion to their share, site by site, in teams of eight to
// twelve; each agent gets a skill, a pace, a shift and a lunch hour.
func (c *Center) hire(scale int) {
	rng := rand.New(rand.NewPCG(c.seed, 0x68697265))
	names := map[string]bool{}
	c.byQueue = make([][]int, len(queues))
	team := 0
	total := Agents * scale
	for qi, q := range queues {
		n := int(math.Round(q.share * float64(total)))
		if qi == len(queues)-1 {
			n = total - len(c.agents)
		}
		for si, site := range q.sites {
			// The first site holds two thirds of a queue that has two.
			m := n
			if len(q.sites) > 1 {
				m = n * 2 / 3
				if si > 0 {
					m = n - n*2/3
				}
			}
			inTeam, teamSize := 0, 8+rng.IntN(5)
			for range m {
				a := agent{name: c.uniqueName(rng, names), site: site, queue: qi, also: -1,
					skill: rng.NormFloat64() * 0.55, rate: 1 + rng.Float64(), shift: rng.IntN(2)}
				a.lunch = 12 + rng.IntN(2)
				if a.shift == 1 {
					a.lunch = 15 + rng.IntN(2)
				}
				if rng.IntN(6) == 0 {
					a.also = (qi + 1 + rng.IntN(len(queues)-1)) % len(queues)
				}
				a.team = teamName(team)
				c.byQueue[qi] = append(c.byQueue[qi], len(c.agents))
				c.agents = append(c.agents, a)
				if inTeam++; inTeam == teamSize {
					team, inTeam, teamSize = team+1, 0, 8+rng.IntN(5)
				}
			}
			if inTeam > 0 { // teams do not straddle queues or sites
				team++
			}
		}
	}
}

func teamName(i int) string {
	if i < len(teamNames) {
		return teamNames[i]
	}
	return teamNames[i%len(teamNames)] + " " + strconv.Itoa(i/len(teamNames)+1)
}

// uniqueName draws a first and a last name not yet taken, with a middle initial when needed.
func (c *Center) uniqueName(rng *rand.Rand, taken map[string]bool) string {
	for tries := 0; ; tries++ {
		name := firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))]
		if tries > 20 {
			first, last, _ := strings.Cut(name, " ")
			name = first + " " + string(rune('A'+rng.IntN(26))) + ". " + last
		}
		if !taken[name] {
			taken[name] = true
			return name
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

// answer is agent ai's customer's answer at t, drawn with rng, with id.
func (c *Center) answer(rng *rand.Rand, ai int, t time.Time, id string) model.Response {
	a := &c.agents[ai]
	qi := a.queue
	if a.also >= 0 && rng.IntN(4) == 0 {
		qi = a.also
	}
	ch := channels[pick(rng, len(channels), func(i int) float64 { return channels[i].share })]
	inc, incident := c.IncidentAt(t)
	latent := queues[qi].mean + a.skill + ch.adjust + sites[a.site].adjust + rng.NormFloat64()*2.6
	incidentHit := incident && inc.queue == qi && rng.Float64() < 0.7
	if incidentHit {
		latent -= 4.5
	}
	score := int(math.Round(math.Max(0, math.Min(10, latent))))
	r := model.Response{
		ID:       id,
		Time:     t,
		Score:    int8(score),
		Queue:    queues[qi].name,
		Agent:    a.name,
		Team:     a.team,
		Channel:  ch.name,
		Site:     sites[a.site].name,
		Customer: fmt.Sprintf("C-%06d", 100000+rng.IntN(900000)),
		Comment:  comment(rng, queues[qi].kind, score, incidentHit, a.name),
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

// Response makes a response answered at t, one at a time (for --count and --rate): the agent
// is one on duty at t if any is, else any agent.
func (c *Center) Response(t time.Time, loc *time.Location) model.Response {
	c.seq++
	rng := c.rng
	slot := c.duty.at(c, t.In(loc))
	ai := rng.IntN(len(c.agents))
	if len(slot.agents) > 0 {
		ai = slot.pick(rng.Float64())
	}
	return c.answer(rng, ai, t, fmt.Sprintf("%s-%07d", c.prefix, c.seq))
}

// VIP reports whether a customer id is one of the center's VIP customers (about 2 %).
func VIP(customer string) bool {
	n, err := strconv.Atoi(strings.TrimPrefix(customer, "C-"))
	return err == nil && n%50 == 7
}

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
