package jet

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
)

// DefaultStream is the stream's name unless told otherwise.
const DefaultStream = "NPSBOARD"

// DefaultMaxAge is how long the stream keeps a response unless told otherwise: a quarter, so
// that a report can look back over one, and the dashboard's longest window (31 days) is three
// times over.
const DefaultMaxAge = 90 * 24 * time.Hour

// MaxReplicas is the most copies JetStream keeps of a stream.
const MaxReplicas = 5

// StreamSpec is the stream npsboard publishes to.
type StreamSpec struct {
	Name     string        // DefaultStream when empty
	Prefix   string        // DefaultPrefix when empty
	MaxAge   time.Duration // DefaultMaxAge when zero
	Replicas int           // 1 when zero; 3 on a cluster of three, to survive the loss of one
}

func (s StreamSpec) withDefaults() StreamSpec {
	if s.Name == "" {
		s.Name = DefaultStream
	}
	if s.Prefix == "" {
		s.Prefix = DefaultPrefix
	}
	if s.MaxAge == 0 {
		s.MaxAge = DefaultMaxAge
	}
	if s.Replicas == 0 {
		s.Replicas = 1
	}
	return s
}

// Check refuses a spec JetStream would refuse, with words a person can act on.
func (s StreamSpec) Check() error {
	s = s.withDefaults()
	switch {
	case !validName(s.Name):
		return fmt.Errorf("the stream name %q: want letters, digits, '-' and '_'", s.Name)
	case s.Replicas < 1 || s.Replicas > MaxReplicas:
		return fmt.Errorf("%d replicas: want 1 to %d", s.Replicas, MaxReplicas)
	case s.MaxAge < model.DedupWindow:
		return fmt.Errorf("keeping responses %v: want at least %v, the window in which a response sent twice is told", s.MaxAge, model.DedupWindow)
	}
	return ValidPrefix(s.Prefix)
}

func validName(name string) bool { return name != "" && len(name) <= 64 && Token(name) == name }

// config is the stream's JetStream configuration. Its duplicate window is the relay's: a
// response sent again within two days (a retry, a replayed file) is stored once.
func (s StreamSpec) config() jetstream.StreamConfig {
	return jetstream.StreamConfig{
		Name:        s.Name,
		Description: "npsboard: survey responses, one subject per site and queue",
		Subjects:    []string{s.Prefix + ".>"},
		Retention:   jetstream.LimitsPolicy,
		MaxAge:      s.MaxAge,
		Duplicates:  model.DedupWindow,
		Replicas:    s.Replicas,
		Storage:     jetstream.FileStorage,
		Discard:     jetstream.DiscardOld,
		MaxMsgSize:  feed.MaxLine,
	}
}

// EnsureStream finds the stream, or creates it. A stream that exists keeps its settings (an
// operator may have changed its replicas or its age), except a duplicate window shorter than
// the relay's, which is lengthened; one that does not take the prefix's subjects is an error.
func EnsureStream(ctx context.Context, js jetstream.JetStream, spec StreamSpec) (jetstream.Stream, error) {
	if err := spec.Check(); err != nil {
		return nil, err
	}
	spec = spec.withDefaults()
	st, err := js.Stream(ctx, spec.Name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		st, err = js.CreateStream(ctx, spec.config())
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) { // another publisher made it first
			st, err = js.Stream(ctx, spec.Name)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("the stream %s: %w", spec.Name, err)
	}
	cfg := st.CachedInfo().Config
	if !slices.Contains(cfg.Subjects, spec.Prefix+".>") {
		return nil, fmt.Errorf("the stream %s exists and takes %v, not %s.>: name another stream (--stream) or another prefix",
			spec.Name, cfg.Subjects, spec.Prefix)
	}
	if cfg.Duplicates < model.DedupWindow {
		cfg.Duplicates = model.DedupWindow
		if st, err = js.UpdateStream(ctx, cfg); err != nil {
			return nil, fmt.Errorf("the stream %s: lengthening its duplicate window to %v: %w", spec.Name, model.DedupWindow, err)
		}
	}
	return st, nil
}
