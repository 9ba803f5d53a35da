package model

// Table numbers values, each once, so that a record kept by the hundred thousand holds a
// 4-byte number, with no pointer for the collector to follow, instead of the value. What
// bounds the number of values is the user's to say.
type Table[K comparable] struct {
	values []K
	index  map[K]uint32
}

// Find is the number of v, if it has one.
func (t *Table[K]) Find(v K) (uint32, bool) {
	i, ok := t.index[v]
	return i, ok
}

// Of is the number of v, given to it when new.
func (t *Table[K]) Of(v K) uint32 {
	if i, ok := t.index[v]; ok {
		return i
	}
	if t.index == nil {
		t.index = make(map[K]uint32)
	}
	i := uint32(len(t.values))
	t.values = append(t.values, v)
	t.index[v] = i
	return i
}

// At is the value numbered i.
func (t *Table[K]) At(i uint32) K { return t.values[i] }

// Len is how many values have a number.
func (t *Table[K]) Len() int { return len(t.values) }
