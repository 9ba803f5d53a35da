package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/demo"
	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/tui"
)

const dashboardUsage = `Usage:
  npsboard [flags]

With no source, the dashboard opens on the embedded demo: a simulated contact center whose last
24 hours are loaded at once, then a few responses a second.

Flags:
` + sourceUsage + `  --window W        the window shown first: 15m, 1h (default), 4h, today, all, or minutes
  --target N        the NPS every queue aims at (default 20)
  --theme NAME      dark (default), light or high-contrast; the terminal is never asked
  --braille         draw the trend in braille: finer, but not on the Linux console
  --tz ZONE         the display time zone (default: the local zone)
  --rate R          the demo's responses a second (default 3)
  --seed S          the demo's seed (default 1)
  --fps N           the most screens drawn a second (default 10)
  --log FILE        write diagnostics to FILE; nothing is ever written to the screen

Keys: arrows or j/k move, enter opens, esc goes back, tab changes pane, w changes the window,
s the order, / filters, space pauses the screen (responses are still taken in), ? shows all
keys and how to read the screen, q quits.

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
	src     sourceFlags
	window  model.Window
	target  float64
	theme   string
	braille bool
	tz      string
	rate    float64
	seed    uint64
	fps     int
	log     string
}

func dashboardCommand() *command {
	c := &command{summary: "the live dashboard", usage: dashboardUsage}
	c.setup = func(fs *flag.FlagSet) func(context.Context, *env) error {
		o := dashboardOptions{window: model.Last(time.Hour)}
		o.src.register(fs)
		fs.Var(windowFlag{&o.window}, "window", "")
		fs.Float64Var(&o.target, "target", 20, "")
		fs.StringVar(&o.theme, "theme", "dark", "")
		fs.BoolVar(&o.braille, "braille", false, "")
		fs.StringVar(&o.tz, "tz", "", "")
		fs.Float64Var(&o.rate, "rate", 3, "")
		fs.Uint64Var(&o.seed, "seed", 1, "")
		fs.IntVar(&o.fps, "fps", 10, "")
		fs.StringVar(&o.log, "log", "", "")
		return func(ctx context.Context, e *env) error { return dashboard(ctx, e, &o) }
	}
	return c
}

func dashboard(ctx context.Context, e *env, o *dashboardOptions) error {
	theme, err := tui.ThemeNamed(o.theme)
	if err != nil {
		return usagef("invalid value %q for flag --theme: %v", o.theme, err)
	}
	switch {
	case o.target < -100 || o.target > 100:
		return usagef("invalid value %v for flag --target: want an NPS from -100 to 100", o.target)
	case o.rate <= 0 || o.rate > 1e5:
		return usagef("invalid value %v for flag --rate: want responses a second, above 0", o.rate)
	case o.fps < 1 || o.fps > 120:
		return usagef("invalid value %d for flag --fps: want 1 to 120", o.fps)
	}
	if err := o.src.check(); err != nil {
		return err
	}
	loc, err := loadZone(o.tz)
	if err != nil {
		return err
	}
	logger, closeLog, err := openLog(o.log)
	if err != nil {
		return err
	}
	defer closeLog()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	src, horizon, err := dashboardSource(ctx, e, o, loc)
	if err != nil {
		return err
	}
	logger.Info("starting", "source", src.Name(), "live", src.Live(), "window", o.window.String())

	// The theme decides the background: asking the terminal can hang in tmux and over ssh.
	lipgloss.SetHasDarkBackground(theme.Name != "light")
	updates := make(chan tui.Update, 1)
	pump := feed.NewPump(model.NewDedup())
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

	m := tui.New(updates, tui.Options{Window: o.window, Target: o.target, Theme: theme, Braille: o.braille, Location: loc, Horizon: horizon})
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithFPS(o.fps), tea.WithContext(ctx))
	_, err = p.Run()
	cancel()
	select {
	case perr := <-pumpDone:
		logger.Info("feed stopped", "err", perr)
	case <-time.After(time.Second): // a source stuck in a read ends with the process
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		logger.Error("dashboard", "err", err)
		return err
	}
	return nil
}

// dashboardSource is the feed the dashboard shows, and how long it keeps minute buckets: a file
// read to its end keeps them all, so that every window of it can be seen.
func dashboardSource(ctx context.Context, e *env, o *dashboardOptions, loc *time.Location) (feed.Source, time.Duration, error) {
	src, err := o.src.build(e, loc)
	if err != nil {
		return nil, 0, err
	}
	if src == nil { // the embedded demo
		pr, pw := io.Pipe()
		go func() {
			err := demo.Live(ctx, pw, demo.LiveOptions{Seed: o.seed, Rate: o.rate, Backfill: true, Location: loc, Dirty: 0.01})
			pw.CloseWithError(err)
		}()
		src = &feed.ReaderSource{Label: "demo", Reader: pr, IsLive: true, Decoder: &feed.Decoder{Location: loc}}
	}
	if r, ok := src.(*feed.ReaderSource); ok && r.Reader != e.stdin {
		if c, ok := r.Reader.(io.Closer); ok {
			go func() { <-ctx.Done(); c.Close() }()
		}
	}
	if src.Live() {
		return src, tui.Horizon, nil
	}
	return src, 0, nil
}

// toScreen turns the feed's update into the dashboard's.
func toScreen(u feed.Update) tui.Update {
	s := u.Status
	out := tui.Update{Responses: u.Responses, Status: tui.Status{
		Source: feed.Clean(s.Source, false), State: s.Phase.String(), Clock: s.Clock, RetryAt: s.RetryAt,
		Records: s.Counts.Records, Accepted: s.Counts.Accepted, Duplicates: s.Counts.Duplicates, Rejected: s.Counts.Rejected,
	}}
	if s.Err != nil {
		out.Status.Err = feed.Clean(s.Err.Error(), false)
	}
	return out
}

// openLog opens the diagnostics log, or a logger that discards everything: the screen belongs
// to the dashboard.
func openLog(path string) (*slog.Logger, func(), error) {
	if path == "" {
		return slog.New(slog.NewTextHandler(io.Discard, nil)), func() {}, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, err
	}
	return slog.New(slog.NewTextHandler(f, nil)), func() { f.Close() }, nil
}
