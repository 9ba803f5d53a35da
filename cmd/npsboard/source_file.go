package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/npsboard/npsboard/feed"
)

// fileSource is a file of JSON lines or CSV, or standard input; it may follow the file as it
// grows, or replay it by its timestamps.
type fileSource struct {
	path   string
	follow bool
	replay float64
	maxGap time.Duration
	format string
}

const fileUsage = `  --file PATH       a feed of JSON lines or CSV (told by the extension, else by the content);
                    - reads standard input
  --follow          with --file: go on reading as the file grows, across log rotation
  --replay SPEED    with --file: play the responses by their timestamps at SPEED times real time;
                    the clock follows the replay
  --max-gap D       with --replay: wait at most D (of the replay's time) between two responses
                    (default 10m)
  --format F        jsonl or csv, when neither the name nor the content tells
`

func (f *fileSource) register(fs *flag.FlagSet) {
	fs.StringVar(&f.path, "file", "", "")
	fs.BoolVar(&f.follow, "follow", false, "")
	fs.Float64Var(&f.replay, "replay", 0, "")
	fs.DurationVar(&f.maxGap, "max-gap", 10*time.Minute, "")
	fs.StringVar(&f.format, "format", "", "")
}

func (f *fileSource) given() bool { return f.path != "" }

func (f *fileSource) check() error {
	switch {
	case (f.follow || f.replay != 0) && f.path == "":
		return usagef("--follow and --replay read a --file")
	case f.follow && f.replay != 0:
		return usagef("--follow and --replay exclude each other")
	case f.follow && f.path == "-":
		return usagef("--follow reads a file by its name, not standard input")
	case f.replay < 0 || f.replay > 1e6:
		return usagef("invalid value %v for flag --replay: want a speed above 0, such as 60", f.replay)
	case f.maxGap < 0:
		return usagef("invalid value %v for flag --max-gap: want a duration", f.maxGap)
	case f.format != "" && f.format != "jsonl" && f.format != "csv":
		return usagef("invalid value %q for flag --format: want jsonl or csv", f.format)
	}
	return nil
}

func (f *fileSource) merge(c *sourceConfig, set map[string]bool) {
	if sourceFlagSet(set) {
		return
	}
	f.path = c.File
	if !set["follow"] {
		f.follow = c.Follow
	}
	if !set["format"] && c.Format != "" {
		f.format = c.Format
	}
}

// journal: a file is known by its absolute path, links resolved; standard input is one source.
func (f *fileSource) journal() (name, identity string) {
	if f.path == "-" {
		return "stdin", "stdin"
	}
	abs, err := filepath.Abs(f.path)
	if err != nil {
		abs = f.path
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	base := filepath.Base(abs)
	return "file-" + strings.TrimSuffix(base, filepath.Ext(base)), "file:" + abs
}

func (f *fileSource) build(e *env, dec *feed.Decoder, cfg *config, need sourceNeed) (*opened, error) {
	format := feed.FormatOf(f.path)
	switch f.format {
	case "jsonl":
		format = feed.FormatJSONLines
	case "csv":
		format = feed.FormatCSV
	}
	if f.path == "-" {
		dec.Source = "stdin"
		// Standard input is not ours to close: a read on a terminal ends with the process.
		return &opened{Source: &feed.ReaderSource{Label: "standard input", Reader: e.stdin, IsLive: stdinIsLive(e), Format: format,
			Decoder: dec, CSV: cfg.csvOptions(), Transient: need.transient}}, nil
	}
	dec.Source = filepath.Base(f.path)
	if f.follow {
		if fi, err := os.Stat(f.path); err == nil && fi.IsDir() {
			return nil, fmt.Errorf("%s is a directory, not a feed", f.path)
		}
		return &opened{Source: &feed.FollowSource{Path: f.path, Format: format, Decoder: dec, CSV: cfg.csvOptions()}}, nil
	}
	file, err := os.Open(f.path)
	if err != nil {
		return nil, err
	}
	fi, err := file.Stat()
	if err == nil && fi.IsDir() {
		file.Close()
		return nil, fmt.Errorf("%s is a directory, not a feed", f.path)
	}
	var size int64
	if err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	// A replay holds batches back to pace them: its blocks are not read into again.
	var src feed.Source = &feed.ReaderSource{Label: filepath.Base(f.path), Reader: file, Format: format, Decoder: dec, CSV: cfg.csvOptions(),
		Transient: need.transient && f.replay == 0}
	if f.replay > 0 {
		src = &feed.ReplaySource{Inner: src, Speed: f.replay, MaxGap: f.maxGap}
	}
	return &opened{Source: src, close: func() { file.Close() }, size: size}, nil
}

// stdinIsLive says whether standard input is a pipe or a terminal (live), not a file.
func stdinIsLive(e *env) bool {
	if f, ok := e.stdin.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			return false
		}
	}
	_, isFile := e.stdin.(*os.File)
	return isFile
}
