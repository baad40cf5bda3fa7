package core

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Rule is a cross-field business rule of the CDC. Each rule reports its
// problems on the field the user should change first.
type Rule struct {
	Name  string
	Check func(vs Values, opt Options) []Issue
}

// DicoLabelMaxLen is the CDC dictionary's limit for the birth commune and
// country labels (the XSD allows 60).
const DicoLabelMaxLen = 40

var rules = []Rule{
	{"dateFinValidite >= dateDebutValidite", func(vs Values, _ Options) []Issue {
		return dateOrder(vs, KeyDateDebutValid, KeyDateFinValid,
			"corrigez l'une des deux dates, ou cochez « donnée non connue » si la certification n'expire pas.")
	}},
	{"dateFinExamen >= dateDebutExamen", func(vs Values, _ Options) []Issue {
		return dateOrder(vs, KeyDateDebutExamen, KeyDateFinExamen, "corrigez l'une des deux dates.")
	}},
	{"niveauLangueEuropeen only when presenceNiveauLangueEuro", func(vs Values, _ Options) []Issue {
		return gated(vs, KeyPresenceLangue, "true", []string{KeyNiveauLangue}, true)
	}},
	{"niveauNumeriqueEuropeen only when presenceNiveauNumeriqueEuro", func(vs Values, _ Options) []Issue {
		out := gated(vs, KeyPresenceNumeriq, "true", []string{KeyScoreGeneral}, true)
		return append(out, gated(vs, KeyPresenceNumeriq, "true", []string{KeyResultats}, false)...)
	}},
	{"digcomp competence exists in its domain", func(vs Values, _ Options) []Issue {
		return digcompCompetences(vs)
	}},
	{"voieAccessVAE only with VAE", func(vs Values, _ Options) []Issue {
		return gated(vs, KeyModaliteAcces, "VAE", []string{KeyVoieAccesVAE}, false)
	}},
	{"identification branch exists in the targeted version", func(vs Values, opt Options) []Issue {
		if vs.Identification() == BranchNIR && versionOrDefault(opt) == Version112 {
			return []Issue{issue(FieldByKey(KeyIdentification),
				"l'identification par NIR n'existe qu'à partir du format 1.1.5 : choisissez l'état civil, ou chargez le XSD 1.1.5 du kit CDC.")}
		}
		return nil
	}},
	{"birthplace: INSEE code xor postal code", func(vs Values, _ Options) []Issue {
		if vs.Identification() != BranchTitulaire {
			return nil
		}
		insee, postal := vs.Get(KeyCodeInsee), vs.Get(KeyCodePostal)
		switch {
		case !insee.Empty() && !postal.Empty():
			return []Issue{issue(FieldByKey(KeyCodePostal),
				"ne renseignez pas à la fois le code INSEE et le code postal : gardez le code INSEE et videz le code postal.")}
		case insee.Empty() && postal.Empty():
			return []Issue{issue(FieldByKey(KeyCodeInsee),
				"lieu de naissance manquant : saisissez le code INSEE de la commune de naissance (recommandé) ou, à défaut, le code postal ; cochez « donnée non connue » sur le code postal si vous n'avez ni l'un ni l'autre.")}
		}
		return nil
	}},
	{"99XXX INSEE code <=> codePaysNaissance", func(vs Values, _ Options) []Issue {
		if vs.Identification() != BranchTitulaire {
			return nil
		}
		insee, pays := vs.Text(KeyCodeInsee), vs.Text(KeyCodePays)
		want := CountryCodeOf(insee)
		fp := FieldByKey(KeyCodePays)
		switch {
		case want != "" && pays == "":
			return []Issue{issue(fp, "naissance à l'étranger (code "+insee+") : reportez ici les 3 derniers chiffres du code pays, soit "+want+".")}
		case want != "" && pays != want:
			return []Issue{issue(fp, "« "+pays+" » ne correspond pas au code INSEE "+insee+" : saisissez "+want+", ou corrigez le code INSEE.")}
		case want == "" && pays != "":
			return []Issue{issue(fp, "à renseigner seulement pour une naissance à l'étranger (code INSEE 99XXX) : videz ce champ pour une naissance en France.")}
		}
		return nil
	}},
	{"code carries its repertory prefix, matching the type", func(vs Values, _ Options) []Issue {
		typ, code := vs.Text(KeyCertType), vs.Text(KeyCertCode)
		format, typed := certCodeFormatOf(typ)
		switch {
		case code == "":
			return nil
		case strings.Trim(code, "0123456789") == "": // digits only: the prefix is missing
			want := "RNCP" + code + " ou RS" + code
			if typed {
				want = format.Type + code
			}
			return []Issue{issue(FieldByKey(KeyCertCode), fmt.Sprintf(
				"« %s » n'a pas le préfixe de son répertoire : écrivez %s, comme sur la fiche France compétences.", code, want))}
		case typed && !format.matches(code):
			return []Issue{issue(FieldByKey(KeyCertCode), fmt.Sprintf(
				"« %s » ne correspond pas au type %s : le code doit commencer par %s suivi de chiffres (par exemple %s), sans espace.",
				code, typ, typ, format.Example))}
		}
		return nil
	}},
	{"birth date is a real calendar date", func(vs Values, _ Options) []Issue {
		if vs.Identification() != BranchTitulaire {
			return nil
		}
		y, ey := strconv.Atoi(vs.Text(KeyAnnee))
		m, em := strconv.Atoi(vs.Text(KeyMois))
		d, ed := strconv.Atoi(vs.Text(KeyJour))
		if ey != nil || em != nil || ed != nil || m < 1 || m > 12 || d < 1 || d > 31 {
			return nil // missing or out-of-range parts are reported on their own field
		}
		if time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Day() != d {
			return []Issue{issue(FieldByKey(KeyJour), fmt.Sprintf(
				"le %02d/%02d/%d n'existe pas dans le calendrier : vérifiez le jour et le mois (ne sont-ils pas inversés ?).", d, m, y))}
		}
		return nil
	}},
	{"holder born before delivery", func(vs Values, _ Options) []Issue {
		if vs.Identification() != BranchTitulaire {
			return nil
		}
		y, err := strconv.Atoi(vs.Text(KeyAnnee))
		if now := time.Now().Year(); err == nil && y > now && y <= 2099 {
			return []Issue{issue(FieldByKey(KeyAnnee), fmt.Sprintf("%d est dans le futur : vérifiez l'année de naissance.", y))}
		}
		deliv, ok := ParseISODate(vs.Text(KeyDateDebutValid))
		if err != nil || !ok || y <= deliv.Year() {
			return nil
		}
		return []Issue{issue(FieldByKey(KeyAnnee), fmt.Sprintf(
			"%d est postérieure à la date de délivrance (%s) : vérifiez l'année de naissance.", y, FrenchDate(deliv)))}
	}},
	{"NIR's sex digit matches the holder's sex", checkNIRSex},
	{"commune and country labels fit the dictionary's 40 characters", func(vs Values, _ Options) []Issue {
		if vs.Identification() != BranchTitulaire {
			return nil
		}
		var out []Issue
		for _, k := range []string{KeyLibelleCommune, KeyLibellePays} {
			if n := utf8.RuneCountInString(vs.Text(k)); n > DicoLabelMaxLen {
				out = append(out, issue(FieldByKey(k), fmt.Sprintf(
					"%d caractères au plus selon le dictionnaire de la CDC (ici %d) : abrégez, par exemple « St » pour « Saint ».", DicoLabelMaxLen, n)))
			}
		}
		return out
	}},
}

// digcompCompetenceCount is the number of competences of each DIGCOMP domain.
var digcompCompetenceCount = map[int]int{1: 3, 2: 6, 3: 4, 4: 4, 5: 4}

func versionOrDefault(opt Options) string {
	if opt.Version == "" {
		return Version112
	}
	return opt.Version
}

// dateOrder reports an end date earlier than its start date.
func dateOrder(vs Values, startKey, endKey, todo string) []Issue {
	start, ok1 := ParseISODate(vs.Text(startKey))
	end, ok2 := ParseISODate(vs.Text(endKey))
	if !ok1 || !ok2 || !end.Before(start) {
		return nil
	}
	fs := FieldByKey(startKey)
	return []Issue{issue(FieldByKey(endKey), fmt.Sprintf("le %s est antérieur à la %s (%s) : %s",
		FrenchDate(end), strings.ToLower(fs.Label[:1])+fs.Label[1:], FrenchDate(start), todo))}
}

// gated checks fields that depend on a gate field having a given value:
// they are pointless otherwise (a warning), and required when needed is true.
func gated(vs Values, gateKey, gateValue string, keys []string, needed bool) []Issue {
	gate := FieldByKey(gateKey)
	open := vs.Text(gateKey) == gateValue
	var out []Issue
	for _, k := range keys {
		f := FieldByKey(k)
		v := vs.Get(k)
		switch {
		case !open && !v.Empty():
			// Allowed by the XSD and present in the CDC's own example:
			// a warning, not an error.
			is := issue(f, fmt.Sprintf("à renseigner seulement si « %s » vaut %s ; la CDC n'en tiendra pas compte : videz ce champ ou corrigez « %s ».",
				gate.Label, displayCode(gate, gateValue), gate.Label))
			is.Warning = true
			out = append(out, is)
		case open && needed && v.Empty():
			out = append(out, issue(f, fmt.Sprintf("obligatoire quand « %s » vaut %s : renseignez-le, ou corrigez « %s ».",
				gate.Label, displayCode(gate, gateValue), gate.Label)))
		}
	}
	return out
}

func displayCode(f *Field, code string) string {
	if l := f.EnumLabel(code); l != "" {
		return "« " + l + " »"
	}
	return code
}

// ParseResultats splits a DIGCOMP results value ("3.4:5; 1.1:7") into
// (domain, competence, level) triples. ok is false when the text does not
// have the expected shape.
func ParseResultats(text string) (items [][3]int, ok bool) {
	if !reResultats.MatchString(text) {
		return nil, false
	}
	for _, part := range strings.Split(text, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		dc, lvl, _ := strings.Cut(part, ":")
		d, c, _ := strings.Cut(strings.TrimSpace(dc), ".")
		var it [3]int
		it[0], _ = strconv.Atoi(d)
		it[1], _ = strconv.Atoi(c)
		it[2], _ = strconv.Atoi(strings.TrimSpace(lvl))
		items = append(items, it)
	}
	return items, true
}

func digcompCompetences(vs Values) []Issue {
	items, ok := ParseResultats(vs.Text(KeyResultats))
	if !ok {
		return nil
	}
	for _, it := range items {
		if max := digcompCompetenceCount[it[0]]; it[1] > max {
			return []Issue{issue(FieldByKey(KeyResultats), fmt.Sprintf(
				"la compétence %d.%d n'existe pas : le domaine %d compte les compétences 1 à %d.", it[0], it[1], it[0], max))}
		}
	}
	return nil
}

// NewIssue builds an issue on a field, its message prefixed with the
// field's label, for rules defined in other packages.
func NewIssue(key, msg string, warning bool) Issue {
	is := issue(FieldByKey(key), msg)
	is.Warning = warning
	return is
}
