package feed

import (
	"testing"
	"time"
)

// The date and time are read eight bytes at a time: a byte just outside the digits ('/' and
// ':' either side, and bytes past ASCII) is refused in every place a digit goes, and a
// separator out of place is refused too, in the date and in the offset (hh:mm or hhmm).
func TestTimestampDigitsAtEveryPlace(t *testing.T) {
	const good = "2026-11-24T09:13:05.123Z"
	want := time.Date(2026, 11, 24, 9, 13, 5, 123e6, time.UTC)
	if got, ok := fastTimestamp(good, time.UTC); !ok || !got.Equal(want) {
		t.Fatalf("%s: %v %v", good, got, ok)
	}
	for i := range 19 {
		for _, c := range []byte{'/', ':', 0x80 | '5', 0, ' '} {
			b := []byte(good)
			if b[i] == c || i == 10 && c == ' ' {
				continue // the same byte, or a separator the form allows
			}
			b[i] = c
			if got, ok := fastTimestamp(string(b), time.UTC); ok {
				t.Errorf("%q: read as %v", b, got)
			}
		}
	}
	for _, s := range []string{"2026-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2028-02-29T12:00:00Z"} {
		want, _ := time.Parse(time.RFC3339, s)
		if got, ok := fastTimestamp(s, time.UTC); !ok || !got.Equal(want) {
			t.Errorf("%s: %v %v, want %v", s, got, ok, want)
		}
	}
	for s, want := range map[string]string{"2026-11-24T10:00:00+01:00": "2026-11-24T09:00:00Z", "2026-11-24T10:00:00-0530": "2026-11-24T15:30:00Z",
		"2026-11-24T10:00:00+01-00": "", "2026-11-24T10:00:00+1:00": "", "2026-11-24T10:00:00+24:00": "", "2026-11-24T10:00:00+01:60": ""} {
		got, ok := fastTimestamp(s, time.UTC)
		if want == "" {
			if ok {
				t.Errorf("%s: read as %v", s, got)
			}
			continue
		}
		if w, _ := time.Parse(time.RFC3339, want); !ok || !got.Equal(w) {
			t.Errorf("%s: %v %v, want %s", s, got, ok, want)
		}
	}
}
