package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// helpRequest is "CMD --help" (or -h): the command's usage is printed on
// stdout and vanban exits 0. It wraps flag.ErrHelp.
type helpRequest struct{ fs *flag.FlagSet }

func (h helpRequest) Error() string { return h.fs.Name() + ": help requested" }
func (h helpRequest) Unwrap() error { return flag.ErrHelp }

// known reports whether name is a vanban command.
func known(name string) bool { return commandSynopsis(name) != "" }

// commandSynopsis is the command's entry in the general usage: its
// "  vanban NAME …" line and the lines that continue it.
func commandSynopsis(name string) string {
	var b strings.Builder
	in := false
	for _, l := range strings.Split(usage, "\n") {
		switch {
		case strings.HasPrefix(l, "  vanban "+name+" ") || l == "  vanban "+name:
			in = true
		case in && strings.HasPrefix(l, "     "):
		default:
			in = false
		}
		if in {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// printCommandHelp prints the usage of the command whose flags fs holds:
// its synopsis, then each flag with its default.
func printCommandHelp(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage:\n%s", commandSynopsis(fs.Name()))
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nFlags (before or after the arguments):")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	fmt.Fprintln(w, "\nExit codes: 0 success, 1 a file or the command failed, 2 bad usage, 130 interrupted.")
}
