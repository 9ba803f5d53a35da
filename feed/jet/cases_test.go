package jet

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/jet/jettest"
	"github.com/npsboard/npsboard/model"
)

// board is one dashboard's share of the cases: its own connection, what it heard, what it
// was told.
type board struct {
	cases *Cases
	mu    sync.Mutex
	acts  []model.Action
	told  []string
}

func newBoard(t *testing.T, url string) *board {
	t.Helper()
	_, js := connect(t, url)
	c, err := NewCases(js, BucketSpec{})
	if err != nil {
		t.Fatal(err)
	}
	b := &board{cases: c}
	c.Told = func(s string) { b.mu.Lock(); b.told = append(b.told, s); b.mu.Unlock() }
	return b
}

// watch delivers the bucket's actions to the board until the test ends.
func (b *board) watch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.cases.Watch(ctx, func(a model.Action) { b.mu.Lock(); b.acts = append(b.acts, a); b.mu.Unlock() })
	}()
	t.Cleanup(func() { cancel(); <-done })
}

func (b *board) heard(kind model.ActionKind, by string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, a := range b.acts {
		if a.Kind == kind && a.By == by {
			return true
		}
	}
	return false
}

func (b *board) toldOf() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.told...)
}

var at = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func alert(id string) *model.Alert { return &model.Alert{ID: id, RaisedAt: at} }

func TestKeysAreValidAndDistinct(t *testing.T) {
	valid := regexp.MustCompile(`^[-/_=\.a-zA-Z0-9]+$`)
	seen := map[string]string{}
	for _, id := range []string{"r:1042", "r:1042 ", "worsening:Billing:2026-12-01T10:00", "=", "~", "a.b", "a/b", "Zürich", "x"} {
		k := Key(id)
		if !valid.MatchString(k) || strings.ContainsAny(k, "./") {
			t.Errorf("Key(%q) = %q, not a plain key", id, k)
		}
		if other, ok := seen[k]; ok {
			t.Errorf("Key(%q) = Key(%q) = %q", id, other, k)
		}
		seen[k] = id
	}
}

func TestTwoDashboardsRaisingACaseMakeOne(t *testing.T) {
	srv := jettest.RunServer(t, t.TempDir(), 0)
	a, b := newBoard(t, srv.ClientURL()), newBoard(t, srv.ClientURL())
	var wg sync.WaitGroup
	for _, d := range []*board{a, b} {
		wg.Go(func() {
			if err := d.cases.Raise([]*model.Alert{alert("r:1"), alert("r:2")}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	kv, _ := a.cases.bucket(context.Background())
	for _, id := range []string{"r:1", "r:2"} {
		hist, err := kv.History(context.Background(), Key(id))
		if err != nil || len(hist) != 1 || hist[0].Revision() == 0 {
			t.Errorf("%s: %d revisions (%v); one dashboard made it, the other left it", id, len(hist), err)
		}
	}
}

func TestActionsAreSharedAtOnceAndCaughtUp(t *testing.T) {
	srv := jettest.RunServer(t, t.TempDir(), 0)
	ana, ben := newBoard(t, srv.ClientURL()), newBoard(t, srv.ClientURL())
	ben.watch(t)
	if err := ana.cases.Raise([]*model.Alert{alert("r:7")}); err != nil {
		t.Fatal(err)
	}
	ack := model.Action{Kind: model.ActAcknowledge, Alert: "r:7", By: "ana", At: at.Add(time.Minute)}
	if err := ana.cases.Post([]model.Action{ack}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "ben never heard of ana's acknowledgement", func() bool { return ben.heard(model.ActAcknowledge, "ana") })
	// Posting again (a retry after a timeout) adds nothing.
	if err := ana.cases.Post([]model.Action{ack}); err != nil {
		t.Fatal(err)
	}
	kv, _ := ana.cases.bucket(context.Background())
	e, _ := kv.Get(context.Background(), Key("r:7"))
	if rec, _ := parseCase(e.Value()); len(rec.Actions) != 1 || !rec.Raised.Equal(at) {
		t.Errorf("the case holds %d actions, raised %v", len(rec.Actions), rec.Raised)
	}
	// A dashboard that starts later catches up from the bucket.
	cyd := newBoard(t, srv.ClientURL())
	cyd.watch(t)
	waitFor(t, 5*time.Second, "a new dashboard never caught up", func() bool { return cyd.heard(model.ActAcknowledge, "ana") })
	if len(ana.toldOf())+len(ben.toldOf()) != 0 {
		t.Errorf("told %q %q with no one acting at once", ana.toldOf(), ben.toldOf())
	}
}

// Ana and Ben look at the same case; Ana takes it, and Ben, who had not seen that yet, takes it
// too: Ben is told Ana was first, and both actions are in the case, in the order they were done.
func TestTwoSupervisorsActingAtOnce(t *testing.T) {
	srv := jettest.RunServer(t, t.TempDir(), 0)
	ana, ben := newBoard(t, srv.ClientURL()), newBoard(t, srv.ClientURL())
	if err := ana.cases.Raise([]*model.Alert{alert("r:9")}); err != nil {
		t.Fatal(err)
	}
	kv, _ := ana.cases.bucket(context.Background())
	e, _ := kv.Get(context.Background(), Key("r:9"))
	ben.cases.saw(Key("r:9"), e.Revision(), 0) // Ben's screen shows the case as raised

	if err := ana.cases.Post([]model.Action{{Kind: model.ActAssign, Alert: "r:9", By: "ana", Owner: "ana", At: at.Add(time.Minute)}}); err != nil {
		t.Fatal(err)
	}
	if err := ben.cases.Post([]model.Action{{Kind: model.ActAssign, Alert: "r:9", By: "ben", Owner: "ben", At: at.Add(time.Minute + time.Second)}}); err != nil {
		t.Fatal(err)
	}
	told := ben.toldOf()
	if len(told) != 1 || !strings.HasPrefix(told[0], "ana assigned r:9 at ") {
		t.Errorf("ben was told %q", told)
	}
	if len(ana.toldOf()) != 0 {
		t.Errorf("ana, who was first, was told %q", ana.toldOf())
	}
	e, _ = kv.Get(context.Background(), Key("r:9"))
	rec, _ := parseCase(e.Value())
	if len(rec.Actions) != 2 || rec.Actions[0].By != "ana" || rec.Actions[1].By != "ben" {
		t.Errorf("the case holds %+v", rec.Actions)
	}
	// Ben, now up to date, acts again: nobody is told anything.
	if err := ben.cases.Post([]model.Action{{Kind: model.ActResolve, Alert: "r:9", By: "ben", Outcome: "resolved_on_call", At: at.Add(2 * time.Minute)}}); err != nil {
		t.Fatal(err)
	}
	if len(ben.toldOf()) != 1 {
		t.Errorf("ben was told %q", ben.toldOf())
	}
}

// Whoever can write to the bucket can put anything in it: a dashboard skips and counts what no
// dashboard wrote, and goes on hearing the rest.
func TestABucketOfGarbageIsSkipped(t *testing.T) {
	srv := jettest.RunServer(t, t.TempDir(), 0)
	ana, ben := newBoard(t, srv.ClientURL()), newBoard(t, srv.ClientURL())
	kv, err := ana.cases.bucket(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	future := feed.ActionToJSON(&model.Action{Kind: "explode", Alert: "r:1", By: "x", At: at})
	body, _ := jsonOf(caseRecord{Alert: "r:1", Actions: []*feed.ActionJSON{future}})
	for key, v := range map[string]string{"a": "not json", "b": `{"actions":[null]}`, "c": `{"actions":` + strings.Repeat("[", 100) + `}`, "d": string(body)} {
		if _, err := kv.Put(ctx, key, []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	ben.watch(t)
	waitFor(t, 5*time.Second, "the garbage was not all counted", func() bool { return ben.cases.Bad.Load() == 4 })
	if err := ana.cases.Post([]model.Action{{Kind: model.ActAcknowledge, Alert: "a", By: "ana", At: at}}); err != nil {
		t.Fatal(err) // over a garbage value: replaced by a case
	}
	waitFor(t, 5*time.Second, "ben never heard of the action after the garbage", func() bool { return ben.heard(model.ActAcknowledge, "ana") })
	if n := ben.cases.Bad.Load(); n != 4 {
		t.Errorf("counted %d bad values and actions, want 4", n)
	}
}

func jsonOf(v any) ([]byte, error) { return json.Marshal(v) }

// The revisions a dashboard remembers are bounded: past the bound they are let go, and an
// action is still shared.
func TestTheRevisionsSeenAreBounded(t *testing.T) {
	srv := jettest.RunServer(t, t.TempDir(), 0)
	b := newBoard(t, srv.ClientURL())
	for i := range maxSeenCases + 10 {
		b.cases.saw(fmt.Sprint("k", i), 1, 0)
	}
	if n := len(b.cases.revs); n > maxSeenCases {
		t.Fatalf("%d revisions remembered, past %d", n, maxSeenCases)
	}
	if err := b.cases.Post([]model.Action{{Kind: model.ActAcknowledge, Alert: "r:1", By: "ana", At: at}}); err != nil {
		t.Fatal(err)
	}
}
