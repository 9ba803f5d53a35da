package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The relay's log as a service writes it: JSON lines with a level, from the level asked.
func TestTheRelayLogsJSONFromTheLevelAsked(t *testing.T) {
	for _, c := range []struct {
		level     string
		listening bool // the Info line at start
		posts     bool // the Debug line of each POST
	}{{"debug", true, true}, {"info", true, false}, {"warn", false, false}} {
		dir := t.TempDir()
		logFile := filepath.Join(dir, "relay.log")
		addr := freeAddr(t)
		r := &relayProcess{t: t, args: []string{"relay", "--journal", filepath.Join(dir, "j.jsonl"), "--log", logFile,
			"--log-format", "json", "--log-level", c.level, "--listen", addr}}
		r.start()
		resp, err := http.Post("http://"+addr+"/v1/responses", "application/x-ndjson", strings.NewReader(`{"id":"a","ts":"2026-11-24T10:00:00Z","score":9,"queue":"q"}`+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		r.stop()
		data, _ := os.ReadFile(logFile)
		var listening, posts bool
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			if line == "" {
				continue
			}
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil || rec["level"] == nil || rec["time"] == nil {
				t.Fatalf("--log-level %s: a line that is not a JSON record with a level and a time: %q", c.level, line)
			}
			listening = listening || rec["msg"] == "relay listening"
			posts = posts || rec["msg"] == "post" && rec["level"] == "DEBUG" && rec["accepted"] == 1.0
		}
		if listening != c.listening || posts != c.posts {
			t.Errorf("--log-level %s: listening %v, posts %v:\n%s", c.level, listening, posts, data)
		}
	}
	for _, bad := range [][]string{{"--log-format", "xml"}, {"--log-level", "loud"}} {
		args := append([]string{"relay", "--journal", filepath.Join(t.TempDir(), "j.jsonl")}, bad...)
		if code, _, stderr := runCLI(t, "", args...); code != exitUsage || !strings.Contains(stderr, bad[0]) {
			t.Errorf("%q: %d %q", bad, code, stderr)
		}
		if code, _, stderr := runCLI(t, "", append([]string{"report", "--file", "-"}, bad...)...); code != exitUsage {
			t.Errorf("report %q: %d %q (report keeps no log)", bad, code, stderr)
		}
	}
}
