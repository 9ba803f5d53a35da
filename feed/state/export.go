package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
)

// The export format: an alert as npsboard writes it in the state journal and in `npsboard alerts`,
// and the lines of the state journal.

// AlertJSON is an alert as npsboard writes it: in the state journal, in `npsboard alerts
// --json`, and in its CSV (the same names, as columns).
type AlertJSON struct {
	ID             string     `json:"id"`
	Rule           string     `json:"rule"`
	Severity       string     `json:"severity"`
	State          string     `json:"state"`
	ResponseID     string     `json:"response_id"`
	Queue          string     `json:"queue"`
	Agent          string     `json:"agent"`
	Customer       string     `json:"customer"`
	Score          *int       `json:"score"`
	Why            string     `json:"why"`
	Facts          *FactsJSON `json:"facts,omitempty"`  // what Why is made of, beyond rule, queue, agent
	Reason         string     `json:"reason,omitempty"` // the words of an older journal, which kept no facts
	RaisedAt       time.Time  `json:"raised_at"`
	Due            *time.Time `json:"due"`
	Owner          string     `json:"owner"`
	AcknowledgedBy string     `json:"acknowledged_by"`
	AcknowledgedAt *time.Time `json:"acknowledged_at"`
	ResolvedBy     string     `json:"resolved_by"`
	ResolvedAt     *time.Time `json:"resolved_at"`
	Note           string     `json:"note"`
	Outcome        string     `json:"outcome"`
	Joined         int        `json:"joined"` // the customer's later responses in the case
	ClearedAt      *time.Time `json:"cleared_at"`
	Cleared        string     `json:"cleared"`
	// Response is the whole response that raised the alert, in the state journal only.
	Response json.RawMessage `json:"response,omitempty"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func timeOf(p *time.Time) time.Time {
	if p == nil {
		return time.Time{}
	}
	return *p
}

// ToJSON is an alert's JSON form, for the records.
func ToJSON(a *model.Alert) AlertJSON {
	j := AlertJSON{ID: a.ID, Rule: a.Rule, Severity: a.Severity.String(), State: a.State.String(), Queue: a.Queue, Agent: a.Agent,
		Why: a.Why(), Facts: factsToJSON(a.Facts), Reason: a.Reason, RaisedAt: a.RaisedAt.UTC(), Due: timePtr(a.Due), Owner: a.Owner(), AcknowledgedBy: a.AckBy(),
		AcknowledgedAt: timePtr(a.AckAt()), ResolvedBy: a.ResolvedBy(), ResolvedAt: timePtr(a.ResolvedAt()), Note: a.Note(), Outcome: a.Outcome(), Joined: len(a.Joined()),
		ClearedAt: timePtr(a.ClearedAt()), Cleared: a.Cleared()}
	if r := a.Response; r != nil {
		j.ResponseID, j.Customer = r.ID, r.Customer
		score := int(r.Score)
		j.Score = &score
	}
	return j
}

// FromJSON reads an alert back from its JSON form, as it was raised: what was done about it
// comes back by the actions, and its clearing by its own event.
func FromJSON(j *AlertJSON) (*model.Alert, error) {
	sev, err := model.ParseSeverity(j.Severity)
	if err != nil {
		return nil, fmt.Errorf("alert %s: severity %q: %w", j.ID, j.Severity, err)
	}
	facts, err := j.Facts.facts()
	if err != nil {
		return nil, fmt.Errorf("alert %s: %w", j.ID, err)
	}
	a := &model.Alert{ID: j.ID, Rule: j.Rule, Severity: sev, Queue: j.Queue, Agent: j.Agent, Facts: facts.Ref(), Reason: j.Reason,
		RaisedAt: j.RaisedAt, Due: timeOf(j.Due)}
	if len(j.Response) > 0 {
		var r model.Response
		if p := (&feed.Decoder{}).DecodeJSON(string(j.Response), 0, &r); !p.OK() {
			return nil, fmt.Errorf("alert %s: its response: %s", j.ID, p.Detail)
		}
		a.Response = &r
	}
	return a, nil
}

// stateLine is a line of the state journal: an alert raised, cleared, acted on, or a customer's
// response joining their case.
type stateLine struct {
	Raise *AlertJSON `json:"raise,omitempty"`
	Clear *clearJSON `json:"clear,omitempty"`
	Join  *joinJSON  `json:"join,omitempty"`
	*feed.ActionJSON
}

// joinJSON is a customer's later response joining their case, with the rule, severity and facts
// it has by itself.
type joinJSON struct {
	Alert    string          `json:"alert"`
	Rule     string          `json:"rule"`
	Severity string          `json:"severity"`
	Facts    *FactsJSON      `json:"facts,omitempty"`
	Response json.RawMessage `json:"response"`
}

// clearJSON says a queue alert's condition ended, and how the queue stood.
type clearJSON struct {
	Alert string     `json:"alert"`
	At    time.Time  `json:"at"`
	Facts *FactsJSON `json:"facts,omitempty"`
	Why   string     `json:"why,omitempty"` // the words of an older journal, which kept no facts
}

// parseStateLine reads a line of the state journal (its seal, if it has one, is ignored: it
// is an unknown member to JSON).
func parseStateLine(line string) (model.AlertEvent, error) {
	l := stateLine{ActionJSON: &feed.ActionJSON{}} // json cannot allocate an unexported embedded type
	if err := json.Unmarshal([]byte(line), &l); err != nil {
		return model.AlertEvent{}, err
	}
	switch {
	case l.Raise != nil:
		a, err := FromJSON(l.Raise)
		return model.AlertEvent{Raised: a}, err
	case l.Clear != nil:
		facts, err := l.Clear.Facts.facts()
		return model.AlertEvent{Cleared: &model.Cleared{Alert: l.Clear.Alert, At: l.Clear.At, Facts: facts, Why: l.Clear.Why}}, err
	case l.Join != nil:
		return parseJoin(l.Join)
	case l.Action != "":
		a, err := l.ActionJSON.ToAction()
		return model.AlertEvent{Action: &a}, err
	}
	return model.AlertEvent{}, errors.New("a line that is no event")
}

func parseJoin(j *joinJSON) (model.AlertEvent, error) {
	sev, err := model.ParseSeverity(j.Severity)
	if err != nil {
		return model.AlertEvent{}, fmt.Errorf("a join to %s: severity %q: %w", j.Alert, j.Severity, err)
	}
	facts, err := j.Facts.facts()
	if err != nil {
		return model.AlertEvent{}, fmt.Errorf("a join to %s: %w", j.Alert, err)
	}
	var r model.Response
	if p := (&feed.Decoder{}).DecodeJSON(string(j.Response), 0, &r); !p.OK() {
		return model.AlertEvent{}, fmt.Errorf("a join to %s: its response: %s", j.Alert, p.Detail)
	}
	if !model.IsCase(j.Rule) || j.Alert == "" {
		return model.AlertEvent{}, fmt.Errorf("a join to %q by rule %q, which opens no case", j.Alert, j.Rule)
	}
	return model.AlertEvent{Joined: &model.Joined{Alert: feed.Clean(j.Alert, false), Rule: j.Rule, Severity: sev, Facts: facts, Response: &r}}, nil
}

// appendStateLine appends an event's line, and says whether it could: an event whose times no
// journal could read back is not written.
func appendStateLine(b []byte, ev model.AlertEvent) ([]byte, bool) {
	var l stateLine
	switch {
	case !writable(ev):
		return b, false
	case ev.Raised != nil:
		return appendRaiseLine(b, ev.Raised), true
	case ev.Cleared != nil:
		l.Clear = &clearJSON{Alert: ev.Cleared.Alert, At: ev.Cleared.At.UTC(), Facts: factsToJSON(&ev.Cleared.Facts), Why: ev.Cleared.Why}
	case ev.Action != nil:
		l.ActionJSON = feed.ActionToJSON(ev.Action)
	case ev.Joined != nil:
		j := ev.Joined
		l.Join = &joinJSON{Alert: j.Alert, Rule: j.Rule, Severity: j.Severity.String(), Facts: factsToJSON(&j.Facts),
			Response: feed.AppendJSON(nil, j.Response)}
	default:
		return b, true // nothing to keep
	}
	out, err := json.Marshal(l)
	if err != nil {
		return b, false
	}
	return append(append(b, out...), '\n'), true
}

// writable says whether every instant of an event can be written and read back: RFC 3339
// holds the years 0 to 9999 (what is taken in is narrower; what is derived, such as a
// deadline, stays within these).
func writable(ev model.AlertEvent) bool {
	ok := func(ts ...time.Time) bool {
		for _, t := range ts {
			if y := t.UTC().Year(); !t.IsZero() && (y < 1 || y > 9999) {
				return false
			}
		}
		return true
	}
	switch {
	case ev.Raised != nil:
		return ok(ev.Raised.RaisedAt, ev.Raised.Due) && (ev.Raised.Response == nil || model.InRange(ev.Raised.Response.Time))
	case ev.Cleared != nil:
		return ok(ev.Cleared.At)
	case ev.Action != nil:
		return ok(ev.Action.At)
	case ev.Joined != nil:
		return ev.Joined.Response != nil && model.InRange(ev.Joined.Response.Time)
	}
	return true
}

// appendRaiseLine appends the journal's line for an alert raised: what is known of it when it
// is raised and no more, for the dashboard goes on changing the rest meanwhile. (Written by
// hand: a day's backfill raises hundreds of thousands, and encoding/json takes 3 µs each.)
func appendRaiseLine(b []byte, a *model.Alert) []byte {
	b = append(b, `{"raise":{"id":`...)
	b = feed.AppendString(b, a.ID)
	b = append(b, `,"rule":`...)
	b = feed.AppendString(b, a.Rule)
	b = append(b, `,"severity":"`...)
	b = append(b, a.Severity.String()...)
	b = append(b, `","state":"new","queue":`...)
	b = feed.AppendString(b, a.Queue)
	b = append(b, `,"agent":`...)
	b = feed.AppendString(b, a.Agent)
	if a.Facts != nil {
		b = append(b, `,"facts":`...)
		b = appendFacts(b, a.Facts)
	}
	if a.Reason != "" {
		b = append(b, `,"reason":`...)
		b = feed.AppendString(b, a.Reason)
	}
	b = append(b, `,"raised_at":"`...)
	b = a.RaisedAt.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	if !a.Due.IsZero() {
		b = append(b, `,"due":"`...)
		b = a.Due.UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
	}
	if r := a.Response; r != nil {
		b = append(b, `,"response_id":`...)
		b = feed.AppendString(b, r.ID)
		b = append(b, `,"response":`...)
		b = feed.AppendJSON(b, r)
	}
	return append(b, "}}\n"...)
}
