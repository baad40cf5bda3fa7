package main

import (
	"flag"
	"io"
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

func frenchFlagError(msg string) string {
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: "):
		return "option inconnue : " + strings.TrimPrefix(msg, "flag provided but not defined: ")
	case strings.HasPrefix(msg, "flag needs an argument: "):
		return "cette option attend une valeur : " + strings.TrimPrefix(msg, "flag needs an argument: ")
	case strings.HasPrefix(msg, "invalid boolean value"):
		return "valeur d'option invalide : " + msg
	}
	return msg
}
