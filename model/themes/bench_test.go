package themes

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/npsboard/npsboard/model"
)

// Comments of the kind a contact center gets: a sentence or two, some long.
var benchComments = []string{
	"Still waiting for the engineer to come and fix the line, third week now.",
	"Great service, the agent was friendly and sorted it in minutes.",
	"I was on hold for 40 minutes and then got cut off. Not good enough.",
	"Broadband keeps dropping every evening and nobody can tell me why.",
	"Quick and easy, thank you.",
	"The bill is higher than the price I was quoted, I want a refund.",
	"Had to explain my problem three times to three different people, very frustrating and a waste of my time.",
	"Fine",
	"Helpful staff but the app does not work at all on my phone.",
	"Promised a call back that never came. Thinking about cancelling.",
}

func BenchmarkTerms(b *testing.B) {
	a, _ := NewAnalyzer("english")
	var terms []Term
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		terms = a.Terms(benchComments[i%len(benchComments)], terms[:0])
		i++
	}
}

// BenchmarkThemes is the themes of a 30-day window of 100,000 comments; the target is 100 ms.
func BenchmarkThemes(b *testing.B) {
	a, _ := NewAnalyzer("english")
	x := NewIndex()
	rng := rand.New(rand.NewPCG(1, 2))
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var terms []Term
	unhappy := map[int]bool{0: true, 2: true, 3: true, 5: true, 6: true, 9: true}
	for i := range 100_000 {
		k := rng.IntN(len(benchComments))
		class := model.Class(rng.IntN(3))
		if unhappy[k] && rng.IntN(3) > 0 {
			class = model.Detractor
		}
		c := benchComments[k] + " " + benchComments[rng.IntN(len(benchComments))]
		terms = a.Terms(c, terms[:0])
		x.Add(t0.Add(time.Duration(i)*26*time.Second), class, terms)
	}
	sp := model.Last(30*24*time.Hour).Span(t0.AddDate(0, 0, 30), time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if len(x.Themes(sp)) == 0 {
			b.Fatal("no theme")
		}
	}
}

// BenchmarkTagAndCount is one comment cut into terms and kept in the index: the work done at
// ingest. The target is 1 µs.
func BenchmarkTagAndCount(b *testing.B) {
	a, _ := NewAnalyzer("english")
	x := NewIndex()
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var terms []Term
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if x.Comments() == MaxComments-1 {
			x = NewIndex()
		}
		terms = a.Terms(benchComments[i%len(benchComments)], terms[:0])
		x.AddIn(t0.Add(time.Duration(i)*time.Second), model.Detractor, terms, "Billing", agents[i%len(agents)])
		i++
	}
}

var agents = []string{"Ana Silva", "Bo Chen", "Cy Novak", "Di Rossi"}
