package main

import (
	"flag"
	"fmt"
	"time"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
	"github.com/certidepot/certidepot/core/excel"
)

var cmdExemple = command{
	usage: "DOSSIER [--passages N]",
	help:  "Crée un dossier d'exemple (50 titulaires fictifs, dont 8 avec des erreurs) pour découvrir Certidépôt ; --passages en crée davantage (essais de volume).",
	run:   runExemple,
}

var cmdVersion = command{
	usage: "",
	help:  "Affiche la version de Certidépôt.",
	run: func(e *env, args []string) (int, error) {
		if _, err := parseArgs(flag.NewFlagSet("version", flag.ContinueOnError), args); err != nil {
			return exitRefused, err
		}
		fmt.Fprintf(e.stdout, "Certidépôt %s (schéma de dossier %d)\n", core.AppVersion, dossier.SchemaVersion())
		return exitOK, nil
	},
}

func runExemple(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("exemple", flag.ContinueOnError)
	n := fs.Int("passages", 50, "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER à créer")
	if err != nil {
		return exitRefused, err
	}
	if *n < 1 || *n > 1_000_000 {
		return exitRefused, usagef("--passages doit être compris entre 1 et 1 000 000")
	}
	d, err := dossier.CreateSample(bg, pos[0], core.Now(), *n)
	if err != nil {
		return exitRefused, err
	}
	d.Close()
	fmt.Fprintf(e.stdout, "Dossier d'exemple créé : %s\n", pos[0])
	return exitOK, nil
}

var cmdExempleListe = command{
	usage: "FICHIER.xlsx [--lignes N] [--date AAAA-MM-JJ]",
	help:  "Écrit une liste Excel fictive de diplômés (200 par défaut), tenue comme dans un bureau, délivrés avant la date (aujourd'hui par défaut), pour essayer l'import ou mesurer les performances.",
	run: func(e *env, args []string) (int, error) {
		fs := flag.NewFlagSet("exemple-liste", flag.ContinueOnError)
		n := fs.Int("lignes", 200, "")
		day := fs.String("date", "", "")
		pos, err := parseArgs(fs, args, "le FICHIER.xlsx à écrire")
		if err != nil {
			return exitRefused, err
		}
		now := core.Now()
		if *day != "" {
			d, ok := core.ParseISODate(*day)
			if !ok {
				return exitRefused, usagef("--date : « %s » n'est pas une date AAAA-MM-JJ", *day)
			}
			now = d
		}
		if *n < 1 || *n > 1_000_000 {
			return exitRefused, usagef("--lignes doit être compris entre 1 et 1 000 000")
		}
		if err := refuseExisting(pos[0]); err != nil {
			return exitRefused, err
		}
		if err := excel.WriteSampleList(pos[0], *n, now); err != nil {
			return exitRefused, err
		}
		fmt.Fprintf(e.stdout, "Liste d'exemple écrite : %s (%d lignes)\n", pos[0], *n)
		return exitOK, nil
	},
}

var cmdLectureBrute = command{
	usage: "FICHIER.xlsx",
	help:  "Lit les lignes du classeur telles quelles, sans rien en faire, et dit le temps passé : le plancher auquel se compare l'import (mesures de performance).",
	run: func(e *env, args []string) (int, error) {
		pos, err := parseArgs(flag.NewFlagSet("lecture-brute", flag.ContinueOnError), args, "le FICHIER.xlsx à lire")
		if err != nil {
			return exitRefused, err
		}
		start := time.Now()
		rows, cells, err := excel.ReadRawRows(pos[0], dossier.PrivateTempDir())
		if err != nil {
			return exitRefused, fmt.Errorf("lecture de %s impossible : %s", pos[0], core.SystemMessage(err))
		}
		fmt.Fprintf(e.stdout, "%d lignes, %d cases lues en %.2f s\n", rows, cells, time.Since(start).Seconds())
		return exitOK, nil
	},
}
