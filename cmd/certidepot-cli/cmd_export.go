package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

var cmdExport = command{
	usage: "DOSSIER -o FICHIER.xml [--max-passages N] [--json]",
	help:  "Écrit les passages prêts dans un fichier de dépôt validé (plusieurs fichiers au besoin : FICHIER_2.xml…) et les marque « déposés ».",
	run:   runExport,
}

func runExport(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	out := fs.String("o", "", "")
	maxPassages := fs.Int("max-passages", 0, "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER")
	if err != nil {
		return exitRefused, err
	}
	if *out == "" {
		return exitRefused, usagef("indiquez le fichier à créer avec -o, par exemple -o depot.xml")
	}
	if *maxPassages < 0 {
		return exitRefused, usagef("--max-passages doit être positif")
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		res, err := d.Export(bg, dossier.ExportOptions{Out: *out, MaxPassages: *maxPassages})
		invalid := errors.Is(err, dossier.ErrInvalidExport)
		if err != nil && !invalid {
			return exitRefused, err
		}
		if *asJSON {
			if err := newJSON(e.stdout).Encode(res); err != nil {
				return exitRefused, err
			}
		} else {
			printExport(e, res, invalid)
		}
		if invalid {
			return exitFlagged, nil
		}
		return exitOK, nil
	})
}

func printExport(e *env, res *dossier.ExportResult, invalid bool) {
	w := e.stdout
	if invalid {
		for _, pe := range res.Errors {
			who := pe.Holder
			if who == "" {
				who = "Fichier"
			}
			fmt.Fprintf(w, "%s — %s (%s, ligne %d)\n", who, pe.Message, pe.File, pe.Line)
		}
		fmt.Fprintln(w, "Export annulé : les fichiers produits ne sont pas valides au regard du XSD du dossier. Rien n'a été enregistré ; corrigez les passages cités, ou vérifiez le XSD chargé.")
		return
	}
	for _, f := range res.Files {
		fmt.Fprintf(w, "Fichier prêt : %s — %d passage(s), %s, valide au regard du XSD %s.\n", f.Path, f.Passages, sizeText(f.Size), f.XSDVersion)
	}
	if res.Exported == 0 {
		fmt.Fprintln(w, "Aucun passage prêt à déposer : aucun fichier n'a été créé.")
	}
	for _, s := range core.Statuses {
		if n := res.HeldBack[s]; n > 0 {
			fmt.Fprintf(w, "%d passage(s) non exporté(s) — %s : %s\n", n, s.Label(), s.HeldBack())
		}
	}
	if res.Exported > 0 {
		fmt.Fprintln(w, core.DepositNextStep)
	}
}

func sizeText(n int64) string {
	switch { // decimal units, as the CDC's 200 Mo limit
	case n >= 1_000_000:
		return fmt.Sprintf("%.1f Mo", float64(n)/1e6)
	case n >= 1000:
		return fmt.Sprintf("%d Ko", n/1000)
	}
	return fmt.Sprintf("%d octets", n)
}
