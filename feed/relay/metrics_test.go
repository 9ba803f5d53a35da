package relay

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/npsboard/npsboard/feed/prom"
	"github.com/npsboard/npsboard/feed/prom/promtest"
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
		fams := promtest.Scrape(t, httpClient, r.url("/metrics"))
		get := func(name string, labels ...string) float64 {
			v := promtest.Value(fams, name, labels...)
			if math.IsNaN(v) {
				t.Fatalf("no %s%v", name, labels)
			}
			return v
		}
		return get("npsboard_nps", "window", "1h"),
			get("npsboard_queue_nps", "window", "1h", "queue", "Billing"),
			get("npsboard_site_responses", "window", "1h", "site", "Leeds", "class", "detractor"),
			get("npsboard_relay_responses_total", "result", "accepted")
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
