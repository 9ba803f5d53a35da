// Package jet carries responses over NATS JetStream: it publishes every accepted response to a
// stream, one subject per site and queue, and reads a stream back as a source of the
// dashboard, the wallboard and report. JetStream is the cluster: it replicates the stream,
// drops a response published twice (by its id) and lets a reader resume where it left off.
// Nothing here is a cluster of its own.
package jet

import (
	"fmt"
	"strings"
)

// DefaultPrefix is the first tokens of every subject: npsboard.responses.<site>.<queue>.
const DefaultPrefix = "npsboard.responses"

// MaxFilters is the most subjects a reader filters on (sites times queues): a screen of a few
// queues is a few filters, and a server checks each message against each.
const MaxFilters = 256

// Token makes a name (a site, a queue: any text a feed sends) one valid subject token, and a
// different token for every different name. Letters, digits, '-' and '_' are kept; every other
// byte is written ~XX in hexadecimal ('.', '*', '>' and white space would cut or widen a
// subject); an empty name is "~", which no other name gives.
func Token(name string) string {
	if name == "" {
		return "~"
	}
	plain := true
	for i := 0; i < len(name); i++ {
		if !keep(name[i]) {
			plain = false
			break
		}
	}
	if plain {
		return name
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(name) + 8)
	for i := 0; i < len(name); i++ {
		c := name[i]
		if keep(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('~')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func keep(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// Untoken is the name a token was made from.
func Untoken(tok string) (string, error) {
	switch tok {
	case "~":
		return "", nil
	case "":
		return "", fmt.Errorf("an empty token")
	}
	var b strings.Builder
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		switch {
		case keep(c):
			b.WriteByte(c)
		case c == '~' && i+2 < len(tok) && isHex(tok[i+1]) && isHex(tok[i+2]):
			b.WriteByte(unhex(tok[i+1])<<4 | unhex(tok[i+2]))
			i += 2
		default:
			return "", fmt.Errorf("%q is not a token npsboard writes", tok)
		}
	}
	return b.String(), nil
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' }

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'A' + 10
}

// Subject is where a response of a site and a queue is published.
func Subject(prefix, site, queue string) string {
	return prefix + "." + Token(site) + "." + Token(queue)
}

// Filters are the subjects a reader of some sites' and some queues' responses filters on:
// every site when sites is empty, every queue when queues is empty. More than MaxFilters is an
// error: a reader would rather take a site whole and leave out queues itself.
func Filters(prefix string, sites, queues []string) ([]string, error) {
	siteToks, queueToks := tokens(sites), tokens(queues)
	if n := len(siteToks) * len(queueToks); n > MaxFilters {
		return nil, fmt.Errorf("%d sites times %d queues make %d subjects to filter on, more than %d: name fewer",
			len(sites), len(queues), n, MaxFilters)
	}
	var out []string
	for _, s := range siteToks {
		for _, q := range queueToks {
			if s == "*" && q == "*" {
				out = append(out, prefix+".>")
				continue
			}
			out = append(out, prefix+"."+s+"."+q)
		}
	}
	return out, nil
}

// tokens are the tokens of names, deduplicated, or the wildcard when there are none.
func tokens(names []string) []string {
	if len(names) == 0 {
		return []string{"*"}
	}
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if t := Token(n); !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// ValidPrefix says whether a prefix is one or more plain tokens, which every subject of the
// stream then starts with.
func ValidPrefix(prefix string) error {
	if prefix == "" {
		return fmt.Errorf("the subject prefix is empty")
	}
	for _, tok := range strings.Split(prefix, ".") {
		if tok == "" || Token(tok) != tok {
			return fmt.Errorf("the subject prefix %q: want tokens of letters, digits, '-' and '_' joined by dots", prefix)
		}
	}
	return nil
}
