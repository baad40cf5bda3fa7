package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// parseArgs parses flags placed before, between or after positional
// arguments ("init DOSSIER --emetteur X" as well as "init --emetteur X
// DOSSIER") and checks the number of positional arguments.
func parseArgs(fs *flag.FlagSet, args []string, positional ...string) ([]string, error) {
	pos, err := parseArgsVar(fs, args, positional...)
	if err == nil && len(pos) > len(positional) {
		return nil, usagef("argument en trop : « %s »", pos[len(positional)])
	}
	return pos, err
}

// parseArgsVar is parseArgs for commands taking extra positional
// arguments after the required ones.
func parseArgsVar(fs *flag.FlagSet, args []string, positional ...string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, usagef("%s", frenchFlagError(err.Error()))
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) < len(positional) {
		return nil, usagef("il manque %s", positional[len(pos)])
	}
	return pos, nil
}

// errHelp is returned when -h or --help follows a command: its usage is
// printed, and nothing else is done.
var errHelp = errors.New("aide demandée")

// flagValue matches the flag package's message for a value it cannot
// read: invalid value "x" for flag -max-passages: parse error.
var flagValue = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-([^:]+):`)

// frenchFlagError says the flag package's messages in French.
func frenchFlagError(msg string) string {
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: "):
		return "option inconnue : --" + strings.TrimLeft(strings.TrimPrefix(msg, "flag provided but not defined: "), "-")
	case strings.HasPrefix(msg, "flag needs an argument: "):
		return "cette option attend une valeur : --" + strings.TrimLeft(strings.TrimPrefix(msg, "flag needs an argument: "), "-")
	case strings.HasPrefix(msg, "bad flag syntax: "):
		return "option mal écrite : « " + strings.TrimPrefix(msg, "bad flag syntax: ") + " »"
	}
	if m := flagValue.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("valeur « %s » impossible pour l'option --%s", m[1], m[2])
	}
	return "option mal écrite"
}
