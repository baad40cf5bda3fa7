package main

import (
	"flag"
	"fmt"

	"github.com/certidepot/certidepot/core/dossier"
)

var cmdRelances = command{
	usage: "DOSSIER -o DOSSIER_SORTIE [--depot IDFLUX] [--expediteur ADRESSE] [--signature TEXTE] [--json]",
	help:  "Prépare les demandes aux titulaires des passages rejetés : un classeur (une ligne par titulaire, ce qu'il faut vérifier et demander) et un brouillon d'e-mail .eml pour chaque titulaire qui a une adresse.",
	run:   runRelances,
}

func runRelances(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("relances", flag.ContinueOnError)
	out := fs.String("o", "", "")
	depot := fs.String("depot", "", "")
	from := fs.String("expediteur", "", "")
	signature := fs.String("signature", "", "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER")
	if err != nil {
		return exitRefused, err
	}
	if *out == "" {
		return exitRefused, usagef("indiquez le dossier où écrire les demandes (-o DOSSIER_SORTIE)")
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		res, err := d.WriteFollowUps(bg, dossier.FollowUpOptions{IDFlux: *depot, Dir: *out, From: *from, Signature: *signature})
		if err != nil {
			return exitRefused, err
		}
		if *asJSON {
			return exitOK, newJSON(e.stdout).Encode(res)
		}
		w := e.stdout
		if res.Holders == 0 {
			fmt.Fprintln(w, "Aucun passage rejeté à suivre (un fichier refusé en entier se corrige sans les titulaires) : rien n'a été écrit.")
			return exitOK, nil
		}
		fmt.Fprintf(w, "Demandes aux titulaires préparées : %d titulaire(s), %d passage(s) rejeté(s).\n", res.Holders, res.Passages)
		fmt.Fprintf(w, "  Classeur : %s\n", res.Workbook)
		if n := len(res.Drafts); n > 0 {
			fmt.Fprintf(w, "  %d brouillon(s) d'e-mail dans %s : ouvrez-les avec votre messagerie, relisez-les, puis envoyez-les.\n", n, *out)
		}
		if res.WithoutEmail > 0 {
			fmt.Fprintf(w, "  %d titulaire(s) sans adresse e-mail dans le dossier : contactez-les autrement (voir le classeur).\n", res.WithoutEmail)
		}
		if res.NothingToAsk > 0 {
			fmt.Fprintf(w, "  %d titulaire(s) dont le rejet est à corriger par l'organisme, sans rien leur demander (voir le classeur).\n", res.NothingToAsk)
		}
		fmt.Fprintln(w, "Ces fichiers contiennent des données personnelles : supprimez-les une fois les corrections faites.")
		return exitOK, nil
	})
}
