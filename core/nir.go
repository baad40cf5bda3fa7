package core

import (
	"fmt"
	"strconv"
	"strings"
)

// The NIR (numéro d'inscription au répertoire, the French social security
// number) has 13 characters — sex, year and month of birth, département,
// commune, order number — followed by a 2-digit key. The CDC's format
// (1.1.5, identifiantNational) takes the 13 characters without the key;
// users copy the 15 from a payslip or a card, with spaces or dots.

// NIRKeyLen is the length of the NIR's control key.
const NIRKeyLen = 2

// NormalizeNIR removes the separators users type (spaces, dots, dashes,
// non-breaking spaces) and upper-cases the Corsican 2A/2B.
func NormalizeNIR(raw string) string {
	var b strings.Builder
	for _, r := range raw {
		switch r {
		case ' ', '.', '-', '\u00a0', '\u202f', '\t', '/':
			continue
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}

// NIRKey returns the control key of a 13-character NIR: 97 minus the
// number modulo 97, with Corsica's 2A read as 19 and 2B as 18. ok is false
// when the 13 characters are not a NIR's shape.
func NIRKey(nir13 string) (key int, ok bool) {
	if len(nir13) != 13 || !reNIR.MatchString(nir13) {
		return 0, false
	}
	digits := nir13
	switch nir13[5:7] {
	case "2A":
		digits = nir13[:5] + "19" + nir13[7:]
	case "2B":
		digits = nir13[:5] + "18" + nir13[7:]
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil {
		return 0, false
	}
	return 97 - int(n%97), true
}

// convertNIR reads a typed NIR: 15 characters with a valid key become the
// 13 the CDC wants; anything else is kept as typed (separators removed)
// for the checks to explain.
func convertNIR(t string) Value {
	n := NormalizeNIR(t)
	if len(n) == 13+NIRKeyLen {
		if key, ok := NIRKey(n[:13]); ok && fmt.Sprintf("%02d", key) == n[13:] {
			return Value{Text: n[:13]}
		}
	}
	return Value{Text: n}
}

// checkNIRValue explains what is wrong with a NIR beyond its pattern: a
// wrong key (15 characters are kept only when their key does not match),
// a month that no NIR has.
func checkNIRValue(n string) string {
	if len(n) == 13+NIRKeyLen {
		if key, ok := NIRKey(n[:13]); ok {
			return fmt.Sprintf("la clé %s ne correspond pas aux 13 premiers caractères (la clé calculée est %02d) : vérifiez le numéro sur un document officiel (carte Vitale, bulletin de salaire).", n[13:], key)
		}
	}
	if len(n) != 13 || !reNIR.MatchString(n) {
		return "" // length and pattern: the field's own facets say it
	}
	month, _ := strconv.Atoi(n[3:5])
	if !(month >= 1 && month <= 12 || month >= 20 && month <= 42 || month >= 50 && month <= 99) {
		return fmt.Sprintf("les caractères 4 et 5 (mois de naissance) valent %s, ce qu'aucun NIR n'a : vérifiez le numéro.", n[3:5])
	}
	return ""
}

// checkNIRSex reports a NIR whose first digit (1 man, 2 woman)
// contradicts the holder's sex, when both are known.
func checkNIRSex(vs Values, _ Options) []Issue {
	n := vs.Text(KeyNIR)
	if vs.Identification() != BranchNIR || len(n) != 13 {
		return nil
	}
	sex := map[string]string{"1": "M", "2": "F"}[n[:1]]
	if s := vs.Text(KeySexe); s != "" && sex != "" && s != sex {
		sf := FieldByKey(KeySexe)
		return []Issue{issue(FieldByKey(KeyNIR), fmt.Sprintf("le NIR commence par %s (%s) alors que le sexe indiqué est %s : l'un des deux est faux.", n[:1],
			strings.ToLower(sf.EnumLabel(sex)), strings.ToLower(sf.EnumLabel(s))))}
	}
	return nil
}

// MaskNIR shows a NIR in a list without revealing it: the sex digit and
// the last 3 characters.
func MaskNIR(n string) string {
	if len(n) < 6 {
		return strings.Repeat("•", len(n))
	}
	return n[:1] + strings.Repeat("•", len(n)-4) + n[len(n)-3:]
}
