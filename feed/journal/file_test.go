package journal

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func sealed(objs ...string) []byte {
	var b []byte
	for _, o := range objs {
		start := len(b)
		b = append(b, o...)
		b = Seal(b, start)
	}
	return b
}

// A sealed line says its version and checksum; changing any byte of it breaks the seal; a line
// of version 1, without one, reads as it is.
func TestASealTellsADamagedLine(t *testing.T) {
	line := sealed(`{"seq":1,"id":"a","comment":"ok"}`)
	if want := `{"seq":1,"id":"a","comment":"ok","v":2,"crc":"`; !bytes.HasPrefix(line, []byte(want)) || line[len(line)-1] != '\n' {
		t.Fatalf("sealed as %q", line)
	}
	text := line[:len(line)-1]
	if Check(text) != Sealed {
		t.Fatalf("%q does not check", text)
	}
	for i := range text {
		damaged := bytes.Clone(text)
		damaged[i] ^= 0x01
		if Check(damaged) == Sealed {
			t.Fatalf("a change at byte %d of %q passes its check", i, text)
		}
	}
	if Check([]byte(`{"seq":1,"id":"a"}`)) != Unsealed {
		t.Error("a line of version 1 is not read as unsealed")
	}
	if got := string(sealed(`{}`)); got != "{}\n" || Check([]byte("{}")) != Unsealed {
		t.Errorf("an empty object sealed as %q", got)
	}
}

// What follows the last line end is cut off and counted, nothing else; every whole line is read
// with what its seal says, in order, with its offset.
func TestOpenReadsWholeLinesAndCutsOnlyTheTornTail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	body := append(sealed(`{"n":1}`, `{"n":2}`), `{"n":3}`+"\n"...) // the third of version 1
	damaged := sealed(`{"n":4}`)
	damaged[5] = '5'
	body = append(append(body, damaged...), `{"n":6,"v":2,"crc":"00`...) // a torn last line
	os.WriteFile(path, body, 0o600)
	var got []string
	j, err := Open(path, func(off int64, line []byte, st Status) error {
		got = append(got, fmt.Sprintf("%d:%s:%d", off, line[:6], st))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if want := fmt.Sprintf("[0:{\"n\":1:1 %d:{\"n\":2:1 %d:{\"n\":3:0 %d:{\"n\":5:2]", len(sealed(`{"n":1}`)), 2*len(sealed(`{"n":1}`)),
		2*len(sealed(`{"n":1}`))+8); fmt.Sprint(got) != want {
		t.Errorf("read %v\nwant %s", got, want)
	}
	if j.Torn != int64(len(`{"n":6,"v":2,"crc":"00`)) || j.Size() != int64(len(body))-j.Torn {
		t.Errorf("torn %d, size %d of %d", j.Torn, j.Size(), len(body))
	}
	if err := j.Append(sealed(`{"n":7}`), nil); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !bytes.HasSuffix(data, sealed(`{"n":7}`)) || bytes.Contains(data, []byte(`"n":6`)) {
		t.Errorf("after the cut and an append: %q", data[len(data)-60:])
	}
}

// A journal serves one writer; a reader may read it meanwhile.
func TestAJournalHasOneWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	j, err := Open(path, func(int64, []byte, Status) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	j.Append(sealed(`{"a":1}`), nil)
	if _, err := Open(path, func(int64, []byte, Status) error { return nil }); err == nil {
		t.Error("a second writer was let in")
	}
	n := 0
	if err := Read(path, func(int64, []byte, Status) error { n++; return nil }); err != nil || n != 1 {
		t.Errorf("a reader read %d lines: %v", n, err)
	}
}

// Compacting moves the first lines to the archive and keeps the rest, still locked.
func TestCompactMovesTheFirstLinesToTheArchive(t *testing.T) {
	dir := t.TempDir()
	path, archive := filepath.Join(dir, "j.jsonl"), filepath.Join(dir, "j.jsonl.archive")
	j, err := Open(path, func(int64, []byte, Status) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	first := sealed(`{"old":1}`, `{"old":2}`)
	j.Append(first, nil)
	j.Append(sealed(`{"new":1}`), nil)
	if err := j.Compact(int64(len(first)), archive); err != nil {
		t.Fatal(err)
	}
	if a, _ := os.ReadFile(archive); !bytes.Equal(a, first) {
		t.Errorf("archive %q", a)
	}
	j.Append(sealed(`{"new":2}`), nil)
	if rest, _ := os.ReadFile(path); !bytes.Equal(rest, sealed(`{"new":1}`, `{"new":2}`)) || j.Size() != int64(len(rest)) {
		t.Errorf("journal %q, size %d", rest, j.Size())
	}
	if _, err := Open(path, func(int64, []byte, Status) error { return nil }); err == nil {
		t.Error("the compacted journal is not locked")
	}
}
