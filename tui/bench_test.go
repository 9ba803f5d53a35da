package tui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/npsboard/npsboard/model"
)

// bigCenter makes n responses of a large center over the 24 hours before testNow: 50 queues,
// 2,000 agents (40 a queue), 40 teams, 4 channels.
func bigCenter(n int, seed uint64) []model.Response {
	rng := rand.New(rand.NewPCG(seed, 9))
	rs := make([]model.Response, n)
	queues, agents, teams := make([]string, 50), make([]string, 2000), make([]string, 40)
	for i := range queues {
		queues[i] = fmt.Sprintf("Queue %02d", i)
	}
	for i := range agents {
		agents[i] = fmt.Sprintf("Agent %04d", i)
	}
	for i := range teams {
		teams[i] = fmt.Sprintf("Team %02d", i)
	}
	channels := []string{"voice", "chat", "email", "messaging"}
	start := testNow.Add(-24 * time.Hour)
	for i := range rs {
		a := rng.IntN(2000)
		rs[i] = model.Response{
			ID:      fmt.Sprintf("b%d-%07d", seed, i),
			Time:    start.Add(time.Duration(float64(24*time.Hour) * float64(i+1) / float64(n))),
			Score:   int8(rng.IntN(11)),
			Queue:   queues[a%50],
			Agent:   agents[a],
			Team:    teams[a%40],
			Channel: channels[rng.IntN(4)],
			Comment: "Waited 40 minutes on hold",
		}
	}
	return rs
}

// bigModel is the overview at 200×60 after 1,000,000 responses.
func bigModel(b *testing.B) *Model {
	theme, _ := ThemeNamed("dark")
	m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: paris})
	m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	all := bigCenter(1000000, 1)
	for i := 0; i < len(all); i += 10000 {
		batch := all[i : i+10000]
		m.Update(Update{Responses: batch, Status: Status{Source: "bench", State: Live, Clock: batch[len(batch)-1].Time}})
	}
	return m
}

// BenchmarkOverviewView draws the whole overview, as after new figures or a key.
func BenchmarkOverviewView(b *testing.B) {
	m := bigModel(b)
	b.ReportAllocs()
	for b.Loop() {
		m.stale = true
		_ = m.View()
	}
}

// BenchmarkOverviewViewUnchanged draws the overview when nothing changed below the header since
// the last frame, as bubbletea asks after most messages.
func BenchmarkOverviewViewUnchanged(b *testing.B) {
	m := bigModel(b)
	_ = m.View()
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkApplyBatch applies a tick's batch of 1,000 responses (5,000 a second at five ticks a
// second): counting them, and computing the figures of 50 queues and their sparklines again.
func BenchmarkApplyBatch(b *testing.B) {
	m := bigModel(b)
	more := bigCenter(1000*64, 2)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		applyTick(m, more, i)
		i++
	}
}

// applyTick applies the i-th tick's batch of 1,000 live responses, stamped as they arrive.
func applyTick(m *Model, more []model.Response, i int) {
	batch := more[(i%64)*1000 : (i%64+1)*1000]
	tick := testNow.Add(time.Duration(i) * 200 * time.Millisecond)
	for k := range batch {
		batch[k].Time = tick.Add(time.Duration(k) * 200 * time.Microsecond)
	}
	m.Update(Update{Responses: batch, Status: Status{Source: "bench", State: Live, Clock: tick.Add(200 * time.Millisecond)}})
}

// BenchmarkApplyBatchOnAlerts is BenchmarkApplyBatch with the alerts page open: the list of
// open alerts (some 600,000 of them) is made again after every batch.
func BenchmarkApplyBatchOnAlerts(b *testing.B) {
	m := bigModel(b)
	press(m, "!")
	more := bigCenter(1000*64, 3)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		applyTick(m, more, i)
		i++
	}
}

// BenchmarkApplyActionFlood is what one POST of 20,000 actions on an alert does to a dashboard
// (a relay shares them): the time an update with them takes to apply is how long the screen
// is frozen. Half are on an alert raised here, half on one it has not raised.
func BenchmarkApplyActionFlood(b *testing.B) {
	theme, _ := ThemeNamed("dark")
	acts := make([]model.Action, 40000)
	for i := range acts {
		alert := "r:d"
		if i%2 == 1 {
			alert = "r:elsewhere"
		}
		acts[i] = model.Action{Kind: model.ActAcknowledge, Alert: alert, By: fmt.Sprint("u", i), At: testNow.Add(time.Duration(i) * time.Millisecond)}
	}
	status := Status{Source: "bench", State: Live, Clock: testNow.Add(time.Minute)}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		m := New(nil, Options{Window: model.Last(time.Hour), Theme: theme, Location: paris})
		m.Update(Update{Responses: []model.Response{{ID: "d", Time: testNow, Score: 2, Queue: "Q"}}, Status: status})
		b.StartTimer()
		m.Update(Update{Actions: acts, Status: status})
	}
}

// BenchmarkFirstJudgeOfFiftyQueues is the update that first judges the worsening of 50 queues,
// each of its own usual mix, after four weeks of history: what a large floor's screen does as
// it goes live. The screen's goroutine pays for it; the thresholds (milliseconds each) are
// found apart.
func BenchmarkFirstJudgeOfFiftyQueues(b *testing.B) {
	end := testNow.Truncate(time.Hour)
	var history []model.Response
	for q := range 50 {
		// From 10 % to 59 % detractors, the rest promoters and passives alike.
		det := 10 + q
		for i, at := 0, end.Add(-28*24*time.Hour); at.Before(end); i, at = i+1, at.Add(10*time.Minute) {
			score := int8(10)
			switch k := (i*37 + q) % 100; {
			case k < det:
				score = 3
			case k < det+(100-det)/2:
				score = 8
			}
			history = append(history, model.Response{ID: fmt.Sprint(q, "-", i), Time: at, Score: score, Queue: fmt.Sprintf("Queue %02d", q)})
		}
	}
	live := []model.Response{{ID: "live", Time: end.Add(30 * time.Second), Score: 9, Queue: "Queue 00"}}
	rules := model.DefaultRules()
	rules.QueueRules = []string{model.RuleWorsening}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		board := NewBoard(time.UTC, model.NewAlerts(rules), false)
		// As last month's file: history, judged by nobody.
		board.Apply(&Update{Responses: slices.Clone(history), Status: Status{State: Ended, Clock: end, Arrived: end.Add(30 * 24 * time.Hour)}})
		b.StartTimer()
		board.Apply(&Update{Responses: slices.Clone(live), Status: Status{State: Live, Clock: end.Add(time.Minute), Arrived: end.Add(time.Minute)}})
	}
}
