package feed

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/npsboard/npsboard/model"
)

var jsonSeeds = []string{
	`{"id":"r-1","ts":"2026-11-24T09:13:05.123+01:00","score":9,"queue":"billing","agent":"Maya","comment":"ok"}`,
	`{"id":7,"ts":1795514400123,"score":"10","queue":"q"}`,
	`{"id":"x","ts":"2026-11-24 10:00:00","score":7.0,"queue":"\u00e9\ud83d\ude00"}`,
	`{"id":"x","ts":"2026-11-24T10:00:00Z","score":1e1,"queue":"q","extra":[{"a":[null,true,false,-0.5e-3]}]}`,
	`{"id":"\u001b]0;t\u0007","ts":"2026-11-24T10:00:00Z","score":0,"queue":"\u202eq"}`,
	`[1,2,3]`, `"s"`, `-0`, `{}`, `{"a":}`, `{"a":1,}`, `{"a" 1}`, `nul`, `{"\ud800":"\udc00x"}`,
	// Times a journal could not write back, and names past their bound (issue of hostile feeds).
	`{"id":"y10k","ts":"9999-12-31T23:59:59-23:59","score":5,"queue":"q"}`,
	`{"id":"y0","ts":"0000-01-01T00:00:00+00:01","score":5,"queue":"q"}`,
	`{"id":"late","ts":"2199-12-31T23:59:59.9999Z","score":5,"queue":"q","comment":"\u0000\ufffd\u2028"}`,
	`{"id":"ns","ts":"2026-11-24T10:00:00.000999999+14:00","score":"10","queue":7,"csat":"5","ces":7.0,"segment":"vip"}`,
	`{"id":"st","ts":"2026-11-24T10:00:00Z","score":3,"queue":"q","site":"Le\u0000eds\u001b[2J"}`,
	`{"id":"x","ts":1e11,"score":5,"queue":"q"}`,
	`{"id":"x","ts":"2026-11-24T10:00:00Z","score":5,"queue":"` + strings.Repeat("q", 300) + `"}`,
}

// The scanner must agree with encoding/json on what is valid JSON and what is an object, and
// on the values of the fields it accepts.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		var r model.Response
		p := (&Decoder{}).DecodeJSON(line, 1, &r)
		valid := json.Valid([]byte(line))
		if (p.Reason == BadJSON) == valid {
			t.Fatalf("%q: reason %v, but json.Valid = %v", line, p.Reason, valid)
		}
		if !valid {
			return
		}
		d := json.NewDecoder(strings.NewReader(line))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatalf("%q: encoding/json: %v", line, err)
		}
		obj, isObject := v.(map[string]any)
		if (p.Reason == NotObject) == isObject {
			t.Fatalf("%q: reason %v, but encoding/json sees an object: %v", line, p.Reason, isObject)
		}
		if !p.OK() {
			return
		}
		for name, got := range map[string]string{"id": r.ID, "queue": r.Queue} {
			var want string
			switch x := obj[name].(type) {
			case string:
				want = Clean(x, false)
			case json.Number:
				want = string(x)
			}
			if got != want {
				t.Fatalf("%q: %s = %q, encoding/json gives %q", line, name, got, want)
			}
		}
		var score float64
		switch x := obj["score"].(type) {
		case json.Number:
			score, _ = x.Float64()
		case string:
			score, _ = strconv.ParseFloat(strings.TrimSpace(x), 64)
		}
		if float64(r.Score) != score {
			t.Fatalf("%q: score %d, encoding/json gives %v", line, r.Score, score)
		}
		for _, s := range []string{r.ID, r.Queue, r.Agent, r.Team, r.Channel, r.Customer, r.Comment} {
			checkClean(t, s, true)
		}
		checkRoundTrip(t, line, &r)
	})
}

// checkRoundTrip fails unless a response taken is written, as a file and as a relay's journal,
// and read back the same, whatever the local zone.
func checkRoundTrip(t *testing.T, line string, r *model.Response) {
	t.Helper()
	if !model.InRange(r.Time) || r.Time != model.Instant(r.Time) {
		t.Fatalf("%q: took the time %v", line, r.Time)
	}
	written := string(AppendJSON(nil, r))
	var back model.Response
	if p := (&Decoder{Location: time.Local}).DecodeJSON(written, 1, &back); !p.OK() || back != *r {
		t.Fatalf("%q: written as %s, read back as %+v (%v), want %+v", line, written, back, p, *r)
	}
	journaled := string(AppendJSONSeq(nil, 42, r.Time, r))
	seq, p := (&Decoder{}).DecodeSeq(journaled, 1, &back)
	if !p.OK() || seq != 42 || back != *r {
		t.Fatalf("%q: journaled as %s, read back as %+v, seq %d (%v)", line, journaled, back, seq, p)
	}
}

// Whatever bytes a stream holds, every record is accounted for and nothing panics; read into
// blocks used again (transient), it gives the same responses and rejects, in the same order.
func FuzzReadJSONLines(f *testing.F) {
	f.Add([]byte(strings.Join(jsonSeeds, "\n")))
	f.Add([]byte("\uFEFF{\"id\":1}\r\n\r\n\n[]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		in := NewIntake(model.NewDedup())
		var kept [2][]string // each response and reject as text, copied while its batch is read
		for mode, transient := range []bool{false, true} {
			in = NewIntake(model.NewDedup())
			err := readJSONLines(context.Background(), bytes.NewReader(data), &Decoder{}, func(b *Batch) error {
				if b.Records != int64(len(b.Responses)+len(b.Rejects)) {
					t.Fatalf("batch of %d records has %d responses and %d rejects", b.Records, len(b.Responses), len(b.Rejects))
				}
				for i := range b.Rejects {
					kept[mode] = append(kept[mode], fmt.Sprintf("reject %d %v %q", b.Rejects[i].Line, b.Rejects[i].Problem, b.Rejects[i].Raw))
				}
				return in.Take(b, func(r *model.Response) { kept[mode] = append(kept[mode], fmt.Sprintf("%+v", *r)) })
			}, transient)
			if err != nil {
				t.Fatal(err)
			}
		}
		if !slices.Equal(kept[0], kept[1]) {
			t.Fatalf("read into blocks used again, %d records differ from %d", len(kept[1]), len(kept[0]))
		}
		c := in.Counts
		var blank int64
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimPrefix(strings.TrimSuffix(line, "\r"), bom)
			if skipSpace(line, 0) == len(line) {
				blank++
			}
		}
		lines := int64(strings.Count(string(data), "\n") + 1)
		if c.Records != c.Accepted+c.Duplicates+c.Rejected || c.Records != lines-blank {
			t.Fatalf("%d lines, %d blank, counts %+v", lines, blank, c)
		}
	})
}

// Whatever RFC 3339 time.Parse reads, ParseTimestamp reads as the same instant; and the fast
// path, which does not call time.Parse, agrees with it on every strict RFC 3339 text it reads.
func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{"2026-11-24T09:13:05Z", "2026-11-24T09:13:05.123456789+01:00", "1999-12-31T23:59:59-23:59",
		"2028-02-29T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T09:13:05.Z", "0000-01-01T00:00:00Z",
		"9999-12-31T23:59:59-23:59", "0000-01-01T00:00:00+00:01", "2199-12-31T23:59:59.999+00:00", "1970-01-01T00:00:00.000-00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseTimestamp(s, time.UTC)
		want, err := time.Parse(time.RFC3339, s)
		if err == nil && (!ok || !got.Equal(want)) {
			t.Fatalf("%q: got %v, %v; time.Parse gives %v", s, got, ok, want)
		}
		fast, ok := fastTimestamp(s, time.UTC)
		strict := ok && s[10] == 'T' && (strings.HasSuffix(s, "Z") || len(s) > 25 && s[len(s)-3] == ':')
		if strict && (err != nil || !fast.Equal(want)) {
			t.Fatalf("%q: fast path gives %v; time.Parse gives %v, %v", s, fast, want, err)
		}
	})
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[31mred", "\x1b]52;c;x\x07", "a\u202eb", "caf\xe9", "\u009b1m", "x\r\ny", "😀\ufe0f"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, keepLines bool) {
		out := Clean(s, keepLines)
		checkClean(t, out, keepLines)
		if again := Clean(out, keepLines); again != out {
			t.Fatalf("Clean is not idempotent: %q → %q → %q", s, out, again)
		}
	})
}

// checkClean fails when s holds anything a terminal could act on or hide.
func checkClean(t *testing.T, s string, keepLines bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%q is not valid UTF-8", s)
	}
	for _, r := range s {
		if r < 0x20 && !(keepLines && r == '\n') || r >= 0x7f && r < 0xa0 || invisible(r) {
			t.Fatalf("%q holds %U", s, r)
		}
	}
}

func TestNestingLimitMatchesEncodingJSON(t *testing.T) {
	for _, depth := range []int{maxDepth - 1, maxDepth, maxDepth + 1} {
		line := `{"a":` + strings.Repeat("[", depth-1) + strings.Repeat("]", depth-1) + `}`
		var r model.Response
		p := (&Decoder{}).DecodeJSON(line, 1, &r)
		if (p.Reason == BadJSON) == json.Valid([]byte(line)) {
			t.Errorf("depth %d: reason %v, json.Valid %v", depth, p.Reason, json.Valid([]byte(line)))
		}
	}
}
