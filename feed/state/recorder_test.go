package state

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
)

// fullDisk fails its first writes as a full disk does.
type fullDisk struct {
	failures int
	kept     []model.AlertEvent
}

func (d *fullDisk) Append(evs []model.AlertEvent) error {
	if d.failures > 0 {
		d.failures--
		return syscall.ENOSPC
	}
	d.kept = append(d.kept, evs...)
	return nil
}

// A journal that cannot be written (a full disk) does not stop the dashboard: the recorder
// says so, keeps the events, writes them once it can, and says that too.
func TestTheRecorderSaysWhenActionsAreNotSaved(t *testing.T) {
	disk := &fullDisk{failures: 3}
	var said []string
	rec := NewRecorder(disk, nil, func(s string) { said = append(said, s) })
	rec.Retry = 5 * time.Millisecond
	act := model.Action{Kind: model.ActAcknowledge, Alert: "r:1", By: "ana", At: time.Now()}
	rec.Record([]model.AlertEvent{{Action: &act}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { rec.Run(ctx); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for len(rec.pending()) > 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if len(said) != 2 || !strings.Contains(said[0], "actions are not being saved: no space left on device") || said[1] != "" {
		t.Errorf("said %q, want the failure then its end", said)
	}
	if len(disk.kept) != 1 || disk.kept[0].Action.Alert != "r:1" {
		t.Errorf("kept %v, want the action once", disk.kept)
	}
	// The state journal refuses what is no file: /dev/zero would be read forever.
	if _, err := Open("/dev/zero", func(model.AlertEvent) {}); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("/dev/zero as a journal: %v", err)
	}
}

// A state journal that cannot be opened does not stop the dashboard; one that another holds
// does, with a clear error.
func TestAStateJournalThatCannotBeOpened(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, nil, 0o644)
	alerts := model.NewAlerts(model.DefaultRules())
	j, unsaved, err := Restore(filepath.Join(file, "state.jsonl"), alerts) // a file where a directory should be
	if err != nil || j != nil || !strings.HasPrefix(unsaved, "actions are not being saved: ") {
		t.Errorf("an unusable path: %v %q %v", j, unsaved, err)
	}
	path := filepath.Join(dir, "state.jsonl")
	first, _, err := Restore(path, alerts)
	if err != nil || first == nil {
		t.Fatal(err)
	}
	defer first.Close()
	if _, _, err := Restore(path, alerts); !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "give this one its own --state") {
		t.Errorf("a journal in use: %v", err)
	}
}

// A journal of weeks restores only the days of alerts a screen keeps, forgetting the rest as
// it replays.
func TestRestoringAJournalOfWeeksKeepsDays(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.jsonl")
	j, err := Open(path, func(model.AlertEvent) {})
	if err != nil {
		t.Fatal(err)
	}
	src := model.NewAlerts(model.DefaultRules())
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var evs []model.AlertEvent
	for i := range 21 * 24 * 10 { // three weeks, ten detractors an hour
		r := model.Response{ID: fmt.Sprint("w", i), Time: t0.Add(time.Duration(i) * 6 * time.Minute), Score: 3, Queue: "Q"}
		evs = append(evs, src.Observe(&r, time.Time{})...)
	}
	if err := j.Append(evs); err != nil {
		t.Fatal(err)
	}
	j.Close()
	alerts := model.NewAlerts(model.DefaultRules())
	j, unsaved, err := Restore(path, alerts)
	if err != nil || unsaved != "" {
		t.Fatal(err, unsaved)
	}
	defer j.Close()
	// 72 hours of ten an hour, give or take the edge.
	if n := alerts.Len(); n < 715 || n > 725 {
		t.Errorf("%d alerts restored from three weeks, want the last three days' 720", n)
	}
	if _, ok := alerts.Get("r:w5039"); !ok {
		t.Error("the newest alert was not restored")
	}
}

// pending is what the recorder has still to write.
func (r *Recorder) pending() []model.AlertEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.queue
}

// Alerts raised here are shared (a bucket's keys) before the actions on them, again until the
// sharing takes them, and never those another dashboard raised.
func TestTheRecorderRaisesWhatItRaised(t *testing.T) {
	var posted []string
	var raised []string
	down := 2
	rec := NewRecorder(nil, func(acts []model.Action) error {
		for _, a := range acts {
			posted = append(posted, a.Alert)
		}
		return nil
	}, nil)
	rec.Raise = func(as []*model.Alert) error {
		if down > 0 {
			down--
			return errors.New("no servers")
		}
		for _, a := range as {
			raised = append(raised, a.ID)
		}
		return nil
	}
	act := model.Action{Kind: model.ActAcknowledge, Alert: "r:1", By: "ana", At: time.Now()}
	rec.Record([]model.AlertEvent{{Raised: &model.Alert{ID: "r:1"}}, {Raised: &model.Alert{ID: "r:2"}, Remote: true}, {Action: &act}})
	for range 2 {
		rec.Flush()
		if len(raised)+len(posted) != 0 || rec.Saving() == "" {
			t.Fatalf("with the sharing down: raised %q, posted %q, saying %q", raised, posted, rec.Saving())
		}
	}
	rec.Flush()
	if fmt.Sprint(raised, posted) != "[r:1] [r:1]" || rec.Saving() != "" {
		t.Errorf("raised %q, posted %q, saying %q", raised, posted, rec.Saving())
	}
	rec.Flush()
	if len(raised) != 1 || len(posted) != 1 {
		t.Errorf("shared again: %q %q", raised, posted)
	}
}
