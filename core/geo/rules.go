package geo

import (
	"fmt"
	"strings"
	"time"

	"github.com/certidepot/certidepot/core"
)

// Rules returns the checks of birthplace codes against the reference, for
// the validator (core.NewValidator). A code that never existed is an
// error (it is a typo, or a postal code); a code that existed, but not at
// the birth date, is a warning: the reference may lag behind the CDC's,
// and a certifier may know better. Both point at the most frequent cause
// of "Aucun titulaire ne correspond aux critères de réconciliation".
func Rules() []core.Rule {
	return []core.Rule{{Name: "INSEE birthplace code exists at the birth date", Check: checkBirthplace}}
}

var wholeCities = map[string]string{"75056": "Paris (75101 à 75120)", "69123": "Lyon (69381 à 69389)", "13055": "Marseille (13201 à 13216)"}

func checkBirthplace(vs core.Values, _ core.Options) []core.Issue {
	if vs.Identification() != core.BranchTitulaire {
		return nil
	}
	code := strings.ToUpper(vs.Text(core.KeyCodeInsee))
	if len(code) != 5 {
		return nil // length and format are reported on the field itself
	}
	first, last, ok := core.BirthSpan(vs)
	if core.IsAbroadCode(code) {
		if _, known := CountryAt(code, time.Time{}); !known {
			is := core.NewWarning(core.KeyCodeInsee, core.CodePaysInconnu, fmt.Sprintf("« %s » n'est pas un code de pays de l'INSEE : vérifiez-le (par exemple 99109 pour l'Allemagne, 99350 pour le Maroc ; certidepot-cli pays NOM).", code))
			is.Warning = false
			return []core.Issue{is}
		}
		return nil
	}
	if city, whole := wholeCities[code]; whole {
		return []core.Issue{core.NewWarning(core.KeyCodeInsee, core.CodeVilleEntiere, "pour une naissance à "+city+", indiquez le code de l'arrondissement de naissance plutôt que celui de la ville entière.")}
	}
	if len(load().byCode[code]) == 0 {
		msg := fmt.Sprintf("« %s » n'est pas un code de commune du Code officiel géographique, et ne l'a jamais été", code)
		if cs := ByPostalCode(code); len(cs) > 0 {
			names := make([]string, 0, len(cs))
			for _, c := range cs {
				names = append(names, c.Nom+" : "+c.Code)
			}
			msg += " ; c'est un code postal. Code INSEE : " + strings.Join(names, ", ")
		} else {
			msg += " : vérifiez-le (certidepot-cli lieu NOM, ou « Chercher par nom… » dans la fiche)"
		}
		is := core.NewWarning(core.KeyCodeInsee, core.CodeCommuneInconnue, msg+".")
		is.Warning = false
		return []core.Issue{is}
	}
	if !ok {
		return nil
	}
	// The Code officiel géographique starts on 1 January 1943: a code it
	// has that day is taken as valid before, for the oldest holders.
	if cogStart := time.Date(1943, 1, 1, 0, 0, 0, 0, time.UTC); first.Before(cogStart) {
		first = cogStart
		if last.Before(cogStart) {
			last = cogStart
		}
	}
	if validBetween(code, first, last) {
		return nil
	}
	p, _ := CommuneAt(code, time.Time{})
	when := "de " + p.Debut[:4] + " à " + yearOr(p.Fin, "aujourd'hui")
	return []core.Issue{core.NewWarning(core.KeyCodeInsee, core.CodeCommuneDate, fmt.Sprintf("le code %s (%s) n'existait pas à la date de naissance ; il désigne cette commune %s. Indiquez le code de la commune telle qu'elle était à la naissance.", code, p.Nom, when))}
}

// validBetween reports whether the code was valid at some day of the span.
func validBetween(code string, first, last time.Time) bool {
	if _, ok := CommuneAt(code, last); ok {
		return true
	}
	for _, i := range load().byCode[code] {
		p := load().communes[i]
		if p.Debut <= last.Format(time.DateOnly) && (p.Fin == "" || first.Format(time.DateOnly) < p.Fin) {
			return true
		}
	}
	return false
}

func yearOr(iso, otherwise string) string {
	if len(iso) >= 4 {
		return iso[:4]
	}
	return otherwise
}
