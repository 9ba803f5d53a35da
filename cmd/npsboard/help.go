package main

import (
	"context"
	"embed"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

const overview = `npsboard: a live Net Promoter Score dashboard for contact centers

Usage:
  npsboard [flags]           the dashboard (on the embedded demo feed unless a source is given)
  npsboard report [flags]    read a feed to its end and print its NPS figures
  npsboard demo [flags]      write a simulated contact center's responses as JSON lines
  npsboard relay [flags]     serve responses to many dashboards, from a journal on disk
  npsboard publish [flags]   publish a feed's responses to a NATS JetStream stream
  npsboard exporter [flags]  serve a feed's NPS figures to Prometheus on /metrics
  npsboard alerts [flags]    export the alerts and what was done about them, for the records
  npsboard config ACTION     write a config to start from (init), or check one (check)
  npsboard completion SHELL  write the completion script of bash, zsh or fish
  npsboard help [command]    show the help of a command; 'npsboard help config' for the
                             config file and its field mappings
  npsboard --version         the version, and the commit it was built from

Examples:
  npsboard                                         the dashboard on the demo feed
  npsboard demo --count 200000 > day.jsonl         a simulated day of survey responses
  npsboard report --file day.jsonl                 NPS overall and per queue
  npsboard report --file day.jsonl --by agent --window 1h
  npsboard demo --count 5000 | npsboard report --file - --json
  npsboard relay --journal journal.jsonl
  npsboard --ws ws://127.0.0.1:8080/v1/stream
  npsboard --kiosk --ws ws://relay:8080/v1/stream  a wallboard, for a screen on the wall
  npsboard --nats nats://nats1:4222 --site Leeds   a site's screen, from a JetStream stream
  npsboard alerts --csv > alerts.csv               the alerts, and what was done about them

Run 'npsboard help COMMAND' for a command's flags. Every command also takes --cpuprofile FILE,
which writes a CPU profile of its run for 'go tool pprof'.
`

func helpCommand() *command {
	c := &command{
		name:    "help",
		summary: "show the help of a command",
		usage: `Usage:
  npsboard help [command]

Examples:
  npsboard help
  npsboard help report
`,
	}
	c.takesArgs = true
	c.setup = func(fs *flag.FlagSet) func(context.Context, *env) error {
		return func(_ context.Context, e *env) error {
			return help(e, fs.Args())
		}
	}
	return c
}

func help(e *env, args []string) error {
	switch {
	case len(args) == 0:
		printHelp(e.stdout, commands()[0]) // the overview, with the dashboard's own flags
	case len(args) > 1:
		return usagef("help takes one command, got %d", len(args))
	case findCommand(args[0]) == nil:
		return usagef("unknown command %q%s", args[0], suggestion(args[0]))
	default:
		printHelp(e.stdout, findCommand(args[0]))
	}
	return nil
}

// printHelp prints a command's help; the dashboard's is the overview followed by its own flags.
func printHelp(w io.Writer, c *command) {
	if c.name == "" {
		fmt.Fprint(w, overview)
		if c.usage != "" {
			fmt.Fprint(w, "\n"+c.usage)
		}
		return
	}
	fmt.Fprintf(w, "%s: %s\n\n%s", commandName(c), c.summary, strings.TrimLeft(c.usage, "\n"))
	if c.name == "config" { // and what a config holds
		fmt.Fprint(w, "\n")
		printConfigHelp(w)
	}
}

// mappings are example config files, for sources npsboard meets; 'npsboard help config' shows
// them, and tests read them.
//
//go:embed mappings/*.toml
var mappings embed.FS

const configHelp = `npsboard's config file (TOML): --config FILE, else $XDG_CONFIG_HOME/npsboard/config.toml
(~/.config/npsboard/config.toml) when it exists. A mistake is reported with its file, line and key.

[mapping] says where a source keeps each field of a response, when its names are not the
canonical ones: a CSV column, or a dotted path into JSON (a webhook's body).

  id, ts, score, queue,              each the name of the source's column or path; a field
  agent, team, channel, customer,    left out keeps its own name. id = "" says the source has
  comment, csat, ces, segment        no ids: each record is named after its place, and
                                     duplicates cannot be told.
  time_layout                        how ts is written: rfc3339 (the default, which also takes
                                     Unix seconds and milliseconds as numbers), unix, unixms, or
                                     a Go layout such as "02/01/2006 15:04"
  time_zone                          the zone of times written without one, such as
                                     "Europe/London" (default: the display zone, --tz)

[csv]
  separator                          one character: "," (the default), ";", "\t"
  skip_rows                          rows after the header that are not responses

Mapped records are validated as any other, with the same reasons for rejecting them.

[alerts] says when the dashboard raises alerts (every value has a default). A customer has one
case: their later responses join it. The first rule that matches names it: vip (high), keyword
(high), detractor (high for 0 to 3, medium for 4 to 6), promoter (low, off by default).

  open = "high"                          which open a case: "high" ones, or "all" detractors
  [alerts.rules.detractor] open = true   a rule's own say (vip, keyword, detractor, promoter)
  reopen_within = "7d"                   a detractor this soon after the customer's case was
                                         resolved reopens it (at most 14d)
  max_cases = 50000                      cases and streaks a screen holds, 1000 to 1000000;
                                         past it a response opens none (it still counts).
                                         About 600 bytes each: raise --memory-limit with it
  keywords = ["cancel", "refund", ...]   a detractor whose comment holds one is high severity
  vip_customers = ["C-1001"]             so is a detractor of these customers...
  vip_segments = ["vip"]                 ... or of these segments (the default: "vip")
  target = 20                            every queue's target NPS...
  [alerts.targets]  Billing = 10         ... unless it has its own
  queue_rules = ["worsening"]            the queue rules: worsening, below_target, spike
  [alerts.worsening] detractors = 30, promoters = 20, false_alarm_days = 60,
                    reference = "672h", severity = "high"
                                         a queue worse than its usual mix (its answers over
                                         reference, to 4 h ago) by these points, with one
                                         false alarm per queue in false_alarm_days
  window = "1h"                          a queue is below target when its NPS over the window
                                         and the upper end of its 95 % interval both are
  [alerts.below_target] severity = "medium"
  [alerts.spike]    recent = "15m", baseline = "1h", min_recent = 10, min_baseline = 20,
                    severity = "high"    detractors over recent significantly (one-sided, 5 %)
                                         above their share over the baseline before it
  [alerts.streak]   count = 3, within = "1h", severity = "medium"
                                         an agent's detractors in a row
  [alerts.follow_up] high = "4h", medium = "24h", low = "72h"
                                         how long an alert may wait (default 24h each)
  horizon = "24h"                        a response older than this when it arrives (last
                                         month's file) is history: counted, never an alert
                                         (default: the longest follow-up; at most 72h)

[themes] says how comments are cut into words, for what detractors talk about:

  language = "english"                   the stemmer and stopwords: english, french, spanish,
                                         russian, swedish, norwegian, hungarian

[topics.NAME] names what comments talk about (report --by topic):

  words = ["bill", "direct debit"]       any of these, whole words after stemming (1 to 3)
  except = ["no charge"]                 ... unless one of these is there too

[dashboard]
  user = "ana"                           who you are, on the alerts you take (default: --user,
                                         else the OS user)
  window = "today"                       the window of queues shown first (--window wins)
  agent_window = "month"                 the window of agents shown first (--agent-window wins)
  theme = "high-contrast"                (--theme wins)
  state = "/var/lib/npsboard/ana.jsonl"  the state journal (default: the source's own, in
                                         $XDG_STATE_HOME/npsboard/alerts)
  bell = true                            ring the bell on a new high-severity alert
  memory_limit = "256MiB"                the soft memory limit (default 180MiB; "off" for
                                         none; --memory-limit wins)

[kiosk] makes the dashboard a wallboard without flags (each flag of the same name wins):
  enabled = true
  rotate = "20s", stale = "3m", fps = 4
  screens = ["overview", "queues", "alerts", "leaderboard"]
  queues = ["Billing", "Sales"]          the queues shown (default all)
  leaderboard = "agent"                  or "team"
  rank_within = "queue"                  or "team", "site", "floor": one board each
  unlock = "ctrl+u"                      the key that drops to the interactive dashboard

[source] is the feed when no --file, --ws or --nats is given:
  ws = "wss://relay/v1/stream", token_file = "/etc/npsboard/token", ca = "ca.pem"
  file = "/var/log/surveys.jsonl", follow = true, format = "jsonl"
  nats = "tls://nats1:4222,tls://nats2:4222", stream = "NPSBOARD", sites = ["Leeds"],
  bucket = "npsboard-cases", nats_creds = "/etc/npsboard/nats.creds" (or nats_nkey,
  nats_user_file), nats_ca = "ca.pem"

These examples ship with npsboard; copy one as a start:
`

func printConfigHelp(w io.Writer) {
	fmt.Fprint(w, configHelp)
	names, _ := fs.Glob(mappings, "mappings/*.toml")
	for _, name := range names {
		data, _ := mappings.ReadFile(name)
		fmt.Fprintf(w, "\n--- %s\n%s", strings.TrimPrefix(name, "mappings/"), data)
	}
}
