package feed

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
)

var quickSeeds = []string{
	`{"id":"r-1","ts":"2026-11-24T09:13:05.123Z","score":9,"queue":"billing","agent":"Maya","comment":"ok"}`,
	`{"id":"a\"b","ts":"2026-11-24T09:13:05Z","score":9,"queue":"q"}`,                // an escaped quote
	`{"id":"a","ts":"2026-11-24T09:13:05Z","score":9,"queue":"q\u0001"}`,             // an escape
	"{\"id\":\"a\",\"ts\":\"2026-11-24T09:13:05Z\",\"score\":9,\"queue\":\"q\x01\"}", // a raw control
	"{\"id\":\"a\",\"ts\":\"2026-11-24T09:13:05Z\",\"score\":9,\"queue\":\"q\x7f\"}", // DEL
	`{"id":"a","ts":"2026-11-24T09:13:05Z","score":9,"queue":"Müller"}`,
	`{"id":"#","ts":"2026-11-24T09:13:05Z","score":9,"queue":"\"#"}`, // a quote then '#', hasByte's false twin
	`{"id":"a", "score":9}`, `{"id":"a","score":9} `, `{"id":"a","score":[9]}`, `{"id":"a","score":09}`,
	`{"a":true,"b":false,"c":null,"d":-0.5e+3}`, `{"a":tru}`, `{"a":"x"}}`, `{"a":"x",}`, `{"a""x"}`,
	`{"":1}`, `{"a":1,"a":"two"}`, `{"score":9}`, `{"comment":"  padded  "}`, `{"x":"`, `{"x":"}`,
	`{"id":"12345678","queue":"1234567"}`, `{"ab":"cd"ef"}`, `{"a":1}{"b":2}`, `{"a":"\\"}`,
}

// Whatever the quick path takes is valid JSON, an object, and read exactly as the general
// scanner reads it; texts it marks plain are printable ASCII.
func FuzzQuickJSON(f *testing.F) {
	for _, s := range append(quickSeeds, jsonSeeds...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		var quick fields
		if !quick.quick(line) {
			return
		}
		if !json.Valid([]byte(line)) {
			t.Fatalf("%q: the quick path took it, json.Valid refuses it", line)
		}
		var general fields
		if valid, object := (&Decoder{}).scanFields(line, &general); !valid || !object {
			t.Fatalf("%q: the quick path took it, the scanner says valid %v, object %v", line, valid, object)
		}
		for x := range numFields {
			q, g := *quick.at(x), *general.at(x)
			if q.plain && (q.kind != kString || strings.ContainsFunc(q.text, func(r rune) bool { return r < 0x20 || r >= 0x7f || r == '\\' })) {
				t.Fatalf("%q: field %d marked plain: %+v", line, x, q)
			}
			q.plain = false
			if q != g {
				t.Fatalf("%q: field %d: quick %+v, general %+v", line, x, q, g)
			}
		}
		if quick.seq != general.seq {
			t.Fatalf("%q: seq: quick %+v, general %+v", line, quick.seq, general.seq)
		}
	})
}

// The quick path takes what npsboard writes and what compact feeds send, and refuses what it
// must leave to the general scanner.
func TestQuickPathTakesCompactLines(t *testing.T) {
	r := model.Response{ID: "1-0012345", Time: time.Date(2026, 11, 24, 9, 13, 5, 123e6, time.UTC), Score: 9, CSAT: 5, CES: 6,
		Queue: "Tech Support", Agent: "Maya Chen", Team: "Aurora", Channel: "voice", Customer: "C-88231",
		Site: "Leeds", Segment: "vip", Comment: "Really helpful, explained everything clearly"}
	var f fields
	for _, line := range []string{string(AppendJSON(nil, &r)), string(AppendJSONSeq(nil, 7, r.Time, &r)), benchLine} {
		if f = (fields{}); !f.quick(line) {
			t.Errorf("the quick path refuses %s", line)
		}
	}
	if f.comment.text != "Really helpful, explained everything clearly" || !f.comment.plain || f.score.text != "9" || f.score.kind != kNumber {
		t.Errorf("the quick path read %+v", f)
	}
	for _, line := range []string{`{"id":"x", "score":1}`, `{"id":"x\n","score":1}`, `{"id":"x\"","score":1}`, `{"id":[1],"score":1}`, "{\"id\":\"x\",\"score\":1}\r"} {
		if f = (fields{}); f.quick(line) {
			t.Errorf("the quick path takes %q", line)
		}
	}
	if f = (fields{}); !f.quick(`{"id":"Müller","score":1}`) || f.id.plain || f.id.text != "Müller" {
		t.Errorf("a name past ASCII: %+v", f.id)
	}
	if f = (fields{}); !f.quick(`{"queue":"Billing and payments","agent":"Zoë Brennan-Smythe"}`) || !f.queue.plain || f.agent.plain {
		t.Errorf("ASCII, then past it: queue %+v, agent %+v", f.queue, f.agent)
	}
}
