package cdc

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/certidepot/certidepot/core"
)

// translator turns libxml2's messages into French ones that name the
// field and say what to do. model is the schema's element declarations,
// used to tell which missing children are mandatory.
type translator struct {
	model *xsdModel
	enc   unitEncoding
}

// translate returns the French error for one libxml2 error; known is
// false when the message is not one Certidépôt knows (it is then quoted
// inside a French sentence).
func (t translator) translate(e xmlError) (ve ValidationError, known bool) {
	ve = ValidationError{Line: e.Line, Column: e.Column}
	msg := strings.TrimSpace(e.Message)
	switch e.Domain {
	case xmlDomainSchemaV:
		ve.Field, ve.Message, known = t.schemaMessage(msg, e)
		if e.ElemLine > 0 && strings.Contains(msg, "Missing child element") {
			// Said on the line where the incomplete element starts, the
			// one its passage is on.
			ve.Line, ve.Column = e.ElemLine, 0
		}
	default:
		ve.Field, ve.Message, known = t.parserMessage(msg, e)
	}
	return ve, known
}

// translate is the context-free form, for messages without a schema.
func translate(e xmlError) (field, message string) {
	ve, _ := translator{}.translate(e)
	return ve.Field, ve.Message
}

var (
	reElement    = regexp.MustCompile(`^Element '(?:\{[^}]*\})?([^']+)'(?:, attribute '(?:\{([^}]*)\})?([^']+)')?: (.*)$`)
	reEnum       = regexp.MustCompile(`^\[facet 'enumeration'\] The value '(.*)' is not an element of the set \{(.*)\}\.$`)
	reLength     = regexp.MustCompile(`^\[facet 'length'\] The value(?: '.*')? has a length of '(\d+)'; this differs from the allowed length of '(\d+)'\.$`)
	reMaxLength  = regexp.MustCompile(`^\[facet 'maxLength'\] The value(?: '.*')? has a length of '(\d+)'; this exceeds the allowed maximum length of '(\d+)'\.$`)
	reMinLength  = regexp.MustCompile(`^\[facet 'minLength'\] The value(?: '.*')? has a length of '(\d+)'; this underruns the allowed minimum length of '(\d+)'\.$`)
	rePattern    = regexp.MustCompile(`^\[facet 'pattern'\] The value '(.*)' is not accepted by the pattern '.*'\.$`)
	reMaxInc     = regexp.MustCompile(`^\[facet 'maxInclusive'\] The value '(.*)' is greater than the maximum value allowed \('(.*)'\)\.$`)
	reMinInc     = regexp.MustCompile(`^\[facet 'minInclusive'\] The value '(.*)' is less than the minimum value allowed \('(.*)'\)\.$`)
	reFacetOther = regexp.MustCompile(`^\[facet '([A-Za-z]+)'\] The value '(.*)' `)
	reAtomic     = regexp.MustCompile(`^'(.*)' is not a valid value of the (?:local )?(?:atomic|union|list) type(?: '(.*)')?\.$`)
	reNotExp     = regexp.MustCompile(`^This element is not expected\.(?: Expected is(?: one of)? \( (.*) \)\.)?$`)
	reMissing    = regexp.MustCompile(`^Missing child element\(s\)\. Expected is(?: one of)? \( (.*) \)\.$`)
	reAttrNot    = regexp.MustCompile(`^The attribute '(.*)' is not allowed\.$`)
	reAttrReq    = regexp.MustCompile(`^The attribute '(.*)' is required but missing\.$`)
	reQName      = regexp.MustCompile(`(?:\{[^}]*\})?([A-Za-z0-9_.-]+)`)
	reTag        = regexp.MustCompile(`(?:in tag|mismatch:|Start Tag|end of Start Tag|on|for) ([A-Za-z_][A-Za-z0-9_.:-]*)`)
	reMismatch   = regexp.MustCompile(`^Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)$`)
	rePremature  = regexp.MustCompile(`^Premature end of data in tag (\S+) line (\d+)$`)
	reCharRef    = regexp.MustCompile(`(?:invalid xmlChar value|invalid Char value|Char 0x([0-9A-Fa-f]+) out of allowed range) ?(\d*)`)
	reVersion    = regexp.MustCompile(`^Unsupported version '(.*)'$`)
	reEntityUndf = regexp.MustCompile(`^Entity '(.*)' not defined$`)
	reNSPrefix   = regexp.MustCompile(`^Namespace prefix (\S+) (?:for (\S+) )?on (\S+) is not defined$`)
	reAttrDup    = regexp.MustCompile(`^Attribute (\S+) redefined$`)
	reUnsupEnc   = regexp.MustCompile(`^Unsupported encoding (.*)$`)
	reLabelled   = regexp.MustCompile(`^Document labelled (\S+) but has (\S+) content$`)
	reAttrNoVal  = regexp.MustCompile(`^Specification mandates value for attribute (\S+)$`)
)

const nilHint = ` (avec l'attribut xsi:nil="true" si la donnée n'est pas connue)`

func (t translator) schemaMessage(msg string, e xmlError) (field, message string, known bool) {
	if strings.HasPrefix(msg, "Internal error:") {
		return "", "le XSD utilisé demande un calcul que la bibliothèque de validation abandonne (motif « pattern » trop complexe) : la vérification de ce fichier n'a pas pu aller au bout. Utilisez le XSD d'origine du kit CDC.", true
	}
	m := reElement.FindStringSubmatch(msg)
	if m == nil || secretElement(localName(m[1])) {
		msg = maskQuoted(msg)
	}
	if m == nil {
		return "", "le fichier ne respecte pas le schéma XSD (message non traduit de la bibliothèque de validation : « " + msg + " »).", false
	}
	field, attrNS, attr, detail := localName(m[1]), m[2], m[3], m[4]
	if secretElement(field) {
		detail = maskQuoted(detail)
	}
	label := labelOf(field)
	if attr != "" {
		return t.attributeMessage(field, label, attrNS, attr, detail)
	}
	switch {
	case reEnum.MatchString(detail):
		v := reEnum.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : « %s » n'est pas une valeur permise ; choisissez parmi %s.", label, shown(v[1]), allowedValues(field, v[2])), true
	case reLength.MatchString(detail):
		v := reLength.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : doit compter exactement %s caractères (ici %s) ; corrigez la valeur.", label, v[2], v[1]), true
	case reMaxLength.MatchString(detail):
		v := reMaxLength.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : %s caractères au plus (ici %s) ; raccourcissez la valeur.", label, v[2], v[1]), true
	case reMinLength.MatchString(detail):
		return field, label + " : la valeur est vide ; renseignez-la, marquez-la « donnée non connue » (xsi:nil) si le champ le permet, ou retirez la balise si elle est facultative.", true
	case rePattern.MatchString(detail):
		v := rePattern.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : « %s » n'a pas le format attendu (%s) ; corrigez la valeur.", label, shown(v[1]), expectedFormat(field)), true
	case reMaxInc.MatchString(detail):
		v := reMaxInc.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : %s dépasse la valeur maximale permise (%s) ; corrigez la valeur.", label, v[1], v[2]), true
	case reMinInc.MatchString(detail):
		v := reMinInc.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : %s est en dessous de la valeur minimale permise (%s) ; corrigez la valeur.", label, v[1], v[2]), true
	case reFacetOther.MatchString(detail):
		v := reFacetOther.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : « %s » ne respecte pas une contrainte du XSD (%s) ; corrigez la valeur.", label, v[2], v[1]), true
	case reAtomic.MatchString(detail):
		v := reAtomic.FindStringSubmatch(detail)
		xsdType := v[2]
		if t.model != nil && (xsdType == "" || !strings.HasPrefix(xsdType, "xs:")) {
			if b := t.model.baseType(field); b != "" {
				xsdType = "xs:" + b
			}
		}
		if v[1] == "" {
			return field, fmt.Sprintf("%s : la valeur est vide ; renseignez %s, ou retirez la balise si elle est facultative.", label, expectedType(field, xsdType)), true
		}
		return field, fmt.Sprintf("%s : « %s » n'est pas valide ; attendu %s.", label, shown(v[1]), expectedType(field, xsdType)), true
	case reNotExp.MatchString(detail):
		return field, t.unexpected(field, label), true
	case reMissing.MatchString(detail):
		v := reMissing.FindStringSubmatch(detail)
		return t.missingChild(field, label, nameListOf(v[1]), e)
	case detail == "The element is not 'nillable'.":
		return field, label + " : « donnée non connue » (xsi:nil) n'est pas permis pour ce champ ; retirez l'attribut xsi:nil et renseignez une valeur.", true
	case strings.HasPrefix(detail, "The element cannot be nilled") || strings.Contains(detail, "'nilled'") || strings.Contains(detail, "is nilled"):
		return field, label + " : la balise est marquée « donnée non connue » (xsi:nil=\"true\") mais contient une valeur ; retirez la valeur, ou retirez l'attribut xsi:nil.", true
	case strings.HasPrefix(detail, "Character content other than whitespace is not allowed"):
		return field, fmt.Sprintf("%s : du texte se trouve directement dans la balise « %s », qui ne doit contenir que d'autres balises ; retirez ce texte.", label, field), true
	case strings.HasPrefix(detail, "Element content is not allowed"):
		return field, fmt.Sprintf("%s : la balise « %s » contient d'autres balises alors qu'elle attend une simple valeur ; retirez les balises qu'elle contient.", label, field), true
	case strings.HasPrefix(detail, "No matching global declaration available for the validation root"):
		return field, fmt.Sprintf("l'élément racine « %s » n'est pas celui du schéma : la deuxième ligne doit être <cpf:flux xmlns:cpf=\"%s\" …> (espace de noms et version du XSD à vérifier).", m[1], Namespace), true
	}
	return field, fmt.Sprintf("%s : le contenu ne respecte pas le schéma XSD (message non traduit de la bibliothèque de validation : « %s ») ; vérifiez cette balise.", label, detail), false
}

func (t translator) attributeMessage(field, label, ns, attr, detail string) (string, string, bool) {
	switch {
	case ns == xsiNS && attr == "nil" && reAtomic.MatchString(detail):
		v := reAtomic.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : xsi:nil=\"%s\" n'est pas valide ; écrivez xsi:nil=\"true\" pour « donnée non connue », ou retirez l'attribut.", label, v[1]), true
	case reAttrNot.MatchString(detail):
		name := attr
		if ns != "" {
			name = "{" + ns + "}" + attr
		}
		hint := "retirez-le"
		if ns == xsiNS {
			hint = "retirez-le (seul xsi:nil=\"true\" est permis, sur les champs qui l'acceptent)"
		}
		return field, fmt.Sprintf("%s : l'attribut « %s » n'est pas permis sur la balise « %s » ; %s.", label, name, field, hint), true
	case reAttrReq.MatchString(detail):
		return field, fmt.Sprintf("%s : l'attribut obligatoire « %s » manque ; ajoutez-le.", label, attr), true
	case reAtomic.MatchString(detail):
		v := reAtomic.FindStringSubmatch(detail)
		return field, fmt.Sprintf("%s : la valeur « %s » de l'attribut « %s » n'est pas valide ; corrigez-la ou retirez l'attribut.", label, v[1], attr), true
	}
	return field, fmt.Sprintf("%s : l'attribut « %s » ne respecte pas le schéma XSD (message non traduit de la bibliothèque de validation : « %s ») ; retirez-le.", label, attr, detail), false
}

// unexpected explains an element met where the content model has no place
// for it: unknown, duplicated, a second branch of a choice, or an element
// of a later format.
func (t translator) unexpected(field, label string) string {
	if t.model != nil && !t.model.declares(field) {
		if later := laterFormat(field); later != "" {
			return fmt.Sprintf("la balise « %s » (%s) n'existe qu'à partir du format %s de la CDC, pas dans le XSD utilisé ici : retirez-la, ou validez avec le XSD %s.", field, labelOf(field), later, later)
		}
		return fmt.Sprintf("la balise « %s » n'existe pas dans le format de la CDC : retirez-la, ou corrigez son nom (majuscules et minuscules comptent).", field)
	}
	if choiceElements[field] {
		return fmt.Sprintf("%s : une seule branche est permise à cet endroit (code INSEE ou code postal ; état civil, dossier de formation ou NIR) ; retirez « %s » ou l'autre branche.", label, field)
	}
	return fmt.Sprintf("%s : la balise « %s » est en double ou n'a pas sa place à cet endroit ; retirez-la, ou déplacez-la dans la balise qui doit la contenir.", label, field)
}

// laterFormat names the first built-in format declaring an element.
func laterFormat(name string) string {
	for _, v := range []string{core.Version115} {
		if m := builtinModel(v); m != nil && m.declares(name) {
			return v
		}
	}
	return ""
}

// missingChild explains "Missing child element(s)": from the schema and
// the children present, it names the mandatory elements actually missing
// (libxml2's list also has the optional ones).
func (t translator) missingChild(parent, label string, expected []string, e xmlError) (string, string, bool) {
	var items [][]string
	if t.model != nil && e.Elem == parent {
		items = t.model.missing(parent, e.Children)
	}
	if len(items) == 0 {
		// No model, or the model finds nothing missing (an order problem
		// in a sequence): name libxml2's first expected element only.
		if len(expected) == 0 {
			return parent, label + " : il manque une balise obligatoire ; complétez-la d'après le dictionnaire des données de la CDC.", true
		}
		items = [][]string{{expected[0]}}
	}
	var parts, adds []string
	field := parent
	for _, it := range items {
		if len(it) == 1 {
			parts = append(parts, fmt.Sprintf("« %s » (%s)", it[0], labelOf(it[0])))
			adds = append(adds, it[0]+t.nilHintFor(it[0]))
			continue
		}
		it = branchOrder(it)
		alt := make([]string, len(it))
		for i, n := range it {
			alt[i] = fmt.Sprintf("« %s » (%s)", n, labelOf(n))
		}
		parts = append(parts, "l'une des balises "+joinFrench(alt, "ou"))
		adds = append(adds, joinFrench(it, "ou"))
	}
	if len(items) == 1 && len(items[0]) == 1 {
		field = items[0][0]
		return field, fmt.Sprintf("%s : il manque la balise obligatoire %s ; ajoutez %s.", label, parts[0], adds[0]), true
	}
	if len(items) == 1 {
		return field, fmt.Sprintf("%s : il manque %s ; ajoutez %s.", label, parts[0], adds[0]), true
	}
	return field, fmt.Sprintf("%s : il manque les balises obligatoires %s ; ajoutez %s.", label, joinFrench(parts, "et"), joinFrench(adds, "et")), true
}

// branchOrder puts identification branches in the dictionary's order
// (état civil first, the recommended one); other names keep the schema's.
func branchOrder(names []string) []string {
	rank := map[string]int{}
	for i, e := range core.FieldByKey(core.KeyIdentification).Enum {
		rank[e.Code] = i + 1
	}
	out := append([]string(nil), names...)
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := rank[out[i]], rank[out[j]]
		return ri > 0 && rj > 0 && ri < rj
	})
	return out
}

func (t translator) nilHintFor(name string) string {
	if t.model != nil {
		if d, ok := t.model.byName[name]; ok && d.Attr["nillable"] == "true" {
			return nilHint
		}
	}
	return ""
}

// shown quotes a value in a message, shortened past 60 characters.
func shown(v string) string {
	if r := []rune(v); len(r) > 60 {
		return string(r[:57]) + "…"
	}
	return v
}

// joinFrench joins "a", "b", "c" as "a, b et c".
func joinFrench(items []string, last string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + last + " " + items[len(items)-1]
}

func (t translator) parserMessage(msg string, e xmlError) (string, string, bool) {
	field := ""
	if m := reTag.FindStringSubmatch(msg); m != nil {
		field = localName(m[1])
	}
	const malformed = " : le fichier n'est pas un XML bien formé"
	switch {
	case msg == "Document is empty":
		return "", "le fichier ne contient aucune balise (vide, ou seulement des espaces) : choisissez le bon fichier, ou refaites l'export.", true
	case strings.HasPrefix(msg, "Start tag expected"):
		return "", "ce fichier n'est pas un fichier XML (il ne commence pas par une balise) : choisissez le fichier de dépôt .xml.", true
	case rePremature.MatchString(msg):
		m := rePremature.FindStringSubmatch(msg)
		return localName(m[1]), fmt.Sprintf("fin de fichier inattendue : la balise « %s » ouverte ligne %s n'est jamais fermée ; le fichier est incomplet (copie interrompue ?), refaites l'export.", localName(m[1]), m[2]), true
	case reMismatch.MatchString(msg):
		m := reMismatch.FindStringSubmatch(msg)
		return localName(m[1]), fmt.Sprintf("la balise « %s » ouverte ligne %s est fermée par « %s » : corrigez la balise de fin.", m[1], m[2], m[3]), true
	case msg == "expected '>'" || strings.HasPrefix(msg, "Couldn't find end of Start Tag") || strings.HasPrefix(msg, "attributes construct error"):
		return field, "chevron « > » manquant ou attribut mal écrit : une balise n'est pas refermée correctement" + malformed + " ; corrigez la balise.", true
	case strings.HasPrefix(msg, "Double hyphen within comment") || strings.Contains(msg, "Comment not terminated"):
		return "", "la suite « -- » est interdite à l'intérieur d'un commentaire <!-- … --> : retirez-la ou retirez le commentaire.", true
	case reVersion.MatchString(msg):
		return "", fmt.Sprintf("version XML « %s » non prise en charge : la première ligne doit être <?xml version=\"1.0\" encoding=\"UTF-8\"?>.", reVersion.FindStringSubmatch(msg)[1]), true
	case strings.HasPrefix(msg, "XML declaration allowed only at the start"):
		return "", "la déclaration <?xml … ?> doit être tout au début du fichier (rien avant, pas même une ligne vide ou un espace) : déplacez-la en première ligne ou retirez celle qui est en trop.", true
	case strings.HasPrefix(msg, "Malformed declaration expecting version") || strings.HasPrefix(msg, "parsing XML declaration") ||
		strings.HasPrefix(msg, "Blank needed here") || strings.HasPrefix(msg, "String not closed") || strings.HasPrefix(msg, "String not started"):
		return "", "la première ligne (déclaration XML) est mal écrite : elle doit être exactement <?xml version=\"1.0\" encoding=\"UTF-8\"?>.", true
	case strings.HasPrefix(msg, "xmlParsePITarget: invalid name prefix 'xml'") || strings.HasPrefix(msg, "ParsePI") || strings.HasPrefix(msg, "xmlParsePI"):
		return "", "une instruction <?…?> est mal écrite : retirez-la (un fichier de dépôt n'a que la déclaration <?xml version=\"1.0\" encoding=\"UTF-8\"?> en première ligne).", true
	case strings.HasPrefix(msg, "Input is not proper UTF-8"):
		if t.enc == encUTF16LE || t.enc == encUTF16BE {
			return "", "le fichier est en UTF-16 mais sa première ligne annonce un autre encodage : enregistrez-le en UTF-8.", true
		}
		return "", "le fichier n'est pas encodé en UTF-8 (un caractère accentué est mal codé, souvent un fichier enregistré en « ANSI » ou Latin-1) : enregistrez-le en UTF-8, ou écrivez encoding=\"ISO-8859-1\" en première ligne s'il est en Latin-1.", true
	case reUnsupEnc.MatchString(msg):
		return "", fmt.Sprintf("l'encodage « %s » annoncé en première ligne n'est pas pris en charge : enregistrez le fichier en UTF-8 et écrivez encoding=\"UTF-8\".", strings.TrimSpace(reUnsupEnc.FindStringSubmatch(msg)[1])), true
	case reLabelled.MatchString(msg):
		m := reLabelled.FindStringSubmatch(msg)
		return "", fmt.Sprintf("la première ligne annonce l'encodage %s mais le fichier est en %s : corrigez encoding=… en première ligne (encoding=\"UTF-8\"), ou enregistrez le fichier en UTF-8.", m[1], m[2]), true
	case strings.Contains(msg, "encoder error") || strings.HasPrefix(msg, "Char out of allowed range") || strings.Contains(msg, "input conversion failed"):
		return "", "un caractère ne correspond pas à l'encodage annoncé en première ligne : enregistrez le fichier en UTF-8 avec encoding=\"UTF-8\".", true
	case strings.HasPrefix(msg, "Extra content at the end of the document"):
		return "", "du contenu suit la fin de la balise racine </cpf:flux> : retirez-le (un fichier de dépôt n'a qu'une balise racine).", true
	case reCharRef.MatchString(msg):
		m := reCharRef.FindStringSubmatch(msg)
		code := m[2]
		if m[1] != "" {
			code = "0x" + m[1]
		}
		return field, fmt.Sprintf("caractère interdit en XML (code %s), souvent venu d'un copier-coller : retirez-le.", code), true
	case reEntityUndf.MatchString(msg):
		return "", fmt.Sprintf("entité « &%s; » inconnue : écrivez le caractère lui-même, ou &amp; pour « & ».", reEntityUndf.FindStringSubmatch(msg)[1]), true
	case strings.Contains(msg, "EntityRef: expecting ';'") || strings.Contains(msg, "EntityRef: no name") || strings.HasPrefix(msg, "xmlParseEntityRef"):
		return field, "caractère « & » isolé : écrivez-le &amp;.", true
	case strings.HasPrefix(msg, "Failed to parse QName"):
		return field, "un nom de balise est incomplet (un préfixe « cpf: » sans nom derrière) : le fichier est tronqué ou la balise mal écrite ; corrigez-la ou refaites l'export.", true
	case strings.HasPrefix(msg, "StartTag: invalid element name") || strings.Contains(msg, "Unescaped '<'"):
		return field, "caractère « < » isolé ou nom de balise invalide : écrivez &lt; pour « < » dans une valeur.", true
	case strings.HasPrefix(msg, "AttValue:") || strings.HasPrefix(msg, "invalid character in attribute value") || strings.HasPrefix(msg, "attributes construct error"):
		return field, "la valeur d'un attribut est mal écrite : elle doit être entre guillemets, par exemple xsi:nil=\"true\" ; corrigez-la.", true
	case reAttrNoVal.MatchString(msg):
		return field, fmt.Sprintf("l'attribut « %s » n'a pas de valeur : écrivez-le avec sa valeur entre guillemets (xsi:nil=\"true\") ou retirez-le.", reAttrNoVal.FindStringSubmatch(msg)[1]), true
	case reAttrDup.MatchString(msg):
		return field, fmt.Sprintf("l'attribut « %s » est écrit deux fois sur la même balise : retirez l'un des deux.", reAttrDup.FindStringSubmatch(msg)[1]), true
	case reNSPrefix.MatchString(msg):
		m := reNSPrefix.FindStringSubmatch(msg)
		prefix, elem := m[1], localName(m[3])
		if m[2] != "" {
			return elem, fmt.Sprintf("%s : le préfixe « %s: » de l'attribut « %s:%s » n'est déclaré nulle part ; déclarez-le sur la balise racine (« xmlns:xsi=\"%s\" » pour xsi) ou corrigez-le.", labelOf(elem), prefix, prefix, m[2], xsiNS), true
		}
		return elem, fmt.Sprintf("%s : le préfixe « %s: » de la balise n'est déclaré nulle part ; écrivez cpf: (déclaré sur la balise racine par xmlns:cpf=\"%s\") ou déclarez ce préfixe.", labelOf(elem), prefix, Namespace), true
	case strings.HasPrefix(msg, "xmlns:") || strings.HasPrefix(msg, "xmlns"):
		return "", "une déclaration d'espace de noms (attribut xmlns) est mal écrite sur cette balise : retirez-la ; seule la balise racine cpf:flux déclare les espaces de noms du fichier (cpf et xsi), comme dans le fichier exporté.", true
	case strings.HasPrefix(msg, "standalone accepts only"):
		return "", "la première ligne (déclaration XML) a un attribut standalone à la valeur incorrecte : écrivez-la exactement <?xml version=\"1.0\" encoding=\"UTF-8\"?>.", true
	case strings.HasPrefix(msg, "Excessive depth in document"):
		return "", fmt.Sprintf("les balises sont imbriquées sur plus de %d niveaux, ce qu'aucun fichier de dépôt ne fait : le fichier est abîmé ou n'est pas un fichier de dépôt.", maxDepth), true
	case strings.Contains(msg, "Huge input lookup") || strings.Contains(msg, "too long") || strings.Contains(msg, "Excessive"):
		return field, "une valeur, un nom de balise ou un attribut est démesurément long, ce qu'aucun fichier de dépôt ne contient : le fichier est abîmé ou n'est pas un fichier de dépôt.", true
	case strings.HasPrefix(msg, "CData section not finished") || strings.HasPrefix(msg, "Sequence ']]>' not allowed"):
		return field, "une section <![CDATA[ … ]]> est mal fermée, ou « ]]> » figure dans une valeur : corrigez-la.", true
	case strings.HasPrefix(msg, "Specification mandates value") || strings.HasPrefix(msg, "Couldn't find end"):
		return field, "une balise est mal écrite" + malformed + " ; corrigez-la.", true
	}
	return field, "le fichier XML est mal formé (message non traduit de la bibliothèque de lecture : « " + msg + " ») ; vérifiez ce passage du fichier.", false
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

// labelOf names an element for users, from the dictionary.
func labelOf(xmlName string) string {
	if l := core.ElementLabel(xmlName); l != "" {
		return l
	}
	return "La balise « " + xmlName + " »"
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
	case kind == core.KindInt || xsdType == "xs:int" || xsdType == "xs:integer" || xsdType == "xs:positiveInteger":
		return "un nombre entier"
	}
	return "une valeur conforme au dictionnaire des données de la CDC"
}

// nameListOf turns "{ns}a, {ns}b" into ["a", "b"].
func nameListOf(s string) []string {
	var names []string
	for _, m := range reQName.FindAllStringSubmatch(s, -1) {
		names = append(names, m[1])
	}
	return names
}

// secretElement reports whether an element holds personal data no message
// may quote in clear (the NIR).
func secretElement(xmlName string) bool {
	f := fieldByXMLName(xmlName)
	return f != nil && f.Secret
}

var reQuotedValue = regexp.MustCompile(`(^|The value |: )'([^']*)'`)

// maskQuoted masks the values a library message quotes ("The value '…'",
// "'…' is not a valid value"): for a secret element, they are the data.
func maskQuoted(msg string) string {
	return reQuotedValue.ReplaceAllStringFunc(msg, func(q string) string {
		m := reQuotedValue.FindStringSubmatch(q)
		return m[1] + "'" + core.MaskNIR(m[2]) + "'"
	})
}
