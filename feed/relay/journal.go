// Package relay is the small server that real deployments run next to the survey system: it
// takes responses by HTTP POST, validates them like any source, keeps the accepted ones in a
// journal on disk, and streams them over websockets to every dashboard, each resuming where it
// left off.
package relay

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/journal"
	"github.com/npsboard/npsboard/model"
)

// Journal is the relay's record of accepted responses: JSON lines, each with its sequence
// number (from 1, without gaps) and the instant it was received, appended and synced to disk
// before the sender is answered. It is read again at start, so that a restart loses nothing and
// continues the sequence.
type Journal struct {
	mu    sync.Mutex
	path  string
	file  *journal.File
	seq   int64  // the last sequence number written
	index []mark // every markEvery lines: where a line begins, to replay from a sequence number
	buf   []byte
	// Torn counts the lines found broken at open (a crash in the middle of a write) and cut off.
	Torn int
	// Invalid counts the lines kept whose records today's rules reject (readers reject them too).
	Invalid int
	each    func(*model.Response) // at open, is given each response (nil: none)
}

type mark struct {
	seq    int64
	offset int64
	recv   time.Time
}

const markEvery = 1024

// OpenJournal opens (or creates) the journal at path, for this process alone, and reads it:
// each line's sequence number and receipt time, and each response to seen, so that duplicates
// stay duplicates across a restart. What follows the last line end was being written when the
// relay died: it is cut off and counted in Torn. Any other line that does not read stops the
// opening with its line number: the journal was damaged otherwise, and is left as it is.
func OpenJournal(path string, seen *model.Dedup) (*Journal, error) {
	return openJournal(path, seen, nil)
}

// openJournal opens the journal, and gives each response it holds to each (when not nil): the
// relay's figures start from the journal.
func openJournal(path string, seen *model.Dedup, each func(*model.Response)) (*Journal, error) {
	j := &Journal{path: path, each: each}
	dec := &feed.Decoder{}
	n := 0
	file, err := journal.Open(path, func(off int64, line []byte, st journal.Status) error {
		n++
		return j.load(dec, seen, n, off, string(line), st)
	})
	if errors.Is(err, journal.ErrInUse) {
		return nil, fmt.Errorf("%w (a journal serves one relay)", err)
	}
	if err != nil {
		return nil, err
	}
	j.file = file
	if file.Torn > 0 {
		j.Torn = 1
	}
	return j, nil
}

// load takes the n-th line of the journal, at offset off. A line is the journal's as long as it
// is JSON, its seal holds, and it has the sequence number due. What it holds may no longer be
// taken by today's rules (a time now out of range, say): it stays, counted, and readers reject
// it with its reason; a relay is not stopped by it.
func (j *Journal) load(dec *feed.Decoder, seen *model.Dedup, n int, off int64, text string, st journal.Status) error {
	damaged := func(why string) error {
		return fmt.Errorf("the journal %s is damaged at line %d (byte %d): %s", j.path, n, off, why)
	}
	if st == journal.Broken {
		return damaged("its checksum does not hold")
	}
	var r model.Response
	var seq int64
	var p feed.Problem
	isAction := feed.IsAction(text)
	if isAction {
		var err error
		if _, seq, err = feed.ParseAction(text); err != nil {
			errors.As(err, &p)
		}
	} else {
		seq, p = dec.DecodeSeq(text, 0, &r)
	}
	switch {
	case seq == 0 && !p.OK():
		return damaged(p.Detail)
	case seq != j.seq+1:
		return damaged(fmt.Sprintf("sequence number %d where %d was due", seq, j.seq+1))
	case !p.OK():
		j.Invalid++
	case !isAction:
		seen.Add(r.ID, r.Time)
		if j.each != nil {
			j.each(&r)
		}
	}
	if j.seq%markEvery == 0 {
		j.index = append(j.index, mark{seq: seq, offset: off, recv: recvOf(text)})
	}
	j.seq = seq
	return nil
}

// recvOf reads the "recv" member a journal line starts with.
func recvOf(line string) time.Time {
	const key = `"recv":"`
	i := strings.Index(line, key)
	if i < 0 || i > 40 {
		return time.Time{}
	}
	end := strings.IndexByte(line[i+len(key):], '"')
	if end < 0 {
		return time.Time{}
	}
	t, _ := feed.ParseTimestamp(line[i+len(key):i+len(key)+end], time.UTC)
	return t
}

// Seq is the last sequence number written.
func (j *Journal) Seq() int64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.seq
}

// Append writes responses received at recv, numbers them, and syncs them to disk; then, still
// holding the journal, it calls then with their lines, so that whatever then does (broadcast)
// happens in the order of the journal.
func (j *Journal) Append(rs []model.Response, recv time.Time, then func(first int64, lines []byte)) error {
	return j.appendLines(len(rs), recv, func(b []byte, seq int64, i int) []byte {
		return feed.AppendJSONSeq(b, seq, recv, &rs[i])
	}, then)
}

// AppendActions writes actions on alerts, numbered in the same sequence as responses.
func (j *Journal) AppendActions(acts []model.Action, recv time.Time, then func(first int64, lines []byte)) error {
	return j.appendLines(len(acts), recv, func(b []byte, seq int64, i int) []byte {
		return feed.AppendActionJSON(b, seq, recv, &acts[i])
	}, then)
}

func (j *Journal) appendLines(n int, recv time.Time, encode func(b []byte, seq int64, i int) []byte, then func(first int64, lines []byte)) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if n == 0 {
		return nil
	}
	j.buf = j.buf[:0]
	first := j.seq + 1
	starts := make([]int, n)
	for i := range n {
		starts[i] = len(j.buf)
		j.buf = journal.Seal(encode(j.buf, first+int64(i), i), starts[i])
	}
	return j.file.Append(j.buf, func(off int64) {
		for i := range n {
			if seq := first + int64(i); (seq-1)%markEvery == 0 {
				j.index = append(j.index, mark{seq: seq, offset: off + int64(starts[i]), recv: recv})
			}
		}
		j.seq = first + int64(n) - 1
		if then != nil {
			then(first, j.buf)
		}
	})
}

// Head holds the journal still while fn runs with the last sequence number: a new client
// registers with the broadcast there, so that it misses nothing between the journal and the
// live stream, and gets nothing twice.
func (j *Journal) Head(fn func(seq int64)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	fn(j.seq)
}

// SeqSince is the first sequence number received at or after t (for "since the start of today").
func (j *Journal) SeqSince(t time.Time) (int64, error) {
	j.mu.Lock()
	marks := append([]mark(nil), j.index...)
	last := j.seq
	j.mu.Unlock()
	i := sort.Search(len(marks), func(i int) bool { return !marks[i].recv.Before(t) })
	if i > 0 {
		i--
	}
	if len(marks) == 0 {
		return last + 1, nil
	}
	found := last + 1
	err := j.scan(marks[i].seq, last, func(seq int64, line []byte) bool {
		if !recvOf(string(line)).Before(t) {
			found = seq
			return false
		}
		return true
	})
	return found, err
}

// Replay calls fn with the lines of sequence numbers from..to, in order, until fn returns false.
func (j *Journal) Replay(from, to int64, fn func(seq int64, line []byte) bool) error {
	return j.scan(from, to, fn)
}

func (j *Journal) scan(from, to int64, fn func(seq int64, line []byte) bool) error {
	if from > to {
		return nil
	}
	j.mu.Lock()
	start := int64(0)
	seq := int64(1)
	for _, m := range j.index {
		if m.seq > from {
			break
		}
		start, seq = m.offset, m.seq
	}
	j.mu.Unlock()
	f, err := os.Open(j.path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Seek(start, io.SeekStart); err != nil {
		return err
	}
	br := bufio.NewReaderSize(f, 256<<10)
	for ; seq <= to; seq++ {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// A line longer than the buffer: its start is copied before the buffer is read again.
			start := append([]byte(nil), line...)
			rest, err2 := br.ReadBytes('\n')
			line, err = append(start, rest...), err2
		}
		if err != nil {
			return fmt.Errorf("reading the journal at sequence %d: %w", seq, err)
		}
		if seq >= from && !fn(seq, line) {
			return nil
		}
	}
	return nil
}

// Close closes the journal file.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.file.Close()
}
