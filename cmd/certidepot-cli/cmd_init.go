package main

import (
	"flag"
	"fmt"

	"github.com/certidepot/certidepot/core/dossier"
)

var cmdInit = command{
	usage: "DOSSIER --emetteur BCR --certificateur BCR --contrat ID [--nature CERTIFICATEUR|TIERS_CONFIANCE]",
	help:  "Crée un dossier vide pour l'organisme émetteur et son certificateur (BCR : n° de fiche client à 8 caractères).",
	run:   runInit,
}

func runInit(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	emetteur := fs.String("emetteur", "", "")
	certificateur := fs.String("certificateur", "", "")
	contrat := fs.String("contrat", "", "")
	nature := fs.String("nature", "", "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER à créer")
	if err != nil {
		return exitRefused, err
	}
	if *emetteur == "" {
		return exitRefused, usagef("--emetteur est obligatoire : le n° de fiche client (BCR) de l'organisme qui dépose")
	}
	if *contrat == "" {
		return exitRefused, usagef("--contrat est obligatoire : le numéro de contrat du certificateur auprès de la Caisse des Dépôts")
	}
	d, err := dossier.Create(bg, pos[0], dossier.Organisation{Emetteur: *emetteur, Certificateur: *certificateur, Contrat: *contrat, Nature: *nature})
	if err != nil {
		return exitRefused, fmt.Errorf("dossier non créé :\n%w", err)
	}
	path := d.Path()
	d.Close()
	fmt.Fprintf(e.stdout, "Dossier créé : %s\n", path)
	return exitOK, nil
}
