package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/tui"
)

// queueRow reads a queue's row of the dashboard's table: its name, responses, NPS and ±.
var queueRow = regexp.MustCompile(`^[║│]\s*►?\s*(\S.*?\S)\s{2,}([\d,]+)\s+([+-]?\d+|few)\s+±(\d+)`)

// What the dashboard shows for a file is what `npsboard report` prints for it: the same
// responses, NPS and interval, rounded, for every queue, in every window the w key reaches.
func TestTheScreenAgreesWithTheReport(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	dir := t.TempDir()
	path := filepath.Join(dir, "day.jsonl")
	// Ten days of a center of 960 agents, ending on a Wednesday evening: every window the
	// dashboard cycles through holds responses, and most are counted from folded buckets.
	_, days, _ := runCLI(t, "", "demo", "--days", "10", "--start", "2026-11-16", "--scale", "4", "--seed", "5", "--tz", "UTC", "--dirty", "0.02")
	if err := os.WriteFile(path, []byte(days), 0o644); err != nil {
		t.Fatal(err)
	}

	// The dashboard's path: a pump over the file, its updates into the dashboard's model.
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var updates []feed.Update
	pump := feed.NewPump(model.NewDedup())
	pump.Every = time.Millisecond
	src := &feed.ReaderSource{Label: "day.jsonl", Reader: f, Decoder: &feed.Decoder{Location: time.UTC}}
	if err := pump.Run(context.Background(), src, func(u feed.Update) bool { updates = append(updates, u); return true }); err != nil {
		t.Fatal(err)
	}
	theme, _ := tui.ThemeNamed("dark")
	m := tui.New(nil, tui.Options{Window: model.Last(time.Hour), Theme: theme, Location: time.UTC})
	for _, u := range updates {
		m.Update(toScreen(u))
	}
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 60})

	compared := 0
	for i, w := range []string{"1h", "4h", "today", "yesterday", "week", "7d", "30d", "month", "all"} {
		t.Run(w, func(t *testing.T) {
			if i > 0 {
				m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("w")})
			}
			screen := ansi.Strip(m.View())
			if !strings.Contains(screen, "window "+w) {
				t.Fatalf("the screen is not on window %s:\n%s", w, screen)
			}
			shown := map[string][3]string{}
			for _, line := range strings.Split(screen, "\n") {
				if g := queueRow.FindStringSubmatch(line); g != nil {
					shown[g[1]] = [3]string{g[2], g[3], g[4]}
				}
			}
			code, out, _ := runCLI(t, "", "report", "--file", path, "--json", "--window", w, "--tz", "UTC")
			if code != exitOK {
				t.Fatal(code)
			}
			r := decodeReport(t, out)
			if len(r.Groups) == 0 || len(shown) != len(r.Groups) {
				t.Fatalf("the screen shows %d queues, the report %d:\n%s", len(shown), len(r.Groups), screen)
			}
			for _, g := range r.Groups {
				row, ok := shown[g.Queue]
				if !ok {
					t.Errorf("%s is not on the screen", g.Queue)
					continue
				}
				n := strings.ReplaceAll(row[0], ",", "")
				if n != strconv.FormatInt(g.stat.Responses, 10) {
					t.Errorf("%s: %s responses on screen, %d in the report", g.Queue, row[0], g.stat.Responses)
				}
				if row[1] == "few" {
					continue
				}
				compared++
				if want := strconv.Itoa(int(math.Round(*g.stat.NPS))); strings.TrimPrefix(row[1], "+") != want {
					t.Errorf("%s: NPS %s on screen, %v in the report", g.Queue, row[1], *g.stat.NPS)
				}
				if want := strconv.Itoa(int(math.Round((g.stat.CI95[1] - g.stat.CI95[0]) / 2))); row[2] != want {
					t.Errorf("%s: ±%s on screen, %v in the report", g.Queue, row[2], *g.stat.CI95)
				}
			}
			if want := thousands(r.Overall.Responses) + " responses"; !strings.Contains(screen, want) {
				t.Errorf("the overall count %q is not on the screen", want)
			}
			if want := thousands(r.Feed.Accepted) + " ok · " + thousands(r.Feed.Duplicates) + " dup · " + thousands(r.Feed.Rejected) + " rejected"; !strings.Contains(screen, want) {
				t.Errorf("the feed counts %q are not on the screen", want)
			}
		})
	}
	if compared < 20 {
		t.Errorf("only %d scores compared", compared)
	}
}
