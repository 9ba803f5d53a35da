package feed

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
)

// accounted checks the accounting invariant of a stream read to its end: every record is
// accepted, a duplicate or rejected, and every batch says so of itself.
func accounted(t *testing.T, read func(fn func(*Batch) error) error) Counts {
	t.Helper()
	in := NewIntake(model.NewDedup())
	err := read(func(b *Batch) error {
		if b.Records != int64(len(b.Responses)+len(b.Rejects)) {
			t.Fatalf("batch of %d records has %d responses and %d rejects", b.Records, len(b.Responses), len(b.Rejects))
		}
		for _, rj := range b.Rejects {
			if rj.Reason.String() == "" || len(rj.Raw) > RawLimit {
				t.Fatalf("reject %+v: no reason, or too much of the record kept", rj)
			}
		}
		return in.Take(b, func(r *model.Response) {
			for _, s := range []string{r.ID, r.Queue, r.Agent, r.Team, r.Channel, r.Customer, r.Segment} {
				checkClean(t, s, false)
			}
			checkClean(t, r.Comment, true)
			checkRoundTrip(t, "a record", r)
		})
	})
	if err != nil && !strings.Contains(err.Error(), "header") {
		t.Fatalf("a stream of records failed: %v", err)
	}
	c := in.Counts
	if c.Records != c.Accepted+c.Duplicates+c.Rejected {
		t.Fatalf("counts %+v do not add up", c)
	}
	return c
}

// Whatever a CSV stream holds, every record is accounted for, its text is clean, and nothing
// panics; the header alone may be refused, with an error.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("id,ts,score,queue,comment\nr1,2026-11-24T09:00:00Z,9,Billing,ok\nr1,2026-11-24T09:00:00Z,9,Billing,dup\n"), byte(','))
	f.Add([]byte("id;ts;score;queue\n\"a;b\";2026-11-24T09:00:00Z;x;q\n;;;\n"), byte(';'))
	f.Add([]byte("\ufeffscore,queue,ts\n10,\"\x1b]0;t\x07\",2026-11-24 10:00\n\"unclosed\n"), byte(','))
	f.Fuzz(func(t *testing.T, data []byte, comma byte) {
		if comma == '"' || comma == '\n' || comma == '\r' || comma >= 0x80 || comma == 0 {
			comma = ','
		}
		accounted(t, func(fn func(*Batch) error) error {
			return ReadCSV(context.Background(), bytes.NewReader(data), &Decoder{}, CSVOptions{Comma: comma}, fn)
		})
	})
}

// A mapped source (a webhook's body, with nested paths) obeys the same rules as a plain one.
func FuzzMappedJSON(f *testing.F) {
	m, err := NewMapping(map[string]string{"id": "response.id", "ts": "submitted", "score": "answers.nps", "queue": "meta.queue",
		"agent": "meta.agent.name", "comment": "answers.text", "segment": "customer.tier"}, "", time.UTC)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(`{"response":{"id":"a1"},"submitted":"2026-11-24T09:00:00Z","answers":{"nps":"7","text":"fine"},"meta":{"queue":"Q","agent":{"name":"Zoe"}}}`)
	f.Add(`{"response":{"id":5},"submitted":1795514400,"answers":{"nps":11},"meta":{"queue":["Q"]}}`)
	f.Add(`{"response":null,"answers":{"nps":3},"meta":{"queue":"\u009b2J"},"customer":{"tier":"vip"}}`)
	f.Fuzz(func(t *testing.T, line string) {
		var r model.Response
		p := (&Decoder{Mapping: m}).DecodeJSON(line, 1, &r)
		if (p.Reason == BadJSON) == json.Valid([]byte(line)) {
			t.Fatalf("%q: reason %v, json.Valid disagrees", line, p.Reason)
		}
		if p.OK() && (r.Queue == "" || r.Score < 0 || r.Score > 10 || r.Time.IsZero()) {
			t.Fatalf("%q: accepted %+v", line, r)
		}
		for _, s := range []string{r.ID, r.Queue, r.Agent, r.Segment} {
			checkClean(t, s, false)
		}
		checkClean(t, r.Comment, true)
		if p.OK() {
			checkRoundTrip(t, line, &r) // written in the canonical names, read back the same
		}
	})
}

// What a relay or a websocket receives: a body of records, some of them actions. Splitting
// never panics; each record is then an action or a response, taken or rejected with a
// reason; an action taken is whole and clean.
func FuzzRequestBody(f *testing.F) {
	f.Add(`{"id":"1","ts":"2026-11-24T09:00:00Z","score":9,"queue":"q"}` + "\n" + `{"action":"acknowledge","alert":"r:1","by":"ana","at":"2026-11-24T09:00:00Z"}`)
	f.Add(`[{"action":"assign","alert":"r:1","by":"ana","at":"2026-11-24T09:00:00Z","owner":"\u001b[2Jbob"},{"seq":3}]`)
	f.Add(`{"action":"resolve","alert":"r:1","by":"ana","at":"yesterday","note":"x"}`)
	f.Add(`{"action":"resolve","alert":"r:1","by":"ana","at":"9999-12-31T23:59:59-23:59","note":"forged"}`)
	f.Add(`{"action":"frobnicate","alert":"r:1","by":"ana","at":"2026-11-24T09:00:00Z"}`)
	f.Add("[oops\n" + `{"id":"1","ts":"2026-11-24T09:00:00Z","score":9,"queue":"q"}`)
	f.Add("[1,\n2")
	f.Fuzz(func(t *testing.T, body string) {
		for _, item := range SplitRecords(body) {
			if !IsAction(item) {
				var r model.Response
				if p := (&Decoder{}).DecodeJSON(item, 1, &r); !p.OK() && p.Reason.String() == "" {
					t.Fatalf("%q: rejected without a reason", item)
				}
				continue
			}
			a, _, err := ParseAction(item)
			if err != nil {
				var p Problem
				if !errors.As(err, &p) || p.Reason.String() == "" {
					t.Fatalf("%q: refused without a reason: %v", item, err)
				}
				continue
			}
			if a.Check() != nil {
				t.Fatalf("%q: took an action that fails its check", item)
			}
			written := string(AppendActionJSON(nil, 7, a.At, &a))
			if back, seq, err := ParseAction(written); err != nil || seq != 7 || back != a {
				t.Fatalf("%q: written as %s, read back as %+v, %d, %v", item, written, back, seq, err)
			}
			for _, s := range []string{a.Alert, a.By, a.Owner} {
				checkClean(t, s, false)
			}
			checkClean(t, a.Note, true)
		}
	})
}

// A reader that skips text fields it does not use decides every record as one that keeps them
// all: the same reason, the same fields kept.
func FuzzDecodeSkippingFields(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	long := strings.Repeat("é", 90) // 180 bytes raw: under the limit; but \xff bytes triple
	f.Add(`{"id":"a","ts":"2026-11-24T10:00:00Z","score":9,"queue":"q","agent":"` + long + `"}`)
	f.Add(`{"id":"a","ts":"2026-11-24T10:00:00Z","score":9,"queue":"q","team":"` + strings.Repeat("\xff", 90) + `"}`)
	f.Add(`{"id":"a","ts":"2026-11-24T10:00:00Z","score":9,"queue":"q","site":"` + strings.Repeat("x", 300) + `"}`)
	all := FieldsOf(FieldAgent, FieldTeam, FieldChannel, FieldCustomer, FieldSegment, FieldSite, FieldComment)
	f.Fuzz(func(t *testing.T, line string) {
		var full, lean model.Response
		pf := (&Decoder{}).DecodeJSON(line, 1, &full)
		pl := (&Decoder{Skip: all}).DecodeJSON(line, 1, &lean)
		if pf.Reason != pl.Reason {
			t.Fatalf("%q: %v keeping every field, %v skipping some", line, pf, pl)
		}
		if pf.OK() && (full.ID != lean.ID || !full.Time.Equal(lean.Time) || full.Score != lean.Score || full.Queue != lean.Queue ||
			full.CSAT != lean.CSAT || full.CES != lean.CES || lean.Agent != "" && lean.Agent != full.Agent || lean.Comment != "") {
			t.Fatalf("%q: kept %+v, skipping %+v", line, full, lean)
		}
	})
}
