package main

import (
	"context"
	"math"
	"runtime/debug"
	"testing"
)

func TestMemorySizesAreReadInBothKindsOfUnit(t *testing.T) {
	good := map[string]int64{
		"180MiB": 180 << 20, "180mib": 180 << 20, "200MB": 200e6, "200 MB": 200e6, "1GiB": 1 << 30,
		"2GB": 2e9, "33554432": 32 << 20, "32768KiB": 32 << 20, "1024GiB": 1 << 40, "off": 0, "OFF": 0,
	}
	for s, want := range good {
		if got, err := parseSize(s); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	// Just past each bound, no number, an unknown unit, a sign, a number beyond int64.
	for _, s := range []string{"33554431", "31MiB", "1025GiB", "1099511627777", "", "MiB", "12 parsecs", "-200MiB",
		"+200MiB", "1.5GiB", "99999999999999999999", "9223372036854775807GiB"} {
		if got, err := parseSize(s); err == nil {
			t.Errorf("parseSize(%q) = %d, want an error", s, got)
		}
	}
}

func TestTheMemoryLimitIsTheFlagsThenTheConfigsThenTheEnvironmentsThenTheDefault(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "GOMEMLIMIT" {
				return v
			}
			return ""
		}
	}
	cases := []struct {
		name          string
		flag          string
		flagSet       bool
		config, goenv string
		want          int64
		set           bool
	}{
		{"nothing given", "", false, "", "", defaultMemoryLimit, true},
		{"the flag", "256MiB", true, "1GiB", "2GiB", 256 << 20, true},
		{"the flag says off", "off", true, "1GiB", "", 0, true},
		{"the config", "", false, "1GiB", "2GiB", 1 << 30, true},
		{"GOMEMLIMIT, which the runtime read", "", false, "", "2GiB", 0, false},
	}
	for _, c := range cases {
		got, set, err := memoryLimit(c.flag, c.flagSet, c.config, env(c.goenv))
		if err != nil || got != c.want || set != c.set {
			t.Errorf("%s: %d, %v, %v; want %d, %v", c.name, got, set, err, c.want, c.set)
		}
	}
}

func TestAMemoryLimitSetIsPutBack(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	restore := setMemoryLimit(context.Background(), 300<<20, true)
	if now := debug.SetMemoryLimit(-1); now != 300<<20 {
		t.Errorf("the limit set is %d, want %d", now, 300<<20)
	}
	restore()
	if after := debug.SetMemoryLimit(-1); after != before {
		t.Errorf("the limit after is %d, want %d as before", after, before)
	}
	// Off: no limit while it runs, the one before after.
	restore = setMemoryLimit(context.Background(), 0, true)
	if now := debug.SetMemoryLimit(-1); now != math.MaxInt64 {
		t.Errorf("off set the limit to %d", now)
	}
	restore()
	if after := debug.SetMemoryLimit(-1); after != before {
		t.Errorf("the limit after off is %d, want %d as before", after, before)
	}
	// Nothing to set (GOMEMLIMIT rules): nothing changes.
	setMemoryLimit(context.Background(), 300<<20, false)()
	if after := debug.SetMemoryLimit(-1); after != before {
		t.Errorf("the limit is %d, want %d untouched", after, before)
	}
}

func TestTheMemoryLimitStaysAQuarterAboveWhatIsLive(t *testing.T) {
	cases := []struct{ limit, live, want int64 }{
		{180 << 20, 0, 180 << 20},
		{180 << 20, 144 << 20, 180 << 20}, // a fifth below: as asked
		{180 << 20, 145 << 20, (145 << 20) * 5 / 4},
		{180 << 20, 300 << 20, 375 << 20},
	}
	for _, c := range cases {
		if got := adaptiveLimit(c.limit, c.live); got != c.want {
			t.Errorf("adaptiveLimit(%d, %d) = %d, want %d", c.limit, c.live, got, c.want)
		}
	}
}
