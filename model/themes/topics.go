package themes

import (
	"fmt"
	"slices"
	"strings"
)

// TopicSpec is a configured topic: any of its words or phrases (of one to three words, matched
// whole after stemming, in any case) marks a comment as mentioning it, unless one of its
// exceptions is there too.
type TopicSpec struct {
	Words, Except []string
}

// Topics are the configured topics, each matched against a comment's terms.
type Topics struct {
	Names  []string // sorted
	words  []map[string]bool
	except []map[string]bool
}

// Bounds of the topics a config may give: a screenful of names, each with its vocabulary.
const (
	MaxTopics        = 100
	MaxWordsPerTopic = 200
)

// NewTopics makes the topics of specs, their words cut as comments are by a.
func NewTopics(a *Analyzer, specs map[string]TopicSpec) (*Topics, error) {
	if len(specs) > MaxTopics {
		return nil, fmt.Errorf("%d topics: at most %d", len(specs), MaxTopics)
	}
	t := &Topics{}
	for name := range specs {
		t.Names = append(t.Names, name)
	}
	slices.Sort(t.Names)
	for _, name := range t.Names {
		spec := specs[name]
		if len(spec.Words) == 0 {
			return nil, fmt.Errorf("topic %q: no words", name)
		}
		if len(spec.Words)+len(spec.Except) > MaxWordsPerTopic {
			return nil, fmt.Errorf("topic %q: more than %d words", name, MaxWordsPerTopic)
		}
		words, err := a.keys(spec.Words)
		if err != nil {
			return nil, fmt.Errorf("topic %q: %w", name, err)
		}
		except, err := a.keys(spec.Except)
		if err != nil {
			return nil, fmt.Errorf("topic %q: except: %w", name, err)
		}
		t.words, t.except = append(t.words, words), append(t.except, except)
	}
	return t, nil
}

// keys are the terms' keys of words and phrases: each must be one term of one to three words.
func (a *Analyzer) keys(phrases []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, p := range phrases {
		ws := a.cut(p, nil)
		switch {
		case len(ws) == 0:
			return nil, fmt.Errorf("%q: only stopwords, which no comment is matched by", p)
		case len(ws) > 3:
			return nil, fmt.Errorf("%q: more than three words", p)
		case ws[len(ws)-1].negation:
			return nil, fmt.Errorf("%q: a phrase ends on a word, not a negation", p)
		}
		keys := make([]string, len(ws))
		for i, w := range ws {
			keys[i] = w.stem
		}
		out[strings.Join(keys, " ")] = true
	}
	return out, nil
}

// Match appends to dst the topics (their index in Names) the terms of a comment mention.
func (t *Topics) Match(terms []Term, dst []int) []int {
	for i := range t.Names {
		hit := false
		for _, term := range terms {
			if t.except[i][term.Key] {
				hit = false
				break
			}
			hit = hit || t.words[i][term.Key]
		}
		if hit {
			dst = append(dst, i)
		}
	}
	return dst
}
