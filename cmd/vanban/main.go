// Command vanban turns Vietnamese party and state documents into
// structured JSON.
//
// Usage:
//
//	vanban ingest [--data DIR] PATH...  parse files and folders into an archive
//	vanban search [flags] QUERY...      search the archive
//	vanban show ID|NUMBER               print a stored record
//	vanban stats                        count what the archive holds
//	vanban rm ID|NUMBER|PATH...         remove records from the archive
//	vanban reindex                      rebuild the index from the records
//	vanban serve                        a search page and JSON API
//	vanban parse [--pretty] FILE...   one JSON record per file (JSON Lines)
//	vanban text FILE...               print the text extracted from each file
//	vanban schema                     print the record's JSON Schema
//	vanban version                    print the version and schema version
//
// Records go to standard output; errors and warnings to standard error.
// Exit codes: 0 success, 1 some file failed, 2 bad usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"vanban/extract"
	"vanban/pipeline"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // at least one input failed
	exitUsage  = 2 // bad command line
	// exitInterrupted: stopped by Ctrl-C or SIGTERM (128+SIGINT).
	exitInterrupted = 130
	versionText     = "vanban 0.1.0"
)

// errUsage marks a command-line error; run prints usage and exits 2.
var errUsage = errors.New("usage")

// errPartial reports that some inputs failed while others succeeded.
var errPartial = errors.New("some files failed")

const usage = `vanban turns Vietnamese party and state documents into structured JSON.

Usage:
  vanban ingest [--data DIR] [-j N] [-q] [--ocr MODE] PATH...
                                    parse files and folders into the archive (default ./vanban-data);
                                    files already there are skipped, so a stopped run can be re-run
  vanban search [flags] QUERY...    search the archive, with or without diacritics; "quoted phrases";
                                    --type TB --issuer TU --from 01/01/2024 --to 31/12/2024
                                    --signer NAME --kind party|state --sort relevance|date
                                    --limit N --page N --json
  vanban show [--pretty] ID|NUMBER  print a stored record by id (or its first characters) or number
  vanban stats [--json]             count the archive's documents by type, issuer, year and format
  vanban rm [--all] ID|NUMBER|PATH... remove records (and source copies) from the archive; logged
                                    in its removals.jsonl
  vanban reindex [-q]               rebuild the archive's index from its records (after an upgrade
                                    changed the index format)
  vanban serve [--addr HOST:PORT]   serve a search page and JSON API (default 127.0.0.1:8080);
                                    --searches N --queue N --timeout D, -q for no request log;
                                    an ingest run meanwhile hands the server its notices
  vanban parse [--pretty] FILE...   parse documents; one JSON object per file on stdout
  vanban text FILE...               print the text extracted from PDF, DOCX, text or image files
  vanban schema                     print the JSON Schema of the record
  vanban version                    print the version and the record schema version
  vanban help                       show this help

FILE may be "-" for standard input. Commands on the archive take --data DIR.
ingest, parse and text take --ocr auto|always|never: when to OCR pages with
Tesseract (auto: scans and image files; needs tesseract-ocr tesseract-ocr-vie).
Exit codes: 0 success, 1 a file or the command failed, 2 bad usage,
130 interrupted (an ingest can be re-run to finish).
`

func main() {
	extract.RunWorkerIfChild()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one vanban command and returns its exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "parse":
		err = runParse(args[1:], stdin, stdout, stderr)
	case "ingest":
		err = runIngest(args[1:], stdout, stderr)
	case "search":
		err = runSearch(args[1:], stdout, stderr)
	case "show":
		err = runShow(args[1:], stdout, stderr)
	case "stats":
		err = runStats(args[1:], stdout, stderr)
	case "reindex":
		err = runReindex(args[1:], stdout, stderr)
	case "rm":
		err = runRm(args[1:], stdout, stderr)
	case "serve":
		err = runServe(args[1:], stdout, stderr)
	case "text":
		err = runText(args[1:], stdin, stdout, stderr)
	case "schema":
		_, err = stdout.Write(pipeline.Schema)
	case "version", "--version":
		fmt.Fprintf(stdout, "%s (record schema %s)\n", versionText, schemaVersion())
	case "help", "-h", "--help":
		switch {
		case len(args) > 1 && (args[1] == "schema" || args[1] == "version"):
			fmt.Fprintf(stdout, "Usage:\n%s", commandSynopsis(args[1]))
			return exitOK
		case len(args) > 1 && args[1] != "help":
			// "vanban help search" is "vanban search --help".
			return run([]string{args[1], "--help"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
	default:
		err = fmt.Errorf("%w: unknown command %q", errUsage, args[0])
	}
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errInterrupted):
		fmt.Fprintln(stderr, "vanban: interrupted; run the same command again to finish")
		return exitInterrupted
	case errors.Is(err, flag.ErrHelp):
		// "vanban search --help" asks for the usage: it is no error.
		var h helpRequest
		if errors.As(err, &h) {
			printCommandHelp(stdout, h.fs)
		} else {
			fmt.Fprint(stdout, usage)
		}
		return exitOK
	case errors.Is(err, errUsage):
		// One line and a hint, not the whole help.
		hint := "vanban help"
		if known(args[0]) {
			hint = "vanban " + args[0] + " --help"
		}
		fmt.Fprintf(stderr, "vanban: %v\nRun '%s' for usage.\n", err, hint)
		return exitUsage
	default: // errPartial or a failure of the whole command
		fmt.Fprintf(stderr, "vanban: %v\n", err)
		return exitFailed
	}
}
