package themes

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/npsboard/npsboard/model"
)

// The statistics on a table worked by hand: 30 of 100 detractors' comments and 5 of 100
// promoters' hold the term, and the prior is the 200 comments, 35 of which hold it.
//
//	δ = ln(65/235) − ln(40/260) = 0.586604;  σ = √(1/65 + 1/40) = 0.200959;  z = 2.919019
//	G² = 2 (30 ln(30/17.5) + 70 ln(70/82.5) + 5 ln(5/17.5) + 95 ln(95/82.5)) = 23.614667
func TestLogOddsAndG2ByHand(t *testing.T) {
	delta, z := LogOdds(30, 100, 5, 100, 35, 200)
	if math.Abs(delta-0.586604) > 1e-6 || math.Abs(z-2.919019) > 1e-6 {
		t.Errorf("δ %.6f, z %.6f", delta, z)
	}
	if g := G2(30, 100, 5, 100); math.Abs(g-23.614667) > 1e-6 {
		t.Errorf("G² %.6f", g)
	}
	if g := G2(10, 100, 10, 100); g != 0 {
		t.Errorf("the same share gives G² %v", g)
	}
	if g := G2(0, 100, 7, 100); g <= 0 || math.IsNaN(g) {
		t.Errorf("an empty cell: G² %v", g)
	}
}

func keys(ts []Term) string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Key)
	}
	return strings.Join(out, "|")
}

// Words are stemmed, stopwords dropped, negations kept in phrases but never alone, phrases of
// two and three words stay within a sentence; each term once a comment.
func TestTermsStemPhrasesAndNegations(t *testing.T) {
	a, _ := NewAnalyzer("english")
	cases := []struct{ in, want string }{
		{"Waited, waiting and waits!", "wait"},
		{"It was not fixed", "not fix|fix"},
		{"No call back. The engineer never came", "no call|no call back|call|call back|back|engin|engin never came|never came|came"},
		{"I didn't get a refund", "didn't get|didn't get refund|get|get refund|refund"},
		{"Don’t   know", "don’t know|know"},
		{"called 3 times in 24 hours", "call|call time|call time 24|time|time 24|time 24 hour|24|24 hour|hour"}, // 3 alone says nothing
		{"", ""},
		{"the and of to", ""},
	}
	for _, c := range cases {
		if got := keys(a.Terms(c.in, nil)); got != c.want {
			t.Errorf("%q: %s, want %s", c.in, got, c.want)
		}
	}
	// Scripts without spaces: characters two by two; any letters, not only English ones.
	if got := keys(a.Terms("配送が遅い", nil)); got != "配送|送が|が遅|遅い" {
		t.Errorf("Japanese: %s", got)
	}
	if got := keys(a.Terms("Très déçu", nil)); got != "très|très déçu|déçu" {
		t.Errorf("French in the English analyzer: %s", got)
	}
	fr, err := NewAnalyzer("french")
	if err != nil {
		t.Fatal(err)
	}
	if got := keys(fr.Terms("pas livré, jamais rappelé", nil)); got != "pas livr|livr|jam rappel|rappel" && !strings.Contains(got, "livr") {
		t.Errorf("French: %s", got)
	}
	if _, err := NewAnalyzer("klingon"); err == nil {
		t.Error("an unknown language was taken")
	}
}

// A comment as long as a book gives terms for its first words only.
func TestABookOfACommentIsBounded(t *testing.T) {
	a, _ := NewAnalyzer("english")
	var b strings.Builder
	for i := range 50_000 {
		fmt.Fprintf(&b, "word%d ", i)
	}
	if n := len(a.Terms(b.String(), nil)); n > 3*MaxWordsPerComment {
		t.Errorf("%d terms", n)
	}
}

// An index past its comments drops the oldest, a block at a time, and counts them; a term past
// the vocabulary is not counted, and counted apart.
func TestAnIndexIsBounded(t *testing.T) {
	a, _ := NewAnalyzer("english")
	x := NewIndex()
	x.Max = 10_000
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range 30_000 {
		x.Add(t0.Add(time.Duration(i)*time.Minute), model.Detractor, a.Terms(fmt.Sprintf("still waiting for engineer %d, no call back", i%50), nil))
	}
	if x.Comments() > 10_000 || x.Comments() < 5_000 || x.Over.Comments+int64(x.Comments()) != 30_000 {
		t.Errorf("%d kept, %d let go", x.Comments(), x.Over.Comments)
	}
	c := x.Count(model.AllTime().Span(t0.Add(30_000*time.Minute), time.UTC))
	if c.N[model.Detractor] != int64(x.Comments()) {
		t.Errorf("%d counted of %d kept", c.N[model.Detractor], x.Comments())
	}
	x.Add(t0, model.Promoter, []Term{{Key: "past", Surface: "past", ID: NoID}})
	if x.Over.Terms != 1 {
		t.Errorf("a term past the vocabulary: %d", x.Over.Terms)
	}
}

// A topic matches its words and phrases whole, after stemming, in any case (their stopwords
// left out, as a comment's are: "on hold" is "hold"), unless an exception is there; its counts by class over a window are those counted by hand.
func TestTopicsCountByClass(t *testing.T) {
	a, _ := NewAnalyzer("english")
	topics, err := NewTopics(a, map[string]TopicSpec{
		"billing":  {Words: []string{"bill", "Charged", "direct debit"}, Except: []string{"no charge"}},
		"waiting":  {Words: []string{"waited", "on hold"}},
		"engineer": {Words: []string{"engineer", "technician"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	x := NewIndex()
	x.Topics = topics
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	comments := []struct {
		class model.Class
		text  string
	}{
		{model.Detractor, "My bills are wrong and I was charged twice"},            // billing
		{model.Detractor, "Waiting on hold for an hour, then the technician left"}, // waiting, engineer
		{model.Detractor, "The direct debits were taken early"},                    // billing: "direct debit" stemmed
		{model.Passive, "Billed on time, no charge this month"},                    // billing's exception
		{model.Promoter, "The engineer was great"},                                 // engineer
		{model.Promoter, "The music was fine"},                                     // none
		{model.Promoter, "I was charged what I was quoted"},                        // billing
	}
	for i, c := range comments {
		x.Add(t0.Add(time.Duration(i)*time.Minute), c.class, a.Terms(c.text, nil))
	}
	c := x.Count(model.AllTime().Span(t0.Add(time.Hour), time.UTC))
	want := map[string][3]int64{"billing": {2, 0, 1}, "engineer": {1, 0, 1}, "waiting": {1, 0, 0}}
	for i, name := range topics.Names {
		if c.Topics[i] != want[name] {
			t.Errorf("%s: %v by class, want %v", name, c.Topics[i], want[name])
		}
	}
	// A window without the first three.
	c = x.Count(model.Last(4*time.Minute).Span(t0.Add(6*time.Minute), time.UTC))
	if i := slices.Index(topics.Names, "billing"); c.Topics[i] != [3]int64{0, 0, 1} {
		t.Errorf("billing in the last 4 minutes: %v", c.Topics[i])
	}
	for _, bad := range []map[string]TopicSpec{
		{"x": {Words: []string{"the"}}},
		{"x": {Words: []string{"one two three four"}}},
		{"x": {}},
		{"x": {Words: []string{"fixed not"}}},
	} {
		if _, err := NewTopics(a, bad); err == nil {
			t.Errorf("%v was taken", bad)
		}
	}
}

// A queue's and an agent's themes count only their comments.
func TestCountsOfAQueueAndAnAgent(t *testing.T) {
	a, _ := NewAnalyzer("english")
	x := NewIndex()
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	x.AddIn(t0, model.Detractor, a.Terms("late engineer", nil), "Billing", "Ana")
	x.AddIn(t0, model.Detractor, a.Terms("late refund", nil), "Billing", "Bo")
	x.AddIn(t0, model.Promoter, a.Terms("late but kind", nil), "Sales", "Ana")
	x.Add(t0, model.Passive, a.Terms("late", nil))
	sp := model.AllTime().Span(t0.Add(time.Hour), time.UTC)
	late := func(c *Counts) [3]int64 {
		for id, term := range c.Terms {
			if term.Key == "late" {
				return [3]int64{c.ByClass[0][id], c.ByClass[1][id], c.ByClass[2][id]}
			}
		}
		return [3]int64{}
	}
	for _, c := range []struct {
		queue, agent string
		want         [3]int64
	}{{"", "", [3]int64{2, 1, 1}}, {"Billing", "", [3]int64{2, 0, 0}}, {"Billing", "Ana", [3]int64{1, 0, 0}}, {"Sales", "Ana", [3]int64{0, 0, 1}},
		{"Nowhere", "", [3]int64{}}, {"Sales", "Bo", [3]int64{}}} {
		if got := late(x.CountIn(sp, c.queue, c.agent)); got != c.want {
			t.Errorf("%s/%s: %v, want %v", c.queue, c.agent, got, c.want)
		}
	}
}

// A word that nearly always comes in a longer phrase is said by the phrase alone.
func TestAPhraseSubsumesItsWords(t *testing.T) {
	terms := []Term{{Key: "think"}, {Key: "think cancel"}, {Key: "still"}, {Key: "still wait"}}
	a := []int64{100, 95, 80, 40}
	b := []int64{0, 0, 0, 0}
	got := Rank(terms, a, b, a, 200, 200, 400)
	var keys []string
	for _, th := range got {
		keys = append(keys, th.Key)
	}
	if fmt.Sprint(keys) != "[think cancel still still wait]" && fmt.Sprint(keys) != "[think cancel still wait still]" {
		t.Errorf("themes %v: think (95 of its 100 in the phrase) goes, still (40 of 80) stays", keys)
	}
}

// An emerging theme is one detractors speak of now more than they did the window before.
func TestEmergingThemes(t *testing.T) {
	a, _ := NewAnalyzer("english")
	x := NewIndex()
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for i := range 40 {
		x.Add(t0.Add(time.Duration(i)*time.Minute), model.Detractor, a.Terms("long wait on the phone", nil))
		x.Add(t0.Add(time.Hour+time.Duration(i)*time.Minute), model.Detractor, a.Terms("long wait, and the app crashes", nil))
	}
	got := x.Emerging(model.Last(time.Hour).Span(t0.Add(2*time.Hour), time.UTC), "", "")
	if len(got) == 0 || got[0].Key != "app crash" {
		t.Fatalf("emerging %+v", got)
	}
	for _, th := range got {
		if th.Key == "long wait" || th.Key == "wait" {
			t.Errorf("%s, said as much before, emerges", th.Key)
		}
	}
	if x.Emerging(model.AllTime().Span(t0.Add(2*time.Hour), time.UTC), "", "") != nil {
		t.Error("all time has no window before it")
	}
}

// Whatever a comment holds, cutting it never panics, and every term it gives is a key of one
// to three words, written only with letters, digits and apostrophes (nothing a terminal would
// take for a command), at most once, bounded in number.
func FuzzTerms(f *testing.F) {
	for _, s := range []string{"No call back. The engineer never came", "配送が遅い", "\x1b]0;x\x07 =cmd not not", "don't'' '''", "a\u0301b ñ", strings.Repeat("x ", 5000)} {
		f.Add(s)
	}
	a, _ := NewAnalyzer("english")
	f.Fuzz(func(t *testing.T, comment string) {
		terms := a.Terms(comment, nil)
		if len(terms) > 3*MaxWordsPerComment {
			t.Fatalf("%d terms", len(terms))
		}
		seen := map[string]bool{}
		for _, term := range terms {
			if n := len(strings.Fields(term.Key)); n < 1 || n > 3 || seen[term.Key] {
				t.Fatalf("%q: the term %q", comment, term.Key)
			}
			seen[term.Key] = true
			for _, r := range term.Surface {
				if r != ' ' && r != '\'' && r != '’' && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
					t.Fatalf("%q: the term %q holds %q", comment, term.Surface, r)
				}
			}
		}
	})
}
