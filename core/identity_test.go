package core

import (
	"strings"
	"testing"
)

// identityRecord is a clean titulaire record, delivered on 15/06/2026.
func identityRecord() Values {
	vs := DefaultValues()
	vs.Set(KeyCertType, "RNCP")
	vs.Set(KeyCertCode, "RNCP37873")
	vs.Set(KeyIDTechnique, "id-1")
	vs.Set(KeyNomNaissance, "DUPONT")
	vs.SetNil(KeyNomUsage)
	vs.Set(KeyPrenom1, "Marie")
	vs.Set(KeySexe, "F")
	vs.Set(KeyAnnee, "1990")
	vs.Set(KeyMois, "4")
	vs.Set(KeyJour, "3")
	vs.Set(KeyCodeInsee, "31555")
	vs.Set(KeyDateDebutValid, "2026-06-15")
	return vs
}

// identityIssues runs the whole validator (dictionary, rules, identity
// checks) and keeps the issues of one code.
func identityIssues(vs Values, code string) []Issue {
	var out []Issue
	for _, is := range NewValidator().Passage(vs, Options{}) {
		if is.Code == code {
			out = append(out, is)
		}
	}
	return out
}

type identityCase struct {
	key, value string
	want       string // "" = no warning of the code; else a part of the message
}

func runIdentityCases(t *testing.T, code string, cases []identityCase) {
	t.Helper()
	for _, c := range cases {
		vs := identityRecord()
		if c.key == KeyNomUsage && c.value == "" {
			vs.SetNil(KeyNomUsage)
		} else {
			vs.Set(c.key, c.value)
		}
		got := identityIssues(vs, code)
		switch {
		case c.want == "" && len(got) > 0:
			t.Errorf("%s %q: false alarm %q", c.key, c.value, got[0].Message)
		case c.want != "" && len(got) == 0:
			t.Errorf("%s %q: no %s warning", c.key, c.value, code)
		case c.want != "":
			is := got[0]
			if !is.Warning || is.Field != c.key || !strings.Contains(is.Message, c.want) || !strings.HasPrefix(is.Message, FieldByKey(c.key).Label+" : ") {
				t.Errorf("%s %q: %+v, want a warning on %s saying %q", c.key, c.value, is, c.key, c.want)
			}
		}
		if HasErrors(got) {
			t.Errorf("%s %q: an identity check must not hold the passage back", c.key, c.value)
		}
	}
}

func TestCleanRecordHasNoIdentityWarning(t *testing.T) {
	if issues := NewValidator().Passage(identityRecord(), Options{}); len(issues) != 0 {
		t.Fatalf("clean record: %+v", issues)
	}
}

func TestFirstNamesCheck(t *testing.T) {
	runIdentityCases(t, CodePrenomsMultiples, []identityCase{
		{KeyPrenom1, "Marie Claire", "« Marie », « Claire »"},
		{KeyPrenom1, "Marie Claire", "(« Marie-Claire »)"},
		{KeyPrenom1, "Marie, Claire", "plusieurs prénoms"},
		{KeyPrenom1, "Marie-Claire Louise Anne", "« Marie-Claire », « Louise », « Anne »"},
		{KeyPrenom1, "Jean de Dieu", "« Jean », « de Dieu »"},
		{KeyPrenom1, "MOHAMED AMINE", "prénom composé"},
		// One first name each.
		{KeyPrenom1, "Jean-Pierre", ""},
		{KeyPrenom1, "Marie-Hélène", ""},
		{KeyPrenom1, "Jean - Pierre", ""},
		{KeyPrenom1, "Abd El Kader", ""},
		{KeyPrenom1, "Renée", ""},
		{KeyPrenom1, "Née", ""},
		{KeyPrenom1, "Zoé", ""},
		{KeyPrenom1, "Marie ", ""},       // the trailing space is the field's own error
		{"prenom2", "Claire Louise", ""}, // several names in the second place do not change step 1
	})
}

func TestFirstNamesSplit(t *testing.T) {
	for _, c := range []struct {
		prenom1, prenom2, prenom3 string
		want                      [3]string
		split                     bool
	}{
		{"Marie Claire", "", "", [3]string{"Marie", "Claire", ""}, true},
		{"Marie, Claire, Louise", "", "", [3]string{"Marie", "Claire", "Louise"}, true},
		{"Marie Claire", "Louise", "", [3]string{"Marie", "Claire", "Louise"}, true},
		{"Marie Claire Louise Anne", "", "", [3]string{"Marie", "Claire", "Louise Anne"}, true},
		{"Marie Claire", "claire", "", [3]string{"Marie", "Claire", ""}, true},
		{"Jean de Dieu", "", "", [3]string{"Jean", "de Dieu", ""}, true},
		{"Jean-Pierre", "Paul", "", [3]string{"Jean-Pierre", "Paul", ""}, false},
	} {
		vs := identityRecord()
		vs.Set(KeyPrenom1, c.prenom1)
		vs.Set("prenom2", c.prenom2)
		vs.Set("prenom3", c.prenom3)
		split := SplitFirstNames(vs)
		got := [3]string{vs.Text(KeyPrenom1), vs.Text("prenom2"), vs.Text("prenom3")}
		if split != c.split || got != c.want {
			t.Errorf("%q + %q + %q: split %v into %q, want %v %q", c.prenom1, c.prenom2, c.prenom3, split, got, c.split, c.want)
		}
		if split && len(identityIssues(vs, CodePrenomsMultiples)) != 0 {
			t.Errorf("%q: still flagged after the split", c.prenom1)
		}
	}
}

func TestMarriedNameCheck(t *testing.T) {
	runIdentityCases(t, CodeNomMarital, []identityCase{
		{KeyNomNaissance, "DUPONT épouse MARTIN", "Écrivez ici « DUPONT » seul et mettez « MARTIN » dans « Nom d'usage »"},
		{KeyNomNaissance, "DUPONT ép. MARTIN", "« DUPONT » seul"},
		{KeyNomNaissance, "Dupont Ep Martin", "« Dupont » seul"},
		{KeyNomNaissance, "MARTIN née DUPONT", "Écrivez ici « DUPONT » seul et mettez « MARTIN »"},
		{KeyNomNaissance, "DUPONT (ép. MARTIN)", "« DUPONT » seul et mettez « MARTIN »"},
		{KeyNomNaissance, "Veuve MARTIN", "est un nom d'épouse, pas le nom de naissance"},
		{KeyNomNaissance, "Vve MARTIN", "mettez « MARTIN » dans « Nom d'usage »"},
		{KeyNomNaissance, "DUPONT/MARTIN", "barre oblique"},
		{KeyNomNaissance, "DUPONT (MARTIN)", "parenthèses"},
		{KeyNomNaissance, "DUPONT [MARTIN]", "parenthèses"},
		{KeyNomUsage, "ép. MARTIN", "écrivez le nom d'usage seul (« MARTIN »), sans « ép. »"},
		// Birth names.
		{KeyNomNaissance, "de La Fontaine", ""},
		{KeyNomNaissance, "D'Artagnan", ""},
		{KeyNomNaissance, "McDonald", ""},
		{KeyNomNaissance, "Mc Donald", ""},
		{KeyNomNaissance, "O'Brien", ""},
		{KeyNomNaissance, "Van der Berg", ""},
		{KeyNomNaissance, "MARTIN DUPONT", ""},
		{KeyNomNaissance, "MARTIN--DUPONT", ""},
		{KeyNomNaissance, "Le Née", ""},
		{KeyNomNaissance, "NÉE", ""},
		{KeyNomNaissance, "Renée", ""},
		{KeyNomNaissance, "Desirée", ""},
		{KeyNomNaissance, "Lévêque", ""},
		{KeyNomUsage, "MARTIN", ""},
	})
}

func TestMarriedNameSplit(t *testing.T) {
	for _, c := range []struct{ in, birth, usage string }{
		{"DUPONT épouse MARTIN", "DUPONT", "MARTIN"},
		{"MARTIN née DUPONT", "DUPONT", "MARTIN"},
		{"DE LA FONTAINE ép. LE GOFF", "DE LA FONTAINE", "LE GOFF"},
		{"Épouse MARTIN", "", "MARTIN"},
	} {
		birth, usage, _, ok := SplitMarriedName(c.in)
		if !ok || birth != c.birth || usage != c.usage {
			t.Errorf("%q: %q + %q (%v), want %q + %q", c.in, birth, usage, ok, c.birth, c.usage)
		}
	}
	if _, _, _, ok := SplitMarriedName("née DUPONT"); ok {
		t.Error("« née DUPONT » has no married name to split")
	}
}

func TestNameCharactersCheck(t *testing.T) {
	runIdentityCases(t, CodeNomCaracteres, []identityCase{
		{KeyNomNaissance, "DUPONT2", "contient un chiffre"},
		{KeyPrenom1, "Marie1", "contient un chiffre"},
		{"prenom2", "Léa*", "le caractère « * »"},
		{KeyPrenom1, "Marie,", "le caractère « , »"},
		{KeyNomUsage, "MARTIN/DURAND", "le caractère « / »"},
		{KeyNomNaissance, "N'Diaye", ""},
		{KeyNomNaissance, "O’Brien", ""},
		{KeyNomNaissance, "Œillet", ""},
		{KeyNomNaissance, "DUPONT/MARTIN", ""}, // the married name's warning
		{KeyPrenom1, "Marie, Claire", ""},      // several first names' warning
		{KeyPrenom1, "Ève", ""},
	})
}

func TestInitialsCheck(t *testing.T) {
	runIdentityCases(t, CodeNomInitiales, []identityCase{
		{KeyPrenom1, "J.", "n'a qu'une lettre"},
		{KeyPrenom1, "A", "n'a qu'une lettre"},
		{KeyPrenom1, "J.-P.", "contient un point"},
		{KeyNomNaissance, "N.Diaye", "contient un point"},
		{"prenom2", "Jean P", "une initiale (« P »)"},
		{KeyNomNaissance, "MARTIN J", "une initiale (« J »)"},
		{KeyNomNaissance, "D ARTAGNAN", ""},
		{KeyNomNaissance, "GARCIA Y LOPEZ", ""},
		{KeyNomNaissance, "Ng", ""},
		{KeyNomNaissance, "DUPONT ép. MARTIN", ""}, // the married name's warning
		{KeyPrenom1, "Jo", ""},
		{KeyPrenom1, "Ly", ""},
	})
}

func TestAgeAtDeliveryCheck(t *testing.T) {
	for _, c := range []struct {
		y, m, d string
		want    string
	}{
		{"2013", "5", "1", "aurait 13 ans à la date de délivrance (15/06/2026)"},
		{"2012", "6", "16", "aurait 13 ans"},
		{"2012", "6", "15", ""},
		{"1945", "6", "16", ""},
		{"1945", "6", "15", "aurait 81 ans"},
		{"1935", "", "", "aurait au moins 90 ans"},
		{"2013", "", "", "aurait au plus 13 ans"},
		{"1945", "", "", ""},   // born in 1945: 80 or 81 years old
		{"2012", "", "", ""},   // born in 2012: 13 or 14 years old, not surely under 14
		{"2027", "1", "1", ""}, // after the delivery: its own error
	} {
		vs := identityRecord()
		vs.Set(KeyAnnee, c.y)
		vs.Set(KeyMois, c.m)
		vs.Set(KeyJour, c.d)
		if c.m == "" {
			vs.SetNil(KeyMois)
			vs.SetNil(KeyJour)
		}
		got := identityIssues(vs, CodeAgeImprobable)
		switch {
		case c.want == "" && len(got) > 0:
			t.Errorf("%s-%s-%s: false alarm %q", c.y, c.m, c.d, got[0].Message)
		case c.want != "" && (len(got) == 0 || !strings.Contains(got[0].Message, c.want) || got[0].Field != KeyAnnee):
			t.Errorf("%s-%s-%s: %+v, want %q", c.y, c.m, c.d, got, c.want)
		}
	}
}

func TestAmbiguousBirthOrderCheck(t *testing.T) {
	for _, c := range []struct {
		order, m, d string
		want        string
	}{
		{BirthOrderDayFirst, "4", "3", "lue jour puis mois, soit le 3 avril 1990, mais ce pourrait être le 4 mars 1990"},
		{BirthOrderMonthFirst, "4", "3", "lue mois puis jour, soit le 3 avril 1990"},
		{BirthOrderDayFirst, "1", "12", "soit le 12 janvier 1990, mais ce pourrait être le 1er décembre 1990"},
		{"", "4", "3", ""},                   // typed, or from a column that told the order
		{BirthOrderChecked, "4", "3", ""},    // checked by the user
		{BirthOrderDayFirst, "4", "13", ""},  // 13/04 reads one way only
		{BirthOrderDayFirst, "4", "4", ""},   // both readings are the same day
		{BirthOrderDayFirst, "12", "31", ""}, // idem
		{BirthOrderMonthFirst, "12", "12", ""},
	} {
		vs := identityRecord()
		vs.Set(KeyBirthOrder, c.order)
		vs.Set(KeyMois, c.m)
		vs.Set(KeyJour, c.d)
		got := identityIssues(vs, CodeDateAmbigue)
		switch {
		case c.want == "" && len(got) > 0:
			t.Errorf("%s %s/%s: false alarm %q", c.order, c.d, c.m, got[0].Message)
		case c.want != "" && (len(got) == 0 || !strings.Contains(got[0].Message, c.want) || got[0].Field != KeyJour):
			t.Errorf("%s %s/%s: %+v, want %q", c.order, c.d, c.m, got, c.want)
		}
	}
	// The marker is an import's note: it is never an error, whatever it holds.
	vs := identityRecord()
	vs.Set(KeyBirthOrder, "n'importe quoi")
	if issues := NewValidator().Passage(vs, Options{}); HasErrors(issues) || len(issues) != 1 {
		t.Fatalf("odd marker: %+v", issues)
	}
}

func TestIdentityChecksOnlyInTheirBranch(t *testing.T) {
	vs := identityRecord()
	vs.Set(KeyPrenom1, "Marie Claire")
	vs.Set(KeyNomNaissance, "DUPONT épouse MARTIN")
	vs.Set(KeyAnnee, "2015")
	vs.Set(KeyIdentification, BranchDossier)
	vs.Set(KeyIDDossier, "1234567890123")
	vs.Set(KeyNomTitulaire, "MARTIN")
	vs.Set(KeyPrenomTitulaire, "J.")
	var codes []string
	for _, is := range NewValidator().Passage(vs, Options{}) {
		if is.Code != "" {
			codes = append(codes, is.Code+":"+is.Field)
		}
	}
	if strings.Join(codes, " ") != CodeNomInitiales+":"+KeyPrenomTitulaire {
		t.Fatalf("CPF dossier branch: %v", codes)
	}
}

func TestEveryIdentityCodeIsListed(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range IdentityChecks() {
		if seen[c.Code] || c.Label == "" || !strings.HasPrefix(c.Rejection, "Aucun titulaire") {
			t.Errorf("check %+v", c)
		}
		seen[c.Code] = true
	}
	for _, code := range []string{CodePrenomsMultiples, CodeNomMarital, CodeNomCaracteres, CodeNomInitiales, CodeAgeImprobable, CodeDateAmbigue,
		CodeCommuneDate, CodeCommuneInconnue, CodeVilleEntiere, CodePaysInconnu, CodeSexeDivergent, CodeLieuDivergent} {
		if _, ok := IdentityCheckOf(code); !ok {
			t.Errorf("%s is not listed", code)
		}
	}
}

func TestEmailIsKeptButNeverBlocks(t *testing.T) {
	f := FieldByKey(KeyEmail)
	if f == nil || !f.DossierOnly || f.XMLName != "" || f.Scope != ScopeHolder {
		t.Fatalf("e-mail field: %+v", f)
	}
	for _, bad := range []string{"lea.martin@", "lea martin@exemple.fr", "a@b.fr; c@d.fr", "lea.martin@exemple"} {
		vs := identityRecord()
		vs.Set(KeyEmail, bad)
		issues := NewValidator().Passage(vs, Options{})
		if len(issues) != 1 || !issues[0].Warning || issues[0].Field != KeyEmail || !strings.Contains(issues[0].Message, "prenom.nom@exemple.fr") {
			t.Errorf("%q: %+v", bad, issues)
		}
	}
	for _, good := range []string{"lea.martin@exemple.fr", "Lea.Martin+cpf@sous.domaine.example.com"} {
		vs := identityRecord()
		vs.Set(KeyEmail, good)
		if issues := NewValidator().Passage(vs, Options{}); len(issues) != 0 {
			t.Errorf("%q: %+v", good, issues)
		}
	}
	// A sheet column named as offices name it lands there.
	for _, h := range []string{"Courriel", "E-mail", "Adresse électronique", "Mail"} {
		found := false
		for _, s := range f.Synonyms {
			found = found || Fold(s) == Fold(h)
		}
		if !found {
			t.Errorf("header %q is not a synonym of the e-mail field", h)
		}
	}
}
