package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// completionCases are lines typed so far, and words the completion must offer.
var completionCases = []struct {
	line string
	want []string
}{
	{"npsboard re", []string{"report", "relay"}},
	{"npsboard report --win", []string{"--window"}},
	{"npsboard report --window ", []string{"15m", "today", "30d", "month", "all"}},
	{"npsboard report --by t", []string{"team", "topic"}},
	{"npsboard --the", []string{"--theme"}},
	{"npsboard --theme ", []string{"dark", "light", "high-contrast"}},
	{"npsboard --kiosk --screens ", []string{"overview", "leaderboard", "why"}},
	{"npsboard help ", []string{"report", "config", "publish"}},
	{"npsboard completion ", []string{"bash", "zsh", "fish"}},
	{"npsboard relay --nats-c", []string{"--nats-creds", "--nats-ca"}},
	{"npsboard publish --re", []string{"--rejects", "--replicas", "--replay", "--retain"}},
}

func completionScript(t *testing.T, shell string) string {
	t.Helper()
	code, out, errs := runCLI(t, "", "completion", shell)
	if code != exitOK {
		t.Fatalf("completion %s: %d %s", shell, code, errs)
	}
	path := filepath.Join(t.TempDir(), "npsboard."+shell)
	os.WriteFile(path, []byte(out), 0o644)
	return path
}

func offers(t *testing.T, shell, line, got string, want []string) {
	t.Helper()
	words := strings.Fields(got)
	for _, w := range want {
		found := false
		for _, g := range words {
			found = found || g == w
		}
		if !found {
			t.Errorf("%s: %q offers %q, not %q", shell, line, words, w)
		}
	}
}

func TestCompletionInBash(t *testing.T) {
	script := completionScript(t, "bash")
	for _, c := range completionCases {
		prog := `source "$1"; read -ra COMP_WORDS <<< "$2"; [[ $2 == *' ' ]] && COMP_WORDS+=(''); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _npsboard; echo "${COMPREPLY[*]}"`
		out, err := exec.Command("bash", "-c", prog, "bash", script, c.line).CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", c.line, err, out)
		}
		offers(t, "bash", c.line, string(out), c.want)
	}
}

func TestCompletionInFish(t *testing.T) {
	if _, err := exec.LookPath("fish"); err != nil {
		t.Skip("no fish here (.ci/run installs it)")
	}
	script := completionScript(t, "fish")
	for _, c := range completionCases {
		out, err := exec.Command("fish", "--no-config", "-c", `source $argv[1]; complete -C $argv[2]`, script, c.line).CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", c.line, err, out)
		}
		var firsts []string
		for _, l := range strings.Split(string(out), "\n") {
			if w, _, _ := strings.Cut(l, "\t"); w != "" {
				firsts = append(firsts, w)
			}
		}
		offers(t, "fish", c.line, strings.Join(firsts, " "), c.want)
	}
}

func TestCompletionInZsh(t *testing.T) {
	if _, err := exec.LookPath("zsh"); err != nil {
		t.Skip("no zsh here (.ci/run installs it)")
	}
	script := completionScript(t, "zsh")
	if out, err := exec.Command("zsh", "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("zsh cannot read it: %v\n%s", err, out)
	}
	// Every command's flags, with their values, are in its _arguments.
	data, _ := os.ReadFile(script)
	for _, want := range []string{"'--window[", ":window:(15m 1h 4h today", "'--file[", ":file:_files", "'report:read a feed", "'1:argument:(bash zsh fish)'"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the zsh script holds no %q", want)
		}
	}
	// And zsh loads it as a completion function, with compinit, without a word of complaint.
	dir := filepath.Dir(script)
	os.Rename(script, filepath.Join(dir, "_npsboard"))
	out, err := exec.Command("zsh", "-f", "-c", `fpath=($1 $fpath); autoload -U compinit; compinit -u -d $1/dump; autoload -U _npsboard; whence -w _npsboard`, "zsh", dir).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "_npsboard: function") {
		t.Errorf("zsh: %v %s", err, out)
	}
}

func TestCompletionOfAnUnknownShell(t *testing.T) {
	for _, args := range [][]string{{"completion"}, {"completion", "powershell"}, {"completion", "bash", "zsh"}} {
		if code, _, _ := runCLI(t, "", args...); code != exitUsage {
			t.Errorf("%q exited %d", args, code)
		}
	}
}
