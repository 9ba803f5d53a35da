package main

import (
	"context"
	"errors"
	"math"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// defaultMemoryLimit is the dashboard's soft memory limit (Go's runtime/debug.SetMemoryLimit):
// the heap the collector keeps under by working harder, not a cap that fails. Without one the
// collector lets the heap grow to twice what is live, and a month of a large center's history
// loaded at once peaks near 230 MB; with it, under 190 MB, for about a tenth more CPU while
// it loads. A screen whose live data outgrow it still runs: the runtime then bounds the
// collector's share of the CPU (about half) rather than stall.
const defaultMemoryLimit = 180 << 20

// Bounds of --memory-limit: below 32 MiB the collector would run all the time on a small
// floor; a TiB is far beyond any screen's needs.
const (
	minMemoryLimit = 32 << 20
	maxMemoryLimit = 1 << 40
)

// parseSize reads a size in bytes: a whole number with an optional unit (B, KB, MB, GB in
// powers of 1000; KiB, MiB, GiB in powers of 1024), or "off" for no limit (0).
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "off") {
		return 0, nil
	}
	digits := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if digits < 0 {
		digits = len(s)
	}
	n, err := strconv.ParseInt(s[:digits], 10, 64)
	if err != nil || digits == 0 {
		return 0, errors.New("want a size such as 180MiB, 1GiB or 200MB, or off")
	}
	units := map[string]int64{"": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30}
	u, ok := units[strings.ToLower(strings.TrimSpace(s[digits:]))]
	if !ok {
		return 0, errors.New("want a size such as 180MiB, 1GiB or 200MB, or off: unknown unit " + strconv.Quote(s[digits:]))
	}
	if n > maxMemoryLimit/u || n*u < minMemoryLimit {
		return 0, errors.New("want 32MiB to 1024GiB, or off")
	}
	return n * u, nil
}

// memoryLimit is the dashboard's soft memory limit, and whether to set it: the flag's, else
// the config's, else none to set when GOMEMLIMIT is in the environment (the runtime has taken
// it already), else the default. A limit of 0 is none.
func memoryLimit(flagValue string, flagSet bool, configValue string, getenv func(string) string) (limit int64, set bool, err error) {
	switch {
	case flagSet:
		limit, err = parseSize(flagValue)
	case configValue != "":
		limit, err = parseSize(configValue)
	case getenv("GOMEMLIMIT") != "":
		return 0, false, nil
	default:
		limit = defaultMemoryLimit
	}
	return limit, err == nil, err
}

// setMemoryLimit sets the runtime's soft memory limit when set says so (0: none), and keeps it
// above what is live (adaptiveLimit) until ctx ends; it returns what puts the limit before
// back (tests run many dashboards in one process).
func setMemoryLimit(ctx context.Context, limit int64, set bool) (restore func()) {
	if !set {
		return func() {}
	}
	if limit == 0 {
		old := debug.SetMemoryLimit(math.MaxInt64)
		return func() { debug.SetMemoryLimit(old) }
	}
	old := debug.SetMemoryLimit(limit)
	ctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		// What is live is measured at each collection's end: a tenth of a second follows a
		// history loading at the pace of its collections.
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		set := limit
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				continue
			}
			if l := adaptiveLimit(limit, int64(min(sample[0].Value.Uint64(), math.MaxInt64/2))); l != set {
				debug.SetMemoryLimit(l)
				set = l
			}
		}
	}()
	return func() {
		stop()
		<-done
		debug.SetMemoryLimit(old)
	}
}

// adaptiveLimit is the limit the collector is given while live bytes are live: the one asked
// for, until what is live comes within a fifth of it; then a quarter again what is live. A
// limit just above what is live would make the collector run all the time (the runtime then
// lets it take half the CPU: a screen of a large day loads twice as slowly); this costs at most
// what a collector aiming at 1.25 times what is live costs.
func adaptiveLimit(limit, live int64) int64 { return max(limit, live+live/4) }
