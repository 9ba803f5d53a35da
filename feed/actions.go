package feed

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/npsboard/npsboard/model"
)

// ActionJSON is an action as dashboards share it through a relay, and keep it in their state
// journal.
type ActionJSON struct {
	Seq     int64     `json:"seq,omitempty"`
	Recv    time.Time `json:"recv,omitzero"`
	Action  string    `json:"action"`
	Alert   string    `json:"alert"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
	Owner   string    `json:"owner,omitempty"`
	Note    string    `json:"note,omitempty"`
	Outcome string    `json:"outcome,omitempty"`
}

// ActionToJSON is an action's JSON form.
func ActionToJSON(a *model.Action) *ActionJSON {
	return &ActionJSON{Action: string(a.Kind), Alert: a.Alert, By: a.By, At: a.At.UTC(), Owner: a.Owner, Note: a.Note, Outcome: a.Outcome}
}

// ToAction is the action a line says, its text cleaned as any text from outside is, and checked.
// Its error is a Problem, with the reason a receiver counts it under.
func (j *ActionJSON) ToAction() (model.Action, error) {
	a := model.Action{Kind: model.ActionKind(j.Action), Alert: Clean(j.Alert, false), By: Clean(j.By, false), At: model.Instant(j.At),
		Owner: Clean(j.Owner, false), Note: Clean(j.Note, true), Outcome: Clean(j.Outcome, false)}
	err := a.Check()
	if err == nil {
		return a, nil
	}
	reason := MissingField
	switch {
	case errors.Is(err, model.ErrActionKind):
		reason = BadAction
	case errors.Is(err, model.ErrActionTime):
		reason = BadTime
	case errors.Is(err, model.ErrActionTooLong):
		reason = TooLong
	}
	return a, Problem{Reason: reason, Detail: err.Error()}
}

// AppendActionJSON appends an action as one JSON object, with a relay's sequence number and
// receipt time when seq is above zero.
func AppendActionJSON(b []byte, seq int64, recv time.Time, a *model.Action) []byte {
	j := ActionToJSON(a)
	if seq > 0 {
		j.Seq, j.Recv = seq, recv.UTC()
	}
	out, _ := json.Marshal(j)
	return append(b, out...)
}

// ParseAction reads an action, and its sequence number if it has one. Its error is a Problem:
// bad_json, bad_action for an unknown kind, bad_time, too_long, or missing_field.
func ParseAction(text string) (model.Action, int64, error) {
	var j ActionJSON
	if err := json.Unmarshal([]byte(text), &j); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return model.Action{}, 0, problem(MissingField, "an action whose %s is not %s", te.Field, te.Type)
		}
		var pe *time.ParseError
		if errors.As(err, &pe) || strings.HasPrefix(err.Error(), "Time.UnmarshalJSON") {
			return model.Action{}, 0, problem(BadTime, "an action whose time is not an RFC 3339 date-time")
		}
		return model.Action{}, 0, problem(BadJSON, "not valid JSON")
	}
	a, err := j.ToAction()
	return a, j.Seq, err
}

// IsAction says whether a record is an action (it has a top-level "action" member) rather than
// a response.
func IsAction(text string) bool {
	if !strings.Contains(text, `"action"`) {
		return false // the key's name, quoted, is not even there: most records, found at once
	}
	found := false
	scanObject(text, func(key string, _ bool, v value) {
		found = found || key == "action" && v.kind == kString
	})
	return found
}
