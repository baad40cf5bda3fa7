package core

import (
	"strconv"
	"strings"
	"time"
)

// The birthplace concept, in one place: where a holder was born decides
// which of the titulaire's fields apply (INSEE code or postal code of a
// French commune; 99XXX code and country code abroad; neither when the
// place is unknown), and the birth date decides which codes were valid.

// Birthplace is where a holder was born, as the form offers it.
type Birthplace int

const (
	BornInFrance Birthplace = iota
	BornAbroad
	BirthplaceUnknown
)

// Birthplaces lists the choices in display order.
var Birthplaces = []Birthplace{BornInFrance, BornAbroad, BirthplaceUnknown}

// Label is the French wording of the choice.
func (b Birthplace) Label() string {
	switch b {
	case BornAbroad:
		return "Né(e) à l'étranger"
	case BirthplaceUnknown:
		return "Lieu inconnu"
	}
	return "Commune en France"
}

// abroadPrefix starts every INSEE code of a foreign country (99XXX).
const abroadPrefix = "99"

// IsAbroadCode reports whether an INSEE code designates a foreign country.
func IsAbroadCode(insee string) bool {
	return len(insee) == 5 && strings.HasPrefix(insee, abroadPrefix)
}

// CountryCodeOf returns the 3-digit country code a 99XXX INSEE code
// carries ("" for any other code): the value codePaysNaissance must hold.
func CountryCodeOf(insee string) string {
	if !IsAbroadCode(insee) {
		return ""
	}
	return insee[len(abroadPrefix):]
}

// AbroadCode returns the 99XXX INSEE code of a 3-digit country code.
func AbroadCode(countryCode string) string { return abroadPrefix + countryCode }

// BirthplaceOf tells where the values say the holder was born.
func BirthplaceOf(vs Values) Birthplace {
	insee := vs.Text(KeyCodeInsee)
	switch {
	case IsAbroadCode(insee):
		return BornAbroad
	case insee == "" && vs.Get(KeyCodePostal).Nil:
		return BirthplaceUnknown
	}
	return BornInFrance
}

// birthplaceFields are the titulaire's fields that depend on the place.
var birthplaceFields = map[string][]Birthplace{
	KeyCodeInsee:      {BornInFrance, BornAbroad},
	KeyCodePostal:     {BornInFrance},
	KeyLibelleCommune: {BornInFrance},
	KeyCodePays:       {BornAbroad},
	KeyLibellePays:    {BornAbroad},
}

// Shows reports whether a field is asked for with this birthplace.
func (b Birthplace) Shows(key string) bool {
	places, ok := birthplaceFields[key]
	if !ok {
		return true
	}
	for _, p := range places {
		if p == b {
			return true
		}
	}
	return false
}

// Apply makes rec consistent with the choice: fields that do not apply are
// removed, and an unknown place is written as the postal code marked
// « donnée non connue » (the CDC's way to say it).
func (b Birthplace) Apply(rec Values) {
	for key := range birthplaceFields {
		if !b.Shows(key) {
			delete(rec, key)
		}
	}
	if b == BirthplaceUnknown {
		rec.SetNil(KeyCodePostal)
	}
}

// BirthSpan returns the first and last possible day of birth: the day
// itself, or the whole month or year when day or month are unknown. ok is
// false when the year is not a valid year.
func BirthSpan(vs Values) (first, last time.Time, ok bool) {
	y, err := strconv.Atoi(vs.Text(KeyAnnee))
	if err != nil || y < 1900 || y > 2099 {
		return time.Time{}, time.Time{}, false
	}
	m, errM := strconv.Atoi(vs.Text(KeyMois))
	d, errD := strconv.Atoi(vs.Text(KeyJour))
	switch {
	case errM != nil || m < 1 || m > 12:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC), true
	case errD != nil || d < 1 || d > 31:
		first := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		return first, first.AddDate(0, 1, -1), true
	}
	day := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if day.Day() != d {
		return time.Time{}, time.Time{}, false // 31 February: reported by its rule
	}
	return day, day, true
}

// BirthDay returns one day to look birthplace codes up at: the birth date
// itself, or the middle of the month or year when day or month are
// unknown; the zero time when the year is unknown.
func BirthDay(vs Values) time.Time {
	first, last, ok := BirthSpan(vs)
	if !ok {
		return time.Time{}
	}
	return first.Add(last.Sub(first) / 2).Truncate(24 * time.Hour)
}
