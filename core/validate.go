package core

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Issue is one problem found in a value, in French, addressed to the user.
type Issue struct {
	Field   string `json:"field"`   // field key (see the dictionary)
	Message string `json:"message"` // "Label : what is wrong; what to do"
	// Warning marks a problem the CDC tolerates (its own example has it):
	// shown to the user, but it does not hold the passage back.
	Warning bool `json:"warning,omitempty"`
	// Code names the check that found the problem, for checks that have
	// one (the identity checks, e.g. "prenoms-multiples").
	Code string `json:"code,omitempty"`
}

// HasErrors reports whether issues hold at least one real error.
func HasErrors(issues []Issue) bool {
	for _, is := range issues {
		if !is.Warning {
			return true
		}
	}
	return false
}

// Options tune validation.
type Options struct {
	// Version is the targeted XSD version (Version112 when empty).
	Version string
	// Action is the deposit's: a SUPPRESSION only names the passages to
	// withdraw (idTechnique and the holder's identification), so only those
	// are checked; a creation ("" or CREATION) needs everything the
	// dictionary requires, even what XSD 1.1.5 made optional.
	Action string
}

// checks reports whether a field is checked for the deposit's action.
func (o Options) checks(field string) bool {
	if o.Action != ActionSuppression {
		return true
	}
	f := FieldByKey(field)
	return field == KeyIDTechnique || f != nil && f.Scope == ScopeHolder
}

// Validator checks passages against the dictionary: each field's own
// facets, the dictionary's cross-field rules, and the rules that need
// reference data. core holds no reference data, so those are given by the
// caller when it builds the validator (the birthplace checks of core/geo):
// nothing is added behind its back.
type Validator struct {
	reference []Rule
}

// NewValidator returns a validator applying the dictionary's rules and the
// given reference rules.
func NewValidator(reference ...Rule) *Validator {
	return &Validator{reference: append([]Rule(nil), reference...)}
}

// Passage checks a passage record (certification, passage and holder
// fields, see Passage.Record): each active field, then the cross-field
// rules. The result is in dictionary order, then rule order.
func (v *Validator) Passage(vs Values, opt Options) []Issue {
	var out []Issue
	for _, f := range dictionary {
		if f.Scope != ScopeCertification && f.Scope != ScopePassage && f.Scope != ScopeHolder {
			continue
		}
		if !f.ActiveIn(vs) || !opt.checks(f.Key) {
			continue
		}
		if msg := CheckValue(f, vs[f.Key]); msg != "" {
			is := issue(f, msg)
			is.Warning = f.DossierOnly // never sent to the CDC: never holds a passage back
			out = append(out, is)
		}
	}
	for _, group := range [][]Rule{rules, identityRules, v.reference} {
		for _, r := range group {
			for _, is := range r.Check(vs, opt) {
				if opt.checks(is.Field) {
					out = append(out, is)
				}
			}
		}
	}
	return out
}

// ValidateScope checks the fields of one scope only (organisation forms).
func ValidateScope(vs Values, s Scope) []Issue {
	var out []Issue
	for _, f := range FieldsOfScope(s) {
		if msg := CheckValue(f, vs[f.Key]); msg != "" {
			out = append(out, issue(f, msg))
		}
	}
	return out
}

// ActiveIn reports whether f takes part in the record: fields of an
// identification branch count only when that branch is chosen.
func (f *Field) ActiveIn(vs Values) bool {
	switch f.Branch {
	case "":
		return true
	case BranchInsee, BranchPostal:
		return vs.Identification() == BranchTitulaire
	default:
		return vs.Identification() == f.Branch
	}
}

func issue(f *Field, msg string) Issue {
	return Issue{Field: f.Key, Message: f.Label + " : " + msg}
}

// CheckValue checks one value against its field's own facets and returns
// the French explanation of the first problem, or "" when it is valid.
// Conditional requirements are left to the rules.
func CheckValue(f *Field, v Value) string {
	if v.Nil {
		if !f.Nillable {
			return "« donnée non connue » n'est pas permis pour ce champ : renseignez une valeur."
		}
		return ""
	}
	if v.Text == "" && f.Default == "" {
		switch f.Obligation {
		case Obligatoire:
			return "obligatoire, non renseigné. " + f.Help
		case ObligatoireSaufNil:
			return "obligatoire, non renseigné : saisissez-le, ou cochez « donnée non connue » si vous ne l'avez pas."
		}
		return ""
	}
	if v.Text == "" {
		return ""
	}
	t := v.Text
	if IsNilLiteral(t) {
		if f.Nillable {
			return "le mot « " + t + " » n'est pas une valeur : videz la case et cochez « donnée non connue »."
		}
		return "le mot « " + t + " » n'est pas une valeur : saisissez la vraie valeur."
	}
	if r, ok := firstForbiddenRune(t); ok {
		if r == utf8.RuneError {
			return "contient un caractère illisible (�), signe d'un problème d'encodage ou de copier-coller : retapez la valeur."
		}
		return fmt.Sprintf("contient un caractère invisible interdit (code %U), souvent venu d'un copier-coller : retapez la valeur.", r)
	}
	if strings.TrimSpace(t) != t {
		return "commence ou finit par un espace : supprimez-le."
	}
	switch f.Kind {
	case KindDate:
		return checkDate(t)
	case KindDateTime:
		if !f.Pattern.MatchString(t) {
			return f.Quote(t) + " n'a pas le bon format : attendu " + f.PatternFmt + "."
		}
		return ""
	case KindInt:
		n, err := strconv.Atoi(t)
		if err != nil && f.Key == KeyAnnee && strings.ContainsAny(t, "0123456789") && strings.IndexFunc(t, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
			// What a single birth-date column could not read lands here.
			return fmt.Sprintf("« %s » n'est pas une date de naissance lisible (jour ou mois impossible, mois mal écrit ?) : écrivez-la JJ/MM/AAAA, par exemple 03/07/1990, ou l'année seule.", t)
		}
		if err != nil {
			return fmt.Sprintf("« %s » n'est pas un nombre entier : saisissez un nombre de %d à %d.", t, f.Min, f.Max)
		}
		if n < f.Min || n > f.Max {
			return fmt.Sprintf("%d est hors limites : saisissez un nombre de %d à %d.", n, f.Min, f.Max)
		}
		return ""
	case KindBool:
		if t != "true" && t != "false" {
			return "« " + t + " » n'est pas une réponse possible : choisissez Oui ou Non."
		}
		return ""
	case KindEnum, KindChoice:
		if f.EnumLabel(t) == "" {
			return "« " + t + " » n'est pas une valeur possible : choisissez parmi " + enumList(f) + "."
		}
		return ""
	}
	if f.Check != nil {
		if msg := f.Check(t); msg != "" {
			return msg
		}
	}
	n := utf8.RuneCountInString(t)
	switch {
	case f.MinLen > 0 && f.MinLen == f.MaxLen && n != f.MinLen:
		return fmt.Sprintf("doit compter exactement %d caractères (ici %d) : vérifiez la valeur.", f.MinLen, n)
	case f.MaxLen > 0 && n > f.MaxLen:
		return fmt.Sprintf("%d caractères au plus (ici %d) : raccourcissez la valeur.", f.MaxLen, n)
	}
	if f.Pattern != nil && !f.Pattern.MatchString(t) {
		return f.Quote(t) + " n'a pas le bon format : attendu " + f.PatternFmt + "."
	}
	return ""
}

// IsNilLiteral reports whether text is the word "nil" or "nill", which
// some guides wrongly tell users to type for unknown data.
func IsNilLiteral(text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	return t == "nil" || t == "nill"
}

// firstForbiddenRune finds a character XML 1.0 cannot carry (control
// characters other than tab, newline and carriage return, surrogates,
// U+FFFE/U+FFFF), invalid UTF-8, or U+FFFD, the mark left where a
// character was lost to a wrong encoding.
func firstForbiddenRune(s string) (rune, bool) {
	for _, r := range s {
		if r == utf8.RuneError || !isXMLChar(r) {
			return r, true
		}
	}
	return 0, false
}

func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// enumList names the allowed values by their labels, which users read
// and which the import and forms understand (the codes are the XML's).
func enumList(f *Field) string {
	parts := make([]string, len(f.Enum))
	for i, e := range f.Enum {
		parts[i] = e.Label
	}
	return strings.Join(parts, ", ")
}

// ParseISODate parses a stored date (AAAA-MM-JJ) and checks the CDC's year
// range 1900-2099.
func ParseISODate(t string) (time.Time, bool) {
	if len(t) != 10 {
		return time.Time{}, false
	}
	d, err := time.Parse("2006-01-02", t)
	if err != nil || d.Year() < 1900 || d.Year() > 2099 {
		return time.Time{}, false
	}
	return d, true
}

// FrenchDate formats a date as JJ/MM/AAAA.
func FrenchDate(d time.Time) string { return d.Format("02/01/2006") }

func checkDate(t string) string {
	if _, ok := ParseISODate(t); ok {
		return ""
	}
	if d, err := time.Parse("2006-01-02", t); err == nil {
		return fmt.Sprintf("l'année %d est hors limites : la CDC n'accepte que les années 1900 à 2099.", d.Year())
	}
	if len(t) == 10 && t[4] == '-' && t[7] == '-' {
		return "le " + t[8:] + "/" + t[5:7] + "/" + t[:4] + " n'existe pas dans le calendrier : vérifiez le jour et le mois."
	}
	return "« " + t + " » n'est pas une date reconnue : saisissez-la au format JJ/MM/AAAA."
}
