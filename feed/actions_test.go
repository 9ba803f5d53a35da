package feed

import (
	"strings"
	"testing"
)

// Actions from a relay are text from outside: they are cleaned like any feed's text.
func TestParseActionCleansItsText(t *testing.T) {
	a, seq, err := ParseAction(`{"seq":7,"action":"resolve","alert":"r:1","by":"ana\u001b]0;pwned\u0007","at":"2026-11-24T09:00:00Z","note":"ok\u001b[2J\nthen"}`)
	if err != nil || seq != 7 {
		t.Fatal(seq, err)
	}
	if strings.ContainsAny(a.By+a.Note, "\x1b\x07") {
		t.Errorf("escape sequences came through: %q %q", a.By, a.Note)
	}
	if _, _, err := ParseAction(`{"action":"explode","alert":"r:1","by":"ana","at":"2026-11-24T09:00:00Z"}`); err == nil {
		t.Error("an unknown action was taken")
	}
	if _, _, err := ParseAction(`{"action":"assign","alert":"r:1","by":"ana","at":"2026-11-24T09:00:00Z"}`); err == nil {
		t.Error("an assignment to nobody was taken")
	}
}
