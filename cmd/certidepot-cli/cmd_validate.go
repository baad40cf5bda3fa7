package main

import (
	"flag"
	"fmt"

	"github.com/certidepot/certidepot/core/cdc"
	"github.com/certidepot/certidepot/core/dossier"
)

var cmdValidate = command{
	usage: "FICHIER.xml [--xsd FICHIER.xsd] [--json]",
	help:  "Vérifie un fichier de dépôt au regard du XSD (celui de Certidépôt, ou celui indiqué) et explique chaque erreur (code 1 si invalide).",
	run:   runValidate,
}

func runValidate(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	xsdPath := fs.String("xsd", "", "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgs(fs, args, "le FICHIER.xml à vérifier")
	if err != nil {
		return exitRefused, err
	}
	var schema *cdc.Schema // nil: the built-in one of the file's format
	if *xsdPath != "" {
		if schema, err = dossier.ReadXSD(*xsdPath); err != nil {
			return exitRefused, err
		}
		defer schema.Close()
	}
	out, err := dossier.CheckDepositFile(bg, pos[0], schema)
	if err != nil {
		return exitRefused, err
	}
	if *asJSON {
		err = newJSON(e.stdout).Encode(out)
	} else {
		if out.Detected != "" {
			fmt.Fprintf(e.stdout, "Fichier %s : %s.\n", out.File, out.Detected)
		}
		rules := 0
		for _, p := range out.Errors {
			note := ""
			switch {
			case p.Warning:
				note = " (avertissement)"
			case p.Kind == dossier.KindRule:
				rules++
			}
			fmt.Fprintf(e.stdout, "%s%s%s\n", placeText(p.Line, p.Column), p.Message, note)
		}
		if out.MoreErrors > 0 {
			fmt.Fprintf(e.stdout, "… et %d autre(s) erreur(s).\n", out.MoreErrors)
		}
		xsd := 0
		for _, p := range out.Errors {
			if p.Kind == dossier.KindXSD {
				xsd++
			}
		}
		switch {
		case out.Valid:
			fmt.Fprintf(e.stdout, "Fichier valide au regard du XSD %s et des règles de la CDC.\n", out.XSDVersion)
		case xsd+out.MoreErrors > 0:
			fmt.Fprintf(e.stdout, "Fichier invalide au regard du XSD %s : %d erreur(s) de structure, %d erreur(s) sur les règles de la CDC.\n", out.XSDVersion, xsd+out.MoreErrors, rules)
		default:
			fmt.Fprintf(e.stdout, "Fichier conforme au XSD %s, mais %d erreur(s) sur les règles de la CDC : la CDC rejetterait ces passages.\n", out.XSDVersion, rules)
		}
	}
	if !out.Valid {
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
