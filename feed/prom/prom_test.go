package prom

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/npsboard/npsboard/feed/prom/promtest"
	"github.com/npsboard/npsboard/model"
)

var at = time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)

func resp(id string, ago time.Duration, score int, queue, agent, site string) model.Response {
	return model.Response{ID: id, Time: at.Add(-ago), Score: int8(score), Queue: queue, Agent: agent, Site: site}
}

// parse reads what Write wrote with Prometheus' own parser.
func parse(t *testing.T, text string) map[string]*dto.MetricFamily {
	t.Helper()
	return promtest.Parse(t, strings.NewReader(text))
}

var value = promtest.Value

func TestFiguresAreReadByPrometheus(t *testing.T) {
	agg := model.NewAggregator(model.Retention{})
	odd := `Cancel "now"\ or \n never`
	rs := []model.Response{
		// The last hour: Billing 2 promoters, 1 detractor; the odd queue 1 passive.
		resp("a", 10*time.Minute, 10, "Billing", "ana", "Leeds"),
		resp("b", 20*time.Minute, 9, "Billing", "ana", "Leeds"),
		resp("c", 30*time.Minute, 3, "Billing", "ben", "Porto"),
		resp("d", 40*time.Minute, 7, odd, "ben", "Porto"),
		// Earlier today: one detractor more.
		resp("e", 5*time.Hour, 0, "Billing", "cy", "Leeds"),
	}
	for i := range rs {
		agg.Add(&rs[i])
	}
	var b strings.Builder
	if err := Write(&b, agg, at, Options{Windows: []model.Window{model.Last(time.Hour), model.Today()}, Location: time.UTC}); err != nil {
		t.Fatal(err)
	}
	fams := parse(t, b.String())
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		// 4 answers in the hour: 2 promoters, 1 passive, 1 detractor: (2-1)/4 = +25.
		{"npsboard_nps", []string{"window", "1h"}, 25},
		// 5 today: (2-2)/5 = 0.
		{"npsboard_nps", []string{"window", "today"}, 0},
		{"npsboard_responses", []string{"window", "today", "class", "detractor"}, 2},
		{"npsboard_queue_nps", []string{"window", "1h", "queue", "Billing"}, 100.0 / 3},
		{"npsboard_queue_responses", []string{"window", "1h", "queue", odd, "class", "passive"}, 1},
		{"npsboard_queue_nps", []string{"window", "1h", "queue", odd}, 0},
		{"npsboard_site_responses", []string{"window", "today", "site", "Leeds", "class", "promoter"}, 2},
		{"npsboard_site_nps", []string{"window", "today", "site", "Porto"}, -50},
		{"npsboard_last_response_timestamp_seconds", nil, float64(at.Add(-10 * time.Minute).Unix())},
	} {
		if got := value(fams, c.name, c.labels...); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	// The interval is the one every screen shows, around the NPS.
	f := agg.Figures(model.Group{Dim: model.Overall}, model.Last(time.Hour), at, time.UTC, 0, 0)
	if lo, hi := value(fams, "npsboard_nps_ci95_lower", "window", "1h"), value(fams, "npsboard_nps_ci95_upper", "window", "1h"); lo != f.CI.Lo || hi != f.CI.Hi || !(lo < 25 && 25 < hi) {
		t.Errorf("the interval is %v..%v, the screen's %v", lo, hi, f.CI)
	}
	// A queue with no answer in the window has counts of zero and no NPS; agents only when asked.
	if got := value(fams, "npsboard_site_nps", "window", "1h", "site", "Nowhere"); !math.IsNaN(got) {
		t.Errorf("a site that does not exist has an NPS: %v", got)
	}
	for name, fam := range fams {
		if strings.HasPrefix(name, "npsboard_agent") {
			t.Errorf("agents were not asked for, and %s has %d series", name, len(fam.Metric))
		}
		if fam.GetType() != dto.MetricType_GAUGE {
			t.Errorf("%s is a %v", name, fam.GetType())
		}
	}
}

func TestAgentsAreWrittenWhenAskedAndCapped(t *testing.T) {
	agg := model.NewAggregator(model.Retention{})
	n := 0
	for a := range 30 {
		for range a + 1 { // agent a has a+1 answers: the busiest are the last
			r := resp(fmt.Sprint(n), time.Duration(n)*time.Second, 10, "Sales", fmt.Sprintf("agent%02d", a), "")
			agg.Add(&r)
			n++
		}
	}
	var b strings.Builder
	Write(&b, agg, at, Options{Agents: true, MaxAgents: 10, Windows: []model.Window{model.Last(time.Hour)}})
	fams := parse(t, b.String())
	if got := len(fams["npsboard_agent_nps"].GetMetric()); got != 10 {
		t.Errorf("%d agents written, want the 10 busiest", got)
	}
	if v := value(fams, "npsboard_agent_nps", "window", "1h", "queue", "Sales", "agent", "agent29"); v != 100 {
		t.Errorf("the busiest agent: %v", v)
	}
	if v := value(fams, "npsboard_agent_nps", "window", "1h", "queue", "Sales", "agent", "agent05"); !math.IsNaN(v) {
		t.Errorf("a quiet agent past the cap was written: %v", v)
	}
	if v := value(fams, "npsboard_agents_omitted"); v != 20 {
		t.Errorf("omitted %v, want 20", v)
	}
}

func TestParseWindows(t *testing.T) {
	if w, err := ParseWindows("1h, today,30d,1h"); err != nil || len(w) != 3 {
		t.Errorf("%v %v", w, err)
	}
	for _, bad := range []string{"", "1h,nope", "15m,1h,4h,today,yesterday,7d,30d,week,month"} {
		if _, err := ParseWindows(bad); err == nil {
			t.Errorf("took %q", bad)
		}
	}
}
