package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

var cmdRetirer = command{
	usage: "DOSSIER IDTECHNIQUE… [-o FICHIER.xml] [--json]",
	help:  "Prépare le fichier de retrait (SUPPRESSION, format 1.1.5) de passages acceptés par la CDC ; son accusé les passe au statut « retiré ».",
	run:   runRetirer,
}

func runRetirer(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("retirer", flag.ContinueOnError)
	out := fs.String("o", "", "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgsVar(fs, args, "le chemin du DOSSIER", "l'IDTECHNIQUE d'au moins un passage à retirer")
	if err != nil {
		return exitRefused, err
	}
	if *out == "" {
		*out = "retrait-" + core.Now().Format("2006-01-02") + ".xml"
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		res, err := d.Withdraw(bg, pos[1:], dossier.ExportOptions{Out: *out})
		invalid := errors.Is(err, dossier.ErrInvalidExport)
		if err != nil && !invalid {
			return exitRefused, err
		}
		if *asJSON {
			if err := newJSON(e.stdout).Encode(res); err != nil {
				return exitRefused, err
			}
		} else if invalid {
			printExport(e, res, true)
		} else {
			for _, f := range res.Files {
				fmt.Fprintf(e.stdout, "Fichier de retrait prêt : %s — %d passage(s), valide au regard du XSD %s.\n", f.Path, f.Passages, f.XSDVersion)
			}
			fmt.Fprintln(e.stdout, "Étape suivante : déposez ce fichier sur l'espace certificateur de la Caisse des Dépôts, puis importez son accusé de traitement : les passages retirés passeront au statut « retiré ».")
		}
		if invalid {
			return exitFlagged, nil
		}
		return exitOK, nil
	})
}
