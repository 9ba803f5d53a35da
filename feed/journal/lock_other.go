//go:build !unix && !windows

package journal

import "os"

// lock takes nothing where the system has no file locks (wasm, plan9): one npsboard a journal
// is then the operator's to keep.
func lock(*os.File) error { return nil }
