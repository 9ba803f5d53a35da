package feed

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/npsboard/npsboard/feed/journal"
	"github.com/npsboard/npsboard/model"
)

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
		Why: a.Why(), Facts: factsToJSON(&a.Facts), Reason: a.Reason, RaisedAt: a.RaisedAt.UTC(), Due: timePtr(a.Due), Owner: a.Owner(), AcknowledgedBy: a.AckBy(),
		AcknowledgedAt: timePtr(a.AckAt()), ResolvedBy: a.ResolvedBy(), ResolvedAt: timePtr(a.ResolvedAt()), Note: a.Note(),
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
	a := &model.Alert{ID: j.ID, Rule: j.Rule, Severity: sev, Queue: j.Queue, Agent: j.Agent, Facts: facts, Reason: j.Reason,
		RaisedAt: j.RaisedAt, Due: timeOf(j.Due)}
	if len(j.Response) > 0 {
		var r model.Response
		if p := (&Decoder{}).DecodeJSON(string(j.Response), 0, &r); !p.OK() {
			return nil, fmt.Errorf("alert %s: its response: %s", j.ID, p.Detail)
		}
		a.Response = &r
	}
	return a, nil
}

// actionJSON is an action as dashboards share it through a relay, and keep it.
type actionJSON struct {
	Seq    int64     `json:"seq,omitempty"`
	Recv   time.Time `json:"recv,omitzero"`
	Action string    `json:"action"`
	Alert  string    `json:"alert"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	Owner  string    `json:"owner,omitempty"`
	Note   string    `json:"note,omitempty"`
}

func actionToJSON(a *model.Action) *actionJSON {
	return &actionJSON{Action: string(a.Kind), Alert: a.Alert, By: a.By, At: a.At.UTC(), Owner: a.Owner, Note: a.Note}
}

// action is the action a line says, its text cleaned as any text from outside is, and checked.
// Its error is a Problem, with the reason a receiver counts it under.
func (j *actionJSON) action() (model.Action, error) {
	a := model.Action{Kind: model.ActionKind(j.Action), Alert: Clean(j.Alert, false), By: Clean(j.By, false), At: model.Instant(j.At),
		Owner: Clean(j.Owner, false), Note: Clean(j.Note, true)}
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
	j := actionToJSON(a)
	if seq > 0 {
		j.Seq, j.Recv = seq, recv.UTC()
	}
	out, _ := json.Marshal(j)
	return append(b, out...)
}

// ParseAction reads an action, and its sequence number if it has one. Its error is a Problem:
// bad_json, bad_action for an unknown kind, bad_time, too_long, or missing_field.
func ParseAction(text string) (model.Action, int64, error) {
	var j actionJSON
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
	a, err := j.action()
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

// stateLine is a line of the state journal: an alert raised, cleared, or acted on.
type stateLine struct {
	Raise *AlertJSON `json:"raise,omitempty"`
	Clear *clearJSON `json:"clear,omitempty"`
	*actionJSON
}

// clearJSON says a queue alert's condition ended, and how the queue stood.
type clearJSON struct {
	Alert string     `json:"alert"`
	At    time.Time  `json:"at"`
	Facts *FactsJSON `json:"facts,omitempty"`
	Why   string     `json:"why,omitempty"` // the words of an older journal, which kept no facts
}

// ErrStateInUse says another dashboard holds the state journal.
var ErrStateInUse = journal.ErrInUse

// StateJournal keeps a dashboard's alerts on disk: each event a JSON line, synced before it
// counts as kept, so that after a restart or a crash every acknowledgement, note and
// resolution is back.
type StateJournal struct {
	mu   sync.Mutex
	path string
	f    *os.File
	size int64
	buf  []byte
	// Torn counts the lines found broken at open (a crash during a write) and cut off.
	Torn int
	// Damaged counts the whole lines that read as no event (a hand's edit, a disk's fault, an
	// older npsboard's line): they are kept in the journal and passed over, and the first are
	// named in DamagedAt, so that one bad line never stops a dashboard saving.
	Damaged   int
	DamagedAt []string
	// Skipped counts the events Append could not write (a time no journal can read back): they
	// are set aside so that those after them are written.
	Skipped int
	// Archived is how many bytes of old lines went to the archive at open; CompactErr says
	// why they could not, if they could not.
	Archived   int64
	CompactErr error
}

// OpenState opens (or creates, with its directory) the state journal at path, for this process
// alone, and replays it through restore. What follows the last line end, a crash's, is cut off;
// a whole line that reads as no event is passed over and counted (Damaged).
func OpenState(path string, restore func(model.AlertEvent)) (*StateJournal, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	// One dashboard a journal: two would interleave their lines.
	f, err := journal.Open(path)
	if errors.Is(err, journal.ErrInUse) {
		return nil, fmt.Errorf("%w (give this one its own --state)", err)
	}
	if err != nil {
		return nil, err
	}
	j := &StateJournal{path: path, f: f}
	// Where the lines of each time start, one line in 64, for compacting.
	type mark struct {
		off int64
		at  time.Time
	}
	var marks []mark
	var newest time.Time
	n := 0
	off, torn, err := replayState(f, path, j.damaged, func(start int64, ev model.AlertEvent) {
		at := eventTime(ev)
		if at.After(newest) {
			newest = at
		}
		if n%64 == 0 {
			marks = append(marks, mark{start, at})
		}
		n++
		restore(ev)
	})
	if err == nil && torn {
		j.Torn++
		err = f.Truncate(off) // the next line must begin on a line of its own
	}
	if err == nil {
		_, err = f.Seek(off, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	j.size = off
	// Lines older than the alerts a dashboard keeps go to the archive, once there are many.
	cutoff := newest.Add(-(model.KeepOpen + 24*time.Hour))
	cut := int64(0)
	for _, m := range marks {
		if !m.at.Before(cutoff) {
			break
		}
		cut = m.off
	}
	if cut >= CompactOver {
		if err := j.compact(cut); err != nil {
			j.CompactErr = err // the journal goes on as it was: compacting is for later
		}
	}
	return j, nil
}

// CompactOver is how many bytes of old lines a state journal gathers before they are moved
// to its archive (PATH.archive) when it is opened: restarting reads only the recent ones.
var CompactOver int64 = 16 << 20

// eventTime is when an event happened.
func eventTime(ev model.AlertEvent) time.Time {
	switch {
	case ev.Raised != nil:
		return ev.Raised.RaisedAt
	case ev.Action != nil:
		return ev.Action.At
	case ev.Cleared != nil:
		return ev.Cleared.At
	}
	return time.Time{}
}

// compact moves the journal's first cut bytes to the archive, synced, then replaces the
// journal by its rest. A crash between the two leaves those lines in both: replaying an event
// twice changes nothing.
func (j *StateJournal) compact(cut int64) error {
	archive, err := os.OpenFile(j.path+".archive", os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(archive, io.NewSectionReader(j.f, 0, cut))
	if err == nil {
		err = archive.Sync()
	}
	if cerr := archive.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	tmp := j.path + ".tmp"
	rest, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(rest, io.NewSectionReader(j.f, cut, j.size-cut))
	if err == nil {
		err = rest.Sync()
	}
	if cerr := rest.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, j.path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if dir, err := os.Open(filepath.Dir(j.path)); err == nil {
		dir.Sync() // the rename itself is kept
		dir.Close()
	}
	f, err := os.OpenFile(j.path, os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	if err := journal.Lock(f); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		f.Close()
		return err
	}
	j.f.Close()
	j.f, j.size, j.Archived = f, j.size-cut, cut
	return nil
}

// ReadState replays the state journal at path, its archive first, through restore without
// taking it: a dashboard may be writing it. A last line being written (or broken by a crash)
// is left out; damaged lines are passed over and named in the error's place: it returns them.
func ReadState(path string, restore func(model.AlertEvent)) (damaged []string, err error) {
	note := func(where string) { damaged = append(damaged, where) }
	if err := readStateFile(path+".archive", note, restore); err != nil && !errors.Is(err, os.ErrNotExist) {
		return damaged, err
	}
	return damaged, readStateFile(path, note, restore)
}

func readStateFile(path string, damaged func(where string), restore func(model.AlertEvent)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file: a state journal must be one", path)
	}
	_, _, err = replayState(f, path, damaged, func(_ int64, ev model.AlertEvent) { restore(ev) })
	return err
}

// damaged counts a damaged line, and names the first few.
func (j *StateJournal) damaged(where string) {
	if j.Damaged++; len(j.DamagedAt) < 10 {
		j.DamagedAt = append(j.DamagedAt, where)
	}
}

// replayState reads events up to the last line end and reports where it ends, and whether
// bytes follow it (a line a crash cut short). A whole line that reads as no event is passed
// to damaged as "path:line: why".
func replayState(r io.Reader, path string, damaged func(where string), restore func(start int64, ev model.AlertEvent)) (end int64, torn bool, err error) {
	br := bufio.NewReaderSize(r, 256<<10)
	for n := 1; ; n++ {
		line, err := br.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return end, false, err
		}
		if !strings.HasSuffix(line, "\n") {
			return end, line != "", nil
		}
		if ev, perr := parseStateLine(line); perr != nil {
			damaged(fmt.Sprintf("%s:%d: %s", path, n, Clean(perr.Error(), false)))
		} else {
			restore(end, ev)
		}
		end += int64(len(line))
	}
}

func parseStateLine(line string) (model.AlertEvent, error) {
	l := stateLine{actionJSON: &actionJSON{}} // json cannot allocate an unexported embedded type
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
	case l.Action != "":
		a, err := l.action()
		return model.AlertEvent{Action: &a}, err
	}
	return model.AlertEvent{}, errors.New("a line that is no event")
}

// Append writes events and syncs them to disk. An event whose times no journal could read back
// is set aside and counted (Skipped), so that it never holds up those after it; an error is
// the disk's, and nothing of the events was kept.
func (j *StateJournal) Append(evs []model.AlertEvent) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.buf = j.buf[:0]
	for _, ev := range evs {
		var ok bool
		if j.buf, ok = appendStateLine(j.buf, ev); !ok {
			j.Skipped++
		}
	}
	if len(j.buf) == 0 {
		return nil
	}
	if _, err := j.f.Write(j.buf); err != nil {
		// Leave no half line behind (a full disk): the next write must begin a line.
		j.f.Truncate(j.size)
		j.f.Seek(j.size, io.SeekStart)
		return err
	}
	if err := j.f.Sync(); err != nil {
		return err
	}
	j.size += int64(len(j.buf))
	return nil
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
		l.actionJSON = actionToJSON(ev.Action)
	default:
		return b, true // nothing to keep
	}
	out, err := json.Marshal(l)
	if err != nil {
		return b, false
	}
	return append(append(b, out...), '\n'), true
}

// Skips is how many events Append has set aside (Skipped, read under the journal's lock).
func (j *StateJournal) Skips() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.Skipped
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
	}
	return true
}

// appendRaiseLine appends the journal's line for an alert raised: what is known of it when it
// is raised and no more, for the dashboard goes on changing the rest meanwhile. (Written by
// hand: a day's backfill raises hundreds of thousands, and encoding/json takes 3 µs each.)
func appendRaiseLine(b []byte, a *model.Alert) []byte {
	b = append(b, `{"raise":{"id":`...)
	b = appendString(b, a.ID)
	b = append(b, `,"rule":`...)
	b = appendString(b, a.Rule)
	b = append(b, `,"severity":"`...)
	b = append(b, a.Severity.String()...)
	b = append(b, `","state":"new","queue":`...)
	b = appendString(b, a.Queue)
	b = append(b, `,"agent":`...)
	b = appendString(b, a.Agent)
	if a.Facts != (model.Facts{}) {
		b = append(b, `,"facts":`...)
		b = appendFacts(b, &a.Facts)
	}
	if a.Reason != "" {
		b = append(b, `,"reason":`...)
		b = appendString(b, a.Reason)
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
		b = appendString(b, r.ID)
		b = append(b, `,"response":`...)
		b = AppendJSON(b, r)
	}
	return append(b, "}}\n"...)
}

// Close closes the journal.
func (j *StateJournal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.f.Close()
}
