package main

import (
	"flag"
	"fmt"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

var cmdXsd = command{
	usage: "DOSSIER [--load FICHIER.xsd | --integre 1.1.2|1.1.5] [--json]",
	help:  "Affiche le format (XSD) visé par le dossier ; --load charge le XSD d'un kit CDC, --integre revient au schéma intégré.",
	run:   runXSD,
}

func runXSD(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("xsd", flag.ContinueOnError)
	load := fs.String("load", "", "")
	builtinVersion := fs.String("integre", "", "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER")
	if err != nil {
		return exitRefused, err
	}
	if *load != "" && *builtinVersion != "" {
		return exitRefused, usagef("choisissez --load ou --integre, pas les deux")
	}
	if *load != "" { // refused before the dossier is even opened
		s, err := dossier.ReadXSD(*load)
		if err != nil {
			return exitRefused, err
		}
		s.Close()
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		var out dossier.Format
		var err error
		switch {
		case *load != "":
			out, err = d.LoadXSD(bg, *load)
		case *builtinVersion != "":
			out, err = d.UseBuiltinXSD(bg, *builtinVersion)
		default:
			out, err = d.Format(bg)
		}
		if err != nil {
			return exitRefused, err
		}
		if *asJSON {
			return exitOK, newJSON(e.stdout).Encode(out)
		}
		if out.Source == dossier.SourceLoaded {
			fmt.Fprintf(e.stdout, "Format visé : XSD %s, chargé depuis %s ; il sert à valider chaque export.\n", out.Version, out.FileName)
		} else {
			fmt.Fprintf(e.stdout, "Format visé : XSD %s, schéma intégré à Certidépôt.\n", out.Version)
		}
		if out.Passages > 0 {
			fmt.Fprintf(e.stdout, "%d passage(s) vérifié(s) à nouveau, %d avec des erreurs.\n", out.Passages, out.WithErrors)
		}
		if out.Version == core.Version112 {
			fmt.Fprintln(e.stdout, "Pour passer au format 1.1.5, chargez le XSD du kit CDC : certidepot-cli xsd DOSSIER --load certifications-cdc.xsd")
		}
		return exitOK, nil
	})
}
