package core

import (
	"strings"
	"testing"
)

// validRecord returns a complete, valid passage record (titulaire branch,
// INSEE birthplace), close to the CDC's official example.
func validRecord() Values {
	vs := Values{}
	for k, v := range map[string]string{
		KeyCertType: "RNCP", KeyCertCode: "RNCP34825", KeyNatureDeposant: "CERTIFICATEUR",
		KeyIDTechnique: "db855769-bcd6-4253-93cf-e666db666c0a", "obtentionCertification": "PAR_ADMISSION",
		"donneeCertifiee": "true", KeyDateDebutExamen: "2024-06-10", KeyDateFinExamen: "2024-06-12",
		KeyDateDebutValid: "2024-07-01", KeyPresenceLangue: "false", KeyPresenceNumeriq: "false",
		"mentionValidee": "MENTION_BIEN", KeyModaliteAcces: "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION",
		KeyNomNaissance: "Dupont", KeyPrenom1: "Antoine", KeyAnnee: "1996", KeyMois: "11", KeyJour: "15",
		KeySexe: "M", KeyCodeInsee: "31555", KeyLibelleCommune: "Toulouse",
	} {
		vs.Set(k, v)
	}
	vs.SetNil(KeyDateFinValid)
	vs.SetNil("scoring")
	vs.SetNil(KeyNomUsage)
	return vs
}

func TestValidRecordHasNoIssue(t *testing.T) {
	if got := NewValidator().Passage(validRecord(), Options{}); len(got) != 0 {
		t.Fatalf("valid record reported %v", got)
	}
}

// expectIssue validates vs and requires exactly one issue, on field, whose
// message contains every fragment.
func expectIssue(t *testing.T, vs Values, opt Options, field string, fragments ...string) {
	t.Helper()
	got := NewValidator().Passage(vs, opt)
	if len(got) != 1 {
		t.Fatalf("want 1 issue on %s, got %d: %v", field, len(got), got)
	}
	if got[0].Field != field {
		t.Fatalf("issue on %q, want %q: %s", got[0].Field, field, got[0].Message)
	}
	for _, frag := range fragments {
		if !strings.Contains(got[0].Message, frag) {
			t.Errorf("message %q lacks %q", got[0].Message, frag)
		}
	}
}

func TestCrossFieldRules(t *testing.T) {
	cases := []struct {
		name      string
		edit      func(Values)
		opt       Options
		field     string
		fragments []string
	}{
		{"end of validity before start", func(v Values) { v.Set(KeyDateFinValid, "2024-06-30") }, Options{},
			KeyDateFinValid, []string{"Date de fin de validité : le 30/06/2024 est antérieur à la date de délivrance (01/07/2024)", "corrigez"}},
		{"end of exam before start", func(v Values) { v.Set(KeyDateFinExamen, "2024-06-09") }, Options{},
			KeyDateFinExamen, []string{"le 09/06/2024 est antérieur", "date de début de l'examen (10/06/2024)"}},
		{"language level without presence", func(v Values) { v.Set(KeyNiveauLangue, "B2") }, Options{},
			KeyNiveauLangue, []string{"à renseigner seulement si « Niveau de langue européen connu » vaut « Oui »"}},
		{"presence without language level", func(v Values) { v.Set(KeyPresenceLangue, "true") }, Options{},
			KeyNiveauLangue, []string{"obligatoire quand"}},
		{"digital score without presence", func(v Values) { v.Set(KeyScoreGeneral, "500") }, Options{},
			KeyScoreGeneral, []string{"à renseigner seulement si « Niveau numérique européen connu »"}},
		{"digital presence without score", func(v Values) { v.Set(KeyPresenceNumeriq, "true") }, Options{},
			KeyScoreGeneral, []string{"obligatoire quand « Niveau numérique européen connu » vaut « Oui »"}},
		{"digcomp competence outside its domain", func(v Values) {
			v.Set(KeyPresenceNumeriq, "true")
			v.Set(KeyScoreGeneral, "500")
			v.Set(KeyResultats, "1.4:3")
		}, Options{}, KeyResultats, []string{"la compétence 1.4 n'existe pas", "1 à 3"}},
		{"VAE route without VAE", func(v Values) { v.Set(KeyVoieAccesVAE, "VAE_CLASSIQUE") }, Options{},
			KeyVoieAccesVAE, []string{"seulement si « Modalité d'accès » vaut « VAE"}},
		{"INSEE and postal code together", func(v Values) { v.Set(KeyCodePostal, "31000") }, Options{},
			KeyCodePostal, []string{"à la fois le code INSEE et le code postal", "gardez le code INSEE"}},
		{"no birthplace at all", func(v Values) { delete(v, KeyCodeInsee) }, Options{},
			KeyCodeInsee, []string{"lieu de naissance manquant", "code INSEE"}},
		{"born abroad without country code", func(v Values) { v.Set(KeyCodeInsee, "99109") }, Options{},
			KeyCodePays, []string{"naissance à l'étranger", "109"}},
		{"born abroad with another country code", func(v Values) { v.Set(KeyCodeInsee, "99109"); v.Set(KeyCodePays, "134") }, Options{},
			KeyCodePays, []string{"« 134 » ne correspond pas au code INSEE 99109", "109"}},
		{"country code for a birth in France", func(v Values) { v.Set(KeyCodePays, "100") }, Options{},
			KeyCodePays, []string{"seulement pour une naissance à l'étranger"}},
		{"RS code under type RNCP", func(v Values) { v.Set(KeyCertCode, "RS5286") }, Options{},
			KeyCertCode, []string{"« RS5286 » ne correspond pas au type RNCP", "RNCP34825"}},
		{"RS code without prefix", func(v Values) { v.Set(KeyCertType, "RS"); v.Set(KeyCertCode, "1710") }, Options{},
			KeyCertCode, []string{"« 1710 » n'a pas le préfixe", "écrivez RS1710"}},
		{"31 February", func(v Values) { v.Set(KeyMois, "2"); v.Set(KeyJour, "31") }, Options{},
			KeyJour, []string{"le 31/02/1996 n'existe pas", "inversés"}},
		{"born after delivery", func(v Values) { v.Set(KeyAnnee, "2025") }, Options{},
			KeyAnnee, []string{"2025 est postérieure à la date de délivrance (01/07/2024)"}},
		{"commune label over 40", func(v Values) { v.Set(KeyLibelleCommune, strings.Repeat("a", 41)) }, Options{},
			KeyLibelleCommune, []string{"40 caractères au plus", "ici 41"}},
		{"country label over 40", func(v Values) {
			v.Set(KeyCodeInsee, "99109")
			v.Set(KeyCodePays, "109")
			v.Set(KeyLibellePays, strings.Repeat("é", 45))
		}, Options{}, KeyLibellePays, []string{"ici 45"}},
		{"NIR branch under 1.1.2", func(v Values) {
			v.Set(KeyIdentification, BranchNIR)
			v.Set(KeyNIR, "1960231555123")
			v.Set(KeyNomNaissanceNIR, "Dupont")
		}, Options{Version: Version112}, KeyIdentification, []string{"qu'à partir du format 1.1.5"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vs := validRecord()
			c.edit(vs)
			expectIssue(t, vs, c.opt, c.field, c.fragments...)
		})
	}
}

// Each rule also passes on a value that respects it.
func TestCrossFieldRulesPass(t *testing.T) {
	cases := map[string]func(Values){
		"same-day validity":    func(v Values) { v.Set(KeyDateFinValid, "2024-07-01") },
		"one-day exam":         func(v Values) { v.Set(KeyDateFinExamen, "2024-06-10") },
		"language level given": func(v Values) { v.Set(KeyPresenceLangue, "true"); v.Set(KeyNiveauLangue, "C1") },
		"digital block given": func(v Values) {
			v.Set(KeyPresenceNumeriq, "true")
			v.Set(KeyScoreGeneral, "890")
			v.Set(KeyResultats, "3.4:5; 1.1:7; 2.6:2")
		},
		"VAE route with VAE": func(v Values) { v.Set(KeyModaliteAcces, "VAE"); v.Set(KeyVoieAccesVAE, "CONGES_VAE") },
		"postal code only":   func(v Values) { delete(v, KeyCodeInsee); v.Set(KeyCodePostal, "31000") },
		"birthplace unknown": func(v Values) { delete(v, KeyCodeInsee); v.SetNil(KeyCodePostal) },
		"born abroad": func(v Values) {
			v.Set(KeyCodeInsee, "99109")
			v.Set(KeyCodePays, "109")
			v.Set(KeyLibellePays, "Allemagne")
		},
		"Corsica":               func(v Values) { v.Set(KeyCodeInsee, "2A004") },
		"RS type and code":      func(v Values) { v.Set(KeyCertType, "RS"); v.Set(KeyCertCode, "RS5286") },
		"free code for DU":      func(v Values) { v.Set(KeyCertType, "Diplôme Universitaire"); v.Set(KeyCertCode, "DU-123") },
		"29 February leap year": func(v Values) { v.Set(KeyAnnee, "1996"); v.Set(KeyMois, "2"); v.Set(KeyJour, "29") },
		"unknown birth day":     func(v Values) { v.SetNil(KeyJour); v.SetNil(KeyMois) },
		"label of 40":           func(v Values) { v.Set(KeyLibelleCommune, strings.Repeat("a", 40)) },
		"dossier branch": func(v Values) {
			v.Set(KeyIdentification, BranchDossier)
			v.Set(KeyIDDossier, "1234567891011")
			v.Set(KeyNomTitulaire, "Dupont")
			v.Set(KeyPrenomTitulaire, "Antoine")
		},
		"NIR branch under 1.1.5": func(v Values) {
			v.Set(KeyIdentification, BranchNIR)
			v.Set(KeyNIR, "196022A004123")
			v.Set(KeyNomNaissanceNIR, "Dupont")
		},
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			vs := validRecord()
			edit(vs)
			if got := NewValidator().Passage(vs, Options{Version: Version115}); len(got) != 0 {
				t.Fatalf("unexpected issues: %v", got)
			}
		})
	}
}

// A gated field filled while its gate is closed is tolerated by the CDC
// (its official example does it): a warning that keeps the passage ready.
func TestGatedFieldOutsideGateIsAWarning(t *testing.T) {
	vs := validRecord()
	vs.Set(KeyVoieAccesVAE, "VAE_CLASSIQUE")
	got := NewValidator().Passage(vs, Options{})
	if len(got) != 1 || !got[0].Warning || HasErrors(got) {
		t.Fatalf("want one warning: %+v", got)
	}
	vs = validRecord()
	vs.Set(KeyPresenceLangue, "true")
	if got := NewValidator().Passage(vs, Options{}); len(got) != 1 || got[0].Warning || !HasErrors(got) {
		t.Fatalf("missing gated value must be an error: %+v", got)
	}
}

// BenchmarkValidatePassage: one passage checked against every field and
// rule (the cost paid per imported row and per form change).
func BenchmarkValidatePassage(b *testing.B) {
	vs := validRecord()
	v := NewValidator()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		v.Passage(vs, Options{})
	}
}

// BenchmarkConvert: the conversions of one typical row's cells.
func BenchmarkConvert(b *testing.B) {
	cells := map[string]string{KeyDateDebutValid: "12/05/2024", KeySexe: "Homme", "mentionValidee": "Assez bien",
		"donneeCertifiee": "Oui", KeyMois: "03", KeyNomNaissance: " Dupont "}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for k, v := range cells {
			Convert(FieldByKey(k), v)
		}
	}
}

// A code typed without its prefix, with no type to tell which, gets both
// suggestions on the code field; one typed with a space is written right.
func TestCertificationCodeWithoutPrefix(t *testing.T) {
	vs := validRecord()
	delete(vs, KeyCertType)
	vs.Set(KeyCertCode, "34825")
	found := false
	for _, is := range NewValidator().Passage(vs, Options{}) {
		found = found || is.Field == KeyCertCode && strings.Contains(is.Message, "écrivez RNCP34825 ou RS34825") && !is.Warning
	}
	if !found {
		t.Fatal("no error on the code")
	}
	for typed, want := range map[string]string{"rncp 34825": "RNCP34825", "RS-5286": "RS5286", " RS5286 ": "RS5286", "34825": "34825", "RNCPX": "RNCPX"} {
		if got := Convert(FieldByKey(KeyCertCode), typed).Text; got != want {
			t.Errorf("Convert(%q) = %q, want %q", typed, got, want)
		}
	}
}

// A birth date a single date column could not read reaches the year field:
// its message speaks of a date, not of an integer.
func TestUnreadableBirthDateSaysDate(t *testing.T) {
	f := FieldByKey(KeyAnnee)
	for _, v := range []string{"31/02/1990", "juillet 1990", "3 july 1990"} {
		if msg := CheckValue(f, Value{Text: v}); !strings.Contains(msg, "n'est pas une date de naissance lisible") {
			t.Errorf("%q: %s", v, msg)
		}
	}
	if msg := CheckValue(f, Value{Text: "douze"}); !strings.Contains(msg, "n'est pas un nombre entier") {
		t.Errorf("douze: %s", msg)
	}
}
