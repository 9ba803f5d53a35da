package tui

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/npsboard/npsboard/model"
)

// The queue of waiting comments gives back what was pushed, oldest first, through drops, pops,
// texts longer than a block and emptying; it holds the room of what waits and little more, and
// at a live pace (a comment, then it is cut) it allocates nothing.
func TestACommentQueueHoldsWhatWaitsAndNoMore(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	type want struct {
		at    int64
		class model.Class
		who   uint32
		text  string
	}
	var q commentQueue
	var ref []want
	var at int64
	for step := range 60000 {
		switch k := rng.IntN(100); {
		case k < 70:
			n := rng.IntN(120)
			if rng.IntN(5000) == 0 {
				n = textBlock + rng.IntN(1000) // a record's worth of comment
			}
			w := want{at, model.Class(rng.IntN(3)), uint32(rng.IntN(1 << 20)), strings.Repeat(string(rune('a'+step%26)), n)}
			q.Push(w.at, w.class, w.who, w.text)
			ref = append(ref, w)
			at++
		case k < 95 && len(ref) > 0:
			c, text := q.Pop()
			if got := (want{c.at, c.class(), c.who(), text}); got != ref[0] {
				t.Fatalf("step %d: popped %v, want %v", step, got, ref[0])
			}
			ref = ref[1:]
		case k < 96:
			n := rng.IntN(len(ref) + 10)
			q.Drop(n)
			ref = ref[min(n, len(ref)):]
		}
		if q.Len() != len(ref) {
			t.Fatalf("step %d: %d wait, want %d", step, q.Len(), len(ref))
		}
		bytes := 0
		for _, w := range ref {
			bytes += len(w.text)
		}
		if records, held := q.held(); records > len(ref)+2*queueChunk || held > bytes+3*textBlock+2000 {
			t.Fatalf("step %d: %d records and %d bytes held for %d waiting, %d bytes", step, records, held, len(ref), bytes)
		}
	}
	q.Drop(q.Len())
	if allocs := testing.AllocsPerRun(1000, func() {
		q.Push(1, model.Detractor, 7, "the engineer never came")
		if c, text := q.Pop(); c.who() != 7 || text != "the engineer never came" {
			panic(fmt.Sprint(c, text))
		}
	}); allocs > 1 { // the popped text's copy
		t.Errorf("a comment at a live pace allocates %v times", allocs)
	}
}
