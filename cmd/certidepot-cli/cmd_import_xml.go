package main

import (
	"flag"
	"fmt"

	"github.com/certidepot/certidepot/core/dossier"
)

var cmdImportXml = command{
	usage: "DOSSIER FICHIER.xml [--deja-depose] [--json]",
	help:  "Importe un fichier de dépôt existant (titulaires, passages, identifiants techniques conservés) ; --deja-depose l'enregistre comme déposé, en attente de son accusé.",
	run:   runImportXML,
}

func runImportXML(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("import-xml", flag.ContinueOnError)
	deposited := fs.Bool("deja-depose", false, "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER", "le FICHIER.xml à importer")
	if err != nil {
		return exitRefused, err
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		res, err := d.ImportDepositFile(bg, pos[1], dossier.ImportXMLOptions{AlreadyDeposited: *deposited})
		if err != nil {
			return exitRefused, err
		}
		if *asJSON {
			err = newJSON(e.stdout).Encode(res)
		} else {
			fmt.Fprintf(e.stdout, "%d passage(s) dans le fichier, %d importé(s), dont %d à compléter.\n", res.Passages, res.Imported, res.Flagged)
			if n := len(res.Skipped); n > 0 {
				fmt.Fprintf(e.stdout, "%d passage(s) déjà présents dans le dossier (même identifiant technique) : laissés tels quels.\n", n)
			}
			if res.Deposit {
				fmt.Fprintln(e.stdout, "Le fichier est enregistré comme déposé : importez son accusé de traitement dès qu'il arrive.")
			}
		}
		if res.Flagged > 0 {
			return exitFlagged, err
		}
		return exitOK, err
	})
}
