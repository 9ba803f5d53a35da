package feed

import (
	"strconv"
	"strings"
	"time"

	"github.com/npsboard/npsboard/model"
)

// Decoder turns one record's text into a validated model.Response.
type Decoder struct {
	// Location is the time zone of timestamps written without an offset. Nil means UTC.
	Location *time.Location
}

// fields are the raw values of a record's canonical fields, before validation.
type fields struct {
	id, ts, score, queue                    value
	agent, team, channel, customer, comment value
	csat, ces                               value
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
	}
	return nil
}

// DecodeJSON decodes one JSON-lines record into r. Unknown members are ignored; when a member
// appears twice the last one counts, as in encoding/json.
//
// The strings of r may share memory with line, so that decoding does not allocate for text
// that needs no unescaping or cleaning: a caller that keeps r beyond line's life clones them.
func (d *Decoder) DecodeJSON(line string, r *model.Response) Problem {
	var f fields
	valid, object := scanObject(line, func(key string, keyEsc bool, v value) {
		if keyEsc {
			key = unescape(key)
		}
		if p := f.slot(key); p != nil {
			*p = v
		}
	})
	switch {
	case !valid:
		return problem(BadJSON, "not valid JSON")
	case !object:
		return problem(NotObject, "valid JSON, but not an object")
	}
	return d.build(&f, r)
}

// build validates the fields and fills r. The first problem found, in the order id, ts, score,
// queue, is the record's reason.
func (d *Decoder) build(f *fields, r *model.Response) Problem {
	*r = model.Response{}
	var p Problem
	if r.ID, p = requiredText("id", f.id); !p.OK() {
		return p
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
	r.Agent = optionalText(f.agent, false)
	r.Team = optionalText(f.team, false)
	r.Channel = optionalText(f.channel, false)
	r.Customer = optionalText(f.customer, false)
	r.Comment = optionalText(f.comment, true)
	r.CSAT = int8(optionalWhole(f.csat, 1, 5))
	r.CES = int8(optionalWhole(f.ces, 1, 7))
	return Problem{}
}

// requiredText is a field that must hold text: a string, or a number taken as its literal.
func requiredText(name string, v value) (string, Problem) {
	switch v.kind {
	case kNone, kNull:
		return "", problem(MissingField, "%s is missing", name)
	case kNumber:
		return v.text, Problem{}
	case kString:
		if s := Clean(v.str(), false); s != "" {
			return s, Problem{}
		}
		return "", problem(MissingField, "%s is empty", name)
	}
	return "", problem(MissingField, "%s is %s, not text", name, kindName(v.kind))
}

// optionalText is an optional text field; any value that is not text or a number is left out.
func optionalText(v value, keepLines bool) string {
	switch v.kind {
	case kString:
		return Clean(v.str(), keepLines)
	case kNumber:
		return v.text
	}
	return ""
}

func (d *Decoder) timestamp(v value) (time.Time, Problem) {
	switch v.kind {
	case kNone, kNull:
		return time.Time{}, problem(MissingField, "ts is missing")
	case kNumber:
		if t, ok := unixTimestamp(v.text); ok {
			return t, Problem{}
		}
		return time.Time{}, problem(BadTime, "ts %s is out of range for Unix seconds or milliseconds", v.text)
	case kString:
		s := strings.TrimSpace(v.str())
		loc := d.Location
		if loc == nil {
			loc = time.UTC
		}
		if t, ok := ParseTimestamp(s, loc); ok {
			return t, Problem{}
		}
		return time.Time{}, problem(BadTime, "ts %s is not an RFC 3339 date-time", quote(s))
	}
	return time.Time{}, problem(BadTime, "ts is %s, not a date-time", kindName(v.kind))
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
	if n, ok := wholeNumber(strings.TrimSpace(v.str())); ok && n >= lo && n <= hi {
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
