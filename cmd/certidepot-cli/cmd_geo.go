package main

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/certidepot/certidepot/core/geo"
)

var cmdLieu = command{
	usage: "RECHERCHE [--date AAAA-MM-JJ] [--json]",
	help:  "Trouve le code INSEE d'une commune de naissance (par son nom, son code postal ou son code), telle qu'elle était à la date donnée.",
	run:   func(e *env, args []string) (int, error) { return runPlace(e, args, "lieu", false) },
}

var cmdPays = command{
	usage: "RECHERCHE [--date AAAA-MM-JJ] [--json]",
	help:  "Trouve le code INSEE (99XXX) d'un pays de naissance, tel qu'il était à la date donnée.",
	run:   func(e *env, args []string) (int, error) { return runPlace(e, args, "pays", true) },
}

func runPlace(e *env, args []string, name string, country bool) (int, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	date := fs.String("date", "", "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgsVar(fs, args, "la RECHERCHE (nom ou code)")
	if err != nil {
		return exitRefused, err
	}
	query := strings.Join(pos, " ")
	var at time.Time
	if *date != "" {
		if at, err = time.Parse(time.DateOnly, *date); err != nil {
			return exitRefused, usagef("--date attend une date AAAA-MM-JJ, par exemple 1990-05-17")
		}
	}
	var found []geo.Place
	isCode := len(query) == 5 && strings.Trim(strings.ToUpper(query), "0123456789AB") == ""
	switch {
	case country && isCode:
		if p, ok := geo.CountryAt(query, at); ok {
			found = append(found, p)
		}
	case country:
		found = geo.Countries(query, at)
	case isCode:
		if p, ok := geo.CommuneAt(strings.ToUpper(query), at); ok {
			found = append(found, p)
		}
		found = append(found, geo.ByPostalCode(query)...)
	default:
		found = geo.Communes(query, at)
	}
	if found == nil {
		found = []geo.Place{}
	}
	if *asJSON {
		return exitOK, newJSON(e.stdout).Encode(found)
	}
	if len(found) == 0 {
		fmt.Fprintf(e.stdout, "Aucun résultat pour « %s »%s.\n", query, dateText(*date))
		return exitOK, nil
	}
	for _, p := range found {
		period := "depuis " + frDate(p.Debut)
		if p.Fin != "" {
			period = "du " + frDate(p.Debut) + " au " + frDate(p.Fin)
		}
		extra := ""
		if p.Dep != "" {
			extra = ", département " + p.Dep
		}
		fmt.Fprintf(e.stdout, "%s  %s (%s%s)\n", p.Code, p.Nom, period, extra)
		if p.Note != "" {
			fmt.Fprintf(e.stdout, "       %s\n", p.Note)
		}
	}
	return exitOK, nil
}

func dateText(d string) string {
	if d == "" {
		return ""
	}
	return " au " + frDate(d)
}

func frDate(iso string) string {
	if t, err := time.Parse(time.DateOnly, iso); err == nil {
		return t.Format("02/01/2006")
	}
	return iso
}
