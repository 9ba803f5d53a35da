package feed

import "testing"

func TestClean(t *testing.T) {
	cases := []struct {
		name, in, want string
		keepLines      bool
	}{
		{"plain text is kept", "Maya Chen", "Maya Chen", false},
		{"surrounding space is trimmed", "  billing\t", "billing", false},
		{"colour codes go whole", "\x1b[1;31mRED\x1b[0m alert", "RED alert", false},
		{"a window title change goes whole", "a\x1b]0;owned\x07b", "ab", false},
		{"an OSC 52 clipboard write ended by ST goes whole", "x\x1b]52;c;ZXZpbA==\x1b\\y", "xy", false},
		{"a DCS goes whole", "x\x1bP1$r0m\x1b\\y", "xy", false},
		{"a terminal reset goes", "x\x1bcy", "xy", false},
		{"a charset switch goes", "x\x1b(0y", "xy", false},
		{"an 8-bit CSI goes whole", "x\u009b31my", "xy", false},
		{"an 8-bit OSC goes up to the 8-bit ST", "x\u009d0;t\u009cy", "xy", false},
		{"an unterminated OSC swallows the rest", "ok\x1b]0;never ends", "ok", false},
		{"other controls go", "a\x00b\x07c\x08d\x7fe", "abcde", false},
		{"tabs become spaces", "a\tb", "a b", false},
		{"newlines become spaces on one line", "line one\r\nline two\rthree\nfour", "line one line two three four", false},
		{"newlines are kept when asked", "line one\r\nline two\u2028three", "line one\nline two\nthree", true},
		{"bidi overrides go", "abc\u202edcba\u202c", "abcdcba", false},
		{"isolates and marks go", "\u2066x\u2069\u200f", "x", false},
		{"zero-width characters go", "pay\u200bpal\ufeff\u2060", "paypal", false},
		{"invalid UTF-8 becomes a replacement character", "caf\xe9!", "caf\ufffd!", false},
		{"wide and accented text is kept", "été 東京 😀", "été 東京 😀", false},
		{"variation selectors go", "❤\ufe0f", "❤", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Clean(c.in, c.keepLines); got != c.want {
				t.Errorf("Clean(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestCleanDoesNotAllocateForPlainText(t *testing.T) {
	s := "Quick and friendly, sorted my bill in minutes"
	if n := testing.AllocsPerRun(100, func() { _ = Clean(s, true) }); n != 0 {
		t.Fatalf("Clean allocated %v times", n)
	}
}
