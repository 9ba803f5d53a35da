package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Resolution is the width of a time bucket and so the granularity of every window.
const Resolution = time.Minute

// Window names a span of time that ends at an instant: the last d, today, or all time.
type Window struct {
	kind windowKind
	d    time.Duration
}

type windowKind uint8

const (
	windowLast windowKind = iota
	windowToday
	windowAll
)

// Last is the window of the last d (a whole number of minutes, at least one).
func Last(d time.Duration) Window { return Window{kind: windowLast, d: d} }

// Today is the window from the last local midnight.
func Today() Window { return Window{kind: windowToday} }

// AllTime is the window of every response up to the instant.
func AllTime() Window { return Window{kind: windowAll} }

// ParseWindow reads "all", "today" or a duration such as "15m", "1h", "4h" or "1h30m".
// Its errors say what is wanted, not the text given: callers name the text where it came from.
func ParseWindow(s string) (Window, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "all":
		return AllTime(), nil
	case "today":
		return Today(), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return Window{}, errors.New("want all, today, or a duration such as 15m or 4h")
	}
	if d < Resolution || d%Resolution != 0 {
		return Window{}, errors.New("want a whole number of minutes, at least 1m")
	}
	return Last(d), nil
}

// IsAll reports whether the window is all time.
func (w Window) IsAll() bool { return w.kind == windowAll }

// Duration is the length of a "last d" window, and 0 for today and all time.
func (w Window) Duration() time.Duration {
	if w.kind == windowLast {
		return w.d
	}
	return 0
}

// String is the window's short name: "15m", "1h", "1h30m", "today", "all".
func (w Window) String() string {
	switch w.kind {
	case windowToday:
		return "today"
	case windowAll:
		return "all"
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

// Span is the half-open interval of time (From, To] that a window covers at an instant.
// Spans have the resolution of the buckets: To is the instant rounded up to a whole minute.
// An unbounded span (all time) has a zero From.
type Span struct {
	From, To  time.Time
	Unbounded bool
}

// Span is the time the window covers at instant at; loc is the display time zone, which decides
// where "today" starts. A response at time t is in the span when From < t ≤ To.
func (w Window) Span(at time.Time, loc *time.Location) Span {
	to := ceilMinute(at)
	switch w.kind {
	case windowAll:
		return Span{To: to, Unbounded: true}
	case windowToday:
		l := at.In(loc)
		return Span{From: time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc), To: to}
	}
	return Span{From: to.Add(-w.d), To: to}
}

// Previous is the span of equal length that ends where s begins, for comparisons.
// An unbounded span has none.
func (s Span) Previous() (Span, bool) {
	if s.Unbounded {
		return Span{}, false
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

// ceilMinute rounds t up to a whole minute (of UTC; every real zone offset is whole minutes).
func ceilMinute(t time.Time) time.Time { return time.Unix(minuteOf(t)*60, 0).In(t.Location()) }
