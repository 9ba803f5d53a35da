package jet

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/npsboard/npsboard/feed"
)

// Auth is how a client proves who it is to NATS, and which servers it trusts. Each secret is a
// file (or comes from the environment, through the command), never a flag's value: ps shows
// every flag to everyone on the machine.
type Auth struct {
	Creds    string // a credentials file (a user JWT and its NKEY seed), as nsc writes it
	NKey     string // a file holding an NKEY seed (SU...)
	User     string // a user name, with Password
	Password string
	CA       string // a PEM file of certificates to trust besides the system's, for tls://
}

// Check refuses what cannot go together.
func (a Auth) Check() error {
	n := 0
	for _, on := range []bool{a.Creds != "", a.NKey != "", a.User != "" || a.Password != ""} {
		if on {
			n++
		}
	}
	if n > 1 {
		return errors.New("give one of a credentials file, an NKEY seed, or a user and password")
	}
	if (a.User == "") != (a.Password == "") {
		return errors.New("a NATS user needs its password, and a password its user")
	}
	return nil
}

// CheckURLs refuses server URLs that carry a secret (user:password@ or a token@): they would
// be on the command line, and in every error and screen that names the server.
func CheckURLs(urls string) error {
	if strings.TrimSpace(urls) == "" {
		return errors.New("no NATS server URL")
	}
	for _, raw := range strings.Split(urls, ",") {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || u.Host == "" {
			return fmt.Errorf("%q is not a NATS URL such as nats://host:4222", raw)
		}
		switch u.Scheme {
		case "nats", "tls", "ws", "wss":
		default:
			return fmt.Errorf("%q: want nats://, tls://, ws:// or wss://", raw)
		}
		if u.User != nil {
			return fmt.Errorf("the URL of %s carries a user or a token: give credentials in a file or the environment, never on the command line", u.Host)
		}
	}
	return nil
}

// Options are the NATS client options of an npsboard connection: its name for the server's
// monitoring, its credentials, and reconnection for ever: a wallboard runs for weeks, across
// every restart of every server.
func (a Auth) Options(name string) ([]nats.Option, error) {
	if err := a.Check(); err != nil {
		return nil, err
	}
	opts := []nats.Option{
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.ReconnectJitter(500*time.Millisecond, 2*time.Second),
		nats.Timeout(5 * time.Second),
		// Errors of a connection go to the source's state, never to the screen it draws on.
		nats.ErrorHandler(func(*nats.Conn, *nats.Subscription, error) {}),
	}
	switch {
	case a.Creds != "":
		if _, err := os.Stat(a.Creds); err != nil {
			return nil, err
		}
		opts = append(opts, nats.UserCredentials(a.Creds))
	case a.NKey != "":
		o, err := nats.NkeyOptionFromSeed(a.NKey)
		if err != nil {
			return nil, fmt.Errorf("the NKEY seed %s: %w", a.NKey, err)
		}
		opts = append(opts, o)
	case a.User != "":
		opts = append(opts, nats.UserInfo(a.User, a.Password))
	}
	if a.CA != "" {
		cfg, err := feed.TrustingCA(a.CA)
		if err != nil {
			return nil, err
		}
		opts = append(opts, nats.Secure(cfg))
	}
	return opts, nil
}

// Connect connects to the servers of urls (comma-separated). With wait it fails when none
// answers (a report, a publish: a command that must say so); without, it returns at once and
// keeps trying in the background (a screen, which shows it is connecting and never blocks).
func Connect(urls string, a Auth, name string, wait bool, extra ...nats.Option) (*nats.Conn, error) {
	if err := CheckURLs(urls); err != nil {
		return nil, err
	}
	opts, err := a.Options(name)
	if err != nil {
		return nil, err
	}
	if !wait {
		opts = append(opts, nats.RetryOnFailedConnect(true))
	}
	nc, err := nats.Connect(urls, append(opts, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("NATS %s: %w", urls, err)
	}
	return nc, nil
}
