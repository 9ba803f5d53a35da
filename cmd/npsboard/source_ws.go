package main

import (
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/relay"
)

// wsSource is a websocket feed, such as a relay's stream; through a relay it shares actions too.
type wsSource struct {
	url       string
	headers   headerList
	tokenFile string
	ca        string
}

const wsUsage = `  --ws URL          a websocket feed (ws:// or wss://), such as a relay's /v1/stream; it
                    reconnects forever and resumes where it left off
  --header 'N: V'   with --ws: a header for the handshake (repeatable)
  --token-file F    with --ws: a file holding the bearer token (or set NPSBOARD_TOKEN)
  --ca FILE         with --ws: a PEM file of certificates to trust besides the system's
`

func (w *wsSource) register(fs *flag.FlagSet) {
	fs.StringVar(&w.url, "ws", "", "")
	fs.Var(&w.headers, "header", "")
	fs.StringVar(&w.tokenFile, "token-file", "", "")
	fs.StringVar(&w.ca, "ca", "", "")
}

func (w *wsSource) given() bool { return w.url != "" }

func (w *wsSource) check() error {
	if (len(w.headers) > 0 || w.tokenFile != "" || w.ca != "") && w.url == "" {
		return usagef("--header, --token-file and --ca go with --ws")
	}
	if w.url != "" {
		u, err := url.Parse(w.url)
		if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
			return usagef("invalid value %q for flag --ws: want a ws:// or wss:// URL", w.url)
		}
	}
	return nil
}

// journal: a stream is known by its scheme, host and path; credentials and the query (which
// may carry a token that changes) do not make another source.
func (w *wsSource) journal() (name, identity string) {
	u, err := url.Parse(w.url)
	if err != nil {
		return "ws", "ws:" + w.url // refused by check before any journal is opened
	}
	host := strings.ToLower(u.Host)
	return "ws-" + host, "ws:" + u.Scheme + "://" + host + u.EscapedPath()
}

func (w *wsSource) merge(c *sourceConfig, set map[string]bool) {
	if sourceFlagSet(set) {
		return
	}
	w.url = c.WS
	if !set["token-file"] && c.TokenFile != "" {
		w.tokenFile = c.TokenFile
	}
	if !set["ca"] && c.CA != "" {
		w.ca = c.CA
	}
}

func (w *wsSource) build(e *env, dec *feed.Decoder, _ *config, _ sourceNeed) (*opened, error) {
	header, err := w.header(e)
	if err != nil {
		return nil, err
	}
	src := &feed.WSSource{URL: w.url, Decoder: dec, Header: header}
	if w.ca != "" {
		if src.TLS, err = feed.TrustingCA(w.ca); err != nil {
			return nil, err
		}
	}
	dec.Source = src.Name()
	return &opened{Source: src, post: relay.Poster(src), connects: true}, nil
}

// headerList is a repeatable --header 'Name: value'.
type headerList []string

func (h *headerList) String() string { return strings.Join(*h, ", ") }

func (h *headerList) Set(v string) error {
	name, _, ok := strings.Cut(v, ":")
	if !ok || strings.TrimSpace(name) == "" || strings.ContainsAny(name, " \t") {
		return fmt.Errorf("want 'Name: value'")
	}
	*h = append(*h, v)
	return nil
}

// header is what every request to the relay carries: --header, and the bearer token.
func (w *wsSource) header(e *env) (http.Header, error) {
	h := http.Header{}
	for _, line := range w.headers {
		name, value, _ := strings.Cut(line, ":")
		h.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	token, err := bearerToken(e, w.tokenFile)
	if err != nil {
		return nil, err
	}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return h, nil
}

// bearerToken is the bearer token: from a file (--token-file), else NPSBOARD_TOKEN. Never from
// the command line, where ps shows it to everyone on the machine.
func bearerToken(e *env, file string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", err
		}
		return strings.TrimSpace(string(b)), nil
	}
	return strings.TrimSpace(e.getenv("NPSBOARD_TOKEN")), nil
}
