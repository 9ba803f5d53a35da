package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/tui"
)

var (
	dashFor  = flag.Duration("dash-for", 3*time.Second, "how long BenchmarkDashboardLoad feeds the dashboard")
	dashRate = flag.Int("dash-rate", 50000, "BenchmarkDashboardLoad's responses a second")
)

// probe is a key sent to the dashboard with the instant it was sent.
type probe struct {
	key  tea.KeyMsg
	sent time.Time
}

// probed wraps the dashboard to time how long each probe waited before it was handled.
type probed struct {
	inner *tui.Model
	mu    sync.Mutex
	waits []time.Duration
	last  string // the screen last drawn
}

func (p *probed) Init() tea.Cmd { return p.inner.Init() }
func (p *probed) View() string {
	v := p.inner.View()
	p.mu.Lock()
	p.last = v
	p.mu.Unlock()
	return v
}
func (p *probed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if pr, ok := msg.(probe); ok {
		p.mu.Lock()
		p.waits = append(p.waits, time.Since(pr.sent))
		p.mu.Unlock()
		_, cmd := p.inner.Update(pr.key)
		return p, cmd
	}
	_, cmd := p.inner.Update(msg)
	return p, cmd
}

// BenchmarkDashboardLoad feeds the dashboard -dash-rate responses a second through a pipe, as
// standard input, for -dash-for, while a key comes every 100 ms. It reports how long keys
// waited (the 99th percentile and the longest; a frame is 100 ms at the default 10 fps), and
// fails unless the screen ends with exactly the figures of the responses sent.
//
// The figures in README.md: go test ./cmd/npsboard -run '^$' -bench DashboardLoad -benchtime 1x -dash-for 60s -v
func BenchmarkDashboardLoad(b *testing.B) {
	for b.Loop() {
		dashboardLoad(b, *dashFor, *dashRate)
	}
}

func dashboardLoad(b *testing.B, dur time.Duration, rate int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	src := &feed.ReaderSource{Label: "stdin", Reader: pr, IsLive: true, Decoder: &feed.Decoder{Location: time.UTC}}
	updates := make(chan tui.Update, 1)
	pump := feed.NewPump(model.NewDedup())
	go pump.Run(ctx, src, func(u feed.Update) bool {
		select {
		case updates <- toScreen(u):
			return true
		default:
			return false
		}
	})
	theme, _ := tui.ThemeNamed("dark")
	m := &probed{inner: tui.New(updates, tui.Options{Window: model.AllTime(), Theme: theme, Location: time.UTC, User: "ana"})}
	p := tea.NewProgram(m, tea.WithOutput(io.Discard), tea.WithInput(nil), tea.WithoutSignalHandler(), tea.WithFPS(10))
	ran := make(chan struct{})
	go func() { p.Run(); close(ran) }()
	p.Send(tea.WindowSizeMsg{Width: 160, Height: 48})

	// The feed: ten batches a second, each stamped now; the expected figures kept aside.
	want := model.NewAggregator(model.Retention{}, model.ByQueue)
	queues := []string{"Billing", "Sales", "Retention", "Tech Support", "Orders", "Claims"}
	sent := 0
	go func() {
		per := rate / 100
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		var buf strings.Builder
		for start := time.Now(); time.Since(start) < dur; {
			<-tick.C
			buf.Reset()
			now := time.Now().UTC()
			for range per {
				r := model.Response{ID: fmt.Sprint("d", sent), Time: now, Score: int8(sent * 7 % 11), Queue: queues[sent%len(queues)],
					Agent: fmt.Sprint("Agent ", sent%300)}
				buf.Write(feed.AppendJSON(nil, &r))
				buf.WriteByte('\n')
				r.Time = r.Time.Truncate(time.Millisecond) // as the line carries it
				want.Add(&r)
				sent++
			}
			if _, err := io.WriteString(pw, buf.String()); err != nil {
				return
			}
		}
		pw.Close()
	}()
	// The keys: the window key, round and round, every 100 ms.
	keysDone := make(chan struct{})
	go func() {
		defer close(keysDone)
		for start := time.Now(); time.Since(start) < dur; time.Sleep(100 * time.Millisecond) {
			p.Send(probe{key: tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("w")}, sent: time.Now()})
		}
	}()
	<-keysDone
	// The window back to "all", then wait for the screen to have every response.
	for _, w := range []string{"w", "w", "w", "w", "w"} {
		if strings.Contains(ansi.Strip(p2view(m)), "window all") {
			break
		}
		p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(w)})
		time.Sleep(50 * time.Millisecond)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(ansi.Strip(p2view(m)), thousandsOf(sent)+" ok") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	view := ansi.Strip(p2view(m))
	p.Quit()
	<-ran
	cancel()
	close(updates)

	m.mu.Lock()
	waits := slices.Clone(m.waits)
	m.mu.Unlock()
	slices.Sort(waits)
	q := func(f float64) time.Duration { return waits[min(len(waits)-1, int(f*float64(len(waits))))] }
	b.ReportMetric(float64(q(0.99).Microseconds())/1000, "key-p99-ms")
	b.ReportMetric(float64(waits[len(waits)-1].Microseconds())/1000, "key-max-ms")
	b.Logf("%d responses in %v (%.0f/s); %d keys, waited p50 %v, p99 %v, max %v", sent, dur, float64(sent)/dur.Seconds(), len(waits), q(0.5), q(0.99), waits[len(waits)-1])
	if !strings.Contains(view, thousandsOf(sent)+" ok · 0 dup · 0 rejected") {
		b.Fatalf("the screen does not account for the %d responses sent:\n%s", sent, view)
	}
	shown := map[string][2]string{}
	for _, l := range strings.Split(view, "\n") {
		if g := bigQueueRow.FindStringSubmatch(l); g != nil {
			shown[g[1]] = [2]string{g[2], g[3]}
		}
	}
	all := want.Stat(model.Group{Dim: model.Overall}, model.AllTime().Span(time.Now(), time.UTC))
	if !strings.Contains(view, thousandsOf(int(all.Responses()))+" responses") {
		b.Errorf("the overall count is not %d:\n%s", all.Responses(), view)
	}
	for _, g := range want.Groups(model.ByQueue) {
		s := want.Stat(g, model.AllTime().Span(time.Now(), time.UTC))
		nps, _ := s.NPS()
		if got, w := shown[g.Queue], [2]string{compactOf(s.Responses()), signedTable(nps)}; got != w {
			b.Errorf("%s shows %v, the responses sent give %v:\n%s", g.Queue, got, w, view)
		}
	}
	if q(0.99) > 100*time.Millisecond {
		b.Errorf("keys waited up to %v at the 99th percentile: more than a frame", q(0.99))
	}
}

// p2view is the screen the program last drew: View runs on the program's loop only.
func p2view(m *probed) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.last
}

func thousandsOf(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// bigQueueRow is a queue's row when its count is written short: 16.7k.
var bigQueueRow = regexp.MustCompile(`^[║│]\s*►?\s*(\S.*?\S)\s{2,}([\d,.]+[kM]?)\s+([+-]?\d+|few)\s+±(\d+)`)

// compactOf writes a count as the dashboard's tables do.
func compactOf(n int64) string {
	switch {
	case n < 10000:
		return thousandsOf(int(n))
	case n < 100000:
		return fmt.Sprintf("%.1fk", float64(n)/1000)
	case n < 1000000:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprintf("%.1fM", float64(n)/1e6)
}
