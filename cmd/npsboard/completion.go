package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/npsboard/npsboard/tui"
)

const completionUsage = `Writes a script that completes npsboard's commands, flags and their values in a shell: the
commands, each command's flags, the windows, groupings, themes and screens a flag takes, and
file names where a flag takes a file.

Usage:
  npsboard completion bash|zsh|fish

Examples:
  bash   npsboard completion bash > /etc/bash_completion.d/npsboard   (or source it from ~/.bashrc)
  zsh    npsboard completion zsh > "${fpath[1]}/_npsboard"            (then restart the shell)
  fish   npsboard completion fish > ~/.config/fish/completions/npsboard.fish
`

func completionCommand() *command {
	c := &command{name: "completion", summary: "write a shell's completion script (bash, zsh, fish)", usage: completionUsage, takesArgs: true}
	c.setup = func(fs *flag.FlagSet) func(context.Context, *env) error {
		return func(_ context.Context, e *env) error {
			if fs.NArg() != 1 {
				return usagef("name one shell: bash, zsh or fish")
			}
			spec := completionSpec()
			switch fs.Arg(0) {
			case "bash":
				writeBash(e.stdout, spec)
			case "zsh":
				writeZsh(e.stdout, spec)
			case "fish":
				writeFish(e.stdout, spec)
			default:
				return usagef("unknown shell %q: want bash, zsh or fish", fs.Arg(0))
			}
			return nil
		}
	}
	return c
}

// completed is what a shell completes of one command.
type completed struct {
	name, summary string
	flags         []completedFlag
	args          []string // the words it takes after its flags: help's commands, a shell
}

type completedFlag struct {
	name, help string
	boolean    bool
	values     []string // the words it takes; none when free text or a file
	file       bool
}

// fileFlags take a path.
var fileFlags = []string{"file", "config", "state", "rejects", "journal", "journal-of", "token-file", "ca", "tls-cert", "tls-key",
	"log", "cpuprofile", "nats-creds", "nats-nkey", "nats-user-file", "nats-ca"}

// flagValues are the words some flags take.
func flagValues() map[string][]string {
	windows := []string{"15m", "1h", "4h", "today", "yesterday", "7d", "30d", "week", "month", "all"}
	screens := make([]string, len(tui.KioskScreens))
	for i, s := range tui.KioskScreens {
		screens[i] = string(s)
	}
	return map[string][]string{
		"window": windows, "agent-window": windows,
		"by":          {"queue", "agent", "team", "channel", "site", "topic"},
		"format":      {"jsonl", "csv"},
		"theme":       slices.Sorted(maps.Keys(tui.Themes)),
		"leaderboard": {"agent", "team"},
		"rank-within": {"queue", "team", "site", "floor"},
		"screens":     screens,
		"log-format":  {"text", "json"},
		"log-level":   {"debug", "info", "warn", "error"},
	}
}

// helpLine finds a flag's first line of help in a command's usage.
var helpLine = regexp.MustCompile(`(?m)^\s+--([a-z][a-z0-9-]*)(?: [^ ]+)?\s{2,}(.+)$`)

// completionSpec reads the commands and their flags from the commands themselves, so that a
// new flag is completed without a word here.
func completionSpec() []completed {
	values := flagValues()
	var out []completed
	for _, c := range commands() {
		fs, _ := c.flags()
		fs.Bool("cpuprofile", false, "") // every command takes it (exec adds it); a file, below
		helps := map[string]string{"cpuprofile": "write a CPU profile of the run to FILE"}
		for _, m := range helpLine.FindAllStringSubmatch(c.usage, -1) {
			if _, ok := helps[m[1]]; !ok {
				helps[m[1]] = strings.TrimSpace(m[2])
			}
		}
		cc := completed{name: c.name, summary: c.summary}
		fs.VisitAll(func(f *flag.Flag) {
			b, ok := f.Value.(interface{ IsBoolFlag() bool })
			cf := completedFlag{name: f.Name, help: helps[f.Name], boolean: ok && b.IsBoolFlag() && f.Name != "cpuprofile",
				values: values[f.Name], file: slices.Contains(fileFlags, f.Name)}
			cc.flags = append(cc.flags, cf)
		})
		switch c.name {
		case "help":
			for _, o := range commands() {
				if o.name != "" && o.name != "help" {
					cc.args = append(cc.args, o.name)
				}
			}
			cc.args = append(cc.args, "config")
		case "completion":
			cc.args = []string{"bash", "zsh", "fish"}
		case "config":
			cc.args = []string{"init", "check"}
		}
		out = append(out, cc)
	}
	return out
}

func commandWords(spec []completed) []string {
	var names []string
	for _, c := range spec {
		if c.name != "" {
			names = append(names, c.name)
		}
	}
	return names
}

func writeBash(w io.Writer, spec []completed) {
	fmt.Fprintf(w, "# bash completion for npsboard: npsboard completion bash > /etc/bash_completion.d/npsboard\n")
	fmt.Fprintf(w, "_npsboard() {\n")
	fmt.Fprintf(w, "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\" cmd=\"\"\n")
	fmt.Fprintf(w, "  case \"${COMP_WORDS[1]}\" in %s) cmd=\"${COMP_WORDS[1]}\" ;; esac\n", strings.Join(commandWords(spec), "|"))
	// A flag's value: its words, a file, or nothing to offer.
	fmt.Fprintf(w, "  case \"$prev\" in\n")
	seen := map[string]bool{}
	var takes []string
	for _, c := range spec {
		for _, f := range c.flags {
			if seen[f.name] {
				continue
			}
			seen[f.name] = true
			switch {
			case f.boolean:
			case len(f.values) > 0:
				fmt.Fprintf(w, "    --%s) COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;\n", f.name, strings.Join(f.values, " "))
			case f.file:
				fmt.Fprintf(w, "    --%s) COMPREPLY=($(compgen -f -- \"$cur\")); compopt -o filenames 2>/dev/null; return ;;\n", f.name)
			default:
				takes = append(takes, "--"+f.name)
			}
		}
	}
	slices.Sort(takes)
	fmt.Fprintf(w, "    %s) return ;;\n  esac\n", strings.Join(takes, "|"))
	fmt.Fprintf(w, "  local flags words\n  case \"$cmd\" in\n")
	for _, c := range spec {
		label := c.name
		if label == "" {
			label = "\"\""
		}
		var flags []string
		for _, f := range c.flags {
			flags = append(flags, "--"+f.name)
		}
		words := c.args
		if c.name == "" {
			words = commandWords(spec)
		}
		fmt.Fprintf(w, "    %s) flags=%q; words=%q ;;\n", label, strings.Join(flags, " "), strings.Join(words, " "))
	}
	fmt.Fprintf(w, "  esac\n")
	fmt.Fprintf(w, "  if [[ $cur == -* ]]; then\n    COMPREPLY=($(compgen -W \"$flags\" -- \"$cur\"))\n")
	fmt.Fprintf(w, "  elif [[ -z $cmd && $COMP_CWORD -eq 1 ]] || [[ -n $cmd && -n $words && $COMP_CWORD -eq 2 ]]; then\n")
	fmt.Fprintf(w, "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n  fi\n}\n")
	fmt.Fprintf(w, "complete -F _npsboard npsboard\n")
}

// zshQuote makes a text safe inside a single-quoted _arguments spec: no quote, and none of
// the brackets and colons that end its parts.
func zshQuote(s string) string {
	return strings.NewReplacer("'", "", "[", "(", "]", ")", ":", " -", "\\", "").Replace(s)
}

func writeZsh(w io.Writer, spec []completed) {
	fmt.Fprintf(w, "#compdef npsboard\n# zsh completion for npsboard: npsboard completion zsh > \"${fpath[1]}/_npsboard\"\n\n")
	fmt.Fprintf(w, "_npsboard() {\n  local -a commands\n  commands=(\n")
	for _, c := range spec {
		if c.name != "" {
			fmt.Fprintf(w, "    '%s:%s'\n", c.name, zshQuote(c.summary))
		}
	}
	fmt.Fprintf(w, "  )\n  local cmd=\"\"\n  if (( CURRENT > 2 )) && (( ${commands[(I)${words[2]}:*]} )); then\n    cmd=${words[2]}\n    shift words\n    (( CURRENT-- ))\n  fi\n")
	fmt.Fprintf(w, "  case $cmd in\n")
	for _, c := range spec {
		label := c.name
		if label == "" {
			label = "''"
		}
		fmt.Fprintf(w, "    %s)\n      _arguments -s", label)
		for _, f := range c.flags {
			spec := fmt.Sprintf("--%s[%s]", f.name, zshQuote(f.help))
			switch {
			case f.boolean:
			case len(f.values) > 0:
				spec += fmt.Sprintf(":%s:(%s)", f.name, strings.Join(f.values, " "))
			case f.file:
				spec += ":file:_files"
			default:
				spec += ":" + f.name + ": "
			}
			fmt.Fprintf(w, " \\\n        '%s'", spec)
		}
		switch {
		case c.name == "":
			fmt.Fprintf(w, " \\\n        '1: :->command'\n      [[ $state == command ]] && _describe command commands\n      ;;\n")
		case len(c.args) > 0:
			fmt.Fprintf(w, " \\\n        '1:argument:(%s)'\n      ;;\n", strings.Join(c.args, " "))
		default:
			fmt.Fprintf(w, "\n      ;;\n")
		}
	}
	fmt.Fprintf(w, "  esac\n}\n\ncompdef _npsboard npsboard\n")
}

// fishQuote quotes a text for fish, in single quotes.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}

func writeFish(w io.Writer, spec []completed) {
	names := commandWords(spec)
	fmt.Fprintf(w, "# fish completion for npsboard: npsboard completion fish > ~/.config/fish/completions/npsboard.fish\n")
	fmt.Fprintf(w, "complete -c npsboard -f\n")
	for _, c := range spec {
		cond := "__fish_seen_subcommand_from " + c.name
		if c.name == "" {
			cond = "not __fish_seen_subcommand_from " + strings.Join(names, " ")
			for _, o := range spec {
				if o.name != "" {
					fmt.Fprintf(w, "complete -c npsboard -n '__fish_use_subcommand' -a %s -d %s\n", o.name, fishQuote(o.summary))
				}
			}
		}
		for _, f := range c.flags {
			line := fmt.Sprintf("complete -c npsboard -n '%s' -l %s", cond, f.name)
			switch {
			case f.boolean:
			case len(f.values) > 0:
				line += " -x -a " + fishQuote(strings.Join(f.values, " "))
			case f.file:
				line += " -r -F"
			default:
				line += " -x"
			}
			if f.help != "" {
				line += " -d " + fishQuote(f.help)
			}
			fmt.Fprintln(w, line)
		}
		if len(c.args) > 0 {
			fmt.Fprintf(w, "complete -c npsboard -n '%s' -a %s\n", cond, fishQuote(strings.Join(c.args, " ")))
		}
	}
}
