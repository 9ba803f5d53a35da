package feed

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Field is a canonical field of a response.
type Field uint8

const (
	FieldID Field = iota
	FieldTS
	FieldScore
	FieldQueue
	FieldAgent
	FieldTeam
	FieldChannel
	FieldCustomer
	FieldComment
	FieldCSAT
	FieldCES
	FieldSegment
	FieldSite
	numFields
)

var fieldNames = [numFields]string{"id", "ts", "score", "queue", "agent", "team", "channel", "customer", "comment", "csat", "ces", "segment", "site"}

func (f Field) String() string { return fieldNames[f] }

// FieldNamed finds a canonical field by name.
func FieldNamed(name string) (Field, bool) {
	for f, n := range fieldNames {
		if n == name {
			return Field(f), true
		}
	}
	return 0, false
}

// Time layouts a mapping may name besides a Go layout.
const (
	LayoutRFC3339 = "rfc3339" // RFC 3339, or Unix seconds or milliseconds as numbers: the default
	LayoutUnix    = "unix"    // Unix seconds, as a number or a string of one
	LayoutUnixMS  = "unixms"  // Unix milliseconds
)

// Mapping says where a source keeps each canonical field: a CSV column, or a dotted path into
// nested JSON ("event_data.person.email"). A field not named keeps its own name. An id mapped
// to "" means the source has none: each record is named after its source and position, and
// duplicates cannot be told.
type Mapping struct {
	names    [numFields]string
	paths    [numFields][]string
	nested   bool
	noID     bool
	layout   string
	location *time.Location
}

// NewMapping makes a mapping from canonical field names to the source's names or paths, with a
// time layout ("", rfc3339, unix, unixms or a Go layout) and the zone of times without one.
func NewMapping(names map[string]string, layout string, loc *time.Location) (*Mapping, error) {
	m := &Mapping{layout: layout, location: loc}
	if m.location == nil {
		m.location = time.UTC
	}
	if err := CheckLayout(layout); err != nil {
		return nil, err
	}
	m.names = fieldNames
	for name, source := range names {
		f, ok := FieldNamed(name)
		if !ok {
			return nil, fmt.Errorf("%q is not a field (want one of %s)", name, strings.Join(fieldNames[:], ", "))
		}
		if source == "" && f != FieldID {
			return nil, fmt.Errorf("%s is mapped to nothing: only id may be", name)
		}
		m.names[f] = source
	}
	m.noID = m.names[FieldID] == ""
	for f, n := range m.names {
		if n != "" {
			m.paths[f] = strings.Split(n, ".")
			m.nested = m.nested || len(m.paths[f]) > 1
		}
	}
	return m, nil
}

// CheckLayout checks a time layout: one of the names, or a Go layout that writes a date and a
// time of day.
func CheckLayout(layout string) error {
	switch layout {
	case "", LayoutRFC3339, LayoutUnix, LayoutUnixMS:
		return nil
	}
	ref := time.Date(2006, 1, 2, 15, 4, 5, 0, time.UTC)
	back, err := time.Parse(layout, ref.Format(layout))
	if err != nil || back.Year() != 2006 || back.Month() != 1 || back.Day() != 2 || back.Hour() != 15 || back.Minute() != 4 {
		return errors.New("want rfc3339, unix, unixms, or a Go layout of a date and time such as \"02/01/2006 15:04\"")
	}
	return nil
}

// Name is where the source keeps field f.
func (m *Mapping) Name(f Field) string { return m.names[f] }

// NoID says the source has no ids: records are named after their position.
func (m *Mapping) NoID() bool { return m != nil && m.noID }
