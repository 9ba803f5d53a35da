package main

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// y reaches the terminal as OSC 52, the text in base64 (so that an escape in a customer id
// cannot reach the terminal), once plain and once wrapped for tmux's passthrough inside tmux.
func TestTheClipboardIsSetWithOSC52(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want []string
	}{
		{map[string]string{"TERM": "xterm-256color"}, []string{"\x1b]52;c;%s\x07"}},
		{map[string]string{"TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"},
			[]string{"\x1b]52;c;%s\x07", "\x1bPtmux;\x1b\x1b]52;c;%s\x07\x1b\\"}},
		{map[string]string{"TERM": "screen"}, []string{"\x1bP\x1b]52;c;%s\x07\x1b\\"}},
	} {
		f, err := os.Create(filepath.Join(t.TempDir(), "tty"))
		if err != nil {
			t.Fatal(err)
		}
		term := &terminal{File: f}
		text := "C-1\x1b]0;owned\x07"
		term.clipboard(func(k string) string { return c.env[k] })(text)
		f.Close()
		got, _ := os.ReadFile(f.Name())
		b64 := base64.StdEncoding.EncodeToString([]byte(text))
		want := ""
		for _, w := range c.want {
			want += strings.ReplaceAll(w, "%s", b64)
		}
		if string(got) != want {
			t.Errorf("%v: wrote %q, want %q", c.env, got, want)
		}
	}
}
