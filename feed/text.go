package feed

import (
	"strings"
	"unicode/utf8"
)

// Clean makes untrusted text from a feed safe to draw on a terminal, once, when it is decoded:
//   - escape sequences (CSI, OSC, DCS, APC, PM, SOS, and two-byte escapes), in their 7-bit and
//     8-bit (C1) forms, are removed whole, so no colour, title, clipboard or reset reaches the
//     terminal and no parameter bytes are left behind as litter;
//   - other C0 and C1 controls and DEL are removed, a tab becomes a space;
//   - line breaks (LF, CR, CRLF, U+2028, U+2029) become a space, or a newline when keepLines;
//   - bidirectional formatting characters, zero-width characters, variation selectors, tag
//     characters and the soft hyphen are removed: they reorder or hide text, or make terminals
//     disagree with us on its width;
//   - invalid UTF-8 becomes U+FFFD, and surrounding white space is trimmed.
//
// Text that is already plain printable ASCII is returned as it is, without allocating.
func Clean(s string, keepLines bool) string {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if x := load8(s, i); (x&highs)|(x-ones*0x20)&^x&highs|hasByte(x, 0x7f) != 0 {
			return strings.TrimSpace(cleanSlow(s, keepLines))
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return strings.TrimSpace(cleanSlow(s, keepLines))
		}
	}
	return trimSpaces(s)
}

// trimSpaces trims the spaces around printable ASCII, the only white space it can hold.
func trimSpaces(s string) string {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}

const (
	esc = 0x1b
	bel = 0x07
)

func cleanSlow(s string, keepLines bool) string {
	var b strings.Builder
	b.Grow(len(s))
	lineBreak := func() {
		if keepLines {
			b.WriteByte('\n')
		} else {
			b.WriteByte(' ')
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == esc:
			i = skipEscape(s, i+1)
			continue
		case c == '\t':
			b.WriteByte(' ')
		case c == '\n':
			lineBreak()
		case c == '\r':
			if i+1 >= len(s) || s[i+1] != '\n' { // a CR of CRLF waits for its LF
				lineBreak()
			}
		case c < 0x20 || c == 0x7f:
			// dropped
		case c < utf8.RuneSelf:
			b.WriteByte(c)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			switch {
			case r == utf8.RuneError && size == 1:
				b.WriteRune(utf8.RuneError)
			case r == 0x9b: // CSI
				i = skipCSI(s, i)
			case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // OSC, DCS, SOS, PM, APC
				i = skipString(s, i)
			case r == '\u2028' || r == '\u2029':
				lineBreak()
			case invisible(r) || r >= 0x80 && r < 0xa0:
				// dropped
			default:
				b.WriteRune(r)
			}
			continue
		}
		i++
	}
	return b.String()
}

// skipEscape skips what follows an ESC at s[i-1] and returns the index after the sequence.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// nF escapes (ESC ( B, say) carry intermediate bytes before their final byte.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips a control sequence's parameter and intermediate bytes and its final byte.
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		i++
		if c >= 0x40 && c <= 0x7e {
			break
		}
		if c < 0x20 || c >= 0x7f { // not part of a well-formed sequence: stop at it
			return i - 1
		}
	}
	return i
}

// skipString skips the body of an OSC, DCS, SOS, PM or APC up to its terminator: BEL, ESC \,
// or the 8-bit ST. An unterminated one swallows the rest of the text, as a terminal would.
func skipString(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == bel:
			return i + 1
		case s[i] == esc && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case s[i] == 0xc2 && i+1 < len(s) && s[i+1] == 0x9c:
			return i + 2
		}
		i++
	}
	return i
}

// invisible reports the characters that reorder, hide or join text, or whose width terminals
// disagree on.
func invisible(r rune) bool {
	switch {
	case r == 0xad, r == 0x61c, r == 0x180e, r == 0xfeff:
		return true
	case r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2060 && r <= 0x206f:
		return true
	case r >= 0xfe00 && r <= 0xfe0f, r >= 0xfff9 && r <= 0xfffb:
		return true
	case r >= 0xe0000 && r <= 0xe007f, r >= 0xe0100 && r <= 0xe01ef:
		return true
	}
	return false
}
