package relay

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	pmodel "github.com/prometheus/common/model"

	"github.com/npsboard/npsboard/feed/prom"
	"github.com/npsboard/npsboard/model"
)

// The relay's /metrics holds its counters and the NPS figures of what it took, for Prometheus'
// parser; a restarted relay's figures start from its journal.
func TestTheRelayServesTheFiguresToPrometheus(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Minute)
	r := startRelay(t, Config{Figures: &prom.Options{Windows: []model.Window{model.Last(time.Hour)}}, Location: time.UTC})
	var body strings.Builder
	for i, score := range []int{10, 9, 9, 3, 7} {
		fmt.Fprintf(&body, `{"id":"r%d","ts":%q,"score":%d,"queue":"Billing","site":"Leeds"}`+"\n", i, now.Add(-time.Duration(i+1)*time.Minute).Format(time.RFC3339), score)
	}
	if code, reply := post(t, r.url("/v1/responses"), "", body.String()); code != 200 || reply.Accepted != 5 {
		t.Fatalf("%d %+v", code, reply)
	}
	scrape := func() (nps, billing, detractors, accepted float64) {
		t.Helper()
		resp, err := httpClient.Get(r.url("/metrics"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		p := expfmt.NewTextParser(pmodel.UTF8Validation)
		fams, err := p.TextToMetricFamilies(resp.Body)
		if err != nil {
			t.Fatalf("Prometheus cannot read /metrics: %v", err)
		}
		get := func(name string, labels map[string]string) float64 {
			for _, m := range fams[name].GetMetric() {
				ok := len(m.GetLabel()) == len(labels)
				for _, l := range m.GetLabel() {
					ok = ok && labels[l.GetName()] == l.GetValue()
				}
				if ok {
					if m.GetGauge() != nil {
						return m.GetGauge().GetValue()
					}
					return m.GetCounter().GetValue()
				}
			}
			t.Fatalf("no %s%v", name, labels)
			return 0
		}
		return get("npsboard_nps", map[string]string{"window": "1h"}),
			get("npsboard_queue_nps", map[string]string{"window": "1h", "queue": "Billing"}),
			get("npsboard_site_responses", map[string]string{"window": "1h", "site": "Leeds", "class": "detractor"}),
			get("npsboard_relay_responses_total", map[string]string{"result": "accepted"})
	}
	// 3 promoters, 1 passive, 1 detractor: (3-1)/5 = +40.
	if nps, billing, det, acc := scrape(); nps != 40 || billing != 40 || det != 1 || acc != 5 {
		t.Errorf("figures %v %v %v, accepted %v", nps, billing, det, acc)
	}
	r.stop()
	r.start()
	if nps, _, det, _ := scrape(); nps != 40 || det != 1 {
		t.Errorf("after a restart: NPS %v, %v detractors at Leeds", nps, det)
	}
}
