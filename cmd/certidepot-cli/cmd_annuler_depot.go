package main

import (
	"flag"
	"fmt"

	"github.com/certidepot/certidepot/core/dossier"
)

var cmdAnnulerDepot = command{
	usage: "DOSSIER IDFLUX [--json]",
	help:  "Annule un dépôt dont le fichier n'a jamais été envoyé à la CDC : ses passages redeviennent prêts et le fichier est supprimé (refusé une fois un accusé lu pour ce dépôt).",
	run:   runAnnulerDepot,
}

func runAnnulerDepot(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("annuler-depot", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER", "l'identifiant de flux du dépôt (IDFLUX, voir « certidepot-cli deposits »)")
	if err != nil {
		return exitRefused, err
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		res, err := d.CancelDeposit(bg, pos[1])
		if err != nil {
			return exitRefused, err
		}
		if *asJSON {
			return exitOK, newJSON(e.stdout).Encode(res)
		}
		fmt.Fprintf(e.stdout, "Dépôt %s annulé : %d passage(s) remis dans le prochain dépôt.\n", res.File, res.Passages)
		if res.FileLeft {
			fmt.Fprintf(e.stdout, "Le fichier %s n'a pas pu être supprimé (ouvert dans un autre programme ?) : ne l'envoyez pas ; il sera supprimé à la prochaine ouverture du dossier.\n", res.Path)
		} else {
			fmt.Fprintf(e.stdout, "Le fichier %s a été supprimé.\n", res.Path)
		}
		return exitOK, nil
	})
}
