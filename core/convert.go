package core

import (
	"strconv"
	"strings"
)

// Convert turns a value as an office user types it (in a form or a
// spreadsheet) into the field's canonical form: "12/05/2024" becomes
// 2024-05-12, "Oui" true, "Homme" M, "Assez bien" MENTION_ASSEZ_BIEN.
// Spaces (including non-breaking ones) around the value are removed. A
// value that cannot be understood is kept exactly as typed, for
// validation to flag: nothing is ever truncated or guessed.
func Convert(f *Field, raw string) Value {
	t := strings.TrimSpace(strings.ReplaceAll(raw, "\u00a0", " "))
	if t == "" {
		return Value{}
	}
	if IsNilLiteral(t) && f.Nillable {
		return Value{Nil: true}
	}
	switch f.Kind {
	case KindDate:
		if iso, ok := ParseFrenchDate(t); ok {
			return Value{Text: iso}
		}
	case KindInt:
		if n, err := strconv.ParseFloat(strings.ReplaceAll(t, ",", "."), 64); err == nil && n == float64(int64(n)) && !strings.ContainsAny(t, "eE") {
			return Value{Text: strconv.FormatInt(int64(n), 10)}
		}
	case KindBool:
		if b, ok := boolWords[foldLoose(t)]; ok {
			return Value{Text: b}
		}
	case KindEnum, KindChoice:
		if code, ok := enumCode(f, t); ok {
			return Value{Text: code}
		}
	}
	return Value{Text: t}
}

var boolWords = map[string]string{
	"oui": "true", "o": "true", "vrai": "true", "true": "true", "1": "true", "x": "true", "yes": "true",
	"non": "false", "n": "false", "faux": "false", "false": "false", "0": "false", "no": "false",
}

// enumSynonyms are other ways users write some codes.
var enumSynonyms = map[string]map[string]string{
	KeySexe: {"h": "M", "homme": "M", "masculin": "M", "m": "M", "garcon": "M", "monsieur": "M", "mr": "M", "1": "M",
		"f": "F", "femme": "F", "feminin": "F", "fille": "F", "madame": "F", "mme": "F", "2": "F"},
	"mentionValidee": {"aucune": "SANS_MENTION", "sans": "SANS_MENTION", "ab": "MENTION_ASSEZ_BIEN", "b": "MENTION_BIEN", "tb": "MENTION_TRES_BIEN"},
	KeyModaliteAcces: {"apprentissage": "FORMATION_INITIALE_APPRENTISSAGE", "formation initiale": "FORMATION_INITIALE_HORS_APPRENTISSAGE",
		"formation continue": "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION", "contrat de professionnalisation": "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION",
		"equivalence diplome etranger": "EQUIVALENCE_DIPLOME_ETRANGER"},
	"modalitePassageExamen": {"distance": "A_DISTANCE", "presentiel": "EN_PRESENTIEL"},
}

// enumCode finds the code meant by t: the code itself (any case), its
// French label, or a common synonym.
func enumCode(f *Field, t string) (string, bool) {
	ft := foldLoose(t)
	for _, e := range f.Enum {
		if strings.EqualFold(e.Code, t) || foldLoose(e.Label) == ft {
			return e.Code, true
		}
	}
	if code, ok := enumSynonyms[f.Key][ft]; ok {
		return code, true
	}
	return "", false
}

// foldLoose lowers case and removes accents, keeping punctuation, so that
// "Féminin" matches "feminin" but "H?" matches nothing.
func foldLoose(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.Join(strings.Fields(s), " ")) {
		if rep, ok := foldTable[r]; ok && rep != "" {
			b.WriteString(rep)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
