package main

import (
	"flag"
	"fmt"

	"github.com/certidepot/certidepot/core/dossier"
)

var cmdEffacerNir = command{
	usage: "DOSSIER [--automatique oui|non]",
	help:  "Efface le NIR des titulaires dont tous les passages sont acceptés par la CDC ; --automatique oui le fait ensuite après chaque accusé.",
	run:   runEffacerNIR,
}

func runEffacerNIR(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("effacer-nir", flag.ContinueOnError)
	auto := fs.String("automatique", "", "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER")
	if err != nil {
		return exitRefused, err
	}
	var setting *bool
	switch *auto {
	case "":
	case "oui", "non":
		on := *auto == "oui"
		setting = &on
	default:
		return exitRefused, usagef("--automatique attend oui ou non")
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		n, err := d.EraseAcceptedNIRs(bg, setting)
		if err != nil {
			return exitRefused, err
		}
		fmt.Fprintf(e.stdout, "%d NIR effacé(s) : ceux des titulaires dont tous les passages sont acceptés par la CDC.\n", n)
		if setting != nil && *setting {
			fmt.Fprintln(e.stdout, "Désormais, le NIR sera effacé après chaque accusé de traitement, dès que tous les passages du titulaire sont acceptés.")
		} else if setting != nil {
			fmt.Fprintln(e.stdout, "Le NIR ne sera plus effacé automatiquement après les accusés.")
		}
		return exitOK, nil
	})
}
