package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/tui"
)

// decodeAll decodes JSON lines as a file source does, keeping the responses taken.
func decodeAll(t *testing.T, text string) (rs []model.Response, rejected []feed.Reason) {
	t.Helper()
	dec := &feed.Decoder{Location: time.UTC}
	for i, line := range strings.Split(strings.TrimSpace(text), "\n") {
		var r model.Response
		if p := dec.DecodeJSON(line, int64(i+1), &r); p.OK() {
			rs = append(rs, r)
		} else {
			rejected = append(rejected, p.Reason)
		}
	}
	return rs, rejected
}

// A file whose responses span more than the 292 years a time.Duration holds made the
// dashboard's trend overflow and crash. Such times are now refused at the door, and the
// screen draws what was taken, in every window.
func TestAFileSpanningCenturiesOpens(t *testing.T) {
	rs, rejected := decodeAll(t, `{"id":"1","ts":"1700-01-01T00:00:00Z","score":9,"queue":"Q"}
{"id":"2","ts":"2026-11-24T10:00:00Z","score":3,"queue":"Q"}
{"id":"3","ts":"2300-01-01T00:00:00Z","score":3,"queue":"Q"}`)
	if len(rs) != 1 || len(rejected) != 2 || rejected[0] != feed.BadTime {
		t.Fatalf("took %d, rejected %v", len(rs), rejected)
	}
	theme, _ := tui.ThemeNamed("dark")
	m := tui.New(nil, tui.Options{Window: model.AllTime(), Theme: theme, Location: time.UTC})
	m.Update(tui.Update{Responses: rs, Status: tui.Status{Source: "f", State: tui.Ended, Clock: rs[0].Time}})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if v := m.View(); !strings.Contains(v, "Q") {
		t.Errorf("the screen:\n%s", v)
	}
}

type panicky struct{}

func (panicky) Init() tea.Cmd                       { return func() tea.Msg { return "go" } }
func (panicky) Update(tea.Msg) (tea.Model, tea.Cmd) { panic("a bug") }
func (panicky) View() string                        { return "" }

// A panic ends the dashboard with an error, so its exit status says it failed.
func TestAPanicIsAnError(t *testing.T) {
	var out lockedBuffer
	p := tea.NewProgram(panicky{}, tea.WithOutput(&out), tea.WithInput(nil), tea.WithoutSignalHandler())
	if err := runScreen(p); err == nil {
		t.Error("a panic ended the dashboard as a quit would")
	}
	quit := tea.NewProgram(quitter{}, tea.WithOutput(&out), tea.WithInput(nil), tea.WithoutSignalHandler())
	if err := runScreen(quit); err != nil {
		t.Errorf("a quit: %v", err)
	}
}

type quitter struct{}

func (quitter) Init() tea.Cmd                       { return tea.Quit }
func (quitter) Update(tea.Msg) (tea.Model, tea.Cmd) { return quitter{}, nil }
func (quitter) View() string                        { return "" }

// Text from a feed that a spreadsheet would take for a formula is led by a quote in every CSV
// npsboard writes (OWASP's advice against CSV injection); numbers stay numbers.
func TestCSVCellsNeverStartAFormula(t *testing.T) {
	dir := t.TempDir()
	names := []string{"=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", " =x", "\t=y", "＝HYPERLINK()"}
	var lines []string
	for i, n := range names {
		q, _ := jsonString(n)
		lines = append(lines, fmt.Sprintf(`{"id":"%d","ts":"2026-11-24T10:0%d:00Z","score":1,"queue":%s,"agent":%s,"customer":"=c%d","comment":"x"}`, i, i, q, q, i))
	}
	file := filepath.Join(dir, "f.jsonl")
	os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o600)
	check := func(what, out string) {
		t.Helper()
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(rows) < len(names)+1 {
			t.Fatalf("%s: %v, %d rows", what, err, len(rows))
		}
		for _, row := range rows[1:] {
			for _, cell := range row {
				if r, _ := utf8.DecodeRuneInString(cell); strings.ContainsRune("=+@\t\r＝", r) || r == '-' && !isNumber(cell) {
					t.Errorf("%s: a cell begins a formula: %q", what, cell)
				}
			}
		}
	}
	code, out, stderr := runCLI(t, "", "report", "--file", file, "--csv", "--by", "agent", "--window", "all")
	if code != exitOK {
		t.Fatalf("report: %d %s", code, stderr)
	}
	check("report", out)
	if !strings.Contains(out, "'=cmd|' /C calc'!A0") {
		t.Errorf("the name is not kept, led by a quote:\n%s", out)
	}
	statePath := filepath.Join(dir, "state.jsonl")
	alerts, j := journaled(t, statePath, model.DefaultRules())
	rs, _ := decodeAll(t, strings.Join(lines, "\n"))
	var evs []model.AlertEvent
	for i := range rs {
		evs = append(evs, alerts.Observe(&rs[i], time.Time{})...)
	}
	act := model.Action{Kind: model.ActResolve, Alert: "r:0", By: "=me", At: rs[0].Time.Add(time.Hour), Note: "-called"}
	evs = append(evs, model.AlertEvent{Action: &act})
	j.Append(evs)
	j.Close()
	code, out, stderr = runCLI(t, "", "alerts", "--state", statePath, "--csv")
	if code != exitOK {
		t.Fatalf("alerts: %d %s", code, stderr)
	}
	check("alerts", out)
}

func isNumber(s string) bool { _, err := strconv.ParseFloat(s, 64); return err == nil }

// Text from a config or a flag is as untrusted as a feed's: a user name that retitles the
// terminal and writes its clipboard when an alert is acknowledged, a keyword shown in an
// alert's reason, a bad key echoed in an error: none reaches the terminal unclean.
func TestConfigAndFlagTextNeverReachesTheTerminal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte(`[dashboard]
user = "ana\u001b]0;pwned\u0007\u001b]52;c;Y3VybCBldmlsLnNo\u0007"
[alerts]
keywords = ["refund\u001b[2J"]
`), 0o600)
	cfg, err := loadConfig(path, true)
	if err != nil {
		t.Fatal(err)
	}
	user, err := dashboardUser("", cfg, func(string) string { return "" })
	if err != nil || user != "ana" {
		t.Fatalf("the user is %q, %v", user, err)
	}
	if _, err := dashboardUser("\x1b[2J", cfg, func(string) string { return "" }); err == nil {
		t.Error("a --user that cleans to nothing was taken")
	}
	rules, err := cfg.rules()
	if err != nil {
		t.Fatal(err)
	}
	alerts := model.NewAlerts(rules)
	theme, _ := tui.ThemeNamed("dark")
	updates := make(chan tui.Update, 1)
	m := tui.New(updates, tui.Options{Window: model.Last(time.Hour), Theme: theme, Location: time.UTC,
		Alerts: alerts, User: user})
	var out lockedBuffer
	p := tea.NewProgram(m, tea.WithOutput(&out), tea.WithInput(nil), tea.WithoutSignalHandler(), tea.WithAltScreen())
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	p.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	now := time.Now().UTC()
	updates <- tui.Update{Responses: []model.Response{{ID: "1", Time: now.Add(-time.Minute), Score: 5, Queue: "Q", Comment: "a refund now"}},
		Status: tui.Status{Source: "f", State: tui.Live, Clock: now}}
	for _, k := range []string{"!", "a", "o"} {
		p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
		time.Sleep(60 * time.Millisecond)
	}
	p.Send(tea.KeyMsg{Type: tea.KeyEnter})
	time.Sleep(60 * time.Millisecond)
	p.Quit()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	close(updates)
	if a, _ := alerts.Get("r:1"); a == nil || a.AckBy() != "ana" || a.Owner() != "ana" || !strings.Contains(a.Why(), "refund") {
		t.Fatalf("the alert: %+v", a)
	}
	checkRawStream(t, out.b.String())

	// A mistake in the config names its key without its escapes.
	bad := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(bad, []byte("[alerts]\n\"\\u001b]0;pwned\\u0007\" = 1\n"), 0o600)
	code, _, stderr := runCLI(t, "", "report", "--config", bad, "--file", "testdata/small.jsonl")
	if code != exitError || strings.ContainsAny(stderr, "\x1b\x07") || !strings.Contains(stderr, "unknown key") {
		t.Errorf("exit %d: %q", code, stderr)
	}
	code, _, stderr = runCLI(t, "", "report", "--file", "/nonexistent/\x1b]0;x\x07.jsonl")
	if code != exitError || strings.ContainsAny(stderr, "\x1b\x07") {
		t.Errorf("a path with escapes: exit %d: %q", code, stderr)
	}
}

// A config is measured before it is decoded, whose time grows with the square of its keys:
// one over the limits of size, keys or tables is refused at once, with what it holds.
func TestAConfigOverItsLimitsIsRefused(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, build func(b *strings.Builder)) string {
		var b strings.Builder
		build(&b)
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(b.String()), 0o600)
		return path
	}
	targets := func(n int, inline bool) func(b *strings.Builder) {
		return func(b *strings.Builder) {
			if inline {
				b.WriteString("[alerts]\ntargets = {")
				for i := range n {
					fmt.Fprintf(b, "%sq%d=1", map[bool]string{true: ","}[i > 0], i)
				}
				b.WriteString("}\n")
				return
			}
			b.WriteString("[alerts.targets]\n")
			for i := range n {
				fmt.Fprintf(b, "\"q%d\" = 1\n", i)
			}
		}
	}
	for _, c := range []struct {
		name, path, want string
	}{
		{"40,000 targets", write("many.toml", targets(40000, false)), "40000 keys, more than a config may hold (10000)"},
		{"100,000 targets inline", write("inline.toml", targets(100000, true)), "100001 keys, more than a config may hold"},
		{"1,001 tables", write("tables.toml", func(b *strings.Builder) {
			for i := range maxConfigTables + 1 {
				fmt.Fprintf(b, "[t%d]\n", i)
			}
		}), "1001 tables"},
		{"2 MiB", write("big.toml", func(b *strings.Builder) {
			b.WriteString("[dashboard]\nuser = \"" + strings.Repeat("a", 2<<20) + "\"\n")
		}), "larger than a config may be (1048576 bytes)"},
	} {
		if _, err := loadConfig(c.path, true); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if cfg, err := loadConfig(write("ok.toml", targets(9000, false)), true); err != nil || len(cfg.Alerts.Targets) != 9000 {
		t.Errorf("9,000 targets: %v", err)
	}
}

// A feed of more queues than a report keeps gives the first ones and (other), counted and
// said; the totals stay whole.
func TestAReportPastTheLimitOfQueues(t *testing.T) {
	var b strings.Builder
	n := model.MaxQueues + 500
	for i := range n {
		fmt.Fprintf(&b, `{"id":"%d","ts":"2026-11-24T10:00:00Z","score":9,"queue":"q%05d"}`+"\n", i, i)
	}
	code, out, stderr := runCLI(t, b.String(), "report", "--file", "-", "--json", "--window", "all")
	if code != exitOK {
		t.Fatalf("%d %s", code, stderr)
	}
	var r struct {
		Overall struct{ Responses int }
		Groups  []struct {
			Queue     string
			Responses int
		}
		Feed struct {
			OverLimits map[string]int64 `json:"over_limits"`
		}
	}
	mustUnmarshal(t, out, &r)
	last := r.Groups[len(r.Groups)-1]
	if len(r.Groups) != model.MaxQueues+1 || r.Overall.Responses != n || r.Feed.OverLimits["queues"] != 500 || r.Feed.OverLimits["responses"] != 500 {
		t.Errorf("%d groups, %d responses, over %v", len(r.Groups), r.Overall.Responses, r.Feed.OverLimits)
	}
	if other := r.Groups[0]; other.Queue != model.Other || other.Responses != 500 || last.Queue != "q00999" {
		t.Errorf("first group %+v, last %+v", other, last)
	}
	_, table, _ := runCLI(t, b.String(), "report", "--file", "-", "--window", "all")
	if !strings.Contains(table, "Counted under (other): the responses of queues past the first 1,000 (500)") {
		t.Errorf("the table does not say so:\n%s", table[len(table)-300:])
	}
}
