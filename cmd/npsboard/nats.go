package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/npsboard/npsboard/feed/jet"
)

// natsFlags are the flags of a connection to NATS JetStream, shared by the relay, publish and
// the NATS source: the servers, the stream, and the credentials (files or the environment,
// never a flag's value).
type natsFlags struct {
	urls, stream              string
	creds, nkey, userFile, ca string
	replicas                  int           // for a stream made by a publisher
	retain                    time.Duration // for a stream made by a publisher
}

const natsUsage = `  --nats URLS       NATS servers with JetStream, such as nats://nats1:4222,nats://nats2:4222
  --stream NAME     the JetStream stream (default NPSBOARD)
  --nats-creds F    a NATS credentials file (a user JWT and its seed)
  --nats-nkey F     a file holding an NKEY seed
  --nats-user-file F
                    a file holding user:password (or set NPSBOARD_NATS_USER and
                    NPSBOARD_NATS_PASSWORD)
  --nats-ca F       a PEM file of certificates to trust besides the system's, for tls://
`

const natsStreamUsage = `  --replicas N      copies of the stream, when this makes it: 3 on a cluster of three survives
                    the loss of one server (default 1)
  --retain D        how long the stream keeps a response, when this makes it (default 2160h:
                    90 days)
`

func (n *natsFlags) register(fs *flag.FlagSet, publishes bool) {
	fs.StringVar(&n.urls, "nats", "", "")
	fs.StringVar(&n.stream, "stream", jet.DefaultStream, "")
	fs.StringVar(&n.creds, "nats-creds", "", "")
	fs.StringVar(&n.nkey, "nats-nkey", "", "")
	fs.StringVar(&n.userFile, "nats-user-file", "", "")
	fs.StringVar(&n.ca, "nats-ca", "", "")
	if publishes {
		fs.IntVar(&n.replicas, "replicas", 1, "")
		fs.DurationVar(&n.retain, "retain", jet.DefaultMaxAge, "")
	}
}

func (n *natsFlags) given() bool { return n.urls != "" }

// check refuses what cannot work, before anything connects.
func (n *natsFlags) check() error {
	if n.urls == "" {
		if n.creds != "" || n.nkey != "" || n.userFile != "" || n.ca != "" || (n.stream != "" && n.stream != jet.DefaultStream) {
			return usagef("--stream and the --nats-… credentials go with --nats")
		}
		return nil
	}
	if err := jet.CheckURLs(n.urls); err != nil {
		return usagef("invalid value for flag --nats: %v", err)
	}
	if err := n.spec().Check(); err != nil {
		return usagef("%v", err)
	}
	return nil
}

func (n *natsFlags) spec() jet.StreamSpec {
	return jet.StreamSpec{Name: n.stream, Replicas: n.replicas, MaxAge: n.retain}
}

// auth gathers the credentials: the files named, else the environment's user and password.
func (n *natsFlags) auth(e *env) (jet.Auth, error) {
	a := jet.Auth{Creds: n.creds, NKey: n.nkey, CA: n.ca}
	switch {
	case n.userFile != "":
		b, err := os.ReadFile(n.userFile)
		if err != nil {
			return a, err
		}
		user, pass, ok := strings.Cut(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]), ":")
		if !ok || user == "" {
			return a, fmt.Errorf("%s: want one line user:password", n.userFile)
		}
		a.User, a.Password = user, pass
	case e.getenv("NPSBOARD_NATS_USER") != "" || e.getenv("NPSBOARD_NATS_PASSWORD") != "":
		a.User, a.Password = e.getenv("NPSBOARD_NATS_USER"), e.getenv("NPSBOARD_NATS_PASSWORD")
	}
	if err := a.Check(); err != nil {
		return a, usagef("%v", err)
	}
	return a, nil
}

// connect connects as name; with wait, it fails when no server answers.
func (n *natsFlags) connect(e *env, name string, wait bool, extra ...nats.Option) (*nats.Conn, error) {
	a, err := n.auth(e)
	if err != nil {
		return nil, err
	}
	return jet.Connect(n.urls, a, name, wait, extra...)
}

// publisher connects, makes the stream if it is not there, and returns what publishes to it.
func (n *natsFlags) publisher(ctx context.Context, e *env, name string) (*jet.Publisher, *nats.Conn, error) {
	nc, err := n.connect(e, name, true)
	if err != nil {
		return nil, nil, err
	}
	js, err := jet.NewJetStream(nc)
	if err != nil {
		nc.Close()
		return nil, nil, err
	}
	reqCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if _, err := jet.EnsureStream(reqCtx, js, n.spec()); err != nil {
		nc.Close()
		return nil, nil, err
	}
	return jet.NewPublisher(js, n.spec()), nc, nil
}
