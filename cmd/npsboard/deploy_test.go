package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The units in deploy/ run npsboard with flags it has, and the wall's config is one it reads:
// a renamed flag breaks this test, not a wall screen at boot.
func TestTheDeployUnitsRunWhatNpsboardTakes(t *testing.T) {
	units, _ := filepath.Glob("../../deploy/*.service")
	if len(units) < 2 {
		t.Fatalf("deploy/ holds %d units", len(units))
	}
	runs := 0
	for _, unit := range units {
		data, err := os.ReadFile(unit)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			cmdline, ok := strings.CutPrefix(line, "ExecStart=")
			if !ok {
				continue
			}
			args := strings.Fields(strings.ReplaceAll(cmdline, "${CREDENTIALS_DIRECTORY}", "/run/credentials/x"))
			if filepath.Base(args[0]) != "npsboard" {
				continue
			}
			runs++
			cmd, rest := commands()[0], args[1:]
			if c := findCommand(rest[0]); c != nil {
				cmd, rest = c, rest[1:]
			}
			fs, _ := cmd.flags()
			fs.String("cpuprofile", "", "")
			if err := fs.Parse(rest); err != nil || fs.NArg() > 0 {
				t.Errorf("%s: npsboard %s does not take %q: %v", filepath.Base(unit), cmd.name, rest, err)
			}
		}
	}
	if runs != len(units) {
		t.Errorf("%d units run npsboard, of %d", runs, len(units))
	}
	if _, err := loadConfig("../../deploy/wall.toml", true); err != nil {
		t.Errorf("the wall's config: %v", err)
	}
	// systemd reads them as units, where it is installed; commands not installed here aside.
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		t.Skip("no systemd-analyze here")
	}
	out, _ := exec.Command("systemd-analyze", append([]string{"verify"}, units...)...).CombinedOutput()
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line != "" && !strings.Contains(line, "is not executable") {
			t.Errorf("systemd-analyze: %s", line)
		}
	}
}
