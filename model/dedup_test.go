package model

import (
	"fmt"
	"testing"
	"time"
)

func TestDedupCountsAnIdOnce(t *testing.T) {
	d := NewDedup()
	if d.Add("r-1", day0) {
		t.Fatal("first sight of r-1 is a duplicate")
	}
	if !d.Add("r-1", day0.Add(time.Hour)) {
		t.Fatal("second sight of r-1 is not a duplicate")
	}
	if d.Add("r-2", day0) {
		t.Fatal("r-2 is a duplicate of r-1")
	}
	if d.Len() != 2 {
		t.Fatalf("Len() = %d, want 2", d.Len())
	}
	d.Forget("r-1")
	if d.Add("r-1", day0) {
		t.Fatal("a forgotten id is still a duplicate")
	}
}

// fill adds n fresh ids stamped at t, enough to make the set sweep.
func fill(d *Dedup, prefix string, n int, t time.Time) {
	for i := range n {
		d.Add(fmt.Sprint(prefix, i), t)
	}
}

func TestDedupForgetsIdsOlderThanTheWindow(t *testing.T) {
	d := NewDedup()
	d.Add("old", day0)
	d.Add("recent", day0.Add(2*time.Hour))
	fill(d, "new-", 1<<17, day0.Add(DedupWindow+time.Hour))
	if d.Add("recent", day0.Add(2*time.Hour)) != true {
		t.Error("an id 47 h behind the newest was forgotten; the window is 48 h")
	}
	if d.Add("old", day0) != false {
		t.Error("an id 49 h behind the newest is still remembered after a sweep")
	}
	if d.Len() > 1<<17+3 {
		t.Errorf("Len() = %d: old ids were not dropped", d.Len())
	}
}

func TestDedupIgnoresTimesAboveTheCeiling(t *testing.T) {
	d := NewDedup()
	d.Ceil(day0.Add(time.Hour))
	d.Add("ok", day0)
	d.Add("from-a-broken-clock", time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC))
	fill(d, "x-", 1<<17, day0)
	if !d.Add("ok", day0) {
		t.Error("one response stamped 2099 made the set forget today's ids")
	}
}
