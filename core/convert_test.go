package core

import (
	"fmt"
	"testing"
	"time"
)

func TestConvert(t *testing.T) {
	yy := time.Now().Year() % 100
	cases := []struct {
		key, in string
		want    Value
	}{
		{KeyDateDebutValid, "12/05/2024", Value{Text: "2024-05-12"}},
		{KeyDateDebutValid, " 2024-05-12 ", Value{Text: "2024-05-12"}},
		{KeyDateDebutValid, "12-05-2024", Value{Text: "2024-05-12"}},
		{KeyDateDebutValid, "12.05.2024", Value{Text: "2024-05-12"}},
		{KeyDateDebutValid, "1/5/2024", Value{Text: "2024-05-01"}},
		{KeyDateDebutValid, "12/05/2024 00:00", Value{Text: "2024-05-12"}},
		{KeyDateDebutValid, fmt.Sprintf("12/05/%02d", yy), Value{Text: fmt.Sprintf("%d-05-12", time.Now().Year())}},
		{KeyDateDebutValid, "12/05/96", Value{Text: "1996-05-12"}},
		{KeyDateDebutValid, "31/02/2024", Value{Text: "31/02/2024"}}, // kept as typed, flagged later
		{KeyDateDebutValid, "mai 2024", Value{Text: "mai 2024"}},
		{KeyDateFinValid, "nil", Value{Nil: true}},
		{KeyDateFinValid, "NILL", Value{Nil: true}},
		{KeyNomNaissance, "nil", Value{Text: "nil"}}, // not nillable: kept, flagged
		{KeyNomNaissance, "\u00a0 Dupont\u00a0", Value{Text: "Dupont"}},
		{KeyNomNaissance, "De La Tour d'Auvergne", Value{Text: "De La Tour d'Auvergne"}},
		{KeyAnnee, "1996", Value{Text: "1996"}},
		{KeyMois, "03", Value{Text: "3"}},
		{KeyMois, "3.0", Value{Text: "3"}},
		{KeyMois, "3,5", Value{Text: "3,5"}},
		{"donneeCertifiee", "Oui", Value{Text: "true"}},
		{"donneeCertifiee", "FAUX", Value{Text: "false"}},
		{"donneeCertifiee", "1", Value{Text: "true"}},
		{"donneeCertifiee", "peut-être", Value{Text: "peut-être"}},
		{KeySexe, "H", Value{Text: "M"}},
		{KeySexe, "Homme", Value{Text: "M"}},
		{KeySexe, "masculin", Value{Text: "M"}},
		{KeySexe, "Féminin", Value{Text: "F"}},
		{KeySexe, "femme", Value{Text: "F"}},
		{KeySexe, "X", Value{Text: "X"}},
		{KeySexe, "H?", Value{Text: "H?"}},
		{"mentionValidee", "très  bien", Value{Text: "MENTION_TRES_BIEN"}},
		{"mentionValidee", "Assez bien", Value{Text: "MENTION_ASSEZ_BIEN"}},
		{"mentionValidee", "mention_bien", Value{Text: "MENTION_BIEN"}},
		{"mentionValidee", "nil", Value{Nil: true}},
		{KeyModaliteAcces, "VAE (validation des acquis de l'expérience)", Value{Text: "VAE"}},
		{KeyModaliteAcces, "Apprentissage", Value{Text: "FORMATION_INITIALE_APPRENTISSAGE"}},
		{KeyCertType, "rncp", Value{Text: "RNCP"}},
		{KeyCodeInsee, "31555", Value{Text: "31555"}},
		{KeyDateDebutValid, "1er février 1990", Value{Text: "1990-02-01"}},
		{KeyDateDebutValid, "1990", Value{Text: "1990"}}, // a lone year: kept, flagged
		{KeyNomNaissance, "​Dupont	", Value{Text: "Dupont"}},
		{"obtentionCertification", "admission", Value{Text: "PAR_ADMISSION"}},
		{KeyModaliteAcces, "formation continue", Value{Text: "formation continue"}}, // ambiguous: kept
		{"mentionValidee", "TB", Value{Text: "MENTION_TRES_BIEN"}},
	}
	for _, c := range cases {
		if got := Convert(FieldByKey(c.key), c.in); got != c.want {
			t.Errorf("Convert(%s, %q) = %+v, want %+v", c.key, c.in, got, c.want)
		}
	}
}

// FuzzConvert: any text in any field converts without panic, and
// converting a converted value changes nothing.
func FuzzConvert(f *testing.F) {
	for _, s := range []string{"12/05/2024", "31/02/2024", "Oui", "Homme", "nil", "06088", " 1996 ", "3,5", "Très bien", "\u00a0x", "2024-13-01", "1e3", "1er février 1990", "formation continue", "a\u200b\tb"} {
		for i := range dictionary {
			f.Add(i, s)
		}
	}
	f.Fuzz(func(t *testing.T, i int, raw string) {
		fields := Fields()
		fl := fields[(i%len(fields)+len(fields))%len(fields)]
		v := Convert(fl, raw)
		if v.Nil {
			return
		}
		if again := Convert(fl, v.Text); again != v {
			t.Fatalf("%s: %q → %+v → %+v", fl.Key, raw, v, again)
		}
		_ = CheckValue(fl, v)
	})
}
