package feed

import (
	"math"
	"strconv"
	"time"
)

// The range of instants a feed may carry: years 0001–9999, as RFC 3339 can write them.
var (
	minUnix = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	maxUnix = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
)

// ParseTimestamp reads an RFC 3339 date-time: "2026-11-24T09:13:05Z", with or without a
// fraction of a second, with an offset (±hh:mm, or ±hhmm as ISO 8601 writes it) or without
// one, in which case it is a wall-clock time in loc. The separator may be "T", "t" or a space
// (RFC 3339 allows the space for readability, and exports use it).
//
// The common forms are read without allocating (a zone offset other than the local one makes
// time.Parse allocate a *time.Location per call); anything else goes to time.ParseInLocation,
// so that every date-time Go reads as RFC 3339 is read.
func ParseTimestamp(s string, loc *time.Location) (time.Time, bool) {
	if t, ok := fastTimestamp(s, loc); ok {
		return t, true
	}
	t, err := time.ParseInLocation(time.RFC3339, s, loc)
	return t, err == nil
}

func fastTimestamp(s string, loc *time.Location) (time.Time, bool) {
	if len(s) < 19 {
		return time.Time{}, false
	}
	if sep := s[10]; sep != 'T' && sep != 't' && sep != ' ' {
		return time.Time{}, false
	}
	year, month, day, hour, minute, sec, ok := dateTime(s)
	if !ok || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	i, nsec := 19, 0
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for scale := 100000000; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			nsec += int(s[i]-'0') * scale // digits past nanoseconds are dropped
			scale /= 10
		}
		if i == start {
			return time.Time{}, false
		}
	}
	if i == len(s) {
		return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc), true
	}
	offset := 0
	switch s[i] {
	case 'Z', 'z':
		i++
	case '+', '-':
		oh, om, ok := zoneDigits(s[i+1:])
		if !ok || oh > 23 || om > 59 {
			return time.Time{}, false
		}
		offset = (oh*60 + om) * 60
		if s[i] == '-' {
			offset = -offset
		}
		i = len(s)
	default:
		return time.Time{}, false
	}
	if i != len(s) {
		return time.Time{}, false
	}
	unix := daysFromCivil(year, month, day)*86400 + int64(hour*3600+minute*60+sec) - int64(offset)
	return time.Unix(unix, int64(nsec)), true
}

// unixTimestamp reads a JSON number of Unix seconds, or of milliseconds when it is above 10¹²
// (no survey was answered in the year 33658).
func unixTimestamp(lit string) (time.Time, bool) {
	if n, err := strconv.ParseInt(lit, 10, 64); err == nil {
		if n > 1e12 {
			return checkUnix(n/1000, n%1000*1e6)
		}
		return checkUnix(n, 0)
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil || math.IsInf(f, 0) {
		return time.Time{}, false
	}
	if f > 1e12 {
		f /= 1000
	}
	if f < float64(minUnix) || f > float64(maxUnix) {
		return time.Time{}, false
	}
	sec := math.Floor(f)
	return checkUnix(int64(sec), int64(math.Round((f-sec)*1e9)))
}

func checkUnix(sec, nsec int64) (time.Time, bool) {
	if sec < minUnix || sec > maxUnix {
		return time.Time{}, false
	}
	return time.Unix(sec, nsec), true
}

// dateTime reads the fields of "YYYY-MM-DD?HH:MM:SS" at the start of s (at least 19 bytes; the
// caller checks the separator at 10), eight bytes at a time: bytes 0–7 hold the year and the
// month, 11–18 the time of day.
func dateTime(s string) (year, month, day, hour, minute, sec int, ok bool) {
	const (
		dateDigits = 0x00ffff00ffffffff // YYYY-MM-: the digits of bytes 0–7
		timeDigits = 0xffff00ffff00ffff // HH:MM:SS
	)
	a, b := load8(s, 0), load8(s, 11)
	if a&^dateDigits != '-'<<32|'-'<<56 || b&^timeDigits != ':'<<16|':'<<40 {
		return
	}
	// Less '0', a digit is 0–9: a byte below '0' borrows and sets its high bit, one above '9'
	// sets it once 0x76 is added (before any carry could reach the next byte).
	da, db := a&dateDigits-ones*'0'&dateDigits, b&timeDigits-ones*'0'&timeDigits
	if (da|(da+ones*0x76&dateDigits))&highs&dateDigits|(db|(db+ones*0x76&timeDigits))&highs&timeDigits != 0 {
		return
	}
	d1, d2 := s[8]-'0', s[9]-'0'
	if d1 > 9 || d2 > 9 {
		return
	}
	at := func(x uint64, k int) int { return int(x >> (8 * k) & 0xff) }
	return at(da, 0)*1000 + at(da, 1)*100 + at(da, 2)*10 + at(da, 3), at(da, 5)*10 + at(da, 6), int(d1)*10 + int(d2),
		at(db, 0)*10 + at(db, 1), at(db, 3)*10 + at(db, 4), at(db, 6)*10 + at(db, 7), true
}

// zoneDigits reads the hours and minutes of an offset, "hh:mm" or "hhmm" as ISO 8601 writes it.
func zoneDigits(z string) (h, m int, ok bool) {
	var okH, okM bool
	switch {
	case len(z) == 5 && z[2] == ':':
		h, okH = digits(z, 0, 2)
		m, okM = digits(z, 3, 2)
	case len(z) == 4:
		h, okH = digits(z, 0, 2)
		m, okM = digits(z, 2, 2)
	}
	return h, m, okH && okM
}

// digits reads n decimal digits of s at i.
func digits(s string, i, n int) (int, bool) {
	v := 0
	for _, c := range []byte(s[i : i+n]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts the days from 1970-01-01 to a date of the proleptic Gregorian calendar
// (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}
