package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version says which npsboard this is, from what the go command wrote into the binary: the
// module's version (a tag, or a pseudo-version, when installed with go install), and the
// commit it was built from, when built in a clone.
func version(info *debug.BuildInfo, ok bool) string {
	if !ok {
		return "npsboard (unknown version: built without module information) " + runtime.Version()
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, at, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = ", with changes not committed"
			}
		}
	}
	line := "npsboard " + v
	if rev != "" {
		line += fmt.Sprintf(" commit %s (%s%s)", rev[:min(len(rev), 12)], at, dirty)
	}
	return line + " " + info.GoVersion + " " + runtime.GOOS + "/" + runtime.GOARCH
}
