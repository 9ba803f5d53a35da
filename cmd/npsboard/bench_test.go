package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/demo"
	"github.com/npsboard/npsboard/feed/state"
	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/tui"
)

var (
	benchFeedOnce sync.Once
	benchFeed     []byte
)

// demoFeed is a month of a simulated center of 960 agents (--scale 4): some 210,000
// responses, made once.
func demoFeed(b *testing.B) []byte {
	benchFeedOnce.Do(func() { benchFeed = demoMonth(b, 4) })
	return benchFeed
}

// demoMonth is November 2026 of the demo center at a scale, as JSON lines.
func demoMonth(b *testing.B, scale int) []byte {
	var buf bytes.Buffer
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	c := demo.New(demo.Options{Seed: 1, Scale: scale})
	if err := c.Span(start, start.AddDate(0, 0, 30), time.UTC, demo.NewWriter(&buf, c, 0).Write); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkReport is `npsboard report --json` over a month of demo responses held in memory:
// decoding, deduplication, aggregation and output. The aim is 2 million lines a second.
func BenchmarkReport(b *testing.B) {
	data := demoFeed(b)
	lines := bytes.Count(data, []byte{'\n'})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		e := &env{stdin: bytes.NewReader(data), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
		if code := run(context.Background(), e, []string{"report", "--file", "-", "--json", "--tz", "UTC"}); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mlines/s")
}

var (
	historyOnce sync.Once
	historyFeed []byte
)

// BenchmarkHistoryLoad loads a month of a center of 2,400 agents (--scale 10: some 500,000
// responses) into the dashboard as it opens a file: the pump, then the board (figures, latest
// responses, alerts and their journal), to the first full screen. README's Performance table
// gives the figures of the binary; this keeps the path measured, allocations included.
func BenchmarkHistoryLoad(b *testing.B) {
	historyOnce.Do(func() { historyFeed = demoMonth(b, 10) })
	b.SetBytes(int64(len(historyFeed)))
	b.ReportAllocs()
	for b.Loop() {
		alerts := model.NewAlerts(model.DefaultRules())
		j, _, err := state.Restore(filepath.Join(b.TempDir(), "s.jsonl"), alerts)
		if err != nil {
			b.Fatal(err)
		}
		rec := state.NewRecorder(j, nil, nil)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { rec.Run(ctx); close(done) }()
		theme, _ := tui.ThemeNamed("dark")
		m := tui.New(nil, tui.Options{Theme: theme, Location: time.UTC, Alerts: alerts, Record: rec.Record})
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		// As the dashboard reads a file: JSON lines into blocks used again (the pump copies what it keeps).
		src := &feed.ReaderSource{Label: "month", Reader: bytes.NewReader(historyFeed), Format: feed.FormatJSONLines, Decoder: &feed.Decoder{Location: time.UTC}, Transient: true}
		feed.NewPump(model.NewDedup()).Run(ctx, src, func(u feed.Update) bool {
			m.Update(toScreen(u))
			return true
		})
		m.View()
		cancel()
		<-done
		j.Close()
	}
}
