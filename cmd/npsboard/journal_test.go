package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// journalFor is the state journal a dashboard started with args would use.
func journalFor(t *testing.T, stateHome string, cfg *config, args ...string) string {
	t.Helper()
	var o dashboardOptions
	fs := flag.NewFlagSet("npsboard", flag.ContinueOnError)
	o.src.register(fs)
	fs.StringVar(&o.state, "state", "", "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	if cfg == nil {
		cfg = &config{}
	}
	return dashboardJournal(&o, cfg, func(k string) string {
		return map[string]string{"XDG_STATE_HOME": stateHome, "HOME": "/home/ana"}[k]
	})
}

// Each source has its own journal by default: opening a file never shows another feed's
// alerts. The same source, however named, finds its journal again.
func TestEachSourceKeepsItsOwnJournal(t *testing.T) {
	home := t.TempDir()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "queue-a.jsonl"), filepath.Join(dir, "queue-b.jsonl")
	for _, f := range []string{a, b} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(t.TempDir(), "latest.jsonl")
	if err := os.Symlink(a, link); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)

	ja, jb := journalFor(t, home, nil, "--file", a), journalFor(t, home, nil, "--file", b)
	if ja == jb {
		t.Fatalf("two files share the journal %s", ja)
	}
	for _, j := range []string{ja, jb} {
		if filepath.Dir(j) != filepath.Join(home, "npsboard", "alerts") {
			t.Errorf("journal %s is not in the state directory", j)
		}
	}
	if !strings.HasPrefix(filepath.Base(ja), "file-queue-a-") {
		t.Errorf("the journal's name %s does not say which file it is for", filepath.Base(ja))
	}
	if j := journalFor(t, home, nil, "--file", "queue-a.jsonl"); j != ja {
		t.Errorf("the same file by a relative name has the journal %s, not %s", j, ja)
	}
	if j := journalFor(t, home, nil, "--file", link); j != ja {
		t.Errorf("the same file through a link has the journal %s, not %s", j, ja)
	}
	stdin := journalFor(t, home, nil, "--file", "-")
	if stdin == ja || stdin == jb || !strings.HasPrefix(filepath.Base(stdin), "stdin-") {
		t.Errorf("standard input's journal is %s", stdin)
	}

	w1 := journalFor(t, home, nil, "--ws", "wss://relay.example:8443/v1/stream?token=abc")
	w2 := journalFor(t, home, nil, "--ws", "wss://user:pw@RELAY.example:8443/v1/stream?token=def")
	w3 := journalFor(t, home, nil, "--ws", "wss://relay.example:8443/other/stream")
	if w1 != w2 {
		t.Errorf("a stream reached with other credentials has another journal: %s, %s", w1, w2)
	}
	if w1 == w3 || strings.Contains(w1, "token") || strings.Contains(w1, "abc") {
		t.Errorf("streams' journals: %s, %s", w1, w3)
	}

	if j := journalFor(t, home, nil); j != "" {
		t.Errorf("the demo keeps its alerts in %s", j)
	}
	if j := journalFor(t, home, nil, "--state", "/tmp/x.jsonl"); j != "/tmp/x.jsonl" {
		t.Errorf("the demo with --state keeps them in %s", j)
	}
	cfg := &config{}
	cfg.Dashboard.State = "/srv/wall.jsonl"
	if j := journalFor(t, home, cfg, "--file", a); j != "/srv/wall.jsonl" {
		t.Errorf("the config's state gave %s", j)
	}
	if j := journalFor(t, home, cfg, "--file", a, "--state", "/tmp/y.jsonl"); j != "/tmp/y.jsonl" {
		t.Errorf("--state gave %s", j)
	}
}

// `npsboard alerts` reads the journal of the source it is given, the only one there is, or
// lists them when there are several.
func TestAlertsFindsTheJournalOfItsSource(t *testing.T) {
	home := t.TempDir()
	getenv := func(k string) string { return map[string]string{"XDG_STATE_HOME": home}[k] }
	run := func(args ...string) (string, error) {
		var file fileSource
		var ws wsSource
		var statePath string
		fs := flag.NewFlagSet("alerts", flag.ContinueOnError)
		fs.StringVar(&statePath, "state", "", "")
		fs.StringVar(&file.path, "journal-of", "", "")
		fs.StringVar(&ws.url, "ws", "", "")
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		return alertsJournal(getenv, statePath, &file, &ws)
	}
	if _, err := run(); err == nil || !strings.Contains(err.Error(), "no state journal") {
		t.Errorf("no journal at all: %v", err)
	}
	a := filepath.Join(t.TempDir(), "a.csv")
	ja := journalFor(t, home, nil, "--file", a)
	if got, err := run("--journal-of", a); err != nil || got != ja {
		t.Errorf("--journal-of: %s, %v; the dashboard's is %s", got, err, ja)
	}
	os.MkdirAll(filepath.Dir(ja), 0o755)
	os.WriteFile(ja, nil, 0o644)
	if got, err := run(); err != nil || got != ja {
		t.Errorf("the only journal: %s, %v", got, err)
	}
	shared := filepath.Join(home, "npsboard", "state.jsonl")
	os.WriteFile(shared, nil, 0o644)
	_, err := run()
	if err == nil || !strings.Contains(err.Error(), ja) || !strings.Contains(err.Error(), shared) {
		t.Errorf("two journals: %v", err)
	}
	if _, err := run("--journal-of", a, "--state", shared); err == nil {
		t.Error("--journal-of and --state together")
	}
}
