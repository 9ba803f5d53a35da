package feed

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

// A file's names come out as one copy each, shared by every response whatever goroutine
// decoded it, not each inside its block of the input. Past the limit of shared names (90,000
// agents) they come out as read, still right.
func TestAFilesNamesAreSharedCopies(t *testing.T) {
	var in strings.Builder
	const n = 90_000 // several blocks, and more agents than the limit shares
	for i := range n {
		fmt.Fprintf(&in, `{"id":"r%d","ts":"2026-11-24T10:00:00Z","score":9,"queue":"Q%d","agent":"a%d","team":"T","channel":"voice","site":"Leeds","segment":"vip"}`+"\n", i, i%3, i)
	}
	names := map[string]*byte{}
	agents := 0
	err := ReadJSONLines(context.Background(), strings.NewReader(in.String()), &Decoder{}, func(b *Batch) error {
		for i := range b.Responses {
			r := &b.Responses[i]
			if want := fmt.Sprint("a", r.ID[1:]); r.Agent != want {
				return fmt.Errorf("%s: agent %q, want %q", r.ID, r.Agent, want)
			}
			agents++
			for _, name := range []string{r.Queue, r.Team, r.Channel, r.Site, r.Segment} {
				if p, ok := names[name]; ok && p != unsafe.StringData(name) {
					return fmt.Errorf("%s: a second copy of %q", r.ID, name)
				}
				names[name] = unsafe.StringData(name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if agents != n || len(names) != 3+4 {
		t.Fatalf("%d responses, %d distinct names: %v", agents, len(names), names)
	}
}
