// Package feed turns the bytes of survey sources into model.Response values and accounts for
// every record it could not use, with a reason. It knows no terminal.
package feed

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Reason is why a record was rejected.
type Reason uint8

const (
	BadJSON      Reason = iota + 1 // not valid JSON
	NotObject                      // valid JSON, but not an object
	MissingField                   // id, ts, score or queue absent, null or empty
	BadScore                       // score present but not a whole number 0–10
	BadTime                        // ts present but unreadable
	TooLong                        // a line over MaxLine bytes
	BadRow                         // a CSV row with the wrong number of fields, or a quote out of place
	BadAction                      // an action on an alert of a kind npsboard does not know
	numReasons
)

var reasonNames = [numReasons]string{
	BadJSON: "bad_json", NotObject: "not_object", MissingField: "missing_field",
	BadScore: "bad_score", BadTime: "bad_time", TooLong: "too_long", BadRow: "bad_row", BadAction: "bad_action",
}

// Reasons lists every reason in a stable order, for reports.
func Reasons() []Reason {
	rs := make([]Reason, 0, numReasons-1)
	for r := BadJSON; r < numReasons; r++ {
		rs = append(rs, r)
	}
	return rs
}

func (r Reason) String() string {
	if r > 0 && r < numReasons {
		return reasonNames[r]
	}
	return fmt.Sprintf("Reason(%d)", r)
}

// MarshalText writes the reason's name, so that reasons read well in JSON.
func (r Reason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a reason's name.
func (r *Reason) UnmarshalText(b []byte) error {
	for i, name := range reasonNames {
		if name != "" && name == string(b) {
			*r = Reason(i)
			return nil
		}
	}
	return fmt.Errorf("unknown reason %q", b)
}

// Problem says why a record was rejected: a reason for counting and a detail for people.
// The zero Problem means the record was accepted.
type Problem struct {
	Reason Reason
	Detail string
}

func (p Problem) OK() bool { return p.Reason == 0 }

func (p Problem) Error() string { return p.Reason.String() + ": " + p.Detail }

func problem(r Reason, format string, args ...any) Problem {
	return Problem{Reason: r, Detail: fmt.Sprintf(format, args...)}
}

// quote shows an untrusted value in a detail message: cut to a readable length and quoted with
// Go escapes, so that no control character of it ever reaches a terminal.
func quote(s string) string {
	const max = 40
	if len(s) <= max {
		return strconv.Quote(s)
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…"
}
