// Package promtest reads what npsboard serves to Prometheus with Prometheus' own parser, for the
// tests of the packages that serve it (feed/prom, the relay, the exporter).
package promtest

import (
	"io"
	"math"
	"net/http"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	pmodel "github.com/prometheus/common/model"
)

// Parse reads text exposition, failing t when Prometheus cannot.
func Parse(t testing.TB, r io.Reader) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(pmodel.UTF8Validation)
	fams, err := p.TextToMetricFamilies(r)
	if err != nil {
		t.Fatalf("Prometheus cannot read it: %v", err)
	}
	return fams
}

// Scrape gets url with client (http.DefaultClient when nil) and parses what it serves.
func Scrape(t testing.TB, client *http.Client, url string) map[string]*dto.MetricFamily {
	t.Helper()
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return Parse(t, resp.Body)
}

// Value is the sample, gauge or counter, of the family name with exactly these labels (name,
// value, name, value…); NaN when there is none.
func Value(fams map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	for _, m := range fams[name].GetMetric() {
		match := len(m.GetLabel()) == len(labels)/2
		for _, l := range m.GetLabel() {
			found := false
			for i := 0; i+1 < len(labels); i += 2 {
				found = found || labels[i] == l.GetName() && labels[i+1] == l.GetValue()
			}
			match = match && found
		}
		if match {
			if g := m.GetGauge(); g != nil {
				return g.GetValue()
			}
			return m.GetCounter().GetValue()
		}
	}
	return math.NaN()
}
