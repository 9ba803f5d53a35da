package main

import (
	"flag"
	"slices"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/jet"
)

// natsSource is a JetStream stream that relays and publishers fill: a screen reads it from the
// start of its longest window, then live; a report reads what it holds and ends.
type natsSource struct {
	natsFlags
	sites  valueList
	bucket string
}

const natsSourceUsage = natsUsage + `  --site NAME       with --nats: only this site's responses (repeatable; default every site)
  --bucket NAME     with --nats: the key-value bucket where dashboards share their cases
                    (default npsboard-cases)
`

func (n *natsSource) register(fs *flag.FlagSet) {
	n.natsFlags.register(fs, false)
	fs.Var(&n.sites, "site", "")
	fs.StringVar(&n.bucket, "bucket", jet.DefaultBucket, "")
}

func (n *natsSource) given() bool { return n.natsFlags.given() }

func (n *natsSource) check() error {
	if (len(n.sites) > 0 || n.bucket != "" && n.bucket != jet.DefaultBucket) && n.urls == "" {
		return usagef("--site and --bucket go with --nats")
	}
	if err := n.natsFlags.check(); err != nil {
		return err
	}
	if _, err := jet.Filters(jet.DefaultPrefix, n.sites, nil); err != nil {
		return usagef("%v", err)
	}
	return nil
}

func (n *natsSource) merge(c *sourceConfig, set map[string]bool) {
	if sourceFlagSet(set) {
		return
	}
	n.urls = c.NATS
	if !set["stream"] && c.Stream != "" {
		n.stream = c.Stream
	}
	if !set["bucket"] && c.Bucket != "" {
		n.bucket = c.Bucket
	}
	if !set["site"] && len(c.Sites) > 0 {
		n.sites = slices.Clone(c.Sites)
	}
	for _, f := range []struct {
		flag string
		v    *string
		c    string
	}{{"nats-creds", &n.creds, c.NATSCreds}, {"nats-nkey", &n.nkey, c.NATSNKey}, {"nats-user-file", &n.userFile, c.NATSUser}, {"nats-ca", &n.ca, c.NATSCA}} {
		if !set[f.flag] && f.c != "" {
			*f.v = f.c
		}
	}
}

// journal: a stream is known by its name and what it is filtered on; the servers may change
// (a cluster grows, a node is replaced) and it is the same feed.
func (n *natsSource) journal() (name, identity string) {
	filters, _ := jet.Filters(jet.DefaultPrefix, n.sites, nil)
	return "nats-" + n.stream, "nats:" + n.stream + ":" + strings.Join(filters, ",")
}

func (n *natsSource) build(e *env, dec *feed.Decoder, _ *config, need sourceNeed) (*opened, error) {
	filters, err := jet.Filters(jet.DefaultPrefix, n.sites, need.queues)
	if err != nil {
		return nil, usagef("%v", err)
	}
	// A screen connects in the background and shows it; a report must say at once that no
	// server answers.
	nc, err := n.connect(e, "npsboard", need.finite)
	if err != nil {
		return nil, err
	}
	label := "nats " + n.stream
	if len(n.sites) > 0 {
		label += " · " + strings.Join(n.sites, ", ")
	}
	// The stream carries responses as npsboard writes them: the config's mapping is for the
	// survey system's records, which a publisher read.
	src := &jet.Source{Conn: nc, Stream: n.stream, Filters: filters, Start: need.from, Finite: need.finite,
		Decoder: &feed.Decoder{Location: dec.Location, Source: label, Skip: dec.Skip}, Label: feed.Clean(label, false)}
	out := &opened{Source: src, connects: true, close: nc.Close, scope: feed.Clean(strings.Join(n.sites, ", "), false)}
	if !need.finite { // a screen shares its cases with every other through the bucket
		js, err := jetstream.New(nc)
		if err != nil {
			nc.Close()
			return nil, err
		}
		cases, err := jet.NewCases(js, jet.BucketSpec{Name: n.bucket, Stream: n.stream})
		if err != nil {
			nc.Close()
			return nil, usagef("%v", err)
		}
		cases.Location = dec.Location
		src.Cases = cases
		out.post, out.raise = cases.Post, cases.Raise
		out.notices = func(tell func(string)) { cases.Told = tell }
	}
	return out, nil
}
