// Package themes finds what comments talk about: it cuts a comment into terms (stemmed words
// and two- and three-word phrases, stopwords out, negations kept), counts the comments of each
// class that hold a term, and ranks the terms whose use in detractors' comments most exceeds
// their use in promoters' (weighted log-odds with an informative Dirichlet prior, Monroe,
// Colaresi & Quinn 2008; kept when Dunning's G² says it is no accident). Like the rest of the
// model it does no I/O and reads no clock.
package themes

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
)

// Languages are those the analyzer stems, with their stopwords (Snowball's).
var Languages = []string{"english", "french", "spanish", "russian", "swedish", "norwegian", "hungarian"}

// Term is a word or phrase of a comment: its key (stems joined by spaces, the same for "waited"
// and "waiting") and how it was written there, lowercased.
type Term struct {
	Key, Surface string
	// ID numbers the key in its analyzer's vocabulary, from 0; NoID past MaxTerms keys.
	ID uint32
}

// NoID is the id of a term past the vocabulary's bound: it is not counted.
const NoID = ^uint32(0)

// MaxTerms bounds an analyzer's vocabulary: distinct words and phrases numbered. Past it new
// ones have NoID, and an index counts them in Over.
const MaxTerms = 1_000_000

// Analyzer cuts comments into terms for one language. It keeps the words and phrases it has
// seen (at most maxCached of each), so that a word is stemmed once and a comment of known words
// allocates nothing; it is not safe for use by two goroutines.
type Analyzer struct {
	stem     func(string, bool) string
	stop     func(string) bool
	negation func(string) bool
	known    map[string]word    // each word seen, as kept ("" surface: left out)
	phrases  map[[3]uint32]Term // each phrase seen, by its words' ids (NoID for no third)
	ids      map[string]uint32
	words    []word // reused between comments
	stamp    []uint32
	gen      uint32 // the comment being cut: stamp[id] == gen says its term is in already
	cur, buf []byte
}

type word struct {
	stem, surface string
	id            uint32
	negation      bool
	breakAfter    bool // a sentence ends after it: phrases do not cross
}

// maxCached bounds the analyzer's caches of words and of phrases; past it they are made again
// each time they are seen.
const maxCached = 200_000

// MaxWordsPerComment bounds the words a comment gives terms for: a comment the size of a book
// is tagged by its first 2,000 words.
const MaxWordsPerComment = 2000

// NewAnalyzer makes an analyzer for a language of Languages.
func NewAnalyzer(language string) (*Analyzer, error) {
	a := &Analyzer{known: map[string]word{}, phrases: map[[3]uint32]Term{}, ids: map[string]uint32{}, negation: englishNegation}
	switch strings.ToLower(language) {
	case "", "english":
		a.stem, a.stop = english.Stem, english.IsStopWord
	case "french":
		a.stem, a.stop, a.negation = french.Stem, french.IsStopWord, listed("ne", "pas", "jamais", "rien", "personne", "aucun", "sans")
	case "spanish":
		a.stem, a.stop, a.negation = spanish.Stem, spanish.IsStopWord, listed("no", "nunca", "nada", "nadie", "ningún", "ninguna", "sin")
	case "russian":
		a.stem, a.stop, a.negation = russian.Stem, russian.IsStopWord, listed("не", "нет", "никогда", "ничего", "никто", "без")
	case "swedish":
		a.stem, a.stop, a.negation = swedish.Stem, swedish.IsStopWord, listed("inte", "ej", "aldrig", "ingen", "inget", "utan")
	case "norwegian":
		a.stem, a.stop, a.negation = norwegian.Stem, norwegian.IsStopWord, listed("ikke", "aldri", "ingen", "intet", "uten")
	case "hungarian":
		a.stem, a.stop, a.negation = hungarian.Stem, hungarian.IsStopWord, listed("nem", "ne", "soha", "semmi", "senki", "nélkül")
	default:
		return nil, fmt.Errorf("unknown language %q: want one of %s", language, strings.Join(Languages, ", "))
	}
	return a, nil
}

func listed(words ...string) func(string) bool {
	set := map[string]bool{}
	for _, w := range words {
		set[w] = true
	}
	return func(w string) bool { return set[w] }
}

// englishNegation says a word turns what follows around: "not fixed", "no call back".
func englishNegation(w string) bool {
	switch w {
	case "no", "not", "nor", "never", "nobody", "nothing", "none", "nowhere", "neither", "without", "cannot":
		return true
	}
	return strings.HasSuffix(w, "n't") || strings.HasSuffix(w, "n’t")
}

// Terms appends to dst the distinct terms of a comment: each word that is neither a stopword
// nor a negation, and each phrase of two or three consecutive words (stopwords left out,
// negations kept) within a sentence. Words are runs of Unicode letters and digits (an
// apostrophe inside one is kept); text in scripts written without spaces (Chinese, Japanese,
// Korean) gives its characters two by two.
func (a *Analyzer) Terms(comment string, dst []Term) []Term {
	a.words = a.cut(comment, a.words[:0])
	if a.gen++; a.gen == 0 { // wrapped: every stamp is stale
		clear(a.stamp)
		a.gen = 1
	}
	add := func(t Term) {
		if t.ID == NoID {
			dst = append(dst, t)
			return
		}
		if a.stamp[t.ID] != a.gen {
			a.stamp[t.ID] = a.gen
			dst = append(dst, t)
		}
	}
	ws := a.words
	for i := range ws {
		if !ws[i].negation {
			add(Term{Key: ws[i].stem, Surface: ws[i].surface, ID: ws[i].id})
		}
		for n := 2; n <= 3 && i+n <= len(ws); n++ {
			if ws[i+n-2].breakAfter {
				break // phrases stay within a sentence
			}
			if ws[i+n-1].negation {
				continue // a phrase ends on a word: "not fixed", never "fixed not"
			}
			if ws[i+n-1].stem == ws[i+n-2].stem {
				break // "waiting, waits": a word said again is no phrase
			}
			add(a.phrase(ws[i : i+n]))
		}
	}
	return dst
}

// phrase is the term of consecutive words, from the cache when it was seen before (as it was
// written the first time).
func (a *Analyzer) phrase(ws []word) Term {
	ids := [3]uint32{NoID, NoID, NoID}
	cacheable := true
	for j, w := range ws {
		ids[j] = w.id
		cacheable = cacheable && w.id != NoID
	}
	if t, ok := a.phrases[ids]; ok && cacheable {
		return t
	}
	a.buf = a.buf[:0]
	keys := make([]string, len(ws))
	for j, w := range ws {
		if j > 0 {
			a.buf = append(a.buf, ' ')
		}
		a.buf = append(a.buf, w.surface...)
		keys[j] = w.stem
	}
	key := strings.Join(keys, " ")
	t := Term{Key: key, Surface: string(a.buf), ID: a.idOf(key)}
	if cacheable && len(a.phrases) < maxCached {
		a.phrases[ids] = t
	}
	return t
}

// cut splits a comment into its kept words, stemmed.
func (a *Analyzer) cut(s string, out []word) []word {
	a.cur = a.cur[:0]
	flush := func(end bool) {
		if len(a.cur) > 0 && len(out) < MaxWordsPerComment {
			if w, ok := a.wordOf(a.cur); ok {
				out = append(out, w)
			}
		}
		a.cur = a.cur[:0]
		if end && len(out) > 0 {
			out[len(out)-1].breakAfter = true
		}
	}
	var prevCJK rune
	for i, r := range s {
		switch {
		case r >= 0x0E00 && isCJK(r): // below Thai, no script of those: ASCII and Latin at once
			flush(false)
			if prevCJK != 0 && len(out) < MaxWordsPerComment {
				pair := string([]rune{prevCJK, r})
				out = append(out, word{stem: pair, surface: pair, id: a.idOf(pair), breakAfter: true}) // pairs are the phrases already
			}
			prevCJK = r
			continue
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			a.cur = append(a.cur, byte(r))
		case r >= 'A' && r <= 'Z':
			a.cur = append(a.cur, byte(r+'a'-'A'))
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)):
			a.cur = utf8.AppendRune(a.cur, unicode.ToLower(r))
		case (r == '\'' || r == '’') && len(a.cur) > 0 && i+1 < len(s) && nextIsLetter(s[i+utf8.RuneLen(r):]):
			a.cur = utf8.AppendRune(a.cur, r)
		case r == '.' || r == '!' || r == '?' || r == ';' || r == ',' || r == ':' || r == '\n' || r == '(' || r == ')':
			flush(true)
		default:
			flush(false)
		}
		if prevCJK != 0 {
			prevCJK = 0
			if len(out) > 0 {
				out[len(out)-1].breakAfter = true
			}
		}
	}
	flush(true)
	return out
}

// wordOf is a lowercased word as the analyzer keeps it: stemmed, or a negation; false for a
// stopword, a lone letter or digit.
func (a *Analyzer) wordOf(b []byte) (word, bool) {
	if w, ok := a.known[string(b)]; ok {
		return w, w.surface != ""
	}
	s := string(b)
	var w word
	switch {
	case a.negation(s):
		w = word{stem: s, surface: s, negation: true}
	case !a.stop(s) && utf8.RuneCountInString(s) > 1 || isNumber(s):
		stem := a.stem(s, true)
		w = word{stem: stem, surface: s, id: a.idOf(stem)}
	}
	if len(a.known) < maxCached {
		a.known[s] = w
	}
	return w, w.surface != ""
}

// idOf numbers a key in the vocabulary.
func (a *Analyzer) idOf(key string) uint32 {
	if id, ok := a.ids[key]; ok {
		return id
	}
	if len(a.ids) >= MaxTerms {
		return NoID
	}
	id := uint32(len(a.ids))
	a.ids[key] = id
	a.stamp = append(a.stamp, 0)
	return id
}

func nextIsLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return len(w) > 1
}

// isCJK says a rune belongs to a script written without spaces between words.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai, unicode.Lao, unicode.Khmer)
}
