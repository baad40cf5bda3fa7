package geo

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/certidepot/certidepot/core"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func first(t *testing.T, ps []Place) Place {
	t.Helper()
	if len(ps) == 0 {
		t.Fatal("no result")
	}
	return ps[0]
}

func TestCommuneLookups(t *testing.T) {
	if p := first(t, Communes("Toulouse", time.Time{})); p.Code != "31555" || p.Dep != "31" {
		t.Errorf("Toulouse: %+v", p)
	}
	if p := first(t, Communes("annecy le vieux", day(1990, 6, 1))); p.Code != "74011" || p.Fin != "2017-01-01" {
		t.Errorf("Annecy-le-Vieux in 1990: %+v", p)
	}
	if got := Communes("Annecy-le-Vieux", day(2020, 1, 1)); len(got) != 0 {
		t.Errorf("Annecy-le-Vieux no longer exists in 2020: %+v", got)
	}
	// A commune that disappeared decades ago (merged into Bellegarde in 1971).
	if p := first(t, Communes("Arlod", day(1960, 3, 1))); p.Code != "01018" {
		t.Errorf("Arlod in 1960: %+v", p)
	}
	if p := first(t, Communes("St-Étienne", time.Time{})); p.Code != "42218" {
		t.Errorf("St-Étienne: %+v", p)
	}
	if p := first(t, Communes("Paris 15e", time.Time{})); p.Code != "75115" || p.Type != "ARM" {
		t.Errorf("Paris 15e: %+v", p)
	}
	if p := first(t, Communes("lyon 3", time.Time{})); p.Code != "69383" {
		t.Errorf("lyon 3: %+v", p)
	}
	if p, ok := CommuneAt("74011", day(1980, 1, 1)); !ok || p.Nom != "Annecy-le-Vieux" {
		t.Errorf("74011 in 1980: %+v", p)
	}
	cs := ByPostalCode("31000")
	if len(cs) != 1 || cs[0].Code != "31555" {
		t.Errorf("31000: %+v", cs)
	}
}

func TestCountryLookups(t *testing.T) {
	if p := first(t, Countries("Allemagne", time.Time{})); p.Code != "99109" {
		t.Errorf("Allemagne: %+v", p)
	}
	got := Countries("Allemagne de l'Ouest", day(1970, 1, 1))
	if p := first(t, got); p.Code != "99142" || p.Debut != "1949-05-23" || p.Fin != "1990-10-03" {
		t.Errorf("Allemagne de l'Ouest in 1970: %+v", p)
	}
	if got := Countries("Allemagne de l'Ouest", day(2000, 1, 1)); len(got) != 0 {
		t.Errorf("no West Germany in 2000: %+v", got)
	}
	if p := first(t, Countries("URSS", day(1980, 1, 1))); p.Code != "99123" {
		t.Errorf("URSS in 1980: %+v", p)
	}
	// Births in Algeria before independence: the current country code,
	// with the rule explained.
	p := first(t, Countries("Algérie", day(1955, 4, 1)))
	if p.Code != "99352" || !strings.Contains(p.Note, "avant la création de ce pays (05/07/1962)") {
		t.Errorf("Algérie in 1955: %+v", p)
	}
}

func TestBirthplaceWarnings(t *testing.T) {
	rec := func(insee, y, m, d string) core.Values {
		vs := core.Values{}
		vs.Set(core.KeyCodeInsee, insee)
		vs.Set(core.KeyAnnee, y)
		vs.Set(core.KeyMois, m)
		vs.Set(core.KeyJour, d)
		return vs
	}
	cases := []struct {
		vs   core.Values
		want string // "" = no warning
		code string // the identity check's code
		err  bool   // an error, not a warning: the code never existed
	}{
		{rec("74011", "1980", "5", "2"), "", "", false},
		{rec("74011", "2019", "5", "2"), "n'existait pas à la date de naissance ; il désigne cette commune de 1943 à 2017", core.CodeCommuneDate, false},
		{rec("74010", "1980", "", ""), "", "", false},
		{rec("31555", "1935", "5", "2"), "", "", false}, // before the COG's first day
		{rec("20004", "1938", "", ""), "", "", false},
		{rec("2A004", "1938", "", ""), "n'existait pas à la date de naissance", core.CodeCommuneDate, false},
		{rec("31000", "1990", "1", "1"), "c'est un code postal. Code INSEE : Toulouse : 31555", core.CodeCommuneInconnue, true},
		{rec("31000", "", "", ""), "ne l'a jamais été", core.CodeCommuneInconnue, true}, // whatever the birth date
		{rec("75056", "1990", "1", "1"), "indiquez le code de l'arrondissement", core.CodeVilleEntiere, false},
		{rec("99999", "1990", "1", "1"), "n'est pas un code de pays", core.CodePaysInconnu, true},
		{rec("99142", "1970", "1", "1"), "", "", false},
	}
	for _, c := range cases {
		got := checkBirthplace(c.vs, core.Options{})
		switch {
		case c.want == "" && len(got) != 0:
			t.Errorf("%v: unexpected %v", c.vs, got)
		case c.want != "" && (len(got) != 1 || got[0].Warning == c.err || !strings.Contains(got[0].Message, c.want) || got[0].Code != c.code):
			t.Errorf("%v: got %v, want %q", c.vs, got, c.want)
		}
	}
}

// BenchmarkLookup: one commune look-up by name at a date (the data is
// loaded once, before the timer).
func BenchmarkLookup(b *testing.B) {
	Communes("x", time.Time{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Communes("Annecy-le-Vieux", day(1990, 1, 1))
	}
}

func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		once = sync.Once{}
		load()
	}
}
