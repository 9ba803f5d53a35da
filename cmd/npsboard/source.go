package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"path/filepath"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
)

// A source kind is one way of getting responses: a file (or standard input), a websocket. Each
// is a type in a file source_NAME.go that owns its flags and makes its source; sourceKinds is
// the table of them. A new source is a feed.Source in feed, and one kind here.
type sourceKind interface {
	register(fs *flag.FlagSet) // its flags (their lines of help are in sourceUsage)
	given() bool               // whether its flags (or the config's [source]) name it
	check() error              // whether its flags go together
	// merge takes the config's [source] where the command line said nothing of a source.
	merge(c *sourceConfig, set map[string]bool)
	build(e *env, dec *feed.Decoder, cfg *config, need sourceNeed) (*opened, error)
	// journal names the source for its own state journal: a readable name for the file, and
	// the identity that tells it from every other source (the same feed always gives the same).
	journal() (name, identity string)
}

// sourceKinds are the kinds of source, in the order of the help.
func sourceKinds() []sourceKind { return []sourceKind{&fileSource{}, &wsSource{}, &natsSource{}} }

// sourceNeed is what the command needs of a source that keeps history (a stream): from when,
// and whether to end once it has what is there (a report) or go on live (a screen).
type sourceNeed struct {
	from   time.Time // zero: all it has
	finite bool
	queues []string      // only these queues, when the source can filter (a stream's subjects)
	skip   feed.FieldSet // text fields the command never uses: not cleaned nor kept
	// transient: nothing the command keeps points into a batch once taken (a report counts;
	// the dashboard's pump copies what it keeps), so a file's blocks may be read into again
	// (feed.ReaderSource)
	transient bool
}

// opened is a source made from the flags, and what the commands need of it beyond a feed.Source:
// its optional capabilities.
type opened struct {
	feed.Source
	post     func([]model.Action) error // shares actions on alerts (a relay's stream); nil when it cannot
	raise    func([]*model.Alert) error // shares the alerts raised (a bucket's keys); nil when it need not
	notices  func(func(string))         // where news of one's own actions goes (someone acted first)
	scope    string                     // what the feed holds when not the whole floor: "Leeds"
	connects bool                       // reaches a server: a report from one never reached fails
	close    func()                     // ends a read that would outlive the command (a file); may be nil
	size     int64                      // the bytes it holds when known (a file), else 0
}

// OwnClock passes on whether the source keeps a clock of its own (a replay), which the pump
// then gives the screen from its first update instead of the wall clock.
func (o *opened) OwnClock() bool {
	c, ok := o.Source.(feed.Clocked)
	return ok && c.OwnClock()
}

// sourceFlags are the flags that choose a source, shared by the dashboard and report: those of
// every kind, and the config.
type sourceFlags struct {
	kinds     []sourceKind
	need      sourceNeed
	config    string
	configSet bool
}

const configUsage = `  --config FILE     the config file: a field mapping for CSV columns or JSON paths, and more
                    (default $XDG_CONFIG_HOME/npsboard/config.toml; see 'npsboard help config')
`

// sourceUsage is the help of every kind's flags, in the order of the table, and of --config.
const sourceUsage = fileUsage + wsUsage + natsSourceUsage + configUsage

func (s *sourceFlags) register(fs *flag.FlagSet) { s.registerOnly(fs, sourceKinds()) }

// registerOnly registers some kinds: publish reads files and websockets into a stream.
func (s *sourceFlags) registerOnly(fs *flag.FlagSet, kinds []sourceKind) {
	s.kinds = kinds
	for _, k := range s.kinds {
		k.register(fs)
	}
	fs.Func("config", "", func(v string) error { s.config, s.configSet = v, true; return nil })
}

// chosen is the kind the flags name, nil when none does.
func (s *sourceFlags) chosen() sourceKind {
	for _, k := range s.kinds {
		if k.given() {
			return k
		}
	}
	return nil
}

// check refuses flags that do not go together: two sources, or a kind's own.
func (s *sourceFlags) check() error {
	var given []sourceKind
	for _, k := range s.kinds {
		if k.given() {
			given = append(given, k)
		}
	}
	if len(given) > 1 {
		return usagef("--file, --ws and --nats exclude each other")
	}
	for _, k := range s.kinds {
		if err := k.check(); err != nil {
			return err
		}
	}
	return nil
}

// mergeSource takes the config's [source] when no flag names a source.
func (s *sourceFlags) mergeSource(c *sourceConfig, set map[string]bool) {
	for _, k := range s.kinds {
		k.merge(c, set)
	}
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

// build makes the source the flags name; nil when they name none. A file is opened now, so that
// a missing one is an error before any screen is drawn.
func (s *sourceFlags) build(e *env, loc *time.Location, cfg *config) (*opened, error) {
	k := s.chosen()
	if k == nil {
		return nil, nil
	}
	dec, err := decoder(cfg, loc)
	if err != nil {
		return nil, err
	}
	dec.Skip = s.need.skip
	return k.build(e, dec, cfg, s.need)
}

// sourceFlag says whether a flag of a source was given on the command line.
func sourceFlagSet(set map[string]bool) bool { return set["file"] || set["ws"] || set["nats"] }

// journalOf is where the dashboard of the chosen source keeps its alerts by default:
// $XDG_STATE_HOME/npsboard/alerts/NAME-HASH.jsonl, one journal per source, so that opening a
// file never shows another feed's alerts. "" when no source is chosen or there is no home.
func (s *sourceFlags) journalOf(getenv func(string) string) string {
	k := s.chosen()
	if k == nil {
		return ""
	}
	return journalPath(getenv, k)
}

func journalPath(getenv func(string) string, k sourceKind) string {
	name, identity := k.journal()
	sum := sha256.Sum256([]byte(identity))
	return xdgFile(getenv, "XDG_STATE_HOME", filepath.Join(".local", "state"),
		filepath.Join("alerts", journalSlug(name)+"-"+hex.EncodeToString(sum[:4])+".jsonl"))
}

// journalSlug keeps a name readable in a file name on every system: letters, digits, dots,
// dashes and underscores, at most 48 bytes.
func journalSlug(name string) string {
	b := []byte(name)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b[:min(len(b), 48)])
}
