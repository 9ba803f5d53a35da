package feed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// FollowSource reads a file and then what is written to it, as tail -F does, across the two
// ways logs are rotated: by rename (a new file appears at the path) and by copy-truncate (the
// file shrinks to nothing and starts again). A line is read only once it is whole; a line
// written in two halves is one record.
//
// It reads the file in generations, one for each file behind the path, so that each starts
// afresh: a rotated CSV's new header is read as a header, and line numbers are those of the
// file now at the path.
type FollowSource struct {
	Path    string
	Format  Format
	Decoder *Decoder
	CSV     CSVOptions
	Poll    time.Duration // how often to look for growth and rotation; 250 ms when zero
}

func (s *FollowSource) Name() string { return s.Path }
func (s *FollowSource) Live() bool   { return true }

func (s *FollowSource) Run(ctx context.Context, sink Sink) error {
	poll := s.Poll
	if poll <= 0 {
		poll = 250 * time.Millisecond
	}
	format := s.Format
	if format == FormatAuto {
		format = FormatOf(s.Path)
	}
	for {
		f, err := s.open(ctx, sink, poll)
		if err != nil {
			return nil // ctx ended while the file was missing
		}
		sink.SetState(Live, nil, time.Time{})
		g := &generation{ctx: ctx, f: f, path: s.Path, poll: poll}
		err = readRecords(ctx, g, format, s.Decoder, s.CSV, sink.Emit, false)
		f.Close()
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// open opens the file at the path, waiting for it to appear if it is not there.
func (s *FollowSource) open(ctx context.Context, sink Sink, poll time.Duration) (*os.File, error) {
	for {
		f, err := os.Open(s.Path)
		if err == nil {
			if fi, err := f.Stat(); err == nil && fi.IsDir() {
				f.Close()
				return nil, fmt.Errorf("%s is a directory", s.Path)
			}
			return f, nil
		}
		sink.SetState(Retrying, err, time.Now().Add(poll))
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(poll):
		}
	}
}

// generation reads one file behind a followed path. At the end of what is written it waits for
// more, and ends (io.EOF) when the path has moved on to another file or the file was cut.
type generation struct {
	ctx     context.Context
	f       *os.File
	path    string
	poll    time.Duration
	off     int64
	rotated bool   // the path names another file: read what is left, then end
	tail    []byte // the last bytes read, to tell a file cut and written again
}

// tailSize is how much of what was read is kept to recognise the file later.
const tailSize = 64

func (g *generation) Read(p []byte) (int, error) {
	for {
		n, err := g.f.Read(p)
		g.off += int64(n)
		if n > 0 {
			g.tail = append(g.tail, p[max(0, n-tailSize):n]...)
			g.tail = g.tail[max(0, len(g.tail)-tailSize):]
			return n, nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, err
		}
		if g.rotated {
			// A writer may still append to a renamed file until it reopens its log: it had a
			// whole poll since the rotation was seen, and wrote nothing more.
			return 0, io.EOF
		}
		select {
		case <-g.ctx.Done():
			return 0, io.EOF
		case <-time.After(g.poll):
		}
		fi, err := g.f.Stat()
		if err != nil {
			return 0, err
		}
		if fi.Size() < g.off || g.rewritten() {
			return 0, io.EOF // copy-truncate: what was read is all this file had; start again
		}
		if pfi, err := os.Stat(g.path); err == nil && !os.SameFile(fi, pfi) {
			g.rotated = true
		}
	}
}

// rewritten says the file no longer holds what was last read from it: it was cut and written
// again before a poll could see it shrink.
func (g *generation) rewritten() bool {
	if len(g.tail) == 0 {
		return false
	}
	b := make([]byte, len(g.tail))
	n, _ := g.f.ReadAt(b, g.off-int64(len(g.tail)))
	return n != len(b) || string(b) != string(g.tail)
}
