package relay

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/feed/journal"
)

// What a hostile client or a broken survey system may send, and what the relay must do about
// it: refuse what it could not write back, keep every record it acknowledged, and stay up.

func record(id, ts string, extra string) string {
	return fmt.Sprintf(`{"id":%q,"ts":%q,"score":3,"queue":"q"%s}`, id, ts, extra)
}

func reasons(reply PostReply) []string {
	var out []string
	for _, rj := range reply.Rejects {
		out = append(out, fmt.Sprintf("%d:%s", rj.Index, rj.Reason))
	}
	return out
}

// A time the journal would write as a year it cannot read back (10000 once the offset is
// applied, or year 0 ahead of UTC) is refused; every time taken is journaled in UTC, whatever
// the local zone, and the relay starts again on its journal.
func TestATimeTheJournalCannotWriteIsRefused(t *testing.T) {
	if elsewhere(t, "Asia/Tokyo") {
		return
	}
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	r := startRelay(t, Config{Journal: path})
	body := strings.Join([]string{
		record("y10k", "9999-12-31T23:59:59-23:59", ""),
		record("late", "9999-12-31T23:00:00Z", ""),
		record("y0", "0000-01-01T00:00:00+00:01", ""),
		record("edge", "2199-12-31T23:00:00+00:00", ""),
		record("ok", "2026-11-24T10:00:00+09:00", ""),
	}, "\n")
	code, reply := post(t, r.url("/v1/responses"), "", body)
	if code != 200 || reply.Accepted != 2 || fmt.Sprint(reasons(reply)) != "[0:bad_time 1:bad_time 2:bad_time]" {
		t.Fatalf("%d %+v", code, reply)
	}
	r.stop()
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `"ts":"2199-12-31T23:00:00.000Z"`) || !strings.Contains(string(data), `"ts":"2026-11-24T01:00:00.000Z"`) {
		t.Errorf("the journal does not hold the times in UTC:\n%s", data)
	}
	r.start()
	if seq := r.server().Journal().Seq(); seq != 2 {
		t.Errorf("after a restart the journal holds %d lines, want 2", seq)
	}
}

// elsewhere runs the calling test in a process whose local zone is zone (the zone cannot be
// changed under a running server), and says whether it did: the caller returns then. In that
// process it says false, and the test runs.
func elsewhere(t *testing.T, zone string) bool {
	t.Helper()
	if os.Getenv("NPSBOARD_TEST_CHILD") == t.Name() {
		if time.Local.String() != zone {
			t.Fatalf("the local zone is %s, not %s", time.Local, zone)
		}
		return false
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "TZ="+zone, "NPSBOARD_TEST_CHILD="+t.Name())
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+t.Name()) {
		t.Fatalf("in %s: %v\n%s", zone, err, out)
	}
	return true
}

// A journal line longer than the replay's read buffer (256 KiB) reaches a client whole.
func TestALongLineIsReplayedWhole(t *testing.T) {
	r := startRelay(t, Config{})
	comment := strings.Repeat("a long story, ", 300<<10/14)
	body := record("big", "2026-11-24T10:00:00Z", `,"comment":"`+comment+`"`) + "\n" + record("after", "2026-11-24T10:01:00Z", "")
	if code, reply := post(t, r.url("/v1/responses"), "", body); code != 200 || reply.Accepted != 2 {
		t.Fatalf("%d %+v", code, reply)
	}
	c, _, stop := streamFrom(t, r, "")
	defer stop()
	c.wait(t, 2)
	c.mu.Lock()
	defer c.mu.Unlock()
	if fmt.Sprint(c.ids) != "[big after]" || c.in.Counts.Rejected != 0 || c.in.Counts.Duplicates != 0 {
		t.Errorf("the client got %v, counts %+v", c.ids, c.in.Counts)
	}
}

// A record bigger than a line once cleaned (each invalid byte becomes three) is refused, as a
// file refuses a line over 1 MiB; a big body goes out in messages a client can read.
func TestNoRecordOrMessageOutgrowsWhatAClientReads(t *testing.T) {
	r := startRelay(t, Config{})
	raw := record("huge", "2026-11-24T10:00:00Z", `,"comment":"`+strings.Repeat("\xff", 400<<10)+`"`)
	code, reply := post(t, r.url("/v1/responses"), "", raw+"\n"+record("x", "2026-11-24T10:00:00Z", `,"comment":"`+strings.Repeat("z", feed.MaxLine)+`"`))
	if code != 200 || reply.Accepted != 0 || fmt.Sprint(reasons(reply)) != "[0:too_long 1:too_long]" {
		t.Fatalf("%d %+v", code, reply)
	}

	conn, _, err := websocket.DefaultDialer.Dial("ws://"+r.addr+"/v1/stream?since=1", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var lines []string
	for i := range 60 {
		lines = append(lines, record(fmt.Sprint("m", i), "2026-11-24T10:00:00Z", `,"comment":"`+strings.Repeat("w", 100<<10)+`"`))
	}
	if code, reply := post(t, r.url("/v1/responses"), "", strings.Join(lines, "\n")); code != 200 || reply.Accepted != 60 {
		t.Fatalf("a body of 6 MiB: %d %+v", code, reply)
	}
	got := 0
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for got < 60 {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			t.Fatalf("after %d lines: %v", got, err)
		}
		if len(msg) > maxMessage+feed.MaxLine {
			t.Fatalf("a message of %d bytes", len(msg))
		}
		got += bytes.Count(msg, []byte("\n"))
	}
}

// Two relays on one journal would interleave their lines: the second is refused. A damaged
// line (whole, but not the journal's) stops the start with its line and why, and nothing is
// cut: only the bytes after the last line end, a crash's, are ever cut off.
func TestAJournalServesOneRelayAndIsNeverCutButItsTornTail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	r := startRelay(t, Config{Journal: path})
	post(t, r.url("/v1/responses"), "", line("a", 9)+"\n"+line("b", 9))
	if _, err := New(Config{Journal: path}); !errors.Is(err, journal.ErrInUse) {
		t.Errorf("a second relay on the journal: %v", err)
	}
	r.stop()

	good, _ := os.ReadFile(path)
	for _, c := range []struct{ name, tail, want string }{
		{"a whole last line that is no record", `{"seq":3,"recv":"2026-11-24T10:00:00.000Z","id":"c","ts":"2026-11-24T10:00:00.000Z","score":9,"queue":"q"` + "\n", "line 3"},
		{"a line out of sequence", reseal(strings.Replace(strings.SplitAfter(string(good), "\n")[1], `"seq":2`, `"seq":7`, 1)), "sequence number 7 where 3 was due"},
		{"a line changed after it was written", strings.Replace(strings.SplitAfter(string(good), "\n")[1], `"seq":2`, `"seq":3`, 1), "its checksum does not hold"},
		{"two writers' lines run together", `{"seq":3,"recv":"2026-11-24T10:00:00.000Z","id":"c","ts":"2026-11-{"seq":3,"recv":"2026-11-24T10:00:00.000Z"}` + "\n", "line 3"},
	} {
		os.WriteFile(path, append(append([]byte(nil), good...), c.tail...), 0o600)
		_, err := New(Config{Journal: path})
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.HasSuffix(err.Error(), ": ") {
			t.Errorf("%s: %v", c.name, err)
		}
		if data, _ := os.ReadFile(path); len(data) != len(good)+len(c.tail) {
			t.Errorf("%s: the journal was cut from %d to %d bytes", c.name, len(good)+len(c.tail), len(data))
		}
	}
	os.WriteFile(path, good, 0o600)
	r.start()
	if j := r.server().Journal(); j.Seq() != 2 || j.Torn != 0 {
		t.Errorf("the good journal: seq %d, torn %d", j.Seq(), j.Torn)
	}
}

// reseal seals a line again once it was changed, as a writer would have sealed it.
func reseal(line string) string {
	text := strings.TrimSuffix(line, "\n")
	if i := strings.Index(text, `,"v":2,"crc"`); i >= 0 {
		text = text[:i] + "}"
	}
	return string(journal.Seal([]byte(text), 0))
}

// A duplicate with a forged time does not make the relay forget the id it repeats.
func TestADuplicateDoesNotDefeatDeduplication(t *testing.T) {
	r := startRelay(t, Config{MaxBody: 16 << 20})
	x := record("x", "2026-11-24T10:00:00Z", "")
	post(t, r.url("/v1/responses"), "", x)
	var b strings.Builder
	b.WriteString(record("x", "1970-01-01T00:00:00Z", "") + "\n")
	for i := range 70000 {
		b.WriteString(record(fmt.Sprint("o", i), "2026-11-24T10:00:00Z", "") + "\n")
	}
	if _, reply := post(t, r.url("/v1/responses"), "", b.String()); reply.Duplicates != 1 || reply.Accepted != 70000 {
		t.Fatalf("%+v", reply.Accepted)
	}
	if _, reply := post(t, r.url("/v1/responses"), "", x); reply.Duplicates != 1 {
		t.Errorf("x was taken twice: %+v", reply)
	}
}

// A client that reads nothing is cut once its queue holds QueueBytes, however few messages
// that is: three such clients and big posts no longer grow the relay without bound.
func TestASlowReaderIsCutByBytes(t *testing.T) {
	r := startRelay(t, Config{QueueBytes: 1 << 20})
	for range 3 {
		conn, _, err := websocket.DefaultDialer.Dial("ws://"+r.addr+"/v1/stream", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close() // and never read
	}
	big := strings.Repeat("w", 200<<10)
	for i := range 120 {
		post(t, r.url("/v1/responses"), "", record(fmt.Sprint("b", i), "2026-11-24T10:00:00Z", `,"comment":"`+big+`"`))
		if r.server().drops.Load() == 3 {
			break
		}
	}
	if n := r.server().drops.Load(); n != 3 {
		t.Errorf("%d of 3 clients that read nothing were cut after 24 MB", n)
	}
}

// Without a token a relay is open to anyone who reaches it, and so to web pages a visitor
// opens: it refuses pages of other origins, host names that are not its own (a page can point
// a name of its own at it), and posts that are not JSON (a form needs no permission).
func TestPagesElsewhereCannotUseARelayWithoutAToken(t *testing.T) {
	r := startRelay(t, Config{AllowHosts: []string{"relay.lan"}})
	do := func(method, path, host, origin, ctype string) int {
		t.Helper()
		req, _ := http.NewRequest(method, r.url(path), strings.NewReader(line("p", 9)))
		if host != "" {
			req.Host = host
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		res, err := httpClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for _, c := range []struct {
		name                       string
		method, path, host, origin string
		ctype                      string
		want                       int
	}{
		{"a page elsewhere posts text", "POST", "/v1/responses", "", "http://evil.example", "text/plain", 403},
		{"a page elsewhere posts JSON", "POST", "/v1/actions", "", "http://evil.example", "application/json", 403},
		{"a form", "POST", "/v1/responses", "", "", "application/x-www-form-urlencoded", 415},
		{"no content type", "POST", "/v1/responses", "", "", "", 415},
		{"a rebound name", "POST", "/v1/responses", "rebind.evil.example", "http://rebind.evil.example", "application/json", 403},
		{"a rebound name reads figures", "GET", "/metrics", "rebind.evil.example:8080", "", "", 403},
		{"a program on this machine", "POST", "/v1/responses", "", "", "application/json; charset=utf-8", 200},
		{"localhost", "POST", "/v1/responses", "localhost:8080", "", "application/x-ndjson", 200},
		{"an IP address", "GET", "/healthz", "192.0.2.7:8080", "", "", 200},
		{"a listed name", "GET", "/healthz", "RELAY.lan:8080", "", "", 200},
		{"the relay's own page", "POST", "/v1/responses", "relay.lan:8080", "http://relay.lan:8080", "application/json", 200},
	} {
		if got := do(c.method, c.path, c.host, c.origin, c.ctype); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
	_, resp, err := websocket.DefaultDialer.Dial("ws://"+r.addr+"/v1/stream", http.Header{"Host": {"rebind.evil.example"}, "Origin": {"http://rebind.evil.example"}})
	if err == nil || resp == nil || resp.StatusCode != 403 {
		t.Errorf("a stream from a page elsewhere: %v %v", err, resp)
	}
}

// A body whose first line is a broken "[" is JSON lines like a file's, not one rejected record:
// records = accepted + duplicates + rejected holds for every body.
func TestABodyIsAccountedLineByLineLikeAFile(t *testing.T) {
	r := startRelay(t, Config{})
	var lines []string
	for i := range 10 {
		lines = append(lines, line(fmt.Sprint("l", i), 9))
	}
	_, reply := post(t, r.url("/v1/responses"), "", "[oops\n"+strings.Join(lines, "\n"))
	if reply.Accepted != 10 || fmt.Sprint(reasons(reply)) != "[0:bad_json]" {
		t.Errorf("%+v", reply)
	}
}

// Actions are checked like records, each with its reason: an unknown kind, a time far ahead of
// the relay's clock (a forged one), a missing field.
func TestActionsAreCheckedAgainstTheRelaysClock(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	r := startRelay(t, Config{Now: func() time.Time { return now }})
	acts := []string{
		`{"action":"acknowledge","alert":"r:a","by":"maya","at":"2026-11-24T10:05:00Z"}`,
		`{"action":"frobnicate","alert":"r:a","by":"maya","at":"2026-11-24T10:05:00Z"}`,
		`{"action":"resolve","alert":"r:a","by":"x","at":"9999-12-31T23:59:59Z","note":"forged"}`,
		`{"action":"resolve","alert":"r:a","by":"x","at":"2026-11-24T12:00:00Z","note":"two hours ahead"}`,
		`{"action":"resolve","alert":"r:a","by":"x","at":"yesterday"}`,
		`{"action":"assign","alert":"r:a","by":"x","at":"2026-11-24T10:00:00Z"}`,
	}
	_, reply := post(t, r.url("/v1/actions"), "", strings.Join(acts, "\n"))
	if reply.Accepted != 1 || fmt.Sprint(reasons(reply)) != "[1:bad_action 2:bad_time 3:bad_time 4:bad_time 5:missing_field]" {
		t.Errorf("%+v", reply)
	}
}

// The relay streams to MaxClients at once; the next is told to come back later.
func TestTheRelayStreamsToAtMostMaxClients(t *testing.T) {
	r := startRelay(t, Config{MaxClients: 2})
	var conns []*websocket.Conn
	for range 2 {
		conn, _, err := websocket.DefaultDialer.Dial("ws://"+r.addr+"/v1/stream", nil)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, conn)
	}
	_, resp, err := websocket.DefaultDialer.Dial("ws://"+r.addr+"/v1/stream", nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("a third client: %v %v", err, resp)
	}
	conns[0].Close()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		conn, _, err := websocket.DefaultDialer.Dial("ws://"+r.addr+"/v1/stream", nil)
		if err == nil {
			conn.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no room after a client left: %v", err)
		}
	}
	conns[1].Close()
}

// A journal written before lines were sealed is read as it is, and goes on sealed.
func TestAJournalOfUnsealedLinesIsStillRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	old := `{"seq":1,"recv":"2026-11-24T10:00:00.000Z","id":"a","ts":"2026-11-24T10:00:00.000Z","score":9,"queue":"q"}
{"seq":2,"recv":"2026-11-24T10:00:01.000Z","action":"acknowledge","alert":"r:a","by":"ana","at":"2026-11-24T10:00:01Z"}
`
	os.WriteFile(path, []byte(old), 0o600)
	r := startRelay(t, Config{Journal: path})
	if _, reply := post(t, r.url("/v1/responses"), "", line("a", 9)+"\n"+line("b", 3)); reply.Duplicates != 1 || reply.FirstSeq != 3 {
		t.Errorf("after an unsealed journal: %+v", reply)
	}
	data, _ := os.ReadFile(path)
	last := strings.SplitAfter(string(data), "\n")[2]
	if !strings.HasPrefix(string(data), old) || journal.Check([]byte(strings.TrimSpace(last))) != journal.Sealed {
		t.Errorf("the journal:\n%s", data)
	}
}
