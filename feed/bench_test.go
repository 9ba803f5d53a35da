package feed

import (
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
)

// A typical line of the demo feed.
const benchLine = `{"id":"1-0012345","ts":"2026-11-24T09:13:05.123+01:00","score":9,"queue":"Tech Support","agent":"Maya Chen","team":"Aurora","channel":"voice","customer":"C-88231","comment":"Really helpful, explained everything clearly","csat":5,"ces":6}`

func BenchmarkDecodeJSON(b *testing.B) {
	d := Decoder{Location: time.UTC}
	var r model.Response
	b.SetBytes(int64(len(benchLine)))
	b.ReportAllocs()
	for b.Loop() {
		if p := d.DecodeJSON(benchLine, 1, &r); !p.OK() {
			b.Fatal(p)
		}
	}
}
