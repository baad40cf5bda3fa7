package main

import (
	"flag"
	"fmt"
	"path/filepath"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/cdc"
	"github.com/certidepot/certidepot/core/store"
)

func init() {
	commands["xsd"] = command{
		usage: "DOSSIER [--load FICHIER.xsd | --integre 1.1.2|1.1.5] [--json]",
		help:  "Affiche le format (XSD) visé par le dossier ; --load charge le XSD d'un kit CDC, --integre revient au schéma intégré.",
		run:   runXSD,
	}
}

type xsdJSON struct {
	Version    string `json:"version"`
	Source     string `json:"source"` // "integre" or "charge"
	FileName   string `json:"fileName,omitempty"`
	Passages   int    `json:"revalidated"`
	WithErrors int    `json:"withErrors"`
}

func runXSD(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("xsd", flag.ContinueOnError)
	load := fs.String("load", "", "")
	builtinVersion := fs.String("integre", "", "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER")
	if err != nil {
		return exitRefused, err
	}
	if *load != "" && *builtinVersion != "" {
		return exitRefused, usagef("choisissez --load ou --integre, pas les deux")
	}
	var loaded *cdc.Schema
	switch {
	case *load != "":
		if loaded, err = schemaFromFile(*load); err != nil {
			return exitRefused, err
		}
		defer loaded.Close()
	case *builtinVersion != "":
		s, err := cdc.BuiltinSchema(*builtinVersion)
		if err != nil {
			return exitRefused, err
		}
		s.Close()
	}
	return withDossier(pos[0], func(d *store.DB) (int, error) {
		out := xsdJSON{Source: "integre"}
		err := d.Update(bg, func(tx *store.Tx) error {
			switch {
			case loaded != nil:
				if err := tx.AddXSD(store.LoadedXSD{Version: loaded.Version, FileName: filepath.Base(*load), Content: loaded.Text}); err != nil {
					return err
				}
				if err := tx.SetVersion(cdc.VersionFor(loaded.Version)); err != nil {
					return err
				}
			case *builtinVersion != "":
				if err := tx.ClearXSD(); err != nil {
					return err
				}
				if err := tx.SetVersion(*builtinVersion); err != nil {
					return err
				}
			}
			x, err := tx.XSD()
			if err != nil {
				return err
			}
			if out.Version, err = tx.Version(); err != nil {
				return err
			}
			if x != nil {
				out.Version, out.Source, out.FileName = x.Version, "charge", x.FileName
			}
			if loaded != nil || *builtinVersion != "" {
				counts, err := tx.Counts()
				if err != nil {
					return err
				}
				for _, n := range counts {
					out.Passages += n
				}
				out.WithErrors, err = tx.Revalidate()
				return err
			}
			return nil
		})
		if err != nil {
			return exitRefused, err
		}
		if *asJSON {
			return exitOK, newJSON(e.stdout).Encode(out)
		}
		if out.Source == "charge" {
			fmt.Fprintf(e.stdout, "Format visé : XSD %s, chargé depuis %s ; il sert à valider chaque export.\n", out.Version, out.FileName)
		} else {
			fmt.Fprintf(e.stdout, "Format visé : XSD %s, schéma intégré à Certidépôt.\n", out.Version)
		}
		if out.Passages > 0 {
			fmt.Fprintf(e.stdout, "%d passage(s) vérifié(s) à nouveau, %d avec des erreurs.\n", out.Passages, out.WithErrors)
		}
		if out.Version == core.Version112 {
			fmt.Fprintln(e.stdout, "Pour passer au format 1.1.5, chargez le XSD du kit CDC : certidepot-cli xsd DOSSIER --load certifications-cdc.xsd")
		}
		return exitOK, nil
	})
}
