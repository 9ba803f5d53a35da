package state

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
)

var t0 = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// stateEvents are one of each event: two alerts raised, one cleared, actions on the other.
func stateEvents() []model.AlertEvent {
	r := model.Response{ID: "x-1", Time: t0, Score: 2, Queue: "Billing", Agent: "Zoe", Customer: "C-1", Comment: "refund, now"}
	detractor := &model.Alert{ID: "r:x-1", Rule: model.RuleDetractor, Severity: model.High, Queue: "Billing", Agent: "Zoe",
		Response: &r, RaisedAt: t0, Due: t0.Add(4 * time.Hour)}
	queue := &model.Alert{ID: "below_target:Billing:1", Rule: model.RuleBelowTarget, Severity: model.Medium, Queue: "Billing",
		Facts: &model.Facts{Window: time.Hour, NPS: -12.25, HalfWidth: 9.0625, N: 64, Target: 20}, RaisedAt: t0, Due: t0.Add(24 * time.Hour)}
	worse := &model.Alert{ID: "worsening:Sales:1", Rule: model.RuleWorsening, Severity: model.High, Queue: "Sales",
		Facts:    &model.Facts{Window: 95 * time.Minute, NPS: -30.5, N: 41, Share: 55.25, Before: 31, Baseline: 28 * 24 * time.Hour, Usual: 9.5},
		RaisedAt: t0, Due: t0.Add(24 * time.Hour)}
	return []model.AlertEvent{
		{Raised: detractor}, {Raised: queue}, {Raised: worse},
		{Action: &model.Action{Kind: model.ActAcknowledge, Alert: "r:x-1", By: "ana", At: t0.Add(time.Minute)}},
		{Action: &model.Action{Kind: model.ActAssign, Alert: "r:x-1", By: "ana", At: t0.Add(2 * time.Minute), Owner: "bob"}},
		{Cleared: &model.Cleared{Alert: "below_target:Billing:1", At: t0.Add(time.Hour), Facts: model.Facts{Window: time.Hour, NPS: 25, HalfWidth: 8, N: 70, Target: 20}}},
		{Action: &model.Action{Kind: model.ActResolve, Alert: "r:x-1", By: "bob", At: t0.Add(3 * time.Minute), Note: "called back"}},
	}
}

func restored(t *testing.T, path string) (*model.Alerts, *Journal) {
	t.Helper()
	alerts := model.NewAlerts(model.DefaultRules())
	j, err := Open(path, alerts.Restore)
	if err != nil {
		t.Fatal(err)
	}
	return alerts, j
}

func checkRestored(t *testing.T, alerts *model.Alerts) {
	t.Helper()
	a, ok := alerts.Get("r:x-1")
	if !ok || a.State != model.StateResolved || a.AckBy() != "ana" || a.Owner() != "bob" || a.Note() != "called back" ||
		!a.Due.Equal(t0.Add(4*time.Hour)) || a.Response == nil || a.Response.Comment != "refund, now" ||
		a.Why() != "scored 2 in Billing, with Zoe" {
		t.Errorf("the detractor's alert came back as %+v", a)
	}
	q, ok := alerts.Get("below_target:Billing:1")
	if !ok || !q.ClearedAt().Equal(t0.Add(time.Hour)) || q.Cleared() != "Billing NPS +25 ±8 in the last 1h" || q.Open() ||
		q.Why() != "Billing NPS -12 ±9 in the last 1h, below target +20" {
		t.Errorf("the queue's alert came back as %+v", q)
	}
	w, ok := alerts.Get("worsening:Sales:1")
	if want := "Sales NPS -31 over the last 1h35m (41 responses) against +10 usually; detractors 55% against 31%"; !ok || w.Why() != want {
		t.Errorf("the worsening came back as %q, want %q", w.Why(), want)
	}
}

func TestTheStateJournalBringsEverythingBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deep", "state.jsonl") // its directory is made
	alerts, j := restored(t, path)
	if alerts.Len() != 0 {
		t.Fatal("a new journal holds alerts")
	}
	if err := j.Append(stateEvents()); err != nil {
		t.Fatal(err)
	}
	// Another dashboard cannot take the same journal...
	if _, err := Open(path, func(model.AlertEvent) {}); !errors.Is(err, ErrInUse) {
		t.Errorf("a second dashboard on the journal: %v", err)
	}
	// ... but the export can read it meanwhile.
	seen := model.NewAlerts(model.DefaultRules())
	if _, err := Read(path, seen.Restore); err != nil {
		t.Fatal(err)
	}
	checkRestored(t, seen)
	j.Close()

	alerts, j = restored(t, path)
	defer j.Close()
	checkRestored(t, alerts)
	if j.Torn != 0 {
		t.Errorf("a clean journal had %d torn lines", j.Torn)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), `"action":""`) || strings.Count(string(data), "\n") != len(stateEvents()) {
		t.Errorf("the journal is not one plain line an event:\n%s", data)
	}
}

// A crash in the middle of a write leaves a broken last line: it is cut off and counted, the
// events before it are back, and the next write begins a line of its own.
func TestATornLastLineIsCutOff(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.jsonl")
	_, j := restored(t, path)
	evs := stateEvents()
	if err := j.Append(evs[:5]); err != nil {
		t.Fatal(err)
	}
	j.Close()
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"action":"resolve","alert":"r:x-1","by":"bo`)
	f.Close()

	_, j = restored(t, path)
	if j.Torn != 1 {
		t.Errorf("torn = %d, want 1", j.Torn)
	}
	if err := j.Append(evs[5:]); err != nil {
		t.Fatal(err)
	}
	j.Close()
	alerts, j := restored(t, path)
	defer j.Close()
	checkRestored(t, alerts)
	if j.Torn != 0 {
		t.Errorf("the cut did not hold: torn = %d", j.Torn)
	}
}

// A whole line that is no event is damage no crash makes (a hand's edit, an older version's
// line): it is passed over, named and counted, and kept as it is, and the dashboard goes on
// saving. Only bytes after the last line end are ever cut.
func TestADamagedLineIsPassedOverAndKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.jsonl")
	_, j := restored(t, path)
	evs := stateEvents()
	j.Append(evs[:2])
	j.Close()
	data, _ := os.ReadFile(path)
	damaged := strings.Replace(string(data), `"raise"`, `"rai`, 1) + "{}\n" +
		`{"action":"resolve","alert":"r:x-1","by":"x","at":"10000-01-01T00:00:00Z"}` + "\n"
	os.WriteFile(path, []byte(damaged), 0o600)
	alerts, j := restored(t, path)
	if j.Damaged != 3 || len(j.DamagedAt) != 3 || !strings.HasPrefix(j.DamagedAt[0], path+":1: ") || !strings.Contains(j.DamagedAt[1], ":3: a line that is no event") {
		t.Errorf("damaged %d: %q", j.Damaged, j.DamagedAt)
	}
	if _, ok := alerts.Get("below_target:Billing:1"); !ok || alerts.Len() != 1 {
		t.Errorf("the lines around the damage were not restored: %d alerts", alerts.Len())
	}
	if err := j.Append(evs[2:3]); err != nil {
		t.Fatalf("after damaged lines the journal takes no more: %v", err)
	}
	j.Close()
	if after, _ := os.ReadFile(path); !strings.HasPrefix(string(after), damaged) {
		t.Error("the damaged lines were changed")
	}
	seen := model.NewAlerts(model.DefaultRules())
	if where, err := Read(path, seen.Restore); err != nil || len(where) != 3 {
		t.Errorf("the export: %v, passed over %q", err, where)
	}
}

// An event whose times no journal could read back (an action of year 10000) is set aside;
// those after it are written, and read back.
func TestAnEventThatCannotBeWrittenNeverHoldsUpTheOthers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.jsonl")
	_, j := restored(t, path)
	evs := stateEvents()
	bad := model.AlertEvent{Action: &model.Action{Kind: model.ActReopen, Alert: "r:x-1", By: "x", At: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}
	if err := j.Append(append([]model.AlertEvent{evs[0], bad}, evs[1:]...)); err != nil {
		t.Fatal(err)
	}
	if j.Skipped != 1 {
		t.Errorf("skipped %d, want 1", j.Skipped)
	}
	j.Close()
	alerts, j := restored(t, path)
	defer j.Close()
	checkRestored(t, alerts)
	if j.Damaged != 0 {
		t.Errorf("%d damaged lines written: %q", j.Damaged, j.DamagedAt)
	}
}

// A journal of weeks is compacted when opened: lines older than the alerts a dashboard keeps
// (and a day more) go to its archive, the journal keeps the rest, and the export reads both.
func TestOldLinesGoToTheArchive(t *testing.T) {
	defer func(v int64) { CompactOver = v }(CompactOver)
	CompactOver = 4 << 10
	path := filepath.Join(t.TempDir(), "state.jsonl")
	_, j := restored(t, path)
	src := model.NewAlerts(model.DefaultRules())
	var evs []model.AlertEvent
	for i := range 40 * 24 * 4 { // forty days, four detractors an hour: more than a case can be reopened in
		r := model.Response{ID: fmt.Sprint("a", i), Time: t0.Add(time.Duration(i) * 15 * time.Minute), Score: 2, Queue: "Q"}
		evs = append(evs, src.Observe(&r, time.Time{})...)
	}
	if err := j.Append(evs); err != nil {
		t.Fatal(err)
	}
	j.Close()
	before, _ := os.Stat(path)

	n := 0
	j, err := Open(path, func(model.AlertEvent) { n++ })
	if err != nil || j.CompactErr != nil {
		t.Fatal(err, j.CompactErr)
	}
	if n != len(evs) || j.Archived == 0 {
		t.Fatalf("replayed %d of %d events; archived %d bytes", n, len(evs), j.Archived)
	}
	// The lock holds on the new file, and it takes more lines.
	if _, err := Open(path, func(model.AlertEvent) {}); !errors.Is(err, ErrInUse) {
		t.Errorf("a second dashboard on the compacted journal: %v", err)
	}
	act := model.Action{Kind: model.ActAcknowledge, Alert: "r:a3839", By: "ana", At: t0.Add(960 * time.Hour)}
	if err := j.Append([]model.AlertEvent{{Action: &act}}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	after, _ := os.Stat(path)
	archive, _ := os.Stat(path + ".archive")
	if archive == nil || after.Size() >= before.Size()/2 || after.Size()+archive.Size() < before.Size() {
		t.Errorf("journal %d bytes before; after %d, archive %v", before.Size(), after.Size(), archive)
	}
	// A dashboard restarted reads about the last fifteen days (a customer's case can be reopened
	// for two weeks, and a day more); the export, all forty.
	recent := model.NewAlerts(model.DefaultRules())
	j, err = Open(path, recent.Restore)
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	if got := recent.Len(); got < 15*24*4-8 || got > 16*24*4 {
		t.Errorf("a restart replays %d alerts, want about fifteen days' %d", got, 15*24*4)
	}
	all := model.NewAlerts(model.DefaultRules())
	if _, err := Read(path, all.Restore); err != nil {
		t.Fatal(err)
	}
	if a, ok := all.Get("r:a3839"); all.Len() != len(evs) || !ok || a.State != model.StateAcknowledged {
		t.Errorf("the export reads %d alerts of %d", all.Len(), len(evs))
	}
}

// A journal written before alerts kept facts (its lines keep words: a "reason", a clearing's
// "why") is read, and says the same words.
func TestAJournalOfWordsIsStillRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.jsonl")
	old := `{"raise":{"id":"r:x-1","rule":"detractor","severity":"high","state":"new","queue":"Billing","agent":"Zoe","reason":"a VIP customer","raised_at":"2026-11-24T09:00:00Z","due":"2026-11-25T09:00:00Z","response_id":"x-1","response":{"id":"x-1","ts":"2026-11-24T09:00:00.000Z","score":5,"queue":"Billing","agent":"Zoe"}}}
{"raise":{"id":"s:x-2","rule":"streak","severity":"medium","state":"new","queue":"Billing","agent":"Zoe","reason":"3 detractors in a row within 12m","raised_at":"2026-11-24T09:10:00Z"}}
{"raise":{"id":"below_target:Billing:1","rule":"below_target","severity":"medium","state":"new","queue":"Billing","agent":"","reason":"Billing NPS -12 ±9 in the last 1h, below target +20","raised_at":"2026-11-24T09:00:00Z"}}
{"clear":{"alert":"below_target:Billing:1","at":"2026-11-24T10:00:00Z","why":"Billing NPS +25 in the last 1h"}}
`
	os.WriteFile(path, []byte(old), 0o600)
	alerts, j := restored(t, path)
	defer j.Close()
	for id, want := range map[string]string{"r:x-1": "scored 5 in Billing, with Zoe; a VIP customer", "s:x-2": "Zoe in Billing: 3 detractors in a row within 12m",
		"below_target:Billing:1": "Billing NPS -12 ±9 in the last 1h, below target +20"} {
		if a, ok := alerts.Get(id); !ok || a.Why() != want {
			t.Errorf("%s says %q, want %q", id, a.Why(), want)
		}
	}
	if a, _ := alerts.Get("below_target:Billing:1"); a.Cleared() != "Billing NPS +25 in the last 1h" {
		t.Errorf("it cleared as %q", a.Cleared())
	}
}

// A customer's later responses come back with their case after a restart: its severity, what
// it says, and a reopening by a detractor after it was resolved.
func TestACaseComesBackWithItsCustomersResponses(t *testing.T) {
	rules := model.DefaultRules()
	src := model.NewAlerts(rules)
	var evs []model.AlertEvent
	first := model.Response{ID: "c-1", Time: t0, Score: 2, Queue: "Billing", Customer: "C-7"}
	evs = append(evs, src.Observe(&first, time.Time{})...)
	resolve := model.Action{Kind: model.ActResolve, Alert: "r:c-1", By: "ana", At: t0.Add(time.Hour), Note: "called back"}
	src.Act(resolve, time.Time{})
	evs = append(evs, model.AlertEvent{Action: &resolve})
	again := model.Response{ID: "c-2", Time: t0.Add(5 * time.Hour), Score: 5, Queue: "Billing", Customer: "C-7", Comment: "still no refund"}
	evs = append(evs, src.Observe(&again, time.Time{})...)
	if len(evs) != 3 || evs[2].Joined == nil {
		t.Fatalf("events %+v", evs)
	}
	path := filepath.Join(t.TempDir(), "state.jsonl")
	_, j := restored(t, path)
	if err := j.Append(evs); err != nil {
		t.Fatal(err)
	}
	j.Close()
	back, j := restored(t, path)
	defer j.Close()
	c, ok := back.Get("r:c-1")
	if !ok || c.State != model.StateAcknowledged || c.Rule != model.RuleDetractor || len(c.Joined()) != 1 ||
		c.Joined()[0].Comment != "still no refund" || back.Len() != 1 {
		t.Errorf("the case came back as %+v, %d joined", c, len(c.Joined()))
	}
}
