package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionSaysTheModuleAndTheCommit(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/npsboard/npsboard", Version: "v0.18.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0917e6f0123456789abcdef"}, {Key: "vcs.time", Value: "2026-12-01T23:55:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	if got := version(info, true); !strings.HasPrefix(got, "npsboard v0.18.0 commit 0917e6f01234 (2026-12-01T23:55:00Z, with changes not committed) go1.26.8 ") {
		t.Errorf("%q", got)
	}
	if got := version(&debug.BuildInfo{GoVersion: "go1.26.8"}, true); !strings.HasPrefix(got, "npsboard (devel) go1.26.8 ") {
		t.Errorf("%q", got)
	}
	if got := version(nil, false); !strings.Contains(got, "unknown version") {
		t.Errorf("%q", got)
	}
	code, out, _ := runCLI(t, "", "--version")
	if code != exitOK || !strings.HasPrefix(out, "npsboard ") || strings.Count(out, "\n") != 1 {
		t.Errorf("--version: %d %q", code, out)
	}
}

// The binary built from a clone says the commit it was built from.
func TestTheBuiltBinarySaysItsCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skip("not in a git clone")
	}
	bin := filepath.Join(t.TempDir(), "npsboard")
	if out, err := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if rev := strings.TrimSpace(string(head))[:12]; !strings.Contains(string(out), "commit "+rev) {
		t.Errorf("--version says %q; HEAD is %s", out, rev)
	}
	_ = os.Remove(bin)
}
