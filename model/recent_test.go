package model

import (
	"fmt"
	"testing"
	"time"
	"unsafe"
)

func TestRecentKeepsTheLatestPerAgentNewestFirst(t *testing.T) {
	rc := NewRecent(3, 2)
	for i := range 5 {
		r := resp(fmt.Sprint(i), day0.Add(time.Duration(i)*time.Minute), []int{9, 2, 8, 5, 10}[i], "q", "ana")
		rc.Add(&r)
	}
	ids := func(rs []Response) (s []string) {
		for _, r := range rs {
			s = append(s, r.ID)
		}
		return s
	}
	if got := fmt.Sprint(ids(rc.Agent("q", "ana", 0))); got != "[4 3 2]" {
		t.Errorf("agent history %s, want [4 3 2]", got)
	}
	if got := fmt.Sprint(ids(rc.Agent("q", "ana", 2))); got != "[4 3]" {
		t.Errorf("limited history %s", got)
	}
	if got := fmt.Sprint(ids(rc.Detractors(10, nil))); got != "[3 1]" {
		t.Errorf("detractors %s, want [3 1]", got)
	}
	if got := rc.Detractors(10, func(r *Response) bool { return r.Score < 3 }); len(got) != 1 || got[0].ID != "1" {
		t.Errorf("filtered detractors %v", got)
	}
	if rc.Agent("q", "nobody", 0) != nil {
		t.Error("history of an unknown agent")
	}
}

func TestRecentCopiesWhatItKeeps(t *testing.T) {
	buf := []byte("id-1 billing ana comment")
	s := string(buf) // stands for a read buffer that will be reused
	r := Response{ID: s[:4], Queue: s[5:12], Agent: s[13:16], Comment: s[17:], Time: day0, Score: 1}
	rc := NewRecent(2, 2)
	rc.Add(&r)
	r2 := r
	r2.ID = "id-2"
	rc.Add(&r2)
	got := rc.Agent("billing", "ana", 0)
	for _, k := range got {
		if unsafe.StringData(k.Comment) == unsafe.StringData(s[17:]) {
			t.Error("the comment still points into the read buffer")
		}
	}
	if unsafe.StringData(got[0].Queue) != unsafe.StringData(got[1].Queue) {
		t.Error("queue names are not interned")
	}
}

// Names are interned up to a bound: a feed of made-up segments does not grow the table forever.
func TestInterningIsBounded(t *testing.T) {
	n := names{}
	for i := range maxInterned + 500 {
		if got := n.intern(fmt.Sprint("segment-", i)); got != fmt.Sprint("segment-", i) {
			t.Fatalf("interned %q", got)
		}
	}
	if len(n) != maxInterned {
		t.Errorf("%d names interned, at most %d", len(n), maxInterned)
	}
}
