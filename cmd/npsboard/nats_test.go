package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/jet"
	"github.com/npsboard/npsboard/feed/jet/jettest"
	"github.com/npsboard/npsboard/model"
)

// sameFigures says where two reports by agent differ: responses, NPS, every group's.
func sameFigures(t *testing.T, who string, got, file reportOut) {
	t.Helper()
	if got.Overall.Responses != file.Overall.Responses || got.Overall.NPS == nil || *got.Overall.NPS != *file.Overall.NPS || len(got.Groups) != len(file.Groups) {
		t.Errorf("%s: %d responses, %d groups; the file: %d, %d", who, got.Overall.Responses, len(got.Groups), file.Overall.Responses, len(file.Groups))
		return
	}
	for i, g := range got.Groups {
		f := file.Groups[i]
		if g.Queue != f.Queue || g.Agent != f.Agent || g.stat.Responses != f.stat.Responses || *g.stat.NPS != *f.stat.NPS {
			t.Errorf("%s: %s/%s %d %v; the file: %s/%s %d %v", who, g.Queue, g.Agent, g.stat.Responses, *g.stat.NPS, f.Queue, f.Agent, f.stat.Responses, *f.stat.NPS)
		}
	}
}

// A relay publishes into a stream replicated on a cluster of three; the node leading the stream
// dies in the middle of the day; two dashboards read the stream live all along, and a report
// reads it after: every one ends with exactly the figures of `npsboard report --file`.
func TestAClusterLosesANodeAndEveryScreenHasTheFile(t *testing.T) {
	if testing.Short() {
		t.Skip("a cluster of three, a relay and three readers")
	}
	nodes := jettest.RunCluster(t, 3)
	servers := jettest.URLs(nodes...)
	dir := t.TempDir()
	relayAddr := freeAddr(t)
	r := &relayProcess{t: t, args: []string{"relay", "--journal", filepath.Join(dir, "journal.jsonl"), "--nats", servers, "--replicas", "3", "--listen", relayAddr}}
	r.start()
	defer func() { r.stop() }()

	start := time.Now().UTC().AddDate(0, 0, -2).Format(time.DateOnly)
	_, day, _ := runCLI(t, "", "demo", "--count", "6000", "--start", start, "--seed", "9", "--tz", "UTC", "--dirty", "0.02")
	dayFile := filepath.Join(dir, "day.jsonl")
	os.WriteFile(dayFile, []byte(day), 0o644)

	// Two dashboards: the NATS source as the dashboard builds it, into the dashboard's pump.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := &env{stdin: strings.NewReader(""), stdout: new(bytes.Buffer), stderr: new(bytes.Buffer), getenv: func(string) string { return "" }}
	type screen struct {
		mu   sync.Mutex
		last feed.Update
		agg  *model.Aggregator
	}
	var screens [2]*screen
	var pumps sync.WaitGroup
	for i := range screens {
		k := &natsSource{}
		k.urls, k.stream = jettest.URLs(nodes[i+1], nodes[0], nodes[2-i]), jet.DefaultStream
		src, err := k.build(e, &feed.Decoder{Location: time.UTC}, nil, sourceNeed{from: time.Now().Add(-model.MaxWindow)})
		if err != nil {
			t.Fatal(err)
		}
		defer src.close()
		s := &screen{agg: model.NewAggregator(model.Retention{})}
		screens[i] = s
		pump := feed.NewPump(model.NewDedup())
		pump.Every = 20 * time.Millisecond
		pumps.Go(func() {
			pump.Run(ctx, src, func(u feed.Update) bool {
				s.mu.Lock()
				defer s.mu.Unlock()
				for j := range u.Responses {
					s.agg.Add(&u.Responses[j])
				}
				s.last = u
				return true
			})
		})
	}

	// The producer: chunks of 300 lines, each posted until the relay takes it; the stream's
	// leader dies after the seventh.
	lines := strings.SplitAfter(day, "\n")
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 30 * time.Second}
	refused := 0
	postChunk := func(body string) {
		for {
			req, _ := http.NewRequest("POST", "http://"+relayAddr+"/v1/responses", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-ndjson")
			if resp, err := client.Do(req); err == nil {
				ok := resp.StatusCode == http.StatusOK
				resp.Body.Close()
				if ok {
					return
				}
				refused++
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	for i, chunks := 0, 0; i < len(lines); i += 300 {
		postChunk(strings.Join(lines[i:min(i+300, len(lines))], ""))
		if chunks++; chunks == 7 {
			killStreamLeader(t, nodes, servers)
		}
	}

	code, want, _ := runCLI(t, "", "report", "--file", dayFile, "--json", "--by", "agent", "--tz", "UTC")
	if code != exitOK {
		t.Fatal(code)
	}
	file := decodeReport(t, want)
	deadline := time.Now().Add(60 * time.Second)
	for _, s := range screens {
		for {
			s.mu.Lock()
			n := s.last.Status.Counts.Accepted
			s.mu.Unlock()
			if n >= file.Feed.Accepted || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	time.Sleep(500 * time.Millisecond) // anything sent twice would come now
	cancel()
	pumps.Wait()
	for i, s := range screens {
		var buf bytes.Buffer
		writeReportJSON(&buf, buildReport(s.agg, &s.last.Status.Counts, model.ByAgent, model.AllTime(), s.agg.Newest(), time.UTC))
		sameFigures(t, fmt.Sprintf("dashboard %d", i+1), decodeReport(t, buf.String()), file)
		if c := s.last.Status.Counts; c.Accepted != file.Feed.Accepted || c.Duplicates != 0 || c.Rejected != 0 {
			t.Errorf("dashboard %d: counts %+v; the file accepted %d, and the stream holds each once", i+1, c, file.Feed.Accepted)
		}
	}
	code, got, errs := runCLI(t, "", "report", "--nats", servers, "--json", "--by", "agent", "--tz", "UTC")
	if code != exitOK {
		t.Fatalf("report --nats exited %d: %s", code, errs)
	}
	sameFigures(t, "report --nats", decodeReport(t, got), file)
	t.Logf("the relay answered 503 to %d posts while the stream had no leader", refused)
}

// killStreamLeader shuts down the node that leads the stream, as a machine that dies.
func killStreamLeader(t *testing.T, nodes []*server.Server, servers string) {
	t.Helper()
	nc, err := jet.Connect(servers, jet.Auth{}, "test", true)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	st, err := js.Stream(context.Background(), jet.DefaultStream)
	if err != nil {
		t.Fatal(err)
	}
	leader := st.CachedInfo().Cluster.Leader
	for _, n := range nodes {
		if n.Name() == leader {
			n.Shutdown()
			return
		}
	}
	t.Fatalf("no node leads the stream (%q)", leader)
}

// publish reads a file into a stream, and a report over the stream says what the file's says;
// publishing the file again stores nothing; a report of one site has that site's responses.
func TestPublishAFileAndReportTheStream(t *testing.T) {
	srv := jettest.RunServer(t, t.TempDir(), 0)
	dir := t.TempDir()
	start := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
	_, day, _ := runCLI(t, "", "demo", "--count", "3000", "--start", start, "--seed", "4", "--tz", "UTC", "--dirty", "0.02")
	dayFile := filepath.Join(dir, "day.jsonl")
	os.WriteFile(dayFile, []byte(day), 0o644)

	code, _, errs := runCLI(t, "", "publish", "--nats", srv.ClientURL(), "--stream", "DAY", "--file", dayFile, "--rejects", filepath.Join(dir, "rejects.jsonl"))
	if code != exitOK {
		t.Fatalf("publish exited %d: %s", code, errs)
	}
	_, want, _ := runCLI(t, "", "report", "--file", dayFile, "--json", "--by", "agent", "--tz", "UTC")
	file := decodeReport(t, want)
	if !strings.Contains(errs, fmt.Sprintf("%s published to DAY (%s new, 0 already there)", thousands(file.Feed.Accepted), thousands(file.Feed.Accepted))) {
		t.Errorf("publish said %q; the file has %d responses", errs, file.Feed.Accepted)
	}
	if rej, _ := os.ReadFile(filepath.Join(dir, "rejects.jsonl")); int64(strings.Count(string(rej), "\n")) != file.Feed.Rejected || file.Feed.Rejected == 0 {
		t.Errorf("set aside %d rejects, the file has %d", strings.Count(string(rej), "\n"), file.Feed.Rejected)
	}
	code, _, errs = runCLI(t, "", "publish", "--nats", srv.ClientURL(), "--stream", "DAY", "--file", dayFile)
	if code != exitOK || !strings.Contains(errs, "(0 new, "+thousands(file.Feed.Accepted)+" already there)") {
		t.Errorf("publishing again: %d %q", code, errs)
	}

	code, got, errs := runCLI(t, "", "report", "--nats", srv.ClientURL(), "--stream", "DAY", "--json", "--by", "agent", "--tz", "UTC")
	if code != exitOK {
		t.Fatalf("report --nats exited %d: %s", code, errs)
	}
	sameFigures(t, "report --nats", decodeReport(t, got), file)

	// One site, and two queues: the stream's subjects, against the file's own groups.
	_, bySite, _ := runCLI(t, "", "report", "--file", dayFile, "--json", "--by", "site", "--tz", "UTC")
	sites := decodeReport(t, bySite)
	if len(sites.Groups) < 2 {
		t.Fatalf("the demo has %d sites", len(sites.Groups))
	}
	site := sites.Groups[0]
	_, got, _ = runCLI(t, "", "report", "--nats", srv.ClientURL(), "--stream", "DAY", "--site", site.Site, "--json", "--tz", "UTC")
	if rep := decodeReport(t, got); rep.Overall.Responses != site.stat.Responses || *rep.Overall.NPS != *site.stat.NPS {
		t.Errorf("--site %s: %d responses, the file's site %d", site.Site, rep.Overall.Responses, site.stat.Responses)
	}
	_, byQueue, _ := runCLI(t, "", "report", "--file", dayFile, "--json", "--tz", "UTC")
	queues := decodeReport(t, byQueue)
	two := queues.Groups[0].Queue + "," + queues.Groups[1].Queue
	for _, args := range [][]string{{"--nats", srv.ClientURL(), "--stream", "DAY"}, {"--file", dayFile}} {
		_, got, _ = runCLI(t, "", append([]string{"report", "--queues", two, "--json", "--tz", "UTC"}, args...)...)
		rep := decodeReport(t, got)
		if len(rep.Groups) != 2 || rep.Overall.Responses != queues.Groups[0].stat.Responses+queues.Groups[1].stat.Responses {
			t.Errorf("report %s --queues %s: %d groups, %d responses", args[0], two, len(rep.Groups), rep.Overall.Responses)
		}
	}

	// No server: a report says so, and exits 1.
	srv.Shutdown()
	if code, _, errs := runCLI(t, "", "report", "--nats", srv.ClientURL(), "--stream", "DAY"); code != exitError || !strings.Contains(errs, "NATS") {
		t.Errorf("with no server: %d %q", code, errs)
	}
}

// Two dashboards on one stream: an action taken on one reaches the other through the cases'
// bucket, and a third that opens later catches up from it.
func TestDashboardsShareActionsThroughTheBucket(t *testing.T) {
	srv := jettest.RunServer(t, t.TempDir(), 0)
	e := &env{stdin: strings.NewReader(""), stdout: new(bytes.Buffer), stderr: new(bytes.Buffer), getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type screen struct {
		src  *opened
		mu   sync.Mutex
		acts []model.Action
	}
	open := func() *screen {
		k := &natsSource{bucket: jet.DefaultBucket}
		k.urls, k.stream = srv.ClientURL(), jet.DefaultStream
		src, err := k.build(e, &feed.Decoder{Location: time.UTC}, nil, sourceNeed{from: time.Now().Add(-model.MaxWindow)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(src.close)
		if src.post == nil || src.raise == nil || src.notices == nil {
			t.Fatal("a screen on a stream shares no cases")
		}
		s := &screen{src: src}
		pump := feed.NewPump(model.NewDedup())
		pump.Every = 20 * time.Millisecond
		go pump.Run(ctx, src, func(u feed.Update) bool {
			s.mu.Lock()
			s.acts = append(s.acts, u.Actions...)
			s.mu.Unlock()
			return true
		})
		return s
	}
	heard := func(s *screen, by string) bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, a := range s.acts {
			if a.By == by {
				return true
			}
		}
		return false
	}
	// The stream must exist for a screen to be live; the cases need no response.
	if code, _, errs := runCLI(t, "", "publish", "--nats", srv.ClientURL(), "--file", "-"); code != exitOK {
		t.Fatalf("publish: %s", errs)
	}
	ana, ben := open(), open()
	alert := &model.Alert{ID: "r:demo-1", RaisedAt: time.Now()}
	if err := ana.src.raise([]*model.Alert{alert}); err != nil {
		t.Fatal(err)
	}
	if err := ana.src.post([]model.Action{{Kind: model.ActAssign, Alert: alert.ID, By: "ana", Owner: "ana", At: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		s   *screen
		who string
	}{{ben, "ben"}, {open(), "a dashboard opened later"}} {
		deadline := time.Now().Add(10 * time.Second)
		for !heard(c.s, "ana") {
			if time.Now().After(deadline) {
				t.Fatalf("%s never heard of ana's action", c.who)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// Credentials come from a file or the environment; a URL that carries one is refused, and
// its secret is not said.
func TestNATSCredentialsAreNeverOnTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	userFile := filepath.Join(dir, "user")
	os.WriteFile(userFile, []byte("wall:s3cr3t\n"), 0o600)
	bad := filepath.Join(dir, "bad")
	os.WriteFile(bad, []byte("no colon here\n"), 0o600)
	env := func(vars map[string]string) *env {
		return &env{getenv: func(k string) string { return vars[k] }}
	}
	for _, c := range []struct {
		flags      natsFlags
		vars       map[string]string
		user, pass string
		fails      bool
	}{
		{natsFlags{userFile: userFile}, nil, "wall", "s3cr3t", false},
		{natsFlags{}, map[string]string{"NPSBOARD_NATS_USER": "wall", "NPSBOARD_NATS_PASSWORD": "pw"}, "wall", "pw", false},
		{natsFlags{userFile: userFile}, map[string]string{"NPSBOARD_NATS_USER": "env"}, "wall", "s3cr3t", false}, // the file wins
		{natsFlags{}, map[string]string{"NPSBOARD_NATS_USER": "wall"}, "", "", true},                             // no password
		{natsFlags{userFile: bad}, nil, "", "", true},
		{natsFlags{userFile: filepath.Join(dir, "missing")}, nil, "", "", true},
		{natsFlags{userFile: userFile, nkey: userFile}, nil, "", "", true},
	} {
		a, err := c.flags.auth(env(c.vars))
		if (err != nil) != c.fails || !c.fails && (a.User != c.user || a.Password != c.pass) {
			t.Errorf("%+v with %v: %+v, %v", c.flags, c.vars, a, err)
		}
	}
	for _, args := range [][]string{
		{"report", "--nats", "nats://wall:hunter2@127.0.0.1:4222"},
		{"publish", "--nats", "nats://hunter2@127.0.0.1:4222", "--file", "-"},
		{"relay", "--journal", filepath.Join(dir, "j.jsonl"), "--nats", "nats://wall:hunter2@127.0.0.1:4222"},
		{"--nats", "nats://wall:hunter2@127.0.0.1:4222"},
	} {
		code, _, stderr := runCLI(t, "", args...)
		if code != exitUsage || strings.Contains(stderr, "hunter2") || !strings.Contains(stderr, "never on the command line") {
			t.Errorf("%q: %d %q", args, code, stderr)
		}
	}
}
