// Package jettest runs NATS servers with JetStream inside a test's process: one, or a cluster,
// for the tests of whatever publishes to or reads from a stream.
package jettest

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// RunServer starts a NATS server with JetStream in this process, storing in dir; port 0 picks
// one. It is shut down at the test's end.
func RunServer(t testing.TB, dir string, port int) *server.Server {
	t.Helper()
	if port == 0 {
		port = -1
	}
	return Run(t, &server.Options{Port: port, JetStream: true, StoreDir: dir, ServerName: "solo"})
}

// Run starts a server of the options given (credentials, TLS), on loopback, a port of its own
// unless named, quiet; it is shut down at the test's end.
func Run(t testing.TB, opts *server.Options) *server.Server {
	t.Helper()
	opts.Host, opts.NoLog, opts.NoSigs = "127.0.0.1", true, true
	if opts.Port == 0 {
		opts.Port = -1
	}
	s, err := server.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("the NATS server did not start")
	}
	t.Cleanup(s.Shutdown)
	return s
}

// RunCluster starts n servers with JetStream, routed to each other, and waits until their
// JetStream has a leader.
func RunCluster(t testing.TB, n int) []*server.Server {
	t.Helper()
	ports := FreePorts(t, n)
	var routes []string
	for _, p := range ports {
		routes = append(routes, fmt.Sprintf("nats://127.0.0.1:%d", p))
	}
	var out []*server.Server
	for i := range n {
		s, err := server.NewServer(&server.Options{
			ServerName: fmt.Sprintf("n%d", i+1), Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(),
			NoLog: true, NoSigs: true,
			Cluster: server.ClusterOpts{Name: "npsboard", Host: "127.0.0.1", Port: ports[i]},
			Routes:  server.RoutesFromStr(strings.Join(routes, ",")),
		})
		if err != nil {
			t.Fatal(err)
		}
		go s.Start()
		t.Cleanup(s.Shutdown)
		out = append(out, s)
	}
	for _, s := range out {
		if !s.ReadyForConnections(10 * time.Second) {
			t.Fatal("a NATS server of the cluster did not start")
		}
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		for _, s := range out {
			if s.JetStreamIsLeader() {
				return out
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the cluster's JetStream elected no leader")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// FreePorts are ports nobody listens on now.
func FreePorts(t testing.TB, n int) []int {
	var ports []int
	var ls []net.Listener
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// URLs are the client URLs of servers, for a client that fails over between them.
func URLs(servers ...*server.Server) string {
	var u []string
	for _, s := range servers {
		u = append(u, s.ClientURL())
	}
	return strings.Join(u, ",")
}
