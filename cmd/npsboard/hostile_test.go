package main

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/tui"
)

// hostile is text a survey system may pass on from customers, or from a feed that was
// tampered with: every way text can change a terminal's state, title or clipboard, or break
// the alignment of a screen.
var hostile = []string{
	"\x1b[2J\x1b[H",                       // clear the screen, home the cursor
	"\x1b]0;pwned\x07",                    // set the window title
	"\x1b]52;c;Y3VybCBldmlsLnNo\x07",      // write the clipboard
	"\x1bP+q544e\x1b\\",                   // DCS: ask the terminal for its name
	"\x1b[?1049l\x1b[?25l",                // leave the alternate screen, hide the cursor
	"\u009b31m\u009d0;x\u009c",            // C1 CSI and OSC
	"\x07\x08\x0b\x0c\x7f",                // bell, backspace, tabs and delete
	"\u202egnp.exe\u202c \u2066iso\u2069", // bidi overrides and isolates
	"zero\u200bwidth\u200d\ufeffjoiners",
	strings.Repeat("W", 240), // a very long word (a name holds at most 256 bytes)
	"顧客満足度調査のコメント、とても長い日本語の文章です", // wide characters
	"😀👍🏽❤️🇫🇷 emoji",
	"\xff\xfe invalid UTF-8 \xc3",
}

func hostileFeed() string {
	var b strings.Builder
	at := time.Now().UTC().Add(-20 * time.Minute)
	for i, h := range hostile {
		// A visible name first: text that is all escapes cleans to nothing, and a response
		// without a queue is rightly rejected.
		q, _ := jsonString(fmt.Sprintf("Q%02d %s", i, h))
		for k := range 4 {
			fmt.Fprintf(&b, `{"id":"h-%d-%d","ts":%q,"score":%d,"queue":%s,"agent":%s,"team":%s,"channel":%s,"customer":%s,"comment":%s}`+"\n",
				i, k, at.Add(time.Duration(i*4+k)*time.Second).Format(time.RFC3339), k, q, q, q, q, q, q)
		}
	}
	return b.String()
}

// jsonString quotes s as JSON does, keeping invalid UTF-8 bytes as they are (a feed may).
func jsonString(s string) (string, error) {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String(), nil
}

// lockedBuffer is the terminal: what the program wrote, whole.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// The raw stream the dashboard writes while showing hostile text on every screen holds no
// sequence but those of its own drawing: no title, no clipboard, no device query, no C1
// control, no bidi override; and every screen keeps every line at its width.
func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	dec := &feed.Decoder{Location: time.UTC}
	var rs []model.Response
	for i, line := range strings.Split(strings.TrimSpace(hostileFeed()), "\n") {
		var r model.Response
		if p := dec.DecodeJSON(line, int64(i+1), &r); p.OK() {
			rs = append(rs, r)
		}
	}
	if len(rs) != 4*len(hostile) {
		t.Fatalf("%d of %d hostile responses decoded", len(rs), 4*len(hostile))
	}
	theme, _ := tui.ThemeNamed("dark")
	updates := make(chan tui.Update, 1)
	m := tui.New(updates, tui.Options{Window: model.Last(time.Hour), Theme: theme, Location: time.UTC, User: "ana"})
	var out lockedBuffer
	p := tea.NewProgram(m, tea.WithOutput(&out), tea.WithInput(nil), tea.WithoutSignalHandler(), tea.WithAltScreen(),
		tea.WithContext(context.Background()))
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	p.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	updates <- tui.Update{Responses: rs, Status: tui.Status{Source: "hostile", State: tui.Live, Clock: time.Now().UTC(),
		Records: int64(len(rs)), Accepted: int64(len(rs))}}
	step := func(keys ...tea.KeyMsg) {
		for _, k := range keys {
			p.Send(k)
		}
		time.Sleep(60 * time.Millisecond) // a few frames
	}
	key := func(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }
	enter, down, esc := tea.KeyMsg{Type: tea.KeyEnter}, tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyEsc}
	step()
	for q := range hostile { // each hostile queue, its agent, a response; then back up
		var keys []tea.KeyMsg
		for range q {
			keys = append(keys, down)
		}
		step(append([]tea.KeyMsg{key("s"), key("s"), key("s")}, keys...)...) // by name, then the q-th
		step(enter, enter, enter)
		step(esc, esc, esc)
	}
	step(key("!"), enter, esc, key("f"), key("f"), key("f"), key("f"), esc, key("?"))
	p.Quit()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	close(updates) // the command waiting for the next update returns

	raw := out.b.String()
	if len(raw) < 10000 {
		t.Fatalf("only %d bytes were drawn", len(raw))
	}
	checkRawStream(t, raw)
	// Screens from the same model: every line exactly its width.
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for _, line := range strings.Split(m.View(), "\n") {
			if w := ansi.StringWidth(line); w != size[0] {
				t.Errorf("%dx%d: a line %d wide: %q", size[0], size[1], w, ansi.Strip(line))
			}
		}
	}
}

// ownSequence are the escape sequences a bubbletea program draws with: SGR, cursor moves and
// erasing, scroll regions, and the private modes of the alternate screen, the cursor, the
// mouse and bracketed paste.
var ownSequence = regexp.MustCompile(`^\x1b\[(?:[0-9;:]*[mHfABCDGKJrdEF]|\?(?:1049|25|1000|1002|1003|1006|2004)[hl])`)

func checkRawStream(t *testing.T, raw string) {
	t.Helper()
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == 0x1b:
			seq := ownSequence.FindString(raw[i:])
			if seq == "" {
				t.Fatalf("a foreign escape sequence at byte %d: %q", i, raw[i:min(len(raw), i+24)])
			}
			i += len(seq)
			continue
		case c < 0x20 && c != '\n' && c != '\r':
			t.Fatalf("control byte %#x at %d: %q", c, i, raw[max(0, i-20):min(len(raw), i+20)])
		case c == 0x7f:
			t.Fatalf("DEL at %d", i)
		}
		r, size := utf8.DecodeRuneInString(raw[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			t.Fatalf("invalid UTF-8 at %d: %q", i, raw[max(0, i-20):min(len(raw), i+20)])
		case r >= 0x80 && r < 0xa0:
			t.Fatalf("C1 control %U at %d", r, i)
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r >= 0x200b && r <= 0x200f, r == 0xfeff:
			t.Fatalf("invisible or bidi control %U at %d", r, i)
		}
		i += size
	}
}
