package feed

import "math/bits"

// The quick path: nearly every line of a real feed, and every line npsboard writes, is one flat
// object written compactly, {"key":value,...}, with no white space between tokens, no escapes
// and no control characters. Such a line is read here in one pass over its bytes, eight at a
// time, which finds its quotes in order and says whether it holds a backslash, a control
// character or a byte that is not printable ASCII. With no backslash and no control character a
// string ends at the next quote, so the members are read from the quotes alone; with only
// printable ASCII the texts need no cleaning but a trim. A line of any other form (white space
// between tokens, escapes, nested values, anything invalid) is not judged here: quick says so,
// and the general scanner reads it again from the start, with every check.

const lows = 0x7f7f7f7f7f7f7f7f

// eqMask has the high bit set in exactly the bytes of x equal to c: no borrow runs from one byte
// to the next, unlike hasByte's.
func eqMask(x uint64, c byte) uint64 {
	y := x ^ ones*uint64(c)
	return ^((y&lows + lows) | y) & highs
}

// quick reads line s into f when it has the compact form above, and says whether it had. When
// it had not, f holds partial values and must not be used.
func (f *fields) quick(s string) bool {
	n := len(s)
	if n < 8 || s[0] != '{' || s[n-1] != '}' {
		return false
	}
	// The words of s are read as the walk needs their quotes: quotes holds the quotes not
	// taken yet of the word at base; next is where the word after it begins; all gathers the
	// bits of the words read: a high bit is a byte past ASCII. A word with a backslash, a
	// control character or DEL ends the quick path there (as rare as they are, they are the
	// general scanner's), so that such a line is not read to its end twice.
	var quotes, all uint64
	next, base := 0, 0
	var slot *value // where the member being read goes (nil: a member not used)
	// Every quote is taken in order, and numbers and literals hold none: a key or a string
	// begins at i exactly when the next quote is at i. The walk goes from quote to quote.
	const (
		keyOpens = iota
		keyCloses
		textOpens
		textCloses
	)
	i, state := 1, keyOpens
	for {
		for quotes == 0 {
			if next >= n {
				return false // a quote is missing
			}
			base = next
			var x, fresh uint64
			if next+8 <= n {
				x, fresh = load8(s, next), ^uint64(0)
			} else { // the last eight bytes, whose first were seen: fresh drops them
				base = n - 8
				x, fresh = load8(s, base), ^uint64(0)<<(8*(next-base)&63)
			}
			all |= x
			// In seven bits no carry runs between bytes: +0x60 sets a byte's high bit unless
			// it is below 0x20, +1 sets it on DEL (0x7f), and a backslash is the one byte that
			// ^0x5c leaves at zero. printable marks 0x20–0x7e but '\\'.
			x7 := x & lows
			printable := (x7 + ones*0x60) & ((x7 ^ ones*'\\') + lows) &^ (x7 + ones)
			if ^(printable|x)&highs&fresh != 0 {
				return false // at once: the general scanner reads the line again
			}
			quotes = eqMask(x, '"') & fresh
			next = base + 8
		}
		q := base + bits.TrailingZeros64(quotes)>>3
		quotes &= quotes - 1
		switch state {
		case keyOpens:
			if q != i {
				return false
			}
			state = keyCloses
			continue
		case textOpens: // at i: s[i] is a quote
			state = textCloses
			continue
		case textCloses:
			if q >= n-1 {
				return false
			}
			if slot != nil {
				// The words read so far hold the string: when they are all ASCII, so is it
				// (and it holds no control byte, DEL or escape: they ended the walk).
				*slot = value{kind: kString, text: s[i+1 : q], plain: all&highs == 0}
			}
			i = q + 1
		case keyCloses:
			if q >= n-1 || s[q+1] != ':' {
				return false
			}
			slot = f.slot(s[i+1 : q])
			i = q + 2 // before n-1: s[q+1] is not the closing brace
			var v value
			switch c := s[i]; {
			case c == '"':
				state = textOpens
				continue
			case c >= '0' && c <= '9' && (s[i+1] == ',' || s[i+1] == '}'): // i < n-1: s[i] is no brace
				v, i = value{kind: kNumber, text: s[i : i+1]}, i+1 // one digit: a score, a CSAT
			case c == '-' || c >= '0' && c <= '9':
				end, ok := scanNumber(s, i) // ends at the closing brace at the latest
				if !ok {
					return false
				}
				v = value{kind: kNumber, text: s[i:end]}
				i = end
			case c == 't' && i+4 < n && s[i:i+4] == "true":
				v, i = value{kind: kBool, text: s[i : i+4]}, i+4
			case c == 'f' && i+5 < n && s[i:i+5] == "false":
				v, i = value{kind: kBool, text: s[i : i+5]}, i+5
			case c == 'n' && i+4 < n && s[i:i+4] == "null":
				v, i = value{kind: kNull, text: s[i : i+4]}, i+4
			default: // a container, white space or an error: the general scanner's
				return false
			}
			if slot != nil {
				*slot = v
			}
		}
		// After a value: a comma and the next key, or the end.
		if s[i] == ',' {
			i, state = i+1, keyOpens
			continue
		}
		if s[i] != '}' || i != n-1 {
			return false
		}
		// The bytes after the last quote were all checked here (a number, a literal, commas):
		// the words not read hold nothing odd.
		return true
	}
}
