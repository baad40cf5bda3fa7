package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

func init() {
	commands["init"] = command{
		usage: "DOSSIER --emetteur BCR --certificateur BCR --contrat ID [--nature CERTIFICATEUR|TIERS_CONFIANCE]",
		help:  "Crée un dossier vide pour l'organisme émetteur et son certificateur (BCR : n° de fiche client à 8 caractères).",
		run:   runInit,
	}
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
	if *certificateur == "" {
		*certificateur = *emetteur // the certificateur deposits for itself
	}
	c := core.Certificateur{IDClient: strings.TrimSpace(*certificateur), Contrat: strings.TrimSpace(*contrat), Nature: strings.TrimSpace(*nature)}
	path := pos[0]
	d, err := store.Create(path)
	if err != nil {
		return exitRefused, err
	}
	err = d.Update(bg, func(tx *store.Tx) error {
		if err := tx.SetEmetteur(strings.TrimSpace(*emetteur)); err != nil {
			return err
		}
		return tx.AddCertificateur(&c)
	})
	d.Close()
	if err != nil {
		os.Remove(path)
		return exitRefused, fmt.Errorf("dossier non créé :\n%w", err)
	}
	fmt.Fprintf(e.stdout, "Dossier créé : %s\n", path)
	return exitOK, nil
}
