package state

import (
	"testing"

	"github.com/npsboard/npsboard/model"
)

// A state journal's line, whatever it holds, is an event or an error, never a panic; an
// event read that the journal can write is written so that it reads back the same.
func FuzzStateLine(f *testing.F) {
	f.Add(`{"raise":{"id":"r:1","rule":"detractor","severity":"high","queue":"Q","raised_at":"2026-11-24T09:00:00Z","response":{"id":"1","ts":"2026-11-24T09:00:00Z","score":2,"queue":"Q"}}}`)
	f.Add(`{"raise":{"id":"s:1","rule":"streak","severity":"medium","queue":"Q","agent":"A","reason":"3 in a row","raised_at":"2026-11-24T09:00:00.123456789+05:30","due":"2026-11-25T09:00:00Z"}}`)
	f.Add(`{"raise":{"id":"r:y","rule":"detractor","severity":"high","queue":"Q","raised_at":"9999-12-31T23:59:59-23:59"}}`)
	f.Add(`{"raise":{"id":"spike:Q:1","rule":"spike","severity":"high","queue":"Q","raised_at":"2026-11-24T09:00:00Z","facts":{"window":"15m","n":12,"share":41.66666666666667,"before":10,"baseline":"1h"}}}`)
	f.Add(`{"clear":{"alert":"below_target:Q:1","at":"2026-11-24T09:00:00Z","facts":{"window":"1h","none":true,"target":20}}}`)
	f.Add(`{"raise":{"id":"r:v","rule":"detractor","severity":"high","queue":"Q","raised_at":"2026-11-24T09:00:00Z","facts":{"vip":true,"span":"bogus"}}}`)
	f.Add(`{"clear":{"alert":"spike:Q:1","at":"2026-11-24T09:00:00Z","why":"back to normal"}}`)
	f.Add(`{"action":"reopen","alert":"r:1","by":"ana","at":"2026-11-24T09:00:00Z"}`)
	f.Add(`{"action":"resolve","alert":"r:1","by":"ana","at":"9999-12-31T23:59:59Z","note":"forged"}`)
	f.Add(`{"raise":{"severity":"urgent"}}`)
	f.Add(`{"join":{"alert":"r:1","rule":"keyword","severity":"high","facts":{"keyword":"refund"},"response":{"id":"2","ts":"2026-11-24T10:00:00Z","score":5,"queue":"Q","customer":"C-7","comment":"refund"}}}`)
	f.Add(`{"join":{"alert":"r:1","rule":"streak","severity":"low","response":{"id":"2","ts":"2026-11-24T10:00:00Z","score":5,"queue":"Q"}}}`)
	f.Fuzz(func(t *testing.T, line string) {
		ev, err := parseStateLine(line)
		if err != nil {
			return
		}
		buf, ok := appendStateLine(nil, ev)
		if !ok || len(buf) == 0 {
			return
		}
		back, err := parseStateLine(string(buf))
		if err != nil {
			t.Fatalf("%q: written again as %q, which does not read: %v", line, buf, err)
		}
		again, _ := appendStateLine(nil, back)
		if string(again) != string(buf) {
			t.Fatalf("%q: written as %q, read back and written as %q", line, buf, again)
		}
		if ev.Raised != nil && (back.Raised == nil || back.Raised.ID != ev.Raised.ID || !back.Raised.RaisedAt.Equal(ev.Raised.RaisedAt) ||
			back.Raised.Severity != ev.Raised.Severity || !sameResponse(back.Raised.Response, ev.Raised.Response) ||
			back.Raised.Figures() != ev.Raised.Figures() || back.Raised.Why() != ev.Raised.Why()) {
			t.Fatalf("%q: read back as %+v", line, back.Raised)
		}
		if ev.Cleared != nil && (back.Cleared == nil || back.Cleared.Facts != ev.Cleared.Facts || back.Cleared.Why != ev.Cleared.Why) {
			t.Fatalf("%q: the clearing read back as %+v", line, back.Cleared)
		}
		if ev.Joined != nil && (back.Joined == nil || back.Joined.Alert != ev.Joined.Alert || back.Joined.Rule != ev.Joined.Rule ||
			back.Joined.Severity != ev.Joined.Severity || back.Joined.Facts != ev.Joined.Facts || !sameResponse(back.Joined.Response, ev.Joined.Response)) {
			t.Fatalf("%q: the join read back as %+v", line, back.Joined)
		}
		if ev.Action != nil && (back.Action == nil || *back.Action != *ev.Action) {
			t.Fatalf("%q: the action read back as %+v", line, back.Action)
		}
	})
}

func sameResponse(a, b *model.Response) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}
