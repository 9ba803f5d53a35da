package model

import (
	"cmp"
	"errors"
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
	RuleVIP         = "vip"          // a VIP customer's detractor
	RuleKeyword     = "keyword"      // a detractor whose comment holds a keyword
	RuleDetractor   = "detractor"    // a response of 0 to 6
	RulePromoter    = "promoter"     // a response of 9 or 10, to thank (when asked for)
	RuleBelowTarget = "below_target" // a queue clearly below its target
	RuleSpike       = "spike"        // a queue's detractors rising significantly
	RuleWorsening   = "worsening"    // a queue worse than its usual mix, by the sequential detector
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
	// Facts are what raised it, beyond its rule, queue and agent: the keyword or the VIP that
	// made a detractor's high, a streak's count and span, a queue's figures. Why says them.
	// Nil when there are none, as for most detractors' cases: a day of a big floor's cases is
	// a hundred thousand alerts, and facts are over a third of an alert's size. Figures reads
	// them; they are replaced whole (Facts.Ref), never written through.
	Facts *Facts
	// Reason is the words of an alert read from an older journal, which kept words, not
	// facts; empty otherwise.
	Reason   string
	RaisedAt time.Time
	Due      time.Time // the follow-up deadline

	// h is what was done about it, nil until something was: most alerts of a day's history
	// are never touched, and this is half an alert's size.
	h *handling

	queued bool // waits in the open tally's heap of deadlines
	late   bool // counted overdue in the open tally
}

// handling is who took an alert and what was done, or that it cleared itself.
type handling struct {
	owner, ackBy, resolvedBy, note, outcome string
	ackAt, resolvedAt                       time.Time
	// A queue alert clears itself when its condition ends: then it says when and how the
	// queue stood (an older journal's words in cleared).
	clearedAt    time.Time
	clearedFacts Facts
	cleared      string
	// acts are the actions on the alert, in the order they were done: its state is theirs,
	// replayed, so that dashboards hearing of them in different orders agree.
	acts []Action
	// joined are the customer's later responses, in the order they came.
	joined []*Response
}

var untouched handling

func (a *Alert) handled() *handling {
	if a.h == nil {
		return &untouched
	}
	return a.h
}

func (a *Alert) handling() *handling {
	if a.h == nil {
		a.h = new(handling)
	}
	return a.h
}

// Owner is who the alert was assigned to.
func (a *Alert) Owner() string { return a.handled().owner }

// AckBy and AckAt say who acknowledged the alert (or took it by an assignment), and when.
func (a *Alert) AckBy() string         { return a.handled().ackBy }
func (a *Alert) AckAt() time.Time      { return a.handled().ackAt }
func (a *Alert) ResolvedBy() string    { return a.handled().resolvedBy }
func (a *Alert) ResolvedAt() time.Time { return a.handled().resolvedAt }

// Joined are the customer's responses that joined the case after the one that opened it.
func (a *Alert) Joined() []*Response { return a.handled().joined }

// Note is what was done, as written when it was resolved.
func (a *Alert) Note() string { return a.handled().note }

// Outcome is what came of the case, as chosen when it was resolved.
func (a *Alert) Outcome() string { return a.handled().outcome }

// DefaultOutcomes are what can come of a case when the config names none.
var DefaultOutcomes = []string{"resolved_on_call", "no_answer", "refund", "escalated", "no_action_needed"}

// MaxOutcomes bounds a floor's list of outcomes: a key each, 1 to 9.
const MaxOutcomes = 9

// ClearedAt and Cleared say when a queue alert's condition ended, and how things stood.
func (a *Alert) ClearedAt() time.Time { return a.handled().clearedAt }
func (a *Alert) Cleared() string {
	h := a.handled()
	switch {
	case h.clearedAt.IsZero():
		return ""
	case h.cleared != "" && h.clearedFacts == (Facts{}):
		return h.cleared
	}
	return clearedWhy(a.Rule, a.Queue, &h.clearedFacts)
}

// isVIP says the case is a VIP customer's.
func (a *Alert) isVIP() int {
	if a.Facts != nil && a.Facts.VIP {
		return 1
	}
	return 0
}

// Taker is who has the alert in hand: its owner, else whoever acknowledged it.
func (a *Alert) Taker() string { return cmp.Or(a.Owner(), a.AckBy()) }

// ResponseAlertID is the id of the alert a detractor raises.
func ResponseAlertID(responseID string) string { return "r:" + responseID }

// Open says the alert still wants someone: it is not resolved, and not cleared by itself.
func (a *Alert) Open() bool { return a.State != StateResolved && a.handled().clearedAt.IsZero() }

// Overdue says the follow-up deadline has passed on an open alert.
func (a *Alert) Overdue(now time.Time) bool { return a.Open() && !a.Due.IsZero() && now.After(a.Due) }

// ActionKind is what a supervisor does to an alert.
type ActionKind string

const (
	ActAcknowledge ActionKind = "acknowledge"
	ActAssign      ActionKind = "assign"
	ActResolve     ActionKind = "resolve"
	ActReopen      ActionKind = "reopen"
	// actJoin is a customer's later detractor joining their case, in its history: never taken
	// from a relay or a journal as an action (Check refuses it), it comes from the response.
	actJoin ActionKind = "join"
)

// Action is one thing done to an alert, by someone, at an instant. Actions are what dashboards
// share through a relay and keep in their state journal.
type Action struct {
	Kind  ActionKind
	Alert string // the alert's id
	By    string
	At    time.Time
	Owner string // for assign
	Note  string // for resolve: what was done, in words
	// Outcome is, for resolve, what came of it, one of the floor's list (DefaultOutcomes):
	// what the loop's figures count.
	Outcome string

	within time.Duration // for a join: how soon after a resolution it reopens the case
}

// What can be wrong with an action, for Check's errors to wrap: a receiver counts each apart.
var (
	ErrActionIncomplete = errors.New("incomplete action")
	ErrActionKind       = errors.New("unknown action")
	ErrActionTime       = errors.New("action out of time")
	ErrActionTooLong    = errors.New("action too long")
)

// Check says whether an action is well formed.
func (a *Action) Check() error {
	switch a.Kind {
	case ActAcknowledge, ActResolve, ActReopen, ActAssign:
	default:
		return fmt.Errorf("%w %q: want acknowledge, assign, resolve or reopen", ErrActionKind, a.Kind)
	}
	switch {
	case a.Alert == "":
		return fmt.Errorf("%w: it names no alert", ErrActionIncomplete)
	case a.By == "":
		return fmt.Errorf("%w: it names nobody who did it", ErrActionIncomplete)
	case a.At.IsZero():
		return fmt.Errorf("%w: it has no time", ErrActionIncomplete)
	case a.Kind == ActAssign && a.Owner == "":
		return fmt.Errorf("%w: an assignment names no owner", ErrActionIncomplete)
	case !InRange(a.At):
		return fmt.Errorf("%w: stamped %s, outside the years %d to %d", ErrActionTime, a.At.UTC().Format(time.RFC3339), MinTime.Year(), MaxTime.Year())
	case a.Kind == ActResolve && a.Outcome == "" && a.Note == "":
		return fmt.Errorf("%w: a resolution says neither its outcome nor what was done", ErrActionIncomplete)
	case len(a.Alert) > MaxAlertID || len(a.By) > MaxName || len(a.Owner) > MaxName || len(a.Note) > MaxNote || len(a.Outcome) > MaxName:
		return fmt.Errorf("%w: an alert id holds at most %d bytes, a name %d, a note %d", ErrActionTooLong, MaxAlertID, MaxName, MaxNote)
	}
	return nil
}

// Actions are the actions done to the alert, in order.
func (a *Alert) Actions() []Action { return a.handled().acts }

// actDone says what became of an action: applied (or waiting), an echo of one already had,
// or refused for want of room.
type actOutcome uint8

const (
	actDone actOutcome = iota
	actEcho
	actRefused
)

// act records an action and applies it in the order actions were done. One done after the
// others (by far the most) is applied alone; one that belongs before some of them makes all be
// replayed in order, so that dashboards hearing of them in different orders agree. An alert
// holds at most MaxActionsPerAlert: the cost of an action is bounded too.
func (a *Alert) act(act Action) actOutcome {
	h := a.handling()
	n := len(h.acts)
	if n == 0 || compareActions(act, h.acts[n-1]) > 0 {
		if n >= MaxActionsPerAlert {
			return actRefused
		}
		h.acts = append(h.acts, act)
		a.apply(&h.acts[n])
		return actDone
	}
	i, found := slices.BinarySearchFunc(h.acts, act, compareActions)
	switch {
	case found:
		return actEcho
	case n >= MaxActionsPerAlert:
		return actRefused
	}
	h.acts = slices.Insert(h.acts, i, act)
	a.State, h.owner, h.ackBy, h.ackAt, h.resolvedBy, h.resolvedAt, h.note, h.outcome = StateNew, "", "", time.Time{}, "", time.Time{}, "", ""
	for k := range h.acts {
		a.apply(&h.acts[k])
	}
	return actDone
}

// compareActions orders actions by when they were done, then by anything else, so that every
// dashboard orders them alike.
func compareActions(x, y Action) int {
	return cmp.Or(x.At.Compare(y.At), strings.Compare(x.By, y.By), strings.Compare(string(x.Kind), string(y.Kind)),
		strings.Compare(x.Owner, y.Owner), strings.Compare(x.Note, y.Note), strings.Compare(x.Outcome, y.Outcome))
}

// apply changes the alert as the action says. Acknowledging an acknowledged alert, or
// resolving a resolved one, keeps who did it first; reopening brings a resolved alert back to
// acknowledged if someone had, else new. Assigning a new alert acknowledges it for its owner.
func (a *Alert) apply(act *Action) {
	h := a.handling()
	switch act.Kind {
	case ActAcknowledge:
		if a.State == StateNew {
			a.State, h.ackBy, h.ackAt = StateAcknowledged, act.By, act.At
		}
	case ActAssign:
		h.owner = act.Owner
		if a.State == StateNew {
			a.State, h.ackBy, h.ackAt = StateAcknowledged, act.By, act.At
		}
	case ActResolve:
		if a.State != StateResolved {
			a.State, h.resolvedBy, h.resolvedAt, h.note, h.outcome = StateResolved, act.By, act.At, act.Note, act.Outcome
			if h.ackBy == "" {
				h.ackBy, h.ackAt = act.By, act.At
			}
		}
	case actJoin:
		if a.State == StateResolved && act.At.After(h.resolvedAt) && act.At.Sub(h.resolvedAt) <= act.within {
			a.reopen(h)
		}
	case ActReopen:
		if a.State == StateResolved {
			a.reopen(h)
		}
	}
}

// reopen brings a resolved alert back to acknowledged if someone had, else new.
func (a *Alert) reopen(h *handling) {
	a.State = StateNew
	if h.ackBy != "" {
		a.State = StateAcknowledged
	}
	h.resolvedBy, h.resolvedAt = "", time.Time{}
}
