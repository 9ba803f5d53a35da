package model

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Severity is how urgent an alert is.
type Severity uint8

const (
	Low Severity = iota
	Medium
	High
)

var severityNames = [...]string{Low: "low", Medium: "medium", High: "high"}

func (s Severity) String() string { return severityNames[s] }

// ParseSeverity reads a severity's name.
func ParseSeverity(name string) (Severity, error) {
	for s, n := range severityNames {
		if n == name {
			return Severity(s), nil
		}
	}
	return 0, fmt.Errorf("want high, medium or low")
}

// AlertState is where an alert is in its life: new, acknowledged (someone is on it), resolved
// (what was done is recorded). A resolved alert can be reopened.
type AlertState uint8

const (
	StateNew AlertState = iota
	StateAcknowledged
	StateResolved
)

var stateNames = [...]string{StateNew: "new", StateAcknowledged: "acknowledged", StateResolved: "resolved"}

func (s AlertState) String() string { return stateNames[s] }

// The rules that raise alerts.
const (
	RuleDetractor   = "detractor"    // a response of 0 to 6
	RuleBelowTarget = "below_target" // a queue clearly below its target
	RuleSpike       = "spike"        // a queue's detractors rising significantly
	RuleStreak      = "streak"       // an agent's detractors in a row
)

// Alert is something a supervisor should act on: an unhappy customer to call back, a queue
// going bad.
type Alert struct {
	ID       string // the same on every dashboard that sees the same responses
	Rule     string
	Severity Severity
	State    AlertState
	Queue    string
	Agent    string
	Response *Response // the response that raised it (response and streak alerts)
	Why      string    // in words: "Billing NPS -12 ±9 in the last 1h, below target +20"
	RaisedAt time.Time
	Due      time.Time // the follow-up deadline

	Owner      string
	AckBy      string
	AckAt      time.Time
	ResolvedBy string
	ResolvedAt time.Time
	Note       string

	// A queue alert clears itself when its condition ends: then it says when and why.
	ClearedAt time.Time
	Cleared   string

	// acts are the actions on the alert, in the order they were done: its state is theirs,
	// replayed, so that dashboards hearing of them in different orders agree.
	acts []Action

	queued bool // waits in the open tally's heap of deadlines
	late   bool // counted overdue in the open tally
}

// Open says the alert still wants someone: it is not resolved, and not cleared by itself.
func (a *Alert) Open() bool { return a.State != StateResolved && a.ClearedAt.IsZero() }

// Overdue says the follow-up deadline has passed on an open alert.
func (a *Alert) Overdue(now time.Time) bool { return a.Open() && !a.Due.IsZero() && now.After(a.Due) }

// ActionKind is what a supervisor does to an alert.
type ActionKind string

const (
	ActAcknowledge ActionKind = "acknowledge"
	ActAssign      ActionKind = "assign"
	ActResolve     ActionKind = "resolve"
	ActReopen      ActionKind = "reopen"
)

// Action is one thing done to an alert, by someone, at an instant. Actions are what dashboards
// share through a relay and keep in their state journal.
type Action struct {
	Kind  ActionKind
	Alert string // the alert's id
	By    string
	At    time.Time
	Owner string // for assign
	Note  string // for resolve: what was done
}

// Check says whether an action is well formed.
func (a *Action) Check() error {
	switch {
	case a.Alert == "":
		return fmt.Errorf("an action names no alert")
	case a.By == "":
		return fmt.Errorf("an action names nobody who did it")
	case a.At.IsZero():
		return fmt.Errorf("an action has no time")
	}
	switch a.Kind {
	case ActAcknowledge, ActResolve, ActReopen:
	case ActAssign:
		if a.Owner == "" {
			return fmt.Errorf("an assignment names no owner")
		}
	default:
		return fmt.Errorf("unknown action %q", a.Kind)
	}
	return nil
}

// Actions are the actions done to the alert, in order.
func (a *Alert) Actions() []Action { return a.acts }

// act records an action and replays all of them in the order they were done. It reports false
// for an action it already had (an echo from a relay).
func (a *Alert) act(act Action) bool {
	i, found := slices.BinarySearchFunc(a.acts, act, compareActions)
	if found {
		return false
	}
	a.acts = slices.Insert(a.acts, i, act)
	a.State, a.Owner, a.AckBy, a.AckAt, a.ResolvedBy, a.ResolvedAt, a.Note = StateNew, "", "", time.Time{}, "", time.Time{}, ""
	for k := range a.acts {
		a.Apply(&a.acts[k])
	}
	return true
}

// compareActions orders actions by when they were done, then by anything else, so that every
// dashboard orders them alike.
func compareActions(x, y Action) int {
	return cmp.Or(x.At.Compare(y.At), strings.Compare(x.By, y.By), strings.Compare(string(x.Kind), string(y.Kind)),
		strings.Compare(x.Owner, y.Owner), strings.Compare(x.Note, y.Note))
}

// Apply changes the alert as the action says. Acknowledging an acknowledged alert, or
// resolving a resolved one, keeps who did it first; reopening brings a resolved alert back to
// acknowledged if someone had, else new. Assigning a new alert acknowledges it for its owner.
func (a *Alert) Apply(act *Action) {
	switch act.Kind {
	case ActAcknowledge:
		if a.State == StateNew {
			a.State, a.AckBy, a.AckAt = StateAcknowledged, act.By, act.At
		}
	case ActAssign:
		a.Owner = act.Owner
		if a.State == StateNew {
			a.State, a.AckBy, a.AckAt = StateAcknowledged, act.By, act.At
		}
	case ActResolve:
		if a.State != StateResolved {
			a.State, a.ResolvedBy, a.ResolvedAt, a.Note = StateResolved, act.By, act.At, act.Note
			if a.AckBy == "" {
				a.AckBy, a.AckAt = act.By, act.At
			}
		}
	case ActReopen:
		if a.State == StateResolved {
			a.State = StateNew
			if a.AckBy != "" {
				a.State = StateAcknowledged
			}
			a.ResolvedBy, a.ResolvedAt = "", time.Time{}
		}
	}
}
