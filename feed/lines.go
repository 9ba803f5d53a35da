package feed

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/npsboard/npsboard/model"
)

const (
	// MaxLine is the longest record accepted, in bytes, without its line end.
	MaxLine = 1 << 20
	// RawLimit is how much of a too-long line is kept to show what it was.
	RawLimit = 4 << 10

	bom = "\uFEFF"

	// readSize is how much one read asks for: a pipe's buffer on Linux.
	readSize = 64 << 10
	// quiet is how long the stream may pause before the whole lines read so far are handed
	// over: a file never pauses, and fills the buffer; a pipe's burst (a writer's buffer
	// flushed, then nothing for minutes) goes at once.
	quiet = 10 * time.Millisecond
)

// chunk is a block of whole lines of a stream, or a single line too long to hold.
type chunk struct {
	text  string  // whole lines; the last may lack its '\n' at the end of the stream
	first int64   // number of the first line of text (1-based)
	long  *Reject // set instead of text for a line longer than the buffer
	block []byte  // transient: the buffer text is in, to be handed back (release) once read
}

// lineSplitter cuts a stream into chunks of whole lines. Its buffer holds MaxLine plus a CRLF,
// so that any line of acceptable length fits; a longer line is skipped as it streams past,
// keeping only its start, so that a line without end never fills memory.
//
// A goroutine reads the stream ahead, so that the splitter can tell a stream that pauses from one
// that keeps coming: it hands over what it holds once the stream has been quiet for a moment
// with a whole line held, or once its buffer is full.
type lineSplitter struct {
	direct io.Reader // a reader that never pauses (a regular file), read into buf itself
	reads  chan readResult
	free   chan []byte   // read buffers handed back, to be read into again
	done   chan struct{} // closed when the splitter is no longer read (stop)
	carry  []byte        // the part of a read that did not fit in buf
	buf    []byte
	n      int   // bytes held in buf
	line   int64 // number of the next line
	whole  bool  // buf holds a line end
	eof    bool
	err    error // the read error that ended the stream, other than EOF
	timer  *time.Timer
	// transient: a chunk's text is its buffer itself, not a copy, and the buffer comes back
	// (release) once the chunk's batch is read; the next chunk is read into another (spare).
	transient bool
	spare     chan []byte
}

type readResult struct {
	b   []byte
	err error
}

func newLineSplitter(r io.Reader) *lineSplitter {
	ls := &lineSplitter{buf: make([]byte, MaxLine+2), line: 1, done: make(chan struct{}), spare: make(chan []byte, 16)}
	if neverPauses(r) {
		ls.direct = r // nothing to watch for: read straight into the buffer, a megabyte a read
		return ls
	}
	ls.reads, ls.free = make(chan readResult, 4), make(chan []byte, 6)
	go ls.readAhead(r)
	return ls
}

// neverPauses says whether r is a regular file or bytes in memory, whose reads return at once
// until the end: not a pipe, a socket or a terminal.
func neverPauses(r io.Reader) bool {
	switch r := r.(type) {
	case *bytes.Reader, *strings.Reader:
		return true
	case *os.File:
		fi, err := r.Stat()
		return err == nil && fi.Mode().IsRegular()
	}
	return false
}

// fillDirect reads into the buffer until it is full or the stream ends.
func (ls *lineSplitter) fillDirect() {
	for empty := 0; ls.n < len(ls.buf) && !ls.eof; {
		n, err := ls.direct.Read(ls.buf[ls.n:])
		ls.n += n
		if n == 0 && err == nil {
			if empty++; empty == 100 {
				err = io.ErrNoProgress
			}
		}
		if err != nil {
			ls.eof = true
			if !errors.Is(err, io.EOF) {
				ls.err = err
			}
		}
	}
}

// stop lets the reading goroutine end once its read returns, when the stream is left unread.
func (ls *lineSplitter) stop() { close(ls.done) }

// readAhead reads the stream into buffers for fill, until it ends. (A read that blocks forever,
// a terminal's standard input, ends with the process, as a read in the caller would.)
func (ls *lineSplitter) readAhead(r io.Reader) {
	defer close(ls.reads)
	for {
		var b []byte
		select {
		case b = <-ls.free:
		default:
			b = make([]byte, readSize)
		}
		n, err := r.Read(b[:readSize])
		if n > 0 || err != nil {
			select {
			case ls.reads <- readResult{b[:n], err}:
			case <-ls.done:
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// fill takes reads into the buffer until it is full or the stream ends, or until the stream
// pauses with a whole line held.
func (ls *lineSplitter) fill() {
	if ls.direct != nil {
		ls.fillDirect()
		return
	}
	for ls.n < len(ls.buf) && !ls.eof {
		if ls.carry != nil {
			ls.take(ls.carry)
			continue
		}
		var res readResult
		var ok bool
		if !ls.whole {
			res, ok = <-ls.reads
		} else {
			if ls.timer == nil {
				ls.timer = time.NewTimer(quiet)
			} else {
				ls.timer.Reset(quiet)
			}
			select {
			case res, ok = <-ls.reads:
				ls.timer.Stop()
			case <-ls.timer.C:
				return
			}
		}
		if !ok {
			ls.eof = true
			return
		}
		if res.err != nil {
			ls.eof = true
			if !errors.Is(res.err, io.EOF) {
				ls.err = res.err
			}
		}
		ls.take(res.b)
	}
}

// take copies a read into the buffer, keeping what does not fit for the next fill, and hands
// the read's buffer back once it is all taken.
func (ls *lineSplitter) take(b []byte) {
	m := copy(ls.buf[ls.n:], b)
	if bytes.IndexByte(b[:m], '\n') >= 0 {
		ls.whole = true
	}
	ls.n += m
	if m < len(b) {
		ls.carry = b[m:]
		return
	}
	ls.carry = nil
	if cap(b) >= readSize {
		select {
		case ls.free <- b[:0]:
		default:
		}
	}
}

// next is the next chunk of the stream; false at its end.
func (ls *lineSplitter) next() (chunk, bool) {
	ls.fill()
	if ls.n == 0 {
		return chunk{}, false
	}
	held := ls.buf[:ls.n]
	k := bytes.LastIndexByte(held, '\n')
	switch {
	case k >= 0:
		c := ls.cut(held, k+1)
		ls.line += int64(bytes.Count(held[:k+1], []byte{'\n'}))
		ls.n = copy(ls.buf, held[k+1:])
		ls.whole = false // what is left is the start of a line
		return c, true
	case ls.eof: // the last line, without a line end
		c := ls.cut(held, len(held))
		ls.line++
		ls.n, ls.whole = 0, false
		return c, true
	}
	// A full buffer without a line end: the line is too long. Keep its start, skip the rest.
	rej := &Reject{Problem: problem(TooLong, "line longer than %d bytes", MaxLine), Line: ls.line, Raw: string(held[:RawLimit]), Size: int64(ls.n)}
	ls.line++
	ls.n = 0
	for {
		ls.fill()
		if ls.n == 0 {
			break
		}
		if k := bytes.IndexByte(ls.buf[:ls.n], '\n'); k >= 0 {
			rej.Size += int64(k)
			ls.n = copy(ls.buf, ls.buf[k+1:ls.n])
			ls.whole = bytes.IndexByte(ls.buf[:ls.n], '\n') >= 0
			break
		}
		rej.Size += int64(ls.n)
		ls.n = 0
	}
	return chunk{long: rej, first: rej.Line}, true
}

// cut makes the chunk of held[:n], the buffer's whole lines. Transient, the text is the buffer
// itself, and reading goes on in a spare buffer (the caller copies held's rest to its start);
// otherwise the text is a copy.
func (ls *lineSplitter) cut(held []byte, n int) chunk {
	if !ls.transient {
		return chunk{text: string(held[:n]), first: ls.line}
	}
	c := chunk{text: unsafe.String(&held[0], n), first: ls.line, block: ls.buf}
	select {
	case ls.buf = <-ls.spare:
	default:
		ls.buf = make([]byte, MaxLine+2)
		blocksMade.Add(1)
	}
	return c
}

// blocksMade counts the blocks transient reads have made, for the tests: a read makes as many
// as are under way at once (a dozen), not one for each block of its input.
var blocksMade atomic.Int64

// release hands back the buffer of a transient chunk whose batch was read: it is read into
// again. Safe on any goroutine.
func (ls *lineSplitter) release(block []byte) {
	select {
	case ls.spare <- block:
	default:
	}
}

// decodeChunk decodes every line of c into b, with the names of the responses made shared
// copies when names is not nil.
func decodeChunk(dec *Decoder, c chunk, b *Batch, names *localNames) {
	b.Unkeyed = dec.Mapping.NoID()
	if c.long != nil {
		b.Records++
		b.Rejects = append(b.Rejects, *c.long)
		return
	}
	text, n := c.text, c.first
	for ; text != ""; n++ {
		var line string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			line, text = text, ""
		}
		line = strings.TrimPrefix(strings.TrimSuffix(line, "\r"), bom)
		if skipSpace(line, 0) == len(line) {
			continue // blank lines are not records
		}
		if len(line) > MaxLine {
			b.Records++
			b.Rejects = append(b.Rejects, Reject{Problem: problem(TooLong, "line longer than %d bytes", MaxLine), Line: n, Raw: line[:RawLimit], Size: int64(len(line))})
			continue
		}
		b.add(n, line, func(r *model.Response) Problem { return dec.DecodeJSON(line, n, r) })
		if len(b.Responses) > len(b.Hashes) {
			r := &b.Responses[len(b.Responses)-1]
			b.Hashes = append(b.Hashes, model.IDHash(r.ID))
			if names != nil {
				names.own(r)
			}
		}
	}
}
