package feed

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
)

// testSink collects what a source emits.
type testSink struct {
	mu      sync.Mutex
	ids     []string
	rejects []Reject
	phases  []Phase
	clock   time.Time
	actions []model.Action
}

func (s *testSink) Emit(b *Batch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range b.Responses {
		s.ids = append(s.ids, strings.Clone(r.ID))
	}
	for _, r := range b.Rejects {
		r.Raw = strings.Clone(r.Raw)
		s.rejects = append(s.rejects, r)
	}
	return nil
}

func (s *testSink) SetState(p Phase, _ error, _ time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.phases = append(s.phases, p)
}

func (s *testSink) SetClock(t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock = t
}

func (s *testSink) Act(a model.Action) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.actions = append(s.actions, a)
}

func (s *testSink) got() (ids []string, rejects []Reject) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.ids...), append([]Reject(nil), s.rejects...)
}

// waitIDs waits until the sink holds n responses.
func (s *testSink) waitIDs(t *testing.T, n int) []string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ids, _ := s.got()
		if len(ids) >= n || time.Now().After(deadline) {
			return ids
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// follow starts following path; the returned function stops it and returns its error.
func follow(t *testing.T, path string) (*testSink, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	sink := &testSink{}
	src := &FollowSource{Path: path, Decoder: &Decoder{}, Poll: 5 * time.Millisecond}
	done := make(chan error, 1)
	go func() { done <- src.Run(ctx, sink) }()
	return sink, func() error { cancel(); return <-done }
}

func jsonLine(id string) string {
	return fmt.Sprintf(`{"id":%q,"ts":"2026-11-24T10:00:00Z","score":9,"queue":"q"}`, id) + "\n"
}

func appendTo(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

func TestFollowReadsALineWrittenInTwoHalvesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.jsonl")
	appendTo(t, path, jsonLine("1"))
	sink, stop := follow(t, path)
	sink.waitIDs(t, 1)
	line := jsonLine("2")
	appendTo(t, path, line[:20])
	time.Sleep(50 * time.Millisecond) // many polls see the half line
	if ids, rejects := sink.got(); len(ids) != 1 || len(rejects) != 0 {
		t.Fatalf("half a line was delivered: %v %v", ids, rejects)
	}
	appendTo(t, path, line[20:])
	if ids := sink.waitIDs(t, 2); fmt.Sprint(ids) != "[1 2]" {
		t.Fatalf("got %v", ids)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestFollowSurvivesRotationByRename(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "feed.jsonl")
	appendTo(t, path, jsonLine("1")+jsonLine("2"))
	sink, stop := follow(t, path)
	sink.waitIDs(t, 2)
	// The writer still has the old file open: lines written just before the rename, and just
	// after it, go to the old file; then it reopens the path.
	old, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	old.WriteString(jsonLine("3"))
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	old.WriteString(jsonLine("4"))
	old.Close()
	appendTo(t, path, jsonLine("5")+jsonLine("6"))
	if ids := sink.waitIDs(t, 6); fmt.Sprint(ids) != "[1 2 3 4 5 6]" {
		t.Fatalf("got %v", ids)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestFollowSurvivesCopyTruncate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.jsonl")
	w, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.WriteString(jsonLine("1") + jsonLine("2"))
	sink, stop := follow(t, path)
	sink.waitIDs(t, 2)
	// logrotate's copytruncate: copy the file away, then cut it; the writer goes on at zero.
	data, _ := os.ReadFile(path)
	os.WriteFile(path+".1", data, 0o644)
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	time.Sleep(30 * time.Millisecond) // the follower sees the file shrink
	w.WriteString(jsonLine("3") + jsonLine("4"))
	if ids := sink.waitIDs(t, 4); fmt.Sprint(ids) != "[1 2 3 4]" {
		t.Fatalf("got %v", ids)
	}
	if _, rejects := sink.got(); len(rejects) != 0 {
		t.Errorf("rejects %+v", rejects)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestFollowWaitsForAFileToAppear(t *testing.T) {
	path := filepath.Join(t.TempDir(), "later.csv")
	sink, stop := follow(t, path)
	time.Sleep(20 * time.Millisecond)
	sink.mu.Lock()
	waiting := len(sink.phases) > 0 && sink.phases[0] == Retrying
	sink.mu.Unlock()
	if !waiting {
		t.Error("a missing file is not reported as waited for")
	}
	appendTo(t, path, "id,ts,score,queue\n1,2026-11-24T10:00:00Z,8,q\n")
	if ids := sink.waitIDs(t, 1); fmt.Sprint(ids) != "[1]" {
		t.Fatalf("got %v", ids)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// A file cut and written again before the follower looks holds as much as before: its size
// gives nothing away, its content does.
func TestFollowNoticesAFileCutAndRewrittenAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.jsonl")
	w, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.WriteString(jsonLine("1") + jsonLine("2"))
	sink, stop := follow(t, path)
	sink.waitIDs(t, 2)
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	w.WriteString(jsonLine("3") + jsonLine("4") + jsonLine("5")) // lines of the same length
	if ids := sink.waitIDs(t, 5); fmt.Sprint(ids) != "[1 2 3 4 5]" {
		t.Fatalf("got %v", ids)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}
