// Package model is npsboard's domain: survey responses, their Net Promoter Score statistics,
// rolling windows of time-bucketed counts per group, and duplicate detection.
//
// It does no I/O and never reads the clock: every instant is a parameter, so that every figure
// can be tested exactly.
package model

import "time"

// Class is what a score says about a customer: detractor (0–6), passive (7–8), promoter (9–10).
type Class uint8

const (
	Detractor Class = iota
	Passive
	Promoter
)

func (c Class) String() string {
	switch c {
	case Detractor:
		return "detractor"
	case Passive:
		return "passive"
	case Promoter:
		return "promoter"
	}
	return "unknown"
}

// ClassOf classifies a score of the 0–10 scale. Callers validate the range first.
func ClassOf(score int) Class {
	switch {
	case score >= 9:
		return Promoter
	case score >= 7:
		return Passive
	}
	return Detractor
}

// Bounds of the text a response or an action carries, in bytes of UTF-8 once cleaned. A name
// is an id, queue, agent, team, channel, customer or segment, or who did an action; a comment
// is bounded only by its record (a megabyte).
const (
	MaxName    = 256
	MaxAlertID = 2*MaxName + 32 // a rule, a queue and a response's id or a minute
	MaxNote    = 4096           // what was done, written when an alert is resolved
)

// Response is one answer to "how likely are you to recommend us?".
//
// ID, Time, Score and Queue are always set. The other fields are optional: an empty string or a
// zero CSAT/CES means the source did not give one. Text fields hold display-safe text (the feed
// cleans them when it decodes).
type Response struct {
	ID       string
	Time     time.Time
	Score    int8 // 0–10
	CSAT     int8 // 1–5, 0 when absent
	CES      int8 // 1–7, 0 when absent
	Queue    string
	Agent    string
	Team     string
	Channel  string
	Customer string
	Segment  string // the customer's segment, such as "vip"
	Site     string // where the agent works: a site of the center
	Comment  string
}

// Class is the response's NPS class.
func (r *Response) Class() Class { return ClassOf(int(r.Score)) }
