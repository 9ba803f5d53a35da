package model

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Resolution is the width of a time bucket and so the granularity of every window.
const Resolution = time.Minute

// Window names a span of time that ends at an instant: the last d, today, yesterday, this week,
// this month, or all time. Days, weeks and months are those of the display time zone, across
// daylight-saving changes (a day may be 23 or 25 hours long).
type Window struct {
	kind windowKind
	d    time.Duration
}

type windowKind uint8

const (
	windowLast windowKind = iota
	windowToday
	windowYesterday
	windowWeek
	windowMonth
	windowAll
)

// MaxWindow is the longest "last d" window: its comparison, the d before it, must still be in the
// quarter-hour buckets a dashboard keeps (Tiered).
const MaxWindow = 31 * 24 * time.Hour

// longWindow is the length past which a "last d" window starts at a whole quarter-hour: its
// start, and its comparison's, are then older than the minute buckets a dashboard keeps.
const longWindow = 24 * time.Hour

// Last is the window of the last d (a whole number of minutes, at least one). Past a day, it
// starts at the quarter-hour d ago began in, so that it is counted exactly from quarter-hours.
func Last(d time.Duration) Window { return Window{kind: windowLast, d: d} }

// Today is the window from the last local midnight.
func Today() Window { return Window{kind: windowToday} }

// Yesterday is the local day before today, whole.
func Yesterday() Window { return Window{kind: windowYesterday} }

// ThisWeek is the window from Monday 00:00, local.
func ThisWeek() Window { return Window{kind: windowWeek} }

// ThisMonth is the window from the first of the month, 00:00 local.
func ThisMonth() Window { return Window{kind: windowMonth} }

// AllTime is the window of every response up to the instant.
func AllTime() Window { return Window{kind: windowAll} }

// ParseWindow reads "all", "today", "yesterday", "week", "month", a number of days such as "7d"
// or "30d", or a duration such as "15m", "1h", "4h" or "1h30m", at most MaxWindow.
// Its errors say what is wanted, not the text given: callers name the text where it came from.
func ParseWindow(s string) (Window, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "all":
		return AllTime(), nil
	case "today":
		return Today(), nil
	case "yesterday":
		return Yesterday(), nil
	case "week":
		return ThisWeek(), nil
	case "month":
		return ThisMonth(), nil
	}
	want := errors.New("want all, today, yesterday, week, month, a number of days such as 7d, or a duration such as 15m or 4h")
	var d time.Duration
	if days, ok := strings.CutSuffix(t, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 1 || days[0] == '+' {
			return Window{}, want
		}
		d = time.Duration(min(n, 1000)) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(t); err != nil {
			return Window{}, want
		}
	}
	switch {
	case d < Resolution || d%Resolution != 0:
		return Window{}, errors.New("want a whole number of minutes, at least 1m")
	case d > MaxWindow:
		return Window{}, fmt.Errorf("want at most %dd: longer is all", int(MaxWindow/(24*time.Hour)))
	}
	return Last(d), nil
}

// IsAll reports whether the window is all time.
func (w Window) IsAll() bool { return w.kind == windowAll }

// Duration is the length of a "last d" window, and 0 for the others.
func (w Window) Duration() time.Duration {
	if w.kind == windowLast {
		return w.d
	}
	return 0
}

// String is the window's short name: "15m", "1h", "1h30m", "7d", "today", "yesterday", "week",
// "month", "all".
func (w Window) String() string {
	switch w.kind {
	case windowToday:
		return "today"
	case windowYesterday:
		return "yesterday"
	case windowWeek:
		return "week"
	case windowMonth:
		return "month"
	case windowAll:
		return "all"
	}
	if day := 24 * time.Hour; w.d >= day && w.d%day == 0 {
		return fmt.Sprintf("%dd", w.d/day)
	}
	h, m := int(w.d/time.Hour), int(w.d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%dm", h, m)
}

// Describe is the window in words, for titles: "the last 1h", "the last 7 days", "today",
// "this week".
func (w Window) Describe() string {
	switch w.kind {
	case windowToday, windowYesterday:
		return w.String()
	case windowWeek, windowMonth:
		return "this " + w.String()
	case windowAll:
		return "all time"
	}
	if day := 24 * time.Hour; w.d >= day && w.d%day == 0 {
		if w.d == day {
			return "the last day"
		}
		return fmt.Sprintf("the last %d days", w.d/day)
	}
	return "the last " + w.String()
}

// Compared says in words what the window is compared with: "previous 1h", "as long before
// midnight", "the day before", "last week", "last month", "previous 7 days"; "" for all time.
func (w Window) Compared() string {
	switch w.kind {
	case windowToday:
		return "as long before midnight"
	case windowYesterday:
		return "the day before"
	case windowWeek, windowMonth:
		return "last " + w.String()
	case windowAll:
		return ""
	}
	if day := 24 * time.Hour; w.d > day && w.d%day == 0 {
		return fmt.Sprintf("previous %d days", w.d/day)
	}
	return "previous " + w.String()
}

// IsZero says the window is the zero Window, which names no span: an option not given.
func (w Window) IsZero() bool { return w == Window{} }

// Span is the half-open interval of time (From, To] that a window covers at an instant.
// Spans have the resolution of the buckets: To is the instant rounded up to a whole minute.
// An unbounded span (all time) has a zero From.
type Span struct {
	From, To  time.Time
	Unbounded bool
	// prev is where the span's comparison starts (it ends at From); zero: the equal length before.
	prev time.Time
}

// Span is the time the window covers at instant at; loc is the display time zone, which decides
// where days, weeks and months start. A response at time t is in the span when From < t ≤ To.
func (w Window) Span(at time.Time, loc *time.Location) Span {
	to := ceilMinute(at)
	if loc == nil {
		loc = time.UTC
	}
	l := at.In(loc)
	day := func(offset int) time.Time { return time.Date(l.Year(), l.Month(), l.Day()+offset, 0, 0, 0, 0, loc) }
	switch w.kind {
	case windowAll:
		return Span{To: to, Unbounded: true}
	case windowToday:
		return Span{From: day(0), To: to}
	case windowYesterday:
		return Span{From: day(-1), To: day(0), prev: day(-2)}
	case windowWeek:
		monday := day(-((int(l.Weekday()) + 6) % 7)) // Monday is day 1 of Go's week, Sunday 0
		return Span{From: monday, To: to, prev: monday.AddDate(0, 0, -7)}
	case windowMonth:
		first := time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, loc)
		return Span{From: first, To: to, prev: first.AddDate(0, -1, 0)}
	}
	if w.d <= longWindow {
		return Span{From: to.Add(-w.d), To: to}
	}
	from := floorQuarter(to.Add(-w.d))
	return Span{From: from, To: to, prev: from.Add(-w.d)}
}

// Previous is the span a window is compared with, which ends where s begins: the equal length
// before, for "last d" and today; the day before yesterday; last week, whole; last month, whole.
// An unbounded span has none.
func (s Span) Previous() (Span, bool) {
	if s.Unbounded {
		return Span{}, false
	}
	if !s.prev.IsZero() {
		return Span{From: s.prev, To: s.From}, true
	}
	return Span{From: s.From.Add(-s.To.Sub(s.From)), To: s.From}, true
}

// Contains reports whether t falls in the span.
func (s Span) Contains(t time.Time) bool {
	return (s.Unbounded || t.After(s.From)) && !t.After(s.To)
}

// minuteOf is the label of the bucket that holds instant t: the whole minute at which the
// bucket ends, counted from the Unix epoch. Bucket m holds the instants in (m−1, m] minutes.
func minuteOf(t time.Time) int64 {
	sec := t.Unix()
	m := sec / 60
	if sec%60 < 0 { // floor division before 1970
		m--
	}
	if sec > m*60 || t.Nanosecond() > 0 {
		m++
	}
	return m
}

// floorQuarter rounds t down to a quarter-hour of UTC (every zone's offset today is a whole
// number of quarter-hours, so it is one of local time too).
func floorQuarter(t time.Time) time.Time {
	return time.Unix(floorDiv(t.Unix(), 15*60)*15*60, 0).In(t.Location())
}

// floorDiv divides rounding toward minus infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// ceilMinute rounds t up to a whole minute (of UTC; every real zone offset is whole minutes).
func ceilMinute(t time.Time) time.Time { return time.Unix(minuteOf(t)*60, 0).In(t.Location()) }
