//go:build unix

package journal

import (
	"os"
	"syscall"
)

// lock is an exclusive flock: advisory, which every npsboard asks for.
func lock(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
