package feed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/npsboard/npsboard/model"
)

func goodLine(id string, score int) string {
	return fmt.Sprintf(`{"id":%q,"ts":"2026-11-24T10:00:00Z","score":%d,"queue":"q"}`, id, score)
}

// readAll runs the pipeline over text and returns what came out, in order.
func readAll(t *testing.T, r io.Reader) (ids []string, rejects []Reject, in *Intake, err error) {
	t.Helper()
	in = NewIntake(model.NewDedup())
	in.OnReject = func(r *Reject) error {
		c := *r
		c.Raw = strings.Clone(c.Raw)
		rejects = append(rejects, c)
		return nil
	}
	err = ReadJSONLines(context.Background(), r, &Decoder{}, func(b *Batch) error {
		return in.Take(b, func(r *model.Response) { ids = append(ids, strings.Clone(r.ID)) })
	})
	c := in.Counts
	if c.Records != c.Accepted+c.Duplicates+c.Rejected {
		t.Errorf("records %d ≠ accepted %d + duplicates %d + rejected %d", c.Records, c.Accepted, c.Duplicates, c.Rejected)
	}
	return ids, rejects, in, err
}

func TestEveryLineIsAccountedFor(t *testing.T) {
	text := "\uFEFF" + goodLine("a", 9) + "\r\n" + // 1: BOM and CRLF
		"\r\n" + // 2: blank, not a record
		"   \t\n" + // 3: blank
		`{"id":"b"` + "\n" + // 4: bad_json
		goodLine("a", 3) + "\n" + // 5: duplicate
		"[1,2]\n" + // 6: not_object
		strings.Replace(goodLine("c", 5), `"score":5`, `"score":12`, 1) + "\n" + // 7: bad_score
		goodLine("d", 0) // 8: no newline at the end
	ids, rejects, in, err := readAll(t, strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids) != "[a d]" {
		t.Errorf("accepted %v, want [a d]", ids)
	}
	c := in.Counts
	if c.Records != 6 || c.Accepted != 2 || c.Duplicates != 1 || c.Rejected != 3 {
		t.Errorf("counts %+v", c)
	}
	var got []string
	for _, r := range rejects {
		got = append(got, fmt.Sprintf("%d:%v", r.Line, r.Reason))
	}
	if want := "[4:bad_json 6:not_object 7:bad_score]"; fmt.Sprint(got) != want {
		t.Errorf("rejects %v, want %s", got, want)
	}
	if rejects[0].Raw != `{"id":"b"` {
		t.Errorf("raw of line 4 = %q", rejects[0].Raw)
	}
}

func TestTooLongLinesAreSkippedAndReadingGoesOn(t *testing.T) {
	fits := `{"id":"x","pad":"` + strings.Repeat("a", MaxLine-19) + `"}` // MaxLine bytes exactly
	if len(fits) != MaxLine {
		t.Fatalf("test line is %d bytes", len(fits))
	}
	justOver := fits + " "
	huge := strings.Repeat("z", 3*MaxLine+17)
	text := goodLine("1", 9) + "\n" + fits + "\r\n" + justOver + "\n" + huge + "\n" + goodLine("5", 8) + "\n" + huge
	ids, rejects, in, err := readAll(t, strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids) != "[1 5]" {
		t.Errorf("accepted %v", ids)
	}
	var got []string
	for _, r := range rejects {
		got = append(got, fmt.Sprintf("%d:%v:%d:%d", r.Line, r.Reason, len(r.Raw), r.Size))
	}
	// Line 2 fits and is judged on its content; lines 3, 4 and 6 are too long.
	want := fmt.Sprintf("[2:missing_field:%d:0 3:too_long:%d:%d 4:too_long:%d:%d 6:too_long:%d:%d]",
		MaxLine, RawLimit, MaxLine+1, RawLimit, 3*MaxLine+17, RawLimit, 3*MaxLine+17)
	if fmt.Sprint(got) != want {
		t.Errorf("rejects\n %v\nwant\n %v", got, want)
	}
	if in.Counts.ByReason[TooLong] != 3 {
		t.Errorf("too_long count %d", in.Counts.ByReason[TooLong])
	}
}

// Many blocks, decoded in parallel, must come out in the order of the stream, whatever the
// sizes of the reads.
func TestOrderIsKeptAcrossBlocks(t *testing.T) {
	var b strings.Builder
	const n = 60000 // several MiB: many blocks
	for i := range n {
		b.WriteString(goodLine(fmt.Sprint(i), i%11))
		b.WriteString(strings.Repeat(" ", i%97)) // vary the line lengths
		b.WriteByte('\n')
	}
	for name, r := range map[string]io.Reader{
		"large reads":    strings.NewReader(b.String()),
		"one-byte reads": iotest.OneByteReader(strings.NewReader(b.String()[:200000])),
	} {
		t.Run(name, func(t *testing.T) {
			ids, _, _, err := readAll(t, r)
			if err != nil {
				t.Fatal(err)
			}
			for i, id := range ids {
				if id != fmt.Sprint(i) {
					t.Fatalf("response %d has id %s", i, id)
				}
			}
			if name == "large reads" && len(ids) != n {
				t.Fatalf("%d responses, want %d", len(ids), n)
			}
		})
	}
}

func TestReadErrorsAreReturned(t *testing.T) {
	boom := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader(goodLine("a", 1)+"\n"), iotest.ErrReader(boom))
	ids, _, _, err := readAll(t, r)
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
	if len(ids) != 1 {
		t.Errorf("the line read before the error was lost: %v", ids)
	}
}

func TestACallbackErrorStopsReading(t *testing.T) {
	var b strings.Builder
	for i := range 50000 {
		b.WriteString(goodLine(fmt.Sprint(i), 5) + "\n")
	}
	stop := errors.New("enough")
	calls := 0
	err := ReadJSONLines(context.Background(), strings.NewReader(b.String()), &Decoder{}, func(*Batch) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("err = %v after %d calls", err, calls)
	}
}

func TestACancelledContextStopsReading(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := ReadJSONLines(ctx, strings.NewReader(goodLine("a", 1)), &Decoder{}, func(*Batch) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestRejectLogKeepsEveryByte(t *testing.T) {
	var b strings.Builder
	log := NewRejectLog(&b)
	_ = log.Write(&Reject{Problem: problem(BadJSON, "not valid JSON"), Line: 3, Raw: "{\"a\":\x1b[31m"})
	_ = log.Write(&Reject{Problem: problem(BadJSON, "not valid JSON"), Line: 4, Raw: "caf\xe9"})
	_ = log.Write(&Reject{Problem: problem(TooLong, "line longer than 1048576 bytes"), Line: 5, Raw: "zzz", Size: 2000000})
	if err := log.Flush(); err != nil {
		t.Fatal(err)
	}
	want := `{"reason":"bad_json","detail":"not valid JSON","line":3,"raw":"{\"a\":\u001b[31m"}
{"reason":"bad_json","detail":"not valid JSON","line":4,"raw_base64":"Y2Fm6Q=="}
{"reason":"too_long","detail":"line longer than 1048576 bytes","line":5,"raw":"zzz","size":2000000}
`
	if b.String() != want {
		t.Errorf("log\n%s\nwant\n%s", b.String(), want)
	}
}

func TestAppendJSONRoundTrips(t *testing.T) {
	r := model.Response{
		ID: "r\"1", Time: time.Date(2026, 11, 24, 10, 0, 0, 5e6, paris), Score: 4, CSAT: 2, CES: 3,
		Queue: "billing", Agent: "Zoë", Team: "t", Channel: "chat", Customer: "C-9", Segment: "vip", Comment: "line\nbreak \\ tab\t",
	}
	line := string(AppendJSON(nil, &r, "source", "test"))
	if !strings.Contains(line, `"ts":"2026-11-24T09:00:00.005Z"`) || !strings.Contains(line, `"segment":"vip"`) || !strings.HasSuffix(line, `"source":"test"}`) {
		t.Errorf("line %s", line)
	}
	var back model.Response
	if p := (&Decoder{}).DecodeJSON(line, 1, &back); !p.OK() {
		t.Fatal(p)
	}
	want := r
	want.Comment = "line\nbreak \\ tab" // cleaning trims the trailing tab-made space
	back.Time, want.Time = back.Time.UTC(), want.Time.UTC()
	if back != want {
		t.Errorf("round trip\n %+v\nwant\n %+v", back, want)
	}
}

// A live pipe's lines are handed over as they come, not when a megabyte has gathered or the
// writer has closed.
func TestLinesOfALivePipeArriveAtOnce(t *testing.T) {
	pr, pw := io.Pipe()
	got := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- ReadJSONLines(context.Background(), pr, &Decoder{}, func(b *Batch) error {
			for _, r := range b.Responses {
				got <- strings.Clone(r.ID)
			}
			return nil
		})
	}()
	if _, err := io.WriteString(pw, goodLine("first", 9)+"\n"+`{"id":"sec`); err != nil {
		t.Fatal(err)
	}
	select {
	case id := <-got:
		if id != "first" {
			t.Fatalf("got %s", id)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a whole line written to an open pipe was not delivered")
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// A burst of lines bigger than one small read (a writer's 64 KiB buffer flushed at once, then a
// pause) is handed over at once too, not held until the next write, which on a quiet feed comes
// minutes later: the demo's last 3,600 lines of history waited so.
func TestABurstOfAPipeArrivesWithoutWaitingForTheNextWrite(t *testing.T) {
	for _, size := range []int{20 << 10, 64 << 10, 300 << 10} {
		pr, pw := io.Pipe()
		got := make(chan int, 1)
		go func() {
			n := 0
			ReadJSONLines(context.Background(), pr, &Decoder{}, func(b *Batch) error {
				n += len(b.Responses)
				select {
				case got <- n:
				default:
					<-got
					got <- n
				}
				return nil
			})
		}()
		var burst strings.Builder
		lines := 0
		for burst.Len() < size {
			burst.WriteString(goodLine(fmt.Sprint("b", lines), 9) + "\n")
			lines++
		}
		if _, err := io.WriteString(pw, burst.String()); err != nil { // one write, then nothing
			t.Fatal(err)
		}
		deadline := time.After(2 * time.Second)
		for n := 0; n < lines; {
			select {
			case n = <-got:
			case <-deadline:
				t.Fatalf("a burst of %d bytes: %d of its %d lines handed over while the writer paused", size, n, lines)
			}
		}
		pw.Close()
	}
}

// A regular file is read straight into the splitter's buffer, with no goroutine reading ahead
// to watch for pauses; it gives what the same bytes give through a pipe: every line, a line
// too long for the buffer set aside with its start, a last line without its end.
func TestAFileGivesWhatAPipeGives(t *testing.T) {
	var b strings.Builder
	for i := range 30000 {
		if i == 12345 {
			b.WriteString(`{"id":"long","comment":"` + strings.Repeat("x", MaxLine+10) + "\"}\n")
		}
		b.WriteString(goodLine(fmt.Sprint(i), i%11) + "\n")
	}
	b.WriteString(goodLine("last", 9)) // no line end
	path := filepath.Join(t.TempDir(), "f.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pr, pw := io.Pipe()
	go func() { io.WriteString(pw, b.String()); pw.Close() }()
	if !neverPauses(f) || neverPauses(pr) {
		t.Fatalf("neverPauses: file %v, pipe %v", neverPauses(f), neverPauses(pr))
	}
	fileIDs, fileRejects, _, err := readAll(t, f)
	if err != nil {
		t.Fatal(err)
	}
	pipeIDs, pipeRejects, _, err := readAll(t, pr)
	if err != nil {
		t.Fatal(err)
	}
	if len(fileIDs) != 30001 || !slices.Equal(fileIDs, pipeIDs) {
		t.Fatalf("file: %d ids, pipe: %d ids (or in another order)", len(fileIDs), len(pipeIDs))
	}
	if len(fileRejects) != 1 || len(pipeRejects) != 1 || fileRejects[0].Line != 12346 || fileRejects[0].Line != pipeRejects[0].Line ||
		fileRejects[0].Size != pipeRejects[0].Size || fileRejects[0].Raw != pipeRejects[0].Raw {
		t.Fatalf("rejects: file %+v, pipe %+v", fileRejects, pipeRejects)
	}
}

// Read into blocks used again (a report's transient read), 30 MB of lines give what a read
// into new blocks gives, line for line, across thirty blocks, a line too long and a last line
// without its end; and the blocks are used again: the read makes as many as are under way at
// once (the pipeline's channels bound them), not one for each block of its input.
func TestATransientReadUsesItsBlocksAgain(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 30<<20; i++ {
		if i == 70_000 {
			b.WriteString(`{"id":"long","comment":"` + strings.Repeat("y", MaxLine+5) + "\"}\n")
		}
		fmt.Fprintf(&b, `{"id":"r%d","ts":"2026-11-24T10:00:00Z","score":%d,"queue":"q%d","agent":"a%d","comment":"%s"}`+"\n",
			i, i%11, i%7, i%300, strings.Repeat("z", i%90))
	}
	b.WriteString(goodLine("last", 3))
	text := b.String()
	read := func(transient bool) (out []string) {
		err := readJSONLines(context.Background(), strings.NewReader(text), &Decoder{}, func(b *Batch) error {
			for i := range b.Responses {
				r := &b.Responses[i]
				out = append(out, r.ID+" "+r.Queue+" "+r.Agent+" "+r.Comment)
			}
			for i := range b.Rejects {
				out = append(out, fmt.Sprint("reject ", b.Rejects[i].Line, " ", len(b.Rejects[i].Raw)))
			}
			return nil
		}, transient)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	want := read(false)
	before := blocksMade.Load()
	got := read(true)
	made := blocksMade.Load() - before
	if len(want) < 200_000 || !slices.Equal(got, want) {
		t.Fatalf("transient: %d records, against %d", len(got), len(want))
	}
	if blocks := int64(len(text) / MaxLine); made < 1 || made > 2*int64(runtime.GOMAXPROCS(0))+10 || made >= blocks/2 {
		t.Errorf("a transient read of %d blocks made %d", blocks, made)
	}
}
