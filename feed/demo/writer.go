package demo

import (
	"io"
	"math/rand/v2"
	"strings"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
)

// Writer writes a center's responses as JSON lines. With Dirty above zero, that share of the
// responses is followed by a line of the dirt real feeds carry: a re-sent duplicate, or a record
// that must be rejected (cut short, a score of 11, no queue, an unreadable time, not an object).
type Writer struct {
	center *Center
	w      io.Writer
	dirty  float64
	rng    *rand.Rand
	buf    []byte
}

func NewWriter(w io.Writer, c *Center, dirty float64) *Writer {
	return &Writer{center: c, w: w, dirty: dirty, rng: rand.New(rand.NewPCG(c.seed, 0x6469727479))}
}

// Write writes one response, and maybe a line of dirt after it.
func (w *Writer) Write(r *model.Response) error {
	w.buf = appendLine(w.buf[:0], r)
	if w.dirty > 0 && w.rng.Float64() < w.dirty {
		w.buf = w.appendDirt(w.buf, r)
	}
	_, err := w.w.Write(w.buf)
	return err
}

func appendLine(b []byte, r *model.Response) []byte {
	return append(feed.AppendJSON(b, r), '\n')
}

func (w *Writer) appendDirt(b []byte, r *model.Response) []byte {
	bad := *r
	bad.ID += "-x"
	line := string(appendLine(nil, &bad))
	switch w.rng.IntN(6) {
	case 0: // a webhook retry: the same response again
		return append(b, appendLine(nil, r)...)
	case 1:
		return append(append(b, line[:len(line)/2]...), '\n')
	case 2:
		return append(b, strings.Replace(line, `"score":`, `"score":11,"was":`, 1)...)
	case 3:
		return append(b, strings.Replace(line, `"queue":`, `"queue_name":`, 1)...)
	case 4:
		return append(b, strings.Replace(line, `"ts":"`, `"ts":"yesterday `, 1)...)
	}
	return append(b, "[\"not\",\"an\",\"object\"]\n"...)
}
