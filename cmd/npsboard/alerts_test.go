package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/relay"
	"github.com/npsboard/npsboard/feed/state"
	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/tui"
)

// desk is a dashboard as `npsboard --ws` wires it, without a terminal: its own pump, state
// journal and recorder, and a model that the test presses keys on.
type desk struct {
	t       *testing.T
	mu      sync.Mutex
	m       *tui.Model
	alerts  *model.Alerts
	journal *state.Journal
	rec     *state.Recorder
	stop    func()
}

func openDesk(t *testing.T, user, stream, statePath string) *desk {
	t.Helper()
	d := &desk{t: t}
	d.alerts, d.journal = journaled(t, statePath, model.DefaultRules())
	src := &feed.WSSource{URL: stream, Decoder: &feed.Decoder{Location: time.UTC}, Header: http.Header{"Authorization": {"Bearer s3cret"}},
		MinBackoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond}
	post := relay.Poster(src)
	if post == nil {
		t.Fatalf("no relay for %s", stream)
	}
	d.rec = state.NewRecorder(d.journal, post, nil)
	d.rec.Retry = 20 * time.Millisecond
	theme, _ := tui.ThemeNamed("dark")
	d.m = tui.New(nil, tui.Options{Window: model.AllTime(), Theme: theme, Location: time.UTC,
		Alerts: d.alerts, User: user, Record: d.rec.Record})
	d.m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})

	ctx, cancel := context.WithCancel(context.Background())
	pump := feed.NewPump(model.NewDedup())
	pump.Every = 20 * time.Millisecond
	var wg sync.WaitGroup
	wg.Go(func() {
		pump.Run(ctx, src, func(u feed.Update) bool {
			d.mu.Lock()
			defer d.mu.Unlock()
			d.m.Update(toScreen(u))
			return true
		})
	})
	wg.Go(func() { d.rec.Run(ctx) })
	d.stop = func() { cancel(); wg.Wait(); d.journal.Close() }
	t.Cleanup(func() { d.stop() })
	return d
}

func (d *desk) press(keys ...string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, k := range keys {
		msg := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
		if k == "enter" {
			msg = tea.KeyMsg{Type: tea.KeyEnter}
		}
		d.m.Update(msg)
	}
}

// until waits for what the desk's alert id shows to satisfy ok.
func (d *desk) until(id, what string, ok func(a *model.Alert) bool) {
	d.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		d.mu.Lock()
		a, found := d.alerts.Get(id)
		done := found && ok(a)
		d.mu.Unlock()
		if done {
			return
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("never saw %s: %s", id, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Two supervisors, one relay: what one does to an alert the other sees, and a third dashboard
// that connects later, after the relay restarted, sees all of it. Nothing is sent twice.
func TestTwoDashboardsShareActionsThroughARelay(t *testing.T) {
	dir := t.TempDir()
	relayAddr := freeAddr(t)
	tokenFile := filepath.Join(dir, "token")
	os.WriteFile(tokenFile, []byte("s3cret\n"), 0o600)
	journal := filepath.Join(dir, "relay.jsonl")
	r := &relayProcess{t: t, args: []string{"relay", "--journal", journal, "--token-file", tokenFile, "--listen", relayAddr}}
	r.start()
	defer func() { r.stop() }()
	stream := "ws://" + relayAddr + "/v1/stream"

	at := time.Now().UTC().Add(-2 * time.Minute).Format(time.RFC3339)
	body := fmt.Sprintf(`{"id":"c-1","ts":%q,"score":2,"queue":"Billing","agent":"Zoe","comment":"I want a refund"}
{"id":"c-2","ts":%q,"score":9,"queue":"Billing","agent":"Zoe"}
{"id":"c-3","ts":%q,"score":3,"queue":"Sales","agent":"Yan"}
`, at, at, at)
	req, _ := http.NewRequest("POST", "http://"+relayAddr+"/v1/responses", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer s3cret")
	req.Header.Set("Content-Type", "application/x-ndjson")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("posting responses: %v %v", err, resp)
	}
	resp.Body.Close()

	ana := openDesk(t, "ana", stream, filepath.Join(dir, "ana.jsonl"))
	bob := openDesk(t, "bob", stream, filepath.Join(dir, "bob.jsonl"))
	for _, d := range []*desk{ana, bob} {
		d.until("r:c-1", "raised", func(*model.Alert) bool { return true })
		d.until("r:c-3", "raised", func(*model.Alert) bool { return true })
		d.press("!") // the high alert of c-1 comes first
	}

	ana.press("a")
	bob.until("r:c-1", "acknowledged by ana", func(a *model.Alert) bool { return a.State == model.StateAcknowledged && a.AckBy() == "ana" })
	bob.press("o", "enter") // bob takes it over
	ana.until("r:c-1", "owned by bob", func(a *model.Alert) bool { return a.Owner() == "bob" })
	bob.press("r", "2", "c", "a", "l", "l", "e", "d", "enter") // no answer, and a note
	ana.until("r:c-1", "resolved by bob", func(a *model.Alert) bool {
		return a.State == model.StateResolved && a.ResolvedBy() == "bob" && a.Note() == "called" && a.Outcome() == "no_answer"
	})
	if a, _ := ana.alerts.Get("r:c-3"); a.State != model.StateNew {
		t.Errorf("c-3 was not touched, yet it is %v", a.State)
	}

	// The relay restarts; a third dashboard starts from nothing and gets the whole story.
	r.stop()
	r.start()
	cy := openDesk(t, "cy", stream, filepath.Join(dir, "cy.jsonl"))
	cy.until("r:c-1", "the whole story", func(a *model.Alert) bool {
		return a.State == model.StateResolved && a.AckBy() == "ana" && a.Owner() == "bob" && a.Note() == "called" && a.Outcome() == "no_answer" && len(a.Actions()) == 3
	})

	// Each action is in the relay's journal once: dashboards do not send back what they hear.
	time.Sleep(100 * time.Millisecond) // time for an echo, were there one
	data, _ := os.ReadFile(journal)
	if n := strings.Count(string(data), `"action":`); n != 3 {
		t.Errorf("the relay's journal holds %d actions, want 3:\n%s", n, data)
	}
	// And each supervisor's own journal keeps all three.
	for _, d := range []*desk{ana, bob} {
		d.stop()
	}
	for _, name := range []string{"ana", "bob"} {
		alerts := model.NewAlerts(model.DefaultRules())
		if _, err := state.Read(filepath.Join(dir, name+".jsonl"), alerts.Restore); err != nil {
			t.Fatal(err)
		}
		if a, ok := alerts.Get("r:c-1"); !ok || len(a.Actions()) != 3 || a.State != model.StateResolved {
			t.Errorf("%s's journal does not hold the three actions", name)
		}
	}
}

// The restart test: a dashboard process acknowledges alerts one after another and is killed
// (SIGKILL) at some point; started again, every action it had finished is there, and the
// journal goes on.
func TestAKilledDashboardLosesNoAction(t *testing.T) {
	if os.Getenv("NPSBOARD_ACTOR") != "" {
		return // the child's work is done by actorMain
	}
	statePath := filepath.Join(t.TempDir(), "state.jsonl")
	for round, killAfter := range []int{7, 31} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestActor$")
		cmd.Env = append(os.Environ(), "NPSBOARD_ACTOR="+statePath)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Each line is an alert the child acknowledged and saw kept.
		done := map[string]bool{}
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if id, ok := strings.CutPrefix(sc.Text(), "kept "); ok {
				done[id] = true
			}
			if len(done) == killAfter {
				cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
		cmd.Wait()
		if len(done) != killAfter {
			t.Fatalf("round %d: the child kept %d actions before it died", round, len(done))
		}
		alerts := model.NewAlerts(model.DefaultRules())
		j, err := state.Open(statePath, alerts.Restore)
		if err != nil {
			t.Fatalf("round %d: after the kill: %v", round, err)
		}
		for id := range done {
			a, ok := alerts.Get(id)
			if !ok || a.State != model.StateAcknowledged || a.AckBy() != "actor" {
				t.Errorf("round %d: %s lost its acknowledgement", round, id)
			}
		}
		j.Close()
	}
}

// TestActor is the child of TestAKilledDashboardLosesNoAction: a dashboard whose supervisor
// acknowledges alert after alert, saying each one once it is kept.
func TestActor(t *testing.T) {
	statePath := os.Getenv("NPSBOARD_ACTOR")
	if statePath == "" {
		t.Skip("run by TestAKilledDashboardLosesNoAction")
	}
	alerts, j := journaled(t, statePath, model.DefaultRules())
	rec := state.NewRecorder(j, nil, nil)
	theme, _ := tui.ThemeNamed("dark")
	m := tui.New(nil, tui.Options{Window: model.AllTime(), Theme: theme, Location: time.UTC, Alerts: alerts, User: "actor", Record: rec.Record})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	now := time.Now().UTC()
	rs := make([]model.Response, 400)
	for i := range rs {
		rs[i] = model.Response{ID: "k-" + strconv.Itoa(i), Time: now.Add(-time.Hour + time.Duration(i)*time.Second), Score: 3, Queue: "Billing",
			Agent: "A" + strconv.Itoa(i)}
	}
	m.Update(tui.Update{Responses: rs, Status: tui.Status{Clock: now, State: tui.Live}})
	rec.Flush()
	press := func(k string) { m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}) }
	press("!")
	press("f") // the filters; the state after open is new: each acknowledged leaves the list, and the next is selected
	m.Update(tea.KeyMsg{Type: tea.KeyDown})
	m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	for range rs {
		before := alerts.List(model.FilterNew, "", now)
		press("a")
		after := map[string]bool{}
		for _, a := range alerts.List(model.FilterNew, "", now) {
			after[a.ID] = true
		}
		var id string
		for _, a := range before {
			if !after[a.ID] {
				id = a.ID
			}
		}
		rec.Flush()
		if id == "" || rec.Saving() != "" {
			t.Fatalf("nothing acknowledged, or not kept: %s", rec.Saving())
		}
		fmt.Printf("kept %s\n", id)
	}
}

// `npsboard alerts` prints a state journal for the records: JSON with the fields the records
// need, CSV with the same columns, a table; while a dashboard holds the journal too.
func TestAlertsExport(t *testing.T) {
	statePath := filepath.Join(t.TempDir(), "state.jsonl")
	rules := model.DefaultRules()
	rules.OpenAt = model.Low // a case for every detractor
	alerts, j := journaled(t, statePath, rules)
	defer j.Close() // held, as by a running dashboard
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	var evs []model.AlertEvent
	for i, score := range []int8{2, 5, 10, 6} {
		r := model.Response{ID: fmt.Sprintf("x-%d", i), Time: t0.Add(time.Duration(i) * time.Minute), Score: score, Queue: "Billing",
			Agent: "Zoe", Customer: fmt.Sprint("C-9", i), Comment: "a \x1b[31mred\x1b[0m, \"quoted\"\nword"}
		evs = append(evs, alerts.Observe(&r, time.Time{})...)
	}
	acts := []model.Action{
		{Kind: model.ActAcknowledge, Alert: "r:x-0", By: "ana", At: t0.Add(time.Hour)},
		{Kind: model.ActAssign, Alert: "r:x-0", By: "ana", At: t0.Add(61 * time.Minute), Owner: "bob"},
		{Kind: model.ActResolve, Alert: "r:x-0", By: "bob", At: t0.Add(2 * time.Hour), Note: "called back; refund sent", Outcome: "refund"},
	}
	for i := range acts {
		alerts.Act(acts[i], time.Time{})
		evs = append(evs, model.AlertEvent{Action: &acts[i]})
	}
	if err := j.Append(evs); err != nil {
		t.Fatal(err)
	}

	code, out, stderr := runCLI(t, "", "alerts", "--state", statePath, "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	// Three detractors (the 10 raises nothing), the most severe first.
	if len(got) != 3 {
		t.Fatalf("%d alerts, want 3:\n%s", len(got), out)
	}
	for _, a := range got {
		for _, k := range []string{"id", "rule", "severity", "state", "response_id", "queue", "raised_at", "owner", "acknowledged_by",
			"acknowledged_at", "resolved_by", "resolved_at", "note"} {
			if _, ok := a[k]; !ok {
				t.Errorf("alert %v has no %q", a["id"], k)
			}
		}
	}
	first := got[0]
	want := map[string]any{"id": "r:x-0", "rule": "detractor", "severity": "high", "state": "resolved", "response_id": "x-0",
		"queue": "Billing", "raised_at": "2026-11-24T09:00:00Z", "owner": "bob", "acknowledged_by": "ana",
		"acknowledged_at": "2026-11-24T10:00:00Z", "resolved_by": "bob", "resolved_at": "2026-11-24T11:00:00Z", "note": "called back; refund sent",
		"outcome": "refund", "joined": float64(0)}
	for k, v := range want {
		if first[k] != v {
			t.Errorf("%s = %v, want %v", k, first[k], v)
		}
	}
	if got[1]["state"] != "new" || got[1]["severity"] != "medium" || got[1]["acknowledged_at"] != nil {
		t.Errorf("the second alert: %v", got[1])
	}

	code, out, _ = runCLI(t, "", "alerts", "--state", statePath, "--csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != exitOK || err != nil || len(rows) != 4 {
		t.Fatalf("csv: exit %d, %v, %d rows", code, err, len(rows))
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	if rows[1][col["note"]] != "called back; refund sent" || rows[1][col["outcome"]] != "refund" || rows[1][col["owner"]] != "bob" || rows[1][col["severity"]] != "high" {
		t.Errorf("csv row: %v", rows[1])
	}

	code, out, _ = runCLI(t, "", "alerts", "--state", statePath)
	if code != exitOK || !strings.Contains(out, "3 alerts") || strings.Contains(out, "\x1b") {
		t.Errorf("table: exit %d:\n%q", code, out)
	}

	code, _, stderr = runCLI(t, "", "alerts", "--state", filepath.Join(t.TempDir(), "none.jsonl"))
	if code != exitError || !strings.Contains(stderr, "none.jsonl") {
		t.Errorf("a missing journal: exit %d, %q", code, stderr)
	}
	code, _, _ = runCLI(t, "", "alerts", "--state", statePath, "--json", "--csv")
	if code != exitUsage {
		t.Errorf("--json --csv: exit %d", code)
	}
}

// The config in README.md is valid, and says the defaults: read, it gives the default rules
// (but for the one queue target it sets as an example).
func TestTheReadmeConfigIsTheDefaults(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "```toml\n[alerts]")
	if !ok {
		t.Fatal("README.md shows no [alerts] config")
	}
	block, _, _ = strings.Cut("[alerts]"+block, "```")
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte(block), 0o644)
	cfg, err := loadConfig(path, true)
	if err != nil {
		t.Fatal(err)
	}
	got, err := cfg.rules()
	if err != nil {
		t.Fatal(err)
	}
	want := model.DefaultRules()
	if got.TargetOf("Tech Support") != 0 || got.TargetOf("Billing") != want.Target {
		t.Errorf("targets: %v", got.Targets)
	}
	got.Targets, got.VIPCustomers = nil, nil
	got.Horizon, want.Horizon = got.HorizonOrDefault(), want.HorizonOrDefault() // README says what 0 means
	if o, set := got.Opens[model.RulePromoter]; !set || o || len(got.Opens) != 1 {
		t.Errorf("README's rules say %v", got.Opens)
	}
	got.Opens = nil // said, as the default is
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("README's config gives\n%+v\nthe defaults are\n%+v", got, want)
	}
	if cfg.Dashboard.User != "ana" || cfg.Dashboard.Bell {
		t.Errorf("[dashboard]: %+v", cfg.Dashboard)
	}
}

// A wall computer runs just `npsboard`: its config turns the kiosk on, says the screens and
// names the feed. Flags still win over it.
func TestTheKioskComesFromTheConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte(`[kiosk]
enabled = true
rotate = "30s"
screens = ["overview", "leaderboard"]
queues = ["Billing", "Sales"]
stale = "5m"
leaderboard = "team"
unlock = "ctrl+u"

[source]
ws = "ws://relay.example:8080/v1/stream"
token_file = "/etc/npsboard/token"

[dashboard]
window = "today"
theme = "high-contrast"
`), 0o644)
	cfg, err := loadConfig(path, true)
	if err != nil {
		t.Fatal(err)
	}
	var k kioskFlags
	src := sourceFlags{kinds: sourceKinds()}
	ws := src.kinds[1].(*wsSource)
	k.rotate, k.stale, k.leaderboard = 20*time.Second, 3*time.Minute, "agent" // the flags' defaults
	k.merge(&cfg.Kiosk, map[string]bool{"rotate": true})
	src.mergeSource(&cfg.Source, map[string]bool{})
	o, err := k.options(model.Last(7 * 24 * time.Hour))
	if err != nil || o == nil {
		t.Fatalf("%v %v", o, err)
	}
	if o.LeaderboardWindow.String() != "7d" {
		t.Errorf("the leaderboard is over %v, not the agents' window", o.LeaderboardWindow)
	}
	if o.Rotate != 20*time.Second || o.Stale != 5*time.Minute || o.Leaderboard != model.ByTeam || o.Unlock != "ctrl+u" ||
		fmt.Sprint(o.Screens) != "[overview leaderboard]" || fmt.Sprint(o.Queues) != "[Billing Sales]" {
		t.Errorf("kiosk options %+v (--rotate given: it wins)", o)
	}
	if ws.url != "ws://relay.example:8080/v1/stream" || ws.tokenFile != "/etc/npsboard/token" || src.check() != nil || src.chosen() != ws {
		t.Errorf("source %+v", ws)
	}
	// A --file on the command line takes the place of the config's feed, whole.
	src = sourceFlags{kinds: sourceKinds()}
	file, ws := src.kinds[0].(*fileSource), src.kinds[1].(*wsSource)
	file.path = "day.jsonl"
	src.mergeSource(&cfg.Source, map[string]bool{"file": true})
	if ws.url != "" || ws.tokenFile != "" || src.check() != nil || src.chosen() != file {
		t.Errorf("--file and the config's ws: %+v", ws)
	}
	// Bad flags are usage errors.
	for _, bad := range []kioskFlags{{on: true, rotate: time.Millisecond, stale: time.Minute, leaderboard: "agent"},
		{on: true, rotate: time.Second, stale: time.Minute, leaderboard: "agent", screens: "overview,news"},
		{on: true, rotate: time.Second, stale: time.Minute, leaderboard: "site"}} {
		if _, err := bad.options(model.Last(time.Hour)); err == nil {
			t.Errorf("%+v was taken", bad)
		} else if _, ok := err.(usageError); !ok {
			t.Errorf("%+v: %v is not a usage error", bad, err)
		}
	}
}

// The config says which responses open cases: "all" detractors, a rule's own say, the promoter
// rule, how long a resolved case can be reopened, how many cases a screen holds.
func TestTheCaseRulesComeFromTheConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte("[alerts]\nopen = \"all\"\nreopen_within = \"2d\"\nmax_cases = 120000\noutcomes = [\"called\", \" voicemail\\u0007\"]\n"+
		"[alerts.rules.promoter]\nopen = true\n[alerts.rules.vip]\nopen = false\n[alerts.playbooks]\nhigh = [\"Call within 4 h\", \"Log it\"]\n"), 0o644)
	cfg, err := loadConfig(path, true)
	if err != nil {
		t.Fatal(err)
	}
	r, err := cfg.rules()
	if err != nil {
		t.Fatal(err)
	}
	if r.OpenAt != model.Low || !r.Promoters || r.Opens[model.RuleVIP] || r.ReopenWithin != 48*time.Hour ||
		fmt.Sprint(r.Outcomes) != "[called voicemail]" || fmt.Sprint(r.Playbook(&model.Alert{Rule: model.RuleKeyword, Severity: model.High})) != "[Call within 4 h Log it]" {
		t.Errorf("rules %+v", r)
	}
	s := model.NewAlerts(r)
	if s.CaseBound() != 120_000 {
		t.Errorf("the alerts hold %d cases, not the config's 120,000", s.CaseBound())
	}
	day := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	for i, score := range []int8{5, 10, 8} {
		s.Observe(&model.Response{ID: fmt.Sprint(i), Time: day, Score: score, Queue: "Q"}, time.Time{})
	}
	if a, ok := s.Get("r:1"); s.Len() != 2 || !ok || a.Rule != model.RulePromoter || a.Severity != model.Low ||
		a.Why() != "scored 10 in Q; a promoter: thank them, invite a referral" {
		t.Errorf("%d cases; the promoter's %+v", s.Len(), a)
	}
}

// journaled opens the state journal at path and the alerts it brings back under rules, as a
// dashboard does.
func journaled(t testing.TB, path string, rules model.Rules) (*model.Alerts, *state.Journal) {
	t.Helper()
	alerts := model.NewAlerts(rules)
	j, err := state.Open(path, alerts.Restore)
	if err != nil {
		t.Fatal(err)
	}
	return alerts, j
}
