package main

import (
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exampleConfig writes a shipped example mapping to a file and returns its path.
func exampleConfig(t *testing.T, name string) string {
	t.Helper()
	data, err := mappings.ReadFile("mappings/" + name)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEveryShippedMappingLoads(t *testing.T) {
	names, _ := fs.Glob(mappings, "mappings/*.toml")
	if len(names) < 4 {
		t.Fatalf("%d example mappings", len(names))
	}
	for _, name := range names {
		cfg, err := loadConfig(exampleConfig(t, filepath.Base(name)), true)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if m, err := cfg.mapping(nil); err != nil || m == nil {
			t.Errorf("%s: mapping %v, %v", name, m, err)
		}
	}
}

// checkFigures runs a report and compares it with figures worked out apart.
func checkFigures(t *testing.T, args []string, accepted, duplicates int64, reasons map[string]int64, queues map[string]float64) {
	t.Helper()
	code, out, stderr := runCLI(t, "", append([]string{"report", "--json", "--tz", "UTC"}, args...)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := decodeReport(t, out)
	if r.Feed.Accepted != accepted || r.Feed.Duplicates != duplicates {
		t.Errorf("feed %+v", r.Feed)
	}
	for reason, n := range reasons {
		if r.Feed.Reasons[reason] != n {
			t.Errorf("%s: %d, want %d", reason, r.Feed.Reasons[reason], n)
		}
	}
	if len(r.Groups) != len(queues) {
		t.Errorf("%d queues, want %d", len(r.Groups), len(queues))
	}
	for _, g := range r.Groups {
		want, ok := queues[g.Queue]
		if !ok || g.stat.NPS == nil || math.Abs(*g.stat.NPS-want) > 0.001 {
			t.Errorf("%s: NPS %v, want %v", g.Queue, g.stat.NPS, want)
		}
	}
}

func TestAQualtricsExport(t *testing.T) {
	checkFigures(t, []string{"--file", "testdata/qualtrics-export.csv", "--config", exampleConfig(t, "qualtrics.toml")},
		4, 1, map[string]int64{"missing_field": 1}, map[string]float64{"Billing": 0, "Tech Support": 0, "Sales": 100})
	// The times are the account's: 09:02:41 in New York is 14:02:41 UTC.
	_, out, _ := runCLI(t, "", "report", "--json", "--tz", "UTC", "--file", "testdata/qualtrics-export.csv",
		"--config", exampleConfig(t, "qualtrics.toml"), "--window", "15m", "--at", "2026-11-24T14:15:00Z")
	if r := decodeReport(t, out); r.Overall.Responses != 3 { // 14:02:41, 14:06:11, 14:12:02
		t.Errorf("%d responses between 14:00 and 14:15 UTC, want 3", r.Overall.Responses)
	}
}

func TestDelightedWebhookBodies(t *testing.T) {
	checkFigures(t, []string{"--file", "testdata/delighted-webhooks.jsonl", "--config", exampleConfig(t, "delighted.toml")},
		2, 1, map[string]int64{"missing_field": 1}, map[string]float64{"Billing": 0})
}

// datasets finds the shared real exports: they are test data of the project's workplace, not
// part of the product, and a checkout without them skips these tests.
func datasets(t *testing.T) string {
	t.Helper()
	for _, dir := range []string{os.Getenv("NPSBOARD_DATASETS"), "../../../shared/datasets", "../../shared/datasets"} {
		if dir == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, "SOURCES.md")); err == nil {
			return dir
		}
	}
	t.Skip("the shared datasets are not beside this checkout (set NPSBOARD_DATASETS)")
	return ""
}

// The figures below were counted apart, with Python's csv module, from the raw files.
func TestTheTelecomExport(t *testing.T) {
	dir := datasets(t)
	checkFigures(t, []string{"--file", filepath.Join(dir, "telecom-nps-2018.csv"), "--config", exampleConfig(t, "telecom-nps-2018.toml")},
		2353, 0, map[string]int64{"bad_score": 32},
		map[string]float64{"Equipment Received": -56.7099567, "First Payment": -29.2920354, "Order": -9.9792099, "Service in Use": -76.6666667})
}

func TestTheTrainingFeedbackExport(t *testing.T) {
	dir := datasets(t)
	code, out, _ := runCLI(t, "", "report", "--json", "--file", filepath.Join(dir, "training-feedback-2018.csv"),
		"--config", exampleConfig(t, "carpentries-training-2018.toml"))
	if code != exitOK {
		t.Fatal(code)
	}
	r := decodeReport(t, out)
	if r.Feed.Records != 967 || r.Feed.Accepted != 889 || r.Feed.Reasons["missing_field"] != 78 {
		t.Errorf("feed %+v", r.Feed)
	}
	checkStat(t, "overall", r.Overall, 501, 317, 71, 100*float64(501-71)/889)
}

func TestConfigMistakesNameFileLineAndKey(t *testing.T) {
	cases := []struct{ text, want string }{
		{"[mapping]\nscore = \"NPS\"\nscroe = \"x\"\n", ":3: mapping.scroe: unknown key"},
		{"[mapping]\ntime_zone = \"Mars/Olympus\"\n", ":2: mapping.time_zone: unknown time zone"},
		{"[mapping]\n\ntime_layout = \"yesterday\"\n", ":3: mapping.time_layout: want rfc3339"},
		{"[mapping]\nqueue = 3\n", ":2: mapping.queue: wrong kind of value: integer"},
		{"[mapping]\nqueue = \"\"\n", ":2: mapping.queue: want the name of a column"},
		{"[csv]\nseparator = \";;\"\n", ":2: csv.separator: want one character"},
		{"[csv]\nskip_rows = -1\n", ":2: csv.skip_rows: want a number"},
		{"# npsboard\n[mapping]\n  id = \"\"\n  \"score\" = \"  \"\n", ":4: mapping.score: want the name of a column"},
		{"[mapping\nscore = \"x\"\n", ":1: expected ']'"},
		{"[alert]\n", ":1: alert: unknown key"},
		{"[alerts]\ntarget = 200\n", ":2: alerts.target: want an NPS from -100 to 100"},
		{"[alerts.targets]\nBilling = 10\nSales = -101\n", ":3: alerts.targets.Sales: want an NPS"},
		{"[alerts]\nkeywords = \"refund\"\n", ":2: alerts.keywords: wrong kind of value: string"},
		{"[alerts.spike]\nrecent = \"90s\"\n", ":2: alerts.spike.recent: want a whole number of minutes"},
		{"[alerts.streak]\ncount = 1\n", ":2: alerts.streak.count: want 2 or more"},
		{"[alerts]\nqueue_rules = [\"worsening\", \"cusum\"]\n", ":2: alerts.queue_rules: want some of worsening, below_target, spike"},
		{"[alerts]\nqueue_rules = [\"spike\", \"spike\"]\n", ":2: alerts.queue_rules: want some of worsening, below_target, spike, each once"},
		{"[alerts.worsening]\ndetractors = 61\n", ":2: alerts.worsening.detractors: want a number from 5 to 60"},
		{"[alerts.worsening]\npromoters = 4.5\n", ":2: alerts.worsening.promoters: want a number from 5 to 60"},
		{"[alerts.worsening]\nfalse_alarm_days = 0.5\n", ":2: alerts.worsening.false_alarm_days: want a number from 1 to 3650"},
		{"[alerts.worsening]\nfalse_alarm_days = nan\n", ":2: alerts.worsening.false_alarm_days: want a number"},
		{"[alerts.worsening]\nreference = \"23h\"\n", ":2: alerts.worsening.reference: want whole hours from 24h to 1440h"},
		{"[alerts.worsening]\nreference = \"1441h\"\n", ":2: alerts.worsening.reference: want whole hours"},
		{"[alerts.worsening]\nseverity = \"dire\"\n", ":2: alerts.worsening.severity: "},
		{"[alerts.streak]\nseverity = \"critical\"\n", ":2: alerts.streak.severity: "},
		{"[alerts.follow_up]\nhigh = \"4h\"\nurgent = \"1h\"\n", ":3: alerts.follow_up.urgent: want high, medium or low"},
		{"[alerts.follow_up]\nlow = \"soon\"\n", ":2: alerts.follow_up.low: want a duration"},
		{"[alerts]\nhorizon = \"73h\"\n", ":2: alerts.horizon: want a duration from 1m to 72h0m0s"},
		{"[alerts]\nhorizon = \"30s\"\n", ":2: alerts.horizon: want a duration from 1m"},
		{"[alerts]\nopen = \"some\"\n", ":2: alerts.open: want \"high\" or \"all\""},
		{"[alerts]\nreopen_within = \"15d\"\n", ":2: alerts.reopen_within: want a duration from 0 to 14d"},
		{"[alerts]\nreopen_within = \"a week\"\n", ":2: alerts.reopen_within: want a duration"},
		{"[alerts]\nmax_cases = 999\n", ":2: alerts.max_cases: want a whole number from 1000 to 1000000 (the default: 50000)"},
		{"[alerts]\nmax_cases = 1000001\n", ":2: alerts.max_cases: want a whole number from 1000 to 1000000"},
		{"[alerts]\nmax_cases = 9223372036854775807\n", ":2: alerts.max_cases: want a whole number from 1000"},
		{"[alerts]\nmax_cases = 2e5\n", ":2: alerts.max_cases: wrong kind of value"},
		{"[alerts.rules.refund]\nopen = true\n", ":1: alerts.rules.refund: want one of vip, keyword, detractor, promoter"},
		{"[alerts.rules.vip]\nopen = \"yes\"\n", ":2: alerts.rules.vip.open: wrong kind of value"},
		{"[themes]\nlanguage = \"klingon\"\n", ":2: themes.language: want one of english"},
		{"[alerts]\noutcomes = []\n", ":2: alerts.outcomes: want 1 to 9 outcomes"},
		{"[alerts]\noutcomes = [\"a\", \"b\", \"a\"]\n", ":2: alerts.outcomes: want different names"},
		{"[alerts]\noutcomes = [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\"]\n", ":2: alerts.outcomes: want 1 to 9"},
		{"[alerts.playbooks]\nurgent = [\"call\"]\n", ":2: alerts.playbooks.urgent: want a rule"},
		{"[alerts.playbooks]\nhigh = [\"\\u001b[2J\"]\n", ":2: alerts.playbooks.high: want steps of 1 to 200 bytes"},
		{"[dashboard]\nusr = \"ana\"\n", ":2: dashboard.usr: unknown key"},
		{"[dashboard]\nwindow = \"2 days\"\n", ":2: dashboard.window: "},
		{"[dashboard]\ntheme = \"neon\"\n", ":2: dashboard.theme: "},
		{"[dashboard]\nmemory_limit = \"2TiB\"\n", ":2: dashboard.memory_limit: want a size"},
		{"[kiosk]\nenabled = true\nrotate = \"500ms\"\n", ":3: kiosk.rotate: want a duration of a second or more"},
		{"[kiosk]\nscreens = [\"overview\", \"weather\"]\n", ":2: kiosk.screens: unknown screen \"weather\""},
		{"[kiosk]\nleaderboard = \"queue\"\n", ":2: kiosk.leaderboard: want agent or team"},
		{"[kiosk]\nunlock = \"ctrl+c\"\n", ":2: kiosk.unlock: ctrl+c quits"},
		{"[source]\nfile = \"a.jsonl\"\nws = \"ws://relay/v1/stream\"\n", ":3: source.ws: file and ws exclude each other"},
		{"[source]\nfile = \"a.jsonl\"\nnats = \"nats://a:4222\"\n", ":3: source.nats: nats excludes file and ws"},
		{"[source]\nnats = \"nats://ann:hunter2@a:4222\"\n", ":2: source.nats: the URL of a:4222 carries a user or a token"},
		{"[source]\nsites = [\"Leeds\"]\n", ":2: source.sites: sites are subjects of a stream"},
	}
	for _, c := range cases {
		path := filepath.Join(t.TempDir(), "config.toml")
		os.WriteFile(path, []byte(c.text), 0o644)
		_, err := loadConfig(path, true)
		if err == nil || !strings.HasPrefix(err.Error(), path+":") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %s%s", c.text, err, path, c.want)
		}
		// And on the command line: a one-line error, exit 1.
		code, _, stderr := runCLI(t, "", "report", "--file", "testdata/small.jsonl", "--config", path)
		if code != exitError || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("%q: exit %d, %q", c.text, code, stderr)
		}
	}
}

func TestTheDefaultConfigIsUsedWhenThere(t *testing.T) {
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, "npsboard"), 0o755)
	os.WriteFile(filepath.Join(home, "npsboard", "config.toml"), []byte("[mapping]\nqueue = \"line\"\n"), 0o644)
	e := func(k string) string {
		if k == "XDG_CONFIG_HOME" {
			return home
		}
		return ""
	}
	if p := defaultConfigPath(e); p != filepath.Join(home, "npsboard", "config.toml") {
		t.Fatalf("default path %s", p)
	}
	cfg, err := loadConfig(defaultConfigPath(e), false)
	if err != nil || cfg.Mapping.Queue == nil || *cfg.Mapping.Queue != "line" {
		t.Fatalf("%+v %v", cfg, err)
	}
	if _, err := loadConfig(filepath.Join(home, "missing.toml"), false); err != nil {
		t.Errorf("a missing default config is an error: %v", err)
	}
	if _, err := loadConfig(filepath.Join(home, "missing.toml"), true); err == nil {
		t.Error("a missing config that was asked for is not an error")
	}
}
