package main

import (
	"flag"
	"fmt"
	"path/filepath"

	"github.com/certidepot/certidepot/core/dossier"
)

var cmdSauvegardes = command{
	usage: "DOSSIER [--json]",
	help:  "Liste les sauvegardes automatiques du dossier (faites avant chaque export et chaque lecture d'accusé).",
	run:   runBackups,
}

var cmdSauvegarder = command{
	usage: "DOSSIER",
	help:  "Fait maintenant une sauvegarde datée du dossier (dans le dossier des sauvegardes), par exemple avant de le modifier beaucoup à la main.",
	run: func(e *env, args []string) (int, error) {
		pos, err := parseArgs(flag.NewFlagSet("sauvegarder", flag.ContinueOnError), args, "le chemin du DOSSIER")
		if err != nil {
			return exitRefused, err
		}
		return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
			path, err := d.BackupNow(bg)
			if err != nil {
				return exitRefused, err
			}
			fmt.Fprintf(e.stdout, "Sauvegarde écrite : %s\n", path)
			return exitOK, nil
		})
	},
}

var cmdRestaurer = command{
	usage: "DOSSIER SAUVEGARDE",
	help:  "Remplace le dossier par une de ses sauvegardes ; l'état actuel est d'abord sauvegardé.",
	run:   runRestore,
}

type backupJSON struct {
	Name string `json:"name"`
	Path string `json:"path"`
	Date string `json:"date"`
	Size int64  `json:"size"`
}

func runBackups(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("sauvegardes", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER")
	if err != nil {
		return exitRefused, err
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		bs, err := d.Backups()
		if err != nil {
			return exitRefused, err
		}
		out := []backupJSON{}
		for _, b := range bs {
			out = append(out, backupJSON{Name: b.Name, Path: b.Path, Date: b.ModTime.Format("2006-01-02T15:04:05"), Size: b.Size})
		}
		if *asJSON {
			return exitOK, newJSON(e.stdout).Encode(out)
		}
		if len(out) == 0 {
			fmt.Fprintln(e.stdout, "Aucune sauvegarde pour l'instant : elles sont faites avant chaque export et chaque lecture d'accusé.")
		}
		for _, b := range out {
			fmt.Fprintf(e.stdout, "%s  %s\n", b.Date, b.Path)
		}
		return exitOK, nil
	})
}

func runRestore(e *env, args []string) (int, error) {
	pos, err := parseArgs(flag.NewFlagSet("restaurer", flag.ContinueOnError), args, "le chemin du DOSSIER", "la SAUVEGARDE à restaurer")
	if err != nil {
		return exitRefused, err
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		if err := d.Restore(bg, pos[1]); err != nil {
			return exitRefused, err
		}
		fmt.Fprintf(e.stdout, "Dossier %s restauré depuis %s (l'état précédent a été sauvegardé).\n", pos[0], filepath.Base(pos[1]))
		return exitOK, nil
	})
}
