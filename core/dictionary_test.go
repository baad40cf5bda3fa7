package core

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestEveryFieldFacet gives each field of the dictionary a valid value and
// a value breaking each of its facets, and checks the French message.
func TestEveryFieldFacet(t *testing.T) {
	for _, f := range Fields() {
		t.Run(f.Key, func(t *testing.T) {
			good := sampleValue(f)
			if msg := CheckValue(f, Value{Text: good}); msg != "" {
				t.Fatalf("valid value %q refused: %s", good, msg)
			}
			for _, bad := range badValues(f) {
				msg := CheckValue(f, Value{Text: bad.text})
				if !strings.Contains(msg, bad.want) {
					t.Errorf("value %q: message %q lacks %q", bad.text, msg, bad.want)
				}
			}
			// Obligation and nil.
			msg := CheckValue(f, Value{})
			switch {
			case f.Default != "":
				if msg != "" {
					t.Errorf("empty value with default refused: %s", msg)
				}
			case f.Obligation == Obligatoire:
				if !strings.HasPrefix(msg, "obligatoire, non renseigné") {
					t.Errorf("missing required value: %q", msg)
				}
			case f.Obligation == ObligatoireSaufNil:
				if !strings.Contains(msg, "cochez « donnée non connue »") {
					t.Errorf("missing nillable value: %q", msg)
				}
			default:
				if msg != "" {
					t.Errorf("missing optional value refused: %s", msg)
				}
			}
			msg = CheckValue(f, Value{Nil: true})
			if f.Nillable != (msg == "") {
				t.Errorf("nil on nillable=%v field: %q", f.Nillable, msg)
			}
		})
	}
}

type badValue struct{ text, want string }

func badValues(f *Field) []badValue {
	out := []badValue{
		{"nil", "le mot « nil » n'est pas une valeur"},
		{"NILL", "le mot « NILL » n'est pas une valeur"},
		{"a\x01b", "caractère invisible interdit (code U+0001)"},
		{" " + sampleValue(f), "commence ou finit par un espace"},
	}
	switch f.Kind {
	case KindDate:
		out = append(out,
			badValue{"2023-02-29", "le 29/02/2023 n'existe pas"},
			badValue{"1899-12-31", "l'année 1899 est hors limites"},
			badValue{"12/05/2024", "n'est pas une date reconnue"})
	case KindDateTime:
		out = append(out, badValue{"2024-01-02T10:00:00Z", "sans « Z »"})
	case KindInt:
		out = append(out,
			badValue{"douze", "n'est pas un nombre entier"},
			badValue{strconv.Itoa(f.Max + 1), "hors limites"},
			badValue{strconv.Itoa(f.Min - 1), "hors limites"})
	case KindBool:
		out = append(out, badValue{"peut-être", "choisissez Oui ou Non"})
	case KindEnum, KindChoice:
		out = append(out, badValue{"ZZZ", "n'est pas une valeur possible : choisissez parmi " + f.Enum[0].Label})
	default:
		if f.MinLen > 0 && f.MinLen == f.MaxLen {
			out = append(out, badValue{strings.Repeat("1", f.MinLen+1), "exactement"})
		} else if f.MaxLen > 0 {
			out = append(out, badValue{strings.Repeat("é", f.MaxLen+1), "caractères au plus"})
		}
		if f.Pattern != nil {
			out = append(out, badValue{strings.Repeat("x", max(f.MinLen, 1)), "n'a pas le bon format"})
		}
	}
	return out
}

// sampleValue returns a value valid for the field on its own.
func sampleValue(f *Field) string {
	switch f.Key {
	case KeyCodeInsee:
		return "31555"
	case KeyCodePays:
		return "109"
	case KeyNIR:
		return "1960231555123"
	case KeyResultats:
		return "3.4:5; 1.1:7"
	case KeyEmail:
		return "lea.martin@exemple.fr"
	}
	switch f.Kind {
	case KindDate:
		return "2024-02-29"
	case KindDateTime:
		return "2024-01-02T10:00:00+01:00"
	case KindInt:
		return strconv.Itoa(f.Min)
	case KindBool:
		return "true"
	case KindEnum, KindChoice:
		return f.Enum[len(f.Enum)-1].Code
	}
	return strings.Repeat("A", max(f.MinLen, 1))
}

func TestDictionaryIsComplete(t *testing.T) {
	for _, f := range Fields() {
		if f.Label == "" || f.Help == "" || !strings.HasSuffix(f.Help, ".") {
			t.Errorf("%s: label and one-sentence help are required", f.Key)
		}
		switch {
		case f.DossierOnly:
			if f.XMLName != "" || f.Path != "" || f.ID != "" || f.Required() {
				t.Errorf("%s: a field kept in the dossier only has no XML name, path or CDC id, and is optional", f.Key)
			}
		case f.Kind != KindChoice && (f.XMLName == "" || !strings.HasSuffix(f.Path, "/"+f.XMLName)):
			t.Errorf("%s: path %q does not end with its XML name %q", f.Key, f.Path, f.XMLName)
		}
		if f.Obligation == Conditionnel && f.Condition == "" {
			t.Errorf("%s: conditional field without its condition", f.Key)
		}
		if f.Nillable && f.Obligation == Obligatoire {
			t.Errorf("%s: nillable fields are 'obligatoire sauf nil' or conditional", f.Key)
		}
		for _, e := range f.Enum {
			if e.Label == "" {
				t.Errorf("%s: enumeration code %s without French label", f.Key, e.Code)
			}
		}
	}
	if FieldByKey(KeyNomNaissance).ID != "8.1" || FieldByKey("inconnu") != nil {
		t.Fatal("FieldByKey lookup broken")
	}
}

func TestNewIDTechniqueIsUUIDv4(t *testing.T) {
	a, b := NewIDTechnique(), NewIDTechnique()
	if a == b || len(a) != 36 || a[14] != '4' || !strings.ContainsRune("89ab", rune(a[19])) {
		t.Fatalf("not random UUIDv4: %s %s", a, b)
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Saint-Étienne":       "saint etienne",
		"  SAINT   ÉTIENNE ":  "saint etienne",
		"Cœur d’Alène":        "coeur dalene",
		"Date de naissance":   "date de naissance",
		"N° de dossier (CPF)": "n de dossier cpf",
		"L'Haÿ-les-Roses":     "lhay les roses",
		"Ελλάδα":              "ελλάδα",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSampleHasFiftyPassagesAndEightWithErrors(t *testing.T) {
	s := NewSample(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
	if len(s.Passages) != 50 || len(s.Certifications) != 2 {
		t.Fatalf("%d passages, %d certifications", len(s.Passages), len(s.Certifications))
	}
	bad := 0
	for _, p := range s.Passages {
		c := s.Certifications[p.Certification]
		rec := (&Passage{Holder: p.Holder, Data: p.Data, IDTechnique: "x"}).Record(c)
		if len(NewValidator().Passage(rec, Options{})) > 0 {
			bad++
		}
	}
	if bad != 8 {
		t.Fatalf("%d passages with errors, want 8", bad)
	}
}
