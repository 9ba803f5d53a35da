package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/npsboard/npsboard/feed/jet"
	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/tui"
)

const configUsageText = `Writes a config to start from, or checks one.

Usage:
  npsboard config init [FILE]    write a config with every key, commented out at its default
                                 (default FILE: $XDG_CONFIG_HOME/npsboard/config.toml; - for
                                 standard output); an existing file is never overwritten
  npsboard config check [FILE]   read a config as every command does: exit 0 when it is good,
                                 1 with its file, line and key when it is not

Examples:
  npsboard config init                      the default config, to edit
  npsboard config init - > wall.toml        one for a wallboard
  npsboard config check wall.toml
`

func configCommand() *command {
	c := &command{name: "config", summary: "write a config to start from (init), or check one", usage: configUsageText, takesArgs: true}
	c.setup = func(fs *flag.FlagSet) func(context.Context, *env) error {
		return func(_ context.Context, e *env) error {
			if fs.NArg() < 1 || fs.NArg() > 2 {
				return usagef("want init or check, and a file if not the default one")
			}
			path := defaultConfigPath(e.getenv)
			if fs.NArg() == 2 {
				path = fs.Arg(1)
			}
			switch fs.Arg(0) {
			case "init":
				return configInit(e, path)
			case "check":
				if _, err := loadConfig(path, true); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "%s: ok\n", path)
				return nil
			}
			return usagef("unknown %q: want init or check", fs.Arg(0))
		}
	}
	return c
}

// configInit writes the starting config to path (standard output for -), never over a file.
func configInit(e *env, path string) error {
	text := configTemplate()
	if path == "-" {
		_, err := io.WriteString(e.stdout, text)
		return err
	}
	if path == "" {
		return errors.New("no config path: set HOME or XDG_CONFIG_HOME, or name a file")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists: it is left as it is (remove it, or name another file)", path)
	}
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, text); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %s: every key is commented out at its default; 'npsboard config check' reads it back\n", path)
	return nil
}

// short writes a duration as a config would: 15m, 1h, 672h.
func short(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	case d%time.Minute == 0:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	}
	return d.String()
}

func tomlList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// configTemplate is the starting config. Its values are the program's own defaults, taken from
// the code: a line "# key = value" is the default, and uncommenting it changes nothing; a line
// "#   e.g. key = value" is an example of a key with no default value to show.
func configTemplate() string {
	r := model.DefaultRules()
	w := model.DefaultDetector
	screens := make([]string, len(tui.KioskScreens))
	for i, s := range tui.KioskScreens {
		screens[i] = string(s)
	}
	var segs []string
	for s := range r.VIPSegments {
		segs = append(segs, s)
	}
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("# npsboard's config (TOML). Every key is commented out at its default: uncomment what you change.")
	p("# 'npsboard config check' reads it as every command does; 'npsboard help config' says more.")
	p("")
	p("[source]  # the feed when no --file, --ws or --nats is given: one of file, ws or nats")
	p("#   e.g. file = \"/var/log/surveys.jsonl\"")
	p("# follow = false            # with file: go on reading as it grows")
	p("#   e.g. format = \"jsonl\"     # or \"csv\"; told by the name or the content when not set")
	p("#   e.g. ws = \"wss://relay.example:8443/v1/stream\"")
	p("#   e.g. token_file = \"/etc/npsboard/token\"   # the relay's bearer token")
	p("#   e.g. ca = \"/etc/npsboard/ca.pem\"          # a private CA of the relay")
	p("#   e.g. nats = \"tls://nats1:4222,tls://nats2:4222\"")
	p("# stream = %q", jet.DefaultStream)
	p("#   e.g. sites = [\"Leeds\"]   # only these sites' responses; every site when not set")
	p("# bucket = %q", jet.DefaultBucket)
	p("#   e.g. nats_creds = \"/etc/npsboard/nats.creds\"   # or nats_nkey, or nats_user_file (user:password)")
	p("#   e.g. nats_nkey = \"/etc/npsboard/nats.nk\"")
	p("#   e.g. nats_user_file = \"/etc/npsboard/nats.user\"")
	p("#   e.g. nats_ca = \"/etc/npsboard/ca.pem\"")
	p("")
	p("[mapping]  # where a feed keeps each field: a CSV column, or a dotted path into JSON")
	for _, f := range []string{"id", "ts", "score", "queue", "agent", "team", "channel", "customer", "comment", "csat", "ces", "segment", "site"} {
		p("# %s = %q", f, f)
	}
	p("#   e.g. time_layout = \"02/01/2006 15:04\"   # Go's layout of the timestamps; RFC 3339 and Unix times are read without")
	p("#   e.g. time_zone = \"Europe/London\"        # of times without an offset; the display's zone when not set")
	p("")
	p("[csv]")
	p("# separator = \",\"")
	p("# skip_rows = 0")
	p("")
	p("[dashboard]")
	p("#   e.g. user = \"ana\"        # the name on your actions; the system's user when not set")
	p("#   e.g. state = \"/var/lib/npsboard/alerts.jsonl\"   # one journal of alerts per source when not set")
	p("# bell = false")
	p("# window = %q", tui.DefaultWindow.String())
	p("# agent_window = %q", tui.DefaultAgentWindow.String())
	p("# theme = \"dark\"          # light, high-contrast")
	p("# memory_limit = \"180MiB\"  # the collector's soft limit; \"off\" for none")
	p("")
	p("[kiosk]  # the wallboard")
	p("# enabled = false")
	p("# rotate = \"20s\"")
	p("# screens = %s", tomlList(screens))
	p("# queues = []             # the queues shown in turn; every queue when empty")
	p("# stale = \"3m\"")
	p("# leaderboard = \"agent\"   # or \"team\"")
	p("# rank_within = \"queue\"   # or \"team\", \"site\", \"floor\"")
	p("#   e.g. unlock = \"ctrl+u\"   # the key that drops to the interactive dashboard; none when not set")
	p("# fps = 4")
	p("")
	p("[themes]")
	p("# language = \"english\"")
	p("")
	p("[alerts]")
	p("# keywords = %s", tomlList(r.Keywords))
	p("# vip_customers = []")
	p("# vip_segments = %s", tomlList(segs))
	p("# window = %q", short(r.Window))
	p("# target = %v", r.Target)
	p("# queue_rules = %s   # of %s", tomlList(r.QueueRules), strings.Join(model.QueueRuleNames, ", "))
	p("# open = \"high\"            # or \"all\": which detractors open cases")
	p("# reopen_within = \"%dd\"", int(r.ReopenWithin/(24*time.Hour)))
	p("#   e.g. horizon = \"24h\"   # older responses open no case; the follow-up deadline when not set")
	p("# max_cases = %d       # cases and streaks a screen holds, %d to %d (about 600 bytes each)", model.MaxCases, minCaseLimit, maxCaseLimit)
	p("# outcomes = %s", tomlList(r.Outcomes))
	p("")
	p("[alerts.targets]  # a queue's own target")
	p("#   e.g. Billing = 10")
	p("")
	p("[alerts.follow_up]")
	for _, s := range []model.Severity{model.High, model.Medium, model.Low} {
		p("# %s = %q", s, short(r.FollowUp[s]))
	}
	p("")
	p("[alerts.worsening]  # the queue rule: Page's CUSUM against each queue's usual mix")
	p("# detractors = %v", w.Detractors)
	p("# promoters = %v", w.Promoters)
	p("# false_alarm_days = %v", w.FalseAlarmDays)
	p("# reference = %q", short(w.Reference))
	p("# severity = %q", w.Severity)
	p("")
	p("[alerts.below_target]")
	p("# severity = %q", r.BelowTargetSeverity)
	p("")
	p("[alerts.spike]")
	p("# recent = %q", short(r.SpikeRecent))
	p("# baseline = %q", short(r.SpikeBaseline))
	p("# min_recent = %d", r.SpikeMinRecent)
	p("# min_baseline = %d", r.SpikeMinBaseline)
	p("# severity = %q", r.SpikeSeverity)
	p("")
	p("[alerts.streak]")
	p("# count = %d", r.StreakCount)
	p("# within = %q", short(r.StreakWithin))
	p("# severity = %q", r.StreakSeverity)
	p("")
	p("[alerts.rules.promoter]  # a rule's own say in which responses open cases (vip, keyword, detractor, promoter)")
	p("#   e.g. open = true   # thank promoters and ask for a referral: off by default")
	p("")
	p("[alerts.playbooks]  # steps shown on a case, by rule or severity")
	p("#   e.g. high = [\"Call within the hour\", \"Offer a callback from a team lead\"]")
	p("")
	p("#   e.g. [topics.billing]   # what comments talk about: report --by topic, and the why screen")
	p("#   e.g. words = [\"bill\", \"charge\", \"direct debit\"]")
	p("#   e.g. except = [\"no charge\"]")
	return b.String()
}
