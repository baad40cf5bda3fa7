package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/certidepot/certidepot/core/dossier"
)

var cmdImportAccuse = command{
	usage: "DOSSIER FICHIER.xml [--json]",
	help:  "Lit un accusé de traitement de la CDC : passages acceptés (verrouillés), rejetés (avec l'explication), erreurs de structure (code 1 s'il y a des rejets).",
	run:   runImportAccuse,
}

var cmdRenvoyer = command{
	usage: "DOSSIER IDTECHNIQUE… | --tous",
	help:  "Remet des passages rejetés dans le prochain dépôt tels quels (--tous : tous les rejetés).",
	run:   runRenvoyer,
}

func runImportAccuse(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("import-accuse", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER", "le FICHIER.xml de l'accusé")
	if err != nil {
		return exitRefused, err
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		res, err := d.ReadAccuse(bg, pos[1])
		if err != nil {
			return exitRefused, err
		}
		if *asJSON {
			err = newJSON(e.stdout).Encode(res)
		} else {
			printAccuse(e, res)
		}
		if !res.AlreadyImported && (res.Refused || len(res.KO) > 0) {
			return exitFlagged, err
		}
		return exitOK, err
	})
}

func printAccuse(e *env, res *dossier.AccuseResult) {
	w := e.stdout
	fmt.Fprintf(w, "Accusé du dépôt %s (flux %s, %s).\n", res.Deposit.File, res.Deposit.IDFlux, res.Deposit.Horodatage)
	for _, n := range res.Notices {
		fmt.Fprintln(w, "Attention : "+n)
	}
	if res.AlreadyImported {
		fmt.Fprintln(w, "Cet accusé a déjà été importé : rien n'a changé.")
		return
	}
	if res.Refused {
		fmt.Fprintln(w, "La CDC a refusé tout le fichier pour des erreurs de structure ; tous ses passages sont à renvoyer :")
		for _, er := range res.Errors {
			who := "En-tête du fichier"
			if er.Holder != "" {
				who = er.Holder
			}
			fmt.Fprintf(w, "  %s — %s (ligne %d)\n", who, er.Message, er.Line)
		}
		fmt.Fprintln(w, "Corrigez, puis exportez un nouveau fichier (certidepot-cli renvoyer DOSSIER --tous remet les passages non fautifs dans le prochain dépôt).")
		return
	}
	fmt.Fprintf(w, "%d passage(s) acceptés, %d rejetés.\n", len(res.OK), len(res.KO))
	if n := len(res.AlreadyAtCDC); n > 0 {
		fmt.Fprintf(w, "%d passage(s) déjà enregistrés à la CDC : comptés comme acceptés, ils ne seront plus renvoyés.\n", n)
	}
	for _, k := range res.KO {
		fmt.Fprintf(w, "\n%s (%s) — %s\n", k.Holder, k.IDTechnique, strings.Join(k.Messages, " / "))
		ex := k.Explanation
		fmt.Fprintf(w, "  %s : %s\n", ex.Title, ex.Meaning)
		for _, c := range ex.Check {
			fmt.Fprintf(w, "  • %s\n", c)
		}
		if ex.Documents != "" {
			fmt.Fprintf(w, "  %s\n", ex.Documents)
		}
	}
	for _, k := range res.AlreadyAtCDC {
		fmt.Fprintf(w, "\n%s (%s) — %s\n  %s : %s\n", k.Holder, k.IDTechnique, strings.Join(k.Messages, " / "), k.Explanation.Title, k.Explanation.Meaning)
	}
	if n := len(res.Superseded); n > 0 {
		fmt.Fprintf(w, "\n%d passage(s) de ce dépôt n'ont pas changé : ils avaient déjà leur réponse (un accusé lu avant celui-ci), ou ont été renvoyés depuis dans un autre dépôt, dont l'accusé décidera : %s\n", n, strings.Join(first(res.Superseded, 10), ", "))
	}
	if n := len(res.Unknown); n > 0 {
		fmt.Fprintf(w, "\n%d identifiant(s) technique(s) de l'accusé n'appartiennent pas à ce dépôt ; ils n'ont pas été pris en compte : %s\n", n, strings.Join(first(res.Unknown, 10), ", "))
	}
	if len(res.KO) > 0 {
		fmt.Fprintln(w, "\nCorrigez les passages rejetés : ils repartiront dans le prochain export. Les passages acceptés ne seront plus jamais renvoyés.")
	}
}

func first(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], "…")
	}
	return s
}

func runRenvoyer(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("renvoyer", flag.ContinueOnError)
	all := fs.Bool("tous", false, "")
	pos, err := parseArgsVar(fs, args, "le chemin du DOSSIER")
	if err != nil {
		return exitRefused, err
	}
	ids := pos[1:]
	if len(ids) == 0 && !*all {
		return exitRefused, usagef("indiquez les identifiants techniques des passages à renvoyer, ou --tous")
	}
	if *all {
		ids = nil
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		n, err := d.Resend(bg, ids)
		if err != nil {
			return exitRefused, err
		}
		fmt.Fprintf(e.stdout, "%d passage(s) rejeté(s) remis dans le prochain dépôt.\n", n)
		return exitOK, nil
	})
}
