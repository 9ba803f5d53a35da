package tui

import "github.com/npsboard/npsboard/model"

// comment is a response's comment waiting to be cut into terms: its text is at off in a block
// of its queue's texts, and its queue and agent are an index in the board's whos. 24 bytes and
// no pointer: a month of a large floor has 300,000 waiting, which the collector then need not
// look into.
type comment struct {
	at       int64  // Unix milliseconds
	block    uint32 // the number of the text's block
	off, n   uint32
	whoClass uint32 // who, and the class in the top two bits
}

func (c *comment) who() uint32        { return c.whoClass &^ (3 << 30) }
func (c *comment) class() model.Class { return model.Class(c.whoClass >> 30) }

// commentQueue holds the comments waiting to be cut, oldest first, and their texts, in pieces
// that never move: chunks of records and blocks of texts. The oldest go by whole pieces, as they
// are cut or dropped, so that what waits never holds the room of what went, and nothing is
// copied as it grows (a single slice grown by append held up to twice what waited, and a copy of
// it while it grew, as a month of history loaded).
type commentQueue struct {
	chunks [][]comment // chunks[0][head:] and the others wait
	head   int
	n      int
	blocks [][]byte // the texts, in the order of the comments
	first  uint32   // the number of blocks[0]
}

// queueChunk is how many records a chunk holds; textBlock how many bytes a block of texts does,
// unless one text is longer (a comment may be as long as a record): it then has a block of its own.
const (
	queueChunk = 4096
	textBlock  = 256 << 10
)

// Len is how many comments wait.
func (q *commentQueue) Len() int { return q.n }

// Push adds a comment, copying its text.
func (q *commentQueue) Push(at int64, class model.Class, who uint32, text string) {
	nb := len(q.blocks)
	if nb == 0 || len(q.blocks[nb-1])+len(text) > cap(q.blocks[nb-1]) {
		q.blocks = append(q.blocks, make([]byte, 0, max(textBlock, len(text))))
		nb++
	}
	b := &q.blocks[nb-1]
	off := len(*b)
	*b = append(*b, text...)
	if nc := len(q.chunks); nc == 0 || len(q.chunks[nc-1]) == queueChunk {
		q.chunks = append(q.chunks, make([]comment, 0, queueChunk))
	}
	c := &q.chunks[len(q.chunks)-1]
	*c = append(*c, comment{at: at, block: q.first + uint32(nb-1), off: uint32(off), n: uint32(len(text)), whoClass: who | uint32(class)<<30})
	q.n++
}

// Pop takes the oldest comment and its text.
func (q *commentQueue) Pop() (comment, string) {
	c := q.chunks[0][q.head]
	text := q.text(&c)
	q.Drop(1)
	return c, text
}

// text is a waiting comment's text, copied.
func (q *commentQueue) text(c *comment) string {
	return string(q.blocks[c.block-q.first][c.off : c.off+c.n])
}

// Drop lets the k oldest comments go (all of them when k is more).
func (q *commentQueue) Drop(k int) {
	k = min(k, q.n)
	q.n -= k
	for k > 0 {
		step := min(k, len(q.chunks[0])-q.head)
		clear(q.chunks[0][q.head : q.head+step])
		q.head += step
		k -= step
		if q.head == len(q.chunks[0]) && (len(q.chunks) > 1 || q.head == queueChunk) {
			q.chunks[0] = nil
			q.chunks, q.head = q.chunks[1:], 0
		}
	}
	if q.n == 0 { // nothing waits: the newest pieces are kept empty for what comes next, at a live pace
		if nc := len(q.chunks); nc > 0 {
			q.chunks = append(q.chunks[:0], q.chunks[nc-1][:0])
			clear(q.chunks[1:nc])
		}
		q.head = 0
		if nb := len(q.blocks); nb > 0 {
			q.first += uint32(nb - 1)
			q.blocks = append(q.blocks[:0], q.blocks[nb-1][:0])
			clear(q.blocks[1:nb])
		}
		return
	}
	// The blocks before the oldest waiting comment's hold nothing that waits.
	oldest := q.chunks[0][q.head].block
	for q.first < oldest {
		q.blocks[0] = nil
		q.blocks, q.first = q.blocks[1:], q.first+1
	}
}

// held is the records and the bytes of text the queue holds, waiting or not: what it keeps room for.
func (q *commentQueue) held() (records, bytes int) {
	for _, c := range q.chunks {
		records += len(c)
	}
	for _, b := range q.blocks {
		bytes += cap(b)
	}
	return records - q.head, bytes
}
