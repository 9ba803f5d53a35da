package main

import (
	"flag"
	"strings"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/jet"
	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/tui"
)

// kioskConfig is the [kiosk] table: a wall computer runs just `npsboard`, and its config says
// the rest.
type kioskConfig struct {
	Enabled     bool     `toml:"enabled"`
	Rotate      string   `toml:"rotate"`
	Screens     []string `toml:"screens"`
	Queues      []string `toml:"queues"`
	Stale       string   `toml:"stale"`
	Leaderboard string   `toml:"leaderboard"`
	RankWithin  string   `toml:"rank_within"`
	Unlock      string   `toml:"unlock"`
	FPS         int      `toml:"fps"`
}

// sourceConfig is the [source] table: the feed, when no flag names one.
type sourceConfig struct {
	File      string   `toml:"file"`
	Follow    bool     `toml:"follow"`
	Format    string   `toml:"format"`
	WS        string   `toml:"ws"`
	TokenFile string   `toml:"token_file"`
	CA        string   `toml:"ca"`
	NATS      string   `toml:"nats"`
	Stream    string   `toml:"stream"`
	Sites     []string `toml:"sites"`
	Bucket    string   `toml:"bucket"`
	NATSCreds string   `toml:"nats_creds"`
	NATSNKey  string   `toml:"nats_nkey"`
	NATSUser  string   `toml:"nats_user_file"`
	NATSCA    string   `toml:"nats_ca"`
}

// kioskFlags are the wallboard's flags.
type kioskFlags struct {
	on          bool
	rotate      time.Duration
	screens     string
	queues      string
	stale       time.Duration
	leaderboard string
	rankWithin  string
	unlock      string
}

const kioskUsage = `  --kiosk           a wallboard for a screen on the wall: big figures, screens in rotation,
                    no keys but ctrl+c, the arrows and --unlock
  --rotate D        with --kiosk: how long each screen shows (default 20s)
  --screens LIST    with --kiosk: which screens, in order (default
                    overview,queues,alerts,loop,why,leaderboard; queues shows each queue in turn)
  --queues LIST     with --kiosk: the queues to show (default all), such as Billing,Sales
  --stale D         with --kiosk: say so when no data came for D (default 3m)
  --leaderboard BY  with --kiosk: rank agent (default) or team
  --rank-within G   with --kiosk: rank agents among those of each queue (default), team or
                    site, one board each, or of the whole floor
  --unlock KEY      with --kiosk: a key that drops to the interactive dashboard, such as ctrl+u
                    (default none)
`

func (k *kioskFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&k.on, "kiosk", false, "")
	fs.DurationVar(&k.rotate, "rotate", 20*time.Second, "")
	fs.StringVar(&k.screens, "screens", "", "")
	fs.StringVar(&k.queues, "queues", "", "")
	fs.DurationVar(&k.stale, "stale", 3*time.Minute, "")
	fs.StringVar(&k.leaderboard, "leaderboard", "agent", "")
	fs.StringVar(&k.rankWithin, "rank-within", "queue", "")
	fs.StringVar(&k.unlock, "unlock", "", "")
}

// merge takes from the config what no flag said.
func (k *kioskFlags) merge(c *kioskConfig, set map[string]bool) {
	if !set["kiosk"] {
		k.on = c.Enabled
	}
	if !set["rotate"] && c.Rotate != "" {
		k.rotate, _ = time.ParseDuration(c.Rotate) // checked when the config was read
	}
	if !set["screens"] && len(c.Screens) > 0 {
		k.screens = strings.Join(c.Screens, ",")
	}
	if !set["queues"] && len(c.Queues) > 0 {
		k.queues = strings.Join(c.Queues, ",")
	}
	if !set["stale"] && c.Stale != "" {
		k.stale, _ = time.ParseDuration(c.Stale)
	}
	if !set["leaderboard"] && c.Leaderboard != "" {
		k.leaderboard = c.Leaderboard
	}
	if !set["unlock"] && c.Unlock != "" {
		k.unlock = c.Unlock
	}
	if !set["rank-within"] && c.RankWithin != "" {
		k.rankWithin = c.RankWithin
	}
}

// options makes the wallboard's options, its leaderboard over the agents' window; nil when it
// is not one.
func (k *kioskFlags) options(agentWindow model.Window) (*tui.KioskOptions, error) {
	if !k.on {
		return nil, nil
	}
	o := &tui.KioskOptions{Rotate: k.rotate, Stale: k.stale, Unlock: k.unlock, Leaderboard: model.ByAgent, LeaderboardWindow: agentWindow}
	switch {
	case k.rotate < time.Second:
		return nil, usagef("invalid value %v for flag --rotate: want a duration of a second or more, such as 20s", k.rotate)
	case k.stale < time.Second:
		return nil, usagef("invalid value %v for flag --stale: want a duration of a second or more, such as 3m", k.stale)
	case k.unlock == "ctrl+c":
		return nil, usagef("invalid value %q for flag --unlock: ctrl+c quits", k.unlock)
	}
	switch k.leaderboard {
	case "agent":
	case "team":
		o.Leaderboard = model.ByTeam
	default:
		return nil, usagef("invalid value %q for flag --leaderboard: want agent or team", k.leaderboard)
	}
	if k.rankWithin != "" {
		r, err := tui.ParseRankWithin(k.rankWithin)
		if err != nil {
			return nil, usagef("invalid value %q for flag --rank-within: %v", k.rankWithin, err)
		}
		o.RankWithin = r
	}
	if k.screens != "" {
		s, err := tui.ParseKioskScreens(k.screens)
		if err != nil {
			return nil, usagef("invalid value %q for flag --screens: %v", k.screens, err)
		}
		o.Screens = s
	}
	for _, q := range strings.Split(k.queues, ",") {
		if q = feed.Clean(q, false); q != "" { // shown on the wall, and matched with cleaned names
			o.Queues = append(o.Queues, q)
		}
	}
	return o, nil
}

// check checks the [kiosk] and [source] tables.
func (c *config) checkKiosk() error {
	k := c.Kiosk
	for _, d := range []struct{ key, text string }{{"kiosk.rotate", k.Rotate}, {"kiosk.stale", k.Stale}} {
		if d.text == "" {
			continue
		}
		if v, err := time.ParseDuration(d.text); err != nil || v < time.Second {
			return c.errorAt(d.key, "want a duration of a second or more, such as 20s or 3m")
		}
	}
	if len(k.Screens) > 0 {
		if _, err := tui.ParseKioskScreens(strings.Join(k.Screens, ",")); err != nil {
			return c.errorAt("kiosk.screens", err.Error())
		}
	}
	if l := k.Leaderboard; l != "" && l != "agent" && l != "team" {
		return c.errorAt("kiosk.leaderboard", "want agent or team")
	}
	if r := k.RankWithin; r != "" {
		if _, err := tui.ParseRankWithin(r); err != nil {
			return c.errorAt("kiosk.rank_within", err.Error())
		}
	}
	if k.Unlock == "ctrl+c" {
		return c.errorAt("kiosk.unlock", "ctrl+c quits: choose another key, such as ctrl+u")
	}
	if k.FPS < 0 || k.FPS > 120 {
		return c.errorAt("kiosk.fps", "want 1 to 120")
	}
	s := c.Source
	if s.File != "" && s.WS != "" {
		return c.errorAt("source.ws", "file and ws exclude each other")
	}
	if s.NATS != "" && (s.File != "" || s.WS != "") {
		return c.errorAt("source.nats", "nats excludes file and ws")
	}
	if s.NATS != "" {
		if err := jet.CheckURLs(s.NATS); err != nil {
			return c.errorAt("source.nats", err.Error())
		}
	}
	if len(s.Sites) > 0 && s.NATS == "" {
		return c.errorAt("source.sites", "sites are subjects of a stream: they go with nats")
	}
	if f := s.Format; f != "" && f != "jsonl" && f != "csv" {
		return c.errorAt("source.format", "want jsonl or csv")
	}
	for key, w := range map[string]string{"dashboard.window": c.Dashboard.Window, "dashboard.agent_window": c.Dashboard.AgentWindow} {
		if w == "" {
			continue
		}
		if _, err := model.ParseWindow(w); err != nil {
			return c.errorAt(key, err.Error())
		}
	}
	if t := c.Dashboard.Theme; t != "" {
		if _, err := tui.ThemeNamed(t); err != nil {
			return c.errorAt("dashboard.theme", err.Error())
		}
	}
	if m := c.Dashboard.MemoryLimit; m != "" {
		if _, err := parseSize(m); err != nil {
			return c.errorAt("dashboard.memory_limit", err.Error())
		}
	}
	return nil
}
