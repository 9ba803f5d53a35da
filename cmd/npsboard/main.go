// Command npsboard is a live Net Promoter Score dashboard for contact centers.
//
// See `npsboard help` for its commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"

	_ "time/tzdata" // --tz works on machines without a zone database (kiosk images)

	"github.com/npsboard/npsboard/feed"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // the command could not do its work: a missing file, an unreadable source
	exitUsage = 2 // the command line is wrong
)

// usageError is a mistake on the command line; it exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// command is a subcommand of npsboard.
type command struct {
	name    string
	summary string
	usage   string // the help text after the summary line
	// setup defines the command's flags on fs and returns what runs once they are parsed.
	setup func(fs *flag.FlagSet) func(ctx context.Context, e *env) error
	// takesArgs says whether positional arguments are allowed (they are in fs.Args()).
	takesArgs bool
}

// env is what a command sees of the world, so that tests can run commands in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

func commands() []*command {
	return []*command{dashboardCommand(), reportCommand(), demoCommand(), relayCommand(), publishCommand(), exporterCommand(), alertsCommand(), configCommand(), completionCommand(), helpCommand()}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}, os.Args[1:]))
}

// run runs the command line args and returns the exit status.
func run(ctx context.Context, e *env, args []string) int {
	cmd, rest := commands()[0], args // no command: the dashboard
	if len(args) == 1 && (args[0] == "--version" || args[0] == "-version") {
		fmt.Fprintln(e.stdout, version(debug.ReadBuildInfo()))
		return exitOK
	}
	if len(args) > 0 {
		if c := findCommand(args[0]); c != nil {
			cmd, rest = c, args[1:]
		} else if args[0] != "" && args[0][0] != '-' {
			fmt.Fprintf(e.stderr, "npsboard: unknown command %q%s (see 'npsboard help')\n", feed.Clean(args[0], true), suggestion(args[0]))
			return exitUsage
		}
	}
	err := cmd.exec(ctx, e, rest)
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		printHelp(e.stdout, cmd)
		return exitOK
	case errors.As(err, &ue):
		// The dashboard has no name of its own: its flags are in 'npsboard --help'.
		see := "npsboard --help"
		if cmd.name != "" {
			see = "npsboard help " + cmd.name
		}
		fmt.Fprintf(e.stderr, "%s: %s (see '%s')\n", commandName(cmd), feed.Clean(ue.msg, true), see)
		return exitUsage
	}
	// An error may quote a flag, a config or a file: its text reaches the terminal only clean.
	fmt.Fprintf(e.stderr, "%s: %s\n", commandName(cmd), feed.Clean(err.Error(), true))
	return exitError
}

func findCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// suggestion is ", did you mean "x"?" for the command nearest to a mistyped one: within two
// edits (a swap of neighbours is one), and fewer than half its letters. "" when none is.
func suggestion(typed string) string {
	best, bestD := "", 3
	typed = strings.ToLower(typed)
	for _, c := range commands() {
		if c.name == "" {
			continue
		}
		if d := editDistance(typed, c.name); d < bestD && 2*d < len(c.name) {
			best, bestD = c.name, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(", did you mean %q?", best)
}

// editDistance is the optimal string alignment distance of a and b, by bytes: insertions,
// deletions, substitutions and swaps of neighbours (Damerau, 1964), each one edit.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64 // no command is that long: far from all
	}
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func commandName(c *command) string {
	if c.name == "" {
		return "npsboard"
	}
	return "npsboard " + c.name
}

// flags makes the command's flag set; its errors come back to run instead of being printed.
func (c *command) flags() (*flag.FlagSet, func(context.Context, *env) error) {
	fs := flag.NewFlagSet(commandName(c), flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs, c.setup(fs)
}

// flagName finds the flag names in the flag package's errors, written with one dash; our help
// and our users write two.
var flagName = regexp.MustCompile(`(flag|defined:|argument:|for) -([A-Za-z0-9][A-Za-z0-9_-]*)`)

// exec parses args and runs the command. The flag package's errors become usage errors, which
// name the flag.
func (c *command) exec(ctx context.Context, e *env, args []string) error {
	fs, run := c.flags()
	// Every command can be profiled where it runs for real (a terminal, a file on disk): the
	// figures of README's Performance table come from there.
	profile := fs.String("cpuprofile", "", "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{flagName.ReplaceAllString(err.Error(), "$1 --$2")}
	}
	if fs.NArg() > 0 && !c.takesArgs {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	return run(ctx, e)
}
