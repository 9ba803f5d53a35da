package model

import (
	"math"
	"testing"
	"time"
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestSpanEdges(t *testing.T) {
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	sp := Last(time.Hour).Span(at, time.UTC)
	cases := []struct {
		name string
		t    time.Time
		in   bool
	}{
		{"the instant the window starts is outside it", at.Add(-time.Hour), false},
		{"a nanosecond later is inside", at.Add(-time.Hour + time.Nanosecond), true},
		{"the instant it ends is inside", at, true},
		{"a nanosecond after the end is outside", at.Add(time.Nanosecond), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := sp.Contains(c.t); got != c.in {
				t.Errorf("(%v, %v] contains %v = %v, want %v", sp.From, sp.To, c.t, got, c.in)
			}
		})
	}
}

func TestSpanRoundsTheEndUpToAMinute(t *testing.T) {
	at := time.Date(2026, 11, 24, 10, 7, 33, 250, time.UTC)
	sp := Last(15*time.Minute).Span(at, time.UTC)
	wantTo := time.Date(2026, 11, 24, 10, 8, 0, 0, time.UTC)
	if !sp.To.Equal(wantTo) || !sp.From.Equal(wantTo.Add(-15*time.Minute)) {
		t.Fatalf("span = (%v, %v], want (%v, %v]", sp.From, sp.To, wantTo.Add(-15*time.Minute), wantTo)
	}
	prev, ok := sp.Previous()
	if !ok || !prev.To.Equal(sp.From) || !prev.From.Equal(sp.From.Add(-15*time.Minute)) {
		t.Fatalf("previous = (%v, %v], %v", prev.From, prev.To, ok)
	}
}

func TestTodayStartsAtLocalMidnight(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	cases := []struct {
		name     string
		at       time.Time
		from, to time.Time
	}{
		{"a morning in winter",
			time.Date(2026, 11, 24, 10, 7, 33, 0, paris),
			time.Date(2026, 11, 24, 0, 0, 0, 0, paris), time.Date(2026, 11, 24, 10, 8, 0, 0, paris)},
		{"half a minute after midnight",
			time.Date(2026, 11, 24, 0, 0, 30, 0, paris),
			time.Date(2026, 11, 24, 0, 0, 0, 0, paris), time.Date(2026, 11, 24, 0, 1, 0, 0, paris)},
		{"the day clocks go forward is 23 hours long at its end",
			time.Date(2026, 3, 29, 23, 59, 0, 0, paris),
			time.Date(2026, 3, 29, 0, 0, 0, 0, paris), time.Date(2026, 3, 29, 23, 59, 0, 0, paris)},
		{"an instant given in UTC still uses the display zone's date",
			time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC), // 00:30 on the 24th in Paris
			time.Date(2026, 11, 24, 0, 0, 0, 0, paris), time.Date(2026, 11, 24, 0, 30, 0, 0, paris)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sp := Today().Span(c.at, paris)
			if !sp.From.Equal(c.from) || !sp.To.Equal(c.to) {
				t.Errorf("today at %v = (%v, %v], want (%v, %v]", c.at, sp.From, sp.To, c.from, c.to)
			}
		})
	}
	sp := Today().Span(time.Date(2026, 3, 29, 23, 59, 0, 0, paris), paris)
	if got := sp.To.Sub(sp.From); got != 22*time.Hour+59*time.Minute {
		t.Errorf("today on the spring-forward day spans %v, want 22h59m", got)
	}
	if sp.Contains(time.Date(2026, 3, 29, 0, 0, 0, 0, paris)) {
		t.Error("a response at midnight itself counts for today; windows are (from, to]")
	}
}

func TestAllTimeIsUnbounded(t *testing.T) {
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	sp := AllTime().Span(at, time.UTC)
	if !sp.Unbounded || !sp.Contains(time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)) || sp.Contains(at.Add(time.Minute)) {
		t.Fatalf("all-time span %+v does not cover (−∞, %v]", sp, at)
	}
	if _, ok := sp.Previous(); ok {
		t.Error("all time has a previous span")
	}
}

func TestParseWindow(t *testing.T) {
	good := map[string]string{"15m": "15m", "1h": "1h", "4h": "4h", "90m": "1h30m", "today": "today", "ALL": "all", "24h": "1d",
		"yesterday": "yesterday", "Week": "week", "month": "month", "7d": "7d", "30d": "30d", "48h": "2d", "31d": "31d", "25h": "25h"}
	for in, want := range good {
		w, err := ParseWindow(in)
		if err != nil || w.String() != want {
			t.Errorf("ParseWindow(%q) = %v, %v; want %s", in, w, err, want)
		}
	}
	for _, in := range []string{"30s", "90s", "0m", "-5m", "0d", "-1d", "+3d", "1.5d", "32d", "745h", "99999999999999d", "", "soon", "d"} {
		if w, err := ParseWindow(in); err == nil {
			t.Errorf("ParseWindow(%q) = %v, want an error", in, w)
		}
	}
}

func TestMinuteOfHoldsTheMinuteEnding(t *testing.T) {
	cases := []struct {
		t    time.Time
		want int64
	}{
		{time.Unix(0, 0), 0},
		{time.Unix(0, 1), 1},
		{time.Unix(60, 0), 1},
		{time.Unix(59, 999999999), 1},
		{time.Unix(-1, 0), 0},
		{time.Unix(-60, 0), -1},
		{time.Unix(-61, 0), -1},
		{time.Unix(-90, 500), -1},
		{time.Unix(-120, 0), -2},
	}
	for _, c := range cases {
		if got := minuteOf(c.t); got != c.want {
			t.Errorf("minuteOf(%v) = %d, want %d", c.t.UTC(), got, c.want)
		}
	}
}

// Yesterday, this week and this month start at local midnights, across both changes of the
// clocks in London and New York: a day of 23 hours, a day of 25.
func TestDaysWeeksAndMonthsAreLocal(t *testing.T) {
	london, newYork := mustLoc(t, "Europe/London"), mustLoc(t, "America/New_York")
	type want struct {
		from, to, prev time.Time
		hours          float64 // the span's length
	}
	cases := []struct {
		name string
		loc  *time.Location
		w    Window
		at   time.Time
		want want
	}{
		{"yesterday, the spring day of 23 hours in London", london, Yesterday(), time.Date(2026, 3, 30, 9, 0, 0, 0, london),
			want{time.Date(2026, 3, 29, 0, 0, 0, 0, london), time.Date(2026, 3, 30, 0, 0, 0, 0, london), time.Date(2026, 3, 28, 0, 0, 0, 0, london), 23}},
		{"yesterday, the autumn day of 25 hours in London", london, Yesterday(), time.Date(2026, 10, 26, 0, 0, 30, 0, london),
			want{time.Date(2026, 10, 25, 0, 0, 0, 0, london), time.Date(2026, 10, 26, 0, 0, 0, 0, london), time.Date(2026, 10, 24, 0, 0, 0, 0, london), 25}},
		{"yesterday, the spring day of 23 hours in New York", newYork, Yesterday(), time.Date(2026, 3, 9, 23, 59, 0, 0, newYork),
			want{time.Date(2026, 3, 8, 0, 0, 0, 0, newYork), time.Date(2026, 3, 9, 0, 0, 0, 0, newYork), time.Date(2026, 3, 7, 0, 0, 0, 0, newYork), 23}},
		{"yesterday, the autumn day of 25 hours in New York, asked in UTC", newYork, Yesterday(), time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC),
			want{time.Date(2026, 11, 1, 0, 0, 0, 0, newYork), time.Date(2026, 11, 2, 0, 0, 0, 0, newYork), time.Date(2026, 10, 31, 0, 0, 0, 0, newYork), 25}},
		{"this week on a Sunday evening, across the autumn change", london, ThisWeek(), time.Date(2026, 10, 25, 20, 0, 0, 0, london),
			want{time.Date(2026, 10, 19, 0, 0, 0, 0, london), time.Date(2026, 10, 25, 20, 0, 0, 0, london), time.Date(2026, 10, 12, 0, 0, 0, 0, london), 6*24 + 21}},
		{"this week on a Monday just after midnight", newYork, ThisWeek(), time.Date(2026, 11, 30, 0, 0, 1, 0, newYork),
			want{time.Date(2026, 11, 30, 0, 0, 0, 0, newYork), time.Date(2026, 11, 30, 0, 1, 0, 0, newYork), time.Date(2026, 11, 23, 0, 0, 0, 0, newYork), 1.0 / 60}},
		{"this month, March in New York, compared with all of February", newYork, ThisMonth(), time.Date(2026, 3, 31, 12, 0, 0, 0, newYork),
			want{time.Date(2026, 3, 1, 0, 0, 0, 0, newYork), time.Date(2026, 3, 31, 12, 0, 0, 0, newYork), time.Date(2026, 2, 1, 0, 0, 0, 0, newYork), 30*24 + 12 - 1}},
		{"this month on the first, in January, compared with December", london, ThisMonth(), time.Date(2027, 1, 1, 8, 0, 0, 0, london),
			want{time.Date(2027, 1, 1, 0, 0, 0, 0, london), time.Date(2027, 1, 1, 8, 0, 0, 0, london), time.Date(2026, 12, 1, 0, 0, 0, 0, london), 8}},
		{"the last 7 days start at a quarter-hour", london, Last(7 * 24 * time.Hour), time.Date(2026, 11, 24, 10, 7, 30, 0, london),
			want{time.Date(2026, 11, 17, 10, 0, 0, 0, london), time.Date(2026, 11, 24, 10, 8, 0, 0, london), time.Date(2026, 11, 10, 10, 0, 0, 0, london), 7*24 + 8.0/60}},
		{"the last 30 days across the autumn change count real hours", newYork, Last(30 * 24 * time.Hour), time.Date(2026, 11, 20, 9, 0, 0, 0, newYork),
			want{time.Date(2026, 10, 21, 10, 0, 0, 0, newYork), time.Date(2026, 11, 20, 9, 0, 0, 0, newYork), time.Date(2026, 9, 21, 10, 0, 0, 0, newYork), 30 * 24}}, // 09:00 EST less 720 real hours: 10:00 EDT
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sp := c.w.Span(c.at, c.loc)
			prev, ok := sp.Previous()
			if !sp.From.Equal(c.want.from) || !sp.To.Equal(c.want.to) {
				t.Errorf("span (%v, %v], want (%v, %v]", sp.From.In(c.loc), sp.To.In(c.loc), c.want.from, c.want.to)
			}
			if !ok || !prev.From.Equal(c.want.prev) || !prev.To.Equal(sp.From) {
				t.Errorf("previous (%v, %v], want (%v, %v]", prev.From.In(c.loc), prev.To.In(c.loc), c.want.prev, sp.From.In(c.loc))
			}
			if got := sp.To.Sub(sp.From).Hours(); math.Abs(got-c.want.hours) > 1e-9 {
				t.Errorf("the span is %v hours long, want %v", got, c.want.hours)
			}
		})
	}
}

// Titles and comparisons say the window in words.
func TestWindowsInWords(t *testing.T) {
	for _, c := range []struct {
		w                  Window
		described, compare string
	}{
		{Last(time.Hour), "the last 1h", "previous 1h"}, {Last(24 * time.Hour), "the last day", "previous 1d"},
		{Last(7 * 24 * time.Hour), "the last 7 days", "previous 7 days"}, {Today(), "today", "as long before midnight"},
		{Yesterday(), "yesterday", "the day before"}, {ThisWeek(), "this week", "last week"},
		{ThisMonth(), "this month", "last month"}, {AllTime(), "all time", ""},
	} {
		if got := c.w.Describe(); got != c.described {
			t.Errorf("%v described as %q, want %q", c.w, got, c.described)
		}
		if got := c.w.Compared(); got != c.compare {
			t.Errorf("%v compared with %q, want %q", c.w, got, c.compare)
		}
	}
	if !(Window{}).IsZero() || Last(time.Minute).IsZero() {
		t.Error("IsZero")
	}
}
