package feed

import (
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
)

func TestMappedJSON(t *testing.T) {
	delighted, err := NewMapping(map[string]string{
		"id": "event_data.id", "ts": "event_data.created_at", "score": "event_data.score",
		"queue": "event_data.person_properties.Queue", "customer": "event_data.person.email", "comment": "event_data.comment",
	}, LayoutUnix, nil)
	if err != nil {
		t.Fatal(err)
	}
	renamed, err := NewMapping(map[string]string{"id": "ResponseId", "ts": "EndDate", "score": "Q1", "queue": "Queue"}, "2006-01-02 15:04:05", mustZone(t, "America/New_York"))
	if err != nil {
		t.Fatal(err)
	}
	noID, _ := NewMapping(map[string]string{"id": ""}, LayoutUnixMS, nil)
	cases := []struct {
		name   string
		m      *Mapping
		line   string
		check  func(r model.Response) bool
		reason Reason
	}{
		{"a webhook body", delighted,
			`{"event_type":"survey_response.created","event_data":{"id":"123","created_at":1795514400,"score":"3","comment":"slow",` +
				`"person":{"email":"a@b.c"},"person_properties":{"Queue":"Billing"}}}`,
			func(r model.Response) bool {
				return r.ID == "123" && r.Time.Equal(time.Unix(1795514400, 0)) && r.Score == 3 && r.Queue == "Billing" && r.Customer == "a@b.c" && r.Comment == "slow"
			}, 0},
		{"a webhook body without the queue", delighted, `{"event_data":{"id":"1","created_at":1795514400,"score":3}}`, nil, MissingField},
		{"a webhook body whose path meets a string", delighted, `{"event_data":"oops"}`, nil, MissingField},
		{"a webhook body that is cut", delighted, `{"event_data":{"id":"1"`, nil, BadJSON},
		{"a webhook body that is an array", delighted, `[{"event_data":{}}]`, nil, NotObject},
		{"renamed keys with a Go layout in a zone", renamed, `{"ResponseId":"R_1","EndDate":"2026-11-24 09:00:00","Q1":"10","Queue":"Sales","id":"ignored"}`,
			func(r model.Response) bool {
				return r.ID == "R_1" && r.Time.Equal(time.Date(2026, 11, 24, 14, 0, 0, 0, time.UTC)) && r.Score == 10
			}, 0},
		{"a time in another layout", renamed, `{"ResponseId":"R_1","EndDate":"2026-11-24T09:00:00Z","Q1":"10","Queue":"Sales"}`, nil, BadTime},
		{"no ids: named after the position", noID, `{"ts":1795514400123,"score":9,"queue":"Q"}`,
			func(r model.Response) bool { return r.ID == "hook:7" && r.Time.Equal(time.Unix(1795514400, 123e6)) }, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := Decoder{Mapping: c.m, Source: "hook"}
			var r model.Response
			p := d.DecodeJSON(c.line, 7, &r)
			if p.Reason != c.reason {
				t.Fatalf("reason %v (%s), want %v", p.Reason, p.Detail, c.reason)
			}
			if c.check != nil && !c.check(r) {
				t.Errorf("decoded %+v", r)
			}
		})
	}
}

func TestBadMappings(t *testing.T) {
	if _, err := NewMapping(map[string]string{"scroe": "x"}, "", nil); err == nil {
		t.Error("an unknown field was taken")
	}
	if _, err := NewMapping(map[string]string{"queue": ""}, "", nil); err == nil {
		t.Error("a required field mapped to nothing was taken")
	}
	for _, layout := range []string{"yesterday", "2006-01-02", "15:04"} {
		if err := CheckLayout(layout); err == nil {
			t.Errorf("layout %q was taken", layout)
		}
	}
	for _, layout := range []string{"", "rfc3339", "unix", "unixms", "02/01/2006 15:04", "1/2/06 15:04", time.RFC1123} {
		if err := CheckLayout(layout); err != nil {
			t.Errorf("layout %q: %v", layout, err)
		}
	}
}
