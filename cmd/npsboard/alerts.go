package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/state"
	"github.com/npsboard/npsboard/model"
)

// alertsConfig is the [alerts] table of the config: the rules that raise alerts.
type alertsConfig struct {
	Keywords     []string           `toml:"keywords"`
	VIPCustomers []string           `toml:"vip_customers"`
	VIPSegments  []string           `toml:"vip_segments"`
	Window       string             `toml:"window"`
	Target       *float64           `toml:"target"`
	Targets      map[string]float64 `toml:"targets"`
	BelowTarget  struct {
		Severity string `toml:"severity"`
	} `toml:"below_target"`
	Spike struct {
		Recent      string `toml:"recent"`
		Baseline    string `toml:"baseline"`
		MinRecent   *int64 `toml:"min_recent"`
		MinBaseline *int64 `toml:"min_baseline"`
		Severity    string `toml:"severity"`
	} `toml:"spike"`
	// QueueRules are the queue rules in force (worsening by default); Worsening tunes it.
	QueueRules []string `toml:"queue_rules"`
	Worsening  struct {
		Detractors     *float64 `toml:"detractors"`
		Promoters      *float64 `toml:"promoters"`
		FalseAlarmDays *float64 `toml:"false_alarm_days"`
		Reference      string   `toml:"reference"`
		Severity       string   `toml:"severity"`
	} `toml:"worsening"`
	Streak struct {
		Count    *int   `toml:"count"`
		Within   string `toml:"within"`
		Severity string `toml:"severity"`
	} `toml:"streak"`
	FollowUp map[string]string `toml:"follow_up"`
	Horizon  string            `toml:"horizon"`
	// Which responses open cases: "high" (the default) or "all" detractors; a rule's own
	// open says otherwise for it.
	Open         string                `toml:"open"`
	ReopenWithin string                `toml:"reopen_within"`
	MaxCases     *int                  `toml:"max_cases"`
	Rules        map[string]ruleConfig `toml:"rules"`
	// Outcomes are what can come of a case; Playbooks, steps by rule or severity name.
	Outcomes  []string            `toml:"outcomes"`
	Playbooks map[string][]string `toml:"playbooks"`
}

// Bounds of the loop's config: an outcome's key, a screenful of steps; cases held from a
// day of a small floor's to a million (about 600 MB).
const (
	maxOutcomeLen = 64
	maxSteps      = 10
	maxStepLen    = 200
	minCaseLimit  = 1_000
	maxCaseLimit  = 1_000_000
)

// ruleConfig is a response rule's own table, [alerts.rules.NAME].
type ruleConfig struct {
	Open *bool `toml:"open"`
}

// caseRules are the rules a [alerts.rules.NAME] table can name, in priority order.
var caseRules = []string{model.RuleVIP, model.RuleKeyword, model.RuleDetractor, model.RulePromoter}

// dashboardConfig is the [dashboard] table: who the supervisor is, where alerts are kept, the
// window and theme when no flag says.
type dashboardConfig struct {
	User        string `toml:"user"`
	State       string `toml:"state"`
	Bell        bool   `toml:"bell"`
	Window      string `toml:"window"`
	AgentWindow string `toml:"agent_window"`
	Theme       string `toml:"theme"`
	MemoryLimit string `toml:"memory_limit"`
}

// rules makes the alert rules of the config, each value checked with its line and key.
func (c *config) rules() (model.Rules, error) {
	r := model.DefaultRules()
	a := c.Alerts
	// Text of the config is cleaned as a feed's is: a keyword is shown in an alert's reason,
	// and names are matched with the cleaned names of responses.
	if a.Keywords != nil {
		r.Keywords = nil
		for _, k := range a.Keywords {
			if k = feed.Clean(k, false); k != "" {
				r.Keywords = append(r.Keywords, k)
			}
		}
	}
	set := func(names []string) map[string]bool {
		m := map[string]bool{}
		for _, n := range names {
			m[strings.ToLower(feed.Clean(n, false))] = true
		}
		return m
	}
	r.VIPCustomers = map[string]bool{}
	for _, id := range a.VIPCustomers {
		r.VIPCustomers[feed.Clean(id, false)] = true
	}
	if a.VIPSegments != nil {
		r.VIPSegments = set(a.VIPSegments)
	}
	if a.Target != nil {
		if *a.Target < -100 || *a.Target > 100 {
			return r, c.errorAt("alerts.target", "want an NPS from -100 to 100")
		}
		r.Target = *a.Target
	}
	r.Targets = make(map[string]float64, len(a.Targets))
	for _, q := range slices.Sorted(maps.Keys(a.Targets)) {
		if t := a.Targets[q]; t < -100 || t > 100 {
			return r, c.errorAt("alerts.targets."+q, "want an NPS from -100 to 100")
		}
		r.Targets[feed.Clean(q, false)] = a.Targets[q]
	}
	durations := []struct {
		key  string
		text string
		dst  *time.Duration
	}{{"alerts.window", a.Window, &r.Window}, {"alerts.spike.recent", a.Spike.Recent, &r.SpikeRecent},
		{"alerts.spike.baseline", a.Spike.Baseline, &r.SpikeBaseline}, {"alerts.streak.within", a.Streak.Within, &r.StreakWithin}}
	for _, d := range durations {
		if d.text == "" {
			continue
		}
		v, err := time.ParseDuration(d.text)
		if err != nil || v < time.Minute || v%time.Minute != 0 {
			return r, c.errorAt(d.key, "want a whole number of minutes, such as 15m or 1h")
		}
		*d.dst = v
	}
	severities := []struct {
		key, text string
		dst       *model.Severity
	}{{"alerts.below_target.severity", a.BelowTarget.Severity, &r.BelowTargetSeverity},
		{"alerts.worsening.severity", a.Worsening.Severity, &r.Worsening.Severity},
		{"alerts.spike.severity", a.Spike.Severity, &r.SpikeSeverity}, {"alerts.streak.severity", a.Streak.Severity, &r.StreakSeverity}}
	for _, s := range severities {
		if s.text == "" {
			continue
		}
		v, err := model.ParseSeverity(s.text)
		if err != nil {
			return r, c.errorAt(s.key, err.Error())
		}
		*s.dst = v
	}
	if a.QueueRules != nil {
		r.QueueRules = nil
		for _, name := range a.QueueRules {
			if !slices.Contains(model.QueueRuleNames, name) || slices.Contains(r.QueueRules, name) {
				return r, c.errorAt("alerts.queue_rules", "want some of "+strings.Join(model.QueueRuleNames, ", ")+", each once")
			}
			r.QueueRules = append(r.QueueRules, name)
		}
	}
	for _, p := range []struct {
		key      string
		v        *float64
		dst      *float64
		min, max float64
	}{{"alerts.worsening.detractors", a.Worsening.Detractors, &r.Worsening.Detractors, model.MinShiftPoints, model.MaxShiftPoints},
		{"alerts.worsening.promoters", a.Worsening.Promoters, &r.Worsening.Promoters, model.MinShiftPoints, model.MaxShiftPoints},
		{"alerts.worsening.false_alarm_days", a.Worsening.FalseAlarmDays, &r.Worsening.FalseAlarmDays, model.MinFalseAlarmDays, model.MaxFalseAlarmDays}} {
		if p.v == nil {
			continue
		}
		if !(*p.v >= p.min && *p.v <= p.max) {
			return r, c.errorAt(p.key, fmt.Sprintf("want a number from %v to %v", p.min, p.max))
		}
		*p.dst = *p.v
	}
	if t := a.Worsening.Reference; t != "" {
		d, err := time.ParseDuration(t)
		if err != nil || d < model.MinReference || d > model.MaxReference || d%time.Hour != 0 {
			return r, c.errorAt("alerts.worsening.reference", "want whole hours from 24h to 1440h, such as 672h (four weeks)")
		}
		r.Worsening.Reference = d
	}
	if n := a.Spike.MinRecent; n != nil {
		r.SpikeMinRecent = *n
	}
	if n := a.Spike.MinBaseline; n != nil {
		r.SpikeMinBaseline = *n
	}
	if n := a.Streak.Count; n != nil {
		if *n < 2 {
			return r, c.errorAt("alerts.streak.count", "want 2 or more")
		}
		r.StreakCount = *n
	}
	for _, sev := range slices.Sorted(maps.Keys(a.FollowUp)) {
		text := a.FollowUp[sev]
		s, err := model.ParseSeverity(sev)
		if err != nil {
			return r, c.errorAt("alerts.follow_up."+sev, "want high, medium or low as the key")
		}
		d, err := time.ParseDuration(text)
		if err != nil || d <= 0 {
			return r, c.errorAt("alerts.follow_up."+sev, "want a duration such as 4h")
		}
		r.FollowUp[s] = d
	}
	switch a.Open {
	case "", "high":
	case "all":
		r.OpenAt = model.Low
	default:
		return r, c.errorAt("alerts.open", `want "high" or "all"`)
	}
	for _, name := range slices.Sorted(maps.Keys(a.Rules)) {
		if !slices.Contains(caseRules, name) {
			return r, c.errorAt("alerts.rules."+name, "want one of "+strings.Join(caseRules, ", "))
		}
		if o := a.Rules[name].Open; o != nil {
			if r.Opens == nil {
				r.Opens = map[string]bool{}
			}
			r.Opens[name] = *o
			if name == model.RulePromoter {
				r.Promoters = *o
			}
		}
	}
	if a.Outcomes != nil {
		if len(a.Outcomes) == 0 || len(a.Outcomes) > model.MaxOutcomes {
			return r, c.errorAt("alerts.outcomes", fmt.Sprintf("want 1 to %d outcomes", model.MaxOutcomes))
		}
		r.Outcomes = nil
		for _, o := range a.Outcomes {
			o = feed.Clean(o, false)
			if o == "" || len(o) > maxOutcomeLen || slices.Contains(r.Outcomes, o) {
				return r, c.errorAt("alerts.outcomes", fmt.Sprintf("want different names of 1 to %d bytes", maxOutcomeLen))
			}
			r.Outcomes = append(r.Outcomes, o)
		}
	}
	playbookKeys := append(slices.Clone(caseRules), model.RuleStreak, model.RuleWorsening, model.RuleBelowTarget, model.RuleSpike, "high", "medium", "low")
	for _, name := range slices.Sorted(maps.Keys(a.Playbooks)) {
		steps := a.Playbooks[name]
		if !slices.Contains(playbookKeys, name) {
			return r, c.errorAt("alerts.playbooks."+name, "want a rule ("+strings.Join(playbookKeys[:8], ", ")+") or a severity")
		}
		if len(steps) > maxSteps {
			return r, c.errorAt("alerts.playbooks."+name, fmt.Sprintf("want at most %d steps", maxSteps))
		}
		if r.Playbooks == nil {
			r.Playbooks = map[string][]string{}
		}
		for _, step := range steps {
			if step = feed.Clean(step, false); step == "" || len(step) > maxStepLen {
				return r, c.errorAt("alerts.playbooks."+name, fmt.Sprintf("want steps of 1 to %d bytes", maxStepLen))
			}
			r.Playbooks[name] = append(r.Playbooks[name], step)
		}
	}
	if a.ReopenWithin != "" {
		d, err := parseDays(a.ReopenWithin)
		if err != nil || d < 0 || d > model.MaxReopenWithin {
			return r, c.errorAt("alerts.reopen_within", fmt.Sprintf("want a duration from 0 to %dd, such as 7d or 48h", int(model.MaxReopenWithin.Hours()/24)))
		}
		r.ReopenWithin = d
	}
	if a.MaxCases != nil {
		if *a.MaxCases < minCaseLimit || *a.MaxCases > maxCaseLimit {
			return r, c.errorAt("alerts.max_cases", fmt.Sprintf("want a whole number from %d to %d (the default: %d)", minCaseLimit, maxCaseLimit, model.MaxCases))
		}
		r.CaseLimit = *a.MaxCases
	}
	if a.Horizon != "" {
		// Beyond the days a screen keeps open alerts, a case would be forgotten as it opens.
		d, err := time.ParseDuration(a.Horizon)
		if err != nil || d < time.Minute || d > model.KeepOpen {
			return r, c.errorAt("alerts.horizon", fmt.Sprintf("want a duration from 1m to %v, such as 24h", model.KeepOpen))
		}
		r.Horizon = d
	}
	return r, nil
}

// parseDays reads a duration that may be given in days: "7d", or as Go writes one, "48h".
func parseDays(text string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(text, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 || days > 10000 {
			return 0, errors.New("want whole days")
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	return time.ParseDuration(text)
}

// sharedStatePath is where dashboards before 0.12 kept the alerts of every source, in one
// journal: still listed and read by `npsboard alerts`, never written by default.
func sharedStatePath(getenv func(string) string) string {
	return xdgFile(getenv, "XDG_STATE_HOME", filepath.Join(".local", "state"), "state.jsonl")
}

// alertsJournal is the journal `npsboard alerts` reads: --state; else that of the file or
// stream --journal-of names; else the only one there is. Several are a usage error that lists them.
func alertsJournal(getenv func(string) string, statePath string, file *fileSource, ws *wsSource) (string, error) {
	switch {
	case statePath != "" && (file.path != "" || ws.url != ""), file.path != "" && ws.url != "":
		return "", usagef("--state and --journal-of exclude each other")
	case statePath != "":
		return statePath, nil
	case file.path != "":
		return journalPath(getenv, file), nil
	case ws.url != "":
		if err := ws.check(); err != nil {
			return "", err
		}
		return journalPath(getenv, ws), nil
	}
	found := journalsIn(getenv)
	switch len(found) {
	case 0:
		return "", fmt.Errorf("no state journal in %s yet: a dashboard on a --file or --ws source keeps one there (a backtest of a source: npsboard alerts --file)",
			filepath.Dir(journalPath(getenv, &fileSource{path: "-"})))
	case 1:
		return found[0], nil
	}
	return "", usagef("%d state journals, one per source; name one with --journal-of or --state:\n  %s",
		len(found), strings.Join(found, "\n  "))
}

// journalsIn lists the journals of the state directory: one per source, and the shared one of
// older versions.
func journalsIn(getenv func(string) string) []string {
	dir := filepath.Dir(journalPath(getenv, &fileSource{path: "-"}))
	found, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if shared := sharedStatePath(getenv); shared != "" {
		if _, err := os.Stat(shared); err == nil {
			found = append(found, shared)
		}
	}
	return found
}

// osUser is the name of the user running npsboard.
func osUser(getenv func(string) string) string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := getenv("USER"); u != "" {
		return u
	}
	return "supervisor"
}

const alertsUsage = `Prints the alerts kept in a dashboard's state journal: what raised them, who took them, what
was done, for the records. Given a source, it backtests instead: it runs the rules over the
source in event time, minute by minute, as a live screen would have judged it, and prints every
alert that would have been raised, touching no journal — to tune rules on last month's data
before switching them on.

Usage:
  npsboard alerts [--state FILE | --journal-of SOURCE] [--json | --csv | --summary [--window W]]
  npsboard alerts --file PATH [--config FILE] [--json | --csv]     (a backtest; any source flag)

Flags:
  --state FILE        the state journal, and its archive of old lines, FILE.archive, when there
                      is one (default: the only one there is in $XDG_STATE_HOME/npsboard/alerts)
  --journal-of SRC    the journal a dashboard keeps for this source: a file's path, or a
                      ws:// or wss:// stream's URL (one journal per source)
` + sourceUsage + `  --for D             stop reading a live source after D, such as 30s
  --tz ZONE           where days start, for times without an offset (default: the local zone)
  --json              an array of objects: id, rule, severity, state, response_id, queue, agent,
                      customer, score, why, raised_at, due, owner, acknowledged_by,
                      acknowledged_at, resolved_by, resolved_at, outcome, note, joined,
                      cleared_at, cleared
  --csv               the same fields as columns
  --summary           the loop's own figures instead, for the floor, by queue and by owner: cases,
                      open, time to the first action and to resolution (median and 90th
                      percentile, nearest rank), the share resolved within the follow-up
                      deadline, the backlog by age, the outcomes (JSON with --json)
  --window W          with --summary: the cases raised in W (all, today, yesterday, week, month,
                      7d, 30d…; default all)

Examples:
  npsboard alerts --journal-of responses.jsonl
  npsboard alerts --state /var/lib/npsboard/wall.jsonl --csv > alerts.csv
  npsboard alerts --file last-month.jsonl --config new-rules.toml
  npsboard alerts --summary --window week
`

func alertsCommand() *command {
	c := &command{name: "alerts", summary: "export the alerts of a state journal, or backtest the rules over a feed", usage: alertsUsage}
	c.setup = func(fs *flag.FlagSet) func(context.Context, *env) error {
		var statePath, journalOf, tz string
		var src sourceFlags
		var forD time.Duration
		var asJSON, asCSV, summary bool
		window := model.AllTime()
		fs.StringVar(&statePath, "state", "", "")
		fs.StringVar(&journalOf, "journal-of", "", "")
		src.register(fs)
		fs.DurationVar(&forD, "for", 0, "")
		fs.StringVar(&tz, "tz", "", "")
		fs.BoolVar(&asJSON, "json", false, "")
		fs.BoolVar(&asCSV, "csv", false, "")
		fs.BoolVar(&summary, "summary", false, "")
		fs.Var(windowFlag{&window}, "window", "")
		return func(ctx context.Context, e *env) error {
			if asJSON && asCSV || summary && asCSV {
				return usagef("--json, --csv and --summary: --csv goes alone")
			}
			var list []*model.Alert
			if src.chosen() != nil {
				if statePath != "" || journalOf != "" {
					return usagef("a backtest (--file, --ws) reads no journal: --state and --journal-of are not for it")
				}
				if err := src.check(); err != nil {
					return err
				}
				var err error
				if list, err = backtest(ctx, e, &src, tz, forD); err != nil {
					return err
				}
			} else {
				file, ws := &fileSource{}, &wsSource{}
				if strings.HasPrefix(journalOf, "ws://") || strings.HasPrefix(journalOf, "wss://") {
					ws.url = journalOf
				} else {
					file.path = journalOf
				}
				var err error
				if statePath, err = alertsJournal(e.getenv, statePath, file, ws); err != nil {
					return err
				}
				alerts := model.NewAlerts(model.DefaultRules())
				damaged, err := state.Read(statePath, alerts.Restore)
				if err != nil {
					return err
				}
				// Damaged lines are passed over, not fatal: the rest is the record.
				for _, where := range damaged {
					fmt.Fprintf(e.stderr, "npsboard alerts: passed over %s\n", where)
				}
				list = alerts.List(model.FilterAll, "", time.Now())
			}
			if summary {
				loc, err := loadZone(tz)
				if err != nil {
					return err
				}
				s := loopSummaryOf(list, window, time.Now(), loc)
				if asJSON {
					return writeLoopJSON(e.stdout, s)
				}
				return writeLoopTable(e.stdout, s)
			}
			switch {
			case asJSON:
				out := make([]state.AlertJSON, len(list))
				for i, a := range list {
					out[i] = state.ToJSON(a)
				}
				return writeJSON(e.stdout, out)
			case asCSV:
				return writeAlertsCSV(e.stdout, list)
			}
			if err := writeAlertsTable(e.stdout, list); err != nil || src.chosen() == nil {
				return err
			}
			_, err := io.WriteString(e.stdout, backtestSummary(list))
			return err
		}
	}
	return c
}

// backtestSummary says what the rules would have asked of the floor, by rule and a day.
func backtestSummary(list []*model.Alert) string {
	if len(list) == 0 {
		return "the rules raise nothing over this feed\n"
	}
	first, last := list[0].RaisedAt, list[0].RaisedAt
	byRule := map[string]int{}
	cases, queues := 0, 0
	for _, a := range list {
		if a.RaisedAt.Before(first) {
			first = a.RaisedAt
		}
		if a.RaisedAt.After(last) {
			last = a.RaisedAt
		}
		byRule[a.Rule]++
		switch {
		case model.IsCase(a.Rule):
			cases++
		case model.IsQueueRule(a.Rule):
			queues++
		}
	}
	days := max(last.Sub(first).Hours()/24, 1)
	var parts []string
	for _, r := range slices.Sorted(maps.Keys(byRule)) {
		parts = append(parts, fmt.Sprintf("%s %s", thousands(int64(byRule[r])), r))
	}
	return fmt.Sprintf("over %.1f days: %s; a day, %.0f cases and %.1f queue alerts\n", days, strings.Join(parts, ", "),
		float64(cases)/days, float64(queues)/days)
}

// maxBacktestAlerts bounds what a backtest holds: rules that would raise more over a feed are
// rules to change, and the backtest says so rather than fill the memory.
var maxBacktestAlerts = 1_000_000

// backtest runs the config's rules over the source, and returns every alert they would have
// raised, in the order they would have been, each as raised and with its clearing.
func backtest(ctx context.Context, e *env, o *sourceFlags, tz string, forD time.Duration) ([]*model.Alert, error) {
	loc, err := loadZone(tz)
	if err != nil {
		return nil, err
	}
	cfg, err := o.loadConfig(e)
	if err != nil {
		return nil, err
	}
	rules, err := cfg.rules()
	if err != nil {
		return nil, err
	}
	o.need = sourceNeed{finite: true} // a backtest reads everything a stream holds
	src, err := o.build(e, loc, cfg)
	if err != nil {
		return nil, err
	}
	if src.close != nil {
		defer src.close()
	}
	bt := model.NewBacktest(rules)
	seen := model.NewDedup()
	seen.Ceil(time.Now().Add(24 * time.Hour))
	intake := feed.NewIntake(seen)
	var list []*model.Alert
	byID := map[string]*model.Alert{}
	var tooMany error
	keep := func(events []model.AlertEvent) {
		for _, ev := range events {
			switch {
			case ev.Raised != nil && len(list) >= maxBacktestAlerts:
				tooMany = fmt.Errorf("the rules raise more than %d alerts over %s: stopped there", maxBacktestAlerts, src.Name())
			case ev.Raised != nil:
				list = append(list, ev.Raised)
				byID[ev.Raised.ID] = ev.Raised
			case ev.Cleared != nil && byID[ev.Cleared.Alert] != nil:
				model.ClearRaised(byID[ev.Cleared.Alert], ev.Cleared)
			case ev.Joined != nil && byID[ev.Joined.Alert] != nil:
				model.JoinRaised(byID[ev.Joined.Alert], ev.Joined)
			}
		}
	}
	take := func(r *model.Response) { keep(bt.Add(r)) }
	runCtx := ctx
	if forD > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, forD)
		defer cancel()
	}
	sink := &reportSink{emit: func(b *feed.Batch) error {
		if err := intake.Take(b, take); err != nil {
			return err
		}
		return tooMany
	}}
	err = src.Run(runCtx, sink)
	if err != nil && runCtx.Err() == nil && err != tooMany {
		return nil, fmt.Errorf("reading %s: %w", src.Name(), err)
	}
	if src.connects && !sink.connected {
		return nil, fmt.Errorf("%s: never connected: %v", src.Name(), sink.lastErr)
	}
	keep(bt.End(time.Now()))
	if tooMany != nil {
		fmt.Fprintf(e.stderr, "npsboard alerts: %s\n", feed.Clean(tooMany.Error(), false))
	}
	return list, nil
}

var alertColumns = []string{"id", "rule", "severity", "state", "response_id", "queue", "agent", "customer", "score", "why",
	"raised_at", "due", "owner", "acknowledged_by", "acknowledged_at", "resolved_by", "resolved_at", "outcome", "note", "joined", "cleared_at", "cleared"}

func writeAlertsCSV(w io.Writer, list []*model.Alert) error {
	cw := csv.NewWriter(w)
	cw.Write(alertColumns)
	ts := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(time.RFC3339)
	}
	for _, a := range list {
		j := state.ToJSON(a)
		score := ""
		if j.Score != nil {
			score = strconv.Itoa(*j.Score)
		}
		raised := j.RaisedAt
		text := csvText
		cw.Write([]string{text(j.ID), j.Rule, j.Severity, j.State, text(j.ResponseID), text(j.Queue), text(j.Agent), text(j.Customer),
			score, text(j.Why), ts(&raised), ts(j.Due), text(j.Owner), text(j.AcknowledgedBy), ts(j.AcknowledgedAt), text(j.ResolvedBy),
			ts(j.ResolvedAt), text(j.Outcome), text(j.Note), strconv.Itoa(j.Joined), ts(j.ClearedAt), text(j.Cleared)})
	}
	cw.Flush()
	return cw.Error()
}

func writeAlertsTable(w io.Writer, list []*model.Alert) error {
	rows := [][]string{{"SEVERITY", "STATE", "RAISED", "QUEUE", "WHO", "WHY"}}
	for _, a := range list {
		state := a.State.String()
		if !a.ClearedAt().IsZero() {
			state = "cleared"
		}
		rows = append(rows, clip([]string{a.Severity.String(), state, a.RaisedAt.Local().Format("2006-01-02 15:04"), a.Queue, a.Taker(), flattenLine(a.Why())}))
	}
	var b strings.Builder
	writeAligned(&b, rows, len(rows[0]))
	fmt.Fprintf(&b, "\n%d alerts\n", len(list))
	_, err := io.WriteString(w, b.String())
	return err
}

func flattenLine(s string) string { return strings.Join(strings.Fields(s), " ") }
