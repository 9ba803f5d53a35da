package main

import (
	"context"
	"flag"
	"fmt"
)

func dashboardCommand() *command {
	c := &command{summary: "the live dashboard"}
	c.setup = func(*flag.FlagSet) func(context.Context, *env) error {
		return func(_ context.Context, e *env) error {
			fmt.Fprintln(e.stdout, "The live dashboard is not built yet. Meanwhile, try:\n"+
				"  npsboard demo --count 20000 | npsboard report --file -")
			return nil
		}
	}
	return c
}
