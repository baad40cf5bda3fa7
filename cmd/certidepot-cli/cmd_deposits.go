package main

import (
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/certidepot/certidepot/core/dossier"
)

var cmdDeposits = command{
	usage: "DOSSIER [--json]",
	help:  "Liste les dépôts du dossier et ce qu'en dit la CDC (en attente, traité avec succès, traité avec erreurs, refusé).",
	run:   runDeposits,
}

func runDeposits(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("deposits", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER")
	if err != nil {
		return exitRefused, err
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		out, err := d.Deposits(bg)
		if err != nil {
			return exitRefused, err
		}
		if *asJSON {
			return exitOK, newJSON(e.stdout).Encode(out)
		}
		if len(out) == 0 {
			fmt.Fprintln(e.stdout, "Aucun dépôt pour l'instant : exportez les passages prêts avec « certidepot-cli export ».")
			return exitOK, nil
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 2, 2, ' ', 0)
		fmt.Fprintln(tw, "FICHIER\tHORODATAGE\tPASSAGES\tÉTAT\tOK\tKO\tEN ATTENTE")
		for _, dep := range out {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%d\t%d\t%d\n", dep.File, dep.Horodatage, dep.Passages, dep.Accuse.Label, dep.Accuse.OK, dep.Accuse.KO, dep.Accuse.Waiting)
		}
		return exitOK, tw.Flush()
	})
}
