package feed

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/npsboard/npsboard/model"
)

// Decoder turns one record's text into a validated model.Response.
type Decoder struct {
	// Location is the time zone of timestamps written without an offset, unless the mapping
	// names one. Nil means UTC.
	Location *time.Location
	// Mapping says where the source keeps each field; nil when it uses the canonical names.
	Mapping *Mapping
	// Source names the source in the ids of records that have none (see Mapping).
	Source string
	// Skip names the optional text fields the reader does not use (a report by queue prints
	// no agent and no comment): they are not cleaned nor kept, but checked as they would be
	// (a name too long once cleaned is still too_long). None by default.
	Skip FieldSet
}

// FieldSet is a set of canonical fields.
type FieldSet uint16

// FieldsOf is the set of fs.
func FieldsOf(fs ...Field) FieldSet {
	var s FieldSet
	for _, f := range fs {
		s |= 1 << f
	}
	return s
}

// Has says whether f is in the set.
func (s FieldSet) Has(f Field) bool { return s&(1<<f) != 0 }

// fields are the raw values of a record's canonical fields, before validation, and the
// sequence number a relay gives each record ("seq", never mapped).
type fields struct {
	id, ts, score, queue                    value
	agent, team, channel, customer, comment value
	csat, ces, segment, site                value
	seq                                     value
}

// at is the value of field f.
func (f *fields) at(x Field) *value {
	return [...]*value{&f.id, &f.ts, &f.score, &f.queue, &f.agent, &f.team, &f.channel, &f.customer, &f.comment, &f.csat, &f.ces, &f.segment, &f.site}[x]
}

// slot is where the value of a field named key goes; nil for fields we do not use.
func (f *fields) slot(key string) *value {
	switch key {
	case "id":
		return &f.id
	case "ts":
		return &f.ts
	case "score":
		return &f.score
	case "queue":
		return &f.queue
	case "agent":
		return &f.agent
	case "team":
		return &f.team
	case "channel":
		return &f.channel
	case "customer":
		return &f.customer
	case "comment":
		return &f.comment
	case "csat":
		return &f.csat
	case "ces":
		return &f.ces
	case "segment":
		return &f.segment
	case "site":
		return &f.site
	case "seq":
		return &f.seq
	}
	return nil
}

// DecodeJSON decodes one JSON record, the n-th of its source, into r. Unknown members are
// ignored; when a member appears twice the last one counts, as in encoding/json.
//
// The strings of r may share memory with line, so that decoding does not allocate for text
// that needs no unescaping or cleaning: a caller that keeps r beyond line's life clones them.
func (d *Decoder) DecodeJSON(line string, n int64, r *model.Response) Problem {
	_, p := d.decodeJSON(line, n, r)
	return p
}

// DecodeSeq decodes a record as DecodeJSON does, and returns the sequence number a relay gave
// it (its "seq" member), or 0 when it has none.
func (d *Decoder) DecodeSeq(line string, n int64, r *model.Response) (int64, Problem) {
	seq, p := d.decodeJSON(line, n, r)
	if seq.kind == kNumber {
		if v, err := strconv.ParseInt(seq.text, 10, 64); err == nil && v > 0 {
			return v, p
		}
	}
	return 0, p
}

func (d *Decoder) decodeJSON(line string, n int64, r *model.Response) (value, Problem) {
	if d.Mapping != nil && d.Mapping.nested {
		return value{}, d.decodeNested(line, n, r)
	}
	var f fields
	if d.Mapping == nil && f.quick(line) {
		return f.seq, d.build(&f, n, r)
	}
	f = fields{} // what quick left
	valid, object := d.scanFields(line, &f)
	switch {
	case !valid:
		return value{}, problem(BadJSON, "not valid JSON")
	case !object:
		return value{}, problem(NotObject, "valid JSON, but not an object")
	}
	return f.seq, d.build(&f, n, r)
}

// scanFields reads the members of line into f with the general scanner, and says whether line
// is valid JSON and an object.
func (d *Decoder) scanFields(line string, f *fields) (valid, object bool) {
	var m members
	for m.start(line); m.next(); {
		key := m.key
		if m.keyEsc {
			key = unescape(key)
		}
		var p *value
		if d.Mapping == nil {
			p = f.slot(key) // the canonical names: the hot path, kept inlinable
		} else {
			p = d.mappedSlot(f, key)
		}
		if p != nil {
			*p = m.v
		}
	}
	return m.valid, m.object
}

// mappedSlot is where the value of a member named key goes, by the mapping's names.
func (d *Decoder) mappedSlot(f *fields, key string) *value {
	if key == "seq" {
		return &f.seq
	}
	for i, name := range d.Mapping.names {
		if name == key {
			return f.at(Field(i))
		}
	}
	return nil
}

// decodeNested reads a record whose fields lie at dotted paths, such as a webhook's body.
// encoding/json does the work: such sources send tens of records a second, not millions.
func (d *Decoder) decodeNested(line string, n int64, r *model.Response) Problem {
	// Valid first: a decoder stops after one value, and "0}" would pass for a number.
	if !json.Valid([]byte(line)) {
		return problem(BadJSON, "not valid JSON")
	}
	dec := json.NewDecoder(strings.NewReader(line))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return problem(BadJSON, "not valid JSON")
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return problem(NotObject, "valid JSON, but not an object")
	}
	var f fields
	for i, path := range d.Mapping.paths {
		if path != nil {
			*f.at(Field(i)) = valueAt(obj, path)
		}
	}
	return d.build(&f, n, r)
}

// valueAt is the value at a path of nested objects, or an absent value.
func valueAt(obj map[string]any, path []string) value {
	var x any = obj
	for _, key := range path {
		m, ok := x.(map[string]any)
		if !ok {
			return value{}
		}
		if x, ok = m[key]; !ok {
			return value{}
		}
	}
	switch v := x.(type) {
	case nil:
		return value{kind: kNull}
	case string:
		return value{kind: kString, text: v}
	case json.Number:
		return value{kind: kNumber, text: string(v)}
	case bool:
		return value{kind: kBool}
	case map[string]any:
		return value{kind: kObject}
	case []any:
		return value{kind: kArray}
	}
	return value{}
}

// build validates the fields and fills r. The first problem found, in the order id, ts, score,
// queue, is the record's reason.
func (d *Decoder) build(f *fields, n int64, r *model.Response) Problem {
	*r = model.Response{}
	var p Problem
	if d.Mapping.NoID() {
		r.ID = d.Source + ":" + strconv.FormatInt(n, 10)
	} else if r.ID, p = requiredText("id", f.id); !p.OK() {
		return p
	}
	if len(r.ID) > model.MaxName {
		return tooLongName("id", r.ID)
	}
	if r.Time, p = d.timestamp(f.ts); !p.OK() {
		return p
	}
	score, p := scoreOf(f.score)
	if !p.OK() {
		return p
	}
	r.Score = int8(score)
	if r.Queue, p = requiredText("queue", f.queue); !p.OK() {
		return p
	}
	r.Agent = d.name(f.agent, FieldAgent)
	r.Team = d.name(f.team, FieldTeam)
	r.Channel = d.name(f.channel, FieldChannel)
	r.Customer = d.name(f.customer, FieldCustomer)
	r.Segment = d.name(f.segment, FieldSegment)
	r.Site = d.name(f.site, FieldSite)
	if max(len(r.Queue), len(r.Agent), len(r.Team), len(r.Channel), len(r.Customer), len(r.Segment), len(r.Site)) > model.MaxName {
		for _, name := range [...]struct{ field, text string }{{"queue", r.Queue}, {"agent", r.Agent}, {"team", r.Team},
			{"channel", r.Channel}, {"customer", r.Customer}, {"segment", r.Segment}, {"site", r.Site}} {
			if len(name.text) > model.MaxName {
				return tooLongName(name.field, name.text)
			}
		}
	}
	if !d.Skip.Has(FieldComment) { // a comment has no check of its own to keep
		r.Comment = optionalText(f.comment, true)
	}
	r.CSAT = int8(optionalWhole(f.csat, 1, 5))
	r.CES = int8(optionalWhole(f.ces, 1, 7))
	return Problem{}
}

func tooLongName(field, text string) Problem {
	return problem(TooLong, "%s is %d bytes long, longer than a name may be (%d): %s", field, len(text), model.MaxName, quote(text))
}

// requiredText is a field that must hold text: a string, or a number taken as its literal.
func requiredText(name string, v value) (string, Problem) {
	switch v.kind {
	case kNone, kNull:
		return "", problem(MissingField, "%s is missing", name)
	case kNumber:
		return v.text, Problem{}
	case kString:
		if s := v.clean(false); s != "" {
			return s, Problem{}
		}
		return "", problem(MissingField, "%s is empty", name)
	}
	return "", problem(MissingField, "%s is %s, not text", name, kindName(v.kind))
}

// name is an optional name field, or "" when the reader skips it and it cannot be too long:
// cleaning writes at most three bytes for one of the raw text (a byte that is not UTF-8 becomes
// U+FFFD), so a raw text of MaxName/3 bytes or fewer is never too long once cleaned.
func (d *Decoder) name(v value, f Field) string {
	// d.Skip.Has(f), spelled out so that name is inlined (a report skips most names on every
	// line): f&15 spares the shift's check, and the call would cost more than the budget.
	if d.Skip&(1<<(f&15)) != 0 && len(v.text) <= model.MaxName/3 {
		return ""
	}
	return nameText(v)
}

// nameText is optionalText of a name, out of line so that name stays small.
//
//go:noinline
func nameText(v value) string { return optionalText(v, false) }

// optionalText is an optional text field; any value that is not text or a number is left out.
func optionalText(v value, keepLines bool) string {
	switch v.kind {
	case kString:
		return v.clean(keepLines)
	case kNumber:
		return v.text
	}
	return ""
}

// timestamp reads ts by the mapping's layout (by default RFC 3339, or a number of Unix seconds
// or milliseconds) as an instant npsboard accepts, kept as every journal writes it.
func (d *Decoder) timestamp(v value) (time.Time, Problem) {
	if d.Mapping == nil && v.kind == kString && !v.esc { // the common case, first
		loc := d.Location
		if loc == nil {
			loc = time.UTC
		}
		if t, ok := ParseTimestamp(strings.TrimSpace(v.text), loc); ok {
			return inRange(t, v.text)
		}
	}
	t, p := d.anyTimestamp(v)
	if !p.OK() {
		return t, p
	}
	return inRange(t, v.text)
}

// inRange keeps an instant the product accepts, in UTC to the millisecond, and refuses others:
// a journal could not write them, or read them back.
func inRange(t time.Time, text string) (time.Time, Problem) {
	// In whole seconds and nanoseconds: model.Instant and InRange say the same, at a third
	// of the cost on the hot path.
	sec, ns := t.Unix(), t.Nanosecond()
	if sec < minSec || sec > maxSec {
		return time.Time{}, problem(BadTime, "ts %s is outside the years %d to %d", quote(text), model.MinTime.Year(), model.MaxTime.Year())
	}
	return time.Unix(sec, int64(ns-ns%1e6)).UTC(), Problem{}
}

var minSec, maxSec = model.MinTime.Unix(), model.MaxTime.Unix()

func (d *Decoder) anyTimestamp(v value) (time.Time, Problem) {
	if v.kind == kNone || v.kind == kNull {
		return time.Time{}, problem(MissingField, "ts is missing")
	}
	if v.kind != kString && v.kind != kNumber {
		return time.Time{}, problem(BadTime, "ts is %s, not a date-time", kindName(v.kind))
	}
	text := v.text
	if v.kind == kString {
		text = strings.TrimSpace(v.str())
	}
	loc, layout := d.Location, ""
	if d.Mapping != nil {
		loc, layout = d.Mapping.location, d.Mapping.layout
	}
	if loc == nil {
		loc = time.UTC
	}
	var t time.Time
	ok := false
	switch layout {
	case "", LayoutRFC3339:
		if v.kind == kNumber {
			t, ok = unixTimestamp(text)
		} else {
			t, ok = ParseTimestamp(text, loc)
		}
	case LayoutUnix, LayoutUnixMS:
		t, ok = unixIn(text, layout == LayoutUnixMS)
	default:
		var err error
		t, err = time.ParseInLocation(layout, text, loc)
		ok = err == nil && v.kind == kString
	}
	if !ok {
		return time.Time{}, problem(BadTime, "ts %s does not read as %s", quote(text), layoutName(layout))
	}
	return t, Problem{}
}

func layoutName(layout string) string {
	switch layout {
	case "", LayoutRFC3339:
		return "an RFC 3339 date-time or Unix time"
	case LayoutUnix:
		return "Unix seconds"
	case LayoutUnixMS:
		return "Unix milliseconds"
	}
	return strconv.Quote(layout)
}

// unixIn reads a number of Unix seconds (or milliseconds) whatever its size. Whole numbers are
// read as integers, so that milliseconds stay exact.
func unixIn(text string, ms bool) (time.Time, bool) {
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		if ms {
			return checkUnix(floorDiv(n, 1000), (n-floorDiv(n, 1000)*1000)*1e6)
		}
		return checkUnix(n, 0)
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return time.Time{}, false
	}
	if ms {
		f /= 1000
	}
	if f < float64(minUnix) || f > float64(maxUnix) {
		return time.Time{}, false
	}
	sec := math.Floor(f)
	return checkUnix(int64(sec), int64(math.Round((f-sec)*1e9)))
}

func scoreOf(v value) (int, Problem) {
	switch v.kind {
	case kNone, kNull:
		return 0, problem(MissingField, "score is missing")
	case kNumber, kString:
		s := v.text
		if v.kind == kString {
			s = strings.TrimSpace(v.str())
		}
		if n, ok := wholeNumber(s); ok && n >= 0 && n <= 10 {
			return n, Problem{}
		}
		return 0, problem(BadScore, "score %s is not a whole number from 0 to 10", quote(s))
	}
	return 0, problem(BadScore, "score is %s, not a number", kindName(v.kind))
}

// optionalWhole is an optional whole number in [lo, hi]; anything else is left out (0).
func optionalWhole(v value, lo, hi int) int {
	if v.kind != kNumber && v.kind != kString {
		return 0
	}
	text := v.text // a number's literal holds no space
	if v.kind == kString {
		text = strings.TrimSpace(v.str())
	}
	if n, ok := wholeNumber(text); ok && n >= lo && n <= hi {
		return n
	}
	return 0
}

// wholeNumber reads a decimal number that has no fractional part: "7", "7.0", "1e1", "-0".
func wholeNumber(s string) (int, bool) {
	switch {
	case len(s) == 1 && isDigit(s[0]):
		return int(s[0] - '0'), true
	case s == "10":
		return 10, true
	case s == "" || len(s) > 64:
		return 0, false
	}
	for i := 0; i < len(s); i++ { // ParseFloat also reads "Inf", "NaN" and hexadecimal
		if !isDigit(s[i]) && !strings.ContainsRune(".+-eE", rune(s[i])) {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int64(f)) || f > 1e9 || f < -1e9 {
		return 0, false
	}
	return int(f), true
}

func kindName(k kind) string {
	switch k {
	case kNull:
		return "null"
	case kBool:
		return "a boolean"
	case kNumber:
		return "a number"
	case kString:
		return "a string"
	case kObject:
		return "an object"
	case kArray:
		return "an array"
	}
	return "absent"
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
