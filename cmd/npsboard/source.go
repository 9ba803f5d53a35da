package main

import (
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/npsboard/npsboard/feed"
)

// sourceFlags are the flags that choose a source, shared by the dashboard and report.
type sourceFlags struct {
	file      string
	follow    bool
	replay    float64
	maxGap    time.Duration
	format    string
	ws        string
	headers   headerList
	tokenFile string
	ca        string
	config    string
	configSet bool
}

const sourceUsage = `  --file PATH       a feed of JSON lines or CSV (told by the extension, else by the content);
                    - reads standard input
  --follow          with --file: go on reading as the file grows, across log rotation
  --replay SPEED    with --file: play the responses by their timestamps at SPEED times real time;
                    the clock follows the replay
  --max-gap D       with --replay: wait at most D (of the replay's time) between two responses
                    (default 10m)
  --format F        jsonl or csv, when neither the name nor the content tells
  --ws URL          a websocket feed (ws:// or wss://), such as a relay's /v1/stream; it
                    reconnects forever and resumes where it left off
  --header 'N: V'   with --ws: a header for the handshake (repeatable)
  --token-file F    with --ws: a file holding the bearer token (or set NPSBOARD_TOKEN)
  --ca FILE         with --ws: a PEM file of certificates to trust besides the system's
  --config FILE     the config file: a field mapping for CSV columns or JSON paths, and more
                    (default $XDG_CONFIG_HOME/npsboard/config.toml; see 'npsboard help config')
`

func (s *sourceFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.file, "file", "", "")
	fs.BoolVar(&s.follow, "follow", false, "")
	fs.Float64Var(&s.replay, "replay", 0, "")
	fs.DurationVar(&s.maxGap, "max-gap", 10*time.Minute, "")
	fs.StringVar(&s.format, "format", "", "")
	fs.StringVar(&s.ws, "ws", "", "")
	fs.Var(&s.headers, "header", "")
	fs.StringVar(&s.tokenFile, "token-file", "", "")
	fs.StringVar(&s.ca, "ca", "", "")
	fs.Func("config", "", func(v string) error { s.config, s.configSet = v, true; return nil })
}

// headerList is a repeatable --header 'Name: value'.
type headerList []string

func (h *headerList) String() string { return strings.Join(*h, ", ") }

func (h *headerList) Set(v string) error {
	name, _, ok := strings.Cut(v, ":")
	if !ok || strings.TrimSpace(name) == "" || strings.ContainsAny(name, " \t") {
		return fmt.Errorf("want 'Name: value'")
	}
	*h = append(*h, v)
	return nil
}

// check refuses flags that do not go together.
func (s *sourceFlags) check() error {
	switch {
	case s.file != "" && s.ws != "":
		return usagef("--file and --ws exclude each other")
	case (s.follow || s.replay != 0) && s.file == "":
		return usagef("--follow and --replay read a --file")
	case s.follow && s.replay != 0:
		return usagef("--follow and --replay exclude each other")
	case s.follow && s.file == "-":
		return usagef("--follow reads a file by its name, not standard input")
	case s.replay < 0 || s.replay > 1e6:
		return usagef("invalid value %v for flag --replay: want a speed above 0, such as 60", s.replay)
	case s.maxGap < 0:
		return usagef("invalid value %v for flag --max-gap: want a duration", s.maxGap)
	case (len(s.headers) > 0 || s.tokenFile != "" || s.ca != "") && s.ws == "":
		return usagef("--header, --token-file and --ca go with --ws")
	case s.format != "" && s.format != "jsonl" && s.format != "csv":
		return usagef("invalid value %q for flag --format: want jsonl or csv", s.format)
	}
	if s.ws != "" {
		u, err := url.Parse(s.ws)
		if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
			return usagef("invalid value %q for flag --ws: want a ws:// or wss:// URL", s.ws)
		}
	}
	return nil
}

// loadConfig reads the config the flags name, or the default one if it exists.
func (s *sourceFlags) loadConfig(e *env) (*config, error) {
	path := s.config
	if !s.configSet {
		path = defaultConfigPath(e.getenv)
	}
	return loadConfig(path, s.configSet)
}

// decoder makes the decoder of the source: the config's mapping, the display zone.
func decoder(cfg *config, loc *time.Location) (*feed.Decoder, error) {
	m, err := cfg.mapping(loc)
	if err != nil {
		return nil, err
	}
	return &feed.Decoder{Location: loc, Mapping: m}, nil
}

// build makes the source the flags name; nil when they name none. It opens files now, so that a
// missing one is an error before any screen is drawn.
func (s *sourceFlags) build(e *env, loc *time.Location, cfg *config) (feed.Source, error) {
	if s.file == "" && s.ws == "" {
		return nil, nil
	}
	dec, err := decoder(cfg, loc)
	if err != nil {
		return nil, err
	}
	format := feed.FormatOf(s.file)
	switch s.format {
	case "jsonl":
		format = feed.FormatJSONLines
	case "csv":
		format = feed.FormatCSV
	}
	if s.ws != "" {
		header, err := s.header(e)
		if err != nil {
			return nil, err
		}
		src := &feed.WSSource{URL: s.ws, Decoder: dec, Header: header}
		if s.ca != "" {
			if src.TLS, err = tlsWithCA(s.ca); err != nil {
				return nil, err
			}
		}
		dec.Source = src.Name()
		return src, nil
	}
	if s.file == "-" {
		dec.Source = "stdin"
		return &feed.ReaderSource{Label: "standard input", Reader: e.stdin, IsLive: stdinIsLive(e), Format: format, Decoder: dec, CSV: cfg.csvOptions()}, nil
	}
	dec.Source = filepath.Base(s.file)
	if s.follow {
		if fi, err := os.Stat(s.file); err == nil && fi.IsDir() {
			return nil, fmt.Errorf("%s is a directory, not a feed", s.file)
		}
		return &feed.FollowSource{Path: s.file, Format: format, Decoder: dec, CSV: cfg.csvOptions()}, nil
	}
	f, err := os.Open(s.file)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s is a directory, not a feed", s.file)
	}
	var src feed.Source = &feed.ReaderSource{Label: filepath.Base(s.file), Reader: f, Format: format, Decoder: dec, CSV: cfg.csvOptions()}
	if s.replay > 0 {
		src = &feed.ReplaySource{Inner: src, Speed: s.replay, MaxGap: s.maxGap}
	}
	return src, nil
}

// header is what every request to the relay carries: --header, and the bearer token.
func (s *sourceFlags) header(e *env) (http.Header, error) {
	h := http.Header{}
	for _, line := range s.headers {
		name, value, _ := strings.Cut(line, ":")
		h.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	token, err := s.token(e)
	if err != nil {
		return nil, err
	}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return h, nil
}

// token is the bearer token: from --token-file, else NPSBOARD_TOKEN. Never from the command
// line, where ps shows it to everyone on the machine.
func (s *sourceFlags) token(e *env) (string, error) {
	if s.tokenFile != "" {
		b, err := os.ReadFile(s.tokenFile)
		if err != nil {
			return "", err
		}
		return strings.TrimSpace(string(b)), nil
	}
	return strings.TrimSpace(e.getenv("NPSBOARD_TOKEN")), nil
}

// tlsWithCA trusts the system's certificates and those of a PEM file.
func tlsWithCA(path string) (*tls.Config, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s holds no PEM certificate", path)
	}
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, nil
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
