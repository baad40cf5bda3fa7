package excel

import (
	"fmt"
	"strings"
	"time"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/geo"
)

// Derived is a value the importer worked out from others on the row.
type Derived struct {
	Row   int    `json:"row"`
	Field string `json:"field"`
	From  string `json:"from"` // what it was derived from, in French
	Value string `json:"value"`
}

// derivePlace fills the INSEE birthplace code when the row only gives
// the commune's name (resolved at the date of birth), a postal code that
// designates a single commune, or a foreign country's name. Ambiguous
// cases are left alone: validation asks the user.
func (imp *importer) derivePlace(row int, rec core.Values) {
	if rec.Identification() != core.BranchTitulaire || rec.Text(core.KeyCodeInsee) != "" {
		return
	}
	birth := birthDay(rec)
	note := func(field, from, value string) {
		imp.res.Derived = append(imp.res.Derived, Derived{Row: row, Field: field, From: from, Value: value})
	}
	if pays := rec.Text(core.KeyLibellePays); pays != "" && core.Fold(pays) != "france" {
		if cs := geo.Countries(pays, birth); len(cs) > 0 && exactName(cs[0].Nom, pays) {
			rec.Set(core.KeyCodeInsee, cs[0].Code)
			note(core.KeyCodeInsee, "pays « "+pays+" »", cs[0].Code)
			if rec.Text(core.KeyCodePays) == "" {
				rec.Set(core.KeyCodePays, cs[0].Code[2:])
				note(core.KeyCodePays, "pays « "+pays+" »", cs[0].Code[2:])
			}
			return
		}
	}
	if cp := rec.Text(core.KeyCodePostal); cp != "" {
		if cs := geo.ByPostalCode(cp); len(cs) == 1 {
			rec.Set(core.KeyCodeInsee, cs[0].Code)
			delete(rec, core.KeyCodePostal)
			note(core.KeyCodeInsee, "code postal « "+cp+" » ("+cs[0].Nom+")", cs[0].Code)
		}
		return
	}
	if commune := rec.Text(core.KeyLibelleCommune); commune != "" {
		var exact []geo.Place
		for _, p := range geo.Communes(commune, birth) {
			if exactName(p.Nom, commune) {
				exact = append(exact, p)
			}
		}
		if len(exact) == 1 {
			rec.Set(core.KeyCodeInsee, exact[0].Code)
			note(core.KeyCodeInsee, fmt.Sprintf("commune « %s » à la date de naissance", commune), exact[0].Code)
		} else if len(exact) > 1 {
			imp.ambiguous++
		}
	}
}

func exactName(a, b string) bool { return core.Fold(a) == core.Fold(b) }

// birthDay returns the date of birth, or mid-year when day or month are
// unknown, or the zero time when the year is unknown.
func birthDay(rec core.Values) time.Time {
	var y, m, d int
	if _, err := fmt.Sscan(rec.Text(core.KeyAnnee), &y); err != nil || y < 1900 {
		return time.Time{}
	}
	m, d = 7, 1
	fmt.Sscan(rec.Text(core.KeyMois), &m)
	fmt.Sscan(rec.Text(core.KeyJour), &d)
	if m < 1 || m > 12 || d < 1 || d > 31 {
		m, d = 7, 1
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
}

// derivedNotices summarises what was derived.
func (imp *importer) derivedNotices() {
	counts := map[string]int{}
	for _, d := range imp.res.Derived {
		if d.Field == core.KeyCodeInsee {
			switch {
			case strings.HasPrefix(d.From, "pays"):
				counts["pays"]++
			case strings.HasPrefix(d.From, "code postal"):
				counts["cp"]++
			default:
				counts["commune"]++
			}
		}
	}
	if n := counts["commune"]; n > 0 {
		imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("%d code(s) INSEE déduit(s) du nom de la commune de naissance, tel qu'il était à la date de naissance.", n))
	}
	if n := counts["cp"]; n > 0 {
		imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("%d code(s) postal(aux) de naissance remplacé(s) par le code INSEE de l'unique commune qu'ils desservent.", n))
	}
	if n := counts["pays"]; n > 0 {
		imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("%d naissance(s) à l'étranger : code pays 99XXX déduit du nom du pays.", n))
	}
	if imp.ambiguous > 0 {
		imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("%d commune(s) de naissance portent un nom partagé par plusieurs communes : indiquez leur code INSEE (certidepot-cli lieu NOM --date AAAA-MM-JJ).", imp.ambiguous))
	}
}
