package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
)

// Whatever a config file holds, reading it gives a config whose every value is usable, or one
// error that names the file; never a panic.
func FuzzConfig(f *testing.F) {
	f.Add("[mapping]\nscore = \"NPS\"\nts = \"When\"\ntime_layout = \"02/01/2006 15:04\"\ntime_zone = \"Europe/Paris\"\n")
	f.Add("[alerts]\ntarget = 30\nkeywords = [\"refund\"]\n[alerts.targets]\n\"Tech Support\" = -10\n[alerts.follow_up]\nhigh = \"4h\"\n")
	f.Add("[kiosk]\nenabled = true\nrotate = \"15s\"\nscreens = [\"alerts\"]\n[source]\nws = \"ws://r/v1/stream\"\n")
	f.Add("[csv]\nseparator = \";\"\nskip_rows = 2\n[dashboard]\nwindow = \"today\"\n")
	f.Add("a = [1, {b = 2}]\n[[x]]\n'\\u0000' = \"\"\n")
	f.Add("[dashboard]\nuser = \"ana\\u001b]0;pwned\\u0007\"\n[alerts]\nkeywords = [\"\\u001b[2J\"]\n\"\\u001b]52;c;x\\u0007\" = 1\n")
	f.Add("[alerts]\ntargets = {a = 1, b = {c = [1, {d = 2}]}}\n")
	f.Add("[alerts]\nopen = \"all\"\nreopen_within = \"3d\"\noutcomes = [\"=SUM(1)\", \"ok\\u001b]0;x\\u0007\"]\n[alerts.playbooks]\nhigh = [\"\\u001b[2JCall\"]\n[alerts.rules.promoter]\nopen = true\n")
	f.Add("[themes]\nlanguage = \"french\"\n[topics.\"=cmd\\u001b[2J\"]\nwords = [\"pas livré\", \"配送\"]\nexcept = [\"ne\"]\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, text string) {
		path := filepath.Join(dir, "config.toml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := loadConfig(path, true)
		if err != nil {
			if !strings.HasPrefix(err.Error(), path) {
				t.Fatalf("%q: the error does not name the file: %v", text, err)
			}
			return
		}
		rules, err := cfg.rules()
		if err != nil {
			t.Fatalf("%q: read, yet its rules fail: %v", text, err)
		}
		for _, k := range rules.Keywords { // a keyword is shown in an alert's reason
			if feed.Clean(k, false) != k {
				t.Fatalf("%q: the keyword %q is not clean", text, k)
			}
		}
		if _, err := cfg.mapping(time.UTC); err != nil && !strings.HasPrefix(err.Error(), path) {
			t.Fatalf("%q: %v", text, err)
		}
		var k kioskFlags
		k.rotate, k.stale, k.leaderboard = 20*time.Second, 3*time.Minute, "agent"
		k.merge(&cfg.Kiosk, map[string]bool{})
		if _, err := k.options(model.Last(30 * 24 * time.Hour)); err != nil {
			t.Fatalf("%q: read, yet its kiosk fails: %v", text, err)
		}
	})
}
