// Package geo answers, offline, the questions birthplaces raise: which
// INSEE code had a commune or a country at a given date, which communes a
// postal code serves. Data: INSEE's Code officiel géographique 2026 and
// La Poste's postal codes, embedded by assets/geo.
package geo

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	data "github.com/certidepot/certidepot/assets/geo"
	"github.com/certidepot/certidepot/core"
)

// Place is a commune (or arrondissement) or a country during one period
// of its existence.
type Place struct {
	Code  string `json:"code"`
	Nom   string `json:"nom"`
	Long  string `json:"nomLong,omitempty"` // countries: official name
	Dep   string `json:"departement,omitempty"`
	Debut string `json:"debut"`         // AAAA-MM-JJ
	Fin   string `json:"fin,omitempty"` // AAAA-MM-JJ, exclusive; "" = still valid
	Type  string `json:"type"`          // COM, ARM (arrondissement), COMER (overseas collectivity), PAYS
	Note  string `json:"note,omitempty"`
	key   string // folded name
}

// ValidAt reports whether the place existed under this code at date d
// (the zero date matches any period).
func (p Place) ValidAt(d time.Time) bool {
	if d.IsZero() {
		return true
	}
	return p.validOn(d.Format(time.DateOnly))
}

// validOn is ValidAt for a day written AAAA-MM-JJ ("" = any day).
func (p Place) validOn(day string) bool {
	return day == "" || p.Debut <= day && (p.Fin == "" || day < p.Fin)
}

type index struct {
	communes []Place
	byCode   map[string][]int
	pays     []Place
	postaux  map[string][]string
}

var (
	once sync.Once
	idx  *index
)

func load() *index {
	once.Do(func() {
		idx = &index{byCode: map[string][]int{}, postaux: map[string][]string{}}
		eachRow(data.CommunesTSV, func(f []string) {
			p := Place{Code: f[0], Nom: f[1], Debut: f[2], Fin: f[3], Type: f[4], Dep: departement(f[0])}
			p.key = normalize(p.Nom)
			idx.byCode[p.Code] = append(idx.byCode[p.Code], len(idx.communes))
			idx.communes = append(idx.communes, p)
		})
		eachRow(data.PaysTSV, func(f []string) {
			p := Place{Code: f[0], Nom: f[1], Long: f[2], Debut: f[3], Fin: f[4], Type: "PAYS"}
			p.key = normalize(p.Nom)
			idx.pays = append(idx.pays, p)
		})
		eachRow(data.PostauxTSV, func(f []string) { idx.postaux[f[0]] = append(idx.postaux[f[0]], f[1]) })
	})
	return idx
}

func eachRow(gz []byte, fn func([]string)) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		panic("geo: embedded data unreadable: " + err.Error()) // built into the binary: cannot happen at run time
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		fn(strings.Split(sc.Text(), "\t"))
	}
}

// departement derives the département from an INSEE commune code.
func departement(code string) string {
	switch {
	case strings.HasPrefix(code, "97"), strings.HasPrefix(code, "98"):
		return code[:3]
	case len(code) >= 2:
		return code[:2]
	}
	return ""
}

// normalize folds a name for matching: case, accents, hyphens and
// apostrophes ignored, "St"/"Ste" read as "Saint"/"Sainte", ordinals
// ("15e", "1er") read as numbers, so "Paris 15" finds the arrondissement.
func normalize(s string) string {
	var out []string
	for _, w := range strings.Fields(core.Fold(s)) {
		switch {
		case w == "st":
			w = "saint"
		case w == "ste":
			w = "sainte"
		case reOrdinal.MatchString(w):
			w = reOrdinal.FindStringSubmatch(w)[1]
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

var reOrdinal = regexp.MustCompile(`^([0-9]+)(e|er|eme|ème)$`)

// Communes finds communes and arrondissements by name, best matches
// first: exact names, then names starting with the query. With a date,
// only those valid at that date are kept.
func Communes(query string, at time.Time) []Place {
	return search(load().communes, query, at)
}

// Countries finds countries by name, like Communes.
func Countries(query string, at time.Time) []Place {
	out := search(load().pays, query, at)
	if len(out) == 0 && !at.IsZero() {
		// A country that did not exist yet at that date (Algeria before
		// 1962…): its current code is the only one there is.
		for _, p := range search(load().pays, query, time.Time{}) {
			if p.Fin == "" && at.Format(time.DateOnly) < p.Debut {
				p.Note = "naissance avant la création de ce pays (" + frenchDate(p.Debut) + ") : le Code officiel géographique n'a pas d'autre code pour ce territoire, on utilise celui du pays actuel"
				out = append(out, p)
			}
		}
	}
	return out
}

func search(places []Place, query string, at time.Time) []Place {
	q := normalize(query)
	if q == "" {
		return nil
	}
	day := ""
	if !at.IsZero() {
		day = at.Format(time.DateOnly)
	}
	var exact, prefix, word []Place
	for _, p := range places {
		if !p.validOn(day) {
			continue
		}
		switch {
		case p.key == q:
			exact = append(exact, p)
		case strings.HasPrefix(p.key, q+" ") || strings.HasPrefix(p.key, q):
			prefix = append(prefix, p)
		case strings.Contains(" "+p.key, " "+q):
			word = append(word, p)
		}
	}
	current := func(ps []Place) func(i, j int) bool { // communes that still exist first
		return func(i, j int) bool { return ps[i].Fin == "" && ps[j].Fin != "" }
	}
	sort.SliceStable(exact, current(exact))
	sort.SliceStable(prefix, func(i, j int) bool {
		if (prefix[i].Fin == "") != (prefix[j].Fin == "") {
			return prefix[i].Fin == ""
		}
		return len(prefix[i].key) < len(prefix[j].key)
	})
	out := append(append(exact, prefix...), word...)
	if len(out) > 50 {
		out = out[:50]
	}
	return out
}

// CommuneAt returns the commune or arrondissement having code at date d
// (any period when d is zero: the most recent).
func CommuneAt(code string, d time.Time) (Place, bool) {
	x := load()
	ids := x.byCode[code]
	for i := len(ids) - 1; i >= 0; i-- {
		if p := x.communes[ids[i]]; p.ValidAt(d) {
			return p, true
		}
	}
	return Place{}, false
}

// CountryAt returns the country or territory having code at date d.
func CountryAt(code string, d time.Time) (Place, bool) {
	x := load()
	for i := len(x.pays) - 1; i >= 0; i-- {
		if p := x.pays[i]; p.Code == code && p.ValidAt(d) {
			return p, true
		}
	}
	return Place{}, false
}

// KnownCode reports whether code was ever a commune, arrondissement or
// country code.
func KnownCode(code string) bool {
	if _, ok := CommuneAt(code, time.Time{}); ok {
		return true
	}
	_, ok := CountryAt(code, time.Time{})
	return ok
}

// ByPostalCode returns the current communes a postal code serves.
func ByPostalCode(cp string) []Place {
	var out []Place
	for _, code := range load().postaux[strings.TrimSpace(cp)] {
		if p, ok := CommuneAt(code, time.Now()); ok {
			out = append(out, p)
		} else if p, ok := CommuneAt(code, time.Time{}); ok {
			out = append(out, p)
		}
	}
	return out
}

func frenchDate(iso string) string {
	if d, err := time.Parse(time.DateOnly, iso); err == nil {
		return d.Format("02/01/2006")
	}
	return iso
}

// Codes tells INSEE codes from postal codes (excel.PlaceCodes), for
// recognising a column of birthplace codes by its values.
type Codes struct{}

// IsCommune reports whether code is the INSEE code of a commune, now or
// before.
func (Codes) IsCommune(code string) bool { return KnownCode(code) }

// IsPostalCode reports whether code is a postal code.
func (Codes) IsPostalCode(code string) bool { return len(ByPostalCode(code)) > 0 }
