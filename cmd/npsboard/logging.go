package main

import (
	"flag"
	"io"
	"log/slog"
	"os"
)

// logFlags say where a command's structured log goes, in which form, and from which level.
type logFlags struct {
	path, format, level string
}

const logUsage = `  --log FILE        write the log to FILE (appended)
  --log-format F    text (default: key=value lines) or json (one object a line, for a log shipper)
  --log-level L     debug, info (default), warn or error
`

func (l *logFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&l.path, "log", "", "")
	fs.StringVar(&l.format, "log-format", "text", "")
	fs.StringVar(&l.level, "log-level", "info", "")
}

func (l *logFlags) check() error {
	if l.format != "text" && l.format != "json" {
		return usagef("invalid value %q for flag --log-format: want text or json", l.format)
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(l.level)); err != nil {
		return usagef("invalid value %q for flag --log-level: want debug, info, warn or error", l.level)
	}
	return nil
}

// open opens the log: --log's file, else fallback (standard error for a service; nothing for
// the dashboard, whose screen is its own).
func (l *logFlags) open(fallback io.Writer) (*slog.Logger, func(), error) {
	if err := l.check(); err != nil {
		return nil, nil, err
	}
	out, closeLog := fallback, func() {}
	if l.path != "" {
		f, err := os.OpenFile(l.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, nil, err
		}
		out, closeLog = f, func() { f.Close() }
	}
	var lv slog.Level
	lv.UnmarshalText([]byte(l.level))
	opts := &slog.HandlerOptions{Level: lv}
	if l.format == "json" {
		return slog.New(slog.NewJSONHandler(out, opts)), closeLog, nil
	}
	return slog.New(slog.NewTextHandler(out, opts)), closeLog, nil
}
