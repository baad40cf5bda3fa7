package main

import (
	"flag"
	"fmt"

	"github.com/certidepot/certidepot/core/dossier"
)

var cmdCheck = command{
	usage: "DOSSIER [--json]",
	help:  "Vérifie à nouveau tout le dossier et liste les erreurs à corriger (code 1 s'il y en a).",
	run:   runCheck,
}

func runCheck(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER")
	if err != nil {
		return exitRefused, err
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		out, err := d.Check(bg)
		if err != nil {
			return exitRefused, err
		}
		if *asJSON {
			err = newJSON(e.stdout).Encode(out)
		} else {
			printCheck(e, out)
		}
		if out.ErrorCount() > 0 {
			return exitFlagged, err
		}
		return exitOK, err
	})
}

func printCheck(e *env, out *dossier.CheckResult) {
	for _, is := range out.Errors {
		where := "Organisme"
		if is.IDTechnique != "" {
			where = is.Holder
			if where == "" {
				where = "(titulaire sans nom)"
			}
			if is.Source != nil && is.Source.Row > 0 {
				where += fmt.Sprintf(" (%s, ligne %d)", is.Source.File, is.Source.Row)
			}
		}
		note := ""
		if is.Warning {
			note = " (avertissement)"
		}
		fmt.Fprintf(e.stdout, "%s — %s%s\n", where, is.Message, note)
	}
	warnings := len(out.Errors) - out.ErrorCount()
	switch {
	case out.ErrorCount() == 0:
		fmt.Fprintf(e.stdout, "Aucune erreur : les %d passage(s) sont vérifiés", out.Passages)
	default:
		fmt.Fprintf(e.stdout, "%d erreur(s) ; %d passage(s) sur %d à compléter", out.ErrorCount(), out.WithErrors, out.Passages)
	}
	if warnings > 0 {
		fmt.Fprintf(e.stdout, " ; %d avertissement(s), qui n'empêchent pas le dépôt", warnings)
	}
	fmt.Fprintln(e.stdout, ".")
	printRisks(e, out.Risks)
}

// printRisks says how many passages the CDC will probably reject, and why.
func printRisks(e *env, r *dossier.Risks) {
	if r == nil || r.AtRisk == 0 {
		return
	}
	fmt.Fprintf(e.stdout, "Risque de rejet par la CDC : %d passage(s) sur %d à déposer (dont %d prêt(s)) :\n", r.AtRisk, r.Passages, r.ReadyAtRisk)
	for _, rc := range r.Reasons {
		fmt.Fprintf(e.stdout, "  %d — %s\n", rc.Passages, rc.Label)
	}
}
