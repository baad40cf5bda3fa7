package geo

import (
	"fmt"

	"github.com/certidepot/certidepot/core"
)

// Derivation is a birthplace value worked out from the others of a row.
type Derivation struct {
	Field string `json:"field"`
	From  string `json:"from"` // what it was derived from, in French
	Value string `json:"value"`
}

// Where a derivation came from, for the summary an import gives.
const (
	FromCountryCode = "code pays"
	FromCountryName = "pays"
	FromPostalCode  = "code postal"
	FromCommuneName = "commune"
)

// DeriveBirthplace fills what the reference makes certain: the country
// code of a 99XXX INSEE code; the INSEE code of a commune's name (valid at
// the date of birth, when only one commune had that name), of a postal
// code serving a single commune, or of a foreign country's name. Nothing
// ambiguous is guessed: ambiguous is true when a commune name is shared by
// several communes, for the user to give its code.
func DeriveBirthplace(rec core.Values) (derived []Derivation, ambiguous bool) {
	if rec.Identification() != core.BranchTitulaire {
		return nil, false
	}
	note := func(field, from, value string) {
		derived = append(derived, Derivation{Field: field, From: from, Value: value})
	}
	if insee := rec.Text(core.KeyCodeInsee); insee != "" {
		if cc := core.CountryCodeOf(insee); cc != "" && rec.Get(core.KeyCodePays).Empty() {
			rec.Set(core.KeyCodePays, cc)
			note(core.KeyCodePays, FromCountryCode+" « "+insee+" »", cc)
		}
		return derived, false
	}
	birth := core.BirthDay(rec)
	if pays := rec.Text(core.KeyLibellePays); pays != "" && core.Fold(pays) != "france" {
		if cs := Countries(pays, birth); len(cs) > 0 && sameName(cs[0].Nom, pays) {
			rec.Set(core.KeyCodeInsee, cs[0].Code)
			note(core.KeyCodeInsee, FromCountryName+" « "+pays+" »", cs[0].Code)
			if cc := core.CountryCodeOf(cs[0].Code); rec.Text(core.KeyCodePays) == "" {
				rec.Set(core.KeyCodePays, cc)
				note(core.KeyCodePays, FromCountryName+" « "+pays+" »", cc)
			}
			return derived, false
		}
	}
	if cp := rec.Text(core.KeyCodePostal); cp != "" {
		if cs := ByPostalCode(cp); len(cs) == 1 {
			rec.Set(core.KeyCodeInsee, cs[0].Code)
			delete(rec, core.KeyCodePostal)
			note(core.KeyCodeInsee, FromPostalCode+" « "+cp+" » ("+cs[0].Nom+")", cs[0].Code)
		}
		return derived, false
	}
	if commune := rec.Text(core.KeyLibelleCommune); commune != "" {
		var exact []Place
		for _, p := range Communes(commune, birth) {
			if sameName(p.Nom, commune) {
				exact = append(exact, p)
			}
		}
		switch {
		case len(exact) == 1:
			rec.Set(core.KeyCodeInsee, exact[0].Code)
			note(core.KeyCodeInsee, fmt.Sprintf("%s « %s » à la date de naissance", FromCommuneName, commune), exact[0].Code)
		case len(exact) > 1:
			return derived, true
		}
	}
	return derived, false
}

func sameName(a, b string) bool { return core.Fold(a) == core.Fold(b) }
