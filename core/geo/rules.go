package geo

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/certidepot/certidepot/core"
)

// The birthplace checks are warnings: the reference may lag behind the
// CDC's, and a certifier may know better; they point at the most frequent
// cause of "Aucun titulaire ne correspond aux critères de réconciliation".
func init() {
	core.AddRule("INSEE birthplace code exists at the birth date", checkBirthplace)
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
	first, last, ok := birthSpan(vs)
	if strings.HasPrefix(code, "99") {
		if _, known := CountryAt(code, time.Time{}); !known {
			return []core.Issue{core.NewIssue(core.KeyCodeInsee, fmt.Sprintf("« %s » n'est pas un code de pays de l'INSEE : vérifiez-le (par exemple 99109 pour l'Allemagne, 99350 pour le Maroc).", code), true)}
		}
		return nil
	}
	if city, whole := wholeCities[code]; whole {
		return []core.Issue{core.NewIssue(core.KeyCodeInsee, "pour une naissance à "+city+", indiquez le code de l'arrondissement de naissance plutôt que celui de la ville entière.", true)}
	}
	if !ok {
		return nil
	}
	if validBetween(code, first, last) {
		return nil
	}
	if p, found := CommuneAt(code, time.Time{}); found {
		when := "de " + p.Debut[:4] + " à " + yearOr(p.Fin, "aujourd'hui")
		return []core.Issue{core.NewIssue(core.KeyCodeInsee, fmt.Sprintf("le code %s (%s) n'existait pas à la date de naissance ; il désigne cette commune %s. Indiquez le code de la commune telle qu'elle était à la naissance.", code, p.Nom, when), true)}
	}
	msg := fmt.Sprintf("« %s » n'est pas un code de commune du Code officiel géographique", code)
	if cs := ByPostalCode(code); len(cs) > 0 {
		names := make([]string, 0, len(cs))
		for _, c := range cs {
			names = append(names, c.Nom+" : "+c.Code)
		}
		msg += " ; c'est un code postal. Code INSEE : " + strings.Join(names, ", ")
	}
	return []core.Issue{core.NewIssue(core.KeyCodeInsee, msg+".", true)}
}

// birthSpan returns the first and last possible day of birth: the day
// itself, or the whole month or year when day or month are unknown.
func birthSpan(vs core.Values) (time.Time, time.Time, bool) {
	y, err := strconv.Atoi(vs.Text(core.KeyAnnee))
	if err != nil || y < 1900 || y > 2099 {
		return time.Time{}, time.Time{}, false
	}
	m, errM := strconv.Atoi(vs.Text(core.KeyMois))
	d, errD := strconv.Atoi(vs.Text(core.KeyJour))
	switch {
	case errM != nil || m < 1 || m > 12:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC), true
	case errD != nil || d < 1 || d > 31:
		first := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		return first, first.AddDate(0, 1, -1), true
	}
	day := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return day, day, true
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
