package feed

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"github.com/npsboard/npsboard/model"
)

const (
	// MaxLine is the longest record accepted, in bytes, without its line end.
	MaxLine = 1 << 20
	// RawLimit is how much of a too-long line is kept to show what it was.
	RawLimit = 4 << 10

	bom = "\uFEFF"

	smallRead = 16 << 10
)

// chunk is a block of whole lines of a stream, or a single line too long to hold.
type chunk struct {
	text  string  // whole lines; the last may lack its '\n' at the end of the stream
	first int64   // number of the first line of text (1-based)
	long  *Reject // set instead of text for a line longer than the buffer
}

// lineSplitter cuts a stream into chunks of whole lines. Its buffer holds MaxLine plus a CRLF,
// so that any line of acceptable length fits; a longer line is skipped as it streams past,
// keeping only its start, so that a line without end never fills memory.
type lineSplitter struct {
	r    io.Reader
	buf  []byte
	n    int   // bytes held in buf
	line int64 // number of the next line
	eof  bool
	err  error // the read error that ended the stream, other than EOF
}

func newLineSplitter(r io.Reader) *lineSplitter {
	return &lineSplitter{r: r, buf: make([]byte, MaxLine+2), line: 1}
}

// fill reads until the buffer is full or the stream ends, or until a read comes back small with
// a whole line in it. A file fills the buffer at every read, and a pipe whose writer is ahead of
// us fills the pipe's buffer (64 KiB on Linux); a live feed's reads hold a few lines, which are
// handed over as they arrive instead of waiting for a megabyte of them.
func (ls *lineSplitter) fill() {
	for ls.n < len(ls.buf) && !ls.eof {
		want := len(ls.buf) - ls.n
		m, err := ls.r.Read(ls.buf[ls.n:])
		ls.n += m
		if err != nil {
			ls.eof = true
			if !errors.Is(err, io.EOF) {
				ls.err = err
			}
		}
		if m < want && m < smallRead && bytes.IndexByte(ls.buf[ls.n-m:ls.n], '\n') >= 0 {
			return
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
		c := chunk{text: string(held[:k+1]), first: ls.line}
		ls.line += int64(bytes.Count(held[:k+1], []byte{'\n'}))
		ls.n = copy(ls.buf, held[k+1:])
		return c, true
	case ls.eof: // the last line, without a line end
		c := chunk{text: string(held), first: ls.line}
		ls.line++
		ls.n = 0
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
			break
		}
		rej.Size += int64(ls.n)
		ls.n = 0
	}
	return chunk{long: rej, first: rej.Line}, true
}

// decodeChunk decodes every line of c into b.
func decodeChunk(dec *Decoder, c chunk, b *Batch) {
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
	}
}
