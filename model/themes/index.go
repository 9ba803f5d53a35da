package themes

import (
	"math/bits"
	"strings"
	"time"

	"github.com/npsboard/npsboard/model"
)

// Index keeps the terms of comments, each with its time and class, so that themes can be
// counted over any window. Its terms come from one analyzer, by their ids. Memory follows the
// comments kept and the vocabulary: past MaxComments comments the oldest are dropped; terms past
// the analyzer's MaxTerms are not counted (Over says how many were left out).
type Index struct {
	terms []Term // by id
	// docs are the comments in chunks of docChunk that never move as they grow; docs[0][head:]
	// are the first kept.
	docs  [][]doc
	head  int
	ndocs int
	// blocks hold the terms of every comment, one after the other, blockSize ids a block: they
	// never move as they grow, and the oldest go whole.
	blocks     [][]uint32
	firstBlock uint32 // the number of blocks[0]
	Over       struct{ Terms, Comments int64 }
	// Max is how many comments it keeps: MaxComments unless set.
	Max int
	// Topics, when set, are matched as each comment is added, and counted with it.
	Topics *Topics
	hits   []int
	// names number the queues and the agents' names comments come from, and pairs an agent
	// of a queue, so that a queue's or an agent's themes can be counted (0 is none).
	names map[string]uint32
	pairs map[[2]uint32]uint32
}

type doc struct {
	at         int64     // Unix milliseconds
	topics     [2]uint64 // the topics it mentions, a bit each (MaxTopics ≤ 128)
	queue      uint32    // numbered in names; 0 when not kept
	agent      uint32
	block      uint32
	start, end uint16 // in the block
	class      model.Class
}

// docChunk is the comments of a chunk of docs.
const docChunk = 4096

// blockSize is the ids of a block (offsets in it are 16 bits); a comment's terms fit in one
// (MaxWordsPerComment·3 of them at most).
const blockSize = 1<<16 - 1

// MaxComments bounds an index: a month of a large center's comments.
const MaxComments = 2_000_000

// NewIndex makes an empty index.
func NewIndex() *Index { return &Index{Max: MaxComments} }

// Add keeps a comment's terms.
func (x *Index) Add(at time.Time, class model.Class, terms []Term) { x.AddIn(at, class, terms, "", "") }

// maxNames bounds the queues and agents an index tells apart; past it, comments count for the
// floor only.
const maxNames = model.MaxQueues + model.MaxAgents

// nameID numbers a name (a queue's, an agent's), 0 for "" and past maxNames.
func (x *Index) nameID(name string) uint32 {
	if name == "" {
		return 0
	}
	if id, ok := x.names[name]; ok {
		return id
	}
	if x.names == nil {
		x.names = map[string]uint32{}
	}
	if len(x.names) >= maxNames {
		return 0
	}
	id := uint32(len(x.names) + 1)
	x.names[strings.Clone(name)] = id
	return id
}

// agentID numbers an agent of a queue, 0 when either is not numbered.
func (x *Index) agentID(queue uint32, agent string, add bool) uint32 {
	var a uint32
	if add {
		a = x.nameID(agent)
	} else {
		a = x.names[agent]
	}
	if queue == 0 || a == 0 {
		return 0
	}
	k := [2]uint32{queue, a}
	if id, ok := x.pairs[k]; ok || !add {
		return id
	}
	if x.pairs == nil {
		x.pairs = map[[2]uint32]uint32{}
	}
	if len(x.pairs) >= maxNames {
		return 0
	}
	id := uint32(len(x.pairs) + 1)
	x.pairs[k] = id
	return id
}

// AddIn keeps a comment's terms, from a queue and an agent ("" when none).
func (x *Index) AddIn(at time.Time, class model.Class, terms []Term, queue, agent string) {
	for x.ndocs >= x.Max && len(x.blocks) > 0 {
		x.drop()
	}
	n := len(x.blocks)
	if n == 0 || len(x.blocks[n-1])+len(terms) > blockSize {
		x.blocks = append(x.blocks, make([]uint32, 0, blockSize))
		n++
	}
	b := &x.blocks[n-1]
	start := len(*b)
	for _, t := range terms {
		if t.ID == NoID {
			x.Over.Terms++
			continue
		}
		for int(t.ID) >= len(x.terms) {
			x.terms = append(x.terms, Term{ID: NoID})
		}
		if x.terms[t.ID].ID == NoID {
			x.terms[t.ID] = t // the first time it is seen: how it was written then
		}
		*b = append(*b, t.ID)
	}
	d := doc{at: at.UnixMilli(), block: x.firstBlock + uint32(n-1), start: uint16(start), end: uint16(len(*b)), class: class,
		queue: x.nameID(queue)}
	if agent != "" {
		d.agent = x.agentID(d.queue, agent, true)
	}
	if x.Topics != nil {
		x.hits = x.Topics.Match(terms, x.hits[:0])
		for _, i := range x.hits {
			d.topics[i/64] |= 1 << (i % 64)
		}
	}
	if n := len(x.docs); n == 0 || len(x.docs[n-1]) == docChunk {
		x.docs = append(x.docs, make([]doc, 0, docChunk))
	}
	last := &x.docs[len(x.docs)-1]
	*last = append(*last, d)
	x.ndocs++
}

// drop lets the comments of the oldest block go.
func (x *Index) drop() {
	for len(x.docs) > 0 {
		c := x.docs[0]
		for x.head < len(c) && c[x.head].block == x.firstBlock {
			x.head++
			x.ndocs--
			x.Over.Comments++
		}
		if x.head < len(c) || len(c) < docChunk {
			break
		}
		x.docs[0] = nil // a whole chunk gone
		x.docs, x.head = x.docs[1:], 0
	}
	x.blocks[0] = nil
	x.blocks = x.blocks[1:]
	x.firstBlock++
}

// Comments is how many comments the index keeps.
func (x *Index) Comments() int { return x.ndocs }

// ids are a comment's terms.
func (x *Index) ids(d *doc) []uint32 { return x.blocks[d.block-x.firstBlock][d.start:d.end] }

// Counts are, for the comments in sp, how many of each class hold each term (by term id), and
// how many comments of each class there are.
type Counts struct {
	Terms   []Term
	ByClass [3][]int64
	All     []int64
	N       [3]int64
	// Topics are, by topic (the index's Topics.Names), the comments of each class mentioning it.
	Topics [][3]int64
}

// Count counts the comments in sp.
func (x *Index) Count(sp model.Span) *Counts { return x.CountIn(sp, "", "") }

// CountIn counts the comments in sp of a queue, or of an agent of a queue ("" for all).
func (x *Index) CountIn(sp model.Span, queue, agent string) *Counts {
	var q, a uint32
	switch {
	case agent != "":
		if a = x.agentID(x.names[queue], agent, false); a == 0 {
			return x.empty()
		}
	case queue != "":
		if q = x.names[queue]; q == 0 {
			return x.empty()
		}
	}
	c := x.empty()
	for ci, chunk := range x.docs {
		from := 0
		if ci == 0 {
			from = x.head
		}
		for i := from; i < len(chunk); i++ {
			x.count(c, &chunk[i], q, a, sp)
		}
	}
	return c
}

// count counts one comment into c, if it is of the queue (q) or agent (a) and in sp.
func (x *Index) count(c *Counts, d *doc, q, a uint32, sp model.Span) {
	if q != 0 && d.queue != q || a != 0 && d.agent != a || !sp.Contains(time.UnixMilli(d.at)) {
		return
	}
	c.N[d.class]++
	for w, bits := range d.topics {
		for ; bits != 0; bits &= bits - 1 {
			c.Topics[w*64+bits64(bits)][d.class]++
		}
	}
	by := c.ByClass[d.class]
	for _, id := range x.ids(d) {
		by[id]++
		c.All[id]++
	}
}

// empty is the counts of no comment.
func (x *Index) empty() *Counts {
	c := &Counts{Terms: x.terms, All: make([]int64, len(x.terms))}
	for k := range c.ByClass {
		c.ByClass[k] = make([]int64, len(x.terms))
	}
	if x.Topics != nil {
		c.Topics = make([][3]int64, len(x.Topics.Names))
	}
	return c
}

// Themes are the terms detractors' comments hold more than promoters', in sp.
func (x *Index) Themes(sp model.Span) []Theme { return x.Count(sp).Themes() }

// Themes ranks the counts' terms (Rank).
func (c *Counts) Themes() []Theme {
	return Rank(c.Terms, c.ByClass[model.Detractor], c.ByClass[model.Promoter], c.All, c.N[model.Detractor], c.N[model.Promoter],
		c.N[0]+c.N[1]+c.N[2])
}

func bits64(b uint64) int { return bits.TrailingZeros64(b) }

// Emerging are the terms detractors' comments hold in sp more than in the span before it of
// equal length (sp.Previous): the same statistic, the earlier window in the promoters' place.
// None for an unbounded span.
func (x *Index) Emerging(sp model.Span, queue, agent string) []Theme {
	prev, ok := sp.Previous()
	if !ok {
		return nil
	}
	now, before := x.CountIn(sp, queue, agent), x.CountIn(prev, queue, agent)
	a, b := now.ByClass[model.Detractor], before.ByClass[model.Detractor]
	prior := make([]int64, len(a))
	for i := range a {
		prior[i] = a[i] + b[i]
	}
	na, nb := now.N[model.Detractor], before.N[model.Detractor]
	return Rank(now.Terms, a, b, prior, na, nb, na+nb)
}
