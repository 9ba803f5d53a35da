package main

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/npsboard/npsboard/model/themes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/npsboard/npsboard/feed"
)

// config is npsboard's configuration file (TOML). It is decoded into plain fields, so that a
// value of the wrong kind comes back from the decoder with its line; then each value is checked
// for what it means, and a mistake is reported with its file, line and key too.
type config struct {
	path      string
	data      []byte
	Mapping   mappingConfig          `toml:"mapping"`
	CSV       csvConfig              `toml:"csv"`
	Alerts    alertsConfig           `toml:"alerts"`
	Dashboard dashboardConfig        `toml:"dashboard"`
	Kiosk     kioskConfig            `toml:"kiosk"`
	Source    sourceConfig           `toml:"source"`
	Themes    themesConfig           `toml:"themes"`
	Topics    map[string]topicConfig `toml:"topics"`
}

// topicConfig is a [topics.NAME] table: the words and phrases that mark a comment as
// mentioning the topic, and those that say it does not after all.
type topicConfig struct {
	Words  []string `toml:"words"`
	Except []string `toml:"except"`
}

// topics are the config's topics, their words cut by a, checked with their key.
func (c *config) topics(a *themes.Analyzer) (*themes.Topics, error) {
	specs := map[string]themes.TopicSpec{}
	for name, t := range c.Topics {
		clean := feed.Clean(name, false)
		if clean == "" || len(clean) > 256 {
			return nil, c.errorAt("topics."+name, "want a name of 1 to 256 bytes")
		}
		specs[clean] = themes.TopicSpec{Words: t.Words, Except: t.Except}
		if _, err := themes.NewTopics(a, map[string]themes.TopicSpec{clean: specs[clean]}); err != nil {
			return nil, c.errorAt("topics."+name, err.Error())
		}
	}
	t, err := themes.NewTopics(a, specs)
	if err != nil {
		return nil, c.errorAt("topics", err.Error())
	}
	return t, nil
}

// themesConfig is the [themes] table: how comments are cut into words.
type themesConfig struct {
	Language string `toml:"language"` // a Snowball language; English by default
}

// analyzer is the config's analyzer of comments, its language checked with its line and key.
func (c *config) analyzer() (*themes.Analyzer, error) {
	a, err := themes.NewAnalyzer(c.Themes.Language)
	if err != nil {
		return nil, c.errorAt("themes.language", "want one of "+strings.Join(themes.Languages, ", "))
	}
	return a, nil
}

// mappingConfig says where a source keeps each canonical field: a CSV column or a dotted path
// into JSON. A field left out keeps its own name; id = "" says the source has no ids.
type mappingConfig struct {
	ID         *string `toml:"id"`
	TS         *string `toml:"ts"`
	Score      *string `toml:"score"`
	Queue      *string `toml:"queue"`
	Agent      *string `toml:"agent"`
	Team       *string `toml:"team"`
	Channel    *string `toml:"channel"`
	Customer   *string `toml:"customer"`
	Comment    *string `toml:"comment"`
	CSAT       *string `toml:"csat"`
	CES        *string `toml:"ces"`
	Segment    *string `toml:"segment"`
	Site       *string `toml:"site"`
	TimeLayout string  `toml:"time_layout"`
	TimeZone   string  `toml:"time_zone"`
}

type csvConfig struct {
	Separator string `toml:"separator"`
	SkipRows  int    `toml:"skip_rows"`
}

// fields are the mapping's field names with their values.
func (m *mappingConfig) fields() map[string]*string {
	return map[string]*string{"id": m.ID, "ts": m.TS, "score": m.Score, "queue": m.Queue, "agent": m.Agent, "team": m.Team,
		"channel": m.Channel, "customer": m.Customer, "comment": m.Comment, "csat": m.CSAT, "ces": m.CES, "segment": m.Segment, "site": m.Site}
}

// check checks what each value means.
func (c *config) check() error {
	for name, v := range c.Mapping.fields() {
		if v != nil && name != "id" && strings.TrimSpace(*v) == "" {
			return c.errorAt("mapping."+name, "want the name of a column or a dotted path; only id may be mapped to nothing")
		}
	}
	if err := feed.CheckLayout(c.Mapping.TimeLayout); err != nil {
		return c.errorAt("mapping.time_layout", err.Error())
	}
	if z := c.Mapping.TimeZone; z != "" {
		if _, err := time.LoadLocation(z); err != nil {
			return c.errorAt("mapping.time_zone", fmt.Sprintf("unknown time zone %q: want an IANA name such as Europe/Paris", z))
		}
	}
	if sep := c.CSV.Separator; sep != "" && (len(sep) != 1 || sep == `"` || sep == "\n" || sep == "\r") {
		return c.errorAt("csv.separator", `want one character, such as "," or ";" or "\t"`)
	}
	if n := c.CSV.SkipRows; n < 0 || n > 100 {
		return c.errorAt("csv.skip_rows", "want a number of rows from 0 to 100")
	}
	if _, err := c.rules(); err != nil {
		return err
	}
	a, err := c.analyzer()
	if err != nil {
		return err
	}
	if _, err := c.topics(a); err != nil {
		return err
	}
	return c.checkKiosk()
}

// errorAt is a mistake at a key, with the line the key is on.
func (c *config) errorAt(key, msg string) error {
	if line := keyLine(c.data, strings.Split(key, ".")); line > 0 {
		return fmt.Errorf("%s:%d: %s: %s", c.path, line, key, msg)
	}
	return fmt.Errorf("%s: %s: %s", c.path, key, msg)
}

// keyLine is the line of a key (table names and key parts) in a TOML document, 0 if absent.
func keyLine(data []byte, want []string) int {
	var p unstable.Parser
	p.Reset(data)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		var parts []string
		var first *unstable.Node
		for it := e.Key(); it.Next(); {
			if first == nil {
				first = it.Node()
			}
			parts = append(parts, string(it.Node().Data))
		}
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = parts
			if slices.Equal(parts, want) && first != nil { // a table named wrong: its header
				return p.Shape(first.Raw).Start.Line
			}
		case unstable.KeyValue:
			if slices.Equal(append(append([]string(nil), table...), parts...), want) && first != nil {
				return p.Shape(first.Raw).Start.Line
			}
		}
	}
	return 0
}

// defaultConfigPath is where the config is looked for when --config is not given:
// $XDG_CONFIG_HOME/npsboard/config.toml, or ~/.config/npsboard/config.toml.
func defaultConfigPath(getenv func(string) string) string {
	return xdgFile(getenv, "XDG_CONFIG_HOME", ".config", "config.toml")
}

// xdgFile is npsboard's file name in the directory an XDG variable names, or in its default
// under the home directory; "" without either.
func xdgFile(getenv func(string) string, variable, underHome, name string) string {
	dir := getenv(variable)
	if dir == "" {
		home := getenv("HOME")
		if home == "" {
			return ""
		}
		dir = filepath.Join(home, underHome)
	}
	return filepath.Join(dir, "npsboard", name)
}

// Limits of a config. go-toml's decoder takes time in the square of the keys of one table
// and of the tables (40,000 keys take seconds, 20,000 tables ten), so a config is measured
// first, in one pass of its parser, and refused past these.
const (
	maxConfigBytes  = 1 << 20
	maxConfigKeys   = 10_000
	maxConfigTables = 1_000
)

// loadConfig reads the config at path; a missing file is no config unless it was asked for.
func loadConfig(path string, asked bool) (*config, error) {
	c := &config{path: path}
	if path == "" {
		return c, nil
	}
	data, err := readConfig(path)
	if errors.Is(err, os.ErrNotExist) && !asked {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	keys, tables := measureConfig(data)
	switch {
	case keys > maxConfigKeys:
		return nil, fmt.Errorf("%s: %d keys, more than a config may hold (%d)", path, keys, maxConfigKeys)
	case tables > maxConfigTables:
		return nil, fmt.Errorf("%s: %d tables, more than a config may hold (%d)", path, tables, maxConfigTables)
	}
	d := toml.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(c); err != nil {
		return nil, configError(path, err)
	}
	c.data = data
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

// readConfig reads a config file of at most maxConfigBytes.
func readConfig(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfigBytes+1))
	if err == nil && len(data) > maxConfigBytes {
		err = fmt.Errorf("%s: larger than a config may be (%d bytes)", path, maxConfigBytes)
	}
	return data, err
}

// measureConfig counts the keys of a TOML document, those of inline tables too, and its
// tables. A document that does not parse is measured up to its mistake: the decoder reports it.
func measureConfig(data []byte) (keys, tables int) {
	var p unstable.Parser
	p.Reset(data)
	var inner func(n *unstable.Node)
	inner = func(n *unstable.Node) {
		for it := n.Children(); it.Next(); {
			c := it.Node()
			if c.Kind == unstable.KeyValue {
				keys++
				inner(c.Value())
			} else if c.Kind == unstable.InlineTable || c.Kind == unstable.Array {
				inner(c)
			}
		}
	}
	for p.NextExpression() {
		switch e := p.Expression(); e.Kind {
		case unstable.Table, unstable.ArrayTable:
			tables++
		case unstable.KeyValue:
			keys++
			if v := e.Value(); v.Kind == unstable.InlineTable || v.Kind == unstable.Array {
				inner(v)
			}
		}
	}
	return keys, tables
}

var tomlPrefix = regexp.MustCompile(`^toml: `)

// configError names the file, line and key of a mistake in a config.
func configError(path string, err error) error {
	var se *toml.StrictMissingError
	if errors.As(err, &se) && len(se.Errors) > 0 {
		e := se.Errors[0]
		row, _ := e.Position()
		return fmt.Errorf("%s:%d: %s: unknown key", path, row, keyName(e.Key()))
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		msg := tomlPrefix.ReplaceAllString(de.Error(), "")
		if strings.Contains(msg, "cannot decode TOML") {
			msg = "wrong kind of value: " + strings.SplitN(strings.TrimPrefix(msg, "cannot decode TOML "), " into ", 2)[0] + " where the key wants another"
		}
		if key := keyName(de.Key()); key != "" {
			return fmt.Errorf("%s:%d: %s: %s", path, row, key, msg)
		}
		return fmt.Errorf("%s:%d: %s", path, row, msg)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// keyName is a dotted TOML key as a mistake names it: a part that is not a plain name is quoted,
// with Go's escapes, so that no control character of it reaches a terminal.
func keyName(parts []string) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = p
		if !plainKey.MatchString(p) {
			out[i] = strconv.Quote(p)
		}
	}
	return strings.Join(out, ".")
}

var plainKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// mapping is the feed's mapping of this config; nil when the config maps nothing.
func (c *config) mapping(display *time.Location) (*feed.Mapping, error) {
	m := c.Mapping
	names := map[string]string{}
	for name, v := range m.fields() {
		if v != nil && *v != name { // a field mapped to its own name is as if left out
			names[name] = *v
		}
	}
	if len(names) == 0 && m.TimeLayout == "" && m.TimeZone == "" {
		return nil, nil
	}
	loc := display
	if m.TimeZone != "" {
		loc, _ = time.LoadLocation(m.TimeZone) // checked when the config was read
	}
	mp, err := feed.NewMapping(names, m.TimeLayout, loc)
	if err != nil {
		return nil, fmt.Errorf("%s: [mapping]: %w", c.path, err)
	}
	return mp, nil
}

// csvOptions are the CSV settings of this config.
func (c *config) csvOptions() feed.CSVOptions {
	o := feed.CSVOptions{Comma: ',', SkipRows: c.CSV.SkipRows}
	if c.CSV.Separator != "" {
		o.Comma = c.CSV.Separator[0]
	}
	return o
}
