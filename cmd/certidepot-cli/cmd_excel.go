package main

import (
	"flag"
	"fmt"
	"strconv"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
	"github.com/certidepot/certidepot/core/excel"
)

var cmdTemplate = command{
	usage: "FICHIER.xlsx",
	help:  "Écrit le modèle Excel : une colonne par donnée, listes déroulantes, une ligne d'exemple et une feuille « Lisez-moi ».",
	run:   runTemplate,
}

var cmdImportXlsx = command{
	usage: "DOSSIER FICHIER.xlsx|.csv [--sheet NOM] [--certificateur BCR] [--colonne \"En-tête=donnée\"]… [--valeur \"Titre de colonne:valeur=CODE\"]… [--lignes-masquees] [--identites-modifiees] [--correspondance NOM] [--enregistrer-correspondance NOM] [--json]",
	help:  "Importe une liste de diplômés : chaque ligne devient un passage, prêt ou à compléter avec ses erreurs (code 1 si des lignes ont des erreurs).",
	run:   runImportXLSX,
}

var cmdExportXlsx = command{
	usage: "DOSSIER FICHIER.xlsx",
	help:  "Écrit les passages à corriger (erreurs ou rejets de la CDC) dans un classeur, avec une colonne « Erreurs », à réimporter une fois corrigé.",
	run:   runExportXLSX,
}

var cmdAnnulerImport = command{
	usage: "DOSSIER [N]",
	help:  "Annule un import Excel (le dernier, ou le n° N) : retire les passages qu'il a ajoutés, rétablit ceux qu'il a modifiés.",
	run:   runUndoImport,
}

func runTemplate(e *env, args []string) (int, error) {
	pos, err := parseArgs(flag.NewFlagSet("template", flag.ContinueOnError), args, "le FICHIER.xlsx à écrire")
	if err != nil {
		return exitRefused, err
	}
	if err := refuseExisting(pos[0]); err != nil {
		return exitRefused, err
	}
	if err := excel.WriteTemplate(pos[0], core.Now()); err != nil {
		return exitRefused, err
	}
	fmt.Fprintf(e.stdout, "Modèle écrit : %s\n", pos[0])
	return exitOK, nil
}

func runImportXLSX(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("import-xlsx", flag.ContinueOnError)
	sheet := fs.String("sheet", "", "")
	certificateur := fs.String("certificateur", "", "")
	asJSON := fs.Bool("json", false, "")
	var pairs []string
	fs.Func("colonne", "", func(v string) error { pairs = append(pairs, v); return nil })
	var valuePairs []string
	fs.Func("valeur", "", func(v string) error { valuePairs = append(valuePairs, v); return nil })
	hiddenRows := fs.Bool("lignes-masquees", false, "")
	identityChanges := fs.Bool("identites-modifiees", false, "")
	useMapping := fs.String("correspondance", "", "")
	saveMapping := fs.String("enregistrer-correspondance", "", "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER", "le FICHIER.xlsx à importer")
	if err != nil {
		return exitRefused, err
	}
	mapping, err := excel.ParseMapping(pairs)
	if err != nil {
		return exitRefused, usagef("%v", err)
	}
	values, err := excel.ParseValueChoices(valuePairs)
	if err != nil {
		return exitRefused, usagef("%v", err)
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		res, err := d.ImportSheet(bg, pos[1], dossier.ImportOptions{Sheet: *sheet, Certificateur: *certificateur, Mapping: mapping,
			Values: values, HiddenRows: *hiddenRows, AcceptIdentityChanges: *identityChanges,
			UseMapping: *useMapping, SaveMapping: *saveMapping})
		if err != nil {
			return exitRefused, err
		}
		if *asJSON {
			err = newJSON(e.stdout).Encode(res)
		} else {
			printImport(e, res)
		}
		if res.Flagged > 0 {
			return exitFlagged, err
		}
		return exitOK, err
	})
}

func printImport(e *env, res *dossier.ImportResult) {
	w := e.stdout
	fmt.Fprintf(w, "Feuille « %s » : %d colonne(s) reconnue(s).\n", res.Sheet, len(res.Columns))
	for _, c := range res.Columns {
		switch c.How {
		case excel.HowValues:
			fmt.Fprintf(w, "  Colonne %s « %s » : lue comme « %s » d'après ses valeurs (titre non reconnu) ; si ce n'est pas cela, corrigez avec --colonne \"%s=donnée\".\n", c.Letter, c.Header, c.Label, c.Header)
		case excel.HowWords:
			fmt.Fprintf(w, "  Colonne %s « %s » : lue comme « %s » d'après les mots de son titre.\n", c.Letter, c.Header, c.Label)
		}
	}
	for _, c := range res.Unknown {
		fmt.Fprintf(w, "  Colonne %s « %s » : %s\n", c.Letter, c.Header, c.Reason)
	}
	for _, c := range res.Ignored {
		fmt.Fprintf(w, "  Colonne %s « %s » : %s\n", c.Letter, c.Header, c.Reason)
	}
	if len(res.Defaults) > 0 {
		fmt.Fprintln(w, "Valeurs par défaut pour les données absentes de la feuille :")
		for _, d := range res.Defaults {
			fmt.Fprintf(w, "  %s : %s\n", d.Label, d.Value)
		}
	}
	for _, n := range res.Notices {
		fmt.Fprintln(w, n)
	}
	for _, er := range res.Errors {
		place := fmt.Sprintf("Ligne %d", er.Row)
		if er.Column != "" {
			place += ", colonne " + er.Column
		}
		note := ""
		if er.Warning {
			note = " (avertissement)"
		}
		fmt.Fprintf(w, "%s — %s%s\n", place, er.Message, note)
	}
	if n := len(res.NotApplied); n > 0 {
		fmt.Fprintf(w, "%d ligne(s) non appliquée(s), pour ne remplacer personne (%s) : voyez leurs erreurs ci-dessus.\n", n, dossier.RowList(res.NotApplied))
	}
	fmt.Fprintf(w, "%d ligne(s) lue(s) : %d passage(s) ajouté(s), %d mis à jour, %d inchangé(s), %d déjà déposé(s) laissé(s) tels quels ; %d ligne(s) à compléter.\n",
		res.Rows, res.Imported, res.Updated, res.Unchanged, res.Locked, res.Flagged)
	fmt.Fprintf(w, "Import n° %d (certidepot-cli annuler-import DOSSIER %d pour l'annuler).\n", res.ImportID, res.ImportID)
}

func runExportXLSX(e *env, args []string) (int, error) {
	pos, err := parseArgs(flag.NewFlagSet("export-xlsx", flag.ContinueOnError), args, "le chemin du DOSSIER", "le FICHIER.xlsx à écrire")
	if err != nil {
		return exitRefused, err
	}
	if err := refuseExisting(pos[1]); err != nil {
		return exitRefused, err
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		n, err := d.ExportToFix(bg, pos[1])
		if err != nil {
			return exitRefused, err
		}
		fmt.Fprintf(e.stdout, "%d passage(s) à corriger écrits dans %s : corrigez-les dans Excel, puis réimportez le fichier.\n", n, pos[1])
		return exitOK, nil
	})
}

func runUndoImport(e *env, args []string) (int, error) {
	pos, err := parseArgsVar(flag.NewFlagSet("annuler-import", flag.ContinueOnError), args, "le chemin du DOSSIER")
	if err != nil {
		return exitRefused, err
	}
	if len(pos) > 2 {
		return exitRefused, usagef("argument en trop : « %s »", pos[2])
	}
	var id int64
	if len(pos) == 2 {
		n, err := strconv.ParseInt(pos[1], 10, 64)
		if err != nil || n < 1 {
			return exitRefused, usagef("« %s » n'est pas un numéro d'import", pos[1])
		}
		id = n
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		id, removed, restored, err := d.UndoImport(bg, id)
		if err != nil {
			return exitRefused, err
		}
		fmt.Fprintf(e.stdout, "Import n° %d annulé : %d passage(s) retiré(s), %d rétabli(s).\n", id, removed, restored)
		return exitOK, nil
	})
}

var cmdColonnes = command{
	usage: "",
	help:  "Liste les titres de colonnes que l'import Excel reconnaît pour chaque donnée.",
	run: func(e *env, args []string) (int, error) {
		if _, err := parseArgs(flag.NewFlagSet("colonnes", flag.ContinueOnError), args); err != nil {
			return exitRefused, err
		}
		for _, h := range excel.RecognisedHeaders() {
			fmt.Fprintf(e.stdout, "%s : %s\n", h[0], h[1])
		}
		fmt.Fprintln(e.stdout, "Majuscules, accents, espaces, tirets et texte entre parenthèses ne comptent pas.")
		return exitOK, nil
	},
}
