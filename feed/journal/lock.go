// Package journal holds what npsboard's journals share: a file of JSON lines appended to by
// one process at a time.
package journal

import (
	"errors"
	"fmt"
	"os"
)

// ErrInUse says another process holds a journal.
var ErrInUse = errors.New("in use by another npsboard")

// Lock takes f for this process alone, without waiting: two writers would interleave their
// lines, and the next reader would find them damaged. The lock goes with the file's closing or
// the process's end, a crash included.
func Lock(f *os.File) error {
	if err := lock(f); err != nil {
		return fmt.Errorf("%s: %w", f.Name(), ErrInUse)
	}
	return nil
}

// Open opens (or creates) the journal file at path for this process alone: readable by its
// user only (a journal holds customers' words), locked, and a regular file (a device would be
// read forever, /dev/zero, or lie about its writes).
func Open(path string) (*os.File, error) {
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
