package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/state"
	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/tui"
)

// openFile loads a file into a dashboard wired as `npsboard --file` wires it (its pump on the
// wall clock, its state journal, its recorder), and returns the journal's alerts once written
// and the screen's model.
func openFile(t *testing.T, path string) (raised []*model.Alert, m *tui.Model) {
	t.Helper()
	statePath := filepath.Join(t.TempDir(), "state.jsonl")
	alerts, j := journaled(t, statePath, model.DefaultRules())
	rec := state.NewRecorder(j, nil, nil)
	theme, _ := tui.ThemeNamed("dark")
	m = tui.New(nil, tui.Options{Window: model.AllTime(), Theme: theme, Location: time.UTC, Alerts: alerts, Record: rec.Record})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx, cancel := context.WithCancel(context.Background())
	recDone := make(chan struct{})
	go func() { rec.Run(ctx); close(recDone) }()
	pump := feed.NewPump(model.NewDedup())
	pump.Every = 10 * time.Millisecond
	src := &feed.ReaderSource{Label: filepath.Base(path), Reader: f, Decoder: &feed.Decoder{Location: time.UTC}}
	if err := pump.Run(context.Background(), src, func(u feed.Update) bool { m.Update(toScreen(u)); return true }); err != nil {
		t.Fatal(err)
	}
	cancel()
	<-recDone // the recorder writes what it holds before it returns
	j.Close()
	if _, err := state.Read(statePath, func(ev model.AlertEvent) {
		if ev.Raised != nil {
			raised = append(raised, ev.Raised)
		}
	}); err != nil {
		t.Fatal(err)
	}
	return raised, m
}

// History is not a to-do list: last month's file counts in every figure and opens no case,
// and writes nothing to the state journal; a file that ends now opens cases for the detractors
// of its last day only (the follow-up horizon, 24 h by default), as they arrive.
func TestHistoryOpensNoCase(t *testing.T) {
	dir := t.TempDir()
	lastMonth := time.Now().UTC().AddDate(0, -1, -3).Format(time.DateOnly)
	_, old, _ := runCLI(t, "", "demo", "--days", "3", "--start", lastMonth, "--seed", "4", "--tz", "UTC")
	oldFile := filepath.Join(dir, "old.jsonl")
	os.WriteFile(oldFile, []byte(old), 0o644)
	raised, m := openFile(t, oldFile)
	if len(raised) != 0 {
		t.Errorf("last month's file raised %d alerts, the first %+v", len(raised), raised[0])
	}
	if ok := fmt.Sprintf(" %s ok ", thousands(int64(strings.Count(old, "\n")))); !strings.Contains(m.View(), ok) {
		t.Errorf("the screen does not count the file's%s:\n%s", ok, m.View())
	}

	// Three days that end now: only what is younger than the horizon is anyone's to-do.
	now := time.Now().UTC()
	start := now.Add(-72 * time.Hour).Truncate(time.Minute)
	_, recent, _ := runCLI(t, "", "demo", "--days", "3", "--start", start.Format(time.RFC3339), "--seed", "4", "--tz", "UTC")
	recentFile := filepath.Join(dir, "recent.jsonl")
	os.WriteFile(recentFile, []byte(recent), 0o644)
	raised, _ = openFile(t, recentFile)
	if len(raised) == 0 {
		t.Fatal("the detractors of the last day raised nothing")
	}
	horizon := model.DefaultRules().HorizonOrDefault()
	for _, a := range raised {
		if a.Rule == model.RuleDetractor && time.Since(a.RaisedAt) > horizon+time.Minute {
			t.Errorf("%s raised for a response %v old", a.ID, time.Since(a.RaisedAt).Round(time.Minute))
		}
	}
}

// `npsboard alerts --file` backtests: the rules over last month's file in event time, every
// alert they would have raised (a queue's with its clearing), under the config's rules, and no
// journal touched.
func TestTheBacktestOfAFile(t *testing.T) {
	dir := t.TempDir()
	day := time.Date(2026, 10, 5, 10, 0, 0, 0, time.UTC)
	var b strings.Builder
	for i := range 30 { // a detractor every two minutes from 10:00, then silence
		fmt.Fprintf(&b, `{"id":"d%d","ts":%q,"score":%d,"queue":"Billing","customer":"C-%d"}`+"\n", i, day.Add(time.Duration(2*i)*time.Minute).Format(time.RFC3339), 2+i%5, i)
	}
	path := filepath.Join(dir, "october.jsonl")
	os.WriteFile(path, []byte(b.String()), 0o644)
	// The queue rules of fixed windows: 30 responses are too few for a usual mix (worsening).
	windows := filepath.Join(dir, "windows.toml")
	os.WriteFile(windows, []byte("[alerts]\nqueue_rules = [\"below_target\", \"spike\"]\n"), 0o644)
	home := t.TempDir()
	e := &env{stdin: strings.NewReader(""), stdout: new(strings.Builder), stderr: new(strings.Builder),
		getenv: func(k string) string { return map[string]string{"XDG_STATE_HOME": home, "HOME": home}[k] }}
	if code := run(context.Background(), e, []string{"alerts", "--file", path, "--json", "--tz", "UTC", "--config", windows}); code != exitOK {
		t.Fatalf("exit %d: %s", code, e.stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(e.stdout.(*strings.Builder).String()), &got); err != nil {
		t.Fatal(err)
	}
	byRule := map[string]int{}
	for _, a := range got {
		byRule[a["rule"].(string)]++
		if a["rule"] == "below_target" && (a["cleared_at"] == nil || a["raised_at"] == nil || a["raised_at"].(string) < "2026-10-05T10:00:00Z") {
			t.Errorf("the queue's alert %v", a)
		}
	}
	// Scores 2, 3 open cases by default (high); 4, 5 and 6 do not.
	if byRule["detractor"] != 12 || byRule["below_target"] != 1 || len(got) != 13 {
		t.Errorf("the backtest raised %v", byRule)
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("the backtest wrote %v", entries)
	}
	// A config that opens a case for every detractor: the same file, other rules.
	cfg := filepath.Join(dir, "all.toml")
	os.WriteFile(cfg, []byte("[alerts]\nopen = \"all\"\nqueue_rules = [\"below_target\"]\n"), 0o644)
	code, out, stderr := runCLI(t, "", "alerts", "--file", path, "--config", cfg, "--tz", "UTC")
	if code != exitOK || !strings.Contains(out, "30 detractor") || !strings.Contains(out, "1 below_target") {
		t.Errorf("exit %d, %s:\n%s", code, stderr, out)
	}
	if code, _, stderr := runCLI(t, "", "alerts", "--file", path, "--state", filepath.Join(dir, "s.jsonl")); code != exitUsage {
		t.Errorf("--file with --state: exit %d, %s", code, stderr)
	}
}

// A backtest whose rules raise more than it holds stops there, says so, and prints what it has.
func TestABacktestPastItsLimitSaysSo(t *testing.T) {
	defer func(n int) { maxBacktestAlerts = n }(maxBacktestAlerts)
	maxBacktestAlerts = 5
	_, demoOut, _ := runCLI(t, "", "demo", "--count", "2000", "--seed", "3", "--tz", "UTC")
	path := filepath.Join(t.TempDir(), "d.jsonl")
	os.WriteFile(path, []byte(demoOut), 0o644)
	code, out, stderr := runCLI(t, "", "alerts", "--file", path, "--csv", "--tz", "UTC")
	if code != exitOK || strings.Count(out, "\n") != 6 || !strings.Contains(stderr, "raise more than 5 alerts") {
		t.Errorf("exit %d, %d lines, %q", code, strings.Count(out, "\n"), stderr)
	}
}

// `npsboard alerts --summary` measures the loop from the journal: for the floor, by queue and
// by owner, in JSON and as a table.
func TestTheLoopSummary(t *testing.T) {
	statePath := filepath.Join(t.TempDir(), "state.jsonl")
	alerts, j := journaled(t, statePath, model.DefaultRules())
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	var evs []model.AlertEvent
	for i, q := range []string{"Billing", "Billing", "Sales"} {
		r := model.Response{ID: fmt.Sprint("x", i), Time: t0, Score: 1, Queue: q, Customer: fmt.Sprint("C", i)}
		evs = append(evs, alerts.Observe(&r, time.Time{})...)
	}
	acts := []model.Action{
		{Kind: model.ActAcknowledge, Alert: "r:x0", By: "ana", At: t0.Add(20 * time.Minute)},
		{Kind: model.ActResolve, Alert: "r:x0", By: "ana", At: t0.Add(2 * time.Hour), Outcome: "refund"},
		{Kind: model.ActResolve, Alert: "r:x1", By: "bob", At: t0.Add(30 * time.Hour), Outcome: "no_answer"}, // after its deadline
	}
	for i := range acts {
		alerts.Act(acts[i], time.Time{})
		evs = append(evs, model.AlertEvent{Action: &acts[i]})
	}
	if err := j.Append(evs); err != nil {
		t.Fatal(err)
	}
	j.Close()
	code, out, stderr := runCLI(t, "", "alerts", "--state", statePath, "--summary", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var s struct {
		Floor  map[string]any   `json:"floor"`
		Queues []map[string]any `json:"queues"`
		Owners []map[string]any `json:"owners"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	f := s.Floor
	// First actions 20m and 30h: median rank 1, 20m; resolutions 2h and 30h: median 2h; in the
	// SLA: 1 of 3 (x1 late, x2 open and overdue).
	if f["cases"] != 3.0 || f["resolved"] != 2.0 || f["open"] != 1.0 || f["first_action_median_s"] != 1200.0 ||
		f["resolution_median_s"] != 7200.0 || f["resolution_p90_s"] != 108000.0 || f["within_sla_of"] != 3.0 ||
		fmt.Sprintf("%.3f", f["within_sla"]) != "0.333" || f["backlog_1d_or_more"] != 1.0 {
		t.Errorf("the floor: %v", f)
	}
	if len(s.Queues) != 2 || s.Queues[0]["group"] != "Billing" || s.Queues[0]["cases"] != 2.0 || len(s.Owners) != 3 {
		t.Errorf("queues %v; owners %v", s.Queues, s.Owners)
	}
	code, out, _ = runCLI(t, "", "alerts", "--state", statePath, "--summary")
	if code != exitOK || !strings.Contains(out, "3 cases, 2 resolved, 1 open") || !strings.Contains(out, "33% of 3") ||
		!strings.Contains(out, "no_answer 1, refund 1") || !strings.Contains(out, "(nobody)") {
		t.Errorf("the table: exit %d\n%s", code, out)
	}
	if code, _, _ := runCLI(t, "", "alerts", "--state", statePath, "--summary", "--window", "today"); code != exitOK {
		t.Errorf("--window today: exit %d", code)
	}
}

// The themes of the telecom operator's real comments read as a person would sum up its
// detractors: still waiting, broadband, cancelling, complaints, poor; never what promoters say.
func TestTheThemesOfRealComments(t *testing.T) {
	code, out, stderr := runCLI(t, "", "report", "--file", filepath.Join(datasets(t), "telecom-nps-2018.csv"),
		"--config", exampleConfig(t, "telecom-nps-2018.toml"), "--themes", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Detractors int64 `json:"detractor_comments"`
		Themes     []struct {
			Theme      string  `json:"theme"`
			Detractors int64   `json:"detractors"`
			Z          float64 `json:"z"`
			G2         float64 `json:"g2"`
		} `json:"themes"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for i, th := range got.Themes {
		found[th.Theme] = true
		if th.Detractors < 5 || th.G2 < 10.83 || i > 0 && th.Z > got.Themes[i-1].Z {
			t.Errorf("theme %d %+v breaks the thresholds or the order", i, th)
		}
	}
	for _, want := range []string{"still waiting", "broadband", "cancelling", "complaint", "poor"} {
		if !found[want] {
			t.Errorf("no theme %q among %d", want, len(got.Themes))
		}
	}
	for _, promoter := range []string{"great", "friendly", "helpful", "quick", "easy"} {
		if found[promoter] {
			t.Errorf("%q is a detractors' theme", promoter)
		}
	}
	if got.Detractors != 1271 {
		t.Errorf("%d detractors' comments", got.Detractors)
	}
}

// report --themes on comments made up to say one thing: detractors' "still waiting for the
// engineer" is their theme, promoters' "great service" never is; in CSV no theme starts a
// formula.
func TestReportThemes(t *testing.T) {
	var b strings.Builder
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	say := func(i, score int, comment string) {
		fmt.Fprintf(&b, `{"id":"%d","ts":%q,"score":%d,"queue":"Q","comment":%q}`+"\n", i, t0.Add(time.Duration(i)*time.Minute).Format(time.RFC3339), score, comment)
	}
	for i := range 20 {
		say(i, 2, "Still waiting for the engineer, =cmd")
		say(100+i, 10, "Great service, thank you")
		say(200+i, 8, "Fine")
	}
	code, out, stderr := runCLI(t, b.String(), "report", "--file", "-", "--themes", "--csv")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("%v:\n%s", err, out)
	}
	themes := map[string]bool{}
	for _, r := range rows[1:] {
		themes[r[0]] = true
		if strings.HasPrefix(r[0], "=") || strings.HasPrefix(r[1], "=") {
			t.Errorf("a formula: %v", r)
		}
	}
	// The three words always come together: the phrase says them all, alone.
	if !themes["still waiting engineer"] || themes["still waiting"] || themes["engineer"] || themes["great"] || themes["service"] {
		t.Errorf("themes %v", themes)
	}
	code, out, _ = runCLI(t, b.String(), "report", "--file", "-", "--themes")
	if code != exitOK || !strings.Contains(out, "20 detractors' and 20 promoters' comments of 60") {
		t.Errorf("the table:\n%s", out)
	}
}

// A configured topic's figures on the real comments equal a count apart: Python's csv module
// and the regular expression \bbroadband\b, case-insensitive, over the rows with a score of
// 0 to 10, gave 255 detractors, 25 passives and 25 promoters.
func TestATopicOfRealCommentsCountedApart(t *testing.T) {
	cfg, err := os.ReadFile(exampleConfig(t, "telecom-nps-2018.toml"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "topics.toml")
	os.WriteFile(path, append(cfg, "\n[topics.broadband]\nwords = [\"Broadband\"]\n"...), 0o644)
	code, out, stderr := runCLI(t, "", "report", "--file", filepath.Join(datasets(t), "telecom-nps-2018.csv"), "--config", path, "--by", "topic", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Topics []map[string]any `json:"topics"`
	}
	json.Unmarshal([]byte(out), &got)
	if len(got.Topics) != 1 || got.Topics[0]["detractors"] != 255.0 || got.Topics[0]["passives"] != 25.0 || got.Topics[0]["promoters"] != 25.0 {
		t.Errorf("%v", got.Topics)
	}
}

// report --by topic: each configured topic's comments by class and the NPS of their responses;
// a bad topic in the config names its key.
func TestReportByTopic(t *testing.T) {
	var b strings.Builder
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	lines := []struct {
		score   int
		comment string
	}{{2, "Charged twice on my bill"}, {3, "the engineer never came"}, {10, "engineer was great"}, {8, "bills are fine"}, {9, ""}}
	for i, l := range lines {
		fmt.Fprintf(&b, `{"id":"%d","ts":%q,"score":%d,"queue":"Q","comment":%q}`+"\n", i, t0.Add(time.Duration(i)*time.Minute).Format(time.RFC3339), l.score, l.comment)
	}
	cfg := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(cfg, []byte("[topics.billing]\nwords = [\"bill\", \"charged\"]\n[topics.engineer]\nwords = [\"engineer\"]\n"), 0o644)
	code, out, stderr := runCLI(t, b.String(), "report", "--file", "-", "--config", cfg, "--by", "topic", "--csv")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "topic,detractors,passives,promoters,detractor_share,promoter_share,nps,ci95_lo,ci95_hi\n" +
		"billing,1,1,0,0.5000,0.0000,-50.0000,"
	if !strings.HasPrefix(out, want) || !strings.Contains(out, "\nengineer,1,0,1,0.5000,1.0000,0.0000,") {
		t.Errorf("got\n%s", out)
	}
	os.WriteFile(cfg, []byte("[topics.billing]\nwords = [\"the\"]\n"), 0o644)
	if code, _, stderr := runCLI(t, b.String(), "report", "--file", "-", "--config", cfg, "--by", "topic"); code != exitError ||
		!strings.Contains(stderr, "topics.billing") || !strings.Contains(stderr, "only stopwords") {
		t.Errorf("a topic of stopwords: exit %d, %s", code, stderr)
	}
}

// report gives CSAT and CES beside NPS, for the groups whose responses carry them, with the
// intervals worked by hand in the model's test: CSAT 8 of 10, [0.490162, 0.943318]; CES mean
// 5.1, [4.243561, 5.956439], 7 of 10 easy.
func TestReportCSATAndCES(t *testing.T) {
	var b strings.Builder
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	csat := []int{5, 5, 4, 4, 4, 5, 4, 4, 2, 1}
	ces := []int{3, 4, 4, 5, 5, 5, 6, 6, 6, 7}
	for i := range csat {
		fmt.Fprintf(&b, `{"id":"a%d","ts":%q,"score":8,"queue":"Billing","csat":%d,"ces":%d}`+"\n", i, t0.Format(time.RFC3339), csat[i], ces[i])
	}
	fmt.Fprintf(&b, `{"id":"s1","ts":%q,"score":9,"queue":"Sales"}`+"\n", t0.Format(time.RFC3339))
	code, out, stderr := runCLI(t, b.String(), "report", "--file", "-", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r struct {
		Groups []struct {
			Queue string `json:"queue"`
			CSAT  *struct {
				Responses, Satisfied int64
				Share                float64
				CI95                 [2]float64
			} `json:"csat"`
			CES *struct {
				Responses, Easy int64
				Share           float64
				Mean            float64
				CI95            [2]float64
			} `json:"ces"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	g := r.Groups[0]
	if g.Queue != "Billing" || g.CSAT == nil || g.CSAT.Satisfied != 8 || fmt.Sprintf("%.6f %.6f", g.CSAT.CI95[0], g.CSAT.CI95[1]) != "0.490162 0.943318" {
		t.Errorf("CSAT %+v", g.CSAT)
	}
	if g.CES == nil || g.CES.Easy != 7 || fmt.Sprintf("%.6f %.6f %.6f", g.CES.Mean, g.CES.CI95[0], g.CES.CI95[1]) != "5.100000 4.243561 5.956439" {
		t.Errorf("CES %+v", g.CES)
	}
	if r.Groups[1].Queue != "Sales" || r.Groups[1].CSAT != nil || r.Groups[1].CES != nil {
		t.Errorf("a queue without answers: %+v", r.Groups[1])
	}
	code, out, _ = runCLI(t, b.String(), "report", "--file", "-", "--csv")
	if code != exitOK || !strings.Contains(out, ",csat_responses,csat_share,csat_lo,csat_hi,ces_responses,ces_mean,ces_lo,ces_hi,ces_easy_share\n") ||
		!strings.Contains(out, "\nBilling,10,0,10,0,0,") || !strings.Contains(out, ",10,0.8,") {
		t.Errorf("csv:\n%s", out)
	}
	// A feed without answers keeps its columns as they were.
	code, out, _ = runCLI(t, "", "report", "--file", "testdata/small.jsonl", "--csv")
	if code != exitOK || strings.Contains(out, "csat") {
		t.Errorf("a feed without CSAT has its columns:\n%s", out)
	}
}

// report --themes over a window says what detractors say more than in the window before.
func TestReportEmergingThemes(t *testing.T) {
	var b strings.Builder
	t0 := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	for i := range 60 {
		fmt.Fprintf(&b, `{"id":"a%d","ts":%q,"score":2,"queue":"Q","comment":"long wait on the phone"}`+"\n", i, t0.Add(time.Duration(i)*time.Minute).Format(time.RFC3339))
		fmt.Fprintf(&b, `{"id":"b%d","ts":%q,"score":2,"queue":"Q","comment":"long wait and the app crashes"}`+"\n", i, t0.Add(time.Hour+time.Duration(i)*time.Minute).Format(time.RFC3339))
	}
	code, out, stderr := runCLI(t, b.String(), "report", "--file", "-", "--themes", "--window", "1h", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Emerging []struct{ Theme string } `json:"emerging"`
	}
	json.Unmarshal([]byte(out), &got)
	if len(got.Emerging) == 0 || !strings.Contains(got.Emerging[0].Theme, "app") {
		t.Errorf("emerging %+v", got.Emerging)
	}
	for _, e := range got.Emerging {
		if e.Theme == "long wait" || e.Theme == "phone" {
			t.Errorf("%q emerges", e.Theme)
		}
	}
}

// A replay of last month's file is on the replay's clock from the dashboard's first update:
// the source the dashboard pumps (its flags' source) says it keeps its own clock. On the wall
// clock first, the screen counted the month past its minutes and judged no queue after it.
func TestAReplayOfLastMonthIsNeverOnTheWallClock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nov.jsonl")
	first := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	var text strings.Builder
	for i := range 5 {
		fmt.Fprintf(&text, `{"id":"r%d","ts":%q,"score":3,"queue":"q"}`+"\n", i, first.Add(time.Duration(i)*time.Minute).Format(time.RFC3339))
	}
	os.WriteFile(path, []byte(text.String()), 0o644)
	f := &fileSource{path: path, replay: 1e6}
	src, err := f.build(&env{}, &feed.Decoder{Location: time.UTC}, &config{}, sourceNeed{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.close()
	wall := time.Date(2026, 12, 4, 3, 0, 0, 0, time.UTC)
	pump := feed.NewPump(model.NewDedup())
	pump.Now, pump.Every = func() time.Time { return wall }, time.Millisecond
	var clocks []time.Time
	own := true
	if err := pump.Run(context.Background(), src, func(u feed.Update) bool {
		clocks = append(clocks, u.Status.Clock)
		own = own && toScreen(u).Status.OwnClock // the screen stamps what is done by the replay's clock
		return true
	}); err != nil {
		t.Fatal(err)
	}
	for _, c := range clocks {
		if c.Equal(wall) || !own {
			t.Fatalf("an update came on the wall clock (%v), or not said to be on the replay's own (%v)", clocks, own)
		}
	}
	if len(clocks) == 0 || !clocks[len(clocks)-1].Equal(first.Add(4*time.Minute)) {
		t.Errorf("the replay's clock ends at %v", clocks)
	}
}

// A screen that gets its responses an hour or three at a time (a wallboard catching up after a
// stall, a fast replay) names the worsenings as a screen judging every minute does: alerts are
// named by their change point, and actions from other screens find them by it. The demo's two
// weeks hold four.
func TestScreensJudgingSeldomNameWorseningsAlike(t *testing.T) {
	_, text, _ := runCLI(t, "", "demo", "--days", "14", "--start", "2026-11-16", "--tz", "UTC")
	var all []model.Response
	src := &feed.ReaderSource{Label: "two weeks", Reader: strings.NewReader(text), Decoder: &feed.Decoder{Location: time.UTC}}
	feed.NewPump(model.NewDedup()).Run(context.Background(), src, func(u feed.Update) bool {
		for _, r := range u.Responses {
			all = append(all, model.Response{ID: strings.Clone(r.ID), Time: r.Time, Score: r.Score, Queue: strings.Clone(r.Queue)})
		}
		return true
	})
	var want []string
	for _, step := range []time.Duration{time.Minute, 10 * time.Minute, time.Hour, 3 * time.Hour} {
		agg := model.NewAggregator(model.Tiered(time.UTC), model.ByQueue)
		alerts := model.NewAlerts(model.DefaultRules())
		var named []string
		i := 0
		for at := all[0].Time.Truncate(step).Add(step); i < len(all); at = at.Add(step) {
			for ; i < len(all) && all[i].Time.Before(at); i++ {
				agg.Add(&all[i])
			}
			agg.Advance(at)
			for _, e := range alerts.Judge(agg, at) {
				if e.Raised != nil && e.Raised.Rule == model.RuleWorsening {
					named = append(named, e.Raised.ID)
				}
			}
		}
		if step == time.Minute {
			want = named
			if len(want) < 2 {
				t.Fatalf("judged each minute, the two weeks raise %v", want)
			}
		} else if fmt.Sprint(named) != fmt.Sprint(want) {
			t.Errorf("judged every %v: %v; each minute: %v", step, named, want)
		}
	}
}
