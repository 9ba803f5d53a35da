package model

import "time"

// The instants npsboard accepts, from a feed, an action or a journal: from 1970 to the end of
// 2199, to the millisecond. Within that range every journal writes an instant in UTC with a
// four-digit year and reads it back the same, whatever the local zone, and the distance between
// any two is a time.Duration (which holds 292 years), so no arithmetic on them overflows.
var (
	MinTime = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxTime = time.Date(2199, 12, 31, 23, 59, 59, 999e6, time.UTC)
)

// InRange says whether t is an instant npsboard accepts.
func InRange(t time.Time) bool { return !t.Before(MinTime) && !t.After(MaxTime) }

// Instant is t as npsboard keeps it: in UTC, to the millisecond (the precision every journal
// writes), so that what is kept and what is read back are the same instant.
func Instant(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }
