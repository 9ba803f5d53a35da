//go:build windows

package journal

import (
	"os"

	"golang.org/x/sys/windows"
)

// lock locks the file's first byte, exclusively: Windows enforces it on every process.
func lock(f *os.File) error {
	var ol windows.Overlapped
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
}
