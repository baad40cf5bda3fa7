package core

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Identity checks: what in a holder's data makes the CDC's matching
// against the national register (« nirisation ») likely to fail. The CDC
// matches in a fixed order — birth name, first name, sex and birth year;
// then day and month; then birth commune and the optional data — and
// rejects the passage when no one is left at a step. Many rejections can
// be foreseen from the data alone: these checks say the risk and the fix
// before the deposit. They are warnings: the data may be right (a name of
// one letter exists), the certifier decides, and the passage stays
// depositable.

// Codes of the identity checks, as Issue.Code carries them. The last two
// compare passages, and are computed over a whole dossier (core/dossier).
const (
	CodePrenomsMultiples = "prenoms-multiples"
	CodeNomMarital       = "nom-marital"
	CodeNomCaracteres    = "nom-caracteres"
	CodeNomInitiales     = "nom-initiales"
	CodeAgeImprobable    = "age-improbable"
	CodeDateAmbigue      = "date-ambigue"
	CodeCommuneDate      = "commune-date"
	CodeCommuneInconnue  = "commune-inconnue"
	CodeVilleEntiere     = "ville-entiere"
	CodePaysInconnu      = "pays-inconnu"
	CodeSexeDivergent    = "sexe-divergent"
	CodeLieuDivergent    = "lieu-divergent"
)

// The values of KeyBirthOrder. An import sets BirthOrderDayFirst or
// BirthOrderMonthFirst on a passage whose birth date came from a text
// column where no date told the order (no day above 12); the user sets
// BirthOrderChecked once the date is checked.
const (
	BirthOrderDayFirst   = "JJ/MM"
	BirthOrderMonthFirst = "MM/JJ"
	BirthOrderChecked    = "VERIFIEE"
)

// Ages at delivery outside which the birth year is probably wrong.
const (
	MinAgeAtDelivery = 14
	MaxAgeAtDelivery = 80
)

// The CDC's messages for a failure at each step of its matching.
const (
	rejectStep1 = "Aucun titulaire ne correspond aux critères obligatoires"
	rejectStep2 = "Aucun titulaire ne correspond aux critères obligatoires enrichis du jour et du mois de naissance"
	rejectStep3 = "Aucun titulaire ne correspond aux critères de réconciliation"
)

// IdentityCheck describes one identity check, for the risk counts.
type IdentityCheck struct {
	Code  string `json:"code"`
	Label string `json:"label"` // short French label
	// Rejection is the CDC's message the data risks.
	Rejection string `json:"rejection"`
	// Dossier marks a check comparing passages: computed over the whole
	// dossier, never stored with a passage.
	Dossier bool `json:"dossier,omitempty"`
}

var identityChecks = []IdentityCheck{
	{CodePrenomsMultiples, "Plusieurs prénoms dans « Prénom »", rejectStep1, false},
	{CodeNomMarital, "Nom d'épouse mêlé au nom de naissance", rejectStep1, false},
	{CodeNomCaracteres, "Chiffre ou symbole dans un nom ou un prénom", rejectStep1, false},
	{CodeNomInitiales, "Initiale ou lettre seule au lieu d'un nom ou d'un prénom", rejectStep1, false},
	{CodeAgeImprobable, fmt.Sprintf("Âge improbable à la délivrance (moins de %d ans ou plus de %d)", MinAgeAtDelivery, MaxAgeAtDelivery), rejectStep1, false},
	{CodeSexeDivergent, "Même personne, autre sexe dans un autre passage", rejectStep1, true},
	{CodeDateAmbigue, "Jour et mois de naissance peut-être inversés", rejectStep2, false},
	{CodeCommuneDate, "Code de commune qui n'existait pas à la naissance", rejectStep3, false},
	{CodeCommuneInconnue, "Code INSEE de naissance inconnu (un code postal ?)", rejectStep3, false},
	{CodeVilleEntiere, "Paris, Lyon ou Marseille sans l'arrondissement", rejectStep3, false},
	{CodePaysInconnu, "Code de pays de naissance inconnu", rejectStep3, false},
	{CodeLieuDivergent, "Même état civil, autre lieu de naissance dans un autre passage", rejectStep3, true},
}

// IdentityChecks lists the identity checks, in the order of the CDC's
// matching. The slice is shared: callers must not modify it.
func IdentityChecks() []IdentityCheck { return identityChecks }

// IdentityCheckOf returns the check having code.
func IdentityCheckOf(code string) (IdentityCheck, bool) {
	for _, c := range identityChecks {
		if c.Code == code {
			return c, true
		}
	}
	return IdentityCheck{}, false
}

// NewWarning builds an identity warning on a field, its message prefixed
// with the field's label, for checks defined in other packages.
func NewWarning(key, code, msg string) Issue {
	is := issue(FieldByKey(key), msg)
	is.Warning, is.Code = true, code
	return is
}

// identityRules run after the dictionary's rules on every passage.
var identityRules = []Rule{
	{"first name holds one name", checkFirstNames},
	{"birth name holds no married name", checkMarriedName},
	{"names hold no digit or symbol", checkNameCharacters},
	{"names are not initials", checkInitials},
	{"age at delivery is plausible", checkAge},
	{"birth day and month not read from an ambiguous column", checkBirthOrder},
}

// nameKeys are the name fields of every identification branch.
var nameKeys = []string{KeyNomNaissance, KeyNomUsage, KeyPrenom1, "prenom2", "prenom3", KeyNomTitulaire, KeyPrenomTitulaire, KeyNomNaissanceNIR}

// firstNameKeys hold first names, where commas may separate names.
var firstNameKeys = map[string]bool{KeyPrenom1: true, "prenom2": true, "prenom3": true, KeyPrenomTitulaire: true}

// activeNames calls fn for each name field of the record's branch that has
// a value.
func activeNames(vs Values, fn func(key, text string)) {
	for _, k := range nameKeys {
		if t := vs.Text(k); t != "" && FieldByKey(k).ActiveIn(vs) && !IsNilLiteral(t) {
			fn(k, t)
		}
	}
}

// particles introduce the name that follows them, in first names as in
// birth names: « de Dieu », « El Amine ».
var particles = map[string]bool{
	"de": true, "du": true, "des": true, "la": true, "le": true, "el": true, "al": true, "ben": true, "bin": true, "ibn": true,
	"abd": true, "van": true, "von": true, "der": true, "den": true, "di": true, "da": true, "dos": true, "das": true,
	"del": true, "della": true, "ould": true,
}

var reSpacedHyphen = regexp.MustCompile(`\s*-\s*`)

// FirstNames splits a first-name value into the names it holds: spaces,
// commas and semicolons separate names; a hyphen joins a compound one
// (« Jean-Pierre », even typed « Jean - Pierre »); a particle stays with
// the name it introduces (« Jean de Dieu » is « Jean » and « de Dieu »).
func FirstNames(s string) []string {
	s = reSpacedHyphen.ReplaceAllString(strings.ReplaceAll(s, "\u00a0", " "), "-")
	words := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' })
	var out, pending []string
	for _, w := range words {
		if particles[Fold(w)] {
			pending = append(pending, w)
			continue
		}
		out = append(out, strings.Join(append(pending, w), " "))
		pending = nil
	}
	if len(pending) > 0 { // a trailing particle belongs to the last name
		if len(out) == 0 {
			return []string{strings.Join(pending, " ")}
		}
		out[len(out)-1] += " " + strings.Join(pending, " ")
	}
	return out
}

// SplitFirstNames moves the extra names of « Prénom » to the second and
// third first names, before the ones already there: the fiche's one-click
// fix of prenoms-multiples. The CDC has three places: a fourth name and
// the next ones join the third, separated by spaces. It reports false,
// and leaves vs alone, when « Prénom » holds one name.
func SplitFirstNames(vs Values) bool {
	names := FirstNames(vs.Text(KeyPrenom1))
	if len(names) < 2 {
		return false
	}
	seen := map[string]bool{}
	for _, n := range names {
		seen[Fold(n)] = true
	}
	for _, k := range []string{"prenom2", "prenom3"} {
		if t := strings.TrimSpace(vs.Text(k)); t != "" && !seen[Fold(t)] {
			names = append(names, t) // a name typed in both places is kept once
		}
	}
	vs.Set(KeyPrenom1, names[0])
	vs.Set("prenom2", names[1])
	vs.Set("prenom3", strings.Join(names[2:], " "))
	return true
}

func checkFirstNames(vs Values, _ Options) []Issue {
	if vs.Identification() != BranchTitulaire {
		return nil // the CPF dossier's first name is compared with the dossier, as it is
	}
	t := vs.Text(KeyPrenom1)
	names := FirstNames(t)
	if len(names) < 2 || IsNilLiteral(t) {
		return nil
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "« " + n + " »"
	}
	compound := "Jean-Pierre"
	if len(names) == 2 && !strings.Contains(names[0]+names[1], " ") {
		compound = names[0] + "-" + names[1]
	}
	return []Issue{NewWarning(KeyPrenom1, CodePrenomsMultiples, fmt.Sprintf(
		"« %s » semble contenir plusieurs prénoms (%s) : la CDC compare le premier prénom seul à celui de l'état civil, tirets compris, et rejette le passage s'il diffère. "+
			"Gardez ici le premier prénom et mettez les autres en deuxième et troisième prénoms (la fiche le fait en un clic) ; s'il s'agit d'un prénom composé, écrivez-le avec ses tirets (« %s »).",
		t, strings.Join(quoted, ", "), compound))}
}

// marriedMarkers are the words announcing a spouse's name, folded.
var marriedMarkers = map[string]bool{
	"epouse": true, "ep": true, "epse": true, "epoux": true, "veuve": true, "vve": true, "veuf": true, "divorcee": true,
	"nee": true, // « MARTIN née DUPONT »: the birth name follows
}

// nameWords splits a name on spaces, brackets, slashes and commas, keeping
// each word as written.
func nameWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("()[]/\\,;", r)
	})
}

// SplitMarriedName reads a birth name mixed with a spouse's name
// (« DUPONT épouse MARTIN », « MARTIN née DUPONT », « DUPONT (ép. MARTIN) »)
// into the birth name and the name of use; birth is "" when the value
// holds only the spouse's name (« Épouse MARTIN »). marker is the word
// announcing the spouse's name, as written. ok is false when no such word
// is followed by a name: particles (« de La Fontaine », « D'Artagnan »)
// and double names (« MARTIN DUPONT ») are birth names.
func SplitMarriedName(s string) (birth, usage, marker string, ok bool) {
	words := nameWords(s)
	for i, w := range words {
		if !marriedMarkers[Fold(w)] || i == len(words)-1 {
			continue
		}
		before, after := strings.Join(words[:i], " "), strings.Join(words[i+1:], " ")
		if Fold(w) == "nee" {
			return after, before, w, before != ""
		}
		return before, after, w, true
	}
	return "", "", "", false
}

func checkMarriedName(vs Values, _ Options) []Issue {
	var out []Issue
	for _, k := range []string{KeyNomNaissance, KeyNomNaissanceNIR, KeyNomUsage} {
		t := vs.Text(k)
		if t == "" || !FieldByKey(k).ActiveIn(vs) {
			continue
		}
		birth, usage, marker, ok := SplitMarriedName(t)
		var msg string
		switch {
		case ok && k == KeyNomUsage:
			msg = fmt.Sprintf("« %s » : écrivez le nom d'usage seul (« %s »), sans « %s » : la CDC compare ce nom tel quel.", t, usage, marker)
		case ok && birth == "":
			msg = fmt.Sprintf("« %s » est un nom d'épouse, pas le nom de naissance : la CDC compare le nom de naissance seul à l'état civil et rejettera le passage. "+
				"Saisissez ici le nom de l'acte de naissance et mettez « %s » dans « Nom d'usage ».", t, usage)
		case ok:
			msg = fmt.Sprintf("« %s » mêle un nom d'épouse au nom de naissance : la CDC compare le nom de naissance seul à l'état civil et rejettera le passage. "+
				"Écrivez ici « %s » seul et mettez « %s » dans « Nom d'usage ».", t, birth, usage)
		case k != KeyNomUsage && strings.ContainsAny(t, "/\\"):
			msg = fmt.Sprintf("« %s » contient une barre oblique : deux noms sont sans doute mêlés (de naissance et d'usage). "+
				"La CDC compare le nom de naissance seul à l'état civil : gardez ici le nom de l'acte de naissance et mettez l'autre dans « Nom d'usage ».", t)
		case k != KeyNomUsage && strings.ContainsAny(t, "()[]"):
			msg = fmt.Sprintf("« %s » contient des parenthèses : un autre nom y est sans doute ajouté (nom d'usage, nom d'épouse). "+
				"La CDC compare le nom de naissance seul à l'état civil : gardez ici le nom de l'acte de naissance et mettez l'autre dans « Nom d'usage ».", t)
		default:
			continue
		}
		out = append(out, NewWarning(k, CodeNomMarital, msg))
	}
	return out
}

// nameSymbol returns the first character a civil-status name never has:
// a digit, or a symbol other than the hyphen, the apostrophe and the
// space. Dots are initials (checkInitials); brackets and slashes in a
// birth name are a married name (checkMarriedName); commas and semicolons
// between first names are several first names (checkFirstNames).
func nameSymbol(key, s string) (rune, bool) {
	t := strings.TrimSpace(s)
	for i, r := range t {
		switch {
		case unicode.IsLetter(r) || unicode.IsSpace(r) || unicode.Is(unicode.Mn, r) || strings.ContainsRune("-'’.", r):
		case (key == KeyNomNaissance || key == KeyNomNaissanceNIR) && strings.ContainsRune("()[]/\\", r):
		case firstNameKeys[key] && (r == ',' || r == ';') && i > 0 && i < len(t)-1:
		default:
			return r, true
		}
	}
	return 0, false
}

func checkNameCharacters(vs Values, _ Options) []Issue {
	var out []Issue
	activeNames(vs, func(k, t string) {
		r, bad := nameSymbol(k, t)
		if !bad {
			return
		}
		what := fmt.Sprintf("le caractère « %c »", r)
		if unicode.IsDigit(r) {
			what = "un chiffre"
		}
		out = append(out, NewWarning(k, CodeNomCaracteres, fmt.Sprintf(
			"« %s » contient %s, qu'un nom de l'état civil n'a jamais : la CDC ne trouvera pas le titulaire. Corrigez la valeur (reste d'un numéro, d'une autre colonne, faute de frappe ?) en l'écrivant comme sur la pièce d'identité.",
			t, what)))
	})
	return out
}

// elided are one-letter words that are not initials: an elision whose
// apostrophe was lost (« D ARTAGNAN », « L HERMITE », « O NEILL ») or a
// conjunction of Spanish and Portuguese double names (« GARCIA Y LOPEZ »).
var elided = map[string]bool{"d": true, "l": true, "o": true, "y": true, "e": true, "i": true}

func checkInitials(vs Values, _ Options) []Issue {
	var out []Issue
	activeNames(vs, func(k, t string) {
		if _, _, _, married := SplitMarriedName(t); married && !firstNameKeys[k] {
			return // « ép. » is the married name's warning
		}
		letters := 0
		for _, r := range t {
			if unicode.IsLetter(r) {
				letters++
			}
		}
		var msg string
		switch {
		case letters == 1:
			msg = fmt.Sprintf("« %s » n'a qu'une lettre : la CDC compare le nom et le prénom en entier à l'état civil. Vérifiez-le sur une pièce d'identité et écrivez-le en entier.", t)
		case strings.Contains(t, "."):
			msg = fmt.Sprintf("« %s » contient un point : une initiale ou une abréviation (« J.-P. », « Ch. ») ne correspond jamais à l'état civil, qui écrit les noms en entier ; la CDC rejettera le passage. Écrivez-le comme sur la pièce d'identité.", t)
		default:
			for _, w := range strings.FieldsFunc(t, func(r rune) bool { return unicode.IsSpace(r) || r == '-' || r == ',' || r == ';' }) {
				if n := []rune(w); len(n) == 1 && unicode.IsLetter(n[0]) && !elided[strings.ToLower(w)] {
					msg = fmt.Sprintf("« %s » contient une initiale (« %s ») : la CDC compare les noms et prénoms en entier à l'état civil et rejettera le passage. Écrivez-le en entier, comme sur la pièce d'identité.", t, w)
					break
				}
			}
		}
		if msg != "" {
			out = append(out, NewWarning(k, CodeNomInitiales, msg))
		}
	})
	return out
}

// ageAt returns the age in completed years on day d of someone born on birth.
func ageAt(birth, d time.Time) int {
	age := d.Year() - birth.Year()
	if d.Month() < birth.Month() || d.Month() == birth.Month() && d.Day() < birth.Day() {
		age--
	}
	return age
}

func checkAge(vs Values, _ Options) []Issue {
	if vs.Identification() != BranchTitulaire {
		return nil
	}
	first, last, ok := BirthSpan(vs)
	deliv, okD := ParseISODate(vs.Text(KeyDateDebutValid))
	if !ok || !okD || first.After(deliv) {
		return nil // an unknown year, or one after the delivery, is reported by its own rule
	}
	// With the day or month unknown, the age is a span: only an age
	// surely out of bounds is reported.
	oldest, youngest := ageAt(first, deliv), ageAt(last, deliv)
	var msg string
	switch {
	case oldest < MinAgeAtDelivery:
		msg = fmt.Sprintf("avec une naissance en %d, le titulaire aurait %s à la date de délivrance (%s) : vérifiez l'année de naissance (faute de frappe, ou année d'obtention saisie à sa place ?) ; une année fausse fait rejeter le passage par la CDC.",
			first.Year(), years(oldest, first != last, "au plus"), FrenchDate(deliv))
	case youngest > MaxAgeAtDelivery:
		msg = fmt.Sprintf("avec une naissance en %d, le titulaire aurait %s à la date de délivrance (%s) : vérifiez l'année de naissance (deux chiffres inversés ?) ; une année fausse fait rejeter le passage par la CDC.",
			first.Year(), years(youngest, first != last, "au moins"), FrenchDate(deliv))
	default:
		return nil
	}
	return []Issue{NewWarning(KeyAnnee, CodeAgeImprobable, msg)}
}

// years writes an age: « 12 ans », or « au plus 13 ans » for a bound.
func years(n int, bound bool, which string) string {
	if bound {
		return fmt.Sprintf("%s %d ans", which, n)
	}
	return fmt.Sprintf("%d ans", n)
}

// longDate writes a day in words: « 3 avril 1990 ».
func longDate(y, m, d int) string {
	day := strconv.Itoa(d)
	if d == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %d", day, MonthNames[m-1], y)
}

func checkBirthOrder(vs Values, _ Options) []Issue {
	order := vs.Text(KeyBirthOrder)
	if vs.Identification() != BranchTitulaire || order != BirthOrderDayFirst && order != BirthOrderMonthFirst {
		return nil
	}
	y, ey := strconv.Atoi(vs.Text(KeyAnnee))
	m, em := strconv.Atoi(vs.Text(KeyMois))
	d, ed := strconv.Atoi(vs.Text(KeyJour))
	if ey != nil || em != nil || ed != nil || m < 1 || m > 12 || d < 1 || d > 12 || d == m {
		return nil // a day above 12, or equal to the month, reads one way only
	}
	read := "jour puis mois"
	if order == BirthOrderMonthFirst {
		read = "mois puis jour"
	}
	return []Issue{NewWarning(KeyJour, CodeDateAmbigue, fmt.Sprintf(
		"le %02d/%02d/%d vient d'une colonne de dates où rien ne distingue le jour du mois (aucun n'y dépasse 12) ; elle a été lue %s, soit le %s, mais ce pourrait être le %s. "+
			"Une inversion fait rejeter le passage par la CDC : vérifiez la date sur une pièce d'identité, corrigez-la si besoin, puis choisissez « Vérifiée » dans « %s ».",
		d, m, y, read, longDate(y, m, d), longDate(y, d, m), FieldByKey(KeyBirthOrder).Label))}
}
