package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// runCLI runs npsboard in-process with args and stdin.
func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code = run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

// golden compares got with testdata/name, or rewrites it with -update. Review every change.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run with -update and review the diff):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestUsageErrorsAreOneLineNamingTheFlagAndExitTwo(t *testing.T) {
	cases := []struct {
		name  string
		args  []string
		where string // what the message must name
	}{
		{"an unknown flag", []string{"report", "--file", "x", "--nope"}, "--nope"},
		{"an unknown flag of the dashboard", []string{"--bogus"}, "--bogus"},
		{"a window of seconds", []string{"report", "--file", "x", "--window", "30s"}, "--window"},
		{"a window that is not one", []string{"report", "--file", "x", "--window", "soon"}, "--window"},
		{"a grouping that does not exist", []string{"report", "--file", "x", "--by", "floor"}, "--by"},
		{"an unreadable instant", []string{"report", "--file", "x", "--at", "noon"}, "--at"},
		{"an unknown zone", []string{"report", "--file", "x", "--tz", "Mars/Olympus"}, "--tz"},
		{"a flag without its value", []string{"report", "--file"}, "--file"},
		{"a bad boolean", []string{"report", "--file", "x", "--json=maybe"}, "--json"},
		{"no source", []string{"report"}, "--file"},
		{"two output formats", []string{"report", "--file", "x", "--json", "--csv"}, "--csv"},
		{"a stray argument", []string{"report", "--file", "x", "extra"}, `"extra"`},
		{"an unknown command", []string{"frobnicate"}, `"frobnicate"`},
		{"a demo without days, live, count or rate", []string{"demo"}, "--days"},
		{"a demo of two modes", []string{"demo", "--days", "3", "--live"}, "--live"},
		{"a demo of too many days", []string{"demo", "--days", "400"}, "--days"},
		{"a demo of scale 0", []string{"demo", "--days", "1", "--scale", "0"}, "--scale"},
		{"a dashboard demo of scale 51", []string{"--scale", "51"}, "--scale"},
		{"a count that is not a number", []string{"demo", "--count", "many"}, "--count"},
		{"a share of dirt above one", []string{"demo", "--count", "5", "--dirty", "2"}, "--dirty"},
		{"a start that is not a date", []string{"demo", "--count", "5", "--start", "tomorrow"}, "--start"},
		{"help for a command that does not exist", []string{"help", "nothing"}, `"nothing"`},
		{"a theme that does not exist", []string{"--theme", "neon"}, "--theme"},
		{"a leaderboard within nothing known", []string{"--kiosk", "--rank-within", "floors"}, "--rank-within"},
		{"a file and a websocket at once", []string{"report", "--file", "x", "--ws", "ws://h/s"}, "--ws"},
		{"follow without a file", []string{"--follow"}, "--follow"},
		{"follow and replay at once", []string{"--file", "x", "--follow", "--replay", "10"}, "--replay"},
		{"follow standard input", []string{"--file", "-", "--follow"}, "--follow"},
		{"a header without a websocket", []string{"report", "--file", "x", "--header", "A: b"}, "--header"},
		{"a header without a colon", []string{"--ws", "ws://h/s", "--header", "nocolon"}, "--header"},
		{"a websocket URL that is http", []string{"--ws", "http://h/s"}, "--ws"},
		{"a format that does not exist", []string{"report", "--file", "x", "--format", "xml"}, "--format"},
		{"a negative --for", []string{"report", "--file", "x", "--for", "-1s"}, "--for"},
		{"a relay without a journal", []string{"relay"}, "--journal"},
		{"a relay on no address", []string{"relay", "--journal", "j", "--listen", "8080"}, "--listen"},
		{"a certificate without its key", []string{"relay", "--journal", "j", "--tls-cert", "c.pem"}, "--tls-key"},
		{"a target beyond the scale", []string{"--target", "150"}, "--target"},
		{"a dashboard window of seconds", []string{"--window", "10s"}, "--window"},
		{"a memory limit below 32MiB", []string{"--memory-limit", "31MiB"}, "--memory-limit"},
		{"a memory limit in furlongs", []string{"--memory-limit", "200 furlongs"}, "--memory-limit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", c.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if stdout != "" {
				t.Errorf("wrote to stdout: %q", stdout)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.where) {
				t.Errorf("stderr %q: want one line naming %s", stderr, c.where)
			}
			// And where to read more: a help that exists.
			if m := regexp.MustCompile(`\(see 'npsboard ([^']*)'\)`).FindStringSubmatch(stderr); m != nil {
				if code, _, _ := runCLI(t, "", strings.Fields(m[1])...); code != exitOK || strings.HasSuffix(m[1], " ") {
					t.Errorf("stderr %q points to %q, which exits %d", stderr, m[1], code)
				}
			}
		})
	}
}

func TestAMissingOrUnreadableSourceExitsOne(t *testing.T) {
	for name, path := range map[string]string{"a missing file": "testdata/nothing-here.jsonl", "a directory": "testdata"} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", "report", "--file", path)
			if code != exitError || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, path) {
				t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"help"}, {"-h"}} {
		code, stdout, _ := runCLI(t, "", args...)
		if code != exitOK || !strings.Contains(stdout, "Usage:") || !strings.Contains(stdout, "Examples:") ||
			!strings.Contains(stdout, "npsboard report") {
			t.Errorf("%v: exit %d, output:\n%s", args, code, stdout)
		}
	}
	for _, c := range commands() {
		t.Run("help of "+commandName(c), func(t *testing.T) {
			args := []string{"help"}
			if c.name != "" {
				args = append(args, c.name)
			}
			code, help, _ := runCLI(t, "", args...)
			if code != exitOK || !strings.Contains(help, "Usage:") || !strings.Contains(help, "Examples:") {
				t.Fatalf("exit %d, help:\n%s", code, help)
			}
			code, dashH, _ := runCLI(t, "", append(args[1:], "--help")...)
			if code != exitOK || dashH != help {
				t.Errorf("--help differs from help:\n%s", dashH)
			}
			fs, _ := c.flags()
			fs.VisitAll(func(f *flag.Flag) {
				if !strings.Contains(help, "--"+f.Name+" ") {
					t.Errorf("flag --%s is not in the help", f.Name)
				}
			})
		})
	}
}

func TestReportTable(t *testing.T) {
	for _, c := range []struct{ golden string }{{"report-queue.golden"}, {"report-agent-1h.golden"}} {
		args := []string{"report", "--file", "testdata/small.jsonl", "--tz", "UTC"}
		if strings.Contains(c.golden, "agent") {
			args = append(args, "--by", "agent", "--window", "1h")
		}
		code, stdout, stderr := runCLI(t, "", args...)
		if code != exitOK || stderr != "" {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		golden(t, c.golden, stdout)
	}
}

func TestReportCSV(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "report", "--file", "testdata/small.jsonl", "--tz", "UTC", "--csv", "--by", "channel")
	want := `channel,responses,promoters,passives,detractors,nps,ci95_lo,ci95_hi
chat,2,1,1,0,50,-39.449743481364166,79.44974348136415
email,1,1,0,0,100,-48.5,98.5
voice,3,1,1,1,0,-61.1137373173077,61.1137373173077
`
	if code != exitOK || stdout != want {
		t.Errorf("exit %d, csv:\n%s\nwant:\n%s", code, stdout, want)
	}
}

func TestReportReadsStandardInputAndSetsRejectsAside(t *testing.T) {
	data, err := os.ReadFile("testdata/small.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	rejects := filepath.Join(t.TempDir(), "rejects.jsonl")
	code, stdout, stderr := runCLI(t, string(data), "report", "--file", "-", "--tz", "UTC", "--json", "--rejects", rejects)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := decodeReport(t, stdout)
	if r.Feed.Records != 13 || r.Feed.Accepted != 7 || r.Feed.Duplicates != 1 || r.Feed.Rejected != 5 {
		t.Errorf("feed %+v", r.Feed)
	}
	got, err := os.ReadFile(rejects)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(got)), "\n") {
		var rej struct {
			Reason string
			Line   int
			Raw    string
		}
		mustUnmarshal(t, l, &rej)
		if rej.Raw == "" {
			t.Errorf("reject without its raw text: %s", l)
		}
		lines = append(lines, rej.Reason+"@"+itoa(rej.Line))
	}
	if want := "bad_json@9 not_object@10 missing_field@11 bad_score@12 bad_time@13"; strings.Join(lines, " ") != want {
		t.Errorf("rejects %v, want %s", lines, want)
	}
}

// The figures of the fixture, worked out by hand: seven responses after a duplicate and five
// bad lines are set aside; the window (09:00, 10:00] leaves out the response at 09:00 itself.
func TestReportJSONFigures(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "report", "--file", "testdata/small.jsonl", "--tz", "UTC", "--json")
	if code != exitOK {
		t.Fatal(code)
	}
	r := decodeReport(t, stdout)
	if r.Window.Name != "all" || r.Window.From != nil || r.Window.To != "2026-11-24T10:00:00Z" {
		t.Errorf("window %+v", r.Window)
	}
	checkStat(t, "overall", r.Overall, 3, 2, 2, 100.0/7)
	want := map[string][4]float64{"billing": {2, 0, 1, 100.0 / 3}, "sales": {1, 1, 1, 0}, "support": {0, 1, 0, 0}}
	if len(r.Groups) != 3 {
		t.Fatalf("%d groups", len(r.Groups))
	}
	for _, g := range r.Groups {
		w := want[g.Queue]
		checkStat(t, g.Queue, g.stat, int64(w[0]), int64(w[1]), int64(w[2]), w[3])
	}
	if r.Feed.Reasons["bad_json"] != 1 || r.Feed.Reasons["too_long"] != 0 || len(r.Feed.Reasons) != 8 {
		t.Errorf("reasons %v", r.Feed.Reasons)
	}

	code, stdout, _ = runCLI(t, "", "report", "--file", "testdata/small.jsonl", "--tz", "UTC", "--json",
		"--window", "1h", "--at", "2026-11-24T10:00:00Z", "--by", "agent")
	if code != exitOK {
		t.Fatal(code)
	}
	r = decodeReport(t, stdout)
	if r.Window.From == nil || *r.Window.From != "2026-11-24T09:00:00Z" {
		t.Errorf("window %+v", r.Window)
	}
	checkStat(t, "overall of the last hour", r.Overall, 0, 2, 1, -100.0/3)
	if len(r.Groups) != 2 || r.Groups[0].Queue != "sales" || r.Groups[0].Agent != "cleo" || r.Groups[1].Agent != "dan" {
		t.Errorf("groups %+v", r.Groups)
	}
}

func TestAnEmptyFeedHasNoScore(t *testing.T) {
	code, stdout, _ := runCLI(t, "\n\n", "report", "--file", "-", "--json")
	if code != exitOK || !strings.Contains(stdout, `"nps": null`) || !strings.Contains(stdout, `"ci95": null`) {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}

// A mistyped command names the nearest one; a word far from every command names none.
func TestAMistypedCommandSuggestsTheNearest(t *testing.T) {
	for _, c := range []struct{ typed, want string }{
		{"reprot", "report"}, {"alert", "alerts"}, {"relya", "relay"}, {"dmeo", "demo"}, {"Report", "report"}, {"hlep", "help"},
	} {
		code, _, stderr := runCLI(t, "", c.typed)
		if code != exitUsage || !strings.Contains(stderr, fmt.Sprintf("did you mean %q?", c.want)) {
			t.Errorf("%s: exit %d, %q; want a suggestion of %s", c.typed, code, stderr, c.want)
		}
		code, _, stderr = runCLI(t, "", "help", c.typed)
		if c.want != "help" && (code != exitUsage || !strings.Contains(stderr, fmt.Sprintf("did you mean %q?", c.want))) {
			t.Errorf("help %s: exit %d, %q", c.typed, code, stderr)
		}
	}
	for _, typed := range []string{"frobnicate", "x", "reports-of-last-week"} {
		if _, _, stderr := runCLI(t, "", typed); strings.Contains(stderr, "did you mean") {
			t.Errorf("%s: %q suggests a command", typed, stderr)
		}
	}
}

// Every command can be profiled where it runs: --cpuprofile writes a pprof profile (gzipped),
// and a place it cannot write is an error before any work.
func TestEveryCommandCanBeProfiled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cpu.prof")
	if code, _, stderr := runCLI(t, "", "report", "--file", "testdata/small.jsonl", "--cpuprofile", path); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(path); err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Errorf("the profile is not a gzipped pprof: %v, %d bytes", err, len(b))
	}
	if code, _, stderr := runCLI(t, "", "demo", "--count", "1", "--cpuprofile", filepath.Join(path, "no", "such")); code != exitError || !strings.Contains(stderr, "no/such") {
		t.Errorf("an unwritable profile: exit %d, %q", code, stderr)
	}
}

// The overview names every command.
func TestTheOverviewNamesEveryCommand(t *testing.T) {
	_, help, _ := runCLI(t, "", "help")
	for _, c := range commands() {
		if c.name != "" && !strings.Contains(help, "npsboard "+c.name+" ") {
			t.Errorf("the overview does not name %s", c.name)
		}
	}
}
