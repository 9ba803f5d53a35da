package jet

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
)

// DefaultBucket is the key-value bucket of the cases unless told otherwise.
const DefaultBucket = "npsboard-cases"

// BucketSpec is the bucket where dashboards share their cases: one key per case, holding the
// case's id, when it was raised, and every action done to it.
type BucketSpec struct {
	Name     string        // DefaultBucket when empty
	TTL      time.Duration // how long a case no one touches is kept: 35 days when zero
	Replicas int           // when zero, those of Stream (a bucket as safe as the responses), else 1
	Stream   string        // the stream of the responses
}

func (b BucketSpec) withDefaults() BucketSpec {
	if b.Name == "" {
		b.Name = DefaultBucket
	}
	if b.TTL == 0 {
		b.TTL = 35 * 24 * time.Hour
	}
	return b
}

// caseRecord is a case as the bucket keeps it.
type caseRecord struct {
	Alert   string             `json:"alert"`
	Raised  time.Time          `json:"raised,omitzero"`
	Actions []*feed.ActionJSON `json:"actions"`
}

// MaxCaseBytes is the largest value of a case: its thousand actions, at most, with their notes.
const MaxCaseBytes = 1 << 20

// Cases is the shared state of the cases, in a JetStream key-value bucket. Raising a case
// creates its key (two dashboards raising the same case make one); an action updates it with
// the revision this dashboard last saw, so that two supervisors acting at once are told apart:
// the second is told, and the first's action is there for it to see. Neither action is lost:
// every dashboard applies a case's actions in the order they were done, as through a relay.
type Cases struct {
	js   jetstream.JetStream
	spec BucketSpec
	// Told hears what a person must know of their action: that someone else acted on the case
	// a moment before, or that it could not be shared.
	Told func(string)
	// Bad counts values and actions in the bucket that no dashboard wrote, skipped.
	Bad atomic.Int64
	// Location is the zone times are told in: the display's.
	Location *time.Location

	mu   sync.Mutex
	kv   jetstream.KeyValue  // found or made at the first use: the servers may not be up yet
	revs map[string]seenCase // what this dashboard last saw of each case
}

// maxSeenCases bounds the revisions remembered. Past it they are forgotten all at once: the
// next action on a forgotten case is added to its newest revision, and tells of nobody before.
const maxSeenCases = 200_000

// seenCase is a revision of a case seen here. A case's actions are only ever added to, so the
// first n of a later revision are those seen.
type seenCase struct {
	rev uint64
	n   int
}

// NewCases shares cases through the bucket of spec, which is found, or made, when first used.
func NewCases(js jetstream.JetStream, spec BucketSpec) (*Cases, error) {
	spec = spec.withDefaults()
	if !validName(spec.Name) {
		return nil, fmt.Errorf("the bucket name %q: want letters, digits, '-' and '_'", spec.Name)
	}
	if spec.Replicas < 0 || spec.Replicas > MaxReplicas {
		return nil, fmt.Errorf("%d replicas: want 1 to %d", spec.Replicas, MaxReplicas)
	}
	return &Cases{js: js, spec: spec, Told: func(string) {}, revs: map[string]seenCase{}}, nil
}

// bucket finds the bucket, or makes it.
func (c *Cases) bucket(ctx context.Context) (jetstream.KeyValue, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kv != nil {
		return c.kv, nil
	}
	kv, err := c.js.KeyValue(ctx, c.spec.Name)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		replicas := c.spec.Replicas
		if replicas == 0 {
			replicas = 1
			if st, err := c.js.Stream(ctx, cmp.Or(c.spec.Stream, DefaultStream)); err == nil {
				replicas = st.CachedInfo().Config.Replicas
			}
		}
		kv, err = c.js.CreateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: c.spec.Name, Description: "npsboard: cases and what was done about them",
			History: 1, TTL: c.spec.TTL, MaxValueSize: MaxCaseBytes, Storage: jetstream.FileStorage, Replicas: replicas})
		if errors.Is(err, jetstream.ErrBucketExists) {
			kv, err = c.js.KeyValue(ctx, c.spec.Name)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("the bucket %s: %w", c.spec.Name, err)
	}
	c.kv = kv
	return kv, nil
}

// Key is a case's key in the bucket: its id with every byte but letters, digits, '-' and '_'
// written =XX, as keys take only a few more.
func Key(alert string) string { return strings.ReplaceAll(Token(alert), "~", "=") }

// seen is what this dashboard last saw of a case: its revision and how many actions it had.
func (c *Cases) seen(key string) seenCase {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.revs[key]
}

// saw notes a revision of a case seen here; an older one changes nothing.
func (c *Cases) saw(key string, rev uint64, actions int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.revs) >= maxSeenCases { // a wall up for months: what is forgotten only costs a notice
		clear(c.revs)
	}
	if rev > c.revs[key].rev {
		c.revs[key] = seenCase{rev, actions}
	}
}

// Raise makes the cases' keys; one that another dashboard made first is left as it is.
func (c *Cases) Raise(alerts []*model.Alert) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	kv, err := c.bucket(ctx)
	if err != nil {
		return err
	}
	for _, a := range alerts {
		rec := caseRecord{Alert: a.ID, Raised: a.RaisedAt.UTC(), Actions: []*feed.ActionJSON{}}
		body, _ := json.Marshal(rec)
		rev, err := kv.Create(ctx, Key(a.ID), body)
		switch {
		case errors.Is(err, jetstream.ErrKeyExists):
		case err != nil:
			return err
		default:
			c.saw(Key(a.ID), rev, 0)
		}
	}
	return nil
}

// Post shares actions: each is added to its case at the revision this dashboard last saw.
// When the case moved on meanwhile, the action is added to the newer revision (it is not
// lost), and Told says who acted first. An error means the bucket could not be reached: the
// actions are to be posted again (an action already there is not added twice).
func (c *Cases) Post(acts []model.Action) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	kv, err := c.bucket(ctx)
	if err != nil {
		return err
	}
	for i := range acts {
		if err := c.post(ctx, kv, &acts[i]); err != nil {
			return err
		}
	}
	return nil
}

func (c *Cases) post(ctx context.Context, kv jetstream.KeyValue, act *model.Action) error {
	key := Key(act.Alert)
	seen := c.seen(key)
	j := feed.ActionToJSON(act)
	told := false
	for range 5 {
		rec, rev, err := latest(ctx, kv, key, act.Alert)
		if err != nil {
			return err
		}
		for _, had := range rec.Actions {
			if actionKey(had) == actionKey(j) {
				return nil // already shared
			}
		}
		// What others did since this dashboard last saw the case: the person hears of the
		// first of it, once; their action goes after it.
		if rev != seen.rev && !told {
			for _, a := range rec.Actions[min(seen.n, len(rec.Actions)):] {
				if a.By != act.By {
					c.Told(fmt.Sprintf("%s %s %s at %s, a moment before you; yours was added after",
						feed.Clean(a.By, false), pastTense(a.Action), feed.Clean(act.Alert, false), a.At.In(cmp.Or(c.Location, time.Local)).Format("15:04:05")))
					told = true
					break
				}
			}
		}
		if len(rec.Actions) >= model.MaxActionsPerAlert {
			c.Told(fmt.Sprintf("%s has %d actions, the most a case keeps: yours was not shared", feed.Clean(act.Alert, false), model.MaxActionsPerAlert))
			return nil
		}
		body, _ := json.Marshal(caseRecord{Alert: rec.Alert, Raised: rec.Raised, Actions: append(rec.Actions, j)})
		var newRev uint64
		if rev == 0 {
			newRev, err = kv.Create(ctx, key, body)
		} else {
			newRev, err = kv.Update(ctx, key, body, rev)
		}
		if err == nil {
			c.saw(key, newRev, len(rec.Actions)+1)
			return nil
		}
		if !errors.Is(err, jetstream.ErrKeyRevisionMismatch) && !errors.Is(err, jetstream.ErrKeyExists) {
			return err
		}
		seen = seenCase{rev, len(rec.Actions)} // what changed between the read and the write is news too
	}
	return fmt.Errorf("%s changed five times while an action was being added: it will be tried again", feed.Clean(act.Alert, false))
}

// latest is a case as the bucket has it now, and its revision; an empty case at revision 0
// when it has none. A value no dashboard wrote is replaced.
func latest(ctx context.Context, kv jetstream.KeyValue, key, alert string) (caseRecord, uint64, error) {
	e, err := kv.Get(ctx, key)
	switch {
	case errors.Is(err, jetstream.ErrKeyNotFound):
		return caseRecord{Alert: alert}, 0, nil
	case errors.Is(err, jetstream.ErrKeyDeleted):
		return caseRecord{Alert: alert}, 0, nil
	case err != nil:
		return caseRecord{}, 0, err
	}
	rec, perr := parseCase(e.Value())
	if perr != nil {
		rec = caseRecord{Alert: alert}
	}
	return rec, e.Revision(), nil
}

// actionKey tells one action from another, whatever the JSON's order or zone of its time.
func actionKey(a *feed.ActionJSON) string {
	return strings.Join([]string{a.Action, a.Alert, a.By, a.At.UTC().Format(time.RFC3339Nano), a.Owner, a.Note, a.Outcome}, "\x00")
}

func pastTense(kind string) string {
	switch kind {
	case string(model.ActAcknowledge):
		return "acknowledged"
	case string(model.ActAssign):
		return "assigned"
	case string(model.ActResolve):
		return "resolved"
	case string(model.ActReopen):
		return "reopened"
	}
	return "acted on"
}

// parseCase reads a case as the bucket holds it: anyone with write access to the bucket can
// put anything there, so its actions are checked as a relay's are.
func parseCase(b []byte) (caseRecord, error) {
	var rec caseRecord
	if len(b) > MaxCaseBytes {
		return rec, fmt.Errorf("a case of %d bytes", len(b))
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		return rec, err
	}
	if len(rec.Actions) > model.MaxActionsPerAlert {
		return rec, fmt.Errorf("a case of %d actions", len(rec.Actions))
	}
	for _, a := range rec.Actions {
		if a == nil {
			return rec, errors.New("a case with a null action")
		}
	}
	return rec, nil
}

// Watch delivers every case's actions to act: those already in the bucket (a dashboard that
// starts or comes back catches up), then each as it is added, until ctx ends or the watch
// fails. Actions this dashboard has are delivered too: the alerts tell an echo. A value no
// dashboard wrote, or an action that does not check, is counted in Bad and skipped.
func (c *Cases) Watch(ctx context.Context, act func(model.Action)) error {
	kv, err := c.bucket(ctx)
	if err != nil {
		return err
	}
	w, err := kv.WatchAll(ctx)
	if err != nil {
		return err
	}
	defer w.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case e, ok := <-w.Updates():
			if !ok {
				return errors.New("the watch of the cases ended")
			}
			if e == nil || e.Operation() != jetstream.KeyValuePut {
				continue // nil: the cases there were are all delivered
			}
			rec, err := parseCase(e.Value())
			if err != nil {
				c.Bad.Add(1)
				continue
			}
			c.saw(e.Key(), e.Revision(), len(rec.Actions))
			for _, j := range rec.Actions {
				a, err := j.ToAction()
				if err != nil {
					c.Bad.Add(1)
					continue
				}
				act(a)
			}
		}
	}
}
