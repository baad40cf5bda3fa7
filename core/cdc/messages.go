package cdc

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/certidepot/certidepot/core"
)

// translate turns a libxml2 message into a French, actionable one, and
// names the element it concerns (local name, "" when unknown).
func translate(e xmlError) (field, message string) {
	if e.Domain == xmlDomainParser {
		return translateParser(strings.TrimSpace(e.Message))
	}
	return translateSchema(strings.TrimSpace(e.Message))
}

var (
	reElement    = regexp.MustCompile(`^Element '(?:\{[^}]*\})?([^']+)': (.*)$`)
	reEnum       = regexp.MustCompile(`^\[facet 'enumeration'\] The value '(.*)' is not an element of the set \{(.*)\}\.$`)
	reLength     = regexp.MustCompile(`^\[facet 'length'\] The value(?: '.*')? has a length of '(\d+)'; this differs from the allowed length of '(\d+)'\.$`)
	reMaxLength  = regexp.MustCompile(`^\[facet 'maxLength'\] The value(?: '.*')? has a length of '(\d+)'; this exceeds the allowed maximum length of '(\d+)'\.$`)
	reMinLength  = regexp.MustCompile(`^\[facet 'minLength'\] The value(?: '.*')? has a length of '(\d+)'; this underruns the allowed minimum length of '(\d+)'\.$`)
	rePattern    = regexp.MustCompile(`^\[facet 'pattern'\] The value '(.*)' is not accepted by the pattern '.*'\.$`)
	reMaxInc     = regexp.MustCompile(`^\[facet 'maxInclusive'\] The value '(.*)' is greater than the maximum value allowed \('(.*)'\)\.$`)
	reMinInc     = regexp.MustCompile(`^\[facet 'minInclusive'\] The value '(.*)' is less than the minimum value allowed \('(.*)'\)\.$`)
	reAtomic     = regexp.MustCompile(`^'(.*)' is not a valid value of the (?:local )?(?:atomic|union|list) type(?: '(.*)')?\.$`)
	reNotExp     = regexp.MustCompile(`^This element is not expected\.(?: Expected is(?: one of)? \( (.*) \)\.)?$`)
	reMissing    = regexp.MustCompile(`^Missing child element\(s\)\. Expected is(?: one of)? \( (.*) \)\.$`)
	reAttrNot    = regexp.MustCompile(`^The attribute '(.*)' is not allowed\.$`)
	reQName      = regexp.MustCompile(`(?:\{[^}]*\})?([A-Za-z0-9_]+)`)
	reTag        = regexp.MustCompile(`(?:in tag|mismatch:) ([^ ]+)`)
	reMismatch   = regexp.MustCompile(`^Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)$`)
	rePremature  = regexp.MustCompile(`^Premature end of data in tag (\S+) line (\d+)$`)
	reCharRef    = regexp.MustCompile(`(?:invalid xmlChar value|invalid Char value) (\d+)`)
	reVersion    = regexp.MustCompile(`^Unsupported version '(.*)'$`)
	reEntityUndf = regexp.MustCompile(`^Entity '(.*)' not defined$`)
)

func translateSchema(msg string) (string, string) {
	m := reElement.FindStringSubmatch(msg)
	if m == nil {
		return "", "erreur de schéma : " + msg
	}
	field, detail := localName(m[1]), m[2]
	label := labelOf(field)
	switch {
	case reEnum.MatchString(detail):
		v := reEnum.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : « %s » n'est pas une valeur permise ; choisissez parmi %s.", label, v[1], allowedValues(field, v[2]))
	case reLength.MatchString(detail):
		v := reLength.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : doit compter exactement %s caractères (ici %s).", label, v[2], v[1])
	case reMaxLength.MatchString(detail):
		v := reMaxLength.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : %s caractères au plus (ici %s) ; raccourcissez la valeur.", label, v[2], v[1])
	case reMinLength.MatchString(detail):
		return field, label + " : la valeur est vide ; renseignez-la, marquez-la « donnée non connue » (xsi:nil) si le champ le permet, ou retirez la balise si elle est facultative."
	case rePattern.MatchString(detail):
		v := rePattern.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : « %s » n'a pas le format attendu (%s).", label, v[1], expectedFormat(field))
	case reMaxInc.MatchString(detail):
		v := reMaxInc.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : %s dépasse la valeur maximale permise (%s).", label, v[1], v[2])
	case reMinInc.MatchString(detail):
		v := reMinInc.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : %s est en dessous de la valeur minimale permise (%s).", label, v[1], v[2])
	case reAtomic.MatchString(detail):
		v := reAtomic.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : « %s » n'est pas valide ; attendu %s.", label, v[1], expectedType(field, v[2]))
	case reNotExp.MatchString(detail):
		v := reNotExp.FindStringSubmatch(detail)
		if choiceElements[field] {
			return field, fmt.Sprintf("%s : une seule des branches possibles est permise (code INSEE ou code postal ; état civil, dossier de formation ou NIR) ; retirez l'autre.", label)
		}
		msg := fmt.Sprintf("balise « %s » inattendue à cet endroit : retirez-la, ou vérifiez qu'elle n'est pas en double ou mal placée", field)
		if v[1] != "" {
			msg += " (attendu ici : " + nameList(v[1]) + ")"
		}
		return field, msg + "."
	case reMissing.MatchString(detail):
		v := reMissing.FindStringSubmatch(detail)
		names := reQName.FindAllStringSubmatch(v[1], -1)
		if len(names) == 1 {
			missing := names[0][1]
			return missing, fmt.Sprintf("%s : balise obligatoire absente dans « %s » ; ajoutez-la (avec xsi:nil=\"true\" si la donnée n'est pas connue et que le champ le permet).", labelOf(missing), field)
		}
		return field, fmt.Sprintf("%s : il manque une balise obligatoire, l'une de : %s.", label, nameList(v[1]))
	case detail == "The element is not 'nillable'.":
		return field, label + " : « donnée non connue » (xsi:nil) n'est pas permis pour ce champ ; renseignez une valeur."
	case strings.HasPrefix(detail, "Character content other than whitespace is not allowed"):
		return field, fmt.Sprintf("du texte se trouve directement dans « %s », qui ne doit contenir que d'autres balises : retirez ce texte.", field)
	case strings.HasPrefix(detail, "No matching global declaration available for the validation root"):
		return field, fmt.Sprintf("l'élément racine « %s » n'est pas celui du schéma : la deuxième ligne doit être <cpf:flux xmlns:cpf=\"%s\" …> (espace de noms et version du XSD à vérifier).", m[1], Namespace)
	case reAttrNot.MatchString(detail):
		v := reAttrNot.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : l'attribut « %s » n'est pas permis ; retirez-le.", label, v[1])
	}
	return field, label + " : " + detail
}

func translateParser(msg string) (string, string) {
	field := ""
	if m := reTag.FindStringSubmatch(msg); m != nil {
		field = localName(m[1])
	}
	const redo = " Le fichier n'est pas un XML bien formé"
	switch {
	case msg == "Document is empty":
		return "", "le fichier est vide."
	case strings.HasPrefix(msg, "Start tag expected"):
		return "", "ce fichier n'est pas un fichier XML (aucune balise au début)."
	case rePremature.MatchString(msg):
		m := rePremature.FindStringSubmatch(msg)
		return localName(m[1]), fmt.Sprintf("fin de fichier inattendue : la balise « %s » ouverte ligne %s n'est jamais fermée ; le fichier est incomplet (copie interrompue ?), refaites l'export.", localName(m[1]), m[2])
	case reMismatch.MatchString(msg):
		m := reMismatch.FindStringSubmatch(msg)
		return localName(m[1]), fmt.Sprintf("la balise « %s » ouverte ligne %s est fermée par « %s » : corrigez la balise de fin.", m[1], m[2], m[3])
	case msg == "expected '>'" || strings.HasPrefix(msg, "Couldn't find end of Start Tag"):
		return field, "chevron « > » manquant : une balise n'est pas refermée correctement." + redo + "."
	case strings.HasPrefix(msg, "Double hyphen within comment") || strings.Contains(msg, "Comment not terminated"):
		return "", "la suite « -- » est interdite à l'intérieur d'un commentaire <!-- … --> : retirez-la ou retirez le commentaire."
	case reVersion.MatchString(msg):
		return "", fmt.Sprintf("version XML « %s » non prise en charge : la première ligne doit être <?xml version=\"1.0\" encoding=\"UTF-8\"?>.", reVersion.FindStringSubmatch(msg)[1])
	case strings.HasPrefix(msg, "Input is not proper UTF-8"):
		return "", "le fichier n'est pas encodé en UTF-8 (un caractère accentué est mal codé) : enregistrez-le en UTF-8."
	case strings.HasPrefix(msg, "Extra content at the end of the document"):
		return "", "du contenu suit la fin de la balise racine </cpf:flux> : retirez-le."
	case reCharRef.MatchString(msg):
		return field, fmt.Sprintf("caractère interdit en XML (code %s), souvent venu d'un copier-coller : retirez-le.", reCharRef.FindStringSubmatch(msg)[1])
	case reEntityUndf.MatchString(msg):
		return "", fmt.Sprintf("entité « &%s; » inconnue : écrivez le caractère lui-même, ou &amp; pour « & ».", reEntityUndf.FindStringSubmatch(msg)[1])
	case strings.Contains(msg, "EntityRef: expecting ';'") || strings.Contains(msg, "EntityRef: no name"):
		return field, "caractère « & » isolé : écrivez-le &amp;."
	case strings.HasPrefix(msg, "StartTag: invalid element name") || strings.Contains(msg, "Unescaped '<'"):
		return field, "caractère « < » isolé ou nom de balise invalide : écrivez &lt; pour « < » dans une valeur."
	}
	return field, "le fichier XML est mal formé : " + msg + "."
}

// choiceElements are the branches of the format's xsd:choice groups.
var choiceElements = map[string]bool{
	"codeInseeNaissance": true, "codePostalNaissance": true,
	"titulaire": true, "dossierFormation": true, "identifiantNational": true,
}

func localName(qname string) string {
	if i := strings.LastIndexAny(qname, "}:"); i >= 0 {
		return qname[i+1:]
	}
	return qname
}

// labelOf names an element for users: its French label, or what the
// labels of the fields sharing that XML name have in common
// ("N° de fiche client (BCR)" for both idClient elements).
func labelOf(xmlName string) string {
	common := ""
	for _, f := range core.Fields() {
		switch {
		case f.XMLName != xmlName:
		case common == "":
			common = f.Label
		default:
			common = commonWords(common, f.Label)
		}
	}
	if common == "" {
		return "Balise « " + xmlName + " »"
	}
	return common
}

// commonWords returns the words two labels start with.
func commonWords(a, b string) string {
	wa, wb := strings.Fields(a), strings.Fields(b)
	n := 0
	for n < len(wa) && n < len(wb) && wa[n] == wb[n] {
		n++
	}
	return strings.Join(wa[:n], " ")
}

func fieldByXMLName(xmlName string) *core.Field {
	for _, f := range core.Fields() {
		if f.XMLName == xmlName {
			return f
		}
	}
	return nil
}

func allowedValues(xmlName, set string) string {
	if f := fieldByXMLName(xmlName); f != nil && len(f.Enum) > 0 {
		parts := make([]string, len(f.Enum))
		for i, e := range f.Enum {
			parts[i] = e.Code
			if e.Label != e.Code {
				parts[i] += " (" + e.Label + ")"
			}
		}
		return strings.Join(parts, ", ")
	}
	return strings.ReplaceAll(set, "'", "")
}

func expectedFormat(xmlName string) string {
	if f := fieldByXMLName(xmlName); f != nil && f.PatternFmt != "" {
		if f.Kind == core.KindDate {
			return "une date AAAA-MM-JJ, années 1900 à 2099"
		}
		return f.PatternFmt
	}
	return "voir le dictionnaire des données de la CDC"
}

func expectedType(xmlName, xsdType string) string {
	kind := core.KindText
	if f := fieldByXMLName(xmlName); f != nil {
		kind = f.Kind
	}
	switch {
	case kind == core.KindDate || xsdType == "xs:date":
		return "une date réelle au format AAAA-MM-JJ"
	case kind == core.KindDateTime || xsdType == "xs:dateTime":
		return "une date et heure AAAA-MM-JJTHH:MM:SS+HH:MM"
	case kind == core.KindBool || xsdType == "xs:boolean":
		return "true ou false"
	case kind == core.KindInt || xsdType == "xs:int":
		return "un nombre entier"
	}
	return "une valeur conforme au schéma"
}

// nameList turns "{ns}a, {ns}b" into "a, b".
func nameList(s string) string {
	var names []string
	for _, m := range reQName.FindAllStringSubmatch(s, -1) {
		names = append(names, m[1])
	}
	return strings.Join(names, ", ")
}
