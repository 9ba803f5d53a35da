package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/demo"
	"github.com/npsboard/npsboard/feed/state"
	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/tui"
)

const dashboardUsage = `Usage:
  npsboard [flags]

With no source, the dashboard opens on the embedded demo: a simulated contact center at the
volumes of a real one (240 agents, one or two answers each an hour), whose last 30 days are
loaded at once, then goes on at its own pace.

Flags:
` + sourceUsage + kioskUsage + `  --window W        the window of queues and the floor shown first (w cycles it): 15m, 1h
                    (default), 4h, today, yesterday, 7d, 30d, week, month, all, or minutes or
                    days (at most 31d)
  --agent-window W  the window of agents shown first (W cycles it): 30d by default, since an
                    agent gets one or two answers an hour
  --target N        the NPS every queue aims at (default 20, or the config's [alerts] target)
  --user NAME       who you are, on the alerts you take (default: the config's, or the OS user)
  --state FILE      where alerts and what was done about them are kept (default: one journal
                    per source in $XDG_STATE_HOME/npsboard/alerts; the demo keeps none unless
                    given; ? and the alerts page say which is in use)
  --bell            ring the terminal's bell when a high-severity alert comes
  --theme NAME      dark (default), light or high-contrast; the terminal is never asked
  --braille         draw the trend in braille: finer, but not on the Linux console
  --tz ZONE         the display time zone (default: the local zone)
  --scale N         the demo's agents and volume times N, 1 to 50 (default 1: 240 agents,
                    one or two answers per agent per hour on duty)
  --rate R          the demo at R responses a second instead of the center's own pace
  --seed S          the demo's seed (default 1)
  --fps N           the most screens drawn a second (default 10)
  --memory-limit S  the soft memory limit the collector keeps under, such as 256MiB, or off
                    (default 180MiB, or GOMEMLIMIT when set): a month of history peaks under
                    200 MB, for a little more CPU while it loads
  --log FILE        write diagnostics to FILE; nothing is ever written to the screen
  --log-format F    text (default) or json
  --log-level L     debug, info (default), warn or error

Keys: arrows or j/k move, enter opens, esc goes back, tab changes pane, w changes the window,
s the order, / filters, space pauses the screen (responses are still taken in), ! shows the
alerts (a acknowledges, o assigns, r resolves, u reopens), ? shows all keys and how to read the
screen, q quits.

Examples:
  npsboard
  npsboard --file day.jsonl --window today
  npsboard --file /var/log/surveys.jsonl --follow
  npsboard --file last-week.jsonl --replay 600
  npsboard --ws wss://relay.example.com/v1/stream --token-file ~/.npsboard-token
  npsboard demo --rate 20 | npsboard --file -
  npsboard --theme high-contrast --target 30
`

type dashboardOptions struct {
	src         sourceFlags
	window      model.Window
	agentWindow model.Window
	target      float64
	targetSet   bool
	user        string
	state       string
	bell        bool
	theme       string
	braille     bool
	tz          string
	rate        float64
	scale       int
	seed        uint64
	fps         int
	memLimit    string
	log         logFlags
	kiosk       kioskFlags
	set         map[string]bool // the flags given on the command line
}

func dashboardCommand() *command {
	c := &command{summary: "the live dashboard", usage: dashboardUsage}
	c.setup = func(fs *flag.FlagSet) func(context.Context, *env) error {
		o := dashboardOptions{window: tui.DefaultWindow, agentWindow: tui.DefaultAgentWindow}
		o.src.register(fs)
		fs.Var(windowFlag{&o.window}, "window", "")
		fs.Var(windowFlag{&o.agentWindow}, "agent-window", "")
		fs.Func("target", "", func(v string) error {
			t, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return errors.New("want a number")
			}
			o.target, o.targetSet = t, true
			return nil
		})
		fs.StringVar(&o.user, "user", "", "")
		fs.StringVar(&o.state, "state", "", "")
		fs.BoolVar(&o.bell, "bell", false, "")
		fs.StringVar(&o.theme, "theme", "dark", "")
		fs.BoolVar(&o.braille, "braille", false, "")
		fs.StringVar(&o.tz, "tz", "", "")
		fs.Float64Var(&o.rate, "rate", 0, "")
		fs.IntVar(&o.scale, "scale", 1, "")
		fs.Uint64Var(&o.seed, "seed", 1, "")
		fs.IntVar(&o.fps, "fps", 10, "")
		fs.StringVar(&o.memLimit, "memory-limit", "", "")
		o.log.register(fs)
		o.kiosk.register(fs)
		return func(ctx context.Context, e *env) error {
			o.set = map[string]bool{}
			fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
			return dashboard(ctx, e, &o)
		}
	}
	return c
}

func dashboard(ctx context.Context, e *env, o *dashboardOptions) error {
	// The config first: a wall computer runs just npsboard, and the config says the rest.
	cfg, err := o.src.loadConfig(e)
	if err != nil {
		return err
	}
	o.src.mergeSource(&cfg.Source, o.set)
	o.kiosk.merge(&cfg.Kiosk, o.set)
	if w := cfg.Dashboard.Window; w != "" && !o.set["window"] {
		o.window, _ = model.ParseWindow(w) // checked when the config was read
	}
	if w := cfg.Dashboard.AgentWindow; w != "" && !o.set["agent-window"] {
		o.agentWindow, _ = model.ParseWindow(w)
	}
	if t := cfg.Dashboard.Theme; t != "" && !o.set["theme"] {
		o.theme = t
	}
	if o.kiosk.on && !o.set["fps"] {
		o.fps = cmp.Or(cfg.Kiosk.FPS, 4) // a wall changes once a second
	}
	kioskOpts, err := o.kiosk.options(o.agentWindow)
	if err != nil {
		return err
	}
	theme, err := tui.ThemeNamed(o.theme)
	if err != nil {
		return usagef("invalid value %q for flag --theme: %v", o.theme, err)
	}
	switch {
	case o.target < -100 || o.target > 100:
		return usagef("invalid value %v for flag --target: want an NPS from -100 to 100", o.target)
	case o.rate < 0 || o.rate > 1e5:
		return usagef("invalid value %v for flag --rate: want responses a second, above 0", o.rate)
	case o.scale < 1 || o.scale > demo.MaxScale:
		return usagef("invalid value %d for flag --scale: want 1 to %d", o.scale, demo.MaxScale)
	case o.fps < 1 || o.fps > 120:
		return usagef("invalid value %d for flag --fps: want 1 to 120", o.fps)
	}
	if err := o.src.check(); err != nil {
		return err
	}
	limit, setLimit, err := memoryLimit(o.memLimit, o.set["memory-limit"], cfg.Dashboard.MemoryLimit, e.getenv)
	if err != nil {
		return usagef("invalid value %q for flag --memory-limit: %v", o.memLimit, err)
	}
	defer setMemoryLimit(ctx, limit, setLimit)()
	loc, err := loadZone(o.tz)
	if err != nil {
		return err
	}
	logger, closeLog, err := o.log.open(io.Discard)
	if err != nil {
		return err
	}
	defer closeLog()

	rules, err := cfg.rules()
	if err != nil {
		return err
	}
	if o.targetSet {
		rules.Target = o.target
	}
	user, err := dashboardUser(o.user, cfg, e.getenv)
	if err != nil {
		return err
	}
	alerts := model.NewAlerts(rules)
	var journal *state.Journal
	unsaved := ""
	statePath := dashboardJournal(o, cfg, e.getenv)
	if statePath != "" {
		if journal, unsaved, err = state.Restore(statePath, alerts); err != nil {
			return err
		}
		if journal != nil {
			defer journal.Close()
			logger.Info("alerts restored", "state", statePath, "alerts", alerts.Len(), "torn", journal.Torn, "damaged", journal.Damaged)
			for _, where := range journal.DamagedAt {
				logger.Warn("state journal: a damaged line was passed over, and kept", "where", where)
			}
		} else {
			logger.Error("state journal", "err", unsaved)
		}
		if shared := sharedStatePath(e.getenv); o.state == "" && cfg.Dashboard.State == "" && shared != "" {
			if _, err := os.Stat(shared); err == nil {
				logger.Warn("the journal shared by every source in earlier versions is no longer used by default; "+
					"read it with npsboard alerts --state, or keep using it with --state", "shared", shared, "state", statePath)
			}
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	src, err := dashboardSource(ctx, e, o, loc, cfg)
	if err != nil {
		return err
	}
	logger.Info("starting", "source", src.Name(), "live", src.Live(), "window", o.window.String(), "user", user)

	// The theme decides the background: asking the terminal can hang in tmux and over ssh.
	lipgloss.SetHasDarkBackground(theme.Name != "light")
	updates := make(chan tui.Update, 1)
	pump := feed.NewPump(model.NewDedup())
	// Fewer wait than the pump's defaults: while history loads the screen is the slower side,
	// and whatever waits beyond a batch or two only costs memory.
	pump.MaxPending, pump.MaxBatch = 30000, 10000
	pumpDone := make(chan error, 1)
	go func() {
		pumpDone <- pump.Run(ctx, src, func(u feed.Update) bool {
			select {
			case updates <- toScreen(u):
				return true
			default:
				return false // the screen is busy: the pump keeps the responses for the next tick
			}
		})
	}()

	// The program is made after the recorder, which tells it when saving fails.
	var prog atomic.Pointer[tea.Program]
	var store state.Appender
	if journal != nil {
		store = journal // not a nil *StateJournal in an interface
	}
	rec := state.NewRecorder(store, src.post, func(s string) {
		if p := prog.Load(); p != nil {
			p.Send(tui.SavingMsg(feed.Clean(s, false))) // it may quote a path of the config
		}
		logger.Warn("alerts", "saving", s)
	})
	rec.Warn = func(s string) { logger.Warn("alerts", "journal", s) }
	rec.Raise = src.raise
	if kioskOpts != nil && src.scope != "" {
		kioskOpts.Scope = src.scope
	}
	if src.notices != nil {
		src.notices(func(s string) {
			if p := prog.Load(); p != nil {
				p.Send(tui.NoticeMsg(feed.Clean(s, false)))
			}
		})
	}
	recDone := make(chan struct{})
	recCtx, stopRec := context.WithCancel(context.Background())
	go func() { rec.Run(recCtx); close(recDone) }()
	defer func() { stopRec(); <-recDone }() // the last actions are written before exit

	analyzer, err := cfg.analyzer()
	if err != nil {
		return err
	}
	topics, err := cfg.topics(analyzer)
	if err != nil {
		return err
	}
	out := &terminal{File: os.Stdout}
	opts := tui.Options{Analyzer: analyzer, Topics: topics, Window: o.window, AgentWindow: o.agentWindow, Theme: theme, Braille: o.braille, Location: loc,
		Alerts: alerts, User: user, Record: rec.Record, Kiosk: kioskOpts, Journal: feed.Clean(shownPath(statePath, e.getenv("HOME")), false)}
	opts.Copy = out.clipboard(e.getenv)
	if o.bell || cfg.Dashboard.Bell {
		opts.Bell = out.bell
	}
	m := tui.New(updates, opts)
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithFPS(o.fps), tea.WithContext(ctx), tea.WithOutput(out))
	prog.Store(p)
	if unsaved != "" {
		go p.Send(tui.SavingMsg(feed.Clean(unsaved, false)))
	}
	err = runScreen(p)
	cancel()
	select {
	case perr := <-pumpDone:
		logger.Info("feed stopped", "err", perr)
	case <-time.After(time.Second): // a source stuck in a read ends with the process
	}
	if err != nil {
		logger.Error("dashboard", "err", err)
	}
	return err
}

// dashboardJournal is the state journal of this dashboard: --state, else the config's, else
// the source's own (one per source). The demo's alerts are made up: they are kept only where
// --state says. "" keeps none.
func dashboardJournal(o *dashboardOptions, cfg *config, getenv func(string) string) string {
	if o.state == "" && o.src.chosen() == nil {
		return ""
	}
	return cmp.Or(o.state, cfg.Dashboard.State, o.src.journalOf(getenv))
}

// shownPath is a path as a person reads it: under home, with ~.
func shownPath(path, home string) string {
	if home != "" && path != "" {
		if rel, err := filepath.Rel(home, path); err == nil && filepath.IsLocal(rel) {
			return "~" + string(filepath.Separator) + rel
		}
	}
	return path
}

// runScreen runs the program until it is quit. A panic is caught by bubbletea, which puts the
// terminal back as it was and prints what happened; it is then an error (exit status 1), not
// an ordinary quit.
func runScreen(p *tea.Program) error {
	_, err := p.Run()
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		return errors.New("the dashboard stopped on an internal error (a bug: its trace is above)")
	case err == nil, errors.Is(err, tea.ErrProgramKilled), errors.Is(err, context.Canceled):
		return nil
	}
	return err
}

// demoHistory is what the embedded demo has already seen when the screen opens: a month, so
// that agents' figures over 30 days mean something from the first frame.
const demoHistory = 30 * 24 * time.Hour

// dashboardSource is the feed the dashboard shows: the flags' source, or the embedded demo.
func dashboardSource(ctx context.Context, e *env, o *dashboardOptions, loc *time.Location, cfg *config) (*opened, error) {
	// A stream is read from the start of the longest window a screen offers (30 days, this
	// month), which the worsening detector's 28-day reference fits in too.
	// The pump copies what it keeps of a batch (feed.Pump): a file's blocks are read into again.
	o.src.need = sourceNeed{from: time.Now().Add(-model.MaxWindow), transient: true}
	src, err := o.src.build(e, loc, cfg)
	if err != nil {
		return nil, err
	}
	if src == nil { // the embedded demo
		pr, pw := io.Pipe()
		go func() {
			err := demo.Live(ctx, pw, demo.LiveOptions{Seed: o.seed, Scale: o.scale, Rate: o.rate, Backfill: demoHistory, Location: loc, Dirty: 0.01})
			pw.CloseWithError(err)
		}()
		// The demo's floor works its cases too, so that the loop's figures have something to say.
		reader := &feed.ReaderSource{Label: "demo", Reader: pr, IsLive: true, Decoder: &feed.Decoder{Location: loc}}
		src = &opened{Source: demo.WithFloor(reader, time.Now), close: func() { pr.Close() }}
	}
	if src.close != nil { // a read the source is blocked in ends when the screen quits
		go func() { <-ctx.Done(); src.close() }()
	}
	return src, nil
}

// dashboardUser is who the supervisor is: --user, else the config's, else the OS user. The name
// goes on every action, and is shown on every screen that shares it: it is cleaned as a feed's
// text is.
func dashboardUser(flagUser string, cfg *config, getenv func(string) string) (string, error) {
	user := feed.Clean(cmp.Or(flagUser, cfg.Dashboard.User, osUser(getenv)), false)
	if user == "" || len(user) > model.MaxName {
		return "", usagef("invalid value for --user (or [dashboard] user): want a name of 1 to %d bytes", model.MaxName)
	}
	return user, nil
}

// sourceStates are the feed's phases as the dashboard says them.
var sourceStates = [...]tui.SourceState{feed.Loading: tui.Loading, feed.Connecting: tui.Connecting, feed.Live: tui.Live,
	feed.Retrying: tui.Retrying, feed.Ended: tui.Ended, feed.Failed: tui.Failed}

// toScreen turns the feed's update into the dashboard's.
func toScreen(u feed.Update) tui.Update {
	s := u.Status
	out := tui.Update{Responses: u.Responses, Actions: u.Actions, Status: tui.Status{
		Source: feed.Clean(s.Source, false), State: sourceStates[s.Phase], Clock: s.Clock, Arrived: s.Arrived, RetryAt: s.RetryAt, OwnClock: s.OwnClock,
		Records: s.Counts.Records, Accepted: s.Counts.Accepted, Duplicates: s.Counts.Duplicates, Rejected: s.Counts.Rejected,
	}}
	if s.Err != nil {
		out.Status.Err = feed.Clean(s.Err.Error(), false)
	}
	return out
}

// terminal is the dashboard's output: the screen bubbletea draws, and the bell, written under
// one lock so that a bell never lands inside an escape sequence.
type terminal struct {
	*os.File
	mu sync.Mutex
}

func (t *terminal) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.File.Write(b)
}

func (t *terminal) bell() { t.Write([]byte{'\a'}) }

// clipboard puts text on the clipboard of the terminal with OSC 52, the only way that reaches
// the supervisor's own machine over ssh. tmux passes it on with set-clipboard on, or wrapped
// with allow-passthrough on: both are sent, so that either setting works; screen needs its own
// wrapping. The text is base64 in the sequence: nothing in it can reach the terminal as is.
func (t *terminal) clipboard(getenv func(string) string) func(string) {
	return func(text string) {
		seq := osc52.New(text)
		switch {
		case getenv("TMUX") != "":
			seq.WriteTo(t)
			seq.Tmux().WriteTo(t)
		case strings.HasPrefix(getenv("TERM"), "screen"):
			seq.Screen().WriteTo(t)
		default:
			seq.WriteTo(t)
		}
	}
}
