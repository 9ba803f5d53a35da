package feed

import (
	"fmt"
	"testing"
	"time"

	"github.com/gorilla/websocket"

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

// BenchmarkWSDecode decodes relay messages of 256 lines, as a dashboard's websocket client does.
func BenchmarkWSDecode(b *testing.B) {
	var msg []byte
	for i := range 256 {
		msg = append(msg, fmt.Sprintf(`{"seq":%d,"recv":"2026-11-24T10:00:00.000Z",`, i+1)...)
		msg = append(msg, benchLine[1:]...)
		msg = append(msg, '\n')
	}
	s := &WSSource{Decoder: &Decoder{Location: time.UTC}}
	var batch Batch
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		batch.reset()
		s.decodeMessage(websocket.TextMessage, msg, &batch)
		if len(batch.Responses) != 256 {
			b.Fatal(batch.Rejects)
		}
	}
	b.ReportMetric(256*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mlines/s")
}
