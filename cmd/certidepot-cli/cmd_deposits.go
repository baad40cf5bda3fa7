package main

import (
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/certidepot/certidepot/core/store"
)

func init() {
	commands["deposits"] = command{
		usage: "DOSSIER [--json]",
		help:  "Liste les dépôts du dossier et ce qu'en dit la CDC (en attente, traité avec succès, traité avec erreurs, refusé).",
		run:   runDeposits,
	}
}

type depositJSON struct {
	IDFlux        string     `json:"idFlux"`
	File          string     `json:"file"`
	Path          string     `json:"path"`
	Horodatage    string     `json:"horodatage"`
	Certificateur string     `json:"certificateur"`
	XSDVersion    string     `json:"xsdVersion"`
	Passages      int        `json:"passages"`
	Size          int64      `json:"size"`
	SHA256        string     `json:"sha256"`
	CreatedAt     string     `json:"createdAt"`
	Accuse        accuseJSON `json:"accuse"`
}

type accuseJSON struct {
	Status       string `json:"status"` // "" (en attente), traite_succes, traite_erreurs, refuse, partiel
	Label        string `json:"label"`
	OK           int    `json:"ok"`
	KO           int    `json:"ko"`
	Waiting      int    `json:"waiting"`
	IDTraitement string `json:"idTraitement"`
}

var accuseLabels = map[string]string{
	store.AccuseNone:    "en attente de l'accusé",
	store.AccuseSuccess: "traité avec succès",
	store.AccuseWithKO:  "traité avec erreurs",
	store.AccuseRefused: "refusé (erreur de structure)",
	store.AccusePartial: "traité en partie",
}

func runDeposits(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("deposits", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER")
	if err != nil {
		return exitRefused, err
	}
	return withDossier(pos[0], func(d *store.DB) (int, error) {
		out := []depositJSON{}
		err := d.View(bg, func(tx *store.Tx) error {
			deps, err := tx.Deposits()
			if err != nil {
				return err
			}
			certs, err := tx.Certificateurs()
			if err != nil {
				return err
			}
			bcr := map[int64]string{}
			for _, c := range certs {
				bcr[c.ID] = c.IDClient
			}
			for _, dep := range deps {
				s, err := tx.Summary(dep.ID)
				if err != nil {
					return err
				}
				out = append(out, depositJSON{IDFlux: dep.IDFlux, File: dep.FileName, Path: dep.FilePath, Horodatage: dep.Horodatage,
					Certificateur: bcr[dep.CertificateurID], XSDVersion: dep.XSDVersion, Passages: dep.Passages, Size: dep.Size,
					SHA256: dep.SHA256, CreatedAt: dep.CreatedAt, Accuse: accuseJSON{Status: dep.AccuseStatus,
						Label: accuseLabels[dep.AccuseStatus], OK: s.OK, KO: s.KO, Waiting: s.Waiting, IDTraitement: s.IDTraitement}})
			}
			return nil
		})
		if err != nil {
			return exitRefused, err
		}
		if *asJSON {
			return exitOK, newJSON(e.stdout).Encode(out)
		}
		if len(out) == 0 {
			fmt.Fprintln(e.stdout, "Aucun dépôt pour l'instant : exportez les passages prêts avec « certidepot-cli export ».")
			return exitOK, nil
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 2, 2, ' ', 0)
		fmt.Fprintln(tw, "FICHIER\tHORODATAGE\tPASSAGES\tÉTAT\tOK\tKO\tEN ATTENTE")
		for _, dep := range out {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%d\t%d\t%d\n", dep.File, dep.Horodatage, dep.Passages, dep.Accuse.Label, dep.Accuse.OK, dep.Accuse.KO, dep.Accuse.Waiting)
		}
		return exitOK, tw.Flush()
	})
}
