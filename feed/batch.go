package feed

import (
	"context"
	"io"
	"runtime"
	"sync"

	"github.com/npsboard/npsboard/model"
)

// Batch is what a source delivers at once: the responses it decoded, in order and not yet
// checked for duplicates, and the records it rejected.
type Batch struct {
	Records   int64 // non-blank records read: len(Responses) + len(Rejects)
	Responses []model.Response
	Rejects   []Reject
	// Unkeyed says the responses have no ids of their own (they are named after their place in
	// the source), so duplicates cannot be told and none are dropped.
	Unkeyed bool
	// Hashes, when as long as Responses, are the IDHash of each response's id, computed where
	// it was decoded (see Intake.Take).
	Hashes []uint64
	block  []byte // the block of input its strings point into, when it is to be read into again
}

// Reset empties the batch for reuse.
func (b *Batch) Reset() { b.reset() }

func (b *Batch) reset() {
	b.Records = 0
	b.Unkeyed = false
	// Cleared, not only cut: a pooled batch's old responses would keep their blocks of input
	// alive (tens of megabytes once a big file is read).
	clear(b.Responses)
	clear(b.Rejects)
	b.Responses = b.Responses[:0]
	b.Rejects = b.Rejects[:0]
	b.Hashes = b.Hashes[:0]
}

// add decodes one record, the n-th of its source with text raw, into a new response of the
// batch, and sets the record aside with its problem if it is not one.
func (b *Batch) add(n int64, raw string, decode func(*model.Response) Problem) {
	b.Records++
	b.Responses = append(b.Responses, model.Response{})
	if p := decode(&b.Responses[len(b.Responses)-1]); !p.OK() {
		b.Responses = b.Responses[:len(b.Responses)-1]
		b.Rejects = append(b.Rejects, Reject{Problem: p, Line: n, Raw: raw})
	}
}

// Decode decodes the n-th record of a source, one JSON object as a relay or a stream carries
// it, into a new response of the batch, or sets it aside with its problem.
func (b *Batch) Decode(n int64, raw []byte, dec *Decoder) {
	if len(raw) > MaxLine {
		b.tooLong(n, string(raw[:RawLimit]), len(raw))
		return
	}
	item := string(raw)
	b.add(n, item, func(r *model.Response) Problem { return dec.DecodeJSON(item, n, r) })
}

// tooLong sets aside the n-th record, of size bytes, longer than a record may be: its start
// is kept.
func (b *Batch) tooLong(n int64, start string, size int) {
	b.Records++
	b.Rejects = append(b.Rejects, Reject{Problem: problem(TooLong, "record longer than %d bytes", MaxLine), Line: n, Raw: start, Size: int64(size)})
}

// Reject is a record set aside, with its reason and where it was.
type Reject struct {
	Problem
	Line int64  // line (or row) number in the source, from 1
	Raw  string // the record's text; only its first RawLimit bytes when Size says it was longer
	Size int64  // the record's length in bytes when Raw holds only its start, else 0
}

// ReadJSONLines reads a stream of JSON lines to its end and calls fn with the batch of each block
// of lines, in the order of the stream. Blocks are decoded on every core while fn runs, so fn
// (deduplication and counting, which need the order) is the only serial part.
//
// The batch is reused once fn returns. The strings of its responses stay valid, but they may
// share memory with a block of the input: a caller that keeps one for long copies it. It stops
// at the first error of fn or of reading, or when ctx ends, and returns it.
func ReadJSONLines(ctx context.Context, r io.Reader, dec *Decoder, fn func(*Batch) error) error {
	return readJSONLines(ctx, r, dec, fn, false)
}

// readJSONLines is ReadJSONLines; when transient, fn keeps nothing of a batch once it returns
// (not even a string: a report counts and clones what it keeps), and the block of input the
// batch's strings point into is read into again.
func readJSONLines(ctx context.Context, r io.Reader, dec *Decoder, fn func(*Batch) error, transient bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := runtime.GOMAXPROCS(0)
	type job struct {
		c   chunk
		out chan *Batch
	}
	jobs := make(chan job, workers)
	order := make(chan chan *Batch, 2*workers) // results in stream order, as they will be
	pool := sync.Pool{New: func() any { return new(Batch) }}
	var wg sync.WaitGroup
	var readErr error

	ls := newLineSplitter(r)
	ls.transient = transient
	wg.Go(func() {
		defer close(jobs)
		defer close(order)
		defer ls.stop()
		for {
			c, ok := ls.next()
			if !ok {
				readErr = ls.err
				return
			}
			out := make(chan *Batch, 1)
			select {
			case order <- out:
			case <-ctx.Done():
				readErr = ctx.Err()
				return
			}
			jobs <- job{c, out} // a worker always takes it: workers stop only when jobs closes
		}
	})
	shared := &sharedNames{m: make(map[string]string)}
	for range workers {
		wg.Go(func() {
			names := shared.local()
			names.copyPast = transient
			for j := range jobs {
				b := pool.Get().(*Batch)
				b.reset()
				decodeChunk(dec, j.c, b, names)
				b.block = j.c.block
				j.out <- b
			}
		})
	}

	var err error
	for out := range order {
		b := <-out
		if err == nil {
			if err = ctx.Err(); err == nil {
				err = fn(b)
			}
			if err != nil {
				cancel() // stop the reader; the loop drains what is under way
			}
		}
		if b.block != nil { // transient: fn is done with the block; it is read into again
			ls.release(b.block)
			b.block = nil
		}
		pool.Put(b)
	}
	wg.Wait()
	if err != nil {
		return err
	}
	return readErr
}
