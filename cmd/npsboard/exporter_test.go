package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/npsboard/npsboard/feed/prom/promtest"
)

func scrapeMetrics(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	return promtest.Scrape(t, nil, url)
}

func labelOf(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}

// The exporter serves a file's figures to Prometheus: per queue, what report says of the same
// window; the feed's counts; and agents only when asked.
func TestTheExporterServesWhatReportSays(t *testing.T) {
	dir := t.TempDir()
	start := time.Now().UTC().AddDate(0, 0, -2).Format(time.DateOnly)
	_, day, _ := runCLI(t, "", "demo", "--count", "4000", "--start", start, "--seed", "3", "--tz", "UTC", "--dirty", "0.02")
	file := filepath.Join(dir, "day.jsonl")
	os.WriteFile(file, []byte(day), 0o644)
	_, want, _ := runCLI(t, "", "report", "--file", file, "--json", "--tz", "UTC", "--window", "7d", "--at", time.Now().UTC().Format(time.RFC3339))
	rep := decodeReport(t, want)

	for _, agents := range []bool{false, true} {
		addr := freeAddr(t)
		args := []string{"exporter", "--file", file, "--tz", "UTC", "--metrics-windows", "7d,1h", "--listen", addr}
		if agents {
			args = append(args, "--metrics-agents", "--metrics-max-agents", "25")
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int, 1)
		go func() {
			var out bytes.Buffer
			done <- run(ctx, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &out, getenv: func(string) string { return "" }}, args)
		}()
		waitListening(t, addr)
		var fams map[string]*dto.MetricFamily
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			fams = scrapeMetrics(t, "http://"+addr+"/metrics")
			var accepted float64
			for _, m := range fams["npsboard_records_total"].GetMetric() {
				if labelOf(m, "result") == "accepted" {
					accepted = m.GetCounter().GetValue()
				}
			}
			if int64(accepted) == rep.Feed.Accepted || time.Now().After(deadline) {
				break
			}
		}
		perQueue := map[string]float64{}
		for _, m := range fams["npsboard_queue_responses"].GetMetric() {
			if labelOf(m, "window") == "7d" {
				perQueue[labelOf(m, "queue")] += m.GetGauge().GetValue()
			}
		}
		if len(perQueue) != len(rep.Groups) {
			t.Errorf("%d queues on /metrics, report has %d", len(perQueue), len(rep.Groups))
		}
		for _, g := range rep.Groups {
			if perQueue[g.Queue] != float64(g.stat.Responses) {
				t.Errorf("%s: %v responses on /metrics, report %d", g.Queue, perQueue[g.Queue], g.stat.Responses)
			}
		}
		var rejected float64
		for _, m := range fams["npsboard_rejected_total"].GetMetric() {
			rejected += m.GetCounter().GetValue()
		}
		if int64(rejected) != rep.Feed.Rejected || rep.Feed.Rejected == 0 {
			t.Errorf("%v rejected on /metrics, report %d", rejected, rep.Feed.Rejected)
		}
		if n := len(fams["npsboard_agent_nps"].GetMetric()); agents != (n > 0) || n > 2*25 {
			t.Errorf("agents asked %v: %d agent series", agents, n)
		}
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("the exporter exited %d", code)
		}
	}
	for _, bad := range [][]string{{"exporter"}, {"exporter", "--file", file, "--metrics-windows", "1h,forever"}, {"exporter", "--file", file, "--metrics-max-agents", "0"}, {"exporter", "--file", file, "--listen", "nowhere"}} {
		if code, _, _ := runCLI(t, "", bad...); code != exitUsage {
			t.Errorf("%q exited %d", bad, code)
		}
	}
}
