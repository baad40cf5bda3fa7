package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/cdc"
	"github.com/certidepot/certidepot/core/dossier"
)

var cmdValidate = command{
	usage: "FICHIER.xml [--xsd FICHIER.xsd] [--json]",
	help:  "Vérifie un fichier de dépôt au regard du XSD (celui de Certidépôt, ou celui indiqué) et explique chaque erreur (code 1 si invalide).",
	run:   runValidate,
}

type validateJSON struct {
	File       string                `json:"file"`
	XSDVersion string                `json:"xsdVersion"`
	Valid      bool                  `json:"valid"`
	Errors     []cdc.ValidationError `json:"errors"`
	MoreErrors int                   `json:"moreErrors"`
}

func runValidate(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	xsdPath := fs.String("xsd", "", "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgs(fs, args, "le FICHIER.xml à vérifier")
	if err != nil {
		return exitRefused, err
	}
	var schema *cdc.Schema
	if *xsdPath != "" {
		schema, err = dossier.ReadXSD(*xsdPath)
	} else {
		schema, err = cdc.BuiltinSchema(guessVersion(pos[0]))
	}
	if err != nil {
		return exitRefused, err
	}
	defer schema.Close()
	rep, err := schema.ValidateFile(pos[0])
	if err != nil {
		return exitRefused, err
	}
	out := validateJSON{File: pos[0], XSDVersion: schema.Version, Valid: rep.Valid(), Errors: rep.Errors, MoreErrors: rep.More}
	if out.Errors == nil {
		out.Errors = []cdc.ValidationError{}
	}
	if *asJSON {
		err = newJSON(e.stdout).Encode(out)
	} else {
		for _, ve := range rep.Errors {
			fmt.Fprintf(e.stdout, "%s\n", placeText(ve.Line, ve.Column)+ve.Message)
		}
		if rep.More > 0 {
			fmt.Fprintf(e.stdout, "… et %d autre(s) erreur(s).\n", rep.More)
		}
		if rep.Valid() {
			fmt.Fprintf(e.stdout, "Fichier valide au regard du XSD %s.\n", schema.Version)
		} else {
			fmt.Fprintf(e.stdout, "Fichier invalide au regard du XSD %s : %d erreur(s).\n", schema.Version, len(rep.Errors)+rep.More)
		}
	}
	if !rep.Valid() {
		return exitFlagged, err
	}
	return exitOK, err
}

func placeText(line, col int) string {
	switch {
	case line > 0 && col > 0:
		return fmt.Sprintf("Ligne %d, colonne %d : ", line, col)
	case line > 0:
		return fmt.Sprintf("Ligne %d : ", line)
	}
	return ""
}

// guessVersion picks the built-in schema matching a deposit file: 1.1.5
// files carry an action element in their header.
func guessVersion(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return core.Version112
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	if bytes.Contains(head[:n], []byte(":action>")) {
		return core.Version115
	}
	return core.Version112
}
