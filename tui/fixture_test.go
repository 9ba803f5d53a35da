package tui

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/npsboard/npsboard/model"
)

// updating reports -update: the flag is defined by teatest's golden package, which this
// package's tests load, so the goldens here answer to the same flag.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func init() {
	// Goldens are plain text: the ASCII profile drops colours and attributes.
	lipgloss.SetColorProfile(termenv.Ascii)
}

// The fixed instant every test shows.
var (
	paris, _ = time.LoadLocation("Europe/Paris")
	testNow  = time.Date(2026, 11, 24, 15, 30, 0, 0, paris)
)

var fixtureQueues = []struct {
	name string
	mean float64
}{{"Billing", 6.9}, {"Tech Support", 7.6}, {"Sales", 8.9}, {"Retention", 6.2}, {"Orders", 8.4}, {"Claims", 7.9}}

// wideResponses are responses whose text is wide: CJK, emoji, accents, a very long word.
func wideResponses() []model.Response {
	var rs []model.Response
	for i, name := range []string{"東京サポート窓口", "Zoë 😀 Ünal", strings.Repeat("Supercalifragilistic", 5)} {
		for k := range 40 {
			rs = append(rs, model.Response{
				ID: fmt.Sprintf("w-%d-%d", i, k), Time: testNow.Add(-time.Duration(k) * time.Minute), Score: int8(k % 11),
				Queue: name, Agent: "担当 " + name, Channel: "チャット", Comment: "とても残念でした。😞 " + name,
			})
		}
	}
	return rs
}

var fixtureComments = []string{"", "", "Charged twice this month. I want a refund.", "Waited 40 minutes on hold",
	"Quick and friendly, thank you", "The technician never showed up", "Solved in the end, though I had to call twice"}

// fixture makes n responses over the day up to testNow: six queues with their own score mixes,
// five agents each, four channels. The same n gives the same responses.
func fixture(n int) []model.Response {
	rng := rand.New(rand.NewPCG(3, 4))
	start := testNow.Add(-15 * time.Hour)
	rs := make([]model.Response, n)
	channels := []string{"voice", "chat", "email", "messaging"}
	for i := range rs {
		q := fixtureQueues[i%len(fixtureQueues)]
		agent := fmt.Sprintf("%s %c", []string{"Maya", "Liam", "Sofia", "Noah", "Amara"}[rng.IntN(5)], 'A'+rune(i%len(fixtureQueues)))
		score := int(math.Round(math.Max(0, math.Min(10, q.mean+rng.NormFloat64()*2.5))))
		rs[i] = model.Response{
			ID:       fmt.Sprintf("r-%05d", i),
			Time:     start.Add(time.Duration(float64(15*time.Hour) * float64(i+1) / float64(n))),
			Score:    int8(score),
			Queue:    q.name,
			Agent:    agent,
			Team:     "Team " + q.name[:1],
			Channel:  channels[rng.IntN(len(channels))],
			Customer: fmt.Sprintf("C-%06d", rng.IntN(1000000)),
			Comment:  fixtureComments[rng.IntN(len(fixtureComments))],
			CSAT:     int8(1 + score*4/10),
		}
	}
	return rs
}

func fixtureStatus() Status {
	return Status{Source: "demo", State: Live, Clock: testNow, Records: 3012, Accepted: 3000, Duplicates: 4, Rejected: 8}
}

// The fixture holds a few hours: the queue rules of fixed windows raise its queue alerts.
func init() {
	defaultRules = func() model.Rules {
		r := model.DefaultRules()
		r.QueueRules = []string{model.RuleBelowTarget, model.RuleSpike}
		return r
	}
}

// newTestModel is a dashboard of w×h holding the fixture, without a feed.
func newTestModel(w, h int) *Model {
	theme, _ := ThemeNamed("dark")
	m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: paris,
		User: "ana", Now: func() time.Time { return testNow.Add(-time.Minute) }})
	m.Update(Update{Responses: fixture(3000), Status: fixtureStatus()})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

func press(m *Model, keys ...string) {
	for _, k := range keys {
		var msg tea.KeyMsg
		switch k {
		case "enter":
			msg = tea.KeyMsg{Type: tea.KeyEnter}
		case "esc":
			msg = tea.KeyMsg{Type: tea.KeyEsc}
		case "tab":
			msg = tea.KeyMsg{Type: tea.KeyTab}
		case "down":
			msg = tea.KeyMsg{Type: tea.KeyDown}
		case "up":
			msg = tea.KeyMsg{Type: tea.KeyUp}
		case "backspace":
			msg = tea.KeyMsg{Type: tea.KeyBackspace}
		case "space":
			msg = tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
		default:
			msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
		}
		m.Update(msg)
	}
}

// checkScreen fails unless the view is exactly h lines of exactly w cells.
func checkScreen(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Fatalf("%d×%d: %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("%d×%d: line %d is %d cells wide: %q", w, h, i+1, got, ansi.Strip(l))
		}
	}
}

// golden compares got with testdata/name, or rewrites it with -update. Review every change.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run with -update and review the diff):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}
