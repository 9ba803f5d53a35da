package main

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/model/themes"
)

// uncommented is the template with every default uncommented: what a person gets who
// uncomments them all.
var defaultLine = regexp.MustCompile(`(?m)^# ([a-z_]+ = )`)

func loadText(t *testing.T, text string) *config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte(text), 0o644)
	cfg, err := loadConfig(path, true)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// The config init writes is read back as it is; and uncommenting every default in it changes
// nothing of what any command does.
func TestTheStartingConfigSaysTheDefaults(t *testing.T) {
	code, text, _ := runCLI(t, "", "config", "init", "-")
	if code != exitOK || !strings.HasPrefix(text, "# npsboard's config") {
		t.Fatalf("config init -: %d", code)
	}
	commented := loadText(t, text)
	all := loadText(t, defaultLine.ReplaceAllString(text, "$1"))
	if n := len(defaultLine.FindAllString(text, -1)); n < 50 {
		t.Fatalf("only %d defaults in the template", n)
	}
	for _, cfg := range []*config{commented, all} {
		empty := &config{}
		r1, err1 := cfg.rules()
		r0, err0 := empty.rules()
		if err0 != nil || err1 != nil || !reflect.DeepEqual(r1, r0) {
			t.Errorf("the rules differ from the defaults:\n%+v\n%+v", r1, r0)
		}
		m1, _ := cfg.mapping(time.UTC)
		m0, _ := empty.mapping(time.UTC)
		if !reflect.DeepEqual(m1, m0) || cfg.csvOptions() != empty.csvOptions() {
			t.Errorf("the mapping differs: %+v %+v", m1, m0)
		}
		k0, k1 := kioskFlags{rotate: 20 * time.Second, stale: 3 * time.Minute, leaderboard: "agent", rankWithin: "queue"}, kioskFlags{rotate: 20 * time.Second, stale: 3 * time.Minute, leaderboard: "agent", rankWithin: "queue"}
		k0.merge(&empty.Kiosk, map[string]bool{})
		k1.merge(&cfg.Kiosk, map[string]bool{})
		o0, _ := k0.options(model.Last(30 * 24 * time.Hour))
		o1, _ := k1.options(model.Last(30 * 24 * time.Hour))
		if !reflect.DeepEqual(o0, o1) || max(cfg.Kiosk.FPS, 4) != 4 {
			t.Errorf("the wall differs: %+v %+v", o1, o0)
		}
		if d := cfg.Dashboard; (d.Window != "" && d.Window != "1h") || (d.AgentWindow != "" && d.AgentWindow != "30d") || (d.Theme != "" && d.Theme != "dark") || d.Bell {
			t.Errorf("the dashboard differs: %+v", d)
		}
		if l := cfg.Themes.Language; l != "" && l != themes.Languages[0] {
			t.Errorf("the language is %q", l)
		}
		if s := cfg.Source; (s.Stream != "" && s.Stream != "NPSBOARD") || (s.Bucket != "" && s.Bucket != "npsboard-cases") || s.File != "" || s.WS != "" || s.NATS != "" || s.Follow {
			t.Errorf("the source differs: %+v", s)
		}
	}
	// Every key a config may hold is in it, with its table.
	for _, key := range configKeys(reflect.TypeOf(config{}), "") {
		table, name := "", key
		if i := strings.LastIndex(key, "."); i >= 0 {
			table, name = key[:i], key[i+1:]
		}
		if !strings.Contains(text, "["+table+"]") && table != "" && !strings.Contains(text, "["+key+"]") {
			t.Errorf("no [%s] table for %s", table, key)
		}
		if !regexp.MustCompile(`(?m)^#( |   e\.g\. )(\[`+regexp.QuoteMeta(key)+`[.\]]|`+regexp.QuoteMeta(name)+` = |\[`+regexp.QuoteMeta(table)+`\.)`).MatchString(text) &&
			!strings.Contains(text, "["+key) {
			t.Errorf("the key %s is not in the starting config", key)
		}
	}
}

// configKeys are the keys of a config's type, dotted with their tables; a map is a table of
// names a person chooses, listed by its own name.
func configKeys(t reflect.Type, prefix string) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("toml"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && ft != reflect.TypeOf(time.Time{}) {
			out = append(out, configKeys(ft, prefix+tag+".")...)
			continue
		}
		out = append(out, prefix+tag)
	}
	return out
}

func TestConfigInitNeverOverwritesAndCheckSaysWhere(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "config.toml")
	if code, _, errs := runCLI(t, "", "config", "init", path); code != exitOK || !strings.Contains(errs, "wrote "+path) {
		t.Fatalf("init: %d %q", code, errs)
	}
	os.WriteFile(path, []byte("# mine\n"), 0o644)
	if code, _, errs := runCLI(t, "", "config", "init", path); code != exitError || !strings.Contains(errs, "exists") {
		t.Errorf("init over a file: %d %q", code, errs)
	}
	if data, _ := os.ReadFile(path); string(data) != "# mine\n" {
		t.Errorf("the file was overwritten: %q", data)
	}
	if code, out, _ := runCLI(t, "", "config", "check", path); code != exitOK || out != path+": ok\n" {
		t.Errorf("check of a good config: %d %q", code, out)
	}
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[dashboard]\ntheme = \"dark\"\n\n[alerts.worsening]\nfalse_alarm_days = 0\n"), 0o644)
	if code, _, errs := runCLI(t, "", "config", "check", bad); code != exitError || !strings.Contains(errs, bad+":5: alerts.worsening.false_alarm_days: want a number from 1 to 3650") {
		t.Errorf("check of a bad config: %d %q", code, errs)
	}
	if code, _, errs := runCLI(t, "", "config", "check", filepath.Join(dir, "none.toml")); code != exitError || !strings.Contains(errs, "none.toml") {
		t.Errorf("check of a missing config: %d %q", code, errs)
	}
	for _, args := range [][]string{{"config"}, {"config", "edit"}, {"config", "check", "a", "b"}} {
		if code, _, _ := runCLI(t, "", args...); code != exitUsage {
			t.Errorf("%q: %d", args, code)
		}
	}
	// The default path, under XDG_CONFIG_HOME.
	e := &env{stdin: strings.NewReader(""), stdout: new(strings.Builder), stderr: new(strings.Builder),
		getenv: func(k string) string { return map[string]string{"XDG_CONFIG_HOME": dir}[k] }}
	if code := run(t.Context(), e, []string{"config", "init"}); code != exitOK {
		t.Fatalf("init at the default path: %d %s", code, e.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "npsboard", "config.toml")); err != nil {
		t.Error(err)
	}
}
