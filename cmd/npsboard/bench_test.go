package main

import (
	"bytes"
	"context"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/npsboard/npsboard/feed/demo"
)

var (
	benchFeedOnce sync.Once
	benchFeed     []byte
)

// demoFeed is a month of a simulated center of 960 agents (--scale 4): some 210,000
// responses, made once.
func demoFeed(b *testing.B) []byte {
	benchFeedOnce.Do(func() {
		var buf bytes.Buffer
		start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		c := demo.New(demo.Options{Seed: 1, Scale: 4})
		if err := c.Span(start, start.AddDate(0, 0, 30), time.UTC, demo.NewWriter(&buf, c, 0).Write); err != nil {
			b.Fatal(err)
		}
		benchFeed = buf.Bytes()
	})
	return benchFeed
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
