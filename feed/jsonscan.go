package feed

import (
	"math/bits"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file is a validating scanner for one JSON text, written for the feed's hot path: it checks
// the whole text against RFC 8259 exactly as encoding/json.Valid does (the fuzz test holds the
// two to agreement), and hands back the top-level members of an object as substrings of the
// input, without building a tree and without allocating. encoding/json needs about 3 µs and 17
// allocations for a typical response line; this needs a tenth of that (see BenchmarkDecodeJSON).

// kind is the type of a JSON value.
type kind uint8

const (
	kNone kind = iota // absent
	kNull
	kBool
	kNumber
	kString
	kObject
	kArray
)

// value is a scanned JSON value: for strings, the text between the quotes, still escaped when
// esc is set; for numbers, the literal.
type value struct {
	kind kind
	text string
	esc  bool
	// plain says the text is printable ASCII without escapes, as the quick path found it
	// (jsonquick.go): cleaning it is trimming its spaces.
	plain bool
}

// str is the string value's text with its escapes resolved.
func (v value) str() string {
	if !v.esc {
		return v.text
	}
	return unescape(v.text)
}

// clean is the string value's text, resolved and cleaned (Clean).
func (v value) clean(keepLines bool) string {
	if v.plain {
		return trimSpaces(v.text)
	}
	return Clean(v.str(), keepLines)
}

// maxDepth is the nesting limit of encoding/json, so that the two agree on what is valid.
const maxDepth = 10000

var isSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace[s[i]] {
		i++
	}
	return i
}

// scanObject reads s as one JSON text. When it is an object, member is called with each
// member's key (its raw text and whether it has escapes) and value, in order. It returns whether
// s is valid JSON and whether it is an object.
func scanObject(s string, member func(key string, keyEsc bool, v value)) (valid, object bool) {
	var m members
	for m.start(s); m.next(); {
		member(m.key, m.keyEsc, m.v)
	}
	return m.valid, m.object
}

// members walks the members of one JSON text that is an object, in order, checking the whole
// text as it goes: the loop of a caller, with no call through a function value for each member
// (a record has a dozen, and the decoder's hot path is this loop).
//
//	for m.start(s); m.next(); { use m.key, m.keyEsc, m.v }
//	then m.valid and m.object say what scanObject says.
type members struct {
	s             string
	i             int
	key           string
	keyEsc        bool
	v             value
	valid, object bool
	done          bool
	first         bool
}

func (m *members) start(s string) {
	*m = members{s: s}
	i := skipSpace(s, 0)
	if i == len(s) || s[i] != '{' {
		end, ok := scanValue(s, i, 0, nil)
		m.valid, m.done = ok && skipSpace(s, end) == len(s), true
		return
	}
	m.object = true
	i = skipSpace(s, i+1)
	if i < len(s) && s[i] == '}' {
		m.valid, m.done = skipSpace(s, i+1) == len(s), true
		return
	}
	m.i, m.first = i, true
}

// next reads the next member; false at the end of the object, or at the first error.
func (m *members) next() bool {
	if m.done {
		return false
	}
	s, i := m.s, m.i
	if !m.first { // after a value: a comma and the next member, or the end
		i = skipSpace(s, i)
		if i >= len(s) {
			return m.fail()
		}
		switch s[i] {
		case ',':
			i = skipSpace(s, i+1)
		case '}':
			m.valid, m.done = skipSpace(s, i+1) == len(s), true
			return false
		default:
			return m.fail()
		}
	}
	m.first = false
	if i >= len(s) || s[i] != '"' {
		return m.fail()
	}
	kend, kesc, ok := scanString(s, i)
	if !ok {
		return m.fail()
	}
	m.key, m.keyEsc = s[i+1:kend-1], kesc
	i = skipSpace(s, kend)
	if i >= len(s) || s[i] != ':' {
		return m.fail()
	}
	i = skipSpace(s, i+1)
	end, ok := scanValue(s, i, 1, &m.v)
	if !ok {
		return m.fail()
	}
	m.i = end
	return true
}

func (m *members) fail() bool {
	m.valid, m.done = false, true
	return false
}

// scanValue checks the JSON value at s[i:], inside depth open containers, and returns the index
// after it. When v is not nil it describes the value (containers only by their kind).
func scanValue(s string, i, depth int, v *value) (int, bool) {
	if i >= len(s) {
		return i, false
	}
	var k kind
	end, ok := i, false
	switch c := s[i]; {
	case c == '"':
		var esc bool
		end, esc, ok = scanString(s, i)
		if ok && v != nil {
			*v = value{kind: kString, text: s[i+1 : end-1], esc: esc}
		}
		return end, ok
	case c == '-' || c >= '0' && c <= '9':
		end, ok = scanNumber(s, i)
		k = kNumber
	case c == '{' || c == '[':
		end, ok = scanContainer(s, i, depth)
		k = kObject
		if c == '[' {
			k = kArray
		}
	case strings.HasPrefix(s[i:], "true"):
		end, ok, k = i+4, true, kBool
	case strings.HasPrefix(s[i:], "false"):
		end, ok, k = i+5, true, kBool
	case strings.HasPrefix(s[i:], "null"):
		end, ok, k = i+4, true, kNull
	}
	if ok && v != nil {
		*v = value{kind: k, text: s[i:end]}
	}
	return end, ok
}

// scanString checks the string whose opening quote is s[i] and returns the index after its
// closing quote, and whether it holds escapes. Like encoding/json it does not check UTF-8 here:
// invalid bytes are replaced later, when the text is cleaned.
func scanString(s string, i int) (end int, esc, ok bool) {
	for i++; i < len(s); i++ {
		// Skip eight plain bytes at a time: the loop below sees only the bytes that matter.
		for i+8 <= len(s) {
			m := special8(load8(s, i))
			if m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		switch {
		case c == '"':
			return i + 1, esc, true
		case c < 0x20:
			return i, esc, false
		case c == '\\':
			esc = true
			i++
			if i >= len(s) {
				return i, esc, false
			}
			switch s[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) || !isHex(s[i+3]) || !isHex(s[i+4]) {
					return i, esc, false
				}
				i += 4
			default:
				return i, esc, false
			}
		}
	}
	return i, esc, false
}

// load8 reads eight bytes of s at i as a little-endian word (the compiler makes it one load).
func load8(s string, i int) uint64 {
	b := s[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// special8 has the high bit set in the byte of x that is the first quote, backslash or control
// character (bytes after the first may be marked falsely; only the first is used). These are
// the classic bit tricks "has zero byte" and "has byte less than n".
func special8(x uint64) uint64 {
	return hasByte(x, '"') | hasByte(x, '\\') | (x-ones*0x20)&^x&highs
}

// hasByte marks the bytes of x equal to c (exactly the first; see special8).
func hasByte(x uint64, c byte) uint64 {
	y := x ^ ones*uint64(c)
	return (y - ones) &^ y & highs
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// scanNumber checks the number at s[i:]: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func scanNumber(s string, i int) (int, bool) {
	if s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i++; i < len(s) && isDigit(s[i]); i++ {
		}
	default:
		return i, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for ; i < len(s) && isDigit(s[i]); i++ {
		}
		if i == start {
			return i, false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for ; i < len(s) && isDigit(s[i]); i++ {
		}
		if i == start {
			return i, false
		}
	}
	return i, true
}

// scanContainer checks the object or array that opens at s[i], inside depth open containers.
// It works iteratively: a line of a million '[' must not recurse a million deep.
func scanContainer(s string, i, depth int) (int, bool) {
	var buf [64]byte
	stack := buf[:0] // the closing bracket that each open container waits for
	opening, ok := true, true
	for {
		if opening { // s[i] opens a container
			if depth+len(stack) == maxDepth {
				return i, false
			}
			closer := byte(']')
			if s[i] == '{' {
				closer = '}'
			}
			stack = append(stack, closer)
			i = skipSpace(s, i+1)
			if i >= len(s) || s[i] != closer {
				if i, opening, ok = scanElement(s, i, closer); !ok {
					return i, false
				}
				continue
			}
			i++ // an empty container: close it below as if after its last element
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return i, true
			}
		}
		// After an element of the innermost open container.
		i = skipSpace(s, i)
		if i >= len(s) {
			return i, false
		}
		switch closer := stack[len(stack)-1]; s[i] {
		case ',':
			if i, opening, ok = scanElement(s, skipSpace(s, i+1), closer); !ok {
				return i, false
			}
		case closer:
			i++
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return i, true
			}
			opening = false
		default:
			return i, false
		}
	}
}

// scanElement checks one element of a container (for an object, a key, a colon and a value).
// When the value is itself a container it stops at its opening bracket and says so.
func scanElement(s string, i int, closer byte) (next int, opens, ok bool) {
	if closer == '}' {
		if i >= len(s) || s[i] != '"' {
			return i, false, false
		}
		end, _, ok := scanString(s, i)
		if !ok {
			return end, false, false
		}
		i = skipSpace(s, end)
		if i >= len(s) || s[i] != ':' {
			return i, false, false
		}
		i = skipSpace(s, i+1)
	}
	if i < len(s) && (s[i] == '{' || s[i] == '[') {
		return i, true, true
	}
	end, ok := scanValue(s, i, 0, nil) // not a container: depth does not matter
	return end, false, ok
}

// unescape resolves the escapes of a JSON string's text (already checked by scanString).
// Unpaired surrogates become U+FFFD, as encoding/json makes them.
func unescape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r := hex4(s[i+1:])
			i += 4
			if utf16.IsSurrogate(r) {
				if i+6 < len(s) && s[i+1] == '\\' && s[i+2] == 'u' {
					if pair := utf16.DecodeRune(r, hex4(s[i+3:])); pair != utf8.RuneError {
						b.WriteRune(pair)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			b.WriteRune(r)
		default: // " \ /
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func hex4(s string) rune {
	var r rune
	for _, c := range []byte(s[:4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}
