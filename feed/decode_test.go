package feed

import (
	"strings"
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
)

var paris, _ = time.LoadLocation("Europe/Paris")

func decode(t *testing.T, line string) (model.Response, Problem) {
	t.Helper()
	d := Decoder{Location: paris}
	var r model.Response
	p := d.DecodeJSON(line, 1, &r)
	return r, p
}

func TestDecodeAcceptsAFullRecord(t *testing.T) {
	r, p := decode(t, `{"id":"r-1","ts":"2026-11-24T09:13:05.123+01:00","score":9,"queue":"billing","agent":"Maya Chen",`+
		`"team":"Aurora","channel":"voice","customer":"C-1","comment":"Quick,\n\"friendly\" \u00e9t\u00e9 \ud83d\ude00","csat":5,"ces":"6","segment":"vip","site":"Leeds"}`)
	if !p.OK() {
		t.Fatal(p)
	}
	want := model.Response{
		ID: "r-1", Time: time.Date(2026, 11, 24, 8, 13, 5, 123e6, time.UTC), Score: 9, CSAT: 5, CES: 6,
		Queue: "billing", Agent: "Maya Chen", Team: "Aurora", Channel: "voice", Customer: "C-1", Segment: "vip", Site: "Leeds",
		Comment: "Quick,\n\"friendly\" été 😀",
	}
	if !r.Time.Equal(want.Time) {
		t.Errorf("time = %v, want %v", r.Time, want.Time)
	}
	r.Time = want.Time
	if r != want {
		t.Errorf("decoded\n %+v\nwant\n %+v", r, want)
	}
}

func TestDecodeFieldForms(t *testing.T) {
	base := func(field string) string {
		fields := map[string]string{"id": `"x"`, "ts": `"2026-11-24T10:00:00Z"`, "score": `5`, "queue": `"q"`}
		name, val, _ := strings.Cut(field, "=")
		fields[name] = val
		var b strings.Builder
		b.WriteString("{")
		for _, k := range []string{"id", "ts", "score", "queue"} {
			if fields[k] != "-" {
				b.WriteString(`"` + k + `":` + fields[k] + ",")
			}
		}
		b.WriteString(`"other":[1,{"a":null}]}`)
		return b.String()
	}
	utc := func(s string) time.Time { t, _ := time.Parse(time.RFC3339Nano, s); return t }
	ok := []struct {
		name, field string
		check       func(model.Response) bool
	}{
		{"a numeric id is taken as its digits", `id=12345678901234567890`, func(r model.Response) bool { return r.ID == "12345678901234567890" }},
		{"an id is trimmed", `id="  r-7 "`, func(r model.Response) bool { return r.ID == "r-7" }},
		{"a score as a string", `score="7"`, func(r model.Response) bool { return r.Score == 7 }},
		{"a score as a padded string", `score=" 10 "`, func(r model.Response) bool { return r.Score == 10 }},
		{"a score of 7.0 is 7", `score=7.0`, func(r model.Response) bool { return r.Score == 7 }},
		{"a score of 1e1 is 10", `score=1e1`, func(r model.Response) bool { return r.Score == 10 }},
		{"a score of -0 is 0", `score=-0`, func(r model.Response) bool { return r.Score == 0 }},
		{"a time without fraction, in UTC", `ts="2026-11-24T10:00:00Z"`, func(r model.Response) bool { return r.Time.Equal(utc("2026-11-24T10:00:00Z")) }},
		{"a time with nanoseconds and an offset, kept to the millisecond", `ts="2026-11-24T10:00:00.123956789-05:30"`, func(r model.Response) bool { return r.Time.Equal(utc("2026-11-24T15:30:00.123Z")) }},
		{"a time without offset is in the display zone", `ts="2026-11-24T10:00:00"`, func(r model.Response) bool { return r.Time.Equal(utc("2026-11-24T09:00:00Z")) }},
		{"a time with a space and a compact offset", `ts="2026-11-24 10:00:00+0100"`, func(r model.Response) bool { return r.Time.Equal(utc("2026-11-24T09:00:00Z")) }},
		{"Unix seconds", `ts=1795514400`, func(r model.Response) bool { return r.Time.Equal(time.Unix(1795514400, 0)) }},
		{"Unix seconds with a fraction", `ts=1795514400.25`, func(r model.Response) bool { return r.Time.Equal(time.Unix(1795514400, 250e6)) }},
		{"Unix milliseconds", `ts=1795514400123`, func(r model.Response) bool { return r.Time.Equal(time.Unix(1795514400, 123e6)) }},
		{"a leap day", `ts="2028-02-29T12:00:00Z"`, func(r model.Response) bool { return r.Time.Equal(utc("2028-02-29T12:00:00Z")) }},
		{"a numeric queue", `queue=42`, func(r model.Response) bool { return r.Queue == "42" }},
	}
	for _, c := range ok {
		t.Run(c.name, func(t *testing.T) {
			r, p := decode(t, base(c.field))
			if !p.OK() {
				t.Fatalf("%s: rejected: %v", base(c.field), p)
			}
			if !c.check(r) {
				t.Errorf("%s: decoded %+v", base(c.field), r)
			}
		})
	}
}

func TestDecodeRejections(t *testing.T) {
	cases := []struct {
		name, line string
		reason     Reason
	}{
		{"truncated JSON", `{"id":"x","ts":"2026-11-24T10:00:00Z","score":5,"queue":"q"`, BadJSON},
		{"trailing garbage", `{"id":"x","ts":"2026-11-24T10:00:00Z","score":5,"queue":"q"} x`, BadJSON},
		{"single quotes", `{'id':'x'}`, BadJSON},
		{"a trailing comma", `{"id":"x",}`, BadJSON},
		{"a raw control character in a string", "{\"id\":\"a\x01b\"}", BadJSON},
		{"a bad escape", `{"id":"a\qb"}`, BadJSON},
		{"a number with a leading zero", `{"score":07}`, BadJSON},
		{"a bare word", `hello`, BadJSON},
		{"an array", `[{"id":"x"}]`, NotObject},
		{"a string", `"just text"`, NotObject},
		{"a number", `42`, NotObject},
		{"null", `null`, NotObject},
		{"no id", `{"ts":"2026-11-24T10:00:00Z","score":5,"queue":"q"}`, MissingField},
		{"a null id", `{"id":null,"ts":"2026-11-24T10:00:00Z","score":5,"queue":"q"}`, MissingField},
		{"an empty id", `{"id":"","ts":"2026-11-24T10:00:00Z","score":5,"queue":"q"}`, MissingField},
		{"an id of only spaces", `{"id":"   ","ts":"2026-11-24T10:00:00Z","score":5,"queue":"q"}`, MissingField},
		{"no ts", `{"id":"x","score":5,"queue":"q"}`, MissingField},
		{"no score", `{"id":"x","ts":"2026-11-24T10:00:00Z","queue":"q"}`, MissingField},
		{"a null score", `{"id":"x","ts":"2026-11-24T10:00:00Z","score":null,"queue":"q"}`, MissingField},
		{"no queue", `{"id":"x","ts":"2026-11-24T10:00:00Z","score":5}`, MissingField},
		{"an empty queue", `{"id":"x","ts":"2026-11-24T10:00:00Z","score":5,"queue":""}`, MissingField},
		{"a queue that is only escape codes", `{"id":"x","ts":"2026-11-24T10:00:00Z","score":5,"queue":"\u001b[31m"}`, MissingField},
		{"a score of 11", `{"id":"x","ts":"2026-11-24T10:00:00Z","score":11,"queue":"q"}`, BadScore},
		{"a negative score", `{"id":"x","ts":"2026-11-24T10:00:00Z","score":-1,"queue":"q"}`, BadScore},
		{"a fractional score", `{"id":"x","ts":"2026-11-24T10:00:00Z","score":7.5,"queue":"q"}`, BadScore},
		{"a score that is a word", `{"id":"x","ts":"2026-11-24T10:00:00Z","score":"seven","queue":"q"}`, BadScore},
		{"an empty score string", `{"id":"x","ts":"2026-11-24T10:00:00Z","score":"","queue":"q"}`, BadScore},
		{"a score of NaN", `{"id":"x","ts":"2026-11-24T10:00:00Z","score":"NaN","queue":"q"}`, BadScore},
		{"a boolean score", `{"id":"x","ts":"2026-11-24T10:00:00Z","score":true,"queue":"q"}`, BadScore},
		{"an empty ts", `{"id":"x","ts":"","score":5,"queue":"q"}`, BadTime},
		{"a date without time", `{"id":"x","ts":"2026-11-24","score":5,"queue":"q"}`, BadTime},
		{"the 31st of November", `{"id":"x","ts":"2026-11-31T10:00:00Z","score":5,"queue":"q"}`, BadTime},
		{"the 29th of February of a common year", `{"id":"x","ts":"2026-02-29T10:00:00Z","score":5,"queue":"q"}`, BadTime},
		{"hour 24", `{"id":"x","ts":"2026-11-24T24:00:00Z","score":5,"queue":"q"}`, BadTime},
		{"a bad offset", `{"id":"x","ts":"2026-11-24T10:00:00+25:00","score":5,"queue":"q"}`, BadTime},
		{"a US date", `{"id":"x","ts":"11/24/2026 10:00","score":5,"queue":"q"}`, BadTime},
		{"a huge Unix number", `{"id":"x","ts":1e300,"score":5,"queue":"q"}`, BadTime},
		{"an object ts", `{"id":"x","ts":{},"score":5,"queue":"q"}`, BadTime},
		{"year 10000 once its offset is applied", `{"id":"y10k","ts":"9999-12-31T23:59:59-23:59","score":5,"queue":"q"}`, BadTime},
		{"the last hour of 9999", `{"id":"x","ts":"9999-12-31T23:00:00Z","score":5,"queue":"q"}`, BadTime},
		{"year 0 ahead of UTC", `{"id":"x","ts":"0000-01-01T00:00:00+00:01","score":5,"queue":"q"}`, BadTime},
		{"before 1970", `{"id":"x","ts":"1969-12-31T23:59:59.999Z","score":5,"queue":"q"}`, BadTime},
		{"after 2199", `{"id":"x","ts":"2200-01-01T00:00:00Z","score":5,"queue":"q"}`, BadTime},
		{"Unix seconds of the year 5138", `{"id":"x","ts":100000000000,"score":5,"queue":"q"}`, BadTime},
		{"negative Unix seconds", `{"id":"x","ts":-1,"score":5,"queue":"q"}`, BadTime},
		{"an id longer than a name may be", `{"id":"` + strings.Repeat("i", model.MaxName+1) + `","ts":"2026-11-24T10:00:00Z","score":5,"queue":"q"}`, TooLong},
		{"a queue of a million characters", `{"id":"x","ts":"2026-11-24T10:00:00Z","score":5,"queue":"` + strings.Repeat("q", 1e6) + `"}`, TooLong},
		{"an agent longer than a name may be", `{"id":"x","ts":"2026-11-24T10:00:00Z","score":5,"queue":"q","agent":"` + strings.Repeat("é", model.MaxName/2+1) + `"}`, TooLong},
		{"the first problem wins: id before score", `{"ts":"2026-11-24T10:00:00Z","score":99,"queue":"q"}`, MissingField},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, p := decode(t, c.line)
			if p.Reason != c.reason {
				t.Errorf("%s: reason %v (%s), want %v", quote(c.line), p.Reason, p.Detail, c.reason)
			}
			if p.Detail == "" {
				t.Error("no detail for people")
			}
		})
	}
}

// Instants are kept in UTC to the millisecond, as every journal writes them, whatever the zone
// they came in and whatever the local zone is.
func TestInstantsAreKeptAsTheyAreWritten(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ ts, want string }{
		{`"2026-11-24T10:00:00.0009Z"`, "2026-11-24T10:00:00.000Z"},
		{`"2199-12-31T23:59:59.999+00:00"`, "2199-12-31T23:59:59.999Z"},
		{`"1970-01-01T09:00:00+09:00"`, "1970-01-01T00:00:00.000Z"},
		{`1795514400123`, "2026-11-24T10:00:00.123Z"},
	} {
		r, p := decode(t, `{"id":"x","ts":`+c.ts+`,"score":5,"queue":"q"}`)
		if !p.OK() {
			t.Fatalf("%s: %v", c.ts, p)
		}
		line := string(AppendJSON(nil, &r))
		if !strings.Contains(line, `"ts":"`+c.want+`"`) || r.Time.Location() != time.UTC {
			t.Errorf("%s is written %s", c.ts, line)
		}
		// A time in another zone (the demo's, say) is written in UTC all the same.
		elsewhere := r
		elsewhere.Time = r.Time.In(tokyo)
		if again := string(AppendJSON(nil, &elsewhere)); again != line {
			t.Errorf("in Tokyo %s is written %s", c.ts, again)
		}
		back, p := decode(t, line)
		if !p.OK() || back != r {
			t.Errorf("%s does not read back the same: %+v, %v", line, back, p)
		}
	}
}

func TestDecodeKeepsTheLastOfARepeatedMember(t *testing.T) {
	r, p := decode(t, `{"id":"x","ts":"2026-11-24T10:00:00Z","score":2,"queue":"q","score":10,"\u0071ueue":"escaped key"}`)
	if !p.OK() || r.Score != 10 || r.Queue != "escaped key" {
		t.Fatalf("got %+v, %v", r, p)
	}
}

func TestDecodeDropsInvalidOptionalFields(t *testing.T) {
	r, p := decode(t, `{"id":"x","ts":"2026-11-24T10:00:00Z","score":2,"queue":"q","agent":{"n":1},"csat":9,"ces":0,"team":true,"channel":7}`)
	if !p.OK() {
		t.Fatal(p)
	}
	if r.Agent != "" || r.Team != "" || r.CSAT != 0 || r.CES != 0 || r.Channel != "7" {
		t.Errorf("got %+v", r)
	}
}

func TestDetailsNeverCarryControlCharacters(t *testing.T) {
	_, p := decode(t, `{"id":"x","ts":"\u001b]0;pwned\u0007","score":5,"queue":"q"}`)
	if p.Reason != BadTime || strings.ContainsAny(p.Detail, "\x1b\x07") {
		t.Fatalf("detail %q", p.Detail)
	}
}

func TestDecodeDoesNotAllocateForPlainLines(t *testing.T) {
	line := `{"id":"r-5f2a-0012345","ts":"2026-11-24T09:13:05.123+01:00","score":9,"queue":"billing","agent":"Maya Chen","team":"Aurora","channel":"voice","customer":"C-88231","comment":"Quick and friendly","csat":5,"ces":6}`
	d := Decoder{Location: time.UTC}
	var r model.Response
	if n := testing.AllocsPerRun(100, func() { d.DecodeJSON(line, 1, &r) }); n != 0 {
		t.Fatalf("DecodeJSON allocated %v times", n)
	}
}
