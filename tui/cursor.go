package tui

// cursor is the selection of a table or a list, and its first row in sight. It follows the
// selected item by its key as the rows change (new ones above it, a new order), and stays at
// the same place when that item is gone, so that the next one is selected.
type cursor[K comparable] struct {
	sel, offset int
	key         K
}

// follow finds the selected item again among n rows, whose keys keyOf gives, and keeps it on
// the line of the view it was on: rows that come above it, or a new order, move what is above
// and below, never the row the person is looking at.
func (c *cursor[K]) follow(n int, keyOf func(i int) K) {
	line := c.sel - c.offset
	for i := range n {
		if keyOf(i) == c.key {
			c.sel = i
			c.offset = max(0, i-line)
			break
		}
	}
	c.clamp(n, keyOf)
}

// move moves the selection by delta rows.
func (c *cursor[K]) move(delta, n int, keyOf func(i int) K) {
	c.sel += delta
	c.clamp(n, keyOf)
}

func (c *cursor[K]) clamp(n int, keyOf func(i int) K) {
	c.sel = min(max(c.sel, 0), max(n-1, 0))
	if n > 0 {
		c.key = keyOf(c.sel)
	}
}

// inSight scrolls so that the selection is among the h rows shown of n, and returns the first.
func (c *cursor[K]) inSight(n, h int) int {
	c.offset = scrolled(c.sel, c.offset, n, h)
	return c.offset
}

// rowAt is the row shown on line y of the rows (0 is the first row under any heading), or −1.
func (c *cursor[K]) rowAt(y, n int) int {
	if i := c.offset + y; y >= 0 && i < n {
		return i
	}
	return -1
}

// scrolled is the first row to show of n, h at a time, so that sel is on screen, moving offset
// as little as it can.
func scrolled(sel, offset, n, h int) int {
	if sel < offset {
		offset = sel
	}
	if sel >= offset+h {
		offset = sel - h + 1
	}
	return min(max(offset, 0), max(0, n-h))
}
