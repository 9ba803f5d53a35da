// Package journal is what npsboard's journals share (the relay's, and the alerts' state
// journal): a file of sealed JSON lines appended by one process at a time, synced before they
// count, read back with their seals checked and a torn last line cut off, compacted into an
// archive, and locked on Linux, macOS and Windows.
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
