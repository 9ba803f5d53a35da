package themes

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// LogOdds is the weighted log-odds ratio of a term between two sets of comments (Monroe,
// Colaresi & Quinn 2008, "Fightin' Words", eq. 16–22), with an informative Dirichlet prior:
// in a comments of na and b of nb hold the term; the prior gives it alpha of alpha0 comments
// (here the term's count and the number of comments over every class of the window). It
// returns the difference δ and its z-score δ/σ, σ² ≈ 1/(a+α) + 1/(b+α).
func LogOdds(a, na, b, nb int64, alpha, alpha0 float64) (delta, z float64) {
	fa, fb := float64(a)+alpha, float64(b)+alpha
	delta = math.Log(fa/(float64(na)+alpha0-fa)) - math.Log(fb/(float64(nb)+alpha0-fb))
	return delta, delta / math.Sqrt(1/fa+1/fb)
}

// G2 is Dunning's log-likelihood ratio (1993) of the 2×2 table of comments with and without a
// term in two sets: a of na, b of nb. Above 10.83 the difference has less than a 0.1 % chance.
func G2(a, na, b, nb int64) float64 {
	n := float64(na + nb)
	with := float64(a + b)
	cells := [4][2]float64{
		{float64(a), float64(na) * with / n}, {float64(na - a), float64(na) * (n - with) / n},
		{float64(b), float64(nb) * with / n}, {float64(nb - b), float64(nb) * (n - with) / n},
	}
	g := 0.0
	for _, c := range cells {
		if c[0] > 0 && c[1] > 0 {
			g += c[0] * math.Log(c[0]/c[1])
		}
	}
	return 2 * g
}

// Thresholds of a theme: a term is one when at least MinComments detractors' comments hold it
// and its G² is at least MinG2 (p < 0.001).
const (
	MinComments = 5
	MinG2       = 10.83
)

// Theme is a term detractors use more than promoters: in how many comments of each, their
// shares, the z-score of its weighted log-odds and its G².
type Theme struct {
	Term
	Detractors, Promoters int64
	DetShare, ProShare    float64 // of the comments of each class
	Z, G2                 float64
}

// Rank is the themes of counts: every term held by at least MinComments of the a set's comments,
// more than the b set's, significantly, the highest z first. prior counts each term over every
// comment of the window (all classes), nPrior the comments.
func Rank(terms []Term, a, b, prior []int64, na, nb, nPrior int64) []Theme {
	var out []Theme
	if na == 0 || nb == 0 || nPrior == 0 {
		return nil
	}
	for i := range terms {
		if a[i] < MinComments {
			continue
		}
		_, z := LogOdds(a[i], na, b[i], nb, float64(prior[i]), float64(nPrior))
		if z <= 0 {
			continue
		}
		g := G2(a[i], na, b[i], nb)
		if g < MinG2 {
			continue
		}
		out = append(out, Theme{Term: terms[i], Detractors: a[i], Promoters: b[i], DetShare: float64(a[i]) / float64(na),
			ProShare: float64(b[i]) / float64(nb), Z: z, G2: g})
	}
	slices.SortFunc(out, func(x, y Theme) int { return cmp.Or(cmp.Compare(y.Z, x.Z), cmp.Compare(x.Key, y.Key)) })
	return subsumed(out)
}

// subsumed drops a theme when a longer one holds its words and nearly all its detractors'
// comments (nine in ten): "thinking" under "thinking cancelling", "faster" under "faster
// broadband". What people say is the phrase; the word alone repeats it.
func subsumed(ts []Theme) []Theme {
	keep := ts[:0]
	for i, t := range ts {
		gone := false
		for j := range ts {
			u := &ts[j]
			if j != i && len(u.Key) > len(t.Key) && 10*u.Detractors >= 9*t.Detractors && containsWords(u.Key, t.Key) {
				gone = true
				break
			}
		}
		if !gone {
			keep = append(keep, t)
		}
	}
	return keep
}

// containsWords says phrase holds words as whole words, in order.
func containsWords(phrase, words string) bool {
	p, w := " "+phrase+" ", " "+words+" "
	return strings.Contains(p, w)
}
