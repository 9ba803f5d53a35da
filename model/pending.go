package model

import (
	"slices"
	"time"
)

// pending holds the actions for alerts not raised here (yet), each alert's in the order they
// were done, bounded: at most MaxActionsPerAlert an alert and MaxPendingActions in all, the
// alerts that began waiting first let go first, and none kept beyond KeepOpen by the clock
// that received them (an action's own time may be forged).
type pending struct {
	byAlert map[string]*waiting
	n       int      // actions held
	fifo    []string // alerts in the order they began waiting; some may have been taken since
}

type waiting struct {
	acts  []Action
	since time.Time // when the first came, on the receiver's clock
}

// add holds an action received at since, and says what became of it and how many actions
// were let go to make room.
func (p *pending) add(act Action, since time.Time) (actOutcome, int) {
	w := p.byAlert[act.Alert]
	if w == nil {
		w = &waiting{since: since}
		p.byAlert[act.Alert] = w
		p.fifo = append(p.fifo, act.Alert)
	}
	i, found := slices.BinarySearchFunc(w.acts, act, compareActions)
	switch {
	case found:
		return actEcho, 0
	case len(w.acts) >= MaxActionsPerAlert:
		return actRefused, 0
	}
	w.acts = slices.Insert(w.acts, i, act)
	p.n++
	dropped := 0
	for p.n > MaxPendingActions && len(p.fifo) > 0 {
		dropped += len(p.take(p.fifo[0]))
		p.fifo = p.fifo[1:]
	}
	p.compact()
	return actDone, dropped
}

// take removes an alert's actions, in order, for it to apply them.
func (p *pending) take(id string) []Action {
	w := p.byAlert[id]
	if w == nil {
		return nil
	}
	delete(p.byAlert, id)
	p.n -= len(w.acts)
	return w.acts
}

// expire lets go of the actions of alerts that began waiting before cutoff, and says how many.
func (p *pending) expire(cutoff time.Time) (dropped int) {
	for id, w := range p.byAlert {
		if w.since.Before(cutoff) {
			dropped += len(p.take(id))
		}
	}
	p.compact()
	return dropped
}

// compact drops from the order the alerts no longer waiting, once they are most of it.
func (p *pending) compact() {
	if len(p.fifo) > 2*len(p.byAlert)+1024 {
		p.fifo = slices.DeleteFunc(p.fifo, func(id string) bool { return p.byAlert[id] == nil })
	}
}
