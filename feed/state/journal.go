// Package state keeps what a dashboard does about its alerts: the state journal (each alert
// raised, cleared or acted on, a sealed line synced before it counts), the export format of
// alerts, the recorder that writes the journal and shares actions without ever making the
// screen wait, and the restore that brings the alerts back after a restart.
package state

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/journal"
	"github.com/npsboard/npsboard/model"
)

// ErrInUse says another dashboard holds the state journal.
var ErrInUse = journal.ErrInUse

// Journal keeps a dashboard's alerts on disk, so that after a restart or a crash every
// acknowledgement, note and resolution is back.
type Journal struct {
	mu   sync.Mutex
	file *journal.File
	buf  []byte
	// Torn counts the lines found broken at open (a crash during a write) and cut off.
	Torn int
	// Damaged counts the whole lines that read as no event (a hand's edit, a disk's fault, an
	// older npsboard's line, a broken seal): they are kept in the journal and passed over, and
	// the first are named in DamagedAt, so that one bad line never stops a dashboard saving.
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

// CompactOver is how many bytes of old lines a state journal gathers before they are moved
// to its archive (PATH.archive) when it is opened: restarting reads only the recent ones.
var CompactOver int64 = 16 << 20

// Open opens (or creates, with its directory) the state journal at path, for this process
// alone, and replays it through restore. What follows the last line end, a crash's, is cut off;
// a whole line that reads as no event is passed over and counted (Damaged).
func Open(path string, restore func(model.AlertEvent)) (*Journal, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	j := &Journal{}
	// Where the lines of each time start, one line in 64, for compacting.
	type mark struct {
		off int64
		at  time.Time
	}
	var marks []mark
	var newest time.Time
	n, events := 0, 0
	file, err := journal.Open(path, func(off int64, line []byte, st journal.Status) error {
		n++
		ev, err := parseLine(line, st)
		if err != nil {
			j.damaged(fmt.Sprintf("%s:%d: %s", path, n, feed.Clean(err.Error(), false)))
			return nil
		}
		at := eventTime(ev)
		if at.After(newest) {
			newest = at
		}
		if events%64 == 0 {
			marks = append(marks, mark{off, at})
		}
		events++
		restore(ev)
		return nil
	})
	if errors.Is(err, journal.ErrInUse) { // one dashboard a journal: two would interleave their lines
		return nil, fmt.Errorf("%w (give this one its own --state)", err)
	}
	if err != nil {
		return nil, err
	}
	j.file = file
	if file.Torn > 0 {
		j.Torn = 1
	}
	// Lines older than the alerts a dashboard keeps go to the archive, once there are many.
	cutoff := newest.Add(-(max(model.KeepOpen, model.MaxReopenWithin) + 24*time.Hour)) // a customer's case can be reopened
	cut := int64(0)
	for _, m := range marks {
		if !m.at.Before(cutoff) {
			break
		}
		cut = m.off
	}
	if cut >= CompactOver {
		if err := file.Compact(cut, path+".archive"); err != nil {
			j.CompactErr = err // the journal goes on as it was: compacting is for later
		} else {
			j.Archived = cut
		}
	}
	return j, nil
}

// parseLine reads an event of the journal, whose seal must hold if it has one.
func parseLine(line []byte, st journal.Status) (model.AlertEvent, error) {
	if st == journal.Broken {
		return model.AlertEvent{}, errors.New("its checksum does not hold")
	}
	return parseStateLine(string(line))
}

// eventTime is when an event happened.
func eventTime(ev model.AlertEvent) time.Time {
	switch {
	case ev.Raised != nil:
		return ev.Raised.RaisedAt
	case ev.Action != nil:
		return ev.Action.At
	case ev.Cleared != nil:
		return ev.Cleared.At
	case ev.Joined != nil && ev.Joined.Response != nil:
		return ev.Joined.Response.Time
	}
	return time.Time{}
}

// damaged counts a damaged line, and names the first few.
func (j *Journal) damaged(where string) {
	if j.Damaged++; len(j.DamagedAt) < 10 {
		j.DamagedAt = append(j.DamagedAt, where)
	}
}

// Read replays the state journal at path, its archive first, through restore without taking
// it: a dashboard may be writing it. A last line being written (or broken by a crash) is left
// out; damaged lines are passed over, and named in what it returns.
func Read(path string, restore func(model.AlertEvent)) (damaged []string, err error) {
	read := func(path string) error {
		n := 0
		return journal.Read(path, func(_ int64, line []byte, st journal.Status) error {
			n++
			ev, err := parseLine(line, st)
			if err != nil {
				damaged = append(damaged, fmt.Sprintf("%s:%d: %s", path, n, feed.Clean(err.Error(), false)))
				return nil
			}
			restore(ev)
			return nil
		})
	}
	if err := read(path + ".archive"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return damaged, err
	}
	return damaged, read(path)
}

// Append writes events and syncs them to disk. An event whose times no journal could read back
// is set aside and counted (Skipped), so that it never holds up those after it; an error is
// the disk's, and nothing of the events was kept.
func (j *Journal) Append(evs []model.AlertEvent) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.buf = j.buf[:0]
	for _, ev := range evs {
		start := len(j.buf)
		var ok bool
		if j.buf, ok = appendStateLine(j.buf, ev); !ok {
			j.Skipped++
			continue
		}
		if len(j.buf) > start { // sealed in place: the line's end is the seal's
			j.buf = journal.Seal(j.buf[:len(j.buf)-1], start)
		}
	}
	return j.file.Append(j.buf, nil)
}

// Skips is how many events Append has set aside (Skipped, read under the journal's lock).
func (j *Journal) Skips() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.Skipped
}

// Close closes the journal.
func (j *Journal) Close() error { return j.file.Close() }
