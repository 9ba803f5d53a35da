package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
)

const overview = `npsboard: a live Net Promoter Score dashboard for contact centers

Usage:
  npsboard [flags]           the dashboard (on the embedded demo feed unless a source is given)
  npsboard report [flags]    read a feed to its end and print its NPS figures
  npsboard demo [flags]      write a simulated contact center's responses as JSON lines
  npsboard help [command]    show the help of a command

Examples:
  npsboard                                         the dashboard on the demo feed
  npsboard demo --count 200000 > day.jsonl         a simulated day of survey responses
  npsboard report --file day.jsonl                 NPS overall and per queue
  npsboard report --file day.jsonl --by agent --window 1h
  npsboard demo --count 5000 | npsboard report --file - --json

Run 'npsboard help COMMAND' for a command's flags.
`

func helpCommand() *command {
	c := &command{
		name:    "help",
		summary: "show the help of a command",
		usage: `Usage:
  npsboard help [command]

Examples:
  npsboard help
  npsboard help report
`,
	}
	c.takesArgs = true
	c.setup = func(fs *flag.FlagSet) func(context.Context, *env) error {
		return func(_ context.Context, e *env) error {
			return help(e, fs.Args())
		}
	}
	return c
}

func help(e *env, args []string) error {
	switch {
	case len(args) == 0:
		printHelp(e.stdout, commands()[0]) // the overview, with the dashboard's own flags
	case len(args) > 1:
		return usagef("help takes one command, got %d", len(args))
	case findCommand(args[0]) == nil:
		return usagef("unknown command %q", args[0])
	default:
		printHelp(e.stdout, findCommand(args[0]))
	}
	return nil
}

// printHelp prints a command's help; the dashboard's is the overview followed by its own flags.
func printHelp(w io.Writer, c *command) {
	if c.name == "" {
		fmt.Fprint(w, overview)
		if c.usage != "" {
			fmt.Fprint(w, "\n"+c.usage)
		}
		return
	}
	fmt.Fprintf(w, "%s: %s\n\n%s", commandName(c), c.summary, strings.TrimLeft(c.usage, "\n"))
}
