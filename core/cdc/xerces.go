package cdc

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/certidepot/certidepot/core"
)

// The CDC validates deposits with Xerces and returns its French messages
// in the accusé (variant A). translateCDC turns them into plain French
// with what to do, and names the element concerned.
var (
	xcFoundAt   = regexp.MustCompile(`partir de l'[ée]l[ée]ment '(?:[A-Za-z0-9]+:)?([A-Za-z0-9_]+)'`)
	xcElement   = regexp.MustCompile(`l'[ée]l[ée]ment '(?:[A-Za-z0-9]+:)?([A-Za-z0-9_]+)'`)
	xcEndTag    = regexp.MustCompile(`type d'[ée]l[ée]ment "(?:[A-Za-z0-9]+:)?([A-Za-z0-9_]+)"`)
	xcAnonType  = regexp.MustCompile(`#AnonType_([A-Za-z0-9_]+)`)
	xcValue     = regexp.MustCompile(`La valeur '([^']*)'`)
	xcExpected  = regexp.MustCompile(`'\{(.*)\}'`)
	xcEnumSet   = regexp.MustCompile(`l'[ée]num[ée]ration '\[(.*)\]'`)
	xcLen       = regexp.MustCompile(`longueur '(\d+)'.* longueur '(\d+)'`)
	xcMaxLen    = regexp.MustCompile(`longueur = '(\d+)'.*longueur maximale '(\d+)'`)
	xcMaxInc    = regexp.MustCompile(`maxInclusive '([^']*)'`)
	xcMinInc    = regexp.MustCompile(`minInclusive '([^']*)'`)
	xcXMLVer    = regexp.MustCompile(`La version XML "([^"]*)"`)
	xcQNameList = regexp.MustCompile(`"[^"]*":([A-Za-z0-9_]+)`)
)

// translateCDC explains a raw Xerces message of the accusé. known is false
// when the message is not recognised (it is then returned as it is).
func translateCDC(raw string) (field, message string, known bool) {
	msg := strings.TrimSpace(raw)
	code, rest, _ := strings.Cut(msg, " : ")
	if !strings.HasPrefix(code, "cvc-") {
		code, rest = "", msg
	}
	field = elementOf(msg)
	label := "La balise « " + field + " »"
	if field != "" {
		label = labelOf(field)
	}
	value := ""
	if m := xcValue.FindStringSubmatch(rest); m != nil {
		value = m[1]
		if secretElement(field) {
			value = core.MaskNIR(value)
		}
	}
	switch {
	case code == "cvc-complex-type.2.4.a":
		exp := ""
		if m := xcExpected.FindStringSubmatch(rest); m != nil {
			exp = " (attendu à cet endroit : " + strings.Join(qnames(m[1]), ", ") + ")"
		}
		return field, fmt.Sprintf("balise « %s » inattendue à cet endroit%s : retirez-la, corrigez son nom, ou vérifiez qu'elle n'est pas en double.", field, exp), true
	case code == "cvc-complex-type.2.4.b":
		exp := ""
		if m := xcExpected.FindStringSubmatch(rest); m != nil {
			exp = " : " + strings.Join(qnames(m[1]), ", ")
		}
		return field, fmt.Sprintf("il manque une balise obligatoire dans « %s »%s ; ajoutez-la (avec xsi:nil=\"true\" si la donnée n'est pas connue et que le champ le permet).", field, exp), true
	case code == "cvc-complex-type.2.4.d":
		return field, fmt.Sprintf("balise « %s » en trop : une seule branche est permise (code INSEE ou code postal ; état civil ou dossier de formation) ; retirez l'une des deux.", field), true
	case code == "cvc-enumeration-valid":
		set := ""
		if m := xcEnumSet.FindStringSubmatch(rest); m != nil {
			set = " ; valeurs permises : " + m[1]
		}
		return field, fmt.Sprintf("« %s » n'est pas une valeur permise%s.", value, set), true
	case code == "cvc-length-valid":
		if m := xcLen.FindStringSubmatch(rest); m != nil {
			return field, fmt.Sprintf("%s : « %s » compte %s caractères au lieu de %s exactement.", label, value, m[1], m[2]), true
		}
	case code == "cvc-maxLength-valid":
		if m := xcMaxLen.FindStringSubmatch(rest); m != nil {
			return field, fmt.Sprintf("%s : %s caractères au plus (ici %s) ; raccourcissez la valeur.", label, m[2], m[1]), true
		}
	case code == "cvc-minLength-valid":
		return field, label + " : la valeur est vide ; renseignez-la, ou marquez-la « donnée non connue » (xsi:nil) si le champ le permet.", true
	case code == "cvc-pattern-valid":
		return field, fmt.Sprintf("%s : « %s » n'a pas le format attendu (%s).", label, value, expectedFormat(field)), true
	case code == "cvc-maxInclusive-valid":
		if m := xcMaxInc.FindStringSubmatch(rest); m != nil {
			return field, fmt.Sprintf("%s : « %s » dépasse la valeur maximale permise (%s).", label, value, m[1]), true
		}
	case code == "cvc-minInclusive-valid":
		if m := xcMinInc.FindStringSubmatch(rest); m != nil {
			return field, fmt.Sprintf("%s : « %s » est en dessous de la valeur minimale permise (%s).", label, value, m[1]), true
		}
	case code == "cvc-type.3.1.3":
		return field, fmt.Sprintf("%s : la valeur « %s » n'est pas valide (voir l'erreur précédente sur la même ligne).", label, value), true
	case strings.HasPrefix(code, "cvc-datatype-valid"):
		return field, fmt.Sprintf("%s : valeur de type incorrect (%s) ; une date s'écrit AAAA-MM-JJ, un nombre en chiffres, un booléen true ou false.", label, rest), true
	case code == "cvc-elt.1.a" || code == "cvc-elt.1":
		return field, fmt.Sprintf("déclaration de l'élément « %s » introuvable : l'espace de noms ou la version du XSD n'est pas celle qu'attend la CDC ; la deuxième ligne doit être <cpf:flux xmlns:cpf=\"%s\" …>. Cette erreur bloque toute l'analyse.", field, Namespace), true
	case strings.HasPrefix(code, "cvc-elt.3"):
		return field, label + " : « donnée non connue » (xsi:nil) n'est pas permis pour ce champ ; renseignez une valeur.", true
	case strings.Contains(msg, "n'est pas prise en charge") && xcXMLVer.MatchString(msg):
		return "", fmt.Sprintf("version XML « %s » refusée : la première ligne doit être <?xml version=\"1.0\" encoding=\"UTF-8\"?>.", xcXMLVer.FindStringSubmatch(msg)[1]), true
	case strings.Contains(msg, "La version est obligatoire"):
		return "", "la déclaration XML de la première ligne n'a pas de version : écrivez <?xml version=\"1.0\" encoding=\"UTF-8\"?>.", true
	case strings.Contains(msg, "instruction de traitement"):
		return "", "la première ligne (déclaration XML) est mal écrite : elle doit être exactement <?xml version=\"1.0\" encoding=\"UTF-8\"?>, rien avant.", true
	case strings.Contains(msg, `"--"`) && strings.Contains(msg, "commentaires"):
		return "", "la suite « -- » est interdite à l'intérieur d'un commentaire <!-- … --> : retirez-la ou retirez le commentaire.", true
	case strings.Contains(msg, "doit se terminer par la balise de fin"):
		return field, fmt.Sprintf("la balise « %s » n'est pas fermée : ajoutez </cpf:%s> au bon endroit.", field, field), true
	case strings.Contains(msg, "doit être suivi des spécifications d'attribut"):
		return field, fmt.Sprintf("chevron « > » manquant après « %s » : une balise n'est pas refermée correctement.", field), true
	}
	if secretElement(field) && value != "" {
		msg = strings.ReplaceAll(msg, xcValue.FindStringSubmatch(rest)[1], value)
	}
	return field, "message de la CDC non reconnu par Certidépôt : « " + msg + " »", false
}

// elementOf finds the element a Xerces message is about.
func elementOf(msg string) string {
	for _, re := range []*regexp.Regexp{xcFoundAt, xcElement, xcEndTag} {
		if m := re.FindStringSubmatch(msg); m != nil {
			return m[1]
		}
	}
	if m := xcAnonType.FindStringSubmatch(msg); m != nil {
		// "#AnonType_idClientemetteur": the longest dictionary XML name
		// the anonymous type's name starts with.
		best := ""
		for _, f := range fieldsByPath {
			if strings.HasPrefix(m[1], f.XMLName) && len(f.XMLName) > len(best) {
				best = f.XMLName
			}
		}
		return best
	}
	return ""
}

func qnames(s string) []string {
	var out []string
	for _, m := range xcQNameList.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	if len(out) == 0 {
		return []string{strings.ReplaceAll(s, `"`, "")}
	}
	return out
}
