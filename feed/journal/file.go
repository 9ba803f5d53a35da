package journal

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// A journal is JSON lines, one object a line, appended and synced to disk before they count.
// Each line is sealed: its object ends with its format version and a checksum of what comes
// before them, `…,"v":2,"crc":"1a2b3c4d"}`, so that a reader tells a line that was damaged
// from one that was written so. Lines written before lines were sealed (version 1) have
// neither, and are read as they are.

// Version is the format of the lines this package seals.
const Version = 2

// trailer is what a sealed line ends with: its version, and a CRC-32C (Castagnoli) of the
// line before it, in eight hex digits.
const (
	trailerHead = `,"v":2,"crc":"`
	trailerLen  = len(trailerHead) + 8 + len(`"}`)
	// SealLen is how many bytes a seal adds to a line.
	SealLen = trailerLen - 1
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Seal seals the JSON object that begins at start in b and ends b, and ends the line.
func Seal(b []byte, start int) []byte {
	if len(b)-start < 3 || b[len(b)-1] != '}' {
		return append(b, '\n') // not an object with members: left as it is, a reader says so
	}
	b = b[:len(b)-1]
	sum := crc32.Checksum(b[start:], castagnoli)
	b = append(b, trailerHead...)
	b = appendHex8(b, sum)
	return append(b, "\"}\n"...)
}

func appendHex8(b []byte, v uint32) []byte {
	const hex = "0123456789abcdef"
	for shift := 28; shift >= 0; shift -= 4 {
		b = append(b, hex[v>>uint(shift)&0xf])
	}
	return b
}

// Seal says what a line's seal says.
type Status uint8

const (
	Unsealed Status = iota // a line of version 1, which had no seal
	Sealed                 // its checksum holds
	Broken                 // it has a seal, and its checksum does not hold: it was damaged
)

// Check says whether a line (without its line end) is sealed, and whether its seal holds.
func Check(line []byte) Status {
	n := len(line)
	if n < trailerLen || !bytes.Equal(line[n-trailerLen:n-trailerLen+len(trailerHead)], []byte(trailerHead)) ||
		line[n-2] != '"' || line[n-1] != '}' {
		if i := bytes.LastIndex(line, []byte(`"crc":"`)); i >= 0 && i > n-trailerLen-2 {
			return Broken // a seal, cut or changed
		}
		return Unsealed
	}
	want, err := strconv.ParseUint(string(line[n-10:n-2]), 16, 32)
	if err != nil || crc32.Checksum(line[:n-trailerLen], castagnoli) != uint32(want) {
		return Broken
	}
	return Sealed
}

// File is a journal open for appending, by this process alone.
type File struct {
	mu   sync.Mutex
	path string
	f    *os.File
	size int64
	// Torn is how many bytes followed the last line end when the journal was opened, and were
	// cut off: a line a crash left half written, which was never acknowledged. Nothing else
	// is ever cut.
	Torn int64
}

// Open opens (or creates) the journal at path for this process alone, and reads it: each whole
// line goes to read, with its offset and what its seal says (a line without its end is not
// given). What follows the last line end is cut off. An error of read stops the opening.
func Open(path string, read func(off int64, line []byte, st Status) error) (*File, error) {
	f, err := openLocked(path)
	if err != nil {
		return nil, err
	}
	end, tail, err := scan(f, read)
	if err == nil && tail > 0 {
		err = f.Truncate(end) // the next line must begin on a line of its own
	}
	if err == nil {
		_, err = f.Seek(end, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &File{path: path, f: f, size: end, Torn: tail}, nil
}

// openLocked opens (or creates) a journal's file for this process alone: readable by its user
// only (a journal holds customers' words), locked, and a regular file (a device would be read
// forever, /dev/zero, or lie about its writes).
func openLocked(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s is not a regular file: a journal must be one", path)
	}
	if err := Lock(f); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Read reads the journal at path without taking it (a writer may hold it): each whole line to
// read; a last line without its end is being written, and is left out.
func Read(path string, read func(off int64, line []byte, st Status) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file: a journal must be one", path)
	}
	_, _, err = scan(f, read)
	return err
}

// scan reads whole lines to read, and says where the last ends and how many bytes follow it.
func scan(r io.Reader, read func(off int64, line []byte, st Status) error) (end, tail int64, err error) {
	br := bufio.NewReaderSize(r, 256<<10)
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// A line longer than the buffer: its start is copied before the buffer is read again.
			start := append([]byte(nil), line...)
			var rest []byte
			rest, err = br.ReadBytes('\n')
			line = append(start, rest...)
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return end, 0, err
		}
		if len(line) == 0 || line[len(line)-1] != '\n' {
			return end, int64(len(line)), nil
		}
		text := line[:len(line)-1]
		if err := read(end, text, Check(text)); err != nil {
			return end, 0, err
		}
		end += int64(len(line))
	}
}

// Size is the journal's length in bytes.
func (j *File) Size() int64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.size
}

// Path is the journal's file.
func (j *File) Path() string { return j.path }

// Append writes whole lines (sealed, each with its line end) and syncs them to disk; then, still
// holding the journal, it calls then with the offset they begin at, so that what then does
// happens in the order of the journal. A write that fails leaves no half line behind: the next
// one begins a line.
func (j *File) Append(lines []byte, then func(off int64)) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(lines) == 0 {
		return nil
	}
	if _, err := j.f.Write(lines); err != nil {
		j.f.Truncate(j.size)
		j.f.Seek(j.size, io.SeekStart)
		return err
	}
	if err := j.f.Sync(); err != nil {
		return err
	}
	off := j.size
	j.size += int64(len(lines))
	if then != nil {
		then(off)
	}
	return nil
}

// Compact moves the journal's first cut bytes (whole lines) to the end of archive, synced, then
// replaces the journal by the rest. A crash between the two leaves those lines in both: a
// reader must take a line twice as once.
func (j *File) Compact(cut int64, archive string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	a, err := os.OpenFile(archive, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(a, io.NewSectionReader(j.f, 0, cut))
	if err == nil {
		err = a.Sync()
	}
	if cerr := a.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	tmp := j.path + ".tmp"
	rest, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(rest, io.NewSectionReader(j.f, cut, j.size-cut))
	if err == nil {
		err = rest.Sync()
	}
	if cerr := rest.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, j.path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if dir, err := os.Open(filepath.Dir(j.path)); err == nil {
		dir.Sync() // the rename itself is kept
		dir.Close()
	}
	f, err := openLocked(j.path)
	if err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		f.Close()
		return err
	}
	j.f.Close()
	j.f, j.size = f, j.size-cut
	return nil
}

// Close closes the journal.
func (j *File) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.f.Close()
}
