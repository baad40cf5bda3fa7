package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

var cmdTitulaire = command{
	usage: "DOSSIER NOM [--exporter FICHIER.json] [--effacer] [--json]",
	help:  "Droits des personnes (RGPD) : retrouve un titulaire, exporte toutes ses données, ou les efface du dossier.",
	run:   runTitulaire,
}

func runTitulaire(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("titulaire", flag.ContinueOnError)
	export := fs.String("exporter", "", "")
	erase := fs.Bool("effacer", false, "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER", "une partie du NOM du titulaire")
	if err != nil {
		return exitRefused, err
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		found, err := d.FindHolders(bg, pos[1])
		if err != nil {
			return exitRefused, err
		}
		out := make([]dossier.HolderJSON, len(found))
		for i, h := range found {
			out[i] = dossier.HolderExport(h)
		}
		if (*export != "" || *erase) && len(found) != 1 {
			return exitRefused, fmt.Errorf("%d titulaire(s) correspondent à « %s » : précisez le nom pour n'en désigner qu'un", len(found), pos[1])
		}
		if *export != "" {
			if err := refuseExisting(*export); err != nil {
				return exitRefused, err
			}
			b, _ := json.MarshalIndent(out[0], "", "  ")
			if err := os.WriteFile(*export, b, 0o600); err != nil {
				return exitRefused, core.WriteError(*export, err)
			}
			fmt.Fprintf(e.stdout, "Données de %s exportées dans %s.\n", found[0].Name, *export)
		}
		if *erase {
			n, err := d.EraseHolder(bg, found[0].HolderID)
			if err != nil {
				return exitRefused, err
			}
			fmt.Fprintf(e.stdout, "%s et ses %d passage(s) ont été effacés du dossier.\n", found[0].Name, n)
			if bs, _ := d.Backups(); len(bs) > 0 {
				fmt.Fprintf(e.stdout, "Attention : les %d sauvegardes du dossier (%s) contiennent encore ces données ; supprimez-les si la demande l'exige.\n", len(bs), d.BackupDir())
			}
			return exitOK, nil
		}
		if *export != "" {
			return exitOK, nil
		}
		if *asJSON {
			return exitOK, newJSON(e.stdout).Encode(out)
		}
		if len(found) == 0 {
			fmt.Fprintf(e.stdout, "Aucun titulaire ne correspond à « %s ».\n", pos[1])
		}
		for _, h := range found {
			fmt.Fprintf(e.stdout, "%s : %d passage(s)\n", h.Name, len(h.Passages))
			for _, p := range h.Passages {
				fmt.Fprintf(e.stdout, "  %s — %s — %s\n", p.Certification.Label(), p.Passage.Status.Label(), p.Passage.IDTechnique)
			}
		}
		return exitOK, nil
	})
}
