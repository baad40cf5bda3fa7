package core

import (
	"slices"
	"strings"
	"testing"
)

func TestRecognize(t *testing.T) {
	const (
		fiHors   = "FORMATION_INITIALE_HORS_APPRENTISSAGE"
		fiAppr   = "FORMATION_INITIALE_APPRENTISSAGE"
		fcHors   = "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION"
		fcContr  = "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION"
		felicits = "MENTION_TRES_BIEN_AVEC_FELICITATIONS_DU_JURY"
	)
	cases := []struct {
		key, in, code string
		how           How
		candidates    []string
	}{
		// The label without its small first word, in another case.
		{"obtentionCertification", "admission", "PAR_ADMISSION", HowWords, nil},
		{"obtentionCertification", "PAR ADMISSION", "PAR_ADMISSION", HowLabel, nil},
		{"obtentionCertification", "ADMISSION", "PAR_ADMISSION", HowWords, nil},
		{"obtentionCertification", "par_admission", "PAR_ADMISSION", HowCode, nil},
		{"obtentionCertification", "Admis", "PAR_ADMISSION", HowAbbrev, nil},
		{"obtentionCertification", "Score", "PAR_SCORING", HowSynonym, nil},
		// A small word missing or added, a code with spaces.
		{KeyModaliteAcces, "formation initiale apprentissage", fiAppr, HowWords, nil},
		{KeyModaliteAcces, "Formation initiale en apprentissage", fiAppr, HowLabel, nil},
		{KeyModaliteAcces, "Formation  initiale, en apprentissage.", fiAppr, HowLabel, nil},
		{KeyModaliteAcces, "FORMATION CONTINUE CONTRAT DE PROFESSIONNALISATION", fcContr, HowWords, nil},
		{KeyModaliteAcces, "Formation continue en contrat professionnalisation", fcContr, HowWords, nil},
		{KeyModaliteAcces, "formation_continue_hors_contrat_de_professionnalisation", fcHors, HowCode, nil},
		{KeyModaliteAcces, "Form. continue hors contrat pro", fcHors, HowAbbrev, nil},
		{KeyModaliteAcces, "Formation continue (contrat pro)", fcContr, HowAbbrev, nil},
		{KeyModaliteAcces, "Apprentissage", fiAppr, HowSynonym, nil},
		{KeyModaliteAcces, "contrat pro", fcContr, HowAbbrev, nil},
		{KeyModaliteAcces, "Validation des acquis de l'expérience", "VAE", HowLabel, nil},
		{KeyModaliteAcces, "vae", "VAE", HowCode, nil},
		{KeyModaliteAcces, "Équivalence de diplôme étranger", "EQUIVALENCE_DIPLOME_ETRANGER", HowLabel, nil},
		{KeyModaliteAcces, "equivalence diplome etranger", "EQUIVALENCE_DIPLOME_ETRANGER", HowWords, nil},
		// Two codes: never guessed (see the choice documented in fields.go).
		{KeyModaliteAcces, "formation continue", "", HowAmbiguous, []string{fcHors, fcContr}},
		{KeyModaliteAcces, "Formation initiale", "", HowAmbiguous, []string{fiHors, fiAppr}},
		{KeyModaliteAcces, "Alternance", "", HowUnknown, nil},
		{KeyModaliteAcces, "FI apprentissage", "", HowUnknown, nil},
		// Mentions: initials, and no false prefix from a short word.
		{"mentionValidee", "TB", "MENTION_TRES_BIEN", HowAbbrev, nil},
		{"mentionValidee", "Très bien", "MENTION_TRES_BIEN", HowLabel, nil},
		{"mentionValidee", "TRES BIEN", "MENTION_TRES_BIEN", HowLabel, nil},
		{"mentionValidee", "mention très bien", "MENTION_TRES_BIEN", HowWords, nil},
		{"mentionValidee", "bien", "MENTION_BIEN", HowLabel, nil},
		{"mentionValidee", "B", "MENTION_BIEN", HowSynonym, nil},
		{"mentionValidee", "AB", "MENTION_ASSEZ_BIEN", HowAbbrev, nil},
		{"mentionValidee", "Assez", "MENTION_ASSEZ_BIEN", HowAbbrev, nil},
		{"mentionValidee", "Passable", "SANS_MENTION", HowSynonym, nil},
		{"mentionValidee", "Très bien félicitations du jury", felicits, HowWords, nil},
		{"mentionValidee", "Félicitations", felicits, HowSynonym, nil},
		{"mentionValidee", "Très", "", HowAmbiguous, []string{"MENTION_TRES_BIEN", felicits}},
		{"mentionValidee", "Mention", "", HowAmbiguous, []string{"SANS_MENTION", "MENTION_ASSEZ_BIEN", "MENTION_BIEN", "MENTION_TRES_BIEN", felicits}},
		{"mentionValidee", "Bi", "", HowUnknown, nil},
		{"mentionValidee", "Bien?", "", HowUnknown, nil},
		{"modalitePassageExamen", "présentiel", "EN_PRESENTIEL", HowWords, nil},
		{"modalitePassageExamen", "Presentiel", "EN_PRESENTIEL", HowWords, nil},
		{"modalitePassageExamen", "distance", "A_DISTANCE", HowWords, nil},
		{"modalitePassageExamen", "Distanciel", "A_DISTANCE", HowSynonym, nil},
		// Civilities and sexes.
		{KeySexe, "Mme", "F", HowSynonym, nil},
		{KeySexe, "Madame", "F", HowSynonym, nil},
		{KeySexe, "F", "F", HowCode, nil},
		{KeySexe, "Femme", "F", HowSynonym, nil},
		{KeySexe, "Féminin", "F", HowLabel, nil},
		{KeySexe, "fém.", "F", HowAbbrev, nil},
		{KeySexe, "M.", "M", HowWords, nil},
		{KeySexe, "Monsieur", "M", HowSynonym, nil},
		{KeySexe, "H", "M", HowSynonym, nil},
		{KeySexe, "Homme", "M", HowSynonym, nil},
		{KeySexe, "Masc", "M", HowAbbrev, nil},
		{KeySexe, "2", "F", HowSynonym, nil},
		{KeySexe, "Fe", "", HowUnknown, nil},
		{KeySexe, "X", "", HowUnknown, nil},
		{KeySexe, "H?", "", HowUnknown, nil},
		// Booleans.
		{"donneeCertifiee", "oui", "true", HowLabel, nil},
		{"donneeCertifiee", "X", "true", HowYesNo, nil},
		{"donneeCertifiee", "Vrai", "true", HowYesNo, nil},
		{"donneeCertifiee", "1", "true", HowYesNo, nil},
		{"donneeCertifiee", "TRUE", "true", HowCode, nil},
		{"donneeCertifiee", "Non", "false", HowLabel, nil},
		{"donneeCertifiee", "faux", "false", HowYesNo, nil},
		{"donneeCertifiee", "peut-être", "", HowUnknown, nil},
		// A word shared by both codes: the short form is ambiguous.
		{KeyVoieAccesVAE, "VAE", "", HowAmbiguous, []string{"CONGES_VAE", "VAE_CLASSIQUE"}},
		{KeyVoieAccesVAE, "Congé", "CONGES_VAE", HowAbbrev, nil},
		// A label without its first word.
		{KeyVoieAccesVAE, "classique", "VAE_CLASSIQUE", HowWords, nil},
		{"modaliteAcces", "initiale en apprentissage", "FORMATION_INITIALE_APPRENTISSAGE", HowWords, nil},
		{KeyCertType, "rncp", "RNCP", HowCode, nil},
		{KeyCertType, "Répertoire spécifique", "RS", HowLabel, nil},
		{KeyCertType, "DU", "Diplôme Universitaire", HowAbbrev, nil},
		{KeyCertType, "diplome d'etablissement", "Diplôme d'Etablissement", HowLabel, nil},
		{KeyCertType, "Diplôme", "", HowAmbiguous, []string{"Diplôme d'Etablissement", "Diplôme Universitaire"}},
		{"initiativeInscription", "France Travail", "POLE_EMPLOI", HowLabel, nil},
		{"initiativeInscription", "organisme de formation", "OF", HowWords, nil},
		{KeyIdentification, "dossier formation", BranchDossier, HowWords, nil},
		{KeyNiveauLangue, "avancé", "B2", HowLabel, nil},
		{KeyNiveauLangue, "B", "", HowUnknown, nil},
		// Invisible characters do not split words.
		{KeySexe, "Fem\u200bme", "F", HowSynonym, nil},
		{KeySexe, "", "", HowUnknown, nil},
		{KeySexe, " .- ", "", HowUnknown, nil},
	}
	for _, c := range cases {
		got := Recognize(FieldByKey(c.key), c.in)
		if got.Code != c.code || got.How != c.how || !slices.Equal(got.Candidates, c.candidates) {
			t.Errorf("Recognize(%s, %q) = %q %v %v, want %q %v %v", c.key, c.in, got.Code, got.How, got.Candidates, c.code, c.how, c.candidates)
		}
	}
	if r := Recognize(FieldByKey(KeyNomNaissance), "Dupont"); r.How != HowUnknown || r.Code != "" {
		t.Errorf("text field: %+v", r)
	}
}

// TestValueSynonymsAreTrueSynonyms: each declared wording names a code of
// its field, is not already found by the rule (it would be useless), and
// never names another code than the one it is declared for.
func TestValueSynonymsAreTrueSynonyms(t *testing.T) {
	for _, f := range Fields() {
		if len(f.ValueSynonyms) > 0 && f.Kind != KindEnum && f.Kind != KindBool {
			t.Errorf("%s: value synonyms on a field that is not enumerated", f.Key)
		}
		bare := *f
		bare.ValueSynonyms = nil
		for code, words := range f.ValueSynonyms {
			if f.EnumLabel(code) == "" {
				t.Errorf("%s: synonyms for unknown code %s", f.Key, code)
			}
			for _, w := range words {
				if r := Recognize(f, w); r.Code != code {
					t.Errorf("%s: synonym %q recognised as %+v, not %s", f.Key, w, r, code)
				}
				if r := Recognize(&bare, w); r.Code != "" && r.How != HowAbbrev {
					t.Errorf("%s: synonym %q is already recognised by the rule as %s (%v): remove it", f.Key, w, r.Code, r.How)
				}
			}
		}
	}
	for _, k := range []string{"donneeCertifiee", KeyPresenceLangue, KeyPresenceNumeriq} {
		for _, w := range []string{"oui", "X", "vrai"} {
			if r := Recognize(FieldByKey(k), w); r.Code != "true" {
				t.Errorf("%s: %q → %+v", k, w, r)
			}
		}
	}
}

// TestEveryCodeAndLabelIsRecognised: the dictionary's own wordings, and
// its codes written with spaces, all come back to their code.
func TestEveryCodeAndLabelIsRecognised(t *testing.T) {
	for _, f := range Fields() {
		for _, e := range f.Enum {
			for _, in := range []string{e.Code, strings.ToLower(e.Code), e.Label, strings.ToUpper(e.Label), strings.ReplaceAll(e.Code, "_", " ")} {
				if r := Recognize(f, in); r.Code != e.Code {
					t.Errorf("%s: %q → %+v, want %s", f.Key, in, r, e.Code)
				}
			}
		}
	}
}

func TestRead(t *testing.T) {
	f := FieldByKey(KeyNomNaissance)
	r := Read(f, "\u200eDupont\u200b\tMartin ", DayFirst)
	if r.Value.Text != "Dupont Martin" || r.Removed != InvisibleBidi|InvisibleZeroWidth|InvisibleTab {
		t.Errorf("name: %+v (%s)", r, r.Removed)
	}
	if r := Read(FieldByKey(KeyDateDebutValid), "05/13/2024", MonthFirst); r.Value.Text != "2024-05-13" {
		t.Errorf("month first: %+v", r)
	}
	if r := Read(FieldByKey(KeyDateDebutValid), "05/13/2024", DayFirst); r.Value.Text != "05/13/2024" {
		t.Errorf("day first keeps an impossible date as typed: %+v", r)
	}
	r = Read(FieldByKey(KeyModaliteAcces), "formation continue", DayFirst)
	if r.Value.Text != "formation continue" || r.How != HowAmbiguous || len(r.Candidates) != 2 {
		t.Errorf("ambiguous: %+v", r)
	}
	if r := Read(FieldByKey("mentionValidee"), " TB ", DayFirst); r.Value.Text != "MENTION_TRES_BIEN" || r.How != HowAbbrev {
		t.Errorf("mention: %+v", r)
	}
}

// BenchmarkRecognizeRow: the enumerated and boolean values of one row of
// a real office's list, read as the importer does.
func BenchmarkRecognizeRow(b *testing.B) {
	row := []struct {
		f   *Field
		raw string
	}{
		{FieldByKey(KeySexe), "Mme"},
		{FieldByKey(KeyCertType), "RNCP"},
		{FieldByKey("obtentionCertification"), "admission"},
		{FieldByKey("donneeCertifiee"), "Oui"},
		{FieldByKey("modalitePassageExamen"), "présentiel"},
		{FieldByKey("mentionValidee"), "TB"},
		{FieldByKey(KeyModaliteAcces), "Formation initiale en apprentissage"},
		{FieldByKey(KeyPresenceLangue), "non"},
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, c := range row {
			if Read(c.f, c.raw, DayFirst).Value.Text == "" {
				b.Fatal(c.raw)
			}
		}
	}
}
