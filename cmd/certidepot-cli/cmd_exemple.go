package main

import (
	"flag"
	"fmt"
	"time"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

func init() {
	commands["exemple"] = command{
		usage: "DOSSIER",
		help:  "Crée un dossier d'exemple (50 titulaires fictifs, dont 8 avec des erreurs) pour découvrir Certidépôt.",
		run:   runExemple,
	}
	commands["version"] = command{
		usage: "",
		help:  "Affiche la version de Certidépôt.",
		run: func(e *env, args []string) (int, error) {
			if _, err := parseArgs(flag.NewFlagSet("version", flag.ContinueOnError), args); err != nil {
				return exitRefused, err
			}
			fmt.Fprintf(e.stdout, "Certidépôt %s (schéma de dossier %d)\n", core.AppVersion, store.SchemaVersion())
			return exitOK, nil
		},
	}
}

func runExemple(e *env, args []string) (int, error) {
	pos, err := parseArgs(flag.NewFlagSet("exemple", flag.ContinueOnError), args, "le chemin du DOSSIER à créer")
	if err != nil {
		return exitRefused, err
	}
	d, err := store.CreateSample(bg, pos[0], time.Now())
	if err != nil {
		return exitRefused, err
	}
	d.Close()
	fmt.Fprintf(e.stdout, "Dossier d'exemple créé : %s\n", pos[0])
	return exitOK, nil
}
